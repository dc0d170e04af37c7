/*
 * qparse.h - dateline's query language: parsed into a tree, then compiled
 * into a Xapian query over the index schema (schema.h).
 *
 * The language (also in query(1) and the README):
 *
 *   word            a word, matched by its stem (elections ~ election);
 *                   numbers and words of several parts ("osce.org", "U.N.")
 *                   are matched exactly
 *   "a phrase"      the words in this order, unstemmed; a quoted single word
 *                   is matched exactly, unstemmed
 *   word*           words starting with "word" (at most --wildcard-limit of them)
 *   +word  -word    the word must / must not be there
 *   a AND b, a OR b, a NOT b, NOT a, ( ... )
 *                   boolean operators, upper case; NOT binds tightest, then
 *                   AND, then OR
 *   a NEAR b, a NEAR/n b
 *                   both words with at most n (default 10) words between
 *                   them, in any order; ADJ and ADJ/n: in this order
 *   title:word, title:"a phrase", title:(...)   in the title
 *   place:almaty, place:"new york"              the dateline's place (a city,
 *                   region or country)
 *   org:osce, org:"un women", org:minist*       an organisation the text names
 *                   (orgs.h), by any of its names or its acronym
 *   date:2012-10-18, date:2012-10, date:2012, date:2009..2012,
 *   date:2012-03.., date:..2012                 dates and date ranges
 *   after:DATE, before:DATE                     strictly later / earlier
 *   lang:ru         the document's language
 *   id:ID           the document with this id
 *   KEY:word        a word in the JSON metadata field KEY
 *
 * Words written next to each other without an operator are combined as
 * Xapian's query parser does: plain words and phrases with OR, ranked by
 * BM25 (documents with more of them first); +words are required, -words
 * excluded; filters (place:, org:, date:, after:, before:, lang:, id:) restrict
 * the results without changing their ranking - several values of the same
 * filter are alternatives (OR), different filters must all hold (AND).
 */
#ifndef DATELINE_QPARSE_H
#define DATELINE_QPARSE_H

#include <stddef.h>

#include "analyser.h"
#include "xap.h"

/* Longest query accepted, in bytes; deepest nesting of parentheses; most
 * words (each word of a phrase, each prefix* and each field value counts
 * one).  The cap on words bounds the work of a search: Xapian's time grows
 * faster than linearly with the number of terms of a query. */
#define QP_MAX_QUERY (1u << 20)
#define QP_MAX_DEPTH 100
#define QP_MAX_WORDS 1000

/* A language of fewer than 1 in this many of the index's documents is minor
 * (qp_options.lang_docs): the query is not analysed in it. */
#define QP_MINOR_SHARE 200

typedef struct qp_error {
	size_t pos;     /* byte offset in the query where the problem is */
	char msg[256];  /* what is wrong and what was expected */
} qp_error;

typedef struct qp_options {
	/* The analysers of the index's languages, the default first: words are
	 * split and folded by the first, and matched by the stems of each. */
	analyser *const *analysers;
	size_t nanalysers;
	/* The languages of the index's documents and how many documents each
	 * has, given only when every document has exactly one (its L terms
	 * add up to the document count): then a stem that the languages of
	 * most documents make is restricted by leaving the others out, the
	 * cheaper of two equal filters.  nlangs 0: restrict by inclusion.
	 * The counts also tell the minor languages: written in the script of
	 * the first analyser's language (never minor itself) and holding
	 * fewer than 1 in QP_MINOR_SHARE of the documents.  Their stems are
	 * not searched, and their documents are searched by the first
	 * analyser's stems instead.  In a large index they are mostly short
	 * texts the language guesser took for another language (0.1 % of
	 * enwiki's paragraphs, in 25 languages), and each one searched costs
	 * every query a filter over its documents, which a common stem (the
	 * Catalan "mount" of "mountain") makes dear.  A language of another
	 * script (Russian in an English index) keeps its stems.  Any language
	 * that rare is not left out of the others' stems, and a stem that only
	 * rare languages make is searched unfiltered, as one synonym with the
	 * default language's stem when that is unfiltered too: mostly the
	 * word as written, which a stemmer of another script leaves alone. */
	const char *const *lang_codes;
	const unsigned *lang_docs;
	size_t nlangs;
	double title_weight;   /* weight of a title match, relative to the body (0: none) */
	unsigned wildcard_limit; /* most words a prefix* may expand to */
	int default_and;       /* 1: plain words are all required (AND), not OR */
	/* Leave stopwords of the first analyser's language (stopwords.h) out
	 * of plain words side by side, unless no other word is left. */
	int stopwords;
	/* Proximity: each pair of plain words next to each other in the query
	 * (stopwords left out) adds, scaled by proximity_weight, their exact
	 * words' weights where they are at most proximity_window positions
	 * apart in a document, in either order (0 weight: off). */
	double proximity_weight;
	unsigned proximity_window;
	/* Literal: the query is plain words only - quotes, parentheses,
	 * operators, fields, + - and * mean nothing (batch evaluation). */
	int literal;
	/* Whether to compile the query's base too (qp_result), given its
	 * proximity pairs (NULL: always): a second compile, for a caller that
	 * re-ranks only some queries. */
	int (*want_base)(void *ctx, xap_query *const *pairs, size_t npairs);
	void *base_ctx;
	/* Whether KEY is a metadata field of the index (NULL: none is). */
	int (*meta_field_exists)(void *ctx, const char *key);
	void *meta_ctx;
} qp_options;

/* What the snippet writer highlights: a word matches if its folded form
 * equals a RAW term, its stem equals a STEM term, or its folded form starts
 * with a PREFIX term. */
enum qp_hl_kind { QP_HL_RAW, QP_HL_STEM, QP_HL_PREFIX };
typedef struct qp_highlight {
	enum qp_hl_kind kind;
	char *term;
} qp_highlight;

/* A positive word of the query as the user wrote it, for "did you mean"
 * (spelling.h): where it is, its folded form, and the index terms it is
 * searched by.  Words of phrases and of NEAR/ADJ count; prefixes*,
 * filters and hyphenated words do not. */
typedef struct qp_word {
	size_t start, len; /* bytes of the query */
	char *word;        /* folded, as the index holds it */
	char **terms;      /* with their prefixes ("Zviolenc", "Sviolence", ...) */
	size_t nterms;
	xap_query *query;  /* what matches the word (its stems, with their language filters) */
	int filtered;      /* its stems are restricted to their languages: the terms alone
			    * do not tell whether it matches (several languages) */
} qp_word;

/* The query's units of weight, for --explain: the subqueries whose
 * weights add up to a document's score (a word's stems, its title stems,
 * a phrase, a NEAR/ADJ group, a prefix*).  Filters and excluded words
 * weigh nothing and are not listed. */
typedef struct qp_part {
	xap_query *query;  /* owned by the result */
	char *label;       /* how the query wrote it: violence, "domestic violence", organi* */
	char *field;       /* "title" for the title stems of a word, else "" */
	char **terms;      /* its index terms (none for a prefix*, expanded at search) */
	size_t nterms;
	int additive;      /* 1 if its weight is the sum of its terms' (a phrase, NEAR,
			    * ADJ); else its terms weigh as one (a word's stems) */
} qp_part;

typedef struct qp_result {
	xap_query *query;       /* caller owns (released by qp_result_release) */
	/* The query's proximity pairs, each on its own (npairs 0: none), and
	 * the query compiled without them (NULL when there are none).  In
	 * query, a pair weighs with the words of its sequence (as one of its
	 * OR'ed words, or beside its required words), so base matches the
	 * documents query matches, apart from one whose two words are near
	 * each other but whose stems are not searched (a text of a minor
	 * language), and weighs each as much as query less its pairs': what
	 * the exact re-ranking of pairs builds on (rerank.h).  base is NULL
	 * too when qp_options' want_base says no. */
	xap_query *base;
	xap_query **pairs;
	size_t npairs;
	int ranked;             /* 1 if some part of the query ranks (not only filters) */
	qp_highlight *hl;       /* the positive words, for snippets */
	size_t nhl;
	qp_word *words;         /* the positive words, for "did you mean" */
	size_t nwords;
	qp_part *parts;         /* what the score adds up, for --explain */
	size_t nparts;
} qp_result;

/*
 * Parses and compiles query q (len bytes).  Returns 0 and fills *res, or -1
 * with *err saying where and why (malformed query, unknown field,
 * impossible date, ...).  Never crashes on any input.
 */
int qp_parse(const char *q, size_t len, const qp_options *opts, qp_result *res, qp_error *err);

void qp_result_release(qp_result *res);

/*
 * The filter of query's --since and --until options (either may be NULL):
 * documents dated from the start of since's day, month or year to the end
 * of until's, as date:SINCE..UNTIL.  Returns 0 with *out (caller owns;
 * xap_query_free()), or -1 with err->msg saying which option is wrong and
 * why (err->pos is 0).
 */
int qp_date_filter(const char *since, const char *until, xap_query **out, qp_error *err);

/* The fields qp_parse() knows besides metadata keys, for messages and help. */
extern const char *const qp_fields[];

#endif
