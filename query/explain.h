/*
 * explain.h - why a document scored what it did (query --explain).
 *
 * A score is a sum: BM25 gives each part of the query (a word's stems, its
 * title stems scaled by the title weight, a phrase, a NEAR group, a
 * prefix*; qparse.h's qp_part) a weight in each document that matches it,
 * and filters weigh nothing.  Each part is run again alone, restricted to
 * the document by its id term, with the same weighting and query length:
 * its weight there is its contribution.  The contributions add up to the
 * score (to rounding), which the tests check.
 */
#ifndef DATELINE_EXPLAIN_H
#define DATELINE_EXPLAIN_H

#include "document.h"
#include "output.h"
#include "qparse.h"
#include "ranking.h"
#include "xap.h"

typedef struct explain_params {
	const ranking *rank; /* the model, as the search ran */
	unsigned qlen;       /* the query length the search used */
} explain_params;

/*
 * Fills e (caller releases it with explain_release()) for document did
 * (doc is its decoded data, for its id), which scored score for the query
 * whose parts are qr->parts.  Returns XAP_OK or the binding's status
 * (XAP_MODIFIED: reopen and retry).
 */
xap_status explain_document(xap_database *db, const qp_result *qr, const explain_params *p,
			    xap_docid did, const document *doc, double score, out_explain *e);
void explain_release(out_explain *e);

#endif
