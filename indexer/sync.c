/*
 * sync.c - keeping the index in step with the files: which files to read,
 * which to skip, and which documents to remove.
 *
 * Each file that was read to its end has a record in the index's metadata
 * (its size, modification time, inode, content hash and the options it was
 * indexed with; schema.c documents the format), written in the same
 * transaction as its last documents.  A file found again with the same
 * signature and options is skipped without being opened.  One whose
 * signature changed is hashed first: same content (it was only touched,
 * or copied back) and only its record is updated; else it is read again,
 * and its documents that the new content no longer has are removed.
 *
 * After the walk of a directory, the documents of the files indexed
 * through it before that were not found this time are removed (pruned),
 * unless the walk was incomplete: a run that was stopped, or a path the
 * walk could not visit, never removes what it did not see.
 */
#include "indexer.h"
#include "hash.h"
#include "input.h"
#include "schema.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Hash sets                                                            */

static size_t set_index(uint64_t v, size_t cap)
{
	return (size_t)((v * 0x9E3779B97F4A7C15ull) >> 17) & (cap - 1);
}

static void set_grow(u64set *s)
{
	size_t ncap = s->cap ? s->cap * 2 : 1024;
	uint64_t *ns = xcalloc(ncap, sizeof(*ns));
	for (size_t i = 0; i < s->cap; i++) {
		if (!s->slot[i])
			continue;
		size_t j = set_index(s->slot[i], ncap);
		while (ns[j])
			j = (j + 1) & (ncap - 1);
		ns[j] = s->slot[i];
	}
	free(s->slot);
	s->slot = ns;
	s->cap = ncap;
}

int u64set_add(u64set *s, uint64_t v)
{
	if (!v)
		v = 1;
	if ((s->n + 1) * 4 > s->cap * 3)
		set_grow(s);
	size_t j = set_index(v, s->cap);
	while (s->slot[j]) {
		if (s->slot[j] == v)
			return 1;
		j = (j + 1) & (s->cap - 1);
	}
	s->slot[j] = v;
	s->n++;
	return 0;
}

int u64set_has(const u64set *s, uint64_t v)
{
	if (!v)
		v = 1;
	if (!s->cap)
		return 0;
	size_t j = set_index(v, s->cap);
	while (s->slot[j]) {
		if (s->slot[j] == v)
			return 1;
		j = (j + 1) & (s->cap - 1);
	}
	return 0;
}

void u64set_release(u64set *s)
{
	free(s->slot);
	memset(s, 0, sizeof(*s));
}

/* ------------------------------------------------------------------ */
/* Records                                                              */

static int parse_u64(const char **p, unsigned long long *out)
{
	char *end;
	if (**p < '0' || **p > '9')
		return -1;
	errno = 0;
	*out = strtoull(*p, &end, 10);
	if (errno || *end != ' ')
		return -1;
	*p = end + 1;
	return 0;
}

static int parse_hex(const char **p, uint64_t *out)
{
	uint64_t v = 0;
	int i;
	for (i = 0; i < 16; i++) {
		char c = (*p)[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	if ((*p)[16] != ' ')
		return -1;
	*out = v;
	*p += 17;
	return 0;
}

int sync_record_parse(const char *val, size_t len, file_record *r)
{
	const char *p = val;
	unsigned long long mt, ns;
	memset(r, 0, sizeof(*r));
	if (len < 2 || strncmp(p, "1 ", 2) != 0)
		return -1;
	p += 2;
	if (parse_u64(&p, &r->size) || parse_u64(&p, &mt) || parse_u64(&p, &ns) ||
	    parse_u64(&p, &r->ino) || mt > LLONG_MAX || ns > 999999999)
		return -1;
	r->mtime_s = (long long)mt;
	r->mtime_ns = (long)ns;
	if (p[0] == '-' && p[1] == ' ') {
		p += 2;
	} else {
		if (parse_hex(&p, &r->hash))
			return -1;
		r->has_hash = 1;
	}
	if (parse_hex(&p, &r->opts))
		return -1;
	r->key = p;
	r->keylen = len - (size_t)(p - val);
	if (!r->keylen || !strstr(p, "//"))
		return -1;
	return 0;
}

/* The record of a file, into *r (pointing into *text, which the caller
 * frees).  1 if there is one, 0 if not (or it is damaged: then the file is
 * simply read again), -1 after a database error. */
static int get_record(struct indexer *ix, const char *key, size_t keylen, char **text,
		      file_record *r)
{
	strbuf mk = STRBUF_INIT;
	size_t len;
	schema_file_meta_key(key, keylen, &mk);
	xap_status st = xap_database_get_metadata(ix->db, mk.buf, text, &len);
	strbuf_release(&mk);
	if (st) {
		indexer_db_error(ix, st, "cannot read a file record");
		return -1;
	}
	if (!len || sync_record_parse(*text, len, r) != 0)
		return 0;
	/* A cut key is completed with a hash: make sure it is this file's. */
	return r->keylen == keylen && memcmp(r->key, key, keylen) == 0;
}

static int same_signature(const file_record *r, const struct stat *st)
{
	return r->size == (unsigned long long)st->st_size && r->mtime_s == st->st_mtim.tv_sec &&
	       r->mtime_ns == st->st_mtim.tv_nsec && r->ino == (unsigned long long)st->st_ino;
}

static unsigned file_doccount(struct indexer *ix, const char *key, size_t keylen)
{
	strbuf t = STRBUF_INIT;
	unsigned n = 0;
	schema_file_term(key, keylen, &t);
	xap_status st = xap_database_termfreq(ix->db, t.buf, t.len, &n);
	strbuf_release(&t);
	if (st)
		indexer_db_error(ix, st, "cannot read");
	return n;
}

/* Rewrites a record with a new signature (the content is the same). */
static void touch_record(struct indexer *ix, const char *key, size_t keylen,
			 const file_record *old, const struct stat *st)
{
	strbuf mk = STRBUF_INIT, val = STRBUF_INIT;
	schema_file_meta_key(key, keylen, &mk);
	strbuf_addf(&val, "1 %llu %lld %ld %llu %016" PRIx64 " %016" PRIx64 " ",
		    (unsigned long long)st->st_size, (long long)st->st_mtim.tv_sec,
		    (long)st->st_mtim.tv_nsec, (unsigned long long)st->st_ino, old->hash, old->opts);
	strbuf_add(&val, key, keylen);
	xap_status s = xap_database_set_metadata(ix->db, mk.buf, val.buf, val.len);
	if (s)
		indexer_db_error(ix, s, "cannot write a file record");
	ix->in_batch++;
	strbuf_release(&mk);
	strbuf_release(&val);
}

/* Hashes the decompressed content of path; 0, or -1 if it cannot be read
 * whole (the reader will then say why). */
static int hash_file(struct indexer *ix, const char *path, uint64_t *hash, struct stat *st)
{
	strbuf err = STRBUF_INIT;
	input *in = input_open(path, ix->opt.ropts.max_input, &err);
	strbuf_release(&err);
	if (!in)
		return -1;
	int rc = input_drain(in);
	char why[160];
	if (rc == 0 && input_changed(in, why, sizeof(why)))
		rc = -1;
	*hash = input_hash(in);
	*st = *input_stat(in);
	input_close(in);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Roots and files                                                      */

int sync_root_begin(struct indexer *ix, struct root *r, const char *given)
{
	struct stat st;
	memset(r, 0, sizeof(*r));
	r->given = given;
	if (stat(given, &st) != 0)
		return -1; /* the walk reports it */
	r->is_dir = S_ISDIR(st.st_mode);
	char *dir;
	if (r->is_dir) {
		dir = xstrdup(given);
	} else {
		const char *slash = strrchr(given, '/');
		dir = slash ? xstrndup(given, (size_t)(slash - given) + (slash == given)) : xstrdup(".");
	}
	r->canon = realpath(dir, NULL);
	if (!r->canon) {
		indexer_clear_line(ix);
		fprintf(stderr,
			PROGRAM ": cannot resolve '%s': %s (its files are indexed, but not kept in "
				"step)\n",
			dir, strerror(errno));
		free(dir);
		return -1;
	}
	free(dir);
	return 0;
}

void sync_root_release(struct root *r)
{
	free(r->canon);
	for (size_t i = 0; i < r->nunvisited; i++)
		strbuf_release(&r->unvisited[i]);
	free(r->unvisited);
	memset(r, 0, sizeof(*r));
}

/* The path of a file under the root as the walk gives it, relative to the
 * root; NULL if it is not under it. */
static const char *relative(const struct root *r, const char *path)
{
	size_t n = strlen(r->given);
	if (!r->is_dir) {
		const char *slash = strrchr(path, '/');
		return slash ? slash + 1 : path;
	}
	if (strncmp(path, r->given, n) != 0)
		return NULL;
	path += n;
	while (*path == '/')
		path++;
	return path;
}

static void make_key(const struct root *r, const char *rel, strbuf *key)
{
	strbuf_reset(key);
	strbuf_adds(key, r->canon);
	/* realpath gives "/" for the root directory: "//" follows all the same. */
	if (key->len && key->buf[key->len - 1] == '/')
		strbuf_setlen(key, key->len - 1);
	strbuf_adds(key, "//");
	strbuf_adds(key, rel);
}

void sync_root_unvisited(struct indexer *ix, const char *path)
{
	struct root *r = ix->root;
	if (!r)
		return;
	const char *rel = relative(r, path);
	if (!rel)
		return;
	r->unvisited = xrealloc(r->unvisited, (r->nunvisited + 1) * sizeof(*r->unvisited));
	strbuf *k = &r->unvisited[r->nunvisited++];
	strbuf_init(k, 0);
	make_key(r, rel, k);
	/* The root itself: everything under it. */
	if (!*rel)
		strbuf_setlen(k, k->len - 2);
}

int sync_file(struct indexer *ix, const char *path, const char *relpath, const struct stat *st)
{
	struct root *r = ix->root;
	if (!r)
		return indexer_read_file(ix, path, relpath, NULL, 0, NULL);

	strbuf key = STRBUF_INIT, term = STRBUF_INIT;
	char *text = NULL;
	file_record rec;
	int rc = 0;
	make_key(r, relative(r, path), &key);
	schema_file_term(key.buf, key.len, &term);
	u64set_add(&ix->seen, hash64_bytes(term.buf, term.len));

	int has = get_record(ix, key.buf, key.len, &text, &rec);
	if (has < 0) {
		rc = 1;
		goto out;
	}
	if (has && !ix->opt.force && rec.opts == ix->opts_hash) {
		int same = same_signature(&rec, st);
		if (!same && rec.has_hash) {
			/* Touched, copied back, restored from a backup: the same
			 * content needs only a new signature. */
			uint64_t h;
			struct stat now;
			if (hash_file(ix, path, &h, &now) == 0 && h == rec.hash) {
				touch_record(ix, key.buf, key.len, &rec, &now);
				same = 1;
				if (ix->opt.verbose) {
					indexer_clear_line(ix);
					fprintf(stderr, PROGRAM ": '%s' was touched, not changed\n", path);
				}
			}
		}
		if (same) {
			ix->unchanged_files++;
			ix->unchanged += file_doccount(ix, key.buf, key.len);
			if (!ix->fatal && ix->in_batch >= ix->opt.batch)
				indexer_commit(ix, 1);
			rc = ix->fatal ? 1 : 0;
			goto out;
		}
	}
	rc = indexer_read_file(ix, path, relpath, key.buf, key.len, has ? &rec : NULL);
out:
	free(text);
	strbuf_release(&key);
	strbuf_release(&term);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Removing what is gone                                                */

struct gone {
	strbuf *terms; /* XF terms to remove */
	size_t nterms;
	strbuf *keys;  /* record keys to remove */
	size_t nkeys;
};

static void gone_add(strbuf **v, size_t *n, const char *s, size_t len)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	strbuf_init(&(*v)[*n], 0);
	strbuf_add(&(*v)[*n], s, len);
	(*n)++;
}

static void gone_release(struct gone *g)
{
	for (size_t i = 0; i < g->nterms; i++)
		strbuf_release(&g->terms[i]);
	for (size_t i = 0; i < g->nkeys; i++)
		strbuf_release(&g->keys[i]);
	free(g->terms);
	free(g->keys);
	memset(g, 0, sizeof(*g));
}

/* Whether a file key (or the visible start of a cut one) lies under a path
 * the walk could not visit. */
static int under_unvisited(const struct root *r, const char *key, size_t len)
{
	for (size_t i = 0; i < r->nunvisited; i++) {
		const strbuf *u = &r->unvisited[i];
		if (len >= u->len && memcmp(key, u->buf, u->len) == 0 &&
		    (len == u->len || key[u->len] == '/'))
			return 1;
	}
	return 0;
}

/* A term or key cut and completed with a hash ends with "#" and 16 hex
 * digits; its visible part is what comes before. */
static size_t visible_len(const char *s, size_t len, size_t limit)
{
	if (len >= limit - 17 && len >= 17 && s[len - 17] == '#')
		return len - 17;
	return len;
}

struct scan {
	struct indexer *ix;
	const struct root *r;  /* NULL: every root, by whether the file exists */
	struct root *walked;   /* roots of this run, left alone by a scan of every root */
	size_t nwalked;
	size_t skip;           /* prefix length to skip to reach the key */
	size_t limit;          /* length at which the key was cut */
	int records;           /* scanning records, not terms */
	const strbuf *prefix;  /* with r: the start of the keys under it */
	struct gone *g;
	strbuf buf;
};

static int is_walked(const struct scan *sc, const char *key, size_t len)
{
	for (size_t i = 0; i < sc->nwalked; i++) {
		const struct root *r = &sc->walked[i];
		size_t n = r->canon ? strlen(r->canon) : 0;
		if (n && len >= n + 2 && memcmp(key, r->canon, n) == 0 && key[n] == '/' &&
		    key[n + 1] == '/')
			return 1;
		if (n == 1 && len >= 2 && key[0] == '/' && key[1] == '/')
			return 1;
	}
	return 0;
}

/* Whether the file of a key is gone: its path (the key without the
 * doubled slash) no longer exists. */
static int key_file_gone(struct scan *sc, const char *key, size_t len)
{
	const char *sep = memmem(key, len, "//", 2);
	if (!sep)
		return 0;
	strbuf_reset(&sc->buf);
	strbuf_add(&sc->buf, key, (size_t)(sep - key) + 1);
	strbuf_add(&sc->buf, sep + 2, len - (size_t)(sep - key) - 2);
	struct stat st;
	return stat(sc->buf.buf, &st) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

static int scan_term(void *ctx, const char *term, size_t len, unsigned freq)
{
	struct scan *sc = ctx;
	(void)freq;
	if (u64set_has(&sc->ix->seen, hash64_bytes(term, len)))
		return 0;
	const char *key = term + sc->skip;
	size_t klen = visible_len(key, len - sc->skip, sc->limit - sc->skip);
	int cut = klen != len - sc->skip;
	/* A cut key's path is not known for sure: keep its documents unless
	 * what is visible settles it. */
	if (cut && (!sc->r || sc->r->nunvisited))
		return 0;
	if (sc->r && (klen < sc->prefix->len || memcmp(key, sc->prefix->buf, sc->prefix->len) != 0))
		return 0;
	if (sc->r ? under_unvisited(sc->r, key, klen)
		  : (is_walked(sc, key, klen) || !key_file_gone(sc, key, klen)))
		return 0;
	gone_add(&sc->g->terms, &sc->g->nterms, term, len);
	return 0;
}

static int scan_record(void *ctx, const char *mkey, size_t len, unsigned freq)
{
	struct scan *sc = ctx;
	(void)freq;
	char *text = NULL;
	size_t tlen;
	file_record rec;
	strbuf mk = STRBUF_INIT;
	strbuf_add(&mk, mkey, len);
	xap_status st = xap_database_get_metadata(sc->ix->db, mk.buf, &text, &tlen);
	strbuf_release(&mk);
	if (st) {
		indexer_db_error(sc->ix, st, "cannot read a file record");
		return 1;
	}
	int gone = 0;
	if (tlen && sync_record_parse(text, tlen, &rec) == 0) {
		strbuf term = STRBUF_INIT;
		schema_file_term(rec.key, rec.keylen, &term);
		if (!u64set_has(&sc->ix->seen, hash64_bytes(term.buf, term.len))) {
			if (sc->r)
				gone = rec.keylen >= sc->prefix->len &&
				       memcmp(rec.key, sc->prefix->buf, sc->prefix->len) == 0 &&
				       !under_unvisited(sc->r, rec.key, rec.keylen);
			else
				gone = !is_walked(sc, rec.key, rec.keylen) &&
				       key_file_gone(sc, rec.key, rec.keylen);
		}
		strbuf_release(&term);
	}
	free(text);
	if (gone)
		gone_add(&sc->g->keys, &sc->g->nkeys, mkey, len);
	return 0;
}

/* Removes the documents of the terms and the records in g. */
static void remove_gone(struct indexer *ix, struct gone *g, const char *where)
{
	unsigned long docs = 0;
	for (size_t i = 0; i < g->nterms && !ix->fatal; i++) {
		unsigned n = 0;
		xap_status st = xap_database_termfreq(ix->db, g->terms[i].buf, g->terms[i].len, &n);
		if (!st)
			st = xap_database_delete_document_by_term(ix->db, g->terms[i].buf,
								  g->terms[i].len);
		if (st) {
			indexer_db_error(ix, st, "cannot remove documents");
			return;
		}
		docs += n;
		ix->in_batch += n;
	}
	for (size_t i = 0; i < g->nkeys && !ix->fatal; i++) {
		xap_status st = xap_database_set_metadata(ix->db, g->keys[i].buf, "", 0);
		if (st) {
			indexer_db_error(ix, st, "cannot remove a file record");
			return;
		}
		ix->in_batch++;
	}
	ix->removed += docs;
	size_t files = g->nterms > g->nkeys ? g->nterms : g->nkeys;
	if (files && ix->opt.verbose) {
		indexer_clear_line(ix);
		fprintf(stderr, PROGRAM ": removed %lu document%s of %zu file%s gone from %s\n", docs,
			docs == 1 ? "" : "s", files, files == 1 ? "" : "s", where);
	}
	if (!ix->fatal && ix->in_batch >= ix->opt.batch)
		indexer_commit(ix, 1);
}

void sync_root_end(struct indexer *ix, struct root *r, int complete)
{
	if (!r->is_dir || !ix->opt.prune || !complete || ix->fatal)
		return;
	struct gone g = { 0 };
	strbuf prefix = STRBUF_INIT;
	make_key(r, "", &prefix);
	struct scan sc = { ix, r, NULL, 0, 0, 0, 0, &prefix, &g, STRBUF_INIT };

	/* Documents, by their file terms (some may have no record: a file
	 * whose reading was cut short by a crash). */
	strbuf t = STRBUF_INIT;
	strbuf_adds(&t, PREFIX_FILE);
	size_t plen = prefix.len;
	if (strlen(PREFIX_FILE) + plen > XAP_MAX_TERM - 17)
		plen = XAP_MAX_TERM - 17 - strlen(PREFIX_FILE);
	strbuf_add(&t, prefix.buf, plen);
	sc.skip = strlen(PREFIX_FILE);
	sc.limit = XAP_MAX_TERM;
	xap_status st = xap_database_allterms(ix->db, t.buf, t.len, scan_term, &sc);
	/* Records, including those of files without documents. */
	if (!st) {
		strbuf_reset(&t);
		schema_file_meta_key(prefix.buf, prefix.len, &t);
		if (prefix.len + strlen(SCHEMA_META_FILE) > 240 - 17)
			strbuf_setlen(&t, 240 - 17);
		sc.records = 1;
		st = xap_database_metadata_keys(ix->db, t.buf, t.len, scan_record, &sc);
	}
	if (st)
		indexer_db_error(ix, st, "cannot list the files indexed");
	if (!ix->fatal) {
		strbuf where = STRBUF_INIT;
		strbuf_addf(&where, "'%s'", r->given);
		remove_gone(ix, &g, where.buf);
		strbuf_release(&where);
	}
	gone_release(&g);
	strbuf_release(&t);
	strbuf_release(&prefix);
	strbuf_release(&sc.buf);
}

void sync_collect_garbage(struct indexer *ix, struct root *roots, size_t nroots)
{
	struct gone g = { 0 };
	struct scan sc = { ix, NULL, roots, nroots, 0, 0, 0, NULL, &g, STRBUF_INIT };
	sc.skip = strlen(PREFIX_FILE);
	sc.limit = XAP_MAX_TERM;
	xap_status st = xap_database_allterms(ix->db, PREFIX_FILE, strlen(PREFIX_FILE), scan_term, &sc);
	if (!st) {
		sc.records = 1;
		st = xap_database_metadata_keys(ix->db, SCHEMA_META_FILE, strlen(SCHEMA_META_FILE),
						scan_record, &sc);
	}
	if (st)
		indexer_db_error(ix, st, "cannot list the files indexed");
	if (!ix->fatal)
		remove_gone(ix, &g, "the index (--prune)");
	gone_release(&g);
	strbuf_release(&sc.buf);
}

int sync_delete(struct indexer *ix, char **ids, int n)
{
	int rc = 0;
	for (int i = 0; i < n && !ix->fatal && !indexer_interrupted; i++) {
		unsigned had = 0;
		strbuf_reset(&ix->term);
		schema_id_term(ids[i], &ix->term);
		xap_status st = xap_database_termfreq(ix->db, ix->term.buf, ix->term.len, &had);
		if (!st && had)
			st = xap_database_delete_document_by_term(ix->db, ix->term.buf, ix->term.len);
		if (st) {
			indexer_db_error(ix, st, "cannot remove a document");
			break;
		}
		if (!had) {
			fprintf(stderr, PROGRAM ": no document with id '%s' in index '%s'\n", ids[i],
				ix->dbpath);
			ix->failed_docs++;
			rc = 1;
			continue;
		}
		ix->removed += had;
		if ((ix->in_batch += had) >= ix->opt.batch)
			indexer_commit(ix, 1);
	}
	return rc;
}
