/*
 * trec-eval - scores a TREC run against TREC qrels (metrics.h has the
 * definitions, which are trec_eval's).
 *
 *   trec-eval [-q] QRELS RUN
 *
 * QRELS lines: "qid 0 docid grade".  RUN lines: "qid Q0 docid rank score tag".
 * Prints nDCG@10, MAP, P@10, recall@100, recall@1000 and the number of
 * queries averaged (those with a relevant document), as "name all value";
 * with -q, first the same per query.
 */
#include "metrics.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRAM "trec-eval"

struct line {
	char *qid, *doc;
	double score; /* run: score; qrels: grade */
};

struct file {
	struct line *v;
	size_t n, alloc;
};

static int cmp_qid(const void *a, const void *b)
{
	return strcmp(((const struct line *)a)->qid, ((const struct line *)b)->qid);
}

/* Reads a whitespace-separated file; qid is field 1, doc field 3, the number field nf. */
static int load(const char *path, int nf, struct file *f)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		fprintf(stderr, PROGRAM ": cannot open '%s': %s\n", path, strerror(errno));
		return -1;
	}
	char *buf = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	while (getline(&buf, &cap, fp) > 0) {
		lineno++;
		char *fields[6], *save = NULL, *p = buf;
		int k = 0;
		while (k < 6 && (fields[k] = strtok_r(p, " \t\r\n", &save)))
			p = NULL, k++;
		if (k == 0)
			continue;
		if (k < nf) {
			fprintf(stderr, PROGRAM ": '%s' line %u: expected at least %d fields\n", path,
				lineno, nf);
			fclose(fp);
			free(buf);
			return -1;
		}
		char *end;
		double v = strtod(fields[nf - 1], &end);
		if (*end) {
			fprintf(stderr, PROGRAM ": '%s' line %u: '%s' is not a number\n", path, lineno,
				fields[nf - 1]);
			fclose(fp);
			free(buf);
			return -1;
		}
		if (f->n == f->alloc) {
			f->alloc = f->alloc ? 2 * f->alloc : 1024;
			f->v = xrealloc(f->v, f->alloc * sizeof(*f->v));
		}
		f->v[f->n++] = (struct line){ xstrdup(fields[0]), xstrdup(fields[2]), v };
	}
	free(buf);
	fclose(fp);
	qsort(f->v, f->n, sizeof(*f->v), cmp_qid);
	return 0;
}

/* The range [*lo, *hi) of lines of f with this qid. */
static void range(const struct file *f, const char *qid, size_t *lo, size_t *hi)
{
	size_t a = 0, b = f->n;
	while (a < b) {
		size_t mid = (a + b) / 2;
		if (strcmp(f->v[mid].qid, qid) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	while (a < f->n && strcmp(f->v[a].qid, qid) == 0)
		a++;
	*hi = a;
}

static void print(const char *qid, const metrics *m, size_t nq)
{
	printf("ndcg_cut_10\t%s\t%.4f\n", qid, m->ndcg10);
	printf("map\t%s\t%.4f\n", qid, m->map);
	printf("P_10\t%s\t%.4f\n", qid, m->p10);
	printf("recall_100\t%s\t%.4f\n", qid, m->r100);
	printf("recall_1000\t%s\t%.4f\n", qid, m->r1000);
	if (nq)
		printf("num_q\t%s\t%zu\n", qid, nq);
}

int main(int argc, char **argv)
{
	int per_query = 0, i = 1;
	if (argc > 1 && strcmp(argv[1], "-q") == 0)
		per_query = 1, i++;
	if (argc - i != 2) {
		fprintf(stderr, "usage: " PROGRAM " [-q] QRELS RUN\n");
		return 2;
	}
	struct file qrels = { 0 }, run = { 0 };
	if (load(argv[i], 4, &qrels) || load(argv[i + 1], 5, &run))
		return 2;

	metrics sum = { 0 };
	size_t nq = 0;
	for (size_t k = 0; k < qrels.n;) {
		size_t qlo, qhi, rlo, rhi;
		range(&qrels, qrels.v[k].qid, &qlo, &qhi);
		range(&run, qrels.v[k].qid, &rlo, &rhi);
		judged *j = xmalloc((qhi - qlo) * sizeof(*j));
		for (size_t x = qlo; x < qhi; x++)
			j[x - qlo] = (judged){ qrels.v[x].doc, (int)qrels.v[x].score };
		scored *s = xmalloc((rhi - rlo + 1) * sizeof(*s));
		for (size_t x = rlo; x < rhi; x++)
			s[x - rlo] = (scored){ run.v[x].doc, run.v[x].score };
		metrics m;
		if (metrics_query(s, rhi - rlo, j, qhi - qlo, &m) == 0) {
			nq++;
			sum.ndcg10 += m.ndcg10;
			sum.map += m.map;
			sum.p10 += m.p10;
			sum.r100 += m.r100;
			sum.r1000 += m.r1000;
			if (per_query)
				print(qrels.v[k].qid, &m, 0);
		}
		free(j);
		free(s);
		k = qhi;
	}
	if (nq) {
		sum.ndcg10 /= (double)nq;
		sum.map /= (double)nq;
		sum.p10 /= (double)nq;
		sum.r100 /= (double)nq;
		sum.r1000 /= (double)nq;
	}
	print("all", &sum, nq);
	for (size_t k = 0; k < qrels.n; k++)
		free(qrels.v[k].qid), free(qrels.v[k].doc);
	for (size_t k = 0; k < run.n; k++)
		free(run.v[k].qid), free(run.v[k].doc);
	free(qrels.v);
	free(run.v);
	return 0;
}
