/*
 * output.h - query's result formats.
 *
 *   text  for people: rank, score, date, place, id, then the title and the
 *         snippet, indented; matched words in colour on a terminal,
 *         [between brackets] otherwise (--highlight).
 *   json  JSON Lines: one object per result with the fields
 *           rank (1-based, counting from the first result of the search),
 *           score (BM25 weight; 0 for filter-only queries), id, title, date
 *           ("YYYY-MM-DD", "YYYY-MM" or "YYYY"), place, lang, source, line
 *           (for JSON Lines sources), meta (object of metadata fields),
 *           snippet (plain text), highlights (array of [start, end) pairs:
 *           character offsets of the matched words in snippet);
 *         fields with no value are left out.  With --summary, a last object
 *           {"summary": {"query", "matches", "matches_lower",
 *            "matches_upper", "returned", "offset", "elapsed_ms"}}.
 *   tsv   a header line, then one line per result: rank, score, id, date,
 *         place, lang, title, snippet; tabs and line breaks inside fields
 *         become spaces.
 */
#ifndef DATELINE_OUTPUT_H
#define DATELINE_OUTPUT_H

#include <stdio.h>

#include "document.h"
#include "snippet.h"

enum out_format { OUT_TEXT, OUT_JSON, OUT_TSV };
enum out_highlight { HL_COLOR, HL_BRACKETS, HL_NONE };

typedef struct out_result {
	unsigned rank;
	double score;
	const document *doc;
	const snippet *snip;
} out_result;

typedef struct out_summary {
	const char *query;
	unsigned matches, lower, upper; /* estimated total and its bounds */
	unsigned returned, offset;
	double elapsed_ms;
} out_summary;

typedef struct output {
	enum out_format format;
	enum out_highlight highlight;
	int color;     /* colour for the other parts of text output */
	FILE *f;
	unsigned count;
} output;

void output_init(output *o, enum out_format format, enum out_highlight hl, int color, FILE *f);
void output_begin(output *o);
void output_result(output *o, const out_result *r);
void output_summary(output *o, const out_summary *s);

/* Appends s (n bytes of UTF-8) to out as a JSON string, quotes included. */
struct strbuf;
void json_put_string(struct strbuf *out, const char *s, size_t n);

#endif
