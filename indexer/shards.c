/*
 * shards.c - writers for the extra shards of a bulk or sharded build (see
 * indexer.h).
 *
 * Shard 0 is the run's own database (ix->db), written by the main thread
 * with every piece of bookkeeping (file records, XF terms, languages).
 * Shards 1..n-1 each get a writer thread that adds the documents routed to
 * it and commits in batches, as the main thread does; the words for its
 * spelling data are gathered and added once, at the end (spelling.h).  A
 * document goes to shard hash(id) % n, so an id written twice in a run
 * lands on the same shard and replaces itself there.
 *
 * --bulk writes no documents into shard 0 (hash(id) % (n - 1) + 1), and
 * its writers start a new segment, a database of its own next to the
 * shard's ("shard-001.1", ".2", ...), every SEGMENT_DOCS documents or
 * SEGMENT_BYTES of text: Xapian's cost per document grows with the size
 * of the database it is added to, and small ones keep the build linear.
 * The compaction at the end merges them all.  A replacement (an id read
 * twice) also deletes the id from the shard's earlier segments.
 */
#include "hash.h"
#include "indexer.h"
#include "schema.h"
#include "spelling.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Documents waiting for a shard's writer: at most SHARD_QUEUE, and at most
 * SHARD_QUEUE_BYTES of their text unless the queue holds one only.  The
 * queue must outlast a commit: while one writer commits, the main thread
 * goes on routing documents, half of them to it, and a full queue stops
 * the main thread, the other writer and the analysing workers with it.
 * But a built document takes some times its text in memory, and one built
 * long before it is written is cold in the caches: the bound in bytes
 * keeps long documents' queues as short as they were (50,000 enwiki
 * paragraphs, --bulk, four runs each: a queue of 64 documents kept the two
 * cores 155 % busy and the build took 37.4 s; 256 with a pipeline of 64
 * (indexer.c): 170 %, 30.6 s; 1,024 and 256: 169 %, 34.3 s).
 */
#define SHARD_QUEUE 256
#define SHARD_QUEUE_BYTES (1u << 20)
/* --bulk: a new segment after this many documents or bytes of text. */
#define SEGMENT_DOCS 50000
#define SEGMENT_BYTES (128ull << 20)

struct job {
	xap_document *xd;
	char *idterm;
	size_t idlen;
	int replace; /* the id may be there already (written before in this run) */
	size_t bytes;
};

struct shard {
	struct indexer *ix;
	unsigned index;
	char *base;      /* the shard's path */
	char *path;      /* its current segment's: base, then base.1, base.2, ... */
	int flags;       /* XAP_DB_* for creating segments */
	xap_database *db;
	unsigned nold;   /* segments finished before this one */
	unsigned long seg_docs;
	unsigned long long seg_bytes;
	pthread_t thread;
	int started;
	struct job q[SHARD_QUEUE];
	unsigned long head, tail;
	size_t queued_bytes; /* text of the jobs in q */
	int done;        /* no more jobs will come */
	xap_status st;   /* the first error */
	strbuf err;
	unsigned long added, replaced;
	unsigned in_batch;
	unsigned long long batch_bytes;
	spelling_words spell; /* a new shard: its spelling data added at the end */
	pthread_mutex_t lock;
	pthread_cond_t more, room;
};

struct shards {
	struct shard *v; /* v[0] is unused: shard 0 is ix->db */
	unsigned n;
};

/* Records the shard's first error: what went wrong at path, and why. */
static void shard_error(struct shard *s, xap_status st, const char *what, const char *path,
			const char *why)
{
	if (s->st)
		return;
	s->st = st;
	strbuf_reset(&s->err);
	strbuf_addf(&s->err, "%s '%s': %s: %s", what, path, xap_status_string(st), why ? why : "");
}

static void fail_shard(struct shard *s, xap_status st, const char *what)
{
	char *w = xasprintf("%s in shard", what);
	shard_error(s, st, w, s->path, xap_database_errmsg(s->db));
	free(w);
}

char *shards_segment_path(const char *shard, unsigned k)
{
	return k ? xasprintf("%s.%u", shard, k) : xstrdup(shard);
}

/* Creates the database at s->path: an index of its own, for query too. */
static xap_status create_segment(struct shard *s, char **msg)
{
	xap_status st = xap_database_open_writable(s->path, XAP_DB_CREATE | s->flags, &s->db, msg);
	if (st == XAP_OK) {
		if ((st = xap_database_set_metadata(s->db, SCHEMA_META_VERSION, SCHEMA_VERSION,
						    strlen(SCHEMA_VERSION))) ||
		    (st = xap_database_set_metadata(s->db, SCHEMA_META_LANG, s->ix->defcode,
						    strlen(s->ix->defcode))))
			*msg = xstrdup(xap_database_errmsg(s->db));
	}
	return st;
}

/* Closes the current segment and starts the next. */
static void next_segment(struct shard *s)
{
	char *msg = NULL;
	xap_status st = xap_database_close(s->db);
	if (st) {
		fail_shard(s, st, "cannot close a segment");
		return;
	}
	xap_database_destroy(s->db);
	s->db = NULL;
	s->nold++;
	free(s->path);
	s->path = shards_segment_path(s->base, s->nold);
	s->seg_docs = 0;
	s->seg_bytes = 0;
	if ((st = create_segment(s, &msg)))
		shard_error(s, st, "cannot create segment", s->path, msg);
	free(msg);
}

/* Deletes the document with idterm from the shard's earlier segments.
 * Returns 1 if one held it. */
static int delete_from_old_segments(struct shard *s, const char *idterm, size_t idlen)
{
	int deleted = 0;
	for (unsigned k = 0; k < s->nold && !s->st; k++) {
		char *path = shards_segment_path(s->base, k);
		char *msg = NULL;
		xap_database *db = NULL;
		unsigned had = 0;
		xap_status st = xap_database_open_writable(path, XAP_DB_OPEN | s->flags, &db, &msg);
		if (st == XAP_OK && (st = xap_database_termfreq(db, idterm, idlen, &had)) == XAP_OK &&
		    had && (st = xap_database_delete_document_by_term(db, idterm, idlen)) == XAP_OK)
			st = xap_database_commit(db);
		if (st == XAP_OK)
			st = xap_database_close(db);
		if (st)
			shard_error(s, st, "cannot replace a document in segment", path,
				    msg ? msg : db ? xap_database_errmsg(db) : NULL);
		else if (had)
			deleted = 1;
		xap_database_destroy(db);
		free(msg);
		free(path);
	}
	return deleted;
}

static void write_job(struct shard *s, struct job *j)
{
	xap_status st;
	unsigned had = 0;
	if (j->replace && s->nold) {
		had = (unsigned)delete_from_old_segments(s, j->idterm, j->idlen);
		if (s->st)
			return;
	}
	unsigned here = 0;
	if (j->replace && (st = xap_database_termfreq(s->db, j->idterm, j->idlen, &here))) {
		fail_shard(s, st, "cannot read");
		return;
	}
	had |= here;
	if (j->replace)
		st = xap_database_replace_document_by_term(s->db, j->idterm, j->idlen, j->xd, NULL);
	else
		st = xap_database_add_document(s->db, j->xd, NULL);
	if (st == XAP_OK)
		st = spelling_gather(&s->spell, s->db, j->xd);
	if (st) {
		fail_shard(s, st, "cannot add a document");
		return;
	}
	if (had)
		s->replaced++;
	else
		s->added++;
	s->in_batch++;
	s->batch_bytes += j->bytes;
	s->seg_docs++;
	s->seg_bytes += j->bytes;
	if (s->in_batch >= s->ix->opt.batch || s->batch_bytes >= BATCH_BYTES) {
		if ((st = xap_database_commit(s->db)))
			fail_shard(s, st, "cannot commit");
		s->in_batch = 0;
		s->batch_bytes = 0;
		unsigned long most = s->ix->opt.segment ? s->ix->opt.segment : SEGMENT_DOCS;
		if (!s->st && s->ix->opt.bulk && (s->seg_docs >= most || s->seg_bytes >= SEGMENT_BYTES))
			next_segment(s);
	}
}

static void *shard_main(void *arg)
{
	struct shard *s = arg;
	pthread_mutex_lock(&s->lock);
	for (;;) {
		while (!s->done && s->head == s->tail)
			pthread_cond_wait(&s->more, &s->lock);
		if (s->head == s->tail)
			break;
		struct job j = s->q[s->head % SHARD_QUEUE];
		s->head++;
		s->queued_bytes -= j.bytes;
		pthread_cond_signal(&s->room);
		pthread_mutex_unlock(&s->lock);
		if (!s->st)
			write_job(s, &j);
		xap_document_free(j.xd);
		free(j.idterm);
		pthread_mutex_lock(&s->lock);
	}
	pthread_mutex_unlock(&s->lock);
	if (!s->st) {
		xap_status st = spelling_flush(&s->spell, s->db);
		if (st)
			fail_shard(s, st, "cannot add the spelling data");
		else if ((st = xap_database_commit(s->db)))
			fail_shard(s, st, "cannot commit");
	}
	return NULL;
}

int shards_start(struct indexer *ix, char **paths, unsigned n, int flags)
{
	struct shards *sh = xcalloc(1, sizeof(*sh));
	sh->v = xcalloc(n, sizeof(*sh->v));
	sh->n = n;
	ix->shards = sh;
	for (unsigned i = 1; i < n; i++) {
		struct shard *s = &sh->v[i];
		char *msg = NULL;
		s->ix = ix;
		s->index = i;
		s->base = xstrdup(paths[i]);
		s->path = xstrdup(paths[i]);
		s->flags = flags;
		strbuf_init(&s->err, 0);
		pthread_mutex_init(&s->lock, NULL);
		pthread_cond_init(&s->more, NULL);
		pthread_cond_init(&s->room, NULL);
		xap_status st = create_segment(s, &msg);
		if (st) {
			fprintf(stderr, PROGRAM ": cannot create shard '%s': %s: %s\n", s->path,
				xap_status_string(st), msg ? msg : "");
			free(msg);
			return -1;
		}
		if (pthread_create(&s->thread, NULL, shard_main, s) != 0) {
			fprintf(stderr, PROGRAM ": cannot start a thread for shard '%s'\n", s->path);
			return -1;
		}
		s->started = 1;
	}
	return 0;
}

unsigned shards_route(const struct indexer *ix, const char *id)
{
	if (!ix->shards)
		return 0;
	/* The top bits: the low ones also choose slots in u64set. */
	uint64_t h = hash64_bytes(id, strlen(id)) >> 32;
	if (ix->opt.bulk)
		return 1 + (unsigned)(h % (ix->shards->n - 1));
	return (unsigned)(h % ix->shards->n);
}

int shards_write(struct indexer *ix, unsigned k, xap_document *xd, const char *idterm,
		 size_t idlen, int replace, size_t bytes)
{
	struct shard *s = &ix->shards->v[k];
	pthread_mutex_lock(&s->lock);
	while (s->tail - s->head == SHARD_QUEUE ||
	       (s->tail != s->head && s->queued_bytes + bytes > SHARD_QUEUE_BYTES))
		pthread_cond_wait(&s->room, &s->lock);
	s->q[s->tail % SHARD_QUEUE] = (struct job){ xd, xstrndup(idterm, idlen), idlen, replace, bytes };
	s->tail++;
	s->queued_bytes += bytes;
	pthread_cond_signal(&s->more);
	xap_status st = s->st;
	pthread_mutex_unlock(&s->lock);
	if (st) {
		fprintf(stderr, PROGRAM ": %s\n", s->err.buf);
		ix->fatal = 1;
		return 1;
	}
	return 0;
}

int shards_finish(struct indexer *ix, const char *langs, size_t langslen)
{
	struct shards *sh = ix->shards;
	int failed = 0;
	if (!sh)
		return 0;
	for (unsigned i = 1; i < sh->n; i++) {
		struct shard *s = &sh->v[i];
		if (!s->started)
			continue;
		pthread_mutex_lock(&s->lock);
		s->done = 1;
		pthread_cond_signal(&s->more);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->thread, NULL);
		if (!s->st && langslen) {
			xap_status st = xap_database_set_metadata(s->db, SCHEMA_META_LANGS, langs, langslen);
			if (st == XAP_OK)
				st = xap_database_commit(s->db);
			if (st)
				fail_shard(s, st, "cannot write metadata");
		}
		if (!s->st) {
			xap_status st = xap_database_close(s->db);
			if (st)
				fail_shard(s, st, "cannot close");
		}
		if (s->st) {
			indexer_clear_line(ix);
			fprintf(stderr, PROGRAM ": %s\n", s->err.buf);
			failed = 1;
		}
		ix->added += s->added;
		ix->replaced += s->replaced;
	}
	return failed;
}

void shards_free(struct indexer *ix)
{
	struct shards *sh = ix->shards;
	if (!sh)
		return;
	for (unsigned i = 1; i < sh->n; i++) {
		struct shard *s = &sh->v[i];
		if (s->started && !s->done) {
			pthread_mutex_lock(&s->lock);
			s->done = 1;
			pthread_cond_signal(&s->more);
			pthread_mutex_unlock(&s->lock);
			pthread_join(s->thread, NULL);
		}
		xap_database_destroy(s->db);
		if (s->path) {
			/* Made with the path, in shards_start(). */
			pthread_mutex_destroy(&s->lock);
			pthread_cond_destroy(&s->more);
			pthread_cond_destroy(&s->room);
		}
		free(s->path);
		free(s->base);
		strbuf_release(&s->err);
		spelling_words_release(&s->spell);
	}
	free(sh->v);
	free(sh);
	ix->shards = NULL;
}
