/*
 * output.h - query's result formats.
 *
 *   text   for people: rank, score, date, place, id, then the title and the
 *          snippet, indented; matched words in colour on a terminal,
 *          [between brackets] otherwise (--highlight).  In batch mode a line
 *          "query QID: TEXT" before each query's results.  When --partial
 *          left indexes out, a line "partial results: ..." before them.
 *   json   JSON Lines: one object per result with the fields (in this order;
 *          those without a value are left out):
 *            qid         the query's id (batch mode only; a string)
 *            rank        1-based, counting from the first result of the search
 *            score       BM25 weight (0 for filter-only queries)
 *            id, title
 *            date        "YYYY-MM-DD", "YYYY-MM" or "YYYY"
 *            place, lang
 *            orgs        array of the organisations the document names
 *            source      the file it came from
 *            line        its line, for JSON Lines sources
 *            meta        object of metadata fields
 *            snippet     plain text
 *            highlights  array of [start, end) pairs: character offsets of
 *                        the matched words in snippet
 *            explain     with --explain: {"score", "sum", "doclength",
 *                        "avlength", "doccount", "model" (the weighting model
 *                        and its parameters, like "ineb2 c=1" or
 *                        "bm25 k1=1.2 b=0.75"), "parts": [{"query",
 *                        "field", "weight", "terms": [{"term", "wdf",
 *                        "termfreq", and "weight" for the terms of a phrase
 *                        or NEAR group, whose weights add up}]}]}
 *          then, with --facet, one object per facet:
 *            {"facet": NAME, "documents": N, "counts": [{"value", "count"}]}
 *          and with --summary a last object
 *            {"summary": {"query", "parsed", "matches", "matches_lower",
 *             "matches_upper", "returned", "offset", "elapsed_ms",
 *             "did_you_mean", "partial", "missing"}}
 *          ("partial": true and "missing": [names] only when --partial
 *          left indexes out; facets and summaries carry "qid" too in
 *          batch mode).
 *   tsv    a header line, then one line per result: rank, score, id, date,
 *          place, lang, title, snippet (qid first in batch mode); tabs and
 *          line breaks inside fields become spaces.  With --facet, after all
 *          results, an empty line and a second table: facet, value, count.
 *   ids    the id of each result, one per line.
 *   paths  the source file of each result, once each, one per line.
 *   trec   the TREC run format: "QID Q0 DOCID RANK SCORE TAG" (white space in
 *          an id becomes '_').
 *
 * --fields chooses the fields (json) or columns (tsv), in the order given.
 * ids and paths end each record with NUL instead of a newline with -0; in
 * batch mode they are "QID<TAB>value".  Facets and summaries of ids,
 * paths and trec go to the aux stream (stderr), in the text layout.
 */
#ifndef DATELINE_OUTPUT_H
#define DATELINE_OUTPUT_H

#include <stdio.h>

#include "document.h"
#include "snippet.h"
#include "util.h"

enum out_format { OUT_TEXT, OUT_JSON, OUT_TSV, OUT_IDS, OUT_PATHS, OUT_TREC };
enum out_highlight { HL_COLOR, HL_BRACKETS, HL_NONE };

/* The fields of a result record, in their default order. */
enum out_field {
	OF_QID, OF_RANK, OF_SCORE, OF_ID, OF_TITLE, OF_DATE, OF_PLACE, OF_LANG, OF_ORGS,
	OF_SOURCE, OF_LINE, OF_META, OF_SNIPPET, OF_HIGHLIGHTS, OF_COUNT
};

/* The field named name[0, len), or -1.  Names are those of the json format. */
int output_field(const char *name, size_t len);
/* Every field name, comma-separated, for messages.  Static. */
const char *output_field_names(void);

/* A term of an explained part, with its statistics. */
typedef struct out_explain_term {
	char *term;
	unsigned wdf, termfreq;
	double weight;          /* its share, if its part is additive */
} out_explain_term;

typedef struct out_explain_part {
	const char *label, *field; /* owned by the parsed query */
	int additive;           /* the terms' weights add up to the part's */
	double weight;
	out_explain_term *terms;
	size_t nterms;
} out_explain_part;

/* Why a document scored what it did (--explain). */
typedef struct out_explain {
	double score, sum;      /* the score, and the sum of the parts' weights */
	unsigned doclength, doccount;
	double avlength;
	char *model;            /* "ineb2 c=1", "bm25 k1=1.2 b=0.75", ... */
	out_explain_part *parts;
	size_t nparts;
} out_explain;

typedef struct out_result {
	const char *qid;        /* NULL outside batch mode */
	unsigned rank;
	double score;
	const document *doc;
	const char *orgs;       /* SLOT_ORGS: names separated by '\n'; may be NULL */
	size_t orgslen;
	const snippet *snip;    /* NULL: none */
	const out_explain *explain; /* NULL: none */
} out_result;

typedef struct out_facet {
	const char *qid;
	const char *name;       /* year, place, org, lang */
	unsigned documents;     /* matching documents seen */
	const char **values;
	const unsigned *counts;
	size_t n;
} out_facet;

typedef struct out_summary {
	const char *qid;
	const char *query, *parsed; /* parsed: Xapian's description; may be NULL */
	unsigned matches, lower, upper; /* estimated total and its bounds */
	unsigned returned, offset;
	double elapsed_ms;
	const char *did_you_mean; /* NULL if none */
	const char *const *missing; /* the indexes left out (--partial) */
	size_t nmissing;
	int reranked; /* the proximity pairs re-ranked the page (rerank.h) */
} out_summary;

typedef struct output {
	enum out_format format;
	enum out_highlight highlight;
	int color;       /* colour for the other parts of text output */
	FILE *f, *aux;   /* results; facets and summaries of formats that cannot hold them */
	int batch;       /* records carry their query's id */
	int nul;         /* ids and paths end with NUL */
	const char *run_tag;
	int fields[OF_COUNT];
	size_t nfields;  /* 0: the format's default */
	unsigned count;  /* results printed for the current query */
	strmap paths;    /* paths printed for the current query */
	strbuf facets;   /* TSV facet rows, printed by output_end() */
} output;

/* Sets o up; the strings given must outlive it.  Release with output_end(). */
void output_init(output *o, enum out_format format, enum out_highlight hl, int color, FILE *f,
		 FILE *aux);
void output_begin(output *o);
/* Starts the results of a query (qid may be NULL outside batch mode). */
void output_query(output *o, const char *qid, const char *text);
void output_result(output *o, const out_result *r);
void output_facet(output *o, const out_facet *f);
void output_summary(output *o, const out_summary *s);
/* Says that the current query's results leave out n of the total indexes,
 * named in missing (query --partial): a line in text; nothing in the other
 * formats (json has it in the summary). */
void output_partial(output *o, const char *const *missing, size_t n, size_t total);
/* Prints what waits for the end (TSV facets) and releases o. */
void output_end(output *o);

/* Appends s (n bytes of UTF-8) to out as a JSON string, quotes included. */
void json_put_string(struct strbuf *out, const char *s, size_t n);

#endif
