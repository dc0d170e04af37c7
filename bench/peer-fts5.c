/*
 * peer-fts5 - SQLite FTS5 as a benchmark peer: indexes a JSON Lines
 * collection with the porter unicode61 tokenizer, text stored, in one
 * transaction; runs a query file with bm25() ranking and reports latency.
 *
 *   peer-fts5 index DB FILE.jsonl[.gz]
 *   peer-fts5 query DB QUERIES K or|and
 *   peer-fts5 trec DB QUERIES K      (QUERIES: qid<TAB>text; a TREC run on stdout, OR)
 */
#include "common.h"
#include "util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3_stmt *ins;

static void add(void *ctx, const char *id, const char *title, size_t tl, const char *text,
		size_t len)
{
	sqlite3_bind_text(ins, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, title, (int)tl, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, text, (int)len, SQLITE_STATIC);
	if (sqlite3_step(ins) != SQLITE_DONE)
		fprintf(stderr, "insert: %s\n", sqlite3_errmsg(sqlite3_db_handle(ins)));
	sqlite3_reset(ins);
}

static int die(sqlite3 *db, const char *what)
{
	fprintf(stderr, "peer-fts5: %s: %s\n", what, sqlite3_errmsg(db));
	return 1;
}

/* Turns a query into FTS5 syntax: each word quoted, joined by OR or by
 * spaces (AND). */
static void fts_query(const char *q, int and, strbuf *out)
{
	strbuf_reset(out);
	const char *p = q;
	while (*p) {
		while (*p && !((unsigned char)*p >= 0x80 || (*p >= '0' && *p <= '9') ||
			       (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			p++;
		const char *s = p;
		while (*p && ((unsigned char)*p >= 0x80 || (*p >= '0' && *p <= '9') ||
			      (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			p++;
		if (p == s)
			continue;
		if (out->len)
			strbuf_adds(out, and ? " " : " OR ");
		strbuf_addc(out, '"');
		strbuf_add(out, s, (size_t)(p - s));
		strbuf_addc(out, '"');
	}
}

int main(int argc, char **argv)
{
	sqlite3 *db;
	if (argc < 4 || sqlite3_open(argv[2], &db) != SQLITE_OK) {
		fprintf(stderr, "usage: peer-fts5 index DB FILE | peer-fts5 query DB QUERIES K or|and\n");
		return 2;
	}
	if (strcmp(argv[1], "index") == 0) {
		if (sqlite3_exec(db,
				 "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
				 "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text,"
				 " tokenize='porter unicode61');"
				 "BEGIN;",
				 NULL, NULL, NULL) != SQLITE_OK)
			return die(db, "create");
		if (sqlite3_prepare_v2(db, "INSERT INTO docs(id, title, text) VALUES (?, ?, ?)", -1,
				       &ins, NULL) != SQLITE_OK)
			return die(db, "prepare");
		long n = bench_read_jsonl(argv[3], add, NULL);
		sqlite3_finalize(ins);
		if (sqlite3_exec(db, "COMMIT; INSERT INTO docs(docs) VALUES('optimize');", NULL, NULL,
				 NULL) != SQLITE_OK)
			return die(db, "commit");
		sqlite3_close(db);
		printf("peer-fts5: %ld documents\n", n);
		return n < 0;
	}
	if (strcmp(argv[1], "trec") == 0 && argc == 5) {
		/* The run of a test collection: words ORed, ranked by bm25(). */
		FILE *f = fopen(argv[3], "r");
		char *buf = NULL;
		size_t cap = 0;
		sqlite3_stmt *st;
		strbuf fq = STRBUF_INIT;
		int k = atoi(argv[4]);
		if (!f || sqlite3_prepare_v2(db, "SELECT id, -bm25(docs) FROM docs WHERE docs MATCH ? "
						 "ORDER BY bm25(docs) LIMIT ?", -1, &st, NULL) != SQLITE_OK)
			return die(db, "trec");
		while (getline(&buf, &cap, f) > 0) {
			char *tab = strchr(buf, '\t');
			if (!tab)
				continue;
			*tab = 0;
			tab[1 + strcspn(tab + 1, "\r\n")] = 0;
			fts_query(tab + 1, 0, &fq);
			sqlite3_bind_text(st, 1, fq.buf, (int)fq.len, SQLITE_STATIC);
			sqlite3_bind_int(st, 2, k);
			int rank = 0;
			while (sqlite3_step(st) == SQLITE_ROW)
				printf("%s Q0 %s %d %.6f fts5\n", buf, (const char *)sqlite3_column_text(st, 0),
				       ++rank, sqlite3_column_double(st, 1));
			sqlite3_reset(st);
		}
		free(buf);
		fclose(f);
		sqlite3_finalize(st);
		sqlite3_close(db);
		return 0;
	}
	if (strcmp(argv[1], "query") == 0 && argc == 6) {
		size_t nq;
		char **qs = bench_read_queries(argv[3], &nq);
		int k = atoi(argv[4]), and = strcmp(argv[5], "and") == 0;
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db, "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
				       -1, &st, NULL) != SQLITE_OK)
			return die(db, "prepare");
		double *ms = xcalloc(nq ? nq : 1, sizeof(double));
		strbuf fq = STRBUF_INIT;
		unsigned long hits = 0;
		for (size_t i = 0; i < nq; i++) {
			fts_query(qs[i], and, &fq);
			double t0 = now_ms();
			sqlite3_bind_text(st, 1, fq.buf, (int)fq.len, SQLITE_STATIC);
			sqlite3_bind_int(st, 2, k);
			while (sqlite3_step(st) == SQLITE_ROW)
				hits++;
			sqlite3_reset(st);
			ms[i] = now_ms() - t0;
		}
		char label[64];
		snprintf(label, sizeof(label), "fts5 %s top%d", and ? "AND" : "OR", k);
		bench_print_latency(label, ms, nq);
		fprintf(stderr, "peer-fts5: %lu results\n", hits);
		sqlite3_finalize(st);
		sqlite3_close(db);
		return 0;
	}
	fprintf(stderr, "usage: peer-fts5 index DB FILE | peer-fts5 query DB QUERIES K or|and\n");
	return 2;
}
