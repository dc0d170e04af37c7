/*
 * like.h - documents similar to a given one (query --like ID).
 *
 * Relevance feedback with the document as the only relevant one: Xapian's
 * expand set (ESet), weighed by the Bose-Einstein model (Bo1, which favours
 * terms the document uses often and the collection seldom), picks its
 * stems (Z terms; title stems left out, and terms that no other document
 * has or that more than half of the documents have);
 * the search is an OR of the LIKE_TERMS best of them, ranked by BM25,
 * without the document itself.
 */
#ifndef DATELINE_LIKE_H
#define DATELINE_LIKE_H

#include "qparse.h"
#include "util.h"
#include "xap.h"

#define LIKE_TERMS 20
/* Expand terms looked at to find LIKE_TERMS usable ones. */
#define LIKE_CANDIDATES 200

/*
 * Fills res as qp_parse() would (query, ranked, highlights, and the parts
 * for --explain, one per term) for documents like the one with id id.
 * Returns XAP_OK; XAP_NOT_FOUND if there is no such document; else the
 * binding's status.  A message is appended to err on failure.  The caller
 * releases res with qp_result_release().
 */
xap_status like_query(xap_database *db, const char *id, qp_result *res, strbuf *err);

#endif
