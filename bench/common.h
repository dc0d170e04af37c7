/*
 * common.h - what the benchmark's peer programs share: reading the JSON
 * Lines collections and the query files, and latency statistics.
 */
#ifndef DATELINE_BENCH_COMMON_H
#define DATELINE_BENCH_COMMON_H

#include <stddef.h>

/* Calls fn for each line of a JSON Lines file (plain or gzip) with its id,
 * title and text ("" when absent).  Returns the number of documents, or -1. */
typedef void (*bench_doc_fn)(void *ctx, const char *id, const char *title, size_t tlen,
			     const char *text, size_t len);
long bench_read_jsonl(const char *path, bench_doc_fn fn, void *ctx);

/* The queries of a file, one per line (a "qid<TAB>" prefix is dropped). */
char **bench_read_queries(const char *path, size_t *n);

/* Prints "mean median p99" of n latencies in milliseconds (sorted in place). */
void bench_print_latency(const char *label, double *ms, size_t n);

#endif
