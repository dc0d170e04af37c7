/*
 * snippet.c - best-passage selection and highlighting.
 */
#include "snippet.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Text analysed for the best passage: a snippet from deep inside a huge
 * document is not worth analysing all of it. */
#define MAX_SCAN (2u << 20)

struct hit {
	size_t start, end; /* in the original text */
	unsigned term;     /* which highlight term */
};

struct scan {
	analyser *a;
	const qp_highlight *hl;
	size_t nhl;
	int need_stem;
	struct hit *hits;
	size_t nhits, alloc;
};

static int scan_cb(void *ctx, const an_token *t)
{
	struct scan *s = ctx;
	const char *stem = NULL;
	size_t sl = 0;
	if (t->flags & AN_JOINED)
		return 0; /* its parts are matched on their own */
	for (size_t i = 0; i < s->nhl; i++) {
		const qp_highlight *h = &s->hl[i];
		size_t hl = strlen(h->term);
		int m = 0;
		if (h->kind == QP_HL_RAW) {
			m = (hl == t->len && memcmp(h->term, t->word, hl) == 0) ||
			    (t->alt && hl == t->altlen && memcmp(h->term, t->alt, hl) == 0);
		} else if (h->kind == QP_HL_PREFIX) {
			m = t->len >= hl && memcmp(h->term, t->word, hl) == 0;
		} else {
			if (!stem)
				stem = analyser_stem(s->a, t, &sl);
			m = hl == sl && memcmp(h->term, stem, hl) == 0;
			if (!m) {
				/* The indexer also indexed the stem of the word
				 * without accents (a query "egalite" for "égalité"). */
				size_t fl;
				const char *fs = analyser_stem_folded(s->a, t, &fl);
				m = fs && hl == fl && memcmp(h->term, fs, hl) == 0;
				stem = NULL; /* overwritten: stem again if needed */
			}
		}
		if (m) {
			if (s->nhits == s->alloc) {
				s->alloc = s->alloc ? 2 * s->alloc : 64;
				s->hits = xrealloc(s->hits, s->alloc * sizeof(*s->hits));
			}
			s->hits[s->nhits++] = (struct hit){ t->start, t->end, (unsigned)i };
			break;
		}
	}
	return 0;
}

size_t snippet_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* Moves i back to the start of a UTF-8 sequence. */
static size_t char_start(const char *t, size_t i)
{
	while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80)
		i--;
	return i;
}

static int is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v';
}

void snippet_make(analyser *a, const char *text, size_t len, const qp_highlight *hl, size_t nhl,
		  size_t width, snippet *out)
{
	struct scan s = { a, hl, nhl, 0, NULL, 0, 0 };
	size_t scan = len < MAX_SCAN ? len : utf8_truncate(text, len, MAX_SCAN);
	memset(out, 0, sizeof(*out));
	if (width < 20)
		width = 20;
	/* Width is in characters; work in bytes at this text's density. */
	size_t sample = scan < 4096 ? scan : 4096;
	size_t chars = snippet_chars(text, sample);
	size_t bwidth = chars ? width * sample / chars : width;
	if (bwidth < width)
		bwidth = width;

	if (nhl) {
		unsigned pos = 1;
		analyser_run(a, text, scan, &pos, scan_cb, &s);
	}

	/* The window with the most distinct terms, then the most hits. */
	size_t best_i = 0, best_j = 0;
	long best = -1;
	unsigned char *seen = xcalloc(nhl ? nhl : 1, 1);
	for (size_t i = 0; i < s.nhits; i++) {
		memset(seen, 0, nhl);
		size_t distinct = 0, j = i;
		while (j < s.nhits && s.hits[j].end - s.hits[i].start <= bwidth) {
			if (!seen[s.hits[j].term]) {
				seen[s.hits[j].term] = 1;
				distinct++;
			}
			j++;
		}
		long score = (long)distinct * 1000 + (long)(j - i);
		if (score > best) {
			best = score;
			best_i = i;
			best_j = j;
		}
	}
	free(seen);

	size_t from, to;
	if (best >= 0) {
		/* Centre the hits in the window. */
		size_t hs = s.hits[best_i].start, he = s.hits[best_j - 1].end;
		size_t slack = bwidth > he - hs ? bwidth - (he - hs) : 0;
		from = hs > slack / 3 ? hs - slack / 3 : 0;
		to = from + bwidth > len ? len : from + bwidth;
		if (to < he)
			to = he;
		/* Start at a sentence if one begins shortly before the first hit. */
		for (size_t k = hs; k > from && hs - k < bwidth / 2; k--) {
			if (k >= 2 && (text[k - 2] == '.' || text[k - 2] == '\n') && is_space(text[k - 1])) {
				from = k;
				to = from + bwidth > len ? len : from + bwidth;
				if (to < he)
					to = he;
				break;
			}
		}
	} else {
		from = 0;
		to = bwidth > len ? len : bwidth;
	}
	/* Whole words at both ends. */
	from = char_start(text, from);
	to = char_start(text, to);
	if (from > 0 && !is_space(text[from - 1])) {
		while (from < to && !is_space(text[from]))
			from++;
	}
	if (to < len && !is_space(text[to])) {
		size_t k = to;
		while (k > from && !is_space(text[k - 1]))
			k--;
		/* Keep a last hit whole even if the word is long. */
		if (k > from && (best < 0 || k >= s.hits[best_j - 1].end))
			to = k;
	}
	while (from < to && is_space(text[from]))
		from++;
	while (to > from && is_space(text[to - 1]))
		to--;

	/* Copy, folding runs of white space into one space, and carry the hits. */
	strbuf sb = STRBUF_INIT;
	size_t h = 0;
	while (h < s.nhits && s.hits[h].start < from)
		h++;
	/* "…" only where text was left out, not where white space was trimmed. */
	size_t before = from, after = to;
	while (before > 0 && is_space(text[before - 1]))
		before--;
	while (after < len && is_space(text[after]))
		after++;
	if (before > 0)
		strbuf_adds(&sb, "\xE2\x80\xA6"); /* … */
	for (size_t k = from; k < to;) {
		if (h < s.nhits && s.hits[h].start == k && s.hits[h].end <= to) {
			out->matches = xrealloc(out->matches, (out->nmatches + 1) * sizeof(*out->matches));
			out->matches[out->nmatches].start = sb.len;
			strbuf_add(&sb, text + k, s.hits[h].end - k);
			out->matches[out->nmatches].end = sb.len;
			out->nmatches++;
			k = s.hits[h].end;
			h++;
			continue;
		}
		if (is_space(text[k])) {
			if (sb.len && sb.buf[sb.len - 1] != ' ')
				strbuf_addc(&sb, ' ');
			k++;
			continue;
		}
		strbuf_addc(&sb, text[k]);
		k++;
		while (h < s.nhits && s.hits[h].start < k)
			h++;
	}
	if (after < len)
		strbuf_adds(&sb, "\xE2\x80\xA6");
	free(s.hits);
	out->text = strbuf_detach(&sb, &out->len);
}

void snippet_release(snippet *s)
{
	free(s->text);
	free(s->matches);
	memset(s, 0, sizeof(*s));
}

void snippet_mark(const snippet *s, const char *open, const char *close, strbuf *out)
{
	size_t k = 0;
	for (size_t i = 0; i < s->nmatches; i++) {
		strbuf_add(out, s->text + k, s->matches[i].start - k);
		strbuf_adds(out, open);
		strbuf_add(out, s->text + s->matches[i].start, s->matches[i].end - s->matches[i].start);
		strbuf_adds(out, close);
		k = s->matches[i].end;
	}
	strbuf_add(out, s->text + k, s->len - k);
}
