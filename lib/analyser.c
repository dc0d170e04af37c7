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

/* Rules of particular languages. */
enum { R_GERMAN = 1 };

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
	const char *code;              /* analyser_lang_code(lang): static */
	unsigned rules;                /* R_*: the language's own rules */
	const char *const *elisions;   /* elided articles of the language, or NULL */
	int neutral;                   /* 1 while folding a phrase: no language's rules */
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
	int32_t alt32[SCRATCH_CPS]; /* the folded form with umlauts as digraphs (German) */
	size_t nfold, ncased, nalt;
	int toolong;
	char word[4 * SCRATCH_CPS + 1];
	char cased[4 * SCRATCH_CPS + 1];
	char alt[4 * SCRATCH_CPS + 1];
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
	case 0x0649: return "\xD9\x8A"; /* Arabic alef maqsura -> yeh, as often typed */
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

/* Appends c to the folded form (and to its German twin). */
static void push_fold(analyser *a, int32_t c)
{
	push(a->fold32, &a->nfold, c, &a->toolong);
	push(a->alt32, &a->nalt, c, &a->toolong);
}

/* Appends code point c of a word to both forms of the token being built. */
static void fold_cp(analyser *a, int32_t c)
{
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		push(a->cased32, &a->ncased, c, &a->toolong);
		push_fold(a, c);
		return;
	}
	if (c == 0x2019 || c == 0x02BC) {
		push(a->cased32, &a->ncased, '\'', &a->toolong);
		push_fold(a, '\'');
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
			if (!(x == 0x0306 && base >= 0x0400 && base <= 0x04FF)) {
				/* German writes ä, ö, ü also as ae, oe, ue. */
				if (x == 0x0308 && (base == 'a' || base == 'o' || base == 'u'))
					push(a->alt32, &a->nalt, 'e', &a->toolong);
				continue;
			}
		}
		const char *plain = plain_spelling(x);
		if (plain) {
			for (const unsigned char *p = (const unsigned char *)plain; *p;) {
				int32_t y;
				utf8proc_ssize_t m = utf8proc_iterate(p, -1, &y);
				if (m <= 0)
					break;
				push_fold(a, y);
				p += m;
			}
			continue;
		}
		push_fold(a, x);
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
	a->nfold = a->ncased = a->nalt = 0;
	a->toolong = 0;
}

/* German vowels, as they appear in a case-folded form. */
static int is_german_vowel(int32_t c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/*
 * 1 if s[i], s[i + 1] is ae, oe or ue written for ä, ö, ü - Snowball's
 * "german2" rule: any ae and oe, and ue unless after q (Quelle) or with the
 * u between vowels, where it is a consonant (neue, Frauen, Bauer).
 */
static int german_digraph(const int32_t *s, size_t n, size_t i)
{
	if (i + 1 >= n || s[i + 1] != 'e' || (i + 2 < n && is_diacritic(s[i + 2])))
		return 0;
	if (s[i] == 'a' || s[i] == 'o')
		return 1;
	if (s[i] != 'u')
		return 0;
	if (i == 0)
		return 1;
	int32_t prev = s[i - 1];
	if (prev == 0x0308 && i >= 2)
		prev = s[i - 2];
	return prev != 'q' && !is_german_vowel(prev);
}

/*
 * German rules for the token being built: a word with umlauts gets its
 * digraph spelling as alt (Müller: mueller); a word with digraphs gets its
 * plain spelling as alt (Mueller: muller) and is stemmed with umlauts
 * (müller), so that all three spellings find each other.  Returns the
 * alt's length in a->alt, 0 if none.
 */
static size_t german_alt(analyser *a)
{
	if (a->nalt == a->nfold) {
		size_t m = 0;
		for (size_t i = 0; i < a->nfold; i++) {
			a->alt32[m++] = a->fold32[i];
			if (german_digraph(a->fold32, a->nfold, i))
				i++;
		}
		if (m == a->nfold)
			return 0;
		a->nalt = m;
		for (size_t i = 0; i + 1 < a->ncased; i++)
			if (german_digraph(a->cased32, a->ncased, i))
				a->cased32[i + 1] = 0x0308;
	}
	return encode(a->alt32, a->nalt, a->alt);
}

/* Drops a final possessive 's from s (len bytes, NUL-terminated). */
static size_t drop_possessive(char *s, size_t len)
{
	if (len > 2 && s[len - 2] == '\'' && s[len - 1] == 's') {
		len -= 2;
		s[len] = 0;
	}
	return len;
}

/* Finishes the token being built and hands it to fn, with alt (altlen
 * bytes, already folded) as its other spelling if not NULL.  Returns fn's
 * value. */
static int token_emit(analyser *a, unsigned pos, size_t start, size_t end, unsigned flags,
		      const char *alt, size_t altlen, an_token_fn fn, void *ctx)
{
	if (a->toolong || !a->nfold)
		return 0;
	an_token t;
	if (!alt && (a->rules & R_GERMAN) && !a->neutral && !(flags & (AN_NUMBER | AN_CJK))) {
		altlen = german_alt(a);
		alt = altlen ? a->alt : NULL;
	}
	t.len = encode(a->fold32, a->nfold, a->word);
	t.casedlen = encode(a->cased32, a->ncased, a->cased);
	/* A final possessive 's: "OSCE's" is indexed as "osce". */
	if (!(flags & AN_NUMBER) && t.len > 2 && a->word[t.len - 2] == '\'' &&
	    a->word[t.len - 1] == 's') {
		t.len = drop_possessive(a->word, t.len);
		t.casedlen = drop_possessive(a->cased, t.casedlen);
		if (alt && alt == a->alt)
			altlen = drop_possessive(a->alt, altlen);
	}
	if (t.len == 0 || t.len > AN_MAX_WORD)
		return 0;
	if (alt && (altlen == 0 || altlen > AN_MAX_WORD ||
		    (altlen == t.len && memcmp(alt, a->word, altlen) == 0)))
		alt = NULL;
	t.word = a->word;
	t.cased = a->cased;
	t.pos = pos;
	t.start = start;
	t.end = end;
	t.flags = flags;
	t.alt = alt;
	t.altlen = alt ? altlen : 0;
	return fn(ctx, &t);
}

/* Folds cps[from, to) of the chunk into the token buffers. */
static void build(analyser *a, size_t from, size_t to)
{
	token_begin(a);
	for (size_t k = from; k < to; k++)
		if (!a->skip[k])
			fold_cp(a, a->cps[k]);
}

/*
 * The elided article at the start of cps[from, to) under the language's
 * rules ("l'" of "l'OSCE", "dell'" of "dell'OSCE"): the number of code
 * points to skip, apostrophe included, or 0.
 */
static size_t elision(const analyser *a, size_t from, size_t to)
{
	if (!a->elisions || a->neutral)
		return 0;
	for (size_t k = from + 1; k + 1 < to && k - from <= 7; k++) {
		if (classify(a->cps[k]) != C_APOS)
			continue;
		if (!is_letter(a->cps[k + 1]))
			return 0;
		char pre[8];
		size_t n = 0;
		for (size_t j = from; j < k; j++) {
			int32_t c = a->cps[j];
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			if (c < 'a' || c > 'z')
				return 0;
			pre[n++] = (char)c;
		}
		pre[n] = 0;
		for (size_t i = 0; a->elisions[i]; i++)
			if (strcmp(pre, a->elisions[i]) == 0)
				return k + 1 - from;
		return 0;
	}
	return 0;
}

/* Emits the part cps[from, to) as a token at pos; an elided article is
 * dropped, the whole kept as the token's alt. */
static int emit_part(analyser *a, size_t from, size_t to, unsigned pos, unsigned flags,
		     an_token_fn fn, void *ctx)
{
	const char *alt = NULL;
	size_t altlen = 0, el = elision(a, from, to);
	if (el) {
		build(a, from, to);
		if (!a->toolong) {
			altlen = encode(a->fold32, a->nfold, a->alt);
			alt = a->alt;
		}
		from += el;
	}
	build(a, from, to);
	if (is_digit(a->cps[from]))
		flags |= AN_NUMBER;
	return token_emit(a, pos, a->offs[from], a->offs[to], flags, alt, altlen, fn, ctx);
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
	/* The joined form leaves out an elided article too ("l'Asie-Pacifique"). */
	size_t from = parts[0].from + elision(a, parts[0].from, parts[0].to);
	token_begin(a);
	for (size_t i = 0; i < np; i++)
		for (size_t k = i ? parts[i].from : from; k < parts[i].to; k++)
			if (!a->skip[k])
				fold_cp(a, a->cps[k]);
	unsigned flags = AN_JOINED | (is_digit(a->cps[from]) ? AN_NUMBER : 0);
	return token_emit(a, first, a->offs[from], a->offs[parts[np - 1].to], flags, NULL, 0, fn,
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
		return token_emit(a, (*pos)++, offs[0], offs[1], AN_CJK, NULL, 0, fn, ctx);
	}
	for (size_t k = 0; k + 1 < n && !rc; k++) {
		token_begin(a);
		fold_cp(a, cps[k]);
		fold_cp(a, cps[k + 1]);
		rc = token_emit(a, (*pos)++, offs[k], offs[k + 2], AN_CJK, NULL, 0, fn, ctx);
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

/*
 * The languages dateline knows: ISO 639-1 code, name, and the Snowball
 * stemmer used for it (NULL: words are indexed unstemmed).  Every stemmer
 * libstemmer has is here; the others are languages a language identifier
 * may report, so that their documents are labelled rightly.  Croatian and
 * Bosnian use the Serbian stemmer, which was written for their common
 * standard and reads both alphabets.
 */
static const struct language {
	const char *code, *name, *stemmer;
} languages[] = {
	{ "ar", "arabic", "arabic" },         { "az", "azerbaijani", NULL },
	{ "be", "belarusian", NULL },         { "bg", "bulgarian", NULL },
	{ "bs", "bosnian", "serbian" },       { "ca", "catalan", "catalan" },
	{ "cs", "czech", NULL },              { "da", "danish", "danish" },
	{ "de", "german", "german" },         { "el", "greek", "greek" },
	{ "en", "english", "english" },       { "es", "spanish", "spanish" },
	{ "et", "estonian", NULL },           { "eu", "basque", "basque" },
	{ "fa", "persian", NULL },            { "fi", "finnish", "finnish" },
	{ "fr", "french", "french" },         { "ga", "irish", "irish" },
	{ "he", "hebrew", NULL },             { "hi", "hindi", "hindi" },
	{ "hr", "croatian", "serbian" },      { "hu", "hungarian", "hungarian" },
	{ "hy", "armenian", "armenian" },     { "id", "indonesian", "indonesian" },
	{ "it", "italian", "italian" },       { "ja", "japanese", NULL },
	{ "ka", "georgian", NULL },           { "kk", "kazakh", NULL },
	{ "ko", "korean", NULL },             { "ky", "kyrgyz", NULL },
	{ "lt", "lithuanian", "lithuanian" }, { "lv", "latvian", NULL },
	{ "mk", "macedonian", NULL },         { "mn", "mongolian", NULL },
	{ "ne", "nepali", "nepali" },         { "nl", "dutch", "dutch" },
	{ "no", "norwegian", "norwegian" },   { "pl", "polish", NULL },
	{ "pt", "portuguese", "portuguese" }, { "ro", "romanian", "romanian" },
	{ "ru", "russian", "russian" },       { "sk", "slovak", NULL },
	{ "sl", "slovenian", NULL },          { "sq", "albanian", NULL },
	{ "sr", "serbian", "serbian" },       { "sv", "swedish", "swedish" },
	{ "ta", "tamil", "tamil" },           { "tg", "tajik", NULL },
	{ "th", "thai", NULL },               { "tk", "turkmen", NULL },
	{ "tr", "turkish", "turkish" },       { "uk", "ukrainian", NULL },
	{ "ur", "urdu", NULL },               { "uz", "uzbek", NULL },
	{ "yi", "yiddish", "yiddish" },       { "zh", "chinese", NULL },
};

/* Other codes for the same languages. */
static const struct {
	const char *alias, *code;
} lang_aliases[] = {
	{ "nb", "no" }, { "nn", "no" }, { "iw", "he" }, { "in", "id" }, { "ji", "yi" },
};

/* Articles that French, Italian and Catalan elide before a vowel ("l'OSCE",
 * "dell'ONU", "d'Andorra"): dropped from the word. */
static const char *const elisions_fr[] = {
	"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", NULL,
};
static const char *const elisions_it[] = {
	"l", "d", "c", "m", "t", "s", "v", "un", "all", "dall", "dell", "nell", "sull", "coll",
	"pell", "gl", "agl", "dagl", "degl", "negl", "sugl", "quest", "quell", "nessun", NULL,
};
static const char *const elisions_ca[] = { "l", "d", "m", "n", "s", "t", NULL };

static const struct language *find_language(const char *lang)
{
	if (!lang || !*lang)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(languages); i++)
		if (strcasecmp(lang, languages[i].code) == 0 || strcasecmp(lang, languages[i].name) == 0)
			return &languages[i];
	for (size_t i = 0; i < ARRAY_SIZE(lang_aliases); i++)
		if (strcasecmp(lang, lang_aliases[i].alias) == 0)
			return find_language(lang_aliases[i].code);
	/* A language tag with a region or script: "en-GB", "zh-Hans", "pt_BR". */
	size_t n = strcspn(lang, "-_");
	if (lang[n] && n >= 2 && n <= 3) {
		char primary[4];
		memcpy(primary, lang, n);
		primary[n] = 0;
		return find_language(primary);
	}
	return NULL;
}

const char *analyser_canonical_lang(const char *lang)
{
	if (!lang)
		return NULL;
	if (strcmp(lang, "none") == 0)
		return "none";
	const struct language *l = find_language(lang);
	if (l)
		return l->name;
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
	const struct language *l = find_language(name);
	return l ? l->code : name;
}

const char *analyser_stemmer_name(const char *lang)
{
	const char *name = analyser_canonical_lang(lang);
	if (!name || strcmp(name, "none") == 0)
		return NULL;
	const struct language *l = find_language(name);
	return l ? l->stemmer : name;
}

analyser *analyser_new(const char *lang)
{
	const char *name = analyser_canonical_lang(lang ? lang : "english");
	if (!name)
		return NULL;
	analyser *a = xcalloc(1, sizeof(*a));
	strbuf_init(&a->stem, 0);
	snprintf(a->lang, sizeof(a->lang), "%s", name);
	const char *stemmer = analyser_stemmer_name(name);
	if (stemmer) {
		a->stemmer = sb_stemmer_new(stemmer, "UTF_8");
		if (!a->stemmer) {
			analyser_free(a);
			return NULL;
		}
	}
	const char *code = analyser_lang_code(name);
	a->code = code;
	if (strcmp(code, "fr") == 0)
		a->elisions = elisions_fr;
	else if (strcmp(code, "it") == 0)
		a->elisions = elisions_it;
	else if (strcmp(code, "ca") == 0)
		a->elisions = elisions_ca;
	else if (strcmp(code, "de") == 0)
		a->rules |= R_GERMAN;
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

const char *analyser_code(const analyser *a)
{
	return a->code;
}

/* Stems s (n bytes) into a->stem and folds the accents the stemmer kept;
 * the token's word if the stemmer fails. */
static const char *stem_text(analyser *a, const an_token *tok, const char *s, size_t n,
			     size_t *len)
{
	strbuf_reset(&a->stem);
	const sb_symbol *st = sb_stemmer_stem(a->stemmer, (const sb_symbol *)s, (int)n);
	if (!st) {
		/* libstemmer fails only when out of memory: index the word. */
		strbuf_add(&a->stem, tok->word, tok->len);
		*len = a->stem.len;
		return a->stem.buf;
	}
	const char *stem = (const char *)st;
	size_t sn = (size_t)sb_stemmer_length(a->stemmer);
	int ascii = 1;
	for (size_t i = 0; i < sn; i++)
		if ((unsigned char)stem[i] >= 0x80)
			ascii = 0;
	if (ascii) {
		strbuf_add(&a->stem, stem, sn);
	} else {
		/* Fold the accents the stemmer kept.  (The scratch arrays are
		 * free: the token's forms are already encoded.) */
		token_begin(a);
		const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)stem;
		size_t i = 0;
		while (i < sn) {
			int32_t c;
			utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(sn - i), &c);
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

const char *analyser_stem(analyser *a, const an_token *tok, size_t *len)
{
	if (!a->stemmer || (tok->flags & (AN_NUMBER | AN_CJK))) {
		strbuf_reset(&a->stem);
		strbuf_add(&a->stem, tok->word, tok->len);
		*len = a->stem.len;
		return a->stem.buf;
	}
	return stem_text(a, tok, tok->cased, tok->casedlen, len);
}

const char *analyser_stem_folded(analyser *a, const an_token *tok, size_t *len)
{
	if (!a->stemmer || (tok->flags & (AN_NUMBER | AN_CJK)) ||
	    (tok->len == tok->casedlen && memcmp(tok->word, tok->cased, tok->len) == 0))
		return NULL;
	return stem_text(a, tok, tok->word, tok->len, len);
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
	/* Without any language's rules: places and field values fold alike
	 * whatever the language of the document or of the query. */
	a->neutral = 1;
	analyser_run(a, text, len, &pos, phrase_cb, &tmp);
	a->neutral = 0;
	strbuf_add(out, tmp.buf, tmp.len);
	strbuf_release(&tmp);
}

const char **analyser_languages(void)
{
	return sb_stemmer_list();
}
