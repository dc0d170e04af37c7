/*
 * snippet.h - the passage of a document that best shows why it matched.
 *
 * The text is analysed as the indexer analysed it, each word is compared
 * with the query's highlight terms (qparse.h), and the window of about the
 * requested length that holds the most distinct query words (then the most
 * matches) is chosen, widened to word boundaries, with line breaks folded
 * into spaces and "…" where the text was cut.  Without any match the
 * snippet is the start of the text.
 */
#ifndef DATELINE_SNIPPET_H
#define DATELINE_SNIPPET_H

#include <stddef.h>

#include "analyser.h"
#include "qparse.h"

struct strbuf;

typedef struct snippet_match {
	size_t start, end; /* byte offsets of a matched word in the snippet text */
} snippet_match;

typedef struct snippet {
	char *text;             /* the passage, without marks; caller owns (snippet_release) */
	size_t len;
	snippet_match *matches; /* in order */
	size_t nmatches;
} snippet;

/*
 * Makes the snippet of text (len bytes) for the highlight terms, about
 * width characters long.
 */
void snippet_make(analyser *a, const char *text, size_t len, const qp_highlight *hl, size_t nhl,
		  size_t width, snippet *out);
void snippet_release(snippet *s);

/* Appends s to out with each match wrapped in open and close. */
void snippet_mark(const snippet *s, const char *open, const char *close, struct strbuf *out);

/* Number of code points in s[0, n): for offsets that count characters. */
size_t snippet_chars(const char *s, size_t n);

#endif
