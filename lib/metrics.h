/*
 * metrics.h - ranking quality measures with trec_eval's definitions.
 *
 * A run gives, per query, documents with scores; qrels give, per query,
 * judged documents with grades (grade > 0: relevant).  As trec_eval does,
 * a query's results are ordered by score, descending, ties broken by
 * document id in decreasing byte order (the rank column of a run file is
 * ignored), and only the first 1000 count.
 *
 *   P@k        relevant documents in the first k, divided by k
 *   recall@k   relevant documents in the first k, divided by all relevant
 *   AP         mean over the relevant documents of the precision at the
 *              rank of each (0 for those not retrieved); MAP is its mean
 *   nDCG@k     DCG of the first k (gain = grade, discount log2(rank + 1))
 *              divided by the DCG of the ideal order of the judged grades
 *
 * Means are over every query that has a relevant document; such a query
 * with no results scores 0 everywhere.
 */
#ifndef DATELINE_METRICS_H
#define DATELINE_METRICS_H

#include <stddef.h>

#define METRICS_DEPTH 1000

typedef struct metrics {
	double ndcg10, map, p10, r100, r1000;
} metrics;

typedef struct judged {
	const char *doc;
	int grade;
} judged;

typedef struct scored {
	const char *doc;
	double score;
} scored;

/*
 * The measures of one query: run (n results, in any order; sorted in place)
 * against qrels (m judgments).  Returns 0, or -1 if the query has no
 * relevant document (it then does not count).
 */
int metrics_query(scored *run, size_t n, const judged *qrels, size_t m, metrics *out);

#endif
