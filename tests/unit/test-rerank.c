/*
 * test-rerank.c - the exact re-ranking of proximity pairs (lib/rerank.h)
 * against the whole query, and the binding calls it stands on
 * (xap_query_new_docids, xap_mset_max_possible).
 *
 * A collection of random texts over a small vocabulary, so that words
 * repeat, pairs fall near each other often, and weights tie: as one
 * database and as two shards.  Every query runs whole and re-ranked, at
 * every depth from a single candidate up, and the pages must be the same
 * documents in the same order with the same weights.  The depths that are
 * too shallow make the re-ranking run the whole query: the test checks it
 * met both ways out.
 */
#include "rerank.h"
#include "tap.h"
#include "xap.h"

#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NDOCS 600
#define NWORDS 14

static char dir[64];

static char *path(const char *name)
{
	static char buf[128];
	snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

static unsigned long long rng = 20261206;
static unsigned rnd(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng >> 33) % n);
}

/* Word k of the vocabulary, the low ones commoner (about 1/(k+1)). */
static unsigned pick_word(void)
{
	for (;;) {
		unsigned k = rnd(NWORDS);
		if (rnd(k + 1) == 0)
			return k;
	}
}

/* Document i (from 1): raw words with positions, and a "Z" term per word
 * without, as the indexer writes folded words and stems. */
static xap_document *make_doc(unsigned i)
{
	xap_document *d = NULL;
	unsigned len = 3 + (i * 7919u) % 60;
	xap_document_new(&d);
	for (unsigned p = 1; p <= len; p++) {
		char raw[16], stem[16];
		unsigned w = pick_word();
		snprintf(raw, sizeof(raw), "w%u", w);
		snprintf(stem, sizeof(stem), "Zw%u", w);
		xap_document_add_posting(d, raw, strlen(raw), p, 1);
		xap_document_add_term(d, stem, strlen(stem), 1);
	}
	return d;
}

/* The collection as one database, and as two shards that Xapian's
 * interleaving gives the same ids (document i in shard (i - 1) % 2). */
static int build(void)
{
	xap_database *one = NULL, *s[2] = { NULL, NULL };
	int bad = 0;
	bad |= xap_database_open_writable(path("one"), XAP_DB_CREATE | XAP_DB_NO_SYNC, &one, NULL);
	bad |= xap_database_open_writable(path("s0"), XAP_DB_CREATE | XAP_DB_NO_SYNC, &s[0], NULL);
	bad |= xap_database_open_writable(path("s1"), XAP_DB_CREATE | XAP_DB_NO_SYNC, &s[1], NULL);
	for (unsigned i = 1; i <= NDOCS && !bad; i++) {
		xap_document *d = make_doc(i);
		bad |= xap_database_add_document(one, d, NULL);
		bad |= xap_database_add_document(s[(i - 1) % 2], d, NULL);
		xap_document_free(d);
	}
	bad |= xap_database_commit(one) | xap_database_commit(s[0]) | xap_database_commit(s[1]);
	xap_database_destroy(one);
	xap_database_destroy(s[0]);
	xap_database_destroy(s[1]);
	return bad;
}

static xap_query *term(const char *t, unsigned pos)
{
	xap_query *q = NULL;
	xap_query_new_term(t, strlen(t), 1, pos, &q, NULL);
	return q;
}

static xap_query *combine(xap_op op, xap_query **qs, size_t n, unsigned window)
{
	xap_query *q = NULL;
	xap_query_new_combine(op, qs, n, window, &q, NULL);
	for (size_t i = 0; i < n; i++)
		xap_query_free(qs[i]);
	return q;
}

/* A query of nw words as parse_query would make it: base the words' Z
 * terms (OR, or AND), boost each neighbouring pair's raw words NEAR each
 * other, scaled by pw. */
struct test_query {
	xap_query *base, *boost, *whole;
	xap_query *pairs[3]; /* the boost's parts */
	unsigned npairs;
	unsigned qlen;
	char label[96];
};

static void make_query(struct test_query *t, unsigned nw, int and, double pw, unsigned window)
{
	unsigned w[4];
	xap_query *stems[4], *pairs[3];
	int n = snprintf(t->label, sizeof(t->label), "%s", and ? "AND" : "OR");
	for (unsigned i = 0; i < nw; i++) {
		char s[16];
		w[i] = rnd(NWORDS);
		snprintf(s, sizeof(s), "Zw%u", w[i]);
		stems[i] = term(s, 0);
		n += snprintf(t->label + n, sizeof(t->label) - (size_t)n, " w%u", w[i]);
	}
	snprintf(t->label + n, sizeof(t->label) - (size_t)n, " (pairs %g, window %u)", pw, window);
	for (unsigned i = 0; i + 1 < nw; i++) {
		char a[16], b[16];
		snprintf(a, sizeof(a), "w%u", w[i]);
		snprintf(b, sizeof(b), "w%u", w[i + 1]);
		xap_query *pair[2] = { term(a, 1), term(b, 2) }, *near = combine(XAP_OP_NEAR, pair, 2, window);
		xap_query_new_scale(near, pw, &pairs[i], NULL);
		xap_query_free(near);
		xap_query_copy(pairs[i], &t->pairs[i], NULL);
	}
	t->npairs = nw - 1;
	t->base = combine(and ? XAP_OP_AND : XAP_OP_OR, stems, nw, 0);
	t->boost = combine(XAP_OP_OR, pairs, nw - 1, 0);
	xap_query *parts[2] = { NULL, NULL };
	xap_query_copy(t->base, &parts[0], NULL);
	xap_query_copy(t->boost, &parts[1], NULL);
	t->whole = combine(XAP_OP_AND_MAYBE, parts, 2, 0);
	t->qlen = nw + 2 * (nw - 1);
}

static void free_query(struct test_query *t)
{
	xap_query_free(t->base);
	xap_query_free(t->boost);
	xap_query_free(t->whole);
	for (unsigned i = 0; i < t->npairs; i++)
		xap_query_free(t->pairs[i]);
}

struct scored {
	xap_docid did;
	double w;
};

/* The weight of q in document did alone (0 if it does not match). */
static double weight_in(xap_database *db, xap_enquire *enq, const xap_query *q, unsigned qlen,
			xap_docid did)
{
	xap_query *only = NULL, *f = NULL;
	xap_mset *m = NULL;
	double w = 0;
	xap_query_new_docids(db, &did, 1, &only, NULL);
	xap_query *parts[2] = { (xap_query *)q, only };
	xap_query_new_combine(XAP_OP_FILTER, parts, 2, 0, &f, NULL);
	if (!xap_enquire_set_query(enq, f, qlen) && !xap_enquire_get_mset(enq, 0, 1, 0, NULL, 0, &m) &&
	    xap_mset_size(m) == 1)
		xap_mset_item(m, 0, NULL, &w, NULL);
	xap_mset_free(m);
	xap_query_free(only);
	xap_query_free(f);
	return w;
}

static int by_weight(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;
	if (x->w != y->w)
		return x->w > y->w ? -1 : 1;
	return x->did < y->did ? -1 : x->did > y->did;
}

/*
 * The true ranking of the whole query: every document the base matches,
 * weighed as its base weight plus each pair's, each searched in that
 * document alone, not as Xapian ranks the whole (rerank.h: Xapian 1.4's
 * fault).  Returns the number of documents; *out: caller frees.
 */
static unsigned truth(xap_database *db, xap_enquire *enq, struct test_query *q, struct scored **out)
{
	xap_mset *all = NULL;
	unsigned n = 0;
	*out = NULL;
	if (xap_enquire_set_query(enq, q->base, q->qlen) ||
	    xap_enquire_get_mset(enq, 0, 4 * NDOCS, 4 * NDOCS, NULL, 0, &all))
		return 0;
	n = xap_mset_size(all);
	*out = calloc(n ? n : 1, sizeof(**out));
	for (unsigned i = 0; i < n; i++) {
		struct scored *sc = &(*out)[i];
		xap_mset_item(all, i, &sc->did, NULL, NULL);
		sc->w = weight_in(db, enq, q->base, q->qlen, sc->did);
		for (unsigned k = 0; k < q->npairs; k++)
			sc->w += weight_in(db, enq, q->pairs[k], q->qlen, sc->did);
	}
	xap_mset_free(all);
	qsort(*out, n, sizeof(**out), by_weight);
	return n;
}

static int close_to(double a, double b)
{
	return fabs(a - b) <= 1e-9 * (1 + fabs(a));
}

/* Whether got (ng hits) is want[first..first+max-1]: the same weights, and
 * the same documents where the weights do not tie. */
static int same_as_truth(const struct scored *want, unsigned nwant, unsigned first, unsigned max,
			 const rerank_hit *got, unsigned ng, const char *what)
{
	unsigned nw = nwant > first ? nwant - first : 0;
	nw = nw < max ? nw : max;
	if (ng != nw) {
		diag("%s: %u results, the true ranking %u", what, ng, nw);
		return 0;
	}
	for (unsigned i = 0; i < ng; i++) {
		const struct scored *t = &want[first + i];
		xap_docid did = got[i].did;
		double w = got[i].weight;
		int tied = (first + i > 0 && close_to(want[first + i - 1].w, t->w)) ||
			   (first + i + 1 < nwant && close_to(want[first + i + 1].w, t->w));
		if (!close_to(t->w, w) || (!tied && did != t->did)) {
			diag("%s: rank %u is %u (%.12g), truly %u (%.12g)", what, first + i + 1, did, w,
			     t->did, t->w);
			return 0;
		}
	}
	return 1;
}

/* Whether got (ng hits) is page. */
static int same_page(xap_mset *page, const rerank_hit *got, unsigned ng, const char *what)
{
	unsigned np = xap_mset_size(page);
	if (np != ng) {
		diag("%s: %u results, the whole query %u", what, ng, np);
		return 0;
	}
	for (unsigned i = 0; i < np; i++) {
		xap_docid a = 0, b = got[i].did;
		double wa = 0, wb = got[i].weight;
		xap_mset_item(page, i, &a, &wa, NULL);
		if (a != b || !close_to(wa, wb)) {
			diag("%s: rank %u is %u (%.12g), the whole query's %u (%.12g)", what, i + 1, b, wb,
			     a, wa);
			return 0;
		}
	}
	return 1;
}

struct seen {
	unsigned runs, decided, whole, wrong;
};

/* Runs q re-ranked at several depths for page first..first+max-1. */
static void compare(xap_database *db, xap_enquire *enq, struct test_query *q,
		    const struct scored *want, unsigned nwant, unsigned first, unsigned max,
		    struct seen *seen)
{
	xap_mset *page = NULL;
	if (xap_enquire_set_query(enq, q->whole, q->qlen) ||
	    xap_enquire_get_mset(enq, first, max, 0, NULL, 0, &page)) {
		diag("%s: the whole query failed: %s", q->label, xap_enquire_errmsg(enq));
		seen->wrong++;
		return;
	}
	unsigned depths[] = { 1, 2, first + max, rerank_depth(first + max), 4 * NDOCS };
	for (size_t d = 0; d < sizeof(depths) / sizeof(depths[0]); d++) {
		unsigned n = depths[d], ng = 0;
		xap_mset *pass1 = NULL;
		rerank_hit *got = NULL;
		rerank_query rq = { q->base, (const xap_query *const *)q->pairs, q->npairs, q->whole,
				    q->qlen };
		rerank_stats st = { 0 };
		char what[160];
		snprintf(what, sizeof(what), "%s, results %u-%u, depth %u", q->label, first + 1,
			 first + max, n);
		seen->runs++;
		if (xap_enquire_set_query(enq, q->base, q->qlen) ||
		    xap_enquire_get_mset(enq, 0, n, 0, NULL, 0, &pass1) ||
		    rerank(enq, db, &rq, pass1, n, first, max, &got, &ng, &st) != XAP_OK) {
			diag("%s: failed: %s", what, xap_enquire_errmsg(enq));
			seen->wrong++;
		} else if (st.whole ? !same_page(page, got, ng, what)
				    : !same_as_truth(want, nwant, first, max, got, ng, what)) {
			seen->wrong++;
		} else if (st.whole) {
			seen->whole++;
		} else {
			seen->decided++;
		}
		xap_mset_free(pass1);
		free(got);
	}
	xap_mset_free(page);
}

static void run_queries(xap_database *db, const char *name, const char *model)
{
	xap_enquire *enq = NULL;
	struct seen seen = { 0, 0, 0, 0 };
	double c = 1.0;
	if (xap_enquire_new(db, &enq, NULL) != XAP_OK) {
		ok(0, "%s: an enquire", name);
		return;
	}
	if (model)
		xap_enquire_set_weighting(enq, model, &c, 1);
	rng = 7;
	for (unsigned i = 0; i < 40; i++) {
		struct test_query q;
		static const double weights[] = { 0.1, 0.5, 3 };
		unsigned nw = 2 + rnd(3);
		int and = rnd(3) == 0;
		double pw = weights[rnd(3)];
		struct scored *want = NULL;
		make_query(&q, nw, and, pw, 2 + rnd(6));
		unsigned nwant = truth(db, enq, &q, &want);
		compare(db, enq, &q, want, nwant, 0, 10, &seen);
		compare(db, enq, &q, want, nwant, 0, 1, &seen);
		compare(db, enq, &q, want, nwant, 7, 5, &seen);
		compare(db, enq, &q, want, nwant, 0, 100, &seen);
		free(want);
		free_query(&q);
	}
	xap_enquire_free(enq);
	is_int(seen.wrong, 0, "%s, %s: the re-ranked pages are the true ranking's (%u pages)", name,
	       model ? model : "bm25", seen.runs);
	ok(seen.decided > 0, "%s: pages the candidates decided (%u)", name, seen.decided);
	ok(seen.whole > 0, "%s: pages that fell back on the whole query (%u)", name, seen.whole);
}

/* The ids of a search of FILTER(everything, docids). */
static void docid_filter(xap_database *db, const xap_docid *ids, size_t n, char *out, size_t cap)
{
	xap_query *all = NULL, *only = NULL, *q = NULL;
	xap_enquire *enq = NULL;
	xap_mset *m = NULL;
	size_t len = 0;
	out[0] = '\0';
	if (xap_query_new_match_all(&all, NULL) || xap_query_new_docids(db, ids, n, &only, NULL)) {
		snprintf(out, cap, "(no query)");
		xap_query_free(all);
		return;
	}
	xap_query *parts[2] = { all, only };
	xap_query_new_combine(XAP_OP_FILTER, parts, 2, 0, &q, NULL);
	xap_enquire_new(db, &enq, NULL);
	xap_enquire_set_query(enq, q, 0);
	if (xap_enquire_get_mset(enq, 0, 100, 0, NULL, 0, &m) == XAP_OK) {
		for (unsigned i = 0; i < xap_mset_size(m); i++) {
			xap_docid did = 0;
			xap_mset_item(m, i, &did, NULL, NULL);
			len += (size_t)snprintf(out + len, cap - len, "%s%u", i ? " " : "", did);
		}
	} else {
		snprintf(out, cap, "(failed: %s)", xap_enquire_errmsg(enq));
	}
	xap_mset_free(m);
	xap_enquire_free(enq);
	xap_query_free(all);
	xap_query_free(only);
	xap_query_free(q);
}

static void test_docids(xap_database *one, xap_database *shards)
{
	char got[256];
	static const xap_docid ids[] = { 17, 3, 3, 0, 4, 999999, 600 };
	docid_filter(one, ids, sizeof(ids) / sizeof(ids[0]), got, sizeof(got));
	is_str(got, "3 4 17 600", "docids: those of the list, once, in order; 0 and unknown ids left out");
	docid_filter(shards, ids, sizeof(ids) / sizeof(ids[0]), got, sizeof(got));
	is_str(got, "3 4 17 600", "docids over two shards: the same, in the ids of the whole");
	docid_filter(one, NULL, 0, got, sizeof(got));
	is_str(got, "", "docids of an empty list: nothing");

	xap_database *twice = NULL, *a = NULL;
	xap_query *q = NULL;
	char *msg = NULL;
	xap_database_new_empty(&twice, NULL);
	xap_database_open(path("s0"), &a, NULL);
	xap_database_add(twice, a);
	xap_database_add(twice, a);
	is_int(xap_query_new_docids(twice, ids, 2, &q, &msg), XAP_UNIMPLEMENTED,
	       "docids over a shard given twice: XAP_UNIMPLEMENTED (%s)", msg ? msg : "");
	ok(q == NULL, "... and no query");
	free(msg);

	/* Re-ranking over those shards runs the whole query instead. */
	struct test_query tq;
	xap_enquire *enq = NULL;
	xap_mset *want = NULL, *pass1 = NULL;
	rerank_hit *got_h = NULL;
	rerank_stats st = { 0 };
	unsigned ng = 0;
	rng = 99;
	make_query(&tq, 2, 0, 0.5, 8);
	rerank_query rq = { tq.base, (const xap_query *const *)tq.pairs, tq.npairs, tq.whole,
			    tq.qlen };
	xap_enquire_new(twice, &enq, NULL);
	xap_enquire_set_query(enq, tq.whole, tq.qlen);
	xap_enquire_get_mset(enq, 0, 10, 0, NULL, 0, &want);
	xap_enquire_set_query(enq, tq.base, tq.qlen);
	xap_enquire_get_mset(enq, 0, rerank_depth(10), 0, NULL, 0, &pass1);
	is_int(rerank(enq, twice, &rq, pass1, rerank_depth(10), 0, 10, &got_h, &ng, &st), XAP_OK,
	       "re-ranking over a shard given twice works");
	ok(st.whole && want && got_h && xap_mset_size(want) == 10 && same_page(want, got_h, ng, "twice"),
	   "... by running the whole query");
	xap_mset_free(want);
	xap_mset_free(pass1);
	free(got_h);
	xap_enquire_free(enq);
	free_query(&tq);
	xap_database_destroy(a);
	xap_database_destroy(twice);
}

static void test_max_possible(xap_database *db)
{
	xap_enquire *enq = NULL;
	xap_mset *none = NULL, *all = NULL;
	struct test_query q;
	rng = 5;
	make_query(&q, 3, 0, 0.5, 6);
	xap_enquire_new(db, &enq, NULL);
	xap_enquire_set_query(enq, q.boost, q.qlen);
	is_int(xap_enquire_get_mset(enq, 0, 0, 0, NULL, 0, &none), XAP_OK, "a search for no results");
	is_int(xap_enquire_get_mset(enq, 0, NDOCS, NDOCS, NULL, 0, &all), XAP_OK, "... and for all");
	double top = 0, bound = xap_mset_max_possible(none);
	xap_mset_item(all, 0, NULL, &top, NULL);
	ok(xap_mset_size(all) > 0 && top > 0 && bound >= top,
	   "max_possible of a search for no results bounds every weight (%g >= %g)", bound, top);
	ok(xap_mset_max_possible(NULL) == 0, "max_possible of NULL: 0");
	xap_mset_free(none);
	xap_mset_free(all);
	xap_enquire_free(enq);
	free_query(&q);
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

int main(void)
{
	xap_database *one = NULL, *shards = NULL, *s[2] = { NULL, NULL };
	snprintf(dir, sizeof(dir), "/tmp/dateline-rerank-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	if (build() != 0) {
		ok(0, "build the test collection");
		return done_testing();
	}
	ok(xap_database_open(path("one"), &one, NULL) == XAP_OK, "open the collection");
	xap_database_new_empty(&shards, NULL);
	for (int i = 0; i < 2; i++) {
		xap_database_open(path(i ? "s1" : "s0"), &s[i], NULL);
		xap_database_add(shards, s[i]);
	}

	test_docids(one, shards);
	test_max_possible(one);
	run_queries(one, "one database", NULL);
	run_queries(one, "one database", "ineb2");
	run_queries(shards, "two shards", NULL);

	xap_database_destroy(s[0]);
	xap_database_destroy(s[1]);
	xap_database_destroy(shards);
	xap_database_destroy(one);
	nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	return done_testing();
}
