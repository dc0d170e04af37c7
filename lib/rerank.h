/*
 * rerank.h - the exact re-ranking of a query's proximity pairs.
 *
 * The proximity pairs of a query (qparse.h: qp_result's pairs) cost more
 * than the rest of it: Xapian 1.4 checks a NEAR's positions in every
 * document that holds both words, whatever the pair could add to its
 * weight.  The pairs do not change which documents match, and add to any
 * document at most their greatest weight P.  So the best k documents of
 * the whole query follow from the best N of its base (the query without
 * the pairs):
 *
 *  1. the base's best N documents, from rank 1, with their base weights
 *     (the caller's search, which also gives the counts and feeds the
 *     match spies);
 *  2. the pairs searched in those N only (filtered by their ids), their
 *     weights added to the base weights, and the N ranked by the sums,
 *     ties by document id as Xapian ranks them;
 *  3. a document outside them weighs at most s + P, s being the N-th base
 *     weight.  If the k-th of the candidates weighs more, no outsider can
 *     reach the first k, and the candidates' ranking is the whole query's.
 *     If not, the whole query runs, as Xapian ranks it.
 *
 * If the base has fewer than N matches, every match is a candidate and the
 * ranking is exact at once.  P is Xapian's bound on the pairs' weights
 * (MSet::get_max_possible), which its own pruning relies on too.  A
 * document of a minor language whose two words are near each other but
 * whose stems are not searched matches the whole query by the pair alone
 * (qparse.h); the re-ranking leaves it out.
 *
 * The pairs are searched a group at a time, the pairs of a group sharing
 * no word: Xapian 1.4.22 gives a document the weight of a NEAR whose words
 * are not near each other in it when another NEAR of the same query shares
 * one of its words (as the pairs of three words do), depending on the
 * documents it visited before (test case: a document weighing 0.99
 * searched alone, 1.08 in a ranking of the whole query; on the bundled
 * corpus, 2.4155 for a document whose parts sum to 2.1551).  The whole
 * query, which the last way out runs, keeps that fault; the re-ranked
 * pages do not have it (tests/unit/test-rerank.c checks them against the
 * sums searched document by document, tests/t0215-rerank.sh against
 * query --explain).
 *
 * Tried and left out: a second round taking, when the first does not
 * decide, every document whose base weight is at least the k-th weight
 * less P (Xapian's weight cut-off makes that search cheap).  With a
 * cut-off, Xapian 1.4.22 gave a document of the bundled corpus a base
 * weight of 2.377 where it has 2.810, and the page came out wrong.
 */
#ifndef DATELINE_RERANK_H
#define DATELINE_RERANK_H

#include "xap.h"

#include <stddef.h>

/* The deepest page re-ranked.  On enwiki's paragraphs, 1,000 title queries
 * (OR, p99): ranked to 10, 19.2 ms whole and 9.3 re-ranked; to 20, 20.5
 * and 14.1; to 50, 18.0 and 23.9; to 100, 17.8 and 23.7. */
#define RERANK_MAX_PAGE 20
/* Re-ranking pays when the pairs' words are common: when the documents
 * that hold the rarer word of each pair add up to this many or more. */
#define RERANK_MIN_DOCS 2000

/* How many base results to re-rank for results up to rank k (N above). */
unsigned rerank_depth(unsigned k);

typedef struct rerank_query {
	const xap_query *base;          /* the query without its proximity pairs */
	const xap_query *const *pairs;  /* the pairs, each on its own */
	size_t npairs;
	const xap_query *whole;         /* the query with its pairs (qparse.h) */
	unsigned qlen;                  /* the query length every search is given */
} rerank_query;

typedef struct rerank_hit {
	xap_docid did;
	double weight;
} rerank_hit;

/* The ids and weights of m's results, in its order, into *hits (caller
 * frees; *nhits of them): a page as rerank() gives one. */
xap_status rerank_hits(xap_mset *m, rerank_hit **hits, unsigned *nhits);

typedef struct rerank_stats {
	int whole; /* 1 if the candidates did not decide, and the whole query ran */
} rerank_stats;

/*
 * Whether re-ranking a query with these pairs pays on db: the whole query
 * checks the positions of every document that holds both words of a
 * pair, which the rarer word bounds; re-ranking costs a second search of
 * the base and one for the pairs, whatever their words.  So it pays when
 * the rarer words' documents add up to min_docs (RERANK_MIN_DOCS
 * normally; 0: always).
 */
int rerank_pays(xap_database *db, const xap_query *const *pairs, size_t npairs,
		unsigned long min_docs);

/*
 * Results first..first+max-1 of rq->whole on enq over db, into *hits
 * (caller frees; *nhits of them, at most max), given pass1: rq->base's
 * best n results from rank 1, searched with enq as it is set now
 * (weighting, qlen); n = rerank_depth(first + max) normally.  enq's query
 * is changed; its match spies must have been cleared.  Returns XAP_OK or
 * the binding's status (XAP_MODIFIED: reopen and run again).  stats may be
 * NULL.
 */
xap_status rerank(xap_enquire *enq, xap_database *db, const rerank_query *rq, xap_mset *pass1,
		  unsigned n, unsigned first, unsigned max, rerank_hit **hits, unsigned *nhits,
		  rerank_stats *stats);

#endif
