/*
 * peer-xapian - Xapian as it ships, as a benchmark peer: TermGenerator and
 * QueryParser with the English stemmer and their default settings, BM25
 * with Xapian's default parameters, in one process.
 *
 *   peer-xapian index DB FILE.jsonl[.gz]     (title with prefix S, then text; id as Q term)
 *   peer-xapian query DB QUERIES K or|and
 *   peer-xapian trec DB QUERIES K    (QUERIES: qid<TAB>text; a TREC run on stdout, OR)
 */
#include "common.h"
#include "util.h"
#include "xap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ctx {
	xap_database *db;
	xap_termgenerator *tg;
	strbuf term;
	long failed;
};

static void add(void *p, const char *id, const char *title, size_t tl, const char *text,
		size_t len)
{
	struct ctx *c = p;
	xap_document *d = NULL;
	xap_document_new(&d);
	xap_termgenerator_set_document(c->tg, d);
	xap_termgenerator_index_text(c->tg, title, tl, 1, "S");
	xap_termgenerator_index_text(c->tg, title, tl, 1, NULL);
	xap_termgenerator_increase_termpos(c->tg, 100);
	xap_termgenerator_index_text(c->tg, text, len, 1, NULL);
	xap_termgenerator_get_document(c->tg, d);
	strbuf_reset(&c->term);
	strbuf_addf(&c->term, "Q%s", id);
	xap_document_add_boolean_term(d, c->term.buf, c->term.len);
	xap_document_set_data(d, id, strlen(id));
	if (xap_database_replace_document_by_term(c->db, c->term.buf, c->term.len, d, NULL))
		c->failed++;
	xap_document_free(d);
}

int main(int argc, char **argv)
{
	struct ctx c = { NULL, NULL, STRBUF_INIT, 0 };
	char *msg = NULL;
	if (argc < 4) {
		fprintf(stderr, "usage: peer-xapian index DB FILE | peer-xapian query DB QUERIES K or|and\n");
		return 2;
	}
	if (strcmp(argv[1], "index") == 0) {
		if (xap_database_open_writable(argv[2], XAP_DB_CREATE_OR_OVERWRITE, &c.db, &msg) ||
		    xap_termgenerator_new("english", XAP_STEM_SOME, &c.tg, &msg)) {
			fprintf(stderr, "peer-xapian: %s\n", msg ? msg : "");
			return 1;
		}
		long n = bench_read_jsonl(argv[3], add, &c);
		xap_status st = xap_database_commit(c.db);
		xap_database_destroy(c.db);
		xap_termgenerator_free(c.tg);
		printf("peer-xapian: %ld documents, %ld failed\n", n, c.failed);
		return n < 0 || st;
	}
	if (strcmp(argv[1], "trec") == 0 && argc == 5) {
		xap_queryparser *qp = NULL;
		xap_enquire *enq = NULL;
		FILE *f = fopen(argv[3], "r");
		char *buf = NULL;
		size_t cap = 0;
		if (!f || xap_database_open(argv[2], &c.db, &msg) ||
		    xap_queryparser_new("english", XAP_STEM_SOME, &qp, &msg) ||
		    xap_enquire_new(c.db, &enq, &msg)) {
			fprintf(stderr, "peer-xapian: %s\n", msg ? msg : "cannot open the queries");
			return 1;
		}
		xap_queryparser_set_database(qp, c.db);
		while (getline(&buf, &cap, f) > 0) {
			char *tab = strchr(buf, '\t');
			xap_query *q = NULL;
			xap_mset *m = NULL;
			if (!tab)
				continue;
			*tab = 0;
			tab[1 + strcspn(tab + 1, "\r\n")] = 0;
			if (xap_queryparser_parse(qp, tab + 1, strlen(tab + 1), 0, &q) == XAP_OK &&
			    xap_enquire_set_query(enq, q, 0) == XAP_OK &&
			    xap_enquire_get_mset(enq, 0, (unsigned)atoi(argv[4]), 0, NULL, 0, &m) == XAP_OK) {
				for (unsigned j = 0; j < xap_mset_size(m); j++) {
					xap_document *d = NULL;
					const char *data;
					size_t dl;
					double w;
					xap_mset_item(m, j, NULL, &w, NULL);
					if (xap_mset_document(m, j, &d) == XAP_OK &&
					    xap_document_get_data(d, &data, &dl) == XAP_OK)
						printf("%s Q0 %.*s %u %.6f xapian\n", buf, (int)dl, data, j + 1, w);
					xap_document_free(d);
				}
			}
			xap_mset_free(m);
			xap_query_free(q);
		}
		free(buf);
		fclose(f);
		xap_enquire_free(enq);
		xap_queryparser_free(qp);
		xap_database_destroy(c.db);
		return 0;
	}
	if (strcmp(argv[1], "query") == 0 && argc == 6) {
		xap_queryparser *qp = NULL;
		xap_enquire *enq = NULL;
		if (xap_database_open(argv[2], &c.db, &msg) ||
		    xap_queryparser_new("english", XAP_STEM_SOME, &qp, &msg) ||
		    xap_enquire_new(c.db, &enq, &msg)) {
			fprintf(stderr, "peer-xapian: %s\n", msg ? msg : "");
			return 1;
		}
		xap_queryparser_set_database(qp, c.db);
		int k = atoi(argv[4]), and = strcmp(argv[5], "and") == 0;
		xap_queryparser_set_default_op(qp, and ? XAP_OP_AND : XAP_OP_OR);
		size_t nq;
		char **qs = bench_read_queries(argv[3], &nq);
		double *ms = xcalloc(nq ? nq : 1, sizeof(double));
		unsigned long hits = 0;
		for (size_t i = 0; i < nq; i++) {
			double t0 = now_ms();
			xap_query *q = NULL;
			xap_mset *m = NULL;
			if (xap_queryparser_parse(qp, qs[i], strlen(qs[i]), 0, &q) == XAP_OK &&
			    xap_enquire_set_query(enq, q, 0) == XAP_OK &&
			    xap_enquire_get_mset(enq, 0, (unsigned)k, 0, NULL, 0, &m) == XAP_OK) {
				for (unsigned j = 0; j < xap_mset_size(m); j++) {
					xap_document *d = NULL;
					const char *data;
					size_t dl;
					/* Fetch each result's id, as a search tool must. */
					if (xap_mset_document(m, j, &d) == XAP_OK &&
					    xap_document_get_data(d, &data, &dl) == XAP_OK)
						hits++;
					xap_document_free(d);
				}
			}
			xap_mset_free(m);
			xap_query_free(q);
			ms[i] = now_ms() - t0;
		}
		char label[64];
		snprintf(label, sizeof(label), "xapian %s top%d", and ? "AND" : "OR", k);
		bench_print_latency(label, ms, nq);
		fprintf(stderr, "peer-xapian: %lu results\n", hits);
		xap_enquire_free(enq);
		xap_queryparser_free(qp);
		xap_database_destroy(c.db);
		return 0;
	}
	fprintf(stderr, "usage: peer-xapian index DB FILE | peer-xapian query DB QUERIES K or|and\n");
	return 2;
}
