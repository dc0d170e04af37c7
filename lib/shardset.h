/*
 * shardset.h - the databases an index path stands for: the indexes one
 * query searches as one database, the shards indexer --check checks.
 *
 * query opens each index it is given (a path, a stub file or directory
 * listing shards, or a remote HOST:PORT served by xapian-tcpsrv) as a
 * shard of its own, so that it can name the one that fails and, with
 * --partial, search the rest; then Xapian combines them
 * (xap_database_add()), which ranks with the statistics of all.
 * indexer --check checks each local shard of a sharded index in turn.
 *
 * Xapian's stub files are expanded here rather than opened whole, for the
 * same reason.  A stub is a text file (or the file XAPIANDB of a
 * directory) with one database a line; '#' lines and empty lines are
 * ignored; relative paths are relative to the stub's directory:
 *
 *     auto PATH         a database or another stub (expanded in turn)
 *     glass PATH        a glass database  (also chert PATH)
 *     remote HOST:PORT  a database served by xapian-tcpsrv ([IPv6]:PORT too)
 *
 * A stub with any other line (remote :PROGRAM ARGS, inmemory, a line
 * Xapian would reject) is left to Xapian whole, as one shard.  A stub
 * that comes down to a single local database stays one shard named by
 * the stub, so that reopening it reads the stub again (xapian-replicate
 * switches a replica's stub to a new copy).
 */
#ifndef DATELINE_SHARDSET_H
#define DATELINE_SHARDSET_H

#include "util.h"
#include "xap.h"

/* How deep stubs may list stubs (a stub that lists itself is a loop). */
#define SHARDS_MAX_DEPTH 16

typedef struct shard {
	char *name;       /* what messages call it: its path, or HOST:PORT */
	char *path;       /* a local database or a stub Xapian opens whole; NULL: remote */
	char *host;       /* remote: the server's host and port */
	unsigned port;
	xap_database *db; /* the open handle (owned), or NULL: not open, or left out */
} shard;

typedef struct shard_set {
	shard *v;
	size_t n;
	int remote;       /* some shard is remote */
	int databases;    /* set by the caller: a stub of a single local database
			   * adds that database, not the stub (Xapian checks
			   * databases, not stubs: indexer --check) */
} shard_set;

#define SHARD_SET_INIT { NULL, 0, 0, 0 }

/*
 * Adds the shards of path: path itself if it is a database (a glass or
 * chert directory, a single-file glass database, or anything that is no
 * stub, which the opening will then report), else the shards its stub
 * lists.  Returns 0, or -1 with the reason appended to err (a stub that
 * cannot be read, stubs nested too deep).
 */
int shards_add_path(shard_set *set, const char *path, strbuf *err);

/*
 * Adds the remote shard spec, "HOST:PORT" or "[IPV6]:PORT" (port 1 to
 * 65535).  Returns 0, or -1 with what it should be appended to err.
 */
int shards_add_remote(shard_set *set, const char *spec, strbuf *err);

/* Closes the shards' handles and frees set, leaving it empty. */
void shards_release(shard_set *set);

#endif
