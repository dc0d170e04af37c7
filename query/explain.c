/*
 * explain.c - a score split into the weights of the query's parts (see
 * explain.h).
 */
#include "explain.h"
#include "schema.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* The weight of part q in the document with id term idterm. */
static xap_status part_weight(xap_enquire *enq, const xap_query *q, const xap_query *idq,
			      unsigned qlen, double *w)
{
	xap_query *f = NULL;
	xap_mset *m = NULL;
	const xap_query *subs[2] = { q, idq };
	xap_status st = xap_query_new_combine(XAP_OP_FILTER, (xap_query *const *)subs, 2, 0, &f, NULL);
	*w = 0;
	if (st == XAP_OK)
		st = xap_enquire_set_query(enq, f, qlen);
	if (st == XAP_OK)
		st = xap_enquire_get_mset(enq, 0, 1, 1, NULL, 0, &m);
	if (st == XAP_OK && xap_mset_size(m))
		st = xap_mset_item(m, 0, NULL, w, NULL);
	xap_mset_free(m);
	xap_query_free(f);
	return st;
}

xap_status explain_document(xap_database *db, const qp_result *qr, const explain_params *p,
			    xap_docid did, const document *doc, double score, out_explain *e)
{
	xap_enquire *enq = NULL;
	xap_document *xd = NULL;
	xap_query *idq = NULL;
	strbuf term = STRBUF_INIT;
	memset(e, 0, sizeof(*e));
	e->score = score;
	strbuf model = STRBUF_INIT;
	ranking_describe(p->rank, &model);
	e->model = strbuf_detach(&model, NULL);

	schema_id_term(doc->id, &term);
	xap_status st = xap_query_new_term(term.buf, term.len, 1, 0, &idq, NULL);
	if (st == XAP_OK)
		st = xap_enquire_new(db, &enq, NULL);
	if (st == XAP_OK)
		st = ranking_apply(p->rank, enq);
	if (st == XAP_OK)
		st = xap_database_get_document(db, did, &xd);
	if (st == XAP_OK)
		st = xap_database_doclength(db, did, &e->doclength);
	if (st == XAP_OK)
		st = xap_database_avlength(db, &e->avlength);
	if (st == XAP_OK)
		st = xap_database_doccount(db, &e->doccount);
	e->parts = xcalloc(qr->nparts ? qr->nparts : 1, sizeof(*e->parts));
	for (size_t i = 0; i < qr->nparts && st == XAP_OK; i++) {
		const qp_part *qp = &qr->parts[i];
		out_explain_part *ep = &e->parts[e->nparts++];
		ep->label = qp->label;
		ep->field = qp->field;
		ep->additive = qp->additive;
		st = part_weight(enq, qp->query, idq, p->qlen, &ep->weight);
		e->sum += ep->weight;
		ep->terms = xcalloc(qp->nterms ? qp->nterms : 1, sizeof(*ep->terms));
		for (size_t k = 0; k < qp->nterms && st == XAP_OK; k++) {
			out_explain_term *t = &ep->terms[ep->nterms++];
			const char *tt = qp->terms[k];
			t->term = xstrdup(tt);
			xap_status ws = xap_document_wdf(xd, tt, strlen(tt), &t->wdf);
			if (ws != XAP_OK && ws != XAP_NOT_FOUND)
				st = ws;
			else
				st = xap_database_termfreq(db, tt, strlen(tt), &t->termfreq);
			/* A phrase weighs what its terms weigh, when it matches. */
			if (st == XAP_OK && qp->additive && ep->weight > 0) {
				xap_query *tq = NULL;
				st = xap_query_new_term(tt, strlen(tt), 1, 0, &tq, NULL);
				if (st == XAP_OK)
					st = part_weight(enq, tq, idq, p->qlen, &t->weight);
				xap_query_free(tq);
			}
		}
	}
	xap_document_free(xd);
	xap_enquire_free(enq);
	xap_query_free(idq);
	strbuf_release(&term);
	return st;
}

void explain_release(out_explain *e)
{
	for (size_t i = 0; i < e->nparts; i++) {
		for (size_t k = 0; k < e->parts[i].nterms; k++)
			free(e->parts[i].terms[k].term);
		free(e->parts[i].terms);
	}
	free(e->parts);
	free(e->model);
	memset(e, 0, sizeof(*e));
}
