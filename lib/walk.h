/*
 * walk.h - the files under a path, in a stable order.
 *
 * A directory is read recursively; within each directory, entries are
 * visited in byte order of their names, so two runs over the same tree see
 * the same sequence.  Names starting with '.' are skipped.  Symbolic links
 * are followed; a link that leads back into a directory being walked (a
 * loop) is reported, not followed.  Anything that is neither a regular file
 * nor a directory (sockets, devices, FIFOs) is reported and skipped.
 */
#ifndef DATELINE_WALK_H
#define DATELINE_WALK_H

#include <sys/stat.h>

typedef struct walk_entry {
	const char *path;    /* to open: root joined with relpath */
	const char *relpath; /* relative to the root; for a root that is a file, its base name */
	struct stat st;      /* of the file (links followed) */
} walk_entry;

/* Called for each regular file; return non-zero to stop the walk. */
typedef int (*walk_file_fn)(void *ctx, const walk_entry *e);
/* Called for each path that is not walked, with the reason: skipped is 1
 * for what is left out on purpose (not a regular file or directory, a
 * symbolic link loop) and 0 for errors (permission denied, vanished, ...). */
typedef void (*walk_error_fn)(void *ctx, const char *path, const char *reason, int skipped);

/*
 * Walks root (a file or a directory).  Returns 0 when done, the non-zero
 * value of file_fn if it stopped the walk, or -1 if root itself cannot be
 * read (after calling error_fn).
 */
int walk(const char *root, walk_file_fn file_fn, walk_error_fn error_fn, void *ctx);

#endif
