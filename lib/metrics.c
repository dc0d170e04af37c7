/*
 * metrics.c - trec_eval's measures for one query (see metrics.h).
 */
#include "metrics.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int by_score(const void *a, const void *b)
{
	const scored *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	/* trec_eval: equal scores in decreasing order of document id. */
	return -strcmp(x->doc, y->doc);
}

static int by_grade(const void *a, const void *b)
{
	return *(const int *)b - *(const int *)a;
}

static int grade_of(const judged *q, size_t m, const char *doc)
{
	for (size_t i = 0; i < m; i++)
		if (strcmp(q[i].doc, doc) == 0)
			return q[i].grade;
	return 0;
}

int metrics_query(scored *run, size_t n, const judged *qrels, size_t m, metrics *out)
{
	size_t nrel = 0;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < m; i++)
		if (qrels[i].grade > 0)
			nrel++;
	if (!nrel)
		return -1;
	if (n) /* an empty run may be NULL, which qsort() must not be given */
		qsort(run, n, sizeof(*run), by_score);
	if (n > METRICS_DEPTH)
		n = METRICS_DEPTH;

	double dcg = 0, sum_prec = 0;
	size_t found = 0;
	for (size_t i = 0; i < n; i++) {
		int g = grade_of(qrels, m, run[i].doc);
		if (g > 0) {
			found++;
			sum_prec += (double)found / (double)(i + 1);
			if (i < 10)
				dcg += g / log2((double)i + 2);
		}
		if (i + 1 == 10)
			out->p10 = found / 10.0;
		if (i + 1 == 100)
			out->r100 = (double)found / (double)nrel;
	}
	/* Fewer results than the cut-off: the counts stop growing. */
	if (n < 10)
		out->p10 = found / 10.0;
	if (n < 100)
		out->r100 = (double)found / (double)nrel;
	out->r1000 = (double)found / (double)nrel;
	out->map = sum_prec / (double)nrel;

	int *grades = xmalloc(m * sizeof(int));
	size_t ng = 0;
	for (size_t i = 0; i < m; i++)
		if (qrels[i].grade > 0)
			grades[ng++] = qrels[i].grade;
	qsort(grades, ng, sizeof(int), by_grade);
	double ideal = 0;
	for (size_t i = 0; i < ng && i < 10; i++)
		ideal += grades[i] / log2((double)i + 2);
	free(grades);
	out->ndcg10 = ideal > 0 ? dcg / ideal : 0;
	return 0;
}
