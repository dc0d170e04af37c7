/*
 * test-metrics.c - trec_eval's measures on small cases computed by hand.
 */
#include "metrics.h"
#include "tap.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int near(double a, double b)
{
	return fabs(a - b) < 5e-5;
}

#define close_to(got, want, name)                                                        \
	do {                                                                             \
		double g_ = (got), w_ = (want);                                          \
		if (!ok(near(g_, w_), "%s", name))                                       \
			diag("got %.6f, want %.6f", g_, w_);                             \
	} while (0)

int main(void)
{
	metrics m;

	/* Three relevant (d1 d2 d3), d4 judged not relevant; the run finds d1
	 * first and d2 third. */
	judged qa[] = { { "d1", 1 }, { "d2", 1 }, { "d3", 1 }, { "d4", 0 } };
	scored ra[] = { { "d9", 0.5 }, { "d2", 1.0 }, { "d1", 3.0 }, { "d4", 2.0 } };
	ok(metrics_query(ra, 4, qa, 4, &m) == 0, "a query with relevant documents counts");
	close_to(m.p10, 0.2, "P@10 = 2/10");
	close_to(m.map, (1.0 + 2.0 / 3) / 3, "AP = (1/1 + 2/3) / 3");
	close_to(m.r100, 2.0 / 3, "recall@100 = 2/3");
	close_to(m.r1000, 2.0 / 3, "recall@1000 = 2/3");
	close_to(m.ndcg10, 1.5 / (1 + 1 / log2(3) + 0.5), "nDCG@10 = (1 + 1/log2 4) / (1 + 1/log2 3 + 1/log2 4)");
	ok(ra[0].doc[1] == '1' && ra[1].doc[1] == '4', "the run is sorted by score, descending");

	/* Ties: equal scores are ordered by document id, decreasing. */
	judged qb[] = { { "a", 1 } };
	scored rb[] = { { "a", 1.0 }, { "b", 1.0 } };
	metrics_query(rb, 2, qb, 1, &m);
	close_to(m.map, 0.5, "tie: 'b' ranks before 'a', AP = 1/2");
	close_to(m.ndcg10, 1 / log2(3), "tie: nDCG@10 = 1/log2 3");
	scored rb2[] = { { "b", 1.0 }, { "c", 2.0 }, { "a", 1.0 } };
	metrics_query(rb2, 3, qb, 1, &m);
	close_to(m.map, 1.0 / 3, "tie below a higher score: 'a' third");

	/* Graded judgments: gains are the grades. */
	judged qc[] = { { "x", 3 }, { "y", 1 }, { "z", 2 } };
	scored rc[] = { { "y", 3.0 }, { "x", 2.0 }, { "w", 1.0 } };
	metrics_query(rc, 3, qc, 3, &m);
	double dcg = 1 + 3 / log2(3), idcg = 3 + 2 / log2(3) + 1 / log2(4);
	close_to(m.ndcg10, dcg / idcg, "graded nDCG@10 = (1 + 3/log2 3) / (3 + 2/log2 3 + 1/2)");
	close_to(m.map, 2.0 / 3, "graded: AP counts every grade > 0 as relevant");
	close_to(m.p10, 0.2, "graded: P@10");

	/* The ideal order uses only the 10 best grades. */
	judged qd[12];
	char names[12][8];
	for (int i = 0; i < 12; i++) {
		snprintf(names[i], sizeof(names[i]), "r%02d", i);
		qd[i] = (judged){ names[i], i < 2 ? 2 : 1 };
	}
	scored rd[12];
	for (int i = 0; i < 12; i++)
		rd[i] = (scored){ names[11 - i], 100.0 - i };
	metrics_query(rd, 12, qd, 12, &m);
	double d = 0, id = 0;
	for (int i = 0; i < 10; i++) {
		d += 1 / log2(i + 2.0); /* r11 .. r02, all of grade 1, come first */
		id += (i < 2 ? 2 : 1) / log2(i + 2.0);
	}
	close_to(m.ndcg10, d / id, "nDCG@10 with more than ten relevant documents");
	close_to(m.p10, 1.0, "P@10 = 1 when all ten are relevant");
	close_to(m.r100, 1.0, "recall@100 = 1 when all twelve are found");

	/* No relevant document: the query does not count. */
	judged qe[] = { { "n", 0 } };
	scored re[] = { { "n", 1.0 } };
	ok(metrics_query(re, 1, qe, 1, &m) == -1, "a query without relevant documents does not count");

	/* Relevant documents but no results: zero everywhere. */
	ok(metrics_query(NULL, 0, qa, 4, &m) == 0 && m.map == 0 && m.ndcg10 == 0 && m.p10 == 0 &&
		   m.r1000 == 0,
	   "a query with no results scores 0");

	/* Only the first 1000 results count; recall@100 stops at 100. */
	size_t n = 1500;
	scored *rf = xmalloc(n * sizeof(*rf));
	char (*ids)[16] = xmalloc(n * sizeof(*ids));
	for (size_t i = 0; i < n; i++) {
		snprintf(ids[i], sizeof(ids[i]), "f%05zu", i);
		rf[i] = (scored){ ids[i], (double)(n - i) };
	}
	judged qf[] = { { "f00050", 1 }, { "f00500", 1 }, { "f01200", 1 } };
	metrics_query(rf, n, qf, 3, &m);
	close_to(m.r100, 1.0 / 3, "recall@100 counts rank 51 only");
	close_to(m.r1000, 2.0 / 3, "recall@1000 ignores rank 1201");
	close_to(m.map, (1.0 / 51 + 2.0 / 501) / 3, "AP over the first 1000 only");
	close_to(m.p10, 0, "P@10 = 0");
	free(rf);
	free(ids);

	return done_testing();
}
