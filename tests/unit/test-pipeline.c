/*
 * test-pipeline.c - the indexer's pipeline (indexer/pipeline.h): every
 * document built once, written in the order submitted, and never more
 * held than its bounds allow (documents, and bytes of text unless it holds
 * one only), while the reader does read ahead of slow builds.
 */
#include "../../indexer/pipeline.h"
#include "tap.h"
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct run {
	unsigned depth;
	size_t max_bytes;
	unsigned long submitted, written; /* documents */
	size_t bytes_in, bytes_out;       /* their text */
	unsigned long most_held;          /* the most documents held after a submit */
	size_t most_bytes;                /* the most text held after a submit */
	int over;                         /* a submit returned holding more than the bounds */
	int out_of_order, unbuilt, built_twice, wrong_worker;
	unsigned workers;
	pthread_mutex_t lock;
	unsigned long builds;
	int slow; /* each build takes a while */
};

static void sleep_us(long us)
{
	struct timespec ts = { 0, us * 1000 };
	nanosleep(&ts, NULL);
}

static void build(void *ctx, unsigned worker, built *b)
{
	struct run *r = ctx;
	if (worker != PIPELINE_MAIN && worker >= r->workers)
		r->wrong_worker = 1;
	if (b->st != XAP_OK)
		r->built_twice = 1;
	b->st = XAP_INTERNAL; /* the mark of a built document */
	if (r->slow)
		sleep_us(300);
	pthread_mutex_lock(&r->lock);
	r->builds++;
	pthread_mutex_unlock(&r->lock);
}

static void write_doc(void *ctx, built *b)
{
	struct run *r = ctx;
	char want[32];
	snprintf(want, sizeof(want), "doc-%lu", r->written);
	if (!b->doc.id || strcmp(b->doc.id, want) != 0)
		r->out_of_order = 1;
	if (b->st != XAP_INTERNAL)
		r->unbuilt = 1;
	r->written++;
	r->bytes_out += b->doc.textlen;
}

/* Submits n documents of pseudo-random lengths up to maxlen (one in 50 of
 * them bigger than every bound), then drains. */
static void run_pipeline(struct run *r, unsigned workers, unsigned long n, size_t maxlen,
			 unsigned seed)
{
	pipeline *p = pipeline_new(workers, r->depth, r->max_bytes, build, write_doc, r);
	r->workers = workers;
	if (!p) {
		ok(0, "pipeline_new with %u workers", workers);
		return;
	}
	srand(seed);
	for (unsigned long i = 0; i < n; i++) {
		document d;
		document_init(&d);
		char id[32];
		snprintf(id, sizeof(id), "doc-%lu", i);
		d.id = xstrdup(id);
		size_t len = (size_t)rand() % (maxlen + 1);
		if (i % 50 == 7)
			len = r->max_bytes + 100;
		d.text = xmalloc(len + 1);
		memset(d.text, 'a', len);
		d.text[len] = 0;
		d.textlen = len;
		r->submitted++;
		r->bytes_in += len;
		pipeline_submit(p, &d);
		document_release(&d);
		unsigned long held = r->submitted - r->written;
		size_t bytes = r->bytes_in - r->bytes_out;
		if (held > r->most_held)
			r->most_held = held;
		if (bytes > r->most_bytes)
			r->most_bytes = bytes;
		if (held > r->depth || (held > 1 && bytes > r->max_bytes))
			r->over = 1;
	}
	pipeline_drain(p);
	pipeline_free(p);
}

static void check_run(struct run *r, const char *name)
{
	is_int(r->written, r->submitted, "%s: every document written", name);
	is_int(r->builds, r->submitted, "%s: every document built once", name);
	ok(!r->out_of_order, "%s: written in the order submitted", name);
	ok(!r->unbuilt && !r->built_twice, "%s: each built before it was written, once", name);
	ok(!r->wrong_worker, "%s: built by the workers it has", name);
	ok(!r->over, "%s: never held more than %u documents or %zu bytes (most: %lu, %zu)", name,
	   r->depth, r->max_bytes, r->most_held, r->most_bytes);
}

static struct run new_run(unsigned depth, size_t max_bytes, int slow)
{
	struct run r;
	memset(&r, 0, sizeof(r));
	r.depth = depth;
	r.max_bytes = max_bytes;
	r.slow = slow;
	pthread_mutex_init(&r.lock, NULL);
	return r;
}

int main(void)
{
	/* The count bound decides: short texts, slow builds.  The reader
	 * goes on until the pipeline is full. */
	struct run a = new_run(16, 1u << 20, 1);
	run_pipeline(&a, 2, 600, 40, 1);
	check_run(&a, "16 documents");
	is_int(a.most_held, 16, "16 documents: the reader read ahead of the builds to the bound");

	/* The byte bound decides: long texts, some longer than the bound. */
	struct run b = new_run(64, 3000, 1);
	run_pipeline(&b, 2, 600, 1200, 2);
	check_run(&b, "3000 bytes");
	ok(b.most_held > 1 && b.most_held < 64,
	   "3000 bytes: several documents held, fewer than the count allows (%lu)", b.most_held);

	/* One worker, fast builds. */
	struct run c = new_run(4, 1u << 20, 0);
	run_pipeline(&c, 1, 2000, 100, 3);
	check_run(&c, "one worker");

	/* No workers: each document built and written as it comes. */
	struct run d = new_run(1, 0, 0);
	run_pipeline(&d, 0, 100, 100, 4);
	check_run(&d, "no workers");
	is_int(d.most_held, 0, "no workers: nothing held after a submit");

	return done_testing();
}
