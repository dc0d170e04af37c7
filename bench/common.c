/*
 * common.c - shared helpers of the benchmark peers.
 */
#include "common.h"
#include "input.h"
#include "util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *field(json_t *o, const char *k, size_t *len)
{
	json_t *v = json_object_get(o, k);
	if (json_is_string(v)) {
		*len = json_string_length(v);
		return json_string_value(v);
	}
	*len = 0;
	return "";
}

long bench_read_jsonl(const char *path, bench_doc_fn fn, void *ctx)
{
	strbuf err = STRBUF_INIT, line = STRBUF_INIT;
	input *in = input_open(path, 0, &err);
	long n = 0;
	int trunc;
	if (!in) {
		fprintf(stderr, "cannot open '%s': %s\n", path, err.buf);
		strbuf_release(&err);
		return -1;
	}
	while (input_getline(in, &line, 1u << 30, &trunc) > 0) {
		json_error_t je;
		json_t *o = json_loadb(line.buf, line.len, 0, &je);
		if (!o)
			continue;
		size_t il, tl, xl;
		const char *id = field(o, "id", &il);
		char num[32];
		if (!il && json_is_integer(json_object_get(o, "id"))) {
			snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(json_object_get(o, "id")));
			id = num;
		}
		const char *title = field(o, "title", &tl);
		const char *text = field(o, "text", &xl);
		fn(ctx, id, title, tl, text, xl);
		json_decref(o);
		n++;
	}
	input_close(in);
	strbuf_release(&err);
	strbuf_release(&line);
	return n;
}

char **bench_read_queries(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	char **v = NULL, *buf = NULL;
	size_t cap = 0;
	*n = 0;
	if (!f) {
		perror(path);
		return NULL;
	}
	while (getline(&buf, &cap, f) > 0) {
		char *q = buf, *tab = strchr(buf, '\t');
		if (tab)
			q = tab + 1;
		q[strcspn(q, "\r\n")] = 0;
		if (!*q)
			continue;
		v = xrealloc(v, (*n + 1) * sizeof(*v));
		v[(*n)++] = xstrdup(q);
	}
	free(buf);
	fclose(f);
	return v;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

void bench_print_latency(const char *label, double *ms, size_t n)
{
	double sum = 0;
	if (!n)
		return;
	qsort(ms, n, sizeof(*ms), cmp_double);
	for (size_t i = 0; i < n; i++)
		sum += ms[i];
	size_t p99 = (size_t)(0.99 * (double)(n - 1) + 0.5);
	printf("%s\tqueries=%zu\tmean_ms=%.3f\tmedian_ms=%.3f\tp99_ms=%.3f\n", label, n, sum / (double)n,
	       ms[n / 2], ms[p99]);
}
