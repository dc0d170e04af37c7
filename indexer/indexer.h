/*
 * indexer.h - what the parts of the indexer program share: the run's state
 * (indexer.c), incremental bookkeeping (sync.c) and the index check
 * (check.c).  Not a library interface: these functions print their
 * messages themselves.
 */
#ifndef DATELINE_INDEXER_H
#define DATELINE_INDEXER_H

#include "analyser.h"
#include "reader.h"
#include "spelling.h"
#include "util.h"
#include "xap.h"

#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>

#define PROGRAM "indexer"

/* The signal that asked the run to stop (SIGINT, SIGTERM), or 0. */
extern volatile sig_atomic_t indexer_interrupted;

/* A set of 64-bit hashes (of file terms, of ids): open addressing. */
typedef struct u64set {
	uint64_t *slot; /* 0 marks an empty slot; the value 0 is stored as 1 */
	size_t n, cap;
} u64set;

/* Adds v; returns 1 if it was there already. */
int u64set_add(u64set *s, uint64_t v);
int u64set_has(const u64set *s, uint64_t v);
void u64set_release(u64set *s);

struct options {
	const char *lang;
	int lang_given;
	unsigned batch;
	const char *stdin_id;
	reader_opts ropts;
	unsigned long max_terms;
	int quiet, verbose, progress;
	int force;       /* read every file, whatever its record says */
	int prune;       /* 0: --no-prune, 1: default, 2: --prune */
	int wait;        /* wait for the lock */
	double wait_secs; /* ... at most this long (0: for ever) */
	const char *log; /* --log FILE */
	int threads;     /* --threads: worker threads (-1: one per core but one) */
	int bulk;        /* --bulk: a new index built in parallel shards, then compacted */
	unsigned shards; /* --shards: a new index of this many shards (0: one database) */
	unsigned long segment; /* --bulk: documents per segment (0: SEGMENT_DOCS) */
};

struct langmap {
	char *code;
	analyser *a;
};

/* The analysers of one worker thread. */
struct langset {
	struct langmap *v;
	size_t n;
};

/* Commit when a batch holds this many bytes of text, whatever its number of
 * documents: Xapian keeps a batch's postings in memory until the commit. */
#define BATCH_BYTES (8u << 20)

/* The root being walked: where the file keys of its files start. */
struct root {
	const char *given;   /* as on the command line */
	char *canon;         /* realpath of the directory (of a file root: of its directory) */
	int is_dir;
	strbuf *unvisited;   /* keys of paths under it the walk could not visit */
	size_t nunvisited;
};

struct indexer {
	struct options opt;
	xap_database *db;
	const char *dbpath;
	analyser *defa;        /* the default language's analyser */
	const char *defcode;   /* its ISO code */
	struct langmap *langs; /* analysers for other languages, made on demand */
	size_t nlangs;
	strbuf term, err;
	int fatal;             /* a database error that ends the run */
	unsigned in_batch;     /* changes since the last commit */
	int logfd;             /* --log, or -1 */
	struct pipeline *pipe; /* builds documents in worker threads (pipeline.h) */
	struct langset *wlangs; /* each worker's analysers */
	unsigned nworkers;
	int fresh;             /* the index was empty when the run began */
	struct shards *shards; /* the writers of shards 1.. (shards.c), or NULL */
	unsigned long routed;  /* documents handed to them */
	int open_flags;        /* XAP_DB_* added when opening the index */
	unsigned long long batch_bytes; /* text in the batch being built */
	uint64_t opts_hash;    /* of the options that shape documents */
	int gather_spelling;   /* a new index (--bulk, --shards): spelling added at the end */
	spelling_words spell;  /* ... gathered here until then */

	/* counts: documents */
	unsigned long added, replaced, unchanged, removed, failed_docs, skipped_docs;
	unsigned long dup_ids;
	/* counts: files */
	unsigned long files;          /* files found */
	unsigned long unchanged_files;
	unsigned long failed_files;   /* found but unreadable, or not even visited */
	unsigned long skipped_files;

	/* the file being read */
	const char *cur_path;
	unsigned cur_problems;
	strbuf cur_fterm;      /* its XF term ("" for standard input) */
	unsigned cur_pending;  /* its documents not yet committed */
	int cur_track;         /* collecting the docids written, for stale ones */
	xap_docid *cur_dids;
	size_t cur_ndids, cur_adids;

	struct root *root;     /* the root being walked, NULL for standard input */
	u64set seen;           /* hashes of the file terms of every file found */
	u64set ids;            /* hashes of the ids written in this run */
	double start_ms, last_progress;
	unsigned long long bytes;
};

/* Reports a database error (st, with what was being done); ends the run.
 * Returns 1. */
int indexer_db_error(struct indexer *ix, xap_status st, const char *what);
/* Commits the changes so far as one transaction and starts the next
 * (reopen 0: none).  Returns 0, or 1 after a fatal error. */
int indexer_commit(struct indexer *ix, int reopen);
/* Clears the progress line before a message. */
void indexer_clear_line(struct indexer *ix);

/* sync.c: the records of files and what follows from them. */

/* A file's record, as stored (schema.c documents the format). */
typedef struct file_record {
	unsigned long long size, ino;
	long long mtime_s;
	long mtime_ns;
	int has_hash;
	uint64_t hash, opts;
	const char *key; /* points into the record text */
	size_t keylen;
} file_record;

/* Parses a record's text (NUL-terminated); 0, or -1 if it is damaged. */
int sync_record_parse(const char *val, size_t len, file_record *r);

/* Starts a root: computes its canonical path.  -1 (after a message) if it
 * cannot be resolved; its files are then read without records. */
int sync_root_begin(struct indexer *ix, struct root *r, const char *given);
/* After the walk of a complete root: removes the documents of the files
 * that were indexed through it and are gone (unless --no-prune). */
void sync_root_end(struct indexer *ix, struct root *r, int complete);
void sync_root_release(struct root *r);
/* Notes a path of the root the walk could not visit: nothing under it is pruned. */
void sync_root_unvisited(struct indexer *ix, const char *path);

/* Reads or skips one file found by the walk. */
int sync_file(struct indexer *ix, const char *path, const char *relpath, const struct stat *st);
/* --prune: removes the documents of every file recorded in the index
 * that no longer exists, under whatever root it was found. */
void sync_collect_garbage(struct indexer *ix, struct root *roots, size_t nroots);
/* --delete: removes the documents with these ids.  Returns the exit status. */
int sync_delete(struct indexer *ix, char **ids, int n);

/* indexer.c: reads one file into the index (key: its file key, NULL for
 * standard input). */
int indexer_read_file(struct indexer *ix, const char *path, const char *id, const char *key,
		      size_t keylen, const file_record *old);

/* shards.c: the extra shards of --bulk and --shards.  Shard 0 is ix->db. */

/* Creates shards 1..n-1 at paths[1..] (with the XAP_DB_* flags) and starts
 * their writers.  -1 after a message. */
int shards_start(struct indexer *ix, char **paths, unsigned n, int flags);
/* The path of segment k of the shard at path shard (--bulk): the shard's
 * own for k = 0, else shard.k.  Allocated. */
char *shards_segment_path(const char *shard, unsigned k);
/* The shard of a document id (0 without shards). */
unsigned shards_route(const struct indexer *ix, const char *id);
/* Hands xd (ownership too) to shard k's writer.  1 after a fatal error. */
int shards_write(struct indexer *ix, unsigned k, xap_document *xd, const char *idterm,
		 size_t idlen, int replace, size_t bytes);
/* Waits for the writers, records the languages (comma list) in each shard,
 * closes them and adds their counts to ix.  1 if one failed (reported). */
int shards_finish(struct indexer *ix, const char *langs, size_t langslen);
void shards_free(struct indexer *ix);

/* 1 if a --bulk or --shards build of target is running (it holds the lock
 * on target.building: indexer.c). */
int indexer_build_running(const char *target);
/* 1 if target is a --shards build that has not written its stub: a
 * directory with shard-000 and no XAPIANDB (running, or stopped). */
int indexer_unfinished_build(const char *target);

/* check.c: --check of an index, or of each shard of a sharded one (a stub:
 * indexer --shards, shardset.h).  Returns the exit status (0 sound,
 * 1 problems, 2 cannot check). */
int check_index(const char *path, int quiet);

#endif
