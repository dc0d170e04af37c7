/*
 * rerank.c - the exact re-ranking of a query's proximity pairs (rerank.h).
 */
#include "rerank.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

unsigned rerank_depth(unsigned k)
{
	return k > (1u << 24) ? k : k + 20;
}

struct rarest {
	xap_database *db;
	unsigned docs;
};

static int rarer(void *ctx, const char *t, size_t len, unsigned wqf)
{
	struct rarest *r = ctx;
	unsigned tf = 0;
	(void)wqf;
	if (xap_database_termfreq(r->db, t, len, &tf) == XAP_OK && tf < r->docs)
		r->docs = tf;
	return 0;
}

int rerank_pays(xap_database *db, const xap_query *const *pairs, size_t npairs,
		unsigned long min_docs)
{
	unsigned long docs = 0;
	for (size_t p = 0; p < npairs && docs < min_docs; p++) {
		struct rarest r = { db, ~0u };
		xap_query_terms(pairs[p], rarer, &r);
		docs += r.docs == ~0u ? 0 : r.docs;
	}
	return docs >= min_docs;
}

/* The terms of a pair, each ended by a NUL. */
static int add_term(void *ctx, const char *t, size_t len, unsigned freq)
{
	(void)freq;
	strbuf_add(ctx, t, len);
	strbuf_addc(ctx, '\0');
	return 0;
}

/*
 * The pairs in groups that share no term, each an OR of its pairs
 * (rerank.h: Xapian 1.4 and NEARs that share a word), greedily: a pair
 * joins the first group that holds none of its terms.  Returns the number
 * of groups; *out (caller frees each and the array).
 */
static size_t group_pairs(const rerank_query *rq, xap_query ***out, xap_status *st)
{
	size_t ng = 0;
	strmap *used = xcalloc(rq->npairs ? rq->npairs : 1, sizeof(*used));
	size_t *group = xcalloc(rq->npairs ? rq->npairs : 1, sizeof(*group));
	strbuf terms = STRBUF_INIT;
	*out = NULL;
	for (size_t p = 0; p < rq->npairs && !*st; p++) {
		strbuf_reset(&terms);
		*st = xap_query_terms(rq->pairs[p], add_term, &terms);
		size_t g = 0;
		for (; g < ng; g++) {
			int clash = 0;
			for (size_t at = 0; at < terms.len && !clash; at += strlen(terms.buf + at) + 1)
				clash = strmap_get(&used[g], terms.buf + at, strlen(terms.buf + at)) != NULL;
			if (!clash)
				break;
		}
		if (g == ng)
			ng++;
		group[p] = g;
		for (size_t at = 0; at < terms.len; at += strlen(terms.buf + at) + 1) {
			int added;
			strmap_put(&used[g], terms.buf + at, strlen(terms.buf + at), &added);
		}
	}
	xap_query **groups = xcalloc(ng ? ng : 1, sizeof(*groups));
	const xap_query **members = xcalloc(rq->npairs ? rq->npairs : 1, sizeof(*members));
	for (size_t g = 0; g < ng && !*st; g++) {
		size_t nm = 0;
		for (size_t p = 0; p < rq->npairs; p++)
			if (group[p] == g)
				members[nm++] = rq->pairs[p];
		*st = xap_query_new_combine(XAP_OP_OR, (xap_query *const *)members, nm, 0, &groups[g], NULL);
	}
	free(members);
	for (size_t g = 0; g < rq->npairs; g++)
		strmap_release(&used[g]);
	free(used);
	free(group);
	strbuf_release(&terms);
	*out = groups;
	return ng;
}

static int by_did(const void *a, const void *b)
{
	const rerank_hit *x = a, *y = b;
	return x->did < y->did ? -1 : x->did > y->did;
}

/* Xapian's order: weight descending, ties by ascending id. */
static int by_weight(const void *a, const void *b)
{
	const rerank_hit *x = a, *y = b;
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return by_did(a, b);
}

/*
 * The candidates of cands (rq->base's results) weighed by the whole query:
 * their base weights plus the pairs', searched among them only, a group of
 * pairs at a time; *out (caller frees) in Xapian's order, and *pmax the
 * most the pairs can add to any document.  XAP_UNIMPLEMENTED if the shards
 * cannot be told apart (xap_query_new_docids).
 */
static xap_status weigh(xap_enquire *enq, xap_database *db, const rerank_query *rq,
			xap_mset *cands, rerank_hit **out, double *pmax)
{
	unsigned n = xap_mset_size(cands);
	rerank_hit *c = xcalloc(n ? n : 1, sizeof(*c));
	xap_docid *ids = xcalloc(n ? n : 1, sizeof(*ids));
	xap_query *only = NULL, **groups = NULL;
	xap_status st = XAP_OK;
	size_t ng = group_pairs(rq, &groups, &st);
	*pmax = 0;
	for (unsigned i = 0; i < n && !st; i++) {
		st = xap_mset_item(cands, i, &c[i].did, &c[i].weight, NULL);
		ids[i] = c[i].did;
	}
	if (!st)
		st = xap_query_new_docids(db, ids, n, &only, NULL);
	free(ids);
	qsort(c, n, sizeof(*c), by_did);
	for (size_t g = 0; g < ng && !st; g++) {
		xap_query *parts[2] = { groups[g], only }, *q = NULL;
		xap_mset *m = NULL;
		st = xap_query_new_combine(XAP_OP_FILTER, parts, 2, 0, &q, NULL);
		if (!st)
			st = xap_enquire_set_query(enq, q, rq->qlen);
		/* All of them, so that Xapian skips none. */
		if (!st)
			st = xap_enquire_get_mset(enq, 0, n, n, NULL, 0, &m);
		if (!st)
			*pmax += xap_mset_max_possible(m);
		for (unsigned i = 0; !st && i < xap_mset_size(m); i++) {
			rerank_hit h;
			if (!(st = xap_mset_item(m, i, &h.did, &h.weight, NULL))) {
				rerank_hit *at = bsearch(&h, c, n, sizeof(*c), by_did);
				if (at)
					at->weight += h.weight;
			}
		}
		xap_mset_free(m);
		xap_query_free(q);
	}
	for (size_t g = 0; g < ng; g++)
		xap_query_free(groups[g]);
	free(groups);
	xap_query_free(only);
	if (st) {
		free(c);
		return st;
	}
	qsort(c, n, sizeof(*c), by_weight);
	*out = c;
	return XAP_OK;
}

xap_status rerank_hits(xap_mset *m, rerank_hit **hits, unsigned *nhits)
{
	unsigned n = xap_mset_size(m);
	rerank_hit *h = xcalloc(n ? n : 1, sizeof(*h));
	xap_status st = XAP_OK;
	for (unsigned i = 0; i < n && !st; i++)
		st = xap_mset_item(m, i, &h[i].did, &h[i].weight, NULL);
	if (st) {
		free(h);
		h = NULL;
		n = 0;
	}
	*hits = h;
	*nhits = n;
	return st;
}

/* The page of the whole query as Xapian ranks it. */
static xap_status whole(xap_enquire *enq, const rerank_query *rq, unsigned first, unsigned max,
			rerank_hit **hits, unsigned *nhits)
{
	xap_mset *m = NULL;
	xap_status st = xap_enquire_set_query(enq, rq->whole, rq->qlen);
	if (!st)
		st = xap_enquire_get_mset(enq, first, max, 0, NULL, 0, &m);
	if (!st)
		st = rerank_hits(m, hits, nhits);
	xap_mset_free(m);
	return st;
}

/* Weights are sums of floating-point parts, added in another order in the
 * base: a margin far above their rounding. */
static double margin(double w)
{
	return (w < 0 ? -w : w) * 1e-9 + 1e-12;
}

xap_status rerank(xap_enquire *enq, xap_database *db, const rerank_query *rq, xap_mset *pass1,
		  unsigned n, unsigned first, unsigned max, rerank_hit **hits, unsigned *nhits,
		  rerank_stats *stats)
{
	rerank_stats local = { 0 };
	rerank_hit *ranked = NULL;
	unsigned k = first + max, got = xap_mset_size(pass1);
	double pmax = 0, last = 0;
	*hits = NULL;
	*nhits = 0;
	xap_status st = weigh(enq, db, rq, pass1, &ranked, &pmax);
	int done = !st && got < n; /* every match was a candidate */
	if (!st && !done && got >= k && !(st = xap_mset_item(pass1, got - 1, NULL, &last, NULL)))
		done = ranked[k - 1].weight > last + pmax + margin(last + pmax);
	if (st == XAP_UNIMPLEMENTED) /* the shards cannot be told apart */
		st = XAP_OK;
	if (!st && done) {
		unsigned nk = got > first ? got - first : 0;
		nk = nk < max ? nk : max;
		*hits = xcalloc(nk ? nk : 1, sizeof(**hits));
		if (nk)
			memcpy(*hits, ranked + first, nk * sizeof(**hits));
		*nhits = nk;
	} else if (!st) {
		local.whole = 1;
		st = whole(enq, rq, first, max, hits, nhits);
	}
	free(ranked);
	if (stats)
		*stats = local;
	return st;
}
