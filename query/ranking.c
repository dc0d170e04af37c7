/*
 * ranking.c - weighting models and pseudo-relevance feedback (see ranking.h).
 */
#include "ranking.h"
#include "schema.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *const models[] = { "ineb2", "bm25", "bm25+", "pl2", "pl2+", "dph", "dlh",
				      "inl2", "ifb2", "bb2", "lm", "trad", NULL };

void ranking_defaults(ranking *r)
{
	memset(r, 0, sizeof(*r));
	strcpy(r->model, "ineb2");
	r->k1 = 1.2;
	r->b = 0.75;
	r->c = 1.0;
	r->title_weight = 0.2;
	r->proximity_weight = 0.1;
	r->proximity_window = 16;
	r->stopwords = 1;
	r->expand_docs = 0;
	r->expand_terms = 20;
	r->expand_weight = 0.6;
}

int ranking_model_known(const char *name)
{
	for (int i = 0; models[i]; i++)
		if (strcmp(models[i], name) == 0)
			return 1;
	return 0;
}

static int is_dfr(const char *m)
{
	return !strcmp(m, "ineb2") || !strcmp(m, "pl2") || !strcmp(m, "inl2") || !strcmp(m, "ifb2") ||
	       !strcmp(m, "bb2");
}

xap_status ranking_apply(const ranking *r, xap_enquire *enq)
{
	if (strcmp(r->model, "bm25") == 0 || strcmp(r->model, "bm25+") == 0) {
		double p[5] = { r->k1, 0, 1, r->b, 0.5 };
		return xap_enquire_set_weighting(enq, r->model, p, 5);
	}
	if (is_dfr(r->model))
		return xap_enquire_set_weighting(enq, r->model, &r->c, 1);
	return xap_enquire_set_weighting(enq, r->model, NULL, 0);
}

void ranking_qparse(const ranking *r, qp_options *o)
{
	o->title_weight = r->title_weight;
	o->proximity_weight = r->proximity_weight;
	o->proximity_window = r->proximity_window;
	o->stopwords = r->stopwords;
}

void ranking_describe(const ranking *r, strbuf *out)
{
	strbuf_adds(out, r->model);
	if (!strncmp(r->model, "bm25", 4))
		strbuf_addf(out, " k1=%g b=%g", r->k1, r->b);
	else if (is_dfr(r->model))
		strbuf_addf(out, " c=%g", r->c);
}

/* The relevance model being summed: weight of each stem term. */
struct rm {
	strmap index; /* term -> position in terms/weights */
	char **terms;
	double *weights;
	size_t n;
	/* the document being read */
	double docweight, doclen;
};

/* Z terms hold the stems; "ZS" (title stems) and other prefixes are not. */
static int is_stem(const char *t, size_t n)
{
	return n > 1 && t[0] == 'Z' && !(t[1] >= 'A' && t[1] <= 'Z');
}

static int length_cb(void *ctx, const char *t, size_t n, unsigned wdf)
{
	struct rm *rm = ctx;
	if (is_stem(t, n))
		rm->doclen += wdf;
	return 0;
}

static int add_cb(void *ctx, const char *t, size_t n, unsigned wdf)
{
	struct rm *rm = ctx;
	if (!is_stem(t, n))
		return 0;
	int added;
	unsigned *slot = strmap_put(&rm->index, t, n, &added);
	if (added) {
		*slot = (unsigned)rm->n;
		rm->terms = xrealloc(rm->terms, (rm->n + 1) * sizeof(*rm->terms));
		rm->weights = xrealloc(rm->weights, (rm->n + 1) * sizeof(*rm->weights));
		rm->terms[rm->n] = xstrndup(t, n);
		rm->weights[rm->n] = 0;
		rm->n++;
	}
	rm->weights[*slot] += rm->docweight * wdf / rm->doclen;
	return 0;
}

struct scored_term {
	const char *term;
	double weight;
};

static int by_weight(const void *a, const void *b)
{
	double x = ((const struct scored_term *)a)->weight, y = ((const struct scored_term *)b)->weight;
	if (x != y)
		return x > y ? -1 : 1;
	return strcmp(((const struct scored_term *)a)->term, ((const struct scored_term *)b)->term);
}

static int in_query(void *ctx, const char *t, size_t n, unsigned wqf)
{
	strmap_put(ctx, t, n, NULL);
	return 0;
}

xap_status ranking_expand(const ranking *r, xap_database *db, xap_mset *m, const xap_query *q,
			  unsigned qlen, xap_query **out)
{
	struct rm rm = { STRMAP_INIT, NULL, NULL, 0, 0, 0 };
	strmap qterms = STRMAP_INIT;
	struct scored_term *st = NULL;
	xap_query **parts = NULL;
	size_t np = 0;
	unsigned ndocs = xap_mset_size(m), doccount = 0;
	double total = 0;
	xap_status s = XAP_OK;
	*out = NULL;
	if (ndocs > r->expand_docs)
		ndocs = r->expand_docs;
	if (!ndocs || !r->expand_terms)
		return XAP_OK;
	for (unsigned i = 0; i < ndocs; i++) {
		double w;
		if ((s = xap_mset_item(m, i, NULL, &w, NULL)))
			return s;
		total += w;
	}
	for (unsigned i = 0; i < ndocs && s == XAP_OK && total > 0; i++) {
		xap_document *d = NULL;
		double w;
		if ((s = xap_mset_item(m, i, NULL, &w, NULL)) || (s = xap_mset_document(m, i, &d)))
			break;
		rm.doclen = 0;
		rm.docweight = w / total;
		s = xap_document_termlist(d, length_cb, &rm);
		if (s == XAP_OK && rm.doclen > 0)
			s = xap_document_termlist(d, add_cb, &rm);
		xap_document_free(d);
	}
	if (s == XAP_OK)
		s = xap_database_doccount(db, &doccount);
	if (s == XAP_OK)
		s = xap_query_terms(q, in_query, &qterms);
	if (s)
		goto done;

	/* The candidates: not in the query, not in more than a tenth of the
	 * documents (such stems carry no topic). */
	st = xcalloc(rm.n ? rm.n : 1, sizeof(*st));
	size_t ns = 0;
	for (size_t i = 0; i < rm.n; i++) {
		unsigned tf = 0;
		if (strmap_get(&qterms, rm.terms[i], strlen(rm.terms[i])))
			continue;
		if ((s = xap_database_termfreq(db, rm.terms[i], strlen(rm.terms[i]), &tf)))
			goto done;
		if ((double)tf * 10 > doccount)
			continue;
		st[ns++] = (struct scored_term){ rm.terms[i], rm.weights[i] };
	}
	qsort(st, ns, sizeof(*st), by_weight);
	if (ns > r->expand_terms)
		ns = r->expand_terms;
	double sum = 0;
	for (size_t i = 0; i < ns; i++)
		sum += st[i].weight;
	if (!ns || sum <= 0)
		goto done;

	/* The original query weighs expand_weight; the expansion the rest, in
	 * the proportions of the relevance model, on the scale of one query
	 * word per query length. */
	parts = xcalloc(ns + 1, sizeof(*parts));
	if ((s = xap_query_new_scale(q, r->expand_weight, &parts[np], NULL)))
		goto done;
	np++;
	double scale = (1 - r->expand_weight) * (qlen ? qlen : 1);
	for (size_t i = 0; i < ns; i++) {
		xap_query *t = NULL;
		if ((s = xap_query_new_term(st[i].term, strlen(st[i].term), 1, 0, &t, NULL)))
			goto done;
		s = xap_query_new_scale(t, scale * st[i].weight / sum, &parts[np], NULL);
		xap_query_free(t);
		if (s)
			goto done;
		np++;
	}
	s = xap_query_new_combine(XAP_OP_OR, parts, np, 0, out, NULL);
done:
	for (size_t i = 0; i < np; i++)
		xap_query_free(parts[i]);
	free(parts);
	free(st);
	for (size_t i = 0; i < rm.n; i++)
		free(rm.terms[i]);
	free(rm.terms);
	free(rm.weights);
	strmap_release(&rm.index);
	strmap_release(&qterms);
	return s;
}
