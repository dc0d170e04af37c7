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
