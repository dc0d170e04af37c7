/*
 * ranking.h - how query weighs matches: the weighting model and its
 * parameters, and the query-side levers measured in docs/ranking.md.
 *
 * The defaults are the configuration measured best across the evaluation
 * collections (make eval): Xapian's IneB2 divergence-from-randomness model
 * with c = 1, title matches counted 0.2 on top of the body, a proximity
 * bonus of 0.1 for neighbouring query words within 16 positions, query-side
 * stopwords, and no pseudo-relevance feedback (it helps some collections
 * and hurts others, so it is an option).
 */
#ifndef DATELINE_RANKING_H
#define DATELINE_RANKING_H

#include "qparse.h"
#include "xap.h"

struct strbuf;

typedef struct ranking {
	char model[8];          /* "ineb2", "bm25", or another scheme of xap_enquire_set_weighting() */
	double k1, b;           /* BM25 */
	double c;               /* the DFR models' length normalisation */
	double title_weight;    /* a title match, on top of the body (qparse.h) */
	double proximity_weight; /* neighbouring query words close in the text (qparse.h) */
	unsigned proximity_window;
	int stopwords;          /* leave stopwords out of plain queries (stopwords.h) */
	unsigned expand_docs;   /* RM3 feedback documents (0: off) */
	unsigned expand_terms;  /* RM3 expansion terms */
	double expand_weight;   /* weight of the original query against the expansion */
} ranking;

void ranking_defaults(ranking *r);

/* 1 if name is a model xap_enquire_set_weighting() takes. */
int ranking_model_known(const char *name);

/* Sets enq's weighting scheme. */
xap_status ranking_apply(const ranking *r, xap_enquire *enq);

/* Fills the query parser's ranking options. */
void ranking_qparse(const ranking *r, qp_options *o);

/* "ineb2 c=1", "bm25 k1=1.2 b=0.75": appended to out. */
void ranking_describe(const ranking *r, struct strbuf *out);

/*
 * RM3 pseudo-relevance feedback: the relevance model of the first
 * r->expand_docs documents of m (term weights from their stems' frequencies,
 * each document weighted by its score), its r->expand_terms best stems
 * interpolated with q (q weighs r->expand_weight, the expansion the rest).
 * Stems in more than a tenth of the documents are left out.  *out is the
 * new query (caller owns), or NULL when there is nothing to add.
 */
xap_status ranking_expand(const ranking *r, xap_database *db, xap_mset *m, const xap_query *q,
			  unsigned qlen, xap_query **out);

#endif
