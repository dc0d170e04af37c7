/*
 * spelling.h - "did you mean": the index's spelling data (Xapian's
 * spelling table), filled as documents are indexed and read to correct
 * queries.
 *
 * Indexing adds each distinct word of a document (title and body, folded
 * as the analyser folds them: the terms of schema.c without a prefix) of
 * three characters or more, that is not a number or a CJK bigram, with the
 * number of its occurrences in the document.  The counts grow with every indexing of a document and do not
 * shrink when one is replaced or deleted: they only order suggestions, and
 * a suggestion is offered only if the word is still in the index.
 */
#ifndef DATELINE_SPELLING_H
#define DATELINE_SPELLING_H

#include <stddef.h>

#include "qparse.h"
#include "util.h"
#include "xap.h"

struct strbuf;

/* Words shorter than this (in characters) are left out of the spelling data. */
#define SPELLING_MIN_CHARS 3

/*
 * Adds the words of xd, a document made by schema_build(), to the spelling
 * data of db (a writable database; they are written with the next commit):
 * its unprefixed terms, each with its wdf.  Returns XAP_OK or the
 * binding's status (its message on db).
 */
xap_status spelling_add_document(xap_database *db, xap_document *xd);

/*
 * The same words gathered in memory, for a build that writes a new index
 * (indexer --bulk, --shards) and adds them to its spelling data once, at
 * the end.  Xapian keeps, for every fragment of a word (its first and last
 * letters, its trigrams), the list of the words that hold it, and rewrites
 * each list that gains a word at every commit: added document by document,
 * a large vocabulary makes every commit rewrite lists that keep growing,
 * and the build's cost grows faster than its size.  Added once, each list
 * is written once.
 */
typedef struct spelling_words {
	strmap words; /* word -> sum of its wdf */
} spelling_words;

#define SPELLING_WORDS_INIT { STRMAP_INIT }

/* Words gathered at most before they are added: memory stays bounded
 * (while Xapian adds them it holds every fragment of each word, some
 * hundreds of bytes per word). */
#define SPELLING_GATHER_MAX (1u << 18)

/* Adds the words of xd (as spelling_add_document() would) to w; when w
 * holds SPELLING_GATHER_MAX words, flushes them into db. */
xap_status spelling_gather(spelling_words *w, xap_database *db, xap_document *xd);
/* Adds the words of w to db's spelling data (written with the next commit)
 * and empties w. */
xap_status spelling_flush(spelling_words *w, xap_database *db);
void spelling_words_release(spelling_words *w);

/*
 * The query (query, len bytes) with each of its words that the index does
 * not hold (res->words whose terms all have termfreq 0) replaced by the
 * closest spelling from the index's spelling data (at most two edits), if
 * that word is in the index.  Appends the corrected query to out and
 * returns 1, or returns 0 and appends nothing if no word needs or has a
 * correction.  A database error counts as no correction.
 */
int spelling_correct(xap_database *db, const qp_result *res, const char *query, size_t len,
		     struct strbuf *out);

#endif
