/*
 * pipeline.h - builds the Xapian documents in worker threads and writes
 * them in order.
 *
 * The reader (the main thread) submits each document it reads; a worker
 * turns it into an xap_document (choosing its language and analysing it:
 * the costly part); the main thread writes the built documents to the
 * index in the order they were submitted.  So replacements, the records of
 * files, commits and messages happen as they would in one thread, and a
 * crash leaves the same index.  With no workers, a document is built at
 * once when it is submitted.
 */
#ifndef DATELINE_PIPELINE_H
#define DATELINE_PIPELINE_H

#include "document.h"
#include "util.h"
#include "xap.h"

/* A document on its way: filled by build, consumed by write. */
typedef struct built {
	document doc;     /* the document, taken from the reader */
	xap_document *xd; /* the document to write, or NULL if building failed */
	xap_status st;    /* building's status */
	int capped;       /* words were left out (--max-terms) */
	strbuf err;       /* building's message */
	strbuf warn;      /* warnings met while building, printed at write time */
} built;

/* Builds b in a worker (worker is 0..workers-1), or in the main thread
 * (worker == PIPELINE_MAIN). */
#define PIPELINE_MAIN (~0u)
typedef void (*pipeline_build_fn)(void *ctx, unsigned worker, built *b);
/* Writes b in the main thread; then b is released. */
typedef void (*pipeline_write_fn)(void *ctx, built *b);

typedef struct pipeline pipeline;

/* A pipeline of `workers` threads (0: none) holding at most depth
 * documents, and at most max_bytes of their text unless it holds one
 * only.  Returns NULL if a thread cannot be started (then use none). */
pipeline *pipeline_new(unsigned workers, unsigned depth, size_t max_bytes,
		       pipeline_build_fn build, pipeline_write_fn write, void *ctx);
/* Stops the workers (after draining) and frees p.  NULL ok. */
void pipeline_free(pipeline *p);

/* Takes doc's contents (doc is left empty) and queues it; writes the
 * documents that are ready, and waits for the oldest when the pipeline is
 * full. */
void pipeline_submit(pipeline *p, document *doc);
/* Builds doc in the main thread after writing everything queued: for
 * documents that cannot leave the reader (a long text still being read). */
void pipeline_submit_now(pipeline *p, document *doc);
/* Waits for every queued document and writes it. */
void pipeline_drain(pipeline *p);

#endif
