/*
 * qparse.c - the query language (see qparse.h): a lexer, a recursive
 * descent parser that builds a small tree, and a compiler from that tree to
 * Xapian queries over the schema's terms.
 *
 * Grammar (NOT binds tightest among the boolean operators, then AND, then OR;
 * juxtaposition groups items before AND and OR apply):
 *
 *   or    := and ( "OR" and )*
 *   and   := seq ( ( "AND" | "NOT" ) seq )*
 *   seq   := item+                   items side by side: OR + must + not + filters
 *   item  := ( "+" | "-" | "NOT" )? prox
 *   prox  := primary ( ( "NEAR" | "NEAR/n" | "ADJ" | "ADJ/n" ) primary )*
 *   primary := WORD | WORD* | "PHRASE" | FIELD:value | FIELD:"phrase" | FIELD:( or ) | ( or )
 */
#include "qparse.h"
#include "date.h"
#include "langid.h"
#include "orgs.h"
#include "schema.h"
#include "stopwords.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const qp_fields[] = { "title", "place", "org", "date", "after", "before", "lang", "id", NULL };

#define FIELD_LIST "title, place, org, date, after, before, lang, id"

/* ------------------------------------------------------------------ */
/* Tree                                                                 */

enum kind {
	N_WORD,   /* text: a word (may be several tokens) */
	N_PREFIX, /* text: word* */
	N_PHRASE, /* text: "..." */
	N_SEQ,    /* items side by side, each with a modifier */
	N_AND,
	N_OR,
	N_ANDNOT, /* kids[0] minus the rest */
	N_NEAR,   /* window: n */
	N_ADJ
};

enum field_kind { F_NONE, F_TITLE, F_PLACE, F_ORG, F_DATE, F_AFTER, F_BEFORE, F_LANG, F_ID, F_META };

typedef struct node {
	enum kind kind;
	enum field_kind field;
	char *fname;        /* the metadata key of F_META */
	const char *text;   /* into the query */
	size_t len;
	size_t pos;         /* byte offset in the query, for messages */
	char mod;           /* '+', '-' or 0, in a N_SEQ */
	unsigned n;         /* NEAR/ADJ distance */
	struct node **kids;
	size_t nkids;
} node;

static void node_free(node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->fname);
	free(n);
}

static node *node_new(enum kind k, size_t pos)
{
	node *n = xcalloc(1, sizeof(*n));
	n->kind = k;
	n->pos = pos;
	return n;
}

static void node_add(node *n, node *kid)
{
	n->kids = xrealloc(n->kids, (n->nkids + 1) * sizeof(*n->kids));
	n->kids[n->nkids++] = kid;
}

/* ------------------------------------------------------------------ */
/* Lexer                                                                */

enum tok {
	T_END,
	T_WORD,
	T_PHRASE,
	T_FIELD, /* name:value or name: followed by a phrase or '(' */
	T_LPAREN,
	T_RPAREN,
	T_AND,
	T_OR,
	T_NOT,
	T_NEAR,
	T_ADJ,
	T_PLUS,
	T_MINUS
};

typedef struct parser {
	const char *q;
	size_t len;
	size_t p;          /* read position */
	/* current token */
	enum tok t;
	size_t tpos;       /* where it starts */
	const char *text;  /* word, phrase contents, or field value */
	size_t tlen;
	const char *fname; /* T_FIELD: the field name */
	size_t fnlen;
	unsigned n;        /* NEAR/ADJ distance */
	int depth;
	unsigned nitems;   /* words, phrases and fields read, against QP_MAX_WORDS */
	const qp_options *o;
	qp_error *err;
	int failed;
} parser;

static void fail(parser *ps, size_t pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(parser *ps, size_t pos, const char *fmt, ...)
{
	if (ps->failed)
		return;
	ps->failed = 1;
	ps->err->pos = pos;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ps->err->msg, sizeof(ps->err->msg), fmt, ap);
	va_end(ap);
}

/* Width of an opening or closing double quote at q[i]: ", “, ”, « or ». */
static size_t quote_at(const parser *ps, size_t i)
{
	const unsigned char *u = (const unsigned char *)ps->q;
	if (u[i] == '"')
		return 1;
	if (i + 2 < ps->len && u[i] == 0xE2 && u[i + 1] == 0x80 && (u[i + 2] == 0x9C || u[i + 2] == 0x9D))
		return 3;
	if (i + 1 < ps->len && u[i] == 0xC2 && (u[i + 1] == 0xAB || u[i + 1] == 0xBB))
		return 2;
	return 0;
}

static int space_at(const parser *ps, size_t i, size_t *w)
{
	unsigned char c = (unsigned char)ps->q[i];
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
		*w = 1;
		return 1;
	}
	if (c == 0xC2 && i + 1 < ps->len && (unsigned char)ps->q[i + 1] == 0xA0) {
		*w = 2;
		return 1;
	}
	return 0;
}

/* 1 if q[i] ends a word: space, parenthesis, quote or the end. */
static int word_end(const parser *ps, size_t i)
{
	size_t w;
	return i >= ps->len || space_at(ps, i, &w) || ps->q[i] == '(' || ps->q[i] == ')' ||
	       quote_at(ps, i);
}

static int is_ident(const char *s, size_t n)
{
	if (!n || n > 40)
		return 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-' || s[i] == '.'))
			return 0;
	return 1;
}

static int proximity_op(const char *s, size_t n, const char *op, unsigned *dist)
{
	size_t k = strlen(op);
	if (n < k || memcmp(s, op, k) != 0)
		return 0;
	if (n == k) {
		*dist = 10;
		return 1;
	}
	if (s[k] != '/' || n == k + 1 || n > k + 5)
		return 0;
	unsigned v = 0;
	for (size_t i = k + 1; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*dist = v;
	return 1;
}

static void next(parser *ps)
{
	size_t w;
	while (ps->p < ps->len && space_at(ps, ps->p, &w))
		ps->p += w;
	ps->tpos = ps->p;
	ps->text = NULL;
	ps->tlen = 0;
	if (ps->p >= ps->len) {
		ps->t = T_END;
		return;
	}
	char c = ps->q[ps->p];
	size_t qw;
	if (ps->o->literal) {
		/* Every run of characters between spaces, parentheses and quotes
		 * is a word; those separators mean nothing else. */
		while (ps->p < ps->len && (ps->q[ps->p] == '(' || ps->q[ps->p] == ')' ||
					   (qw = quote_at(ps, ps->p)) || space_at(ps, ps->p, &w)))
			ps->p += ps->q[ps->p] == '(' || ps->q[ps->p] == ')' ? 1
				 : quote_at(ps, ps->p)			     ? quote_at(ps, ps->p)
									     : w;
		ps->tpos = ps->p;
		if (ps->p >= ps->len) {
			ps->t = T_END;
			return;
		}
		size_t start = ps->p;
		while (!word_end(ps, ps->p))
			ps->p++;
		ps->t = T_WORD;
		ps->text = ps->q + start;
		ps->tlen = ps->p - start;
		return;
	}
	if (c == '(') {
		ps->t = T_LPAREN;
		ps->p++;
		return;
	}
	if (c == ')') {
		ps->t = T_RPAREN;
		ps->p++;
		return;
	}
	if ((qw = quote_at(ps, ps->p))) {
		size_t start = ps->p + qw, i = start;
		while (i < ps->len && !quote_at(ps, i))
			i++;
		if (i >= ps->len) {
			fail(ps, ps->p, "unbalanced quote: this \" has no closing \"");
			ps->t = T_END;
			return;
		}
		ps->t = T_PHRASE;
		ps->text = ps->q + start;
		ps->tlen = i - start;
		ps->p = i + quote_at(ps, i);
		return;
	}
	/* A sign right before a word, a phrase or '(' is an operator
	 * (-word, -"a phrase", -(a OR b)); alone it is punctuation. */
	if ((c == '+' || c == '-') && ps->p + 1 < ps->len && !space_at(ps, ps->p + 1, &w) &&
	    ps->q[ps->p + 1] != ')' && ps->q[ps->p + 1] != '+' && ps->q[ps->p + 1] != '-') {
		ps->t = c == '+' ? T_PLUS : T_MINUS;
		ps->p++;
		return;
	}
	size_t start = ps->p;
	while (!word_end(ps, ps->p))
		ps->p++;
	const char *s = ps->q + start;
	size_t n = ps->p - start;
	ps->text = s;
	ps->tlen = n;
	if (n == 3 && memcmp(s, "AND", 3) == 0) {
		ps->t = T_AND;
	} else if (n == 2 && memcmp(s, "OR", 2) == 0) {
		ps->t = T_OR;
	} else if (n == 3 && memcmp(s, "NOT", 3) == 0) {
		ps->t = T_NOT;
	} else if (proximity_op(s, n, "NEAR", &ps->n)) {
		ps->t = T_NEAR;
	} else if (proximity_op(s, n, "ADJ", &ps->n)) {
		ps->t = T_ADJ;
	} else {
		const char *colon = memchr(s, ':', n);
		if (colon && is_ident(s, (size_t)(colon - s))) {
			ps->t = T_FIELD;
			ps->fname = s;
			ps->fnlen = (size_t)(colon - s);
			ps->text = colon + 1;
			ps->tlen = n - ps->fnlen - 1;
		} else {
			ps->t = T_WORD;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Parser                                                               */

static node *parse_or(parser *ps);

static enum field_kind field_kind(parser *ps, const char *name, size_t n, char **metakey)
{
	static const struct {
		const char *name;
		enum field_kind kind;
	} fields[] = {
		{ "title", F_TITLE }, { "place", F_PLACE }, { "org", F_ORG }, { "date", F_DATE }, { "after", F_AFTER },
		{ "before", F_BEFORE }, { "lang", F_LANG }, { "id", F_ID },
	};
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (strlen(fields[i].name) == n && strncasecmp(fields[i].name, name, n) == 0)
			return fields[i].kind;
	/* Spelt as the index spells it ("Source-URL" -> "sourceurl"). */
	strbuf key = STRBUF_INIT;
	schema_meta_key(name, n, &key);
	*metakey = strbuf_detach(&key, NULL);
	return F_META;
}

/* Gives field f to every text node under n that has none yet. */
static void apply_field(node *n, enum field_kind f, const char *metakey)
{
	if (n->kind == N_WORD || n->kind == N_PREFIX || n->kind == N_PHRASE) {
		if (n->field == F_NONE) {
			n->field = f;
			if (metakey)
				n->fname = xstrdup(metakey);
		}
		return;
	}
	for (size_t i = 0; i < n->nkids; i++)
		apply_field(n->kids[i], f, metakey);
}

static node *text_node(parser *ps, enum kind k)
{
	if (++ps->nitems > QP_MAX_WORDS) {
		fail(ps, ps->tpos, "too many words: a query may hold at most %u words", QP_MAX_WORDS);
		return NULL;
	}
	node *n = node_new(k, ps->tpos);
	n->text = ps->text;
	n->len = ps->tlen;
	if (k == N_WORD && n->len > 1 && n->text[n->len - 1] == '*' && !ps->o->literal) {
		n->kind = N_PREFIX;
		n->len--;
		while (n->len && n->text[n->len - 1] == '*')
			n->len--;
	}
	return n;
}

static node *parse_primary(parser *ps)
{
	node *n = NULL;
	size_t pos = ps->tpos;
	switch (ps->t) {
	case T_WORD:
		if (ps->tlen == 1 && ps->text[0] == '*') {
			fail(ps, pos, "a lone '*' is no prefix: write the start of a word before it");
			return NULL;
		}
		n = text_node(ps, N_WORD);
		next(ps);
		return n;
	case T_PHRASE:
		n = text_node(ps, N_PHRASE);
		next(ps);
		return n;
	case T_LPAREN:
		if (++ps->depth > QP_MAX_DEPTH) {
			fail(ps, pos, "too deeply nested: more than %d levels of parentheses",
			     QP_MAX_DEPTH);
			return NULL;
		}
		next(ps);
		if (ps->t == T_RPAREN) {
			fail(ps, pos, "empty parentheses: expected a word, a \"phrase\" or a field inside");
			return NULL;
		}
		n = parse_or(ps);
		if (!n)
			return NULL;
		if (ps->t != T_RPAREN) {
			node_free(n);
			fail(ps, pos, "unbalanced parenthesis: this '(' has no closing ')'");
			return NULL;
		}
		ps->depth--;
		next(ps);
		return n;
	case T_FIELD: {
		char *metakey = NULL;
		enum field_kind f = field_kind(ps, ps->fname, ps->fnlen, &metakey);
		if (f == F_META && !ps->o->meta_field_exists) {
			fail(ps, pos, "unknown field '%.*s:' (fields: " FIELD_LIST ")",
			     (int)ps->fnlen, ps->fname);
			free(metakey);
			return NULL;
		}
		if (f == F_META && !ps->o->meta_field_exists(ps->o->meta_ctx, metakey)) {
			fail(ps, pos, "unknown field '%.*s:' (fields: " FIELD_LIST ", or a metadata field of the index)",
			     (int)ps->fnlen, ps->fname);
			free(metakey);
			return NULL;
		}
		if (ps->tlen) {
			n = text_node(ps, N_WORD);
			if (!n) {
				free(metakey);
				return NULL;
			}
			next(ps);
		} else {
			size_t after = ps->p;
			next(ps);
			if (ps->tpos != after || (ps->t != T_PHRASE && ps->t != T_LPAREN)) {
				fail(ps, pos, "empty field '%.*s:': expected a word, a \"phrase\" or (...) right after the colon",
				     (int)ps->fnlen, ps->fname);
				free(metakey);
				return NULL;
			}
			n = parse_primary(ps);
			if (!n) {
				free(metakey);
				return NULL;
			}
		}
		apply_field(n, f, metakey);
		free(metakey);
		return n;
	}
	case T_RPAREN:
		fail(ps, pos, "unbalanced parenthesis: this ')' has no opening '('");
		return NULL;
	case T_AND:
	case T_OR:
	case T_NEAR:
	case T_ADJ:
		fail(ps, pos, "'%.*s' needs something on its left: expected a word, a \"phrase\" or '(' before it",
		     (int)ps->tlen, ps->text);
		return NULL;
	case T_NOT:
	case T_PLUS:
	case T_MINUS:
		fail(ps, pos, "expected a word, a \"phrase\" or '(' here");
		return NULL;
	case T_END:
		fail(ps, pos, "unexpected end of query: expected a word, a \"phrase\" or '('");
		return NULL;
	}
	return NULL;
}

static int is_text(const node *n)
{
	return n->kind == N_WORD || n->kind == N_PHRASE;
}

static node *parse_prox(parser *ps)
{
	node *left = parse_primary(ps);
	while (left && (ps->t == T_NEAR || ps->t == T_ADJ)) {
		enum kind k = ps->t == T_NEAR ? N_NEAR : N_ADJ;
		unsigned dist = ps->n;
		size_t pos = ps->tpos;
		int oplen = (int)ps->tlen;
		const char *optext = ps->text;
		next(ps);
		if (ps->t == T_END) {
			fail(ps, pos, "'%.*s' needs something on its right: expected a word after it", oplen, optext);
			node_free(left);
			return NULL;
		}
		node *right = parse_primary(ps);
		if (!right) {
			node_free(left);
			return NULL;
		}
		if (!is_text(right) || (left->kind != k && !is_text(left)) ||
		    right->field != F_NONE || (is_text(left) && left->field != F_NONE)) {
			fail(ps, pos, "'%.*s' joins words or \"phrases\" without fields", oplen, optext);
			node_free(left);
			node_free(right);
			return NULL;
		}
		if (left->kind == k && left->n == dist) {
			node_add(left, right);
		} else {
			node *p = node_new(k, pos);
			p->n = dist;
			node_add(p, left);
			node_add(p, right);
			left = p;
		}
	}
	return left;
}

static int starts_item(enum tok t)
{
	return t == T_WORD || t == T_PHRASE || t == T_FIELD || t == T_LPAREN || t == T_PLUS ||
	       t == T_MINUS;
}

struct split {
	parser *ps;
	node *seq;
	const node *word;
	int n;
};

static int split_cb(void *ctx, const an_token *t)
{
	struct split *sp = ctx;
	if (t->flags & AN_JOINED)
		return 0;
	node *w = node_new(N_WORD, sp->word->pos + t->start);
	w->text = sp->word->text + t->start;
	w->len = t->end - t->start;
	node_add(sp->seq, w);
	sp->n++;
	return 0;
}

/*
 * Literal queries are bags of words: a word written with hyphens, slashes
 * or dots ("T-cell", "and/or") is as many words as the analyser finds in it,
 * each ranked, stopped and paired for proximity on its own.  Scripts
 * without spaces (CJK) keep their bigrams together, as one word.
 */
static void add_literal_words(parser *ps, node *seq, node *it)
{
	struct split sp = { ps, seq, it, 0 };
	unsigned pos = 1;
	int cjk = 0;
	for (size_t i = 0; i < it->len; i++)
		if ((unsigned char)it->text[i] >= 0xE3 && (unsigned char)it->text[i] <= 0xE9)
			cjk = 1; /* lead bytes of U+3000-U+9FFF */
	if (it->kind != N_WORD || cjk) {
		node_add(seq, it);
		return;
	}
	analyser_run(ps->o->analysers[0], it->text, it->len, &pos, split_cb, &sp);
	node_free(it);
}

static node *parse_seq(parser *ps)
{
	node *seq = node_new(N_SEQ, ps->tpos);
	int first = 1;
	while (starts_item(ps->t) || (first && ps->t == T_NOT)) {
		char mod = 0;
		if (ps->t == T_PLUS || ps->t == T_MINUS || ps->t == T_NOT) {
			mod = ps->t == T_PLUS ? '+' : '-';
			size_t pos = ps->tpos;
			int wasnot = ps->t == T_NOT;
			next(ps);
			if (wasnot && ps->t == T_END) {
				fail(ps, pos, "'NOT' needs something on its right: expected a word after it");
				node_free(seq);
				return NULL;
			}
		}
		node *it = parse_prox(ps);
		if (!it) {
			node_free(seq);
			return NULL;
		}
		it->mod = mod;
		if (ps->o->literal)
			add_literal_words(ps, seq, it);
		else
			node_add(seq, it);
		first = 0;
	}
	if (!seq->nkids) {
		size_t pos = ps->tpos;
		node_free(seq);
		if (ps->t == T_END)
			fail(ps, pos, "unexpected end of query: expected a word, a \"phrase\" or '(' here");
		else if (ps->t == T_RPAREN)
			fail(ps, pos, "unbalanced parenthesis: this ')' has no opening '('");
		else
			fail(ps, pos, "'%.*s' needs something on its left: expected a word, a \"phrase\" or '(' before it",
			     (int)ps->tlen, ps->text);
		return NULL;
	}
	if (seq->nkids == 1 && !seq->kids[0]->mod) {
		node *only = seq->kids[0];
		seq->nkids = 0;
		node_free(seq);
		return only;
	}
	return seq;
}

static node *parse_and(parser *ps)
{
	node *left = parse_seq(ps);
	while (left && (ps->t == T_AND || ps->t == T_NOT)) {
		enum kind k = ps->t == T_AND ? N_AND : N_ANDNOT;
		size_t pos = ps->tpos;
		const char *op = ps->t == T_AND ? "AND" : "NOT";
		next(ps);
		if (ps->t == T_END || ps->t == T_RPAREN || ps->t == T_OR || ps->t == T_AND) {
			fail(ps, pos, "'%s' needs something on its right: expected a word, a \"phrase\" or '(' after it", op);
			node_free(left);
			return NULL;
		}
		node *right = parse_seq(ps);
		if (!right) {
			node_free(left);
			return NULL;
		}
		if (left->kind == k && k == N_AND) {
			node_add(left, right);
		} else {
			node *p = node_new(k, pos);
			node_add(p, left);
			node_add(p, right);
			left = p;
		}
	}
	return left;
}

static node *parse_or(parser *ps)
{
	node *left = parse_and(ps);
	while (left && ps->t == T_OR) {
		size_t pos = ps->tpos;
		next(ps);
		if (ps->t == T_END || ps->t == T_RPAREN || ps->t == T_OR || ps->t == T_AND) {
			fail(ps, pos, "'OR' needs something on its right: expected a word, a \"phrase\" or '(' after it");
			node_free(left);
			return NULL;
		}
		node *right = parse_and(ps);
		if (!right) {
			node_free(left);
			return NULL;
		}
		if (left->kind == N_OR) {
			node_add(left, right);
		} else {
			node *p = node_new(N_OR, pos);
			node_add(p, left);
			node_add(p, right);
			left = p;
		}
	}
	return left;
}

/* ------------------------------------------------------------------ */
/* Compiler                                                             */

typedef struct compiler {
	parser *ps;
	const qp_options *o;
	qp_result *res;
	int ranked;
	strbuf term;
	strmap hlset;   /* kind + term of each highlight, to skip duplicates */
	strbuf hlkey;
	unsigned nwords; /* words compiled so far, against QP_MAX_WORDS */
	/* minor[k]: analyser k's language holds too few of the index's
	 * documents to have its stems searched (qparse.h, QP_MINOR_SHARE). */
	unsigned char *minor;
	/* A copy of the proximity pairs of every sequence (qp_result's pairs). */
	xap_query **prox;
	size_t nprox;
} compiler;

/*
 * Marks the minor languages (qparse.h): written in the script of the first
 * analyser's language (the index's default, never minor itself) and
 * holding fewer than 1 in QP_MINOR_SHARE of the index's documents, known
 * only from the language counts.
 */
static void find_minor(compiler *c)
{
	const qp_options *o = c->o;
	unsigned long total = 0;
	c->minor = xcalloc(o->nanalysers ? o->nanalysers : 1, 1);
	for (size_t i = 0; i < o->nlangs; i++)
		total += o->lang_docs[i];
	if (!o->nlangs || o->nanalysers < 2)
		return;
	int script = langid_script_of(analyser_code(o->analysers[0]));
	for (size_t k = 1; k < o->nanalysers && script >= 0; k++) {
		const char *code = analyser_code(o->analysers[k]);
		unsigned long docs = 0;
		if (!code || langid_script_of(code) != script)
			continue;
		for (size_t i = 0; i < o->nlangs; i++)
			if (strcmp(o->lang_codes[i], code) == 0)
				docs = o->lang_docs[i];
		c->minor[k] = docs * QP_MINOR_SHARE < total;
	}
}

static xap_query *compile(compiler *c, node *n, int positive);

static void qfree_all(xap_query **qs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		xap_query_free(qs[i]);
}

static xap_query *combine(compiler *c, xap_op op, xap_query **qs, size_t n, unsigned window)
{
	xap_query *out = NULL;
	if (n == 1 && op != XAP_OP_NEAR && op != XAP_OP_PHRASE) {
		out = qs[0];
		qs[0] = NULL;
		return out;
	}
	char *msg = NULL;
	if (xap_query_new_combine(op, qs, n, window, &out, &msg)) {
		fail(c->ps, 0, "cannot build the query: %s", msg ? msg : "");
		out = NULL;
	}
	free(msg);
	qfree_all(qs, n);
	return out;
}

static xap_query *term_query(compiler *c, const char *prefix, const char *s, size_t n,
			     unsigned pos)
{
	xap_query *q = NULL;
	strbuf_reset(&c->term);
	strbuf_adds(&c->term, prefix);
	strbuf_add(&c->term, s, n);
	if (c->term.len > XAP_MAX_TERM)
		c->term.len = utf8_truncate(c->term.buf, c->term.len, XAP_MAX_TERM);
	if (xap_query_new_term(c->term.buf, c->term.len, 1, pos, &q, NULL)) {
		fail(c->ps, 0, "cannot build the query: out of memory");
		return NULL;
	}
	return q;
}

static xap_query *scaled(compiler *c, xap_query *q, double w)
{
	xap_query *s = NULL;
	if (!q)
		return NULL;
	if (xap_query_new_scale(q, w, &s, NULL))
		fail(c->ps, 0, "cannot build the query: out of memory");
	xap_query_free(q);
	return s;
}

static void add_highlight(compiler *c, enum qp_hl_kind kind, const char *s, size_t n)
{
	qp_result *r = c->res;
	/* A set of kind + term keeps this linear in the number of words. */
	strbuf_reset(&c->hlkey);
	strbuf_addc(&c->hlkey, (char)('0' + kind));
	strbuf_add(&c->hlkey, s, n);
	int added;
	strmap_put(&c->hlset, c->hlkey.buf, c->hlkey.len, &added);
	if (!added)
		return;
	if ((r->nhl & (r->nhl - 1)) == 0) /* grow at powers of two */
		r->hl = xrealloc(r->hl, (r->nhl ? 2 * r->nhl : 1) * sizeof(*r->hl));
	r->hl[r->nhl].kind = kind;
	r->hl[r->nhl].term = xstrndup(s, n);
	r->nhl++;
}

/* The tokens of a piece of query text, as the indexer made them: the
 * words (split and folded alike in every language) and, for each language,
 * their stems (NULL for numbers). */
typedef struct toks {
	char **word;
	char **stems; /* stems[i * na + k]: token i in language k */
	unsigned *flags;
	size_t *start, *end; /* bytes of the query that made each token */
	size_t n, na;
} toks;

struct tok_ctx {
	toks *tk;
	analyser *a;
	size_t lang; /* which language's stems are being collected */
	size_t i;    /* next token */
	size_t base; /* offset of the analysed text in the query */
};

/* The most tokens one word or phrase of a query may make (more is refused). */
#define MAX_TOKS 256

static int tok_cb(void *ctx, const an_token *t)
{
	struct tok_ctx *tc = ctx;
	toks *tk = tc->tk;
	size_t sl;
	if (tc->i >= MAX_TOKS)
		return 1; /* one token too many: toks_get() reports it */
	if (tc->lang == 0) {
		tk->word = xrealloc(tk->word, (tk->n + 1) * sizeof(char *));
		tk->flags = xrealloc(tk->flags, (tk->n + 1) * sizeof(unsigned));
		tk->start = xrealloc(tk->start, (tk->n + 1) * sizeof(size_t));
		tk->end = xrealloc(tk->end, (tk->n + 1) * sizeof(size_t));
		tk->start[tk->n] = tc->base + t->start;
		tk->end[tk->n] = tc->base + t->end;
		tk->stems = xrealloc(tk->stems, (tk->n + 1) * tk->na * sizeof(char *));
		memset(tk->stems + tk->n * tk->na, 0, tk->na * sizeof(char *));
		tk->word[tk->n] = xstrndup(t->word, t->len);
		tk->flags[tk->n] = t->flags;
		tk->n++;
	}
	if (tc->i < tk->n && !(t->flags & AN_NUMBER)) {
		const char *st = analyser_stem(tc->a, t, &sl);
		tk->stems[tc->i * tk->na + tc->lang] = xstrndup(st, sl);
	}
	tc->i++;
	return 0;
}

/* Counts n more words against QP_MAX_WORDS; fails at pos beyond it. */
static int count_words(compiler *c, size_t n, size_t pos)
{
	c->nwords += (unsigned)(n > QP_MAX_WORDS ? QP_MAX_WORDS + 1 : n);
	if (c->nwords <= QP_MAX_WORDS)
		return 0;
	fail(c->ps, pos, "too many words: a query may hold at most %u words", QP_MAX_WORDS);
	return -1;
}

/* Analyses s (n bytes; the text of the node at query offset pos); on
 * return c->ps->failed is set if the query now holds too many words. */
static void toks_get(compiler *c, const char *s, size_t n, size_t pos, toks *tk)
{
	memset(tk, 0, sizeof(*tk));
	tk->na = c->o->nanalysers;
	for (size_t k = 0; k < tk->na; k++) {
		struct tok_ctx tc = { tk, c->o->analysers[k], k, 0, (size_t)(s - c->ps->q) };
		unsigned wpos = 1;
		if (analyser_run(tc.a, s, n, &wpos, tok_cb, &tc) && k == 0) {
			fail(c->ps, pos, "too many words in one phrase: at most %d", MAX_TOKS);
			return;
		}
	}
	count_words(c, tk->n, pos);
}

static void toks_free(toks *tk)
{
	for (size_t i = 0; i < tk->n; i++) {
		free(tk->word[i]);
		for (size_t k = 0; k < tk->na; k++)
			free(tk->stems[i * tk->na + k]);
	}
	free(tk->word);
	free(tk->stems);
	free(tk->flags);
	free(tk->start);
	free(tk->end);
}

struct term_list {
	char **terms;
	size_t n;
};

static int term_list_cb(void *ctx, const char *t, size_t n, unsigned wqf)
{
	struct term_list *l = ctx;
	/* The language filters of stems (stems_query()) weigh nothing and are
	 * no word of the query. */
	if (n > 1 && strncmp(t, PREFIX_LANG, strlen(PREFIX_LANG)) == 0)
		return 0;
	l->terms = xrealloc(l->terms, (l->n + 1) * sizeof(char *));
	l->terms[l->n++] = xstrndup(t, n);
	return 0;
}

/* Records a unit of weight for --explain: a copy of q, labelled. */
static void add_part(compiler *c, const xap_query *q, const char *label, size_t llen,
		     const char *field)
{
	qp_result *r = c->res;
	xap_query *copy = NULL;
	if (!q || xap_query_copy(q, &copy, NULL)) {
		fail(c->ps, 0, "cannot build the query: out of memory");
		return;
	}
	struct term_list l = { NULL, 0 };
	xap_query_terms(q, term_list_cb, &l);
	r->parts = xrealloc(r->parts, (r->nparts + 1) * sizeof(*r->parts));
	r->parts[r->nparts++] = (qp_part){ copy, xstrndup(label, llen), xstrdup(field), l.terms, l.n, 0 };
}

/* Marks the part just added as a sum of its terms' weights. */
static void part_additive(compiler *c)
{
	if (c->res->nparts)
		c->res->parts[c->res->nparts - 1].additive = 1;
}

/* Records q as a part labelled as node n is written. */
static void part_of_node(compiler *c, const xap_query *q, const node *n, const char *field)
{
	strbuf label = STRBUF_INIT;
	if (n->kind == N_PHRASE)
		strbuf_addc(&label, '"');
	strbuf_add(&label, n->text, n->len);
	if (n->kind == N_PHRASE)
		strbuf_addc(&label, '"');
	else if (n->kind == N_PREFIX)
		strbuf_addc(&label, '*');
	add_part(c, q, label.buf, label.len, field);
	strbuf_release(&label);
}

/* Records token i of tk, searched by the terms of q, for "did you mean". */
static void add_word(compiler *c, const toks *tk, size_t i, const xap_query *q)
{
	qp_result *r = c->res;
	struct term_list l = { NULL, 0 };
	xap_query_terms(q, term_list_cb, &l);
	if ((r->nwords & (r->nwords - 1)) == 0)
		r->words = xrealloc(r->words, (r->nwords ? 2 * r->nwords : 1) * sizeof(*r->words));
	xap_query *copy = NULL;
	if (xap_query_copy(q, &copy, NULL))
		fail(c->ps, 0, "cannot build the query: out of memory");
	r->words[r->nwords++] = (qp_word){ tk->start[i], tk->end[i] - tk->start[i],
					    xstrdup(tk->word[i]), l.terms, l.n, copy,
					    c->o->nanalysers > 1 };
}

/* A phrase of the tokens' exact words (joined forms left out), with prefix.
 * When positive, its words are recorded if words is set, and the phrase as
 * a part labelled with the node's text. */
static xap_query *phrase_query(compiler *c, const toks *tk, const char *prefix, int positive,
			       unsigned window, xap_op op, const node *n, int words)
{
	xap_query *parts[MAX_TOKS];
	size_t np = 0;
	for (size_t i = 0; i < tk->n && !c->ps->failed; i++) {
		if (tk->flags[i] & AN_JOINED)
			continue;
		parts[np] = term_query(c, prefix, tk->word[i], strlen(tk->word[i]), (unsigned)np + 1);
		if (!parts[np])
			break;
		if (words && positive)
			add_word(c, tk, i, parts[np]);
		np++;
		if (positive)
			add_highlight(c, QP_HL_RAW, tk->word[i], strlen(tk->word[i]));
	}
	if (c->ps->failed) {
		qfree_all(parts, np);
		return NULL;
	}
	if (np == 0)
		return NULL;
	xap_query *q = np == 1 ? parts[0] : combine(c, op, parts, np, window ? window : (unsigned)np);
	if (q && positive) {
		part_of_node(c, q, n, n->field == F_TITLE ? "title" : "");
		if (np > 1)
			part_additive(c);
	}
	return q;
}

/*
 * Restricts q (a stem) to the documents of the languages codes[0..n), those
 * that make the stem; known: codes names every one of them.  By an OR of
 * their terms; or, when the index says each document has exactly one
 * language (qp_options.lang_docs) and the other languages hold fewer
 * documents, by leaving those out (AND_NOT): the same documents, but the
 * matcher walks a few short lists instead of one as long as the index.
 * Takes q; NULL on a failure (recorded).
 */
static xap_query *lang_filter(compiler *c, xap_query *q, const char *const *codes, size_t n,
			      int known)
{
	const qp_options *o = c->o;
	xap_query *langs[64];
	size_t nl = 0;
	xap_op op = XAP_OP_FILTER;
	unsigned long total = 0;
	for (size_t i = 0; i < o->nlangs; i++)
		total += o->lang_docs[i];
	if (known && o->nlangs) {
		/*
		 * A stem that only rare languages make (fewer than 1 in
		 * QP_MINOR_SHARE of the documents each: a few texts in another
		 * script) is not restricted.  It is mostly the word as written,
		 * which their stemmers leave alone ("united" in an Arabic text),
		 * and found in few documents; a filter of their languages cost
		 * every stem of every query as many lists more.
		 */
		int rare = 1;
		for (size_t j = 0; j < n && rare; j++)
			for (size_t i = 0; i < o->nlangs; i++)
				if (strcmp(o->lang_codes[i], codes[j]) == 0 &&
				    o->lang_docs[i] * (unsigned long)QP_MINOR_SHARE >= total)
					rare = 0;
		if (rare && total)
			return q;
		unsigned long in = 0, out = 0;
		size_t nout = 0;
		for (size_t i = 0; i < o->nlangs; i++) {
			int is_in = 0;
			for (size_t j = 0; j < n && !is_in; j++)
				is_in = strcmp(o->lang_codes[i], codes[j]) == 0;
			if (is_in)
				in += o->lang_docs[i];
			else
				out += o->lang_docs[i], nout += o->lang_docs[i] > 0;
		}
		if (out < in && nout <= ARRAY_SIZE(langs))
			op = XAP_OP_AND_NOT;
	}
	if (op == XAP_OP_AND_NOT) {
		for (size_t i = 0; i < o->nlangs; i++) {
			/* Nothing to leave out of a language of no document.  Nor of
			 * one of fewer than 1 in QP_MINOR_SHARE (a few texts in
			 * another script): they seldom hold a stem of the others,
			 * and leaving them out cost every stem of every query a
			 * walk of their lists. */
			int is_in = o->lang_docs[i] * (unsigned long)QP_MINOR_SHARE < total;
			for (size_t j = 0; j < n && !is_in; j++)
				is_in = strcmp(o->lang_codes[i], codes[j]) == 0;
			if (!is_in && !(langs[nl++] = term_query(c, PREFIX_LANG, o->lang_codes[i],
								   strlen(o->lang_codes[i]), 0)))
				goto fail;
		}
		if (!nl)
			return q; /* every document's language makes the stem */
	} else {
		for (size_t j = 0; j < n && nl < ARRAY_SIZE(langs); j++)
			if (!(langs[nl++] = term_query(c, PREFIX_LANG, codes[j], strlen(codes[j]), 0)))
				goto fail;
	}
	xap_query *f[2] = { q, combine(c, XAP_OP_OR, langs, nl, 0) };
	if (!f[1]) {
		xap_query_free(q);
		return NULL;
	}
	return combine(c, op, f, 2, 0);
fail:
	qfree_all(langs, nl);
	xap_query_free(q);
	return NULL;
}

/* The terms for token i: its stem in each language (distinct ones, as one
 * synonym), or the exact word for numbers; prefix before each. */
static xap_query *stems_query(compiler *c, const toks *tk, size_t i, const char *prefix,
			      int positive)
{
	xap_query *qs[16];
	unsigned char plain[16]; /* qs[k] is the stem's term alone, not filtered */
	size_t nq = 0;
	const char *first = tk->stems[i * tk->na];
	const unsigned char *minor = c->minor;
	if (!first) {
		if (positive)
			add_highlight(c, QP_HL_RAW, tk->word[i], strlen(tk->word[i]));
		return term_query(c, *prefix == 'Z' ? prefix + 1 : prefix, tk->word[i],
				  strlen(tk->word[i]), 0);
	}
	for (size_t k = 0; k < tk->na && nq < ARRAY_SIZE(qs); k++) {
		const char *st = tk->stems[i * tk->na + k];
		int dup = !st;
		for (size_t j = 0; j < k && !dup; j++)
			dup = !minor[j] && tk->stems[i * tk->na + j] &&
			      strcmp(tk->stems[i * tk->na + j], st) == 0;
		if (dup)
			continue;
		/* A minor language's documents are searched by the default
		 * language's stems (below); its own stems only highlight. */
		if (positive)
			add_highlight(c, QP_HL_STEM, st, strlen(st));
		if (minor[k])
			continue;
		qs[nq] = term_query(c, prefix, st, strlen(st), 0);
		if (!qs[nq]) {
			qfree_all(qs, nq);
			return NULL;
		}
		/*
		 * In an index of several languages, a stem counts only in the
		 * documents of the languages that made it: the German stem of
		 * "domestik" is the English stem of "domestic", and must not
		 * find English documents.  A stem every language makes needs no
		 * filter.
		 */
		plain[nq] = 1;
		if (tk->na > 1) {
			const char *codes[64];
			size_t nl = 0;
			int known = 1;
			for (size_t j = k; j < tk->na && nl < ARRAY_SIZE(codes); j++) {
				const char *sj = tk->stems[i * tk->na + j];
				if (!(minor[j] ? k == 0 : sj && strcmp(sj, st) == 0))
					continue;
				const char *code = analyser_code(c->o->analysers[j]);
				if (!code) {
					known = 0;
					break;
				}
				codes[nl++] = code;
			}
			xap_query *term = qs[nq];
			if (nl && nl < tk->na && !(qs[nq] = lang_filter(c, qs[nq], codes, nl, known))) {
				qfree_all(qs, nq);
				return NULL;
			}
			plain[nq] = qs[nq] == term;
		}
		nq++;
	}
	/*
	 * Filtered stems are ORed, not a synonym: a document has one language,
	 * so it matches one of them and weighs as that stem does, with the
	 * stem's own statistics (a synonym of filtered terms has none that a
	 * divergence-from-randomness model can use: its scores became infinite).
	 * The stems left unfiltered (the default language's, and those of rare
	 * languages only: lang_filter()) are one synonym, weighed as one word:
	 * a paragraph the guesser took for German, where "meaning" stays
	 * "meaning", weighs as the English ones with "mean" do, not by the
	 * rarity of its stem.
	 */
	xap_query *syn[16], *rest[17];
	size_t nsyn = 0, nrest = 0;
	for (size_t k = 0; k < nq; k++) {
		if (plain[k])
			syn[nsyn++] = qs[k];
		else
			rest[nrest++] = qs[k];
	}
	if (nsyn > 1) {
		xap_query *one = combine(c, XAP_OP_SYNONYM, syn, nsyn, 0);
		if (!one) {
			qfree_all(rest, nrest);
			return NULL;
		}
		syn[0] = one;
		nsyn = 1;
	}
	if (nsyn)
		rest[nrest++] = syn[0];
	return combine(c, XAP_OP_OR, rest, nrest, 0);
}

/*
 * One analysed word: its stems (and title stems, scaled), or an exact term.
 * When positive, each of the two is recorded as a part labelled label, and
 * the word for "did you mean" if word is set.
 */
static xap_query *word_query(compiler *c, const toks *tk, size_t i, int title_only, int positive,
			     const char *label, size_t llen, int word)
{
	xap_query *q = stems_query(c, tk, i, title_only ? PREFIX_STEM PREFIX_TITLE : PREFIX_STEM,
				   positive);
	if (q && positive) {
		add_part(c, q, label, llen, title_only ? "title" : "");
		if (word)
			add_word(c, tk, i, q);
	}
	if (!q || title_only || c->o->title_weight <= 0)
		return q;
	xap_query *qs[2] = { q, scaled(c, stems_query(c, tk, i, PREFIX_STEM PREFIX_TITLE, 0),
				       c->o->title_weight) };
	if (!qs[1]) {
		xap_query_free(q);
		return NULL;
	}
	if (positive)
		add_part(c, qs[1], label, llen, "title");
	return combine(c, XAP_OP_OR, qs, 2, 0);
}

static xap_query *compile_text(compiler *c, node *n, int positive)
{
	toks tk;
	xap_query *q = NULL;
	int title = n->field == F_TITLE;

	if (n->kind == N_PREFIX) {
		if (count_words(c, 1, n->pos))
			return NULL;
		strbuf folded = STRBUF_INIT;
		analyser_fold_phrase(c->o->analysers[0], n->text, n->len, &folded);
		if (!folded.len || memchr(folded.buf, ' ', folded.len)) {
			fail(c->ps, n->pos, "a prefix* must be the start of one word, not '%.*s'",
			     (int)n->len, n->text);
			strbuf_release(&folded);
			return NULL;
		}
		strbuf_reset(&c->term);
		strbuf_adds(&c->term, title ? PREFIX_TITLE : "");
		strbuf_add(&c->term, folded.buf, folded.len);
		char *msg = NULL;
		if (xap_query_new_wildcard(c->term.buf, c->term.len, c->o->wildcard_limit, &q, &msg))
			fail(c->ps, n->pos, "cannot build the query: %s", msg ? msg : "");
		free(msg);
		if (positive)
			add_highlight(c, QP_HL_PREFIX, folded.buf, folded.len);
		strbuf_release(&folded);
		if (positive && q) { /* an excluded word ranks nothing */
			c->ranked = 1;
			part_of_node(c, q, n, title ? "title" : "");
		}
		return q;
	}

	toks_get(c, n->text, n->len, n->pos, &tk);
	if (tk.n == 0 || c->ps->failed) {
		toks_free(&tk);
		return NULL; /* nothing searchable: punctuation only */
	}
	if (positive)
		c->ranked = 1;
	if (n->kind == N_PHRASE) {
		q = phrase_query(c, &tk, title ? PREFIX_TITLE : "", positive, 0, XAP_OP_PHRASE, n, 1);
	} else if (tk.n == 1) {
		q = word_query(c, &tk, 0, title, positive, n->text, n->len, 1);
	} else {
		/* Several tokens from one word: the exact sequence, or for a
		 * hyphenated word also the joined form ("co-operation"). */
		q = phrase_query(c, &tk, title ? PREFIX_TITLE : "", positive, 0, XAP_OP_PHRASE, n, 0);
		for (size_t i = 0; i < tk.n && q; i++) {
			if (!(tk.flags[i] & AN_JOINED))
				continue;
			xap_query *qs[2] = { q, word_query(c, &tk, i, title, positive, tk.word[i],
							   strlen(tk.word[i]), 0) };
			if (!qs[1])
				break;
			q = combine(c, XAP_OP_OR, qs, 2, 0);
		}
	}
	toks_free(&tk);
	return q;
}

/* Parses a date value of a date field: "2012-10-18", "2012-10", "2012". */
static int field_date(compiler *c, node *n, const char *s, size_t len, date_ymd *d)
{
	if (!len) {
		fail(c->ps, n->pos, "expected a date like 2012-10-18, 2012-10 or 2012");
		return -1;
	}
	if (date_parse_iso(s, len, d))
		return 0;
	/* Say whether it is malformed or impossible. */
	int looks = len >= 4 && len <= 10;
	for (size_t i = 0; i < len && looks; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			looks = 0;
	if (looks)
		fail(c->ps, n->pos, "impossible date '%.*s'", (int)len, s);
	else
		fail(c->ps, n->pos, "'%.*s' is not a date: expected a date like 2012-10-18, 2012-10 or 2012",
		     (int)(len > 40 ? 40 : len), s);
	return -1;
}

/* Lowest and highest SLOT_DATE keys of a date's period. */
static void period(const date_ymd *d, char *lo, char *hi)
{
	date_key(d, lo);
	memcpy(hi, lo, 9);
	if (!d->month)
		memcpy(hi + 4, "9999", 4);
	else if (!d->day)
		memcpy(hi + 6, "99", 2);
}

/* key +/- 1, as an 8-digit number. */
static void key_step(char *key, int delta)
{
	unsigned long v = strtoul(key, NULL, 10);
	if (delta < 0 && v == 0)
		return;
	v = delta > 0 ? v + 1 : v - 1;
	if (v > 99999999ul)
		v = 99999999ul;
	snprintf(key, 9, "%08lu", v);
}

static xap_query *range_query(compiler *c, const char *lo, const char *hi)
{
	xap_query *q = NULL;
	if (xap_query_new_value_range(SLOT_DATE, lo, lo ? 8 : 0, hi, hi ? 8 : 0, &q, NULL))
		fail(c->ps, 0, "cannot build the query: out of memory");
	return q;
}

static xap_query *compile_date(compiler *c, node *n)
{
	const char *s = n->text;
	size_t len = n->len;
	date_ymd a, b;
	char lo[9], hi[9], lo2[9], hi2[9];
	const char *dots = NULL;
	for (size_t i = 0; i + 1 < len; i++)
		if (s[i] == '.' && s[i + 1] == '.') {
			dots = s + i;
			break;
		}
	if (n->kind != N_WORD) {
		fail(c->ps, n->pos, "a date field takes a date, not a phrase or a prefix*");
		return NULL;
	}
	if (n->field == F_DATE && dots) {
		size_t la = (size_t)(dots - s), lb = len - la - 2;
		if (!la && !lb) {
			fail(c->ps, n->pos, "empty date range: expected a date before or after '..'");
			return NULL;
		}
		if (la && field_date(c, n, s, la, &a))
			return NULL;
		if (lb && field_date(c, n, dots + 2, lb, &b))
			return NULL;
		if (la)
			period(&a, lo, hi);
		if (lb)
			period(&b, lo2, hi2);
		if (la && lb && strcmp(lo, hi2) > 0) {
			fail(c->ps, n->pos, "date range '%.*s' ends before it starts", (int)len, s);
			return NULL;
		}
		return range_query(c, la ? lo : NULL, lb ? hi2 : NULL);
	}
	if (field_date(c, n, s, len, &a))
		return NULL;
	period(&a, lo, hi);
	if (n->field == F_AFTER) {
		key_step(hi, +1);
		return range_query(c, hi, NULL);
	}
	if (n->field == F_BEFORE) {
		key_step(lo, -1);
		return range_query(c, NULL, lo);
	}
	/* date:X - the exact period, by its boolean term. */
	if (a.day)
		return term_query(c, PREFIX_DAY, lo, 8, 0);
	if (a.month)
		return term_query(c, PREFIX_MONTH, lo, 6, 0);
	return term_query(c, PREFIX_YEAR, lo, 4, 0);
}

/* A filter: place, lang, id, date fields and metadata.  Weight 0. */
static xap_query *compile_filter(compiler *c, node *n)
{
	xap_query *q = NULL;
	strbuf v = STRBUF_INIT;
	if (n->field != F_META && count_words(c, 1, n->pos))
		return NULL;
	switch (n->field) {
	case F_DATE:
	case F_AFTER:
	case F_BEFORE:
		q = compile_date(c, n);
		break;
	case F_ORG:
		if (n->kind == N_PREFIX) {
			/* org:minist*: every organisation name starting so. */
			analyser_fold_phrase(c->o->analysers[0], n->text, n->len, &v);
			if (!v.len) {
				fail(c->ps, n->pos, "expected the start of a name before '*' after 'org:'");
				break;
			}
			strbuf_reset(&c->term);
			strbuf_adds(&c->term, PREFIX_ORG);
			strbuf_add(&c->term, v.buf, v.len);
			char *msg = NULL;
			if (xap_query_new_wildcard(c->term.buf, c->term.len, c->o->wildcard_limit, &q, &msg))
				fail(c->ps, n->pos, "cannot build the query: %s", msg ? msg : "");
			free(msg);
			break;
		}
		orgs_query_key(c->o->analysers[0], n->text, n->len, &v);
		if (!v.len) {
			fail(c->ps, n->pos, "expected an organisation after 'org:'");
			break;
		}
		q = term_query(c, PREFIX_ORG, v.buf, v.len, 0);
		break;
	case F_PLACE:
		analyser_fold_phrase(c->o->analysers[0], n->text, n->len, &v);
		if (!v.len) {
			fail(c->ps, n->pos, "expected a place name after 'place:'");
			break;
		}
		q = term_query(c, PREFIX_PLACE, v.buf, v.len, 0);
		break;
	case F_LANG: {
		char *code = xstrndup(n->text, n->len);
		const char *iso = analyser_lang_code(code);
		if (!iso)
			fail(c->ps, n->pos, "unknown language '%.*s' (use an ISO code like en or ru)",
			     (int)(n->len > 20 ? 20 : n->len), n->text);
		else
			q = term_query(c, PREFIX_LANG, iso, strlen(iso), 0);
		free(code);
		break;
	}
	case F_ID: {
		char *id = xstrndup(n->text, n->len);
		schema_id_term(id, &v);
		free(id);
		if (xap_query_new_term(v.buf, v.len, 1, 0, &q, NULL))
			fail(c->ps, n->pos, "cannot build the query: out of memory");
		break;
	}
	case F_META: {
		toks tk;
		toks_get(c, n->text, n->len, n->pos, &tk);
		xap_query *qs[MAX_TOKS];
		size_t nq = 0;
		strbuf_addf(&v, "%s%s:", PREFIX_META, n->fname);
		for (size_t i = 0; i < tk.n && !c->ps->failed; i++) {
			if (tk.flags[i] & AN_JOINED)
				continue;
			xap_query *t = term_query(c, v.buf, tk.word[i], strlen(tk.word[i]), 0);
			if (t)
				qs[nq++] = t;
		}
		toks_free(&tk);
		if (c->ps->failed) {
			qfree_all(qs, nq);
			break;
		}
		if (!nq) {
			fail(c->ps, n->pos, "expected a word after '%s:'", n->fname);
			break;
		}
		q = combine(c, XAP_OP_AND, qs, nq, 0);
		break;
	}
	default:
		break;
	}
	strbuf_release(&v);
	return q ? scaled(c, q, 0) : NULL;
}

static int is_filter(const node *n)
{
	return (n->kind == N_WORD || n->kind == N_PHRASE || n->kind == N_PREFIX) &&
	       n->field != F_NONE && n->field != F_TITLE;
}

/* The key that groups filters in a sequence: values of the same field are
 * alternatives.  after: and before: are each their own group. */
static int filter_group(const node *n)
{
	return n->field == F_META ? 1000 : (int)n->field;
}

static xap_query *match_all(compiler *c)
{
	xap_query *q = NULL;
	if (xap_query_new_match_all(&q, NULL))
		fail(c->ps, 0, "cannot build the query: out of memory");
	return q;
}

/* The single word of a plain word node, folded, or NULL (caller frees). */
static char *single_word(compiler *c, const node *kid)
{
	if (kid->kind != N_WORD || kid->field != F_NONE)
		return NULL;
	toks tk;
	char *w = NULL;
	toks_get(c, kid->text, kid->len, kid->pos, &tk);
	if (tk.n == 1 && !(tk.flags[0] & (AN_JOINED | AN_CJK)))
		w = xstrdup(tk.word[0]);
	toks_free(&tk);
	return w;
}

static int is_stopword(compiler *c, const node *kid)
{
	const char *lang = analyser_code(c->o->analysers[0]);
	if (!lang || !stopwords_has(lang))
		return 0;
	char *w = single_word(c, kid);
	int stop = w && stopword(lang, w, strlen(w));
	free(w);
	return stop;
}

/*
 * The proximity queries of a sequence: for each two plain words next to
 * each other (stopwords, marked 2 in done, skipped over; anything else
 * breaks the chain), their exact words NEAR each other, scaled.  Returns
 * them (caller owns) and their number in *n.
 */
static xap_query **proximity(compiler *c, const node *n, const int *done, size_t *np)
{
	xap_query **out = NULL;
	char *prev = NULL;
	size_t prevpos = 0;
	*np = 0;
	if (c->o->proximity_weight <= 0 || n->nkids < 2)
		return NULL;
	for (size_t i = 0; i < n->nkids && !c->ps->failed; i++) {
		const node *kid = n->kids[i];
		if (done[i] == 2)
			continue;
		char *w = done[i] || kid->mod == '-' ? NULL : single_word(c, kid);
		if (w && prev) {
			xap_query *pair[2] = { term_query(c, "", prev, strlen(prev), 1),
					       term_query(c, "", w, strlen(w), 2) };
			xap_query *near = NULL;
			if (pair[0] && pair[1])
				near = combine(c, XAP_OP_NEAR, pair, 2, c->o->proximity_window);
			else
				qfree_all(pair, 2);
			xap_query *q = scaled(c, near, c->o->proximity_weight);
			if (q) {
				/* Labelled "a b" as the two words are written. */
				size_t to = (size_t)(kid->text - c->ps->q) + kid->len;
				add_part(c, q, c->ps->q + prevpos, to - prevpos, "proximity");
				out = xrealloc(out, (*np + 1) * sizeof(*out));
				out[(*np)++] = q;
			}
		}
		free(prev);
		prev = w;
		prevpos = kid->pos;
	}
	free(prev);
	return out;
}

static xap_query *compile_seq(compiler *c, node *n, int positive)
{
	size_t k = n->nkids;
	xap_query **should = xcalloc(k, sizeof(*should)), **must = xcalloc(k, sizeof(*must)),
		  **mustnot = xcalloc(k, sizeof(*mustnot)), **filters = xcalloc(k, sizeof(*filters));
	size_t ns = 0, nm = 0, nn = 0, nf = 0;
	xap_query *q = NULL;

	/* Filters, grouped by field: OR within a group, AND across groups. */
	int *done = xcalloc(k, sizeof(int));
	for (size_t i = 0; i < k && !c->ps->failed; i++) {
		node *kid = n->kids[i];
		if (done[i] || kid->mod == '-' || !is_filter(kid))
			continue;
		xap_query **alts = xcalloc(k, sizeof(*alts));
		size_t na = 0;
		for (size_t j = i; j < k && !c->ps->failed; j++) {
			node *o = n->kids[j];
			if (done[j] || o->mod == '-' || !is_filter(o) ||
			    filter_group(o) != filter_group(kid) ||
			    (kid->field == F_META && strcmp(o->fname, kid->fname) != 0))
				continue;
			done[j] = 1;
			xap_query *f = compile_filter(c, o);
			if (f)
				alts[na++] = f;
		}
		if (na && !c->ps->failed)
			filters[nf++] = combine(c, XAP_OP_OR, alts, na, 0);
		else
			qfree_all(alts, na);
		free(alts);
	}
	/* Stopwords among the plain words, left out when another word stays. */
	size_t stopped = 0, plain = 0;
	for (size_t i = 0; i < k; i++) {
		if (done[i] || n->kids[i]->mod == '-')
			continue;
		plain++;
		if (c->o->stopwords && n->kids[i]->mod == 0 && is_stopword(c, n->kids[i])) {
			done[i] = 2;
			stopped++;
		}
	}
	if (stopped == plain)
		for (size_t i = 0; i < k; i++)
			if (done[i] == 2)
				done[i] = 0;
	for (size_t i = 0; i < k && !c->ps->failed; i++) {
		node *kid = n->kids[i];
		if (done[i])
			continue;
		xap_query *sub = compile(c, kid, positive && kid->mod != '-');
		if (!sub)
			continue;
		if (kid->mod == '-')
			mustnot[nn++] = sub;
		else if (kid->mod == '+')
			must[nm++] = sub;
		else
			should[ns++] = sub;
	}
	/* Proximity of neighbouring plain words, weighing with the ranked
	 * words; each pair also goes to the result's pairs (qp_parse). */
	size_t nprox = 0;
	xap_query **prox = positive ? proximity(c, n, done, &nprox) : NULL;
	free(done);
	if (nprox) {
		c->prox = xrealloc(c->prox, (c->nprox + nprox) * sizeof(*c->prox));
		for (size_t i = 0; i < nprox; i++) {
			c->prox[c->nprox] = NULL;
			if (xap_query_copy(prox[i], &c->prox[c->nprox], NULL))
				fail(c->ps, 0, "cannot build the query: out of memory");
			c->nprox++;
		}
	}
	if (c->ps->failed) {
		qfree_all(prox, nprox);
		free(prox);
		goto out;
	}
	if (c->o->default_and && ns) {
		/* Plain words are all required. */
		for (size_t i = 0; i < ns; i++)
			must[nm++] = should[i];
		ns = 0;
	}
	if (nprox) {
		if (ns || !nm) {
			should = xrealloc(should, (k + nprox) * sizeof(*should));
			for (size_t i = 0; i < nprox; i++)
				should[ns++] = prox[i];
		} else {
			/* Required words only: the pairs add weight, not matches. */
			xap_query *parts[2] = { combine(c, XAP_OP_AND, must, nm, 0),
						combine(c, XAP_OP_OR, prox, nprox, 0) };
			must[0] = parts[0] && parts[1] ? combine(c, XAP_OP_AND_MAYBE, parts, 2, 0) : NULL;
			nm = must[0] ? 1 : 0;
			if (!must[0])
				qfree_all(parts, 2);
		}
		nprox = 0;
	}
	free(prox);

	if (nm && ns) {
		xap_query *parts[2] = { combine(c, XAP_OP_AND, must, nm, 0),
					combine(c, XAP_OP_OR, should, ns, 0) };
		nm = ns = 0;
		q = parts[0] && parts[1] ? combine(c, XAP_OP_AND_MAYBE, parts, 2, 0) : NULL;
		if (!q)
			qfree_all(parts, 2);
	} else if (nm) {
		q = combine(c, XAP_OP_AND, must, nm, 0);
		nm = 0;
	} else if (ns) {
		q = combine(c, XAP_OP_OR, should, ns, 0);
		ns = 0;
	} else if (nf || nn) {
		q = match_all(c);
	}
	if (q && nf) {
		xap_query *parts[2] = { q, combine(c, XAP_OP_AND, filters, nf, 0) };
		nf = 0;
		q = parts[1] ? combine(c, XAP_OP_FILTER, parts, 2, 0) : NULL;
		if (!q)
			qfree_all(parts, 2);
	}
	if (q && nn) {
		xap_query *parts[2] = { q, combine(c, XAP_OP_OR, mustnot, nn, 0) };
		nn = 0;
		q = parts[1] ? combine(c, XAP_OP_AND_NOT, parts, 2, 0) : NULL;
		if (!q)
			qfree_all(parts, 2);
	}
out:
	qfree_all(should, ns);
	qfree_all(must, nm);
	qfree_all(mustnot, nn);
	qfree_all(filters, nf);
	free(should);
	free(must);
	free(mustnot);
	free(filters);
	return q;
}

static xap_query *compile_prox(compiler *c, node *n, int positive)
{
	/* Each side is a word or a phrase; their exact words go into one
	 * NEAR or ordered PHRASE with a window wide enough for the distance. */
	toks all;
	memset(&all, 0, sizeof(all));
	size_t nterms = 0;
	xap_query *parts[MAX_TOKS];
	for (size_t i = 0; i < n->nkids && !c->ps->failed; i++) {
		toks tk;
		toks_get(c, n->kids[i]->text, n->kids[i]->len, n->kids[i]->pos, &tk);
		for (size_t j = 0; j < tk.n && nterms < ARRAY_SIZE(parts); j++) {
			if (tk.flags[j] & AN_JOINED)
				continue;
			parts[nterms] = term_query(c, "", tk.word[j], strlen(tk.word[j]), (unsigned)nterms + 1);
			if (!parts[nterms])
				break;
			if (positive)
				add_word(c, &tk, j, parts[nterms]);
			if (positive)
				add_highlight(c, QP_HL_RAW, tk.word[j], strlen(tk.word[j]));
			nterms++;
		}
		toks_free(&tk);
	}
	if (c->ps->failed) {
		qfree_all(parts, nterms);
		return NULL;
	}
	if (nterms < 2) {
		fail(c->ps, n->pos, "'%s' needs a word on each side", n->kind == N_NEAR ? "NEAR" : "ADJ");
		qfree_all(parts, nterms);
		return NULL;
	}
	if (positive)
		c->ranked = 1;
	xap_query *q = combine(c, n->kind == N_NEAR ? XAP_OP_NEAR : XAP_OP_PHRASE, parts, nterms,
			       n->n + (unsigned)nterms);
	if (q && positive) {
		/* Labelled as written: the first word to the last. */
		const node *a = n->kids[0], *z = n->kids[n->nkids - 1];
		size_t from = a->pos, to = (size_t)(z->text - c->ps->q) + z->len;
		if (z->kind == N_PHRASE && to < c->ps->len)
			to += quote_at(c->ps, to);
		add_part(c, q, c->ps->q + from, to - from, "");
		part_additive(c);
	}
	return q;
}

static xap_query *compile(compiler *c, node *n, int positive)
{
	xap_query *q = NULL;
	if (c->ps->failed)
		return NULL;
	switch (n->kind) {
	case N_WORD:
	case N_PREFIX:
	case N_PHRASE:
		if (is_filter(n))
			return compile_filter(c, n);
		return compile_text(c, n, positive);
	case N_SEQ:
		return compile_seq(c, n, positive);
	case N_NEAR:
	case N_ADJ:
		return compile_prox(c, n, positive);
	case N_AND:
	case N_OR:
	case N_ANDNOT: {
		xap_query **qs = xcalloc(n->nkids, sizeof(*qs));
		size_t nq = 0;
		for (size_t i = 0; i < n->nkids && !c->ps->failed; i++) {
			xap_query *sub = compile(c, n->kids[i], positive && !(n->kind == N_ANDNOT && i > 0));
			if (sub)
				qs[nq++] = sub;
			else if (n->kind == N_ANDNOT && i == 0 && !c->ps->failed)
				break; /* nothing to subtract from */
		}
		if (!c->ps->failed && nq)
			q = combine(c, n->kind == N_AND ? XAP_OP_AND : n->kind == N_OR ? XAP_OP_OR : XAP_OP_AND_NOT, qs, nq, 0);
		else
			qfree_all(qs, nq);
		free(qs);
		return q;
	}
	}
	return NULL;
}

/* ------------------------------------------------------------------ */

int qp_parse(const char *q, size_t len, const qp_options *opts, qp_result *res, qp_error *err)
{
	parser ps;
	memset(&ps, 0, sizeof(ps));
	memset(res, 0, sizeof(*res));
	memset(err, 0, sizeof(*err));
	ps.q = q;
	ps.len = len;
	ps.o = opts;
	ps.err = err;

	size_t tl = len;
	trim_space(q, &tl);
	if (!tl) {
		fail(&ps, 0, "empty query: give words to search for");
		return -1;
	}
	if (len > QP_MAX_QUERY) {
		fail(&ps, QP_MAX_QUERY, "query too long: more than %u bytes", QP_MAX_QUERY);
		return -1;
	}
	next(&ps);
	node *root = ps.failed ? NULL : parse_or(&ps);
	if (root && !ps.failed && ps.t != T_END) {
		if (ps.t == T_RPAREN)
			fail(&ps, ps.tpos, "unbalanced parenthesis: this ')' has no opening '('");
		else
			fail(&ps, ps.tpos, "unexpected '%.*s'", (int)(ps.tlen ? ps.tlen : 1),
			     ps.tlen ? ps.text : q + ps.tpos);
	}
	if (ps.failed) {
		node_free(root);
		return -1;
	}

	compiler c;
	memset(&c, 0, sizeof(c));
	c.ps = &ps;
	c.o = opts;
	c.res = res;
	find_minor(&c);
	strbuf_init(&c.term, 0);
	strbuf_init(&c.hlkey, 0);
	res->query = compile(&c, root, 1);
	if (!ps.failed && !res->query)
		fail(&ps, 0, "nothing to search for: the query has no words (only punctuation?)");
	res->pairs = c.prox;
	res->npairs = c.nprox;
	res->ranked = c.ranked;
	if (!ps.failed && c.nprox &&
	    (!opts->want_base || opts->want_base(opts->base_ctx, c.prox, c.nprox))) {
		/* The base: the same query compiled again without the pairs
		 * (what the first compile noted is noted already). */
		qp_options plain = *opts;
		qp_result scratch;
		memset(&scratch, 0, sizeof(scratch));
		plain.proximity_weight = 0;
		c.o = &plain;
		c.res = &scratch;
		c.prox = NULL;
		c.nprox = 0;
		c.nwords = 0;
		res->base = compile(&c, root, 1);
		qp_result_release(&scratch);
		if (!ps.failed && !res->base)
			fail(&ps, 0, "cannot build the query: out of memory");
	}
	node_free(root);
	strbuf_release(&c.term);
	strbuf_release(&c.hlkey);
	strmap_release(&c.hlset);
	free(c.minor);
	if (ps.failed) {
		qp_result_release(res);
		return -1;
	}
	return 0;
}

void qp_result_release(qp_result *res)
{
	xap_query_free(res->query);
	xap_query_free(res->base);
	qfree_all(res->pairs, res->npairs);
	free(res->pairs);
	for (size_t i = 0; i < res->nhl; i++)
		free(res->hl[i].term);
	free(res->hl);
	for (size_t i = 0; i < res->nwords; i++) {
		free(res->words[i].word);
		for (size_t k = 0; k < res->words[i].nterms; k++)
			free(res->words[i].terms[k]);
		free(res->words[i].terms);
		xap_query_free(res->words[i].query);
	}
	free(res->words);
	for (size_t i = 0; i < res->nparts; i++) {
		xap_query_free(res->parts[i].query);
		free(res->parts[i].label);
		free(res->parts[i].field);
		for (size_t k = 0; k < res->parts[i].nterms; k++)
			free(res->parts[i].terms[k]);
		free(res->parts[i].terms);
	}
	free(res->parts);
	memset(res, 0, sizeof(*res));
}

/* One end of --since/--until: the lowest and highest keys of its period. */
static int option_date(const char *opt, const char *s, char *lo, char *hi, qp_error *err)
{
	date_ymd d;
	size_t len = strlen(s);
	if (date_parse_iso(s, len, &d)) {
		period(&d, lo, hi);
		return 0;
	}
	int looks = len >= 4 && len <= 10;
	for (size_t i = 0; i < len && looks; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			looks = 0;
	if (looks)
		snprintf(err->msg, sizeof(err->msg), "%s: impossible date '%s'", opt, s);
	else
		snprintf(err->msg, sizeof(err->msg),
			 "%s: '%.40s' is not a date: expected a date like 2012-10-18, 2012-10 or 2012", opt, s);
	return -1;
}

int qp_date_filter(const char *since, const char *until, xap_query **out, qp_error *err)
{
	char lo[9], hi[9], lo2[9], hi2[9];
	memset(err, 0, sizeof(*err));
	*out = NULL;
	if (since && option_date("--since", since, lo, hi, err))
		return -1;
	if (until && option_date("--until", until, lo2, hi2, err))
		return -1;
	if (since && until && strcmp(lo, hi2) > 0) {
		snprintf(err->msg, sizeof(err->msg), "--since %s is after --until %s", since, until);
		return -1;
	}
	if (xap_query_new_value_range(SLOT_DATE, since ? lo : NULL, since ? 8 : 0, until ? hi2 : NULL,
				      until ? 8 : 0, out, NULL)) {
		snprintf(err->msg, sizeof(err->msg), "cannot build the query: out of memory");
		return -1;
	}
	return 0;
}
