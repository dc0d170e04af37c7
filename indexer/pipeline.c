/*
 * pipeline.c - worker threads that build documents, written in order (see
 * pipeline.h).
 *
 * A ring of depth slots: [head, tail) are submitted and not yet written;
 * [next, tail) are waiting for a worker.  A slot is done when its worker
 * has built it.  One mutex guards the indices and states; workers wait on
 * `work`, the main thread on `done`.
 */
#include "pipeline.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { SLOT_QUEUED, SLOT_BUILDING, SLOT_DONE };

struct slot {
	built b;
	int state;
	size_t bytes; /* the document's text when submitted */
};

struct worker {
	pipeline *p;
	unsigned index;
	pthread_t thread;
};

struct pipeline {
	pipeline_build_fn build;
	pipeline_write_fn write;
	void *ctx;
	struct slot *slots;
	unsigned depth;
	size_t max_bytes, bytes; /* the most text held, and the text held */
	unsigned long head, next, tail; /* counts; slot i is slots[i % depth] */
	int stop;
	pthread_mutex_t lock;
	pthread_cond_t work, done;
	struct worker *workers;
	unsigned nworkers;
};

static void built_init(built *b, document *doc)
{
	memset(b, 0, sizeof(*b));
	b->doc = *doc;
	document_init(doc);
	strbuf_init(&b->err, 0);
	strbuf_init(&b->warn, 0);
}

static void built_release(built *b)
{
	xap_document_free(b->xd);
	document_release(&b->doc);
	strbuf_release(&b->err);
	strbuf_release(&b->warn);
	memset(b, 0, sizeof(*b));
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	pipeline *p = w->p;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->stop && p->next == p->tail)
			pthread_cond_wait(&p->work, &p->lock);
		if (p->next == p->tail)
			break; /* stopping, and nothing is left to build */
		struct slot *s = &p->slots[p->next % p->depth];
		p->next++;
		s->state = SLOT_BUILDING;
		pthread_mutex_unlock(&p->lock);
		p->build(p->ctx, w->index, &s->b);
		pthread_mutex_lock(&p->lock);
		s->state = SLOT_DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

pipeline *pipeline_new(unsigned workers, unsigned depth, size_t max_bytes,
		       pipeline_build_fn build, pipeline_write_fn write, void *ctx)
{
	pipeline *p = xcalloc(1, sizeof(*p));
	p->build = build;
	p->write = write;
	p->ctx = ctx;
	p->depth = depth ? depth : 1;
	p->max_bytes = max_bytes;
	p->slots = xcalloc(p->depth, sizeof(*p->slots));
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	p->workers = xcalloc(workers ? workers : 1, sizeof(*p->workers));
	for (unsigned i = 0; i < workers; i++) {
		p->workers[i].p = p;
		p->workers[i].index = i;
		if (pthread_create(&p->workers[i].thread, NULL, worker_main, &p->workers[i]) != 0) {
			pipeline_free(p);
			return NULL;
		}
		p->nworkers++;
	}
	return p;
}

/* Writes the oldest slot if it is built (wait: wait for it).  Called with
 * the lock held; releases it while writing.  Returns 1 if it wrote one. */
static int write_head(pipeline *p, int wait)
{
	if (p->head == p->tail)
		return 0;
	struct slot *s = &p->slots[p->head % p->depth];
	while (wait && s->state != SLOT_DONE)
		pthread_cond_wait(&p->done, &p->lock);
	if (s->state != SLOT_DONE)
		return 0;
	pthread_mutex_unlock(&p->lock);
	p->write(p->ctx, &s->b);
	built_release(&s->b);
	pthread_mutex_lock(&p->lock);
	p->head++;
	p->bytes -= s->bytes;
	return 1;
}

void pipeline_submit(pipeline *p, document *doc)
{
	if (!p->nworkers) {
		pipeline_submit_now(p, doc);
		return;
	}
	pthread_mutex_lock(&p->lock);
	while (p->tail - p->head == p->depth ||
	       (p->tail != p->head && p->bytes + doc->textlen > p->max_bytes))
		write_head(p, 1);
	struct slot *s = &p->slots[p->tail % p->depth];
	s->bytes = doc->textlen;
	p->bytes += s->bytes;
	built_init(&s->b, doc);
	s->state = SLOT_QUEUED;
	p->tail++;
	pthread_cond_signal(&p->work);
	while (write_head(p, 0))
		;
	pthread_mutex_unlock(&p->lock);
}

void pipeline_drain(pipeline *p)
{
	pthread_mutex_lock(&p->lock);
	while (write_head(p, 1))
		;
	pthread_mutex_unlock(&p->lock);
}

void pipeline_submit_now(pipeline *p, document *doc)
{
	built b;
	pipeline_drain(p);
	built_init(&b, doc);
	p->build(p->ctx, PIPELINE_MAIN, &b);
	p->write(p->ctx, &b);
	built_release(&b);
}

void pipeline_free(pipeline *p)
{
	if (!p)
		return;
	pipeline_drain(p);
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	for (unsigned i = 0; i < p->nworkers; i++)
		pthread_join(p->workers[i].thread, NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	free(p->workers);
	free(p->slots);
	free(p);
}
