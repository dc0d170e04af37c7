/*
 * analyser.c - word splitting, folding and stemming (see analyser.h for the rules).
 *
 * The text is cut into "chunks": runs of word characters and the joiners
 * that may sit inside a word (apostrophes, hyphens, dots, commas).  Each
 * chunk is then read as an acronym, a number, or a sequence of segments
 * (split at dots and commas) made of parts (split at hyphens), and every
 * part becomes a token.  Runs of CJK ideographs and kana become bigrams.
 *
 * Folding works on code points: ASCII takes a fast path; anything else is
 * decomposed by utf8proc (NFKD with case folding), diacritics are dropped
 * from the folded form only, and both forms are recomposed (NFC).
 */
#include "analyser.h"
#include "util.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* Longest chunk considered, in code points; longer ones are junk (base64,
 * runs of digits) and are dropped whole. */
#define MAX_CHUNK 512

enum cls {
	C_SEP,    /* separates words */
	C_WORD,   /* letter or digit */
	C_MARK,   /* combining mark: part of a word, never starts one */
	C_APOS,   /* apostrophe */
	C_HYPHEN, /* hyphen inside a compound */
	C_DOT,
	C_COMMA,
	C_IGNORE, /* invisible inside words: soft hyphen, joiners, tatweel */
	C_CJK     /* ideograph or kana */
};

/* Code points held for one token: words up to AN_MAX_WORD bytes, with room
 * for what folding adds. */
#define SCRATCH_CPS (4 * AN_MAX_WORD + 8)

struct analyser {
	struct sb_stemmer *stemmer; /* NULL: no stemming */
	char lang[32];
	/* The chunk being read: code points, their byte offsets, and for each
	 * whether it is dropped from the word (a thousands separator). */
	int32_t cps[MAX_CHUNK];
	size_t offs[MAX_CHUNK + 1];
	unsigned char skip[MAX_CHUNK];
	size_t n;
	int overflow;
	/* Scratch for the token being built: at most SCRATCH_CPS code points,
	 * each up to 4 bytes once encoded (a word longer than AN_MAX_WORD
	 * bytes is dropped only after it is encoded). */
	int32_t fold32[SCRATCH_CPS];
	int32_t cased32[SCRATCH_CPS];
	size_t nfold, ncased;
	int toolong;
	char word[4 * SCRATCH_CPS + 1];
	char cased[4 * SCRATCH_CPS + 1];
	strbuf stem;
};

static int is_cjk(int32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF);
}

static enum cls classify(int32_t c)
{
	if (c < 0x80) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			return C_WORD;
		switch (c) {
		case '\'': return C_APOS;
		case '-': return C_HYPHEN;
		case '.': return C_DOT;
		case ',': return C_COMMA;
		default: return C_SEP;
		}
	}
	switch (c) {
	case 0x2019: /* right single quotation mark, the usual typeset apostrophe */
	case 0x02BC: /* modifier letter apostrophe */
		return C_APOS;
	case 0x2010: /* hyphen */
	case 0x2011: /* non-breaking hyphen */
		return C_HYPHEN;
	case 0x00AD: /* soft hyphen */
	case 0x200C: /* zero width non-joiner */
	case 0x200D: /* zero width joiner */
	case 0x0640: /* Arabic tatweel */
		return C_IGNORE;
	}
	if (is_cjk(c))
		return C_CJK;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return C_WORD;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return C_MARK;
	default:
		return C_SEP;
	}
}

static int is_digit(int32_t c)
{
	return c >= '0' && c <= '9';
}

static int is_letter(int32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	utf8proc_category_t cat = utf8proc_category(c);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

/* Diacritics dropped by accent folding: the Combining Diacritical Marks
 * block (used by Latin, Greek and Cyrillic) and the Arabic harakat. */
static int is_diacritic(int32_t c)
{
	return (c >= 0x0300 && c <= 0x036F) || (c >= 0x064B && c <= 0x065F) || c == 0x0670;
}

/* Letters that do not decompose but have a plain spelling users type. */
static const char *plain_spelling(int32_t c)
{
	switch (c) {
	case 0x00DF: return "ss"; /* ß (case folding usually does this already) */
	case 0x00E6: return "ae"; /* æ */
	case 0x00F0: return "d";  /* ð */
	case 0x00F8: return "o";  /* ø */
	case 0x00FE: return "th"; /* þ */
	case 0x0111: return "d";  /* đ */
	case 0x0127: return "h";  /* ħ */
	case 0x0131: return "i";  /* dotless ı */
	case 0x0142: return "l";  /* ł */
	case 0x0153: return "oe"; /* œ */
	case 0x0167: return "t";  /* ŧ */
	case 0x0671: return "\xD8\xA7"; /* Arabic alef wasla -> alef */
	default: return NULL;
	}
}

static void push(int32_t *buf, size_t *n, int32_t c, int *toolong)
{
	if (*n < SCRATCH_CPS)
		buf[(*n)++] = c;
	else
		*toolong = 1;
}

/* Appends code point c of a word to both forms of the token being built. */
static void fold_cp(analyser *a, int32_t c)
{
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		push(a->cased32, &a->ncased, c, &a->toolong);
		push(a->fold32, &a->nfold, c, &a->toolong);
		return;
	}
	if (c == 0x2019 || c == 0x02BC) {
		push(a->cased32, &a->ncased, '\'', &a->toolong);
		push(a->fold32, &a->nfold, '\'', &a->toolong);
		return;
	}
	if (classify(c) == C_IGNORE)
		return;
	int32_t d[32];
	int bc = 0;
	utf8proc_ssize_t k = utf8proc_decompose_char(
		c, d, 32, UTF8PROC_CASEFOLD | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE, &bc);
	if (k < 0 || k > 32) {
		d[0] = c;
		k = 1;
	}
	for (utf8proc_ssize_t i = 0; i < k; i++) {
		int32_t x = d[i];
		push(a->cased32, &a->ncased, x, &a->toolong);
		if (is_diacritic(x)) {
			/* The breve makes й and ў letters of their own: keep it
			 * after a Cyrillic base. */
			int32_t base = a->nfold ? a->fold32[a->nfold - 1] : 0;
			if (!(x == 0x0306 && base >= 0x0400 && base <= 0x04FF))
				continue;
		}
		const char *plain = plain_spelling(x);
		if (plain) {
			for (const unsigned char *p = (const unsigned char *)plain; *p;) {
				int32_t y;
				utf8proc_ssize_t m = utf8proc_iterate(p, -1, &y);
				if (m <= 0)
					break;
				push(a->fold32, &a->nfold, y, &a->toolong);
				p += m;
			}
			continue;
		}
		push(a->fold32, &a->nfold, x, &a->toolong);
	}
}

/* Recomposes buf (NFC, n <= SCRATCH_CPS code points) and encodes it as
 * UTF-8 into out (room for 4 * SCRATCH_CPS + 1 bytes).  Returns the length. */
static size_t encode(int32_t *buf, size_t n, char *out)
{
	int ascii = 1;
	for (size_t i = 0; i < n; i++)
		if (buf[i] >= 0x80)
			ascii = 0;
	if (!ascii) {
		utf8proc_ssize_t m = utf8proc_normalize_utf32(buf, (utf8proc_ssize_t)n,
							      UTF8PROC_COMPOSE | UTF8PROC_STABLE);
		if (m >= 0)
			n = (size_t)m;
	}
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += (size_t)utf8proc_encode_char(buf[i], (utf8proc_uint8_t *)out + len);
	out[len] = 0;
	return len;
}

static void token_begin(analyser *a)
{
	a->nfold = a->ncased = 0;
	a->toolong = 0;
}

/* Finishes the token being built and hands it to fn.  Returns fn's value. */
static int token_emit(analyser *a, unsigned pos, size_t start, size_t end, unsigned flags,
		      an_token_fn fn, void *ctx)
{
	if (a->toolong || !a->nfold)
		return 0;
	an_token t;
	t.len = encode(a->fold32, a->nfold, a->word);
	t.casedlen = encode(a->cased32, a->ncased, a->cased);
	/* A final possessive 's: "OSCE's" is indexed as "osce". */
	if (t.len > 2 && a->word[t.len - 2] == '\'' && a->word[t.len - 1] == 's' &&
	    !(flags & AN_NUMBER)) {
		t.len -= 2;
		a->word[t.len] = 0;
		if (t.casedlen > 2) {
			t.casedlen -= 2;
			a->cased[t.casedlen] = 0;
		}
	}
	if (t.len == 0 || t.len > AN_MAX_WORD)
		return 0;
	t.word = a->word;
	t.cased = a->cased;
	t.pos = pos;
	t.start = start;
	t.end = end;
	t.flags = flags;
	return fn(ctx, &t);
}

/* Emits the part cps[from, to) as a token at pos. */
static int emit_part(analyser *a, size_t from, size_t to, unsigned pos, unsigned flags,
		     an_token_fn fn, void *ctx)
{
	token_begin(a);
	for (size_t k = from; k < to; k++)
		if (!a->skip[k])
			fold_cp(a, a->cps[k]);
	if (is_digit(a->cps[from]))
		flags |= AN_NUMBER;
	return token_emit(a, pos, a->offs[from], a->offs[to], flags, fn, ctx);
}

struct part {
	size_t from, to;
};

/* Emits a segment made of parts: each part at its own position and, for a
 * compound, the joined word at the first part's position. */
static int emit_segment(analyser *a, const struct part *parts, size_t np, unsigned *pos,
			an_token_fn fn, void *ctx)
{
	int rc;
	unsigned first = *pos;
	for (size_t i = 0; i < np; i++)
		if ((rc = emit_part(a, parts[i].from, parts[i].to, (*pos)++, 0, fn, ctx)))
			return rc;
	if (np < 2)
		return 0;
	token_begin(a);
	for (size_t i = 0; i < np; i++)
		for (size_t k = parts[i].from; k < parts[i].to; k++)
			if (!a->skip[k])
				fold_cp(a, a->cps[k]);
	unsigned flags = AN_JOINED | (is_digit(a->cps[parts[0].from]) ? AN_NUMBER : 0);
	return token_emit(a, first, a->offs[parts[0].from], a->offs[parts[np - 1].to], flags, fn,
			  ctx);
}

/* "U.N", "U.S.A": single letters separated by dots (the final dot is
 * already stripped). */
static int is_acronym(const analyser *a)
{
	if (a->n < 3 || !(a->n & 1))
		return 0;
	for (size_t k = 0; k < a->n; k++) {
		if (k & 1) {
			if (a->cps[k] != '.')
				return 0;
		} else if (!is_letter(a->cps[k])) {
			return 0;
		}
	}
	return 1;
}

static enum cls cls_at(const analyser *a, size_t k)
{
	return classify(a->cps[k]);
}

static int flush_chunk(analyser *a, unsigned *pos, an_token_fn fn, void *ctx)
{
	int rc = 0;
	size_t n = a->n;
	a->n = 0;
	if (a->overflow) {
		a->overflow = 0;
		return 0;
	}
	/* Joiners at the end belong to the punctuation, not the word. */
	while (n && (cls_at(a, n - 1) == C_APOS || cls_at(a, n - 1) == C_HYPHEN ||
		     cls_at(a, n - 1) == C_DOT || cls_at(a, n - 1) == C_COMMA))
		n--;
	if (!n)
		return 0;
	a->n = n;
	memset(a->skip, 0, n);
	if (is_acronym(a)) {
		for (size_t k = 1; k < n; k += 2)
			a->skip[k] = 1;
		rc = emit_part(a, 0, n, (*pos)++, 0, fn, ctx);
		a->n = 0;
		return rc;
	}

	struct part parts[MAX_CHUNK / 2 + 1];
	size_t np = 0, from = 0;
	for (size_t k = 0; k <= n && !rc; k++) {
		enum cls c = k < n ? cls_at(a, k) : C_SEP;
		int end_part = 0, end_segment = 0;
		if (k == n) {
			end_part = end_segment = 1;
		} else if (c == C_DOT || c == C_COMMA) {
			int pd = k > 0 && is_digit(a->cps[k - 1]);
			int nd = k + 1 < n && is_digit(a->cps[k + 1]);
			if (pd && nd && c == C_DOT)
				continue; /* decimal point */
			if (pd && nd && k + 3 < n && is_digit(a->cps[k + 2]) &&
			    is_digit(a->cps[k + 3]) && (k + 4 == n || !is_digit(a->cps[k + 4]))) {
				a->skip[k] = 1; /* thousands separator */
				continue;
			}
			end_part = end_segment = 1;
		} else if (c == C_HYPHEN) {
			end_part = 1;
		} else if (c == C_APOS) {
			if (k > 0 && is_letter(a->cps[k - 1]) && k + 1 < n && is_letter(a->cps[k + 1]))
				continue; /* inside a word: don't */
			end_part = end_segment = 1;
		}
		if (end_part) {
			if (k > from)
				parts[np++] = (struct part){ from, k };
			from = k + 1;
		}
		if (end_segment && np) {
			rc = emit_segment(a, parts, np, pos, fn, ctx);
			np = 0;
		}
	}
	a->n = 0;
	return rc;
}

/* Emits a run of CJK characters as overlapping bigrams. */
static int emit_cjk(analyser *a, const int32_t *cps, const size_t *offs, size_t n, unsigned *pos,
		    an_token_fn fn, void *ctx)
{
	int rc = 0;
	if (n == 1) {
		token_begin(a);
		fold_cp(a, cps[0]);
		return token_emit(a, (*pos)++, offs[0], offs[1], AN_CJK, fn, ctx);
	}
	for (size_t k = 0; k + 1 < n && !rc; k++) {
		token_begin(a);
		fold_cp(a, cps[k]);
		fold_cp(a, cps[k + 1]);
		rc = token_emit(a, (*pos)++, offs[k], offs[k + 2], AN_CJK, fn, ctx);
	}
	return rc;
}

int analyser_run(analyser *a, const char *text, size_t len, unsigned *pos, an_token_fn fn,
		 void *ctx)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	size_t i = 0;
	int rc = 0;
	/* A CJK run is read in windows of this many characters; the last
	 * character of a full window is carried into the next, so that no
	 * bigram is lost at the edge. */
	int32_t cjk[64];
	size_t cjkoff[65], ncjk = 0;
	int carried = 0;
	a->n = 0;
	a->overflow = 0;

	while (i < len && !rc) {
		int32_t c;
		utf8proc_ssize_t k;
		if (s[i] < 0x80) {
			c = s[i];
			k = 1;
		} else {
			k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c);
			if (k <= 0) {
				c = -1; /* an invalid byte separates words */
				k = 1;
			}
		}
		enum cls cl = c < 0 ? C_SEP : classify(c);

		if (cl == C_CJK) {
			if (a->n || a->overflow) {
				if ((rc = flush_chunk(a, pos, fn, ctx)))
					break;
			}
			if (ncjk == ARRAY_SIZE(cjk)) {
				cjkoff[ncjk] = i;
				if ((rc = emit_cjk(a, cjk, cjkoff, ncjk, pos, fn, ctx)))
					break;
				cjk[0] = cjk[ncjk - 1];
				cjkoff[0] = cjkoff[ncjk - 1];
				ncjk = 1;
				carried = 1;
			}
			cjk[ncjk] = c;
			cjkoff[ncjk++] = i;
			i += (size_t)k;
			continue;
		}
		if (ncjk) {
			cjkoff[ncjk] = i;
			/* A lone carried character already ended the last bigram. */
			if (!(carried && ncjk == 1))
				rc = emit_cjk(a, cjk, cjkoff, ncjk, pos, fn, ctx);
			ncjk = 0;
			carried = 0;
			if (rc)
				break;
		}

		int inword = a->n > 0 || a->overflow;
		if (cl == C_WORD || (inword && cl != C_SEP)) {
			if (cl == C_IGNORE) {
				i += (size_t)k;
				continue;
			}
			if (a->n < MAX_CHUNK) {
				a->offs[a->n] = i;
				a->cps[a->n++] = c;
				a->offs[a->n] = i + (size_t)k;
			} else {
				a->overflow = 1;
			}
		} else if (inword) {
			rc = flush_chunk(a, pos, fn, ctx);
		}
		i += (size_t)k;
	}
	if (!rc && ncjk && !(carried && ncjk == 1)) {
		cjkoff[ncjk] = len;
		rc = emit_cjk(a, cjk, cjkoff, ncjk, pos, fn, ctx);
	}
	if (!rc && (a->n || a->overflow))
		rc = flush_chunk(a, pos, fn, ctx);
	a->n = 0;
	a->overflow = 0;
	return rc;
}

/* ISO 639-1 codes of the languages libstemmer has. */
static const struct {
	const char *code, *name;
} languages[] = {
	{ "ar", "arabic" },     { "ca", "catalan" },    { "da", "danish" },
	{ "de", "german" },     { "el", "greek" },      { "en", "english" },
	{ "es", "spanish" },    { "eu", "basque" },     { "fi", "finnish" },
	{ "fr", "french" },     { "ga", "irish" },      { "hi", "hindi" },
	{ "hu", "hungarian" },  { "hy", "armenian" },   { "id", "indonesian" },
	{ "it", "italian" },    { "lt", "lithuanian" }, { "ne", "nepali" },
	{ "nl", "dutch" },      { "no", "norwegian" },  { "pt", "portuguese" },
	{ "ro", "romanian" },   { "ru", "russian" },    { "sr", "serbian" },
	{ "sv", "swedish" },    { "ta", "tamil" },      { "tr", "turkish" },
	{ "yi", "yiddish" },
};

const char *analyser_canonical_lang(const char *lang)
{
	if (!lang)
		return NULL;
	if (strcmp(lang, "none") == 0)
		return "none";
	for (size_t i = 0; i < ARRAY_SIZE(languages); i++)
		if (strcasecmp(lang, languages[i].code) == 0 ||
		    strcasecmp(lang, languages[i].name) == 0)
			return languages[i].name;
	/* Anything else libstemmer knows by that exact name ("porter"). */
	const char **names = sb_stemmer_list();
	for (size_t i = 0; names[i]; i++)
		if (strcmp(names[i], lang) == 0)
			return names[i];
	return NULL;
}

const char *analyser_lang_code(const char *lang)
{
	const char *name = analyser_canonical_lang(lang);
	if (!name)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(languages); i++)
		if (strcmp(name, languages[i].name) == 0)
			return languages[i].code;
	return name;
}

analyser *analyser_new(const char *lang)
{
	const char *name = analyser_canonical_lang(lang ? lang : "english");
	if (!name)
		return NULL;
	analyser *a = xcalloc(1, sizeof(*a));
	strbuf_init(&a->stem, 0);
	snprintf(a->lang, sizeof(a->lang), "%s", name);
	if (strcmp(name, "none") != 0) {
		a->stemmer = sb_stemmer_new(name, "UTF_8");
		if (!a->stemmer) {
			analyser_free(a);
			return NULL;
		}
	}
	return a;
}

void analyser_free(analyser *a)
{
	if (!a)
		return;
	if (a->stemmer)
		sb_stemmer_delete(a->stemmer);
	strbuf_release(&a->stem);
	free(a);
}

const char *analyser_lang(const analyser *a)
{
	return a->lang;
}

const char *analyser_stem(analyser *a, const an_token *tok, size_t *len)
{
	strbuf_reset(&a->stem);
	if (!a->stemmer || (tok->flags & (AN_NUMBER | AN_CJK))) {
		strbuf_add(&a->stem, tok->word, tok->len);
		*len = a->stem.len;
		return a->stem.buf;
	}
	const sb_symbol *st = sb_stemmer_stem(a->stemmer, (const sb_symbol *)tok->cased,
					      (int)tok->casedlen);
	if (!st) {
		/* libstemmer fails only when out of memory: index the word. */
		strbuf_add(&a->stem, tok->word, tok->len);
		*len = a->stem.len;
		return a->stem.buf;
	}
	const char *stem = (const char *)st;
	size_t n = (size_t)sb_stemmer_length(a->stemmer);
	int ascii = 1;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)stem[i] >= 0x80)
			ascii = 0;
	if (ascii) {
		strbuf_add(&a->stem, stem, n);
	} else {
		/* Fold the accents the stemmer kept.  (The scratch arrays are
		 * free: the token's forms are already encoded.) */
		token_begin(a);
		const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)stem;
		size_t i = 0;
		while (i < n) {
			int32_t c;
			utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &c);
			if (k <= 0)
				break;
			fold_cp(a, c);
			i += (size_t)k;
		}
		/* a->word still holds the token being stemmed: encode elsewhere. */
		char buf[sizeof(a->word)];
		size_t m = encode(a->fold32, a->nfold, buf);
		strbuf_add(&a->stem, buf, m);
	}
	*len = a->stem.len;
	return a->stem.buf;
}

static int phrase_cb(void *ctx, const an_token *tok)
{
	strbuf *out = ctx;
	if (tok->flags & AN_JOINED)
		return 0;
	if (out->len && out->buf[out->len - 1] != ' ')
		strbuf_addc(out, ' ');
	strbuf_add(out, tok->word, tok->len);
	return 0;
}

void analyser_fold_phrase(analyser *a, const char *text, size_t len, strbuf *out)
{
	strbuf tmp = STRBUF_INIT;
	unsigned pos = 1;
	analyser_run(a, text, len, &pos, phrase_cb, &tmp);
	strbuf_add(out, tmp.buf, tmp.len);
	strbuf_release(&tmp);
}

const char **analyser_languages(void)
{
	return sb_stemmer_list();
}
