/*
 * walk.c - recursive, sorted, loop-safe directory traversal.
 */
#include "walk.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The directories on the current path, for loop detection. */
struct ancestor {
	dev_t dev;
	ino_t ino;
	const struct ancestor *up;
};

struct walker {
	walk_file_fn file_fn;
	walk_error_fn error_fn;
	void *ctx;
	strbuf path;
	size_t rootlen; /* bytes of path up to and including the root's '/' */
};

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(struct walker *w, const struct stat *dst, const struct ancestor *up);

/* Visits w->path, already stat'ed into st. */
static int visit(struct walker *w, const struct stat *st, const struct ancestor *up)
{
	if (S_ISDIR(st->st_mode))
		return walk_dir(w, st, up);
	if (!S_ISREG(st->st_mode)) {
		w->error_fn(w->ctx, w->path.buf, "not a regular file or directory", 1);
		return 0;
	}
	walk_entry e;
	e.path = w->path.buf;
	e.relpath = w->path.buf + w->rootlen;
	e.st = *st;
	return w->file_fn(w->ctx, &e);
}

static int walk_dir(struct walker *w, const struct stat *dst, const struct ancestor *up)
{
	for (const struct ancestor *a = up; a; a = a->up)
		if (a->dev == dst->st_dev && a->ino == dst->st_ino) {
			w->error_fn(w->ctx, w->path.buf, "symbolic link loop, not followed", 1);
			return 0;
		}
	struct ancestor self = { dst->st_dev, dst->st_ino, up };

	DIR *d = opendir(w->path.buf);
	if (!d) {
		w->error_fn(w->ctx, w->path.buf, strerror(errno), 0);
		return 0;
	}
	char **names = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *de;
	errno = 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			names = xrealloc(names, alloc * sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	if (errno)
		w->error_fn(w->ctx, w->path.buf, strerror(errno), 0);
	closedir(d);
	if (n) /* names is NULL for an empty directory: qsort() must not see it */
		qsort(names, n, sizeof(*names), cmp_names);

	int rc = 0;
	size_t base = w->path.len;
	for (size_t i = 0; i < n; i++) {
		if (!rc) {
			strbuf_setlen(&w->path, base);
			if (base && w->path.buf[base - 1] != '/')
				strbuf_addc(&w->path, '/');
			if (w->rootlen == (size_t)-1)
				w->rootlen = w->path.len;
			strbuf_adds(&w->path, names[i]);
			struct stat st;
			if (stat(w->path.buf, &st) != 0) {
				int e = errno;
				w->error_fn(w->ctx, w->path.buf,
					    e == ELOOP ? "symbolic link loop, not followed"
					    : e == ENOENT ? "dangling symbolic link, or vanished"
							  : strerror(e),
					    e == ELOOP);
			} else {
				rc = visit(w, &st, &self);
			}
		}
		free(names[i]);
	}
	strbuf_setlen(&w->path, base);
	free(names);
	return rc;
}

int walk(const char *root, walk_file_fn file_fn, walk_error_fn error_fn, void *ctx)
{
	struct walker w = { file_fn, error_fn, ctx, STRBUF_INIT, 0 };
	struct stat st;
	int rc;
	strbuf_adds(&w.path, root);
	if (stat(root, &st) != 0) {
		error_fn(ctx, root, strerror(errno), 0);
		strbuf_release(&w.path);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		/* Relative paths start after the root and its separator. */
		w.rootlen = (size_t)-1;
		rc = walk_dir(&w, &st, NULL);
	} else {
		const char *slash = strrchr(root, '/');
		w.rootlen = slash ? (size_t)(slash - root) + 1 : 0;
		rc = visit(&w, &st, NULL);
	}
	strbuf_release(&w.path);
	return rc;
}
