/*
 * indexer - builds an index and keeps it in step with a tree of files.
 *
 *   indexer [options] INDEX PATH...
 *   indexer --delete INDEX ID...
 *   indexer --check INDEX
 *
 * Reads every PATH (files, directory trees, '-' for standard input), turns
 * each file into documents (reader.h) and writes them into the Xapian
 * index INDEX through the schema (schema.h), replacing documents whose id
 * is already there.  Files that have not changed since they were last
 * indexed are skipped, and the documents of files that are gone are
 * removed (sync.c).  Work is committed in batches, each one Xapian
 * transaction: a crash or a kill loses at most the batch in progress, and
 * running the same command again finishes the job.
 */
#include "indexer.h"
#include "hash.h"
#include "langid.h"
#include "pipeline.h"
#include "schema.h"
#include "spelling.h"
#include "util.h"
#include "walk.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <ftw.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Problems reported per file before the rest are only counted. */
#define MAX_PROBLEMS_SHOWN 10
#define DEFAULT_MAX_TERMS 1000000ul
/* Documents read ahead of the writing, and their text at most: enough for
 * the workers to go on while a commit is written, few enough to stay warm
 * in the caches (see shards.c's queue). */
#define PIPELINE_DEPTH 64
#define PIPELINE_BYTES (256u << 10)

volatile sig_atomic_t indexer_interrupted;

static void on_signal(int sig)
{
	indexer_interrupted = sig;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROGRAM " [options] INDEX PATH...\n"
		"       " PROGRAM " --delete [options] INDEX ID...\n"
		"       " PROGRAM " --check INDEX\n"
		"\n"
		"Keeps the index INDEX (created if needed) in step with each PATH: a file, a\n"
		"directory (read recursively in name order, hidden entries skipped) or '-' for\n"
		"standard input.  New files are added, changed files read again, unchanged\n"
		"files skipped without being read, and the documents of files that are no\n"
		"longer in a directory indexed before are removed.  Text files are press\n"
		"releases: first line the title, then a dateline ('ALMATY, Kazakhstan,\n"
		"18 October 2012 - ...') that gives place and date.  JSON Lines files\n"
		"(*.jsonl, or content of JSON objects) hold one document a line: id, title,\n"
		"text, date, lang, place, other string fields as metadata.  Web pages (HTML)\n"
		"and PDF reports (through pdftotext) are read too; formats are told by\n"
		"content, not by name.  Any of them may be gzip-compressed.  A file's id is\n"
		"its path relative to the directory given (for a file given itself, its name).\n"
		"\n"
		"options:\n"
		"  -l, --lang=LANG      language of documents that do not say (a libstemmer\n"
		"                       name or ISO code, 'none' for no stemming); without it,\n"
		"                       each document's language is recognised from its text\n"
		"                       (English when too short to tell)\n"
		"  -f, --format=FMT     auto (default: by content), text, jsonl, html or pdf\n"
		"  -b, --batch=N        documents per commit (default 1000; a batch also ends\n"
		"                       at 8 MB of text)\n"
		"      --id=ID          id of a text document read from standard input\n"
		"      --force          read every file again, changed or not\n"
		"      --no-prune       keep the documents of files that are gone\n"
		"      --prune          also remove the documents of every file gone from\n"
		"                       wherever it was indexed from, not only under PATH\n"
		"      --delete         remove the documents with the ids given\n"
		"      --check          check the index and report its problems\n"
		"      --wait[=SECS]    wait for another indexer to finish (at most SECS)\n"
		"                       instead of failing at once\n"
		"      --log=FILE       append a line to FILE before and after each commit\n"
		"      --max-doc=SIZE   text kept per document for snippets (default 16M; the\n"
		"                       rest of a longer text file is still indexed)\n"
		"      --max-terms=N    words indexed per document (default 1000000)\n"
		"      --max-input=SIZE most bytes read from one file after decompression\n"
		"                       (default 8G: stops gzip bombs)\n"
		"      --pdf-timeout=SECONDS  longest pdftotext may take on one PDF (default 30)\n"
		"  -q, --quiet          no warnings, only errors\n"
		"      --bulk           build a new index fast: several shards written in\n"
		"                       parallel without fsync, then compacted into INDEX;\n"
		"                       INDEX must not exist, and appears only when complete\n"
		"      --segment=N      --bulk: start a new segment of the index every N\n"
		"                       documents per writer (default 50000), merged at the\n"
		"                       end: Xapian slows as a database grows\n"
		"      --shards=N       build a new index as N shards (by document id hash,\n"
		"                       in parallel): INDEX becomes a directory that query\n"
		"                       and Xapian open as one database; built whole\n"
		"      --threads=N      threads that analyse documents (default: one per core\n"
		"                       but one, which reads and writes; 0: none)\n"
		"  -v, --verbose        name each file as it is read\n"
		"      --progress       a progress line on stderr (default when it is a terminal)\n"
		"      --no-progress\n"
		"  -h, --help           this help\n"
		"  -V, --version        the version\n"
		"\n"
		"Prints one summary line: documents added, replaced, unchanged, removed,\n"
		"failed, skipped; files found (unchanged, failed, skipped); seconds.\n"
		"Exit status: 0 when every file was read, 1 when some could not be (each is\n"
		"named on stderr with the reason), 2 on a usage error or when the index\n"
		"cannot be opened or written, 130 or 143 when stopped by SIGINT or SIGTERM\n"
		"(after committing the documents read so far).\n");
}

static int parse_size(const char *s, unsigned long long *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	unsigned long long mul = 1;
	switch (*end) {
	case 0: break;
	case 'k': case 'K': mul = 1ull << 10; end++; break;
	case 'm': case 'M': mul = 1ull << 20; end++; break;
	case 'g': case 'G': mul = 1ull << 30; end++; break;
	default: return -1;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || (mul > 1 && v > ~0ull / mul))
		return -1;
	*out = v * mul;
	return 0;
}

static void warn_problem(struct indexer *ix, const char *source, unsigned line, const char *msg)
{
	if (ix->opt.quiet)
		return;
	ix->cur_problems++;
	if (ix->cur_problems > MAX_PROBLEMS_SHOWN)
		return;
	indexer_clear_line(ix);
	if (line)
		fprintf(stderr, PROGRAM ": '%s': line %u: %s\n", source, line, msg);
	else
		fprintf(stderr, PROGRAM ": '%s': %s\n", source, msg);
}

static void show_progress(struct indexer *ix, int final)
{
	if (!ix->opt.progress)
		return;
	double now = now_ms();
	if (!final && now - ix->last_progress < 200)
		return;
	ix->last_progress = now;
	fprintf(stderr, "\r\033[K%lu documents, %lu files, %.1f MB, %.1f s", ix->added + ix->replaced + ix->routed,
		ix->files, ix->bytes / 1e6, (now - ix->start_ms) / 1e3);
	if (final)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

/* The analyser for language code (made on first use); a language without
 * a stemmer gets one that does not stem. */
static analyser *analyser_of(struct indexer *ix, const char *code)
{
	if (strcmp(code, ix->defcode) == 0)
		return ix->defa;
	for (size_t i = 0; i < ix->nlangs; i++)
		if (strcmp(ix->langs[i].code, code) == 0)
			return ix->langs[i].a;
	analyser *a = analyser_new(analyser_lang_code(code) ? code : "none");
	ix->langs = xrealloc(ix->langs, (ix->nlangs + 1) * sizeof(*ix->langs));
	ix->langs[ix->nlangs].code = xstrdup(code);
	ix->langs[ix->nlangs].a = a;
	ix->nlangs++;
	if (!analyser_lang_code(code) && !ix->opt.quiet)
		fprintf(stderr, PROGRAM ": no stemmer for language '%s': its words are indexed unstemmed\n",
			code);
	return a;
}

static int is_lang_code(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return 1;
}

/* Chooses the document's language: its own, else --lang if given, else a
 * guess from its text, else the default; sets doc->lang to the code.  A
 * problem is described in warn.  Safe in worker threads (langid is loaded
 * before they start, and only read). */
static void choose_language(const struct indexer *ix, document *doc, strbuf *warn)
{
	const char *code = NULL;
	if (doc->lang && *doc->lang) {
		code = analyser_lang_code(doc->lang);
		if (!code && is_lang_code(doc->lang))
			code = doc->lang;
		if (!code)
			strbuf_addf(warn, "unknown language '%.40s': indexed as %s", doc->lang,
				    ix->defcode);
	} else if (!ix->opt.lang_given) {
		code = langid_guess(doc->text, doc->textlen);
	}
	if (!code)
		code = ix->defcode;
	char *owned = xstrdup(code);
	free(doc->lang);
	doc->lang = owned;
}

/* A worker's analyser for a language (each worker has its own: analysers
 * keep scratch state). */
static analyser *worker_analyser(struct indexer *ix, unsigned worker, const char *code)
{
	struct langset *ls = &ix->wlangs[worker];
	for (size_t i = 0; i < ls->n; i++)
		if (strcmp(ls->v[i].code, code) == 0)
			return ls->v[i].a;
	ls->v = xrealloc(ls->v, (ls->n + 1) * sizeof(*ls->v));
	ls->v[ls->n].code = xstrdup(code);
	ls->v[ls->n].a = analyser_new(analyser_lang_code(code) ? code : "none");
	return ls->v[ls->n++].a;
}

/* Reports a database error; returns 1 if it ends the run. */
void indexer_clear_line(struct indexer *ix)
{
	if (ix->opt.progress)
		fputs("\r\033[K", stderr);
}

int indexer_db_error(struct indexer *ix, xap_status st, const char *what)
{
	indexer_clear_line(ix);
	if (st == XAP_NOSPACE)
		fprintf(stderr,
			PROGRAM ": cannot write index '%s': the disk is full or a file size limit was "
				"reached (%s); the index keeps what was committed before\n",
			ix->dbpath, xap_database_errmsg(ix->db));
	else
		fprintf(stderr, PROGRAM ": %s in index '%s': %s: %s\n", what, ix->dbpath,
			xap_status_string(st), xap_database_errmsg(ix->db));
	ix->fatal = 1;
	return 1;
}

/* Appends a line to the --log file, at once (no stdio buffer), so that a
 * kill right after cannot lose it. */
static void log_line(struct indexer *ix, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void log_line(struct indexer *ix, const char *fmt, ...)
{
	if (ix->logfd < 0)
		return;
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n < sizeof(buf) && write(ix->logfd, buf, (size_t)n) != n) {
		/* A log that cannot be written is not worth stopping the run. */
	}
}

int indexer_commit(struct indexer *ix, int reopen)
{
	unsigned docs = 0;
	unsigned long rev = 0;
	xap_status st = xap_database_doccount(ix->db, &docs);
	if (st)
		return indexer_db_error(ix, st, "cannot count documents");
	log_line(ix, "commit docs=%u\n", docs);
	if ((st = xap_database_commit_transaction(ix->db)))
		return indexer_db_error(ix, st, "cannot commit");
	xap_database_revision(ix->db, &rev);
	log_line(ix, "committed docs=%u rev=%lu\n", docs, rev);
	ix->in_batch = 0;
	ix->cur_pending = 0;
	ix->batch_bytes = 0;
	if (reopen && (st = xap_database_begin_transaction(ix->db, 1)))
		return indexer_db_error(ix, st, "cannot start a transaction");
	return 0;
}

/* Builds a document (pipeline.h): in a worker, or in the main thread. */
static void build_document(void *ctx, unsigned worker, built *b)
{
	struct indexer *ix = ctx;
	document *doc = &b->doc;
	choose_language(ix, doc, &b->warn);
	analyser *a = worker == PIPELINE_MAIN ? analyser_of(ix, doc->lang)
					      : worker_analyser(ix, worker, doc->lang);
	if ((b->st = xap_document_new(&b->xd)))
		return;
	b->st = schema_build_capped(a, doc, ix->opt.max_terms, b->xd, &b->err, &b->capped);
	if (doc->more && doc->more->finish(doc->more->ctx) < 0) {
		/* The rest of the file could not be read: the reader reports it,
		 * and the document indexed before (if any) stays as it was. */
		xap_document_free(b->xd);
		b->xd = NULL;
	}
}

/* Writes a built document into the index, in the order documents were read. */
static void write_document(void *ctx, built *b)
{
	struct indexer *ix = ctx;
	document *doc = &b->doc;
	xap_status st = b->st;
	char msg[512];

	if (ix->fatal)
		return;
	if (b->warn.len)
		warn_problem(ix, doc->source, doc->line, b->warn.buf);
	/* Made here, in order, for its message and the index's list of languages. */
	analyser_of(ix, doc->lang);
	int seen = u64set_add(&ix->ids, hash64_bytes(doc->id, strlen(doc->id)));
	if (seen) {
		snprintf(msg, sizeof(msg),
			 "id '%.200s' was read before in this run: this document replaces that one",
			 doc->id);
		warn_problem(ix, doc->source, doc->line, msg);
		ix->dup_ids++;
	}
	if (st == XAP_NOMEM) {
		indexer_db_error(ix, st, "cannot make a document");
		return;
	}
	if (st == XAP_OK && !b->xd)
		return; /* the rest of the text could not be read (reported) */
	if (b->capped) {
		snprintf(msg, sizeof(msg),
			 "more than %lu words: only the first %lu are indexed (--max-terms)",
			 ix->opt.max_terms, ix->opt.max_terms);
		warn_problem(ix, doc->source, doc->line, msg);
	}
	if (st == XAP_OK && ix->cur_fterm.len)
		st = xap_document_add_boolean_term(b->xd, ix->cur_fterm.buf, ix->cur_fterm.len);
	strbuf_reset(&ix->term);
	schema_id_term(doc->id, &ix->term);
	unsigned shard = shards_route(ix, doc->id);
	if (st == XAP_OK && shard) {
		/* Another shard's writer adds it (a new index: nothing to track). */
		if (shards_write(ix, shard, b->xd, ix->term.buf, ix->term.len, seen, doc->textlen))
			return;
		b->xd = NULL;
		ix->routed++;
		ix->bytes += doc->textlen;
		show_progress(ix, 0);
		return;
	}
	unsigned had = 0;
	xap_docid did = 0;
	/* In an index that was empty when the run began, an id the run has not
	 * written cannot be there: no need to look, nor to replace. */
	int maybe_there = !ix->fresh || seen;
	if (st == XAP_OK && maybe_there &&
	    (st = xap_database_termfreq(ix->db, ix->term.buf, ix->term.len, &had))) {
		indexer_db_error(ix, st, "cannot read");
		return;
	}
	if (st == XAP_OK) {
		if (had || maybe_there)
			st = xap_database_replace_document_by_term(ix->db, ix->term.buf, ix->term.len,
								   b->xd, &did);
		else
			st = xap_database_add_document(ix->db, b->xd, &did);
	}
	if (st == XAP_OK)
		st = ix->gather_spelling ? spelling_gather(&ix->spell, ix->db, b->xd)
					 : spelling_add_document(ix->db, b->xd);
	if (st == XAP_NOSPACE || st == XAP_CORRUPT || st == XAP_IO || st == XAP_NOMEM ||
	    st == XAP_CLOSED) {
		indexer_db_error(ix, st, "cannot add a document");
		return;
	}
	if (st) {
		snprintf(msg, sizeof(msg), "document '%.200s' not indexed: %s", doc->id,
			 b->err.len ? b->err.buf : xap_database_errmsg(ix->db));
		warn_problem(ix, doc->source, doc->line, msg);
		ix->failed_docs++;
		return;
	}
	if (ix->cur_track) {
		if (ix->cur_ndids == ix->cur_adids) {
			ix->cur_adids = ix->cur_adids ? 2 * ix->cur_adids : 64;
			ix->cur_dids = xrealloc(ix->cur_dids, ix->cur_adids * sizeof(*ix->cur_dids));
		}
		ix->cur_dids[ix->cur_ndids++] = did;
	}
	if (had)
		ix->replaced++;
	else
		ix->added++;
	ix->bytes += doc->textlen;
	ix->batch_bytes += doc->textlen;
	show_progress(ix, 0);
	ix->in_batch++;
	/* A file's documents are committed with its record, at the end of the
	 * file, unless the file alone fills a batch (in documents, or in bytes
	 * of text: Xapian holds a batch's postings in memory). */
	if (++ix->cur_pending >= ix->opt.batch || ix->batch_bytes >= BATCH_BYTES)
		indexer_commit(ix, 1);
}

static int on_document(void *ctx, document *doc)
{
	struct indexer *ix = ctx;
	/* Between two lines of a JSON Lines file is a good place to stop; a
	 * text file is finished, so that it is either indexed or not. */
	if (indexer_interrupted && doc->line)
		return 1;
	if (ix->fatal)
		return 1;
	/* A text still being read must be indexed before the reader goes on. */
	if (doc->more)
		pipeline_submit_now(ix->pipe, doc);
	else
		pipeline_submit(ix->pipe, doc);
	return ix->fatal ? 1 : 0;
}

static void on_problem(void *ctx, const char *source, unsigned line, const char *msg,
		       enum reader_problem kind)
{
	struct indexer *ix = ctx;
	if (kind == READER_DOC_EMPTY)
		ix->skipped_docs++;
	else if (kind == READER_DOC_INVALID)
		ix->failed_docs++;
	warn_problem(ix, source, line, msg);
}

static void end_file(struct indexer *ix)
{
	if (ix->cur_problems > MAX_PROBLEMS_SHOWN && !ix->opt.quiet)
		fprintf(stderr, PROGRAM ": '%s': %u more problems not shown\n", ix->cur_path,
			ix->cur_problems - MAX_PROBLEMS_SHOWN);
}

static int cmp_docid(const void *a, const void *b)
{
	xap_docid x = *(const xap_docid *)a, y = *(const xap_docid *)b;
	return x < y ? -1 : x > y;
}

struct stale {
	const xap_docid *keep; /* sorted */
	size_t nkeep;
	xap_docid *gone;
	size_t ngone, agone;
};

static int collect_stale(void *ctx, xap_docid did, unsigned wdf)
{
	struct stale *s = ctx;
	(void)wdf;
	if (s->nkeep && bsearch(&did, s->keep, s->nkeep, sizeof(did), cmp_docid))
		return 0;
	if (s->ngone == s->agone) {
		s->agone = s->agone ? 2 * s->agone : 16;
		s->gone = xrealloc(s->gone, s->agone * sizeof(*s->gone));
	}
	s->gone[s->ngone++] = did;
	return 0;
}

/* Removes the documents of the current file that this reading of it did
 * not write: lines gone from a JSON Lines file, the document of a file
 * that is now empty.  Returns how many. */
static unsigned long remove_stale(struct indexer *ix)
{
	struct stale s = { ix->cur_dids, ix->cur_ndids, NULL, 0, 0 };
	if (ix->cur_ndids)
		qsort(ix->cur_dids, ix->cur_ndids, sizeof(*ix->cur_dids), cmp_docid);
	xap_status st = xap_database_postlist(ix->db, ix->cur_fterm.buf, ix->cur_fterm.len,
					      collect_stale, &s);
	if (st) {
		indexer_db_error(ix, st, "cannot read");
		s.ngone = 0;
	}
	for (size_t i = 0; i < s.ngone && !ix->fatal; i++)
		if ((st = xap_database_delete_document(ix->db, s.gone[i])))
			indexer_db_error(ix, st, "cannot remove a document");
	free(s.gone);
	if (ix->fatal)
		return 0;
	ix->removed += s.ngone;
	ix->in_batch += (unsigned)s.ngone;
	return s.ngone;
}

/* Writes the record of the file just read (schema.c: "dateline.file:"). */
static void write_record(struct indexer *ix, const char *key, size_t keylen,
			 const reader_info *info)
{
	strbuf mk = STRBUF_INIT, val = STRBUF_INIT;
	schema_file_meta_key(key, keylen, &mk);
	strbuf_addf(&val, "1 %llu %lld %ld %llu ", (unsigned long long)info->st.st_size,
		    (long long)info->st.st_mtim.tv_sec, (long)info->st.st_mtim.tv_nsec,
		    (unsigned long long)info->st.st_ino);
	if (info->complete)
		strbuf_addf(&val, "%016llx", (unsigned long long)info->hash);
	else
		strbuf_adds(&val, "-");
	strbuf_addf(&val, " %016llx ", (unsigned long long)ix->opts_hash);
	strbuf_add(&val, key, keylen);
	xap_status st = xap_database_set_metadata(ix->db, mk.buf, val.buf, val.len);
	if (st)
		indexer_db_error(ix, st, "cannot write a file record");
	strbuf_release(&mk);
	strbuf_release(&val);
}

static void delete_record(struct indexer *ix, const char *key, size_t keylen)
{
	strbuf mk = STRBUF_INIT;
	schema_file_meta_key(key, keylen, &mk);
	xap_status st = xap_database_set_metadata(ix->db, mk.buf, "", 0);
	if (st)
		indexer_db_error(ix, st, "cannot write a file record");
	strbuf_release(&mk);
}

int indexer_read_file(struct indexer *ix, const char *path, const char *id, const char *key,
		      size_t keylen, const file_record *old)
{
	reader_callbacks cb = { on_document, on_problem, ix };
	strbuf reason = STRBUF_INIT;
	reader_info info;
	unsigned had = 0;
	xap_status st;

	ix->cur_path = path;
	ix->cur_problems = 0;
	ix->cur_ndids = 0;
	ix->cur_track = 0;
	strbuf_reset(&ix->cur_fterm);
	if (key) {
		schema_file_term(key, keylen, &ix->cur_fterm);
		if ((st = xap_database_termfreq(ix->db, ix->cur_fterm.buf, ix->cur_fterm.len, &had)))
			return indexer_db_error(ix, st, "cannot read");
		/* Documents of the file indexed before: those this reading does
		 * not write again are stale. */
		ix->cur_track = had > 0;
		/* Until the file has been read to its end, the index must not
		 * claim to hold its current content. */
		if (old)
			delete_record(ix, key, keylen);
	}
	if (ix->opt.verbose) {
		indexer_clear_line(ix);
		fprintf(stderr, PROGRAM ": reading '%s'\n", path);
	}
	reader_status rs = reader_read(path, id, &ix->opt.ropts, &cb, &info, &reason);
	/* The file's documents are all written before its record. */
	pipeline_drain(ix->pipe);
	end_file(ix);
	if (ix->fatal) {
		strbuf_release(&reason);
		return 1;
	}
	unsigned long stale = 0;
	if (key && (rs == READER_OK || rs == READER_SKIPPED)) {
		if (had)
			stale = remove_stale(ix);
		if (!ix->fatal)
			write_record(ix, key, keylen, &info);
		ix->in_batch++;
	}
	switch (rs) {
	case READER_OK:
	case READER_STOPPED:
		break;
	case READER_SKIPPED:
		if (!ix->opt.quiet) {
			indexer_clear_line(ix);
			if (stale)
				fprintf(stderr,
					PROGRAM ": skipping '%s': %s (its %lu document%s indexed "
						"before removed)\n",
					path, reason.buf, stale, stale == 1 ? "" : "s");
			else
				fprintf(stderr, PROGRAM ": skipping '%s': %s\n", path, reason.buf);
		}
		ix->skipped_files++;
		break;
	case READER_CHANGED:
		indexer_clear_line(ix);
		fprintf(stderr,
			PROGRAM ": '%s' changed while it was read (%s): indexed as read, and read "
				"again on the next run\n",
			path, reason.buf);
		ix->failed_files++;
		break;
	case READER_FAILED:
		indexer_clear_line(ix);
		if (had)
			fprintf(stderr,
				PROGRAM ": cannot read '%s': %s (the documents indexed from it before "
					"are kept)\n",
				path, reason.buf);
		else
			fprintf(stderr, PROGRAM ": cannot read '%s': %s\n", path, reason.buf);
		ix->failed_files++;
		break;
	}
	strbuf_release(&reason);
	if (!ix->fatal && ix->in_batch >= ix->opt.batch)
		indexer_commit(ix, 1);
	return (rs == READER_STOPPED || ix->fatal || indexer_interrupted) ? 1 : 0;
}

static int on_file(void *ctx, const walk_entry *e)
{
	struct indexer *ix = ctx;
	if (indexer_interrupted || ix->fatal)
		return 1;
	ix->files++;
	return sync_file(ix, e->path, e->relpath, &e->st);
}

static void on_walk_error(void *ctx, const char *path, const char *reason, int skipped)
{
	struct indexer *ix = ctx;
	indexer_clear_line(ix);
	ix->files++;
	if (skipped) {
		ix->skipped_files++;
		if (!ix->opt.quiet)
			fprintf(stderr, PROGRAM ": skipping '%s': %s\n", path, reason);
	} else {
		ix->failed_files++;
		fprintf(stderr, PROGRAM ": cannot read '%s': %s\n", path, reason);
		sync_root_unvisited(ix, path);
	}
}

/* 1 if the comma-separated list holds code. */
static int list_has(const char *list, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = list; *p;) {
		const char *comma = strchr(p, ',');
		size_t k = comma ? (size_t)(comma - p) : strlen(p);
		if (k == n && memcmp(p, code, n) == 0)
			return 1;
		p += k + (comma ? 1 : 0);
	}
	return 0;
}

/* Adds the languages of this run to the index's list, which query reads to
 * analyse queries in each of them. */
static void record_languages(struct indexer *ix)
{
	char *old = NULL;
	size_t len;
	xap_status st = xap_database_get_metadata(ix->db, SCHEMA_META_LANGS, &old, &len);
	if (st) {
		indexer_db_error(ix, st, "cannot read metadata");
		return;
	}
	strbuf list = STRBUF_INIT;
	strbuf_add(&list, old, len);
	free(old);
	for (size_t i = 0; i <= ix->nlangs; i++) {
		const char *code = i < ix->nlangs ? ix->langs[i].code : ix->defcode;
		if (list_has(list.buf, code))
			continue;
		if (list.len)
			strbuf_addc(&list, ',');
		strbuf_adds(&list, code);
	}
	if (list.len != len) {
		/* In the run's last transaction. */
		st = xap_database_set_metadata(ix->db, SCHEMA_META_LANGS, list.buf, list.len);
		if (st)
			indexer_db_error(ix, st, "cannot write metadata");
	}
	strbuf_release(&list);
}

/* Sleeps ms milliseconds, or less when a signal arrives. */
static void nap(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* Opens the index for writing, waiting for the lock if told to.  Returns
 * 0, or the exit status after a message. */
static int open_writable(struct indexer *ix, int create)
{
	char *errmsg = NULL;
	double start = now_ms();
	int said = 0;
	unsigned pause = 10;
	xap_status st;
	for (;;) {
		free(errmsg);
		errmsg = NULL;
		st = xap_database_open_writable(ix->dbpath,
						(create ? XAP_DB_CREATE_OR_OPEN : XAP_DB_OPEN) |
							ix->open_flags,
						&ix->db, &errmsg);
		if (st != XAP_LOCKED || !ix->opt.wait || indexer_interrupted)
			break;
		double waited = (now_ms() - start) / 1e3;
		if (ix->opt.wait_secs > 0 && waited >= ix->opt.wait_secs)
			break;
		if (!said && !ix->opt.quiet) {
			fprintf(stderr, PROGRAM ": index '%s' is locked by another indexer: waiting\n",
				ix->dbpath);
			said = 1;
		}
		nap(pause);
		if (pause < 250)
			pause *= 2;
	}
	if (st == XAP_LOCKED) {
		if (indexer_interrupted)
			fprintf(stderr, PROGRAM ": stopped while waiting for the lock of '%s'\n",
				ix->dbpath);
		else if (ix->opt.wait)
			fprintf(stderr,
				PROGRAM ": index '%s' is locked: another indexer is writing it "
					"(waited %.0f s)\n",
				ix->dbpath, (now_ms() - start) / 1e3);
		else
			fprintf(stderr,
				PROGRAM ": index '%s' is locked: another indexer is writing it\n",
				ix->dbpath);
	} else if (st == XAP_NOT_FOUND && !create) {
		fprintf(stderr, PROGRAM ": no index at '%s'\n", ix->dbpath);
	} else if (st) {
		fprintf(stderr, PROGRAM ": cannot open index '%s': %s: %s\n", ix->dbpath,
			xap_status_string(st), errmsg ? errmsg : "");
	}
	free(errmsg);
	if (st)
		return indexer_interrupted ? 128 + indexer_interrupted : 2;
	return 0;
}

static int open_index(struct indexer *ix, int create)
{
	int rc = open_writable(ix, create);
	if (rc)
		return rc;

	/* A new index records the schema and its default language; an old one
	 * must have been written with this schema. */
	char *ver = NULL, *lang = NULL;
	size_t vlen, llen;
	xap_status st;
	if ((st = xap_database_get_metadata(ix->db, SCHEMA_META_VERSION, &ver, &vlen)) ||
	    (st = xap_database_get_metadata(ix->db, SCHEMA_META_LANG, &lang, &llen))) {
		indexer_db_error(ix, st, "cannot read metadata");
		free(ver);
		free(lang);
		return 2;
	}
	rc = 0;
	if (vlen && strcmp(ver, SCHEMA_VERSION) != 0) {
		fprintf(stderr,
			PROGRAM ": index '%s' has schema version %s; this indexer writes version %s "
				"(index into a new directory)\n",
			ix->dbpath, ver, SCHEMA_VERSION);
		rc = 2;
	} else if (!vlen) {
		if ((st = xap_database_set_metadata(ix->db, SCHEMA_META_VERSION, SCHEMA_VERSION,
						    strlen(SCHEMA_VERSION))) ||
		    (st = xap_database_set_metadata(ix->db, SCHEMA_META_LANG, ix->defcode,
						    strlen(ix->defcode))) ||
		    (st = xap_database_commit(ix->db))) {
			indexer_db_error(ix, st, "cannot write metadata");
			rc = 2;
		}
	}
	free(ver);
	free(lang);
	return rc;
}

/* The hash of the options that shape documents: files indexed with other
 * values are read again. */
static uint64_t options_hash(const struct options *o, const char *defcode)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "format=%d lang=%s given=%d max-doc=%zu max-terms=%lu",
		 (int)o->ropts.format, defcode, o->lang_given, o->ropts.max_doc, o->max_terms);
	return hash64_bytes(buf, strlen(buf));
}

static void print_summary(struct indexer *ix)
{
	printf("%lu added, %lu replaced, %lu unchanged, %lu removed, %lu failed, %lu skipped "
	       "documents; %lu files (%lu unchanged, %lu failed, %lu skipped); %.2f s\n",
	       ix->added, ix->replaced, ix->unchanged, ix->removed, ix->failed_docs,
	       ix->skipped_docs, ix->files, ix->unchanged_files, ix->failed_files,
	       ix->skipped_files, (now_ms() - ix->start_ms) / 1e3);
	fflush(stdout);
}

static void free_indexer(struct indexer *ix)
{
	for (unsigned w = 0; ix->wlangs && w < (ix->nworkers ? ix->nworkers : 1); w++) {
		for (size_t i = 0; i < ix->wlangs[w].n; i++) {
			free(ix->wlangs[w].v[i].code);
			analyser_free(ix->wlangs[w].v[i].a);
		}
		free(ix->wlangs[w].v);
	}
	free(ix->wlangs);
	analyser_free(ix->defa);
	for (size_t i = 0; i < ix->nlangs; i++) {
		free(ix->langs[i].code);
		analyser_free(ix->langs[i].a);
	}
	free(ix->langs);
	strbuf_release(&ix->term);
	strbuf_release(&ix->err);
	strbuf_release(&ix->cur_fterm);
	free(ix->cur_dids);
	u64set_release(&ix->seen);
	u64set_release(&ix->ids);
	spelling_words_release(&ix->spell);
	if (ix->logfd >= 0)
		close(ix->logfd);
}

#ifdef __SANITIZE_ADDRESS__
/*
 * Xapian 1.4.22's Database::check frees an object as the wrong type (an
 * upstream bug, not ours), which AddressSanitizer reports as
 * new_delete_type_mismatch; --check calls it.  Nothing else is excused.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "new_delete_type_mismatch=0";
}
#endif

/*
 * Where a --bulk or --shards build writes.  --shards N: INDEX is a
 * directory holding shard-000 ... and, once all are built, a Xapian stub
 * file XAPIANDB naming them, so that query (and Xapian) opens INDEX as one
 * database.  --bulk: shards in INDEX.bulk-PID/, written without fsync,
 * then compacted into INDEX.compact-PID, renamed INDEX at the very end: a
 * crash leaves no index at INDEX (run again), never a broken one.
 */
struct layout {
	char **paths;    /* the shards' databases; paths[0] is the run's own */
	unsigned n;
	int flags;       /* XAP_DB_* for creating them */
	char *target;    /* INDEX */
	char *tmp;       /* --bulk: INDEX.bulk-PID */
	char *lock;      /* INDEX.building while build_lock() holds it, else NULL */
	int lockfd;      /* its descriptor, holding the lock */
};

static int remove_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb, (void)type, (void)ftw;
	return remove(path);
}

/* Removes a directory tree (what a build of ours made). */
static int remove_tree(const char *path)
{
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int is_sharded(const char *dir)
{
	char *stub = xasprintf("%s/XAPIANDB", dir);
	struct stat st;
	int yes = stat(stub, &st) == 0;
	free(stub);
	return yes;
}

/*
 * One --bulk or --shards build of a target at a time.  The build holds a
 * write lock (fcntl) on the file TARGET.building from its start to its
 * end, and removes the file then; the kernel drops the lock of a process
 * that dies, so a file left by a killed build is taken over by the next.
 * Without it, a second --shards run took a running build for one that
 * did not finish and removed it, and two --bulk runs raced to rename
 * their index into place, the loser failing at the very end.
 */
/* A write lock on the whole of a file, for fcntl(). */
static struct flock whole_file_lock(void)
{
	struct flock fl;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	return fl;
}

static int build_lock(struct layout *l, const char *target)
{
	char *path = xasprintf("%s.building", target);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	struct flock fl = whole_file_lock();
	if (fd < 0 || fcntl(fd, F_SETLK, &fl) != 0) {
		if (fd < 0)
			fprintf(stderr, PROGRAM ": cannot create '%s': %s\n", path, strerror(errno));
		else if (errno == EAGAIN || errno == EACCES)
			fprintf(stderr,
				PROGRAM ": another indexer is building '%s' (it holds '%s'): wait for "
					"it to finish\n",
				target, path);
		else
			fprintf(stderr, PROGRAM ": cannot lock '%s': %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(path);
		return -1;
	}
	l->lock = path;
	l->lockfd = fd;
	return 0;
}

static void build_unlock(struct layout *l)
{
	if (!l->lock)
		return;
	unlink(l->lock);
	close(l->lockfd);
	free(l->lock);
	l->lock = NULL;
}

int indexer_build_running(const char *target)
{
	char *path = xasprintf("%s.building", target);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return 0;
	struct flock fl = whole_file_lock();
	int running = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
	close(fd);
	return running;
}

int indexer_unfinished_build(const char *target)
{
	struct stat st;
	char *first = xasprintf("%s/shard-000", target);
	int yes = stat(target, &st) == 0 && S_ISDIR(st.st_mode) && !is_sharded(target) &&
		  stat(first, &st) == 0;
	free(first);
	return yes;
}

/* Removes the leftovers of --bulk runs on target that were killed. */
static void remove_stale_bulk(const char *target)
{
	char *dir = xstrdup(target), *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : target;
	char *parent = slash ? (slash == dir ? xstrdup("/") : xstrndup(dir, (size_t)(slash - dir))) : xstrdup(".");
	DIR *d = opendir(parent);
	struct dirent *de;
	size_t bl = strlen(base);
	while (d && (de = readdir(d))) {
		long pid;
		char kind[16];
		if (strncmp(de->d_name, base, bl) != 0 ||
		    sscanf(de->d_name + bl, ".%15[a-z]-%ld", kind, &pid) != 2 ||
		    (strcmp(kind, "bulk") != 0 && strcmp(kind, "compact") != 0))
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue; /* its indexer is still running */
		char *p = xasprintf("%s/%s", parent, de->d_name);
		remove_tree(p);
		free(p);
	}
	if (d)
		closedir(d);
	free(parent);
	free(dir);
}

static int layout_begin(struct indexer *ix, struct layout *l, unsigned cores)
{
	struct stat st;
	const char *target = ix->dbpath;
	if (ix->opt.bulk && ix->opt.shards) {
		fprintf(stderr, PROGRAM ": --bulk and --shards are two ways to build: choose one\n");
		return -1;
	}
	if (build_lock(l, target))
		return -1;
	remove_stale_bulk(target);
	if (stat(target, &st) == 0) {
		/* A sharded build that was stopped before its stub: start again. */
		if (!ix->opt.shards || !indexer_unfinished_build(target)) {
			fprintf(stderr,
				PROGRAM ": '%s' exists: %s builds a new index (remove it, or index "
					"into it without %s)\n",
				target, ix->opt.bulk ? "--bulk" : "--shards",
				ix->opt.bulk ? "--bulk" : "--shards");
			build_unlock(l);
			return -1;
		}
		if (!ix->opt.quiet)
			fprintf(stderr, PROGRAM ": '%s' is a sharded build that did not finish: "
					"building it again\n", target);
		remove_tree(target);
	}
	l->target = xstrdup(target);
	/* --bulk: shard 0 holds the bookkeeping only, and a writer per core
	 * the documents (shards.c). */
	l->n = ix->opt.shards ? ix->opt.shards : cores + 1;
	const char *dir;
	if (ix->opt.bulk) {
		l->tmp = xasprintf("%s.bulk-%ld", target, (long)getpid());
		l->flags = XAP_DB_NO_SYNC;
		dir = l->tmp;
	} else {
		dir = target;
	}
	if (mkdir(dir, 0777) != 0) {
		fprintf(stderr, PROGRAM ": cannot create '%s': %s\n", dir, strerror(errno));
		build_unlock(l);
		return -1;
	}
	l->paths = xcalloc(l->n, sizeof(*l->paths));
	for (unsigned i = 0; i < l->n; i++)
		l->paths[i] = xasprintf("%s/shard-%03u", dir, i);
	ix->dbpath = l->paths[0];
	ix->open_flags = l->flags;
	return 0;
}

/* Finishes a --bulk or --shards build (ok: it succeeded), or removes it. */
static int layout_end(struct indexer *ix, struct layout *l, int ok)
{
	int rc = 0;
	if (ok && l->tmp) {
		/* Every shard into one compact database, then into place. */
		char *out = xasprintf("%s.compact-%ld", l->target, (long)getpid());
		xap_database *all = NULL;
		char *msg = NULL;
		xap_status st = xap_database_new_empty(&all, &msg);
		unsigned parts = 0;
		for (unsigned i = 0; i < l->n && st == XAP_OK; i++) {
			/* The shard, then its later segments (shards.c). */
			for (unsigned k = 0; st == XAP_OK; k++) {
				char *path = shards_segment_path(l->paths[i], k);
				struct stat sb;
				if (k && stat(path, &sb) != 0) {
					free(path);
					break;
				}
				xap_database *one = NULL;
				st = xap_database_open(path, &one, &msg);
				if (st == XAP_OK)
					st = xap_database_add(all, one);
				xap_database_destroy(one);
				free(path);
				parts++;
			}
		}
		if (!ix->opt.quiet && st == XAP_OK) {
			indexer_clear_line(ix);
			fprintf(stderr, PROGRAM ": compacting %u databases into '%s'\n", parts, l->target);
		}
		if (st == XAP_OK)
			st = xap_database_compact(all, out, 0);
		if (st) {
			fprintf(stderr, PROGRAM ": cannot compact into '%s': %s: %s\n", out,
				xap_status_string(st), msg ? msg : xap_database_errmsg(all));
			rc = 1;
		} else if (rename(out, l->target) != 0) {
			fprintf(stderr, PROGRAM ": cannot rename '%s' to '%s': %s\n", out, l->target,
				strerror(errno));
			rc = 1;
		}
		xap_database_destroy(all);
		free(msg);
		if (rc)
			remove_tree(out);
		free(out);
	} else if (ok) {
		/* The stub last: without it, the build counts as unfinished. */
		char *stub = xasprintf("%s/XAPIANDB", l->target), *tmp = xasprintf("%s.tmp", stub);
		FILE *f = fopen(tmp, "w");
		for (unsigned i = 0; f && i < l->n; i++)
			fprintf(f, "auto shard-%03u\n", i);
		if (!f || fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0 ||
		    rename(tmp, stub) != 0) {
			fprintf(stderr, PROGRAM ": cannot write '%s': %s\n", stub, strerror(errno));
			rc = 1;
		}
		free(stub);
		free(tmp);
	}
	if (l->tmp)
		remove_tree(l->tmp);
	build_unlock(l);
	return rc;
}

static void layout_release(struct layout *l)
{
	for (unsigned i = 0; l->paths && i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	free(l->target);
	free(l->tmp);
	build_unlock(l);
}

enum mode { MODE_INDEX, MODE_DELETE, MODE_CHECK };

int main(int argc, char **argv)
{
	enum {
		OPT_ID = 256, OPT_MAX_DOC, OPT_MAX_INPUT, OPT_MAX_TERMS, OPT_PROGRESS,
		OPT_NO_PROGRESS, OPT_FORCE, OPT_PRUNE, OPT_NO_PRUNE, OPT_DELETE, OPT_CHECK,
		OPT_WAIT, OPT_LOG, OPT_PDF_TIMEOUT, OPT_THREADS, OPT_BULK, OPT_SHARDS, OPT_SEGMENT
	};
	static const struct option longopts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "batch", required_argument, NULL, 'b' },
		{ "id", required_argument, NULL, OPT_ID },
		{ "max-doc", required_argument, NULL, OPT_MAX_DOC },
		{ "max-input", required_argument, NULL, OPT_MAX_INPUT },
		{ "max-terms", required_argument, NULL, OPT_MAX_TERMS },
		{ "pdf-timeout", required_argument, NULL, OPT_PDF_TIMEOUT },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "prune", no_argument, NULL, OPT_PRUNE },
		{ "no-prune", no_argument, NULL, OPT_NO_PRUNE },
		{ "delete", no_argument, NULL, OPT_DELETE },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "wait", optional_argument, NULL, OPT_WAIT },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "bulk", no_argument, NULL, OPT_BULK },
		{ "shards", required_argument, NULL, OPT_SHARDS },
		{ "segment", required_argument, NULL, OPT_SEGMENT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
		{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct indexer ix;
	memset(&ix, 0, sizeof(ix));
	ix.opt.lang = "english";
	ix.opt.batch = 1000;
	ix.opt.stdin_id = "-";
	ix.opt.progress = isatty(STDERR_FILENO);
	ix.opt.ropts.max_doc = READER_DEFAULT_MAX_DOC;
	ix.opt.ropts.max_input = READER_DEFAULT_MAX_INPUT;
	ix.opt.max_terms = DEFAULT_MAX_TERMS;
	ix.opt.prune = 1;
	ix.opt.threads = -1;
	ix.logfd = -1;
	enum mode mode = MODE_INDEX;
	strbuf_init(&ix.term, 0);
	strbuf_init(&ix.err, 0);
	strbuf_init(&ix.cur_fterm, 0);

	int c;
	unsigned long long size;
	char *end;
	while ((c = getopt_long(argc, argv, "l:f:b:qvhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': ix.opt.lang = optarg; ix.opt.lang_given = 1; break;
		case 'f':
			if (strcmp(optarg, "auto") == 0)
				ix.opt.ropts.format = READER_AUTO;
			else if (strcmp(optarg, "text") == 0)
				ix.opt.ropts.format = READER_TEXT;
			else if (strcmp(optarg, "jsonl") == 0)
				ix.opt.ropts.format = READER_JSONL;
			else if (strcmp(optarg, "html") == 0)
				ix.opt.ropts.format = READER_HTML;
			else if (strcmp(optarg, "pdf") == 0)
				ix.opt.ropts.format = READER_PDF;
			else {
				fprintf(stderr, PROGRAM ": unknown format '%s' (auto, text, jsonl, html or pdf)\n", optarg);
				return 2;
			}
			break;
		case 'b': {
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || v == 0 || v > 10000000) {
				fprintf(stderr, PROGRAM ": --batch needs a number from 1 to 10000000, not '%s'\n", optarg);
				return 2;
			}
			ix.opt.batch = (unsigned)v;
			break;
		}
		case OPT_ID: ix.opt.stdin_id = optarg; break;
		case OPT_MAX_DOC:
			if (parse_size(optarg, &size) || size == 0 || size > (1ull << 31)) {
				fprintf(stderr, PROGRAM ": --max-doc needs a size up to 2G (like 16M), not '%s'\n", optarg);
				return 2;
			}
			ix.opt.ropts.max_doc = (size_t)size;
			break;
		case OPT_MAX_INPUT:
			if (parse_size(optarg, &size)) {
				fprintf(stderr, PROGRAM ": --max-input needs a size (like 8G), not '%s'\n", optarg);
				return 2;
			}
			ix.opt.ropts.max_input = size;
			break;
		case OPT_PDF_TIMEOUT: {
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || end == optarg || v == 0 || v > 86400) {
				fprintf(stderr, PROGRAM ": --pdf-timeout needs seconds from 1 to 86400, not '%s'\n", optarg);
				return 2;
			}
			ix.opt.ropts.pdf_timeout = (unsigned)v;
			break;
		}
		case OPT_MAX_TERMS: {
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || *optarg == '-' || v == 0 || v > 100000000) {
				fprintf(stderr, PROGRAM ": --max-terms needs a number from 1 to 100000000, not '%s'\n", optarg);
				return 2;
			}
			ix.opt.max_terms = v;
			break;
		}
		case OPT_FORCE: ix.opt.force = 1; break;
		case OPT_PRUNE: ix.opt.prune = 2; break;
		case OPT_NO_PRUNE: ix.opt.prune = 0; break;
		case OPT_DELETE: mode = MODE_DELETE; break;
		case OPT_CHECK: mode = MODE_CHECK; break;
		case OPT_WAIT:
			ix.opt.wait = 1;
			if (optarg) {
				double v = strtod(optarg, &end);
				if (*end || !(v > 0) || v > 1e7) {
					fprintf(stderr, PROGRAM ": --wait needs a number of seconds, not '%s'\n", optarg);
					return 2;
				}
				ix.opt.wait_secs = v;
			}
			break;
		case OPT_LOG: ix.opt.log = optarg; break;
		case OPT_BULK: ix.opt.bulk = 1; break;
		case OPT_SEGMENT: {
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || end == optarg || *optarg == '-' || v < 1 || v > 100000000) {
				fprintf(stderr, PROGRAM ": --segment needs a number of documents, not '%s'\n", optarg);
				return 2;
			}
			ix.opt.segment = v;
			break;
		}
		case OPT_SHARDS: {
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || end == optarg || *optarg == '-' || v < 1 || v > 256) {
				fprintf(stderr, PROGRAM ": --shards needs a number from 1 to 256, not '%s'\n", optarg);
				return 2;
			}
			ix.opt.shards = (unsigned)v;
			break;
		}
		case OPT_THREADS: {
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || end == optarg || *optarg == '-' || v > 64) {
				fprintf(stderr, PROGRAM ": --threads needs a number from 0 to 64, not '%s'\n", optarg);
				return 2;
			}
			ix.opt.threads = (int)v;
			break;
		}
		case 'q': ix.opt.quiet = 1; break;
		case 'v': ix.opt.verbose = 1; break;
		case OPT_PROGRESS: ix.opt.progress = 1; break;
		case OPT_NO_PROGRESS: ix.opt.progress = 0; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf(PROGRAM " (dateline) %s, Xapian %s\n", DATELINE_VERSION, xap_version()); return 0;
		default:
			fprintf(stderr, "Try '" PROGRAM " --help'.\n");
			return 2;
		}
	}
	int nargs = argc - optind;
	if (mode == MODE_CHECK) {
		if (nargs != 1) {
			fprintf(stderr, PROGRAM ": --check takes one index\nTry '" PROGRAM " --help'.\n");
			return 2;
		}
		return check_index(argv[optind], ix.opt.quiet);
	}
	if (nargs < 2) {
		fprintf(stderr, PROGRAM ": %s\nusage: " PROGRAM " [options] INDEX PATH...\nTry '" PROGRAM " --help'.\n",
			nargs < 1 ? "no index given"
			: mode == MODE_DELETE ? "no id to delete given"
					      : "no file or directory to index given");
		return 2;
	}
	ix.dbpath = argv[optind];
	ix.defa = analyser_new(ix.opt.lang);
	if (!ix.defa) {
		fprintf(stderr, PROGRAM ": no stemmer for language '%s'\n", ix.opt.lang);
		return 2;
	}
	ix.defcode = analyser_lang_code(ix.opt.lang);
	ix.opts_hash = options_hash(&ix.opt, ix.defcode);
	if (ix.opt.log) {
		ix.logfd = open(ix.opt.log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (ix.logfd < 0) {
			fprintf(stderr, PROGRAM ": cannot open log '%s': %s\n", ix.opt.log, strerror(errno));
			free_indexer(&ix);
			return 2;
		}
	}

	/* The first SIGINT or SIGTERM asks for a clean stop; a second one
	 * kills at once, which is safe too (the handler is reset). */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* A file size limit (ulimit -f) must fail the write, which Xapian
	 * reports, instead of killing the process. */
	signal(SIGXFSZ, SIG_IGN);

	/* One core reads and writes; the others analyse. */
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	ix.nworkers = ix.opt.threads >= 0 ? (unsigned)ix.opt.threads
				: cores > 1 ? (unsigned)(cores - 1) : 0;

	ix.start_ms = now_ms();
	struct layout lay;
	memset(&lay, 0, sizeof(lay));
	if (mode == MODE_INDEX && (ix.opt.bulk || ix.opt.shards) &&
	    layout_begin(&ix, &lay, (unsigned)(cores > 1 ? cores : 1))) {
		layout_release(&lay);
		free_indexer(&ix);
		return 2;
	}
	ix.gather_spelling = lay.n > 0;
	if (!lay.n && indexer_build_running(ix.dbpath)) {
		fprintf(stderr,
			PROGRAM ": '%s' is being built by another indexer (--bulk or --shards): "
				"wait for it to finish\n",
			ix.dbpath);
		free_indexer(&ix);
		return 2;
	}
	if (mode == MODE_INDEX && !lay.n && is_sharded(ix.dbpath)) {
		fprintf(stderr,
			PROGRAM ": '%s' is a sharded index (made with --shards), which is built "
				"whole: build it again with --shards, or index into one of its shards\n",
			ix.dbpath);
		free_indexer(&ix);
		return 2;
	}
	int rc = open_index(&ix, mode == MODE_INDEX);
	if (rc) {
		xap_database_destroy(ix.db);
		free_indexer(&ix);
		return rc;
	}
	unsigned docs = 0;
	unsigned long rev = 0;
	xap_database_doccount(ix.db, &docs);
	xap_database_revision(ix.db, &rev);
	log_line(&ix, "start docs=%u rev=%lu pid=%ld\n", docs, rev, (long)getpid());
	xap_status st = xap_database_begin_transaction(ix.db, 1);
	if (st)
		indexer_db_error(&ix, st, "cannot start a transaction");

	if (mode == MODE_DELETE) {
		rc = ix.fatal ? 2 : sync_delete(&ix, argv + optind + 1, nargs - 1);
	} else {
		/* Documents are analysed by worker threads and written here. */
		ix.fresh = docs == 0;
		if (ix.nworkers && !ix.opt.lang_given)
			langid_have_fingerprints(); /* loaded before the threads read them */
		ix.wlangs = xcalloc(ix.nworkers ? ix.nworkers : 1, sizeof(*ix.wlangs));
		if (lay.n > 1 && shards_start(&ix, lay.paths, lay.n, lay.flags))
			ix.fatal = 1;
		ix.pipe = pipeline_new(ix.nworkers, PIPELINE_DEPTH, PIPELINE_BYTES, build_document,
				       write_document, &ix);
		if (!ix.pipe) {
			ix.nworkers = 0;
			ix.pipe = pipeline_new(0, 1, 0, build_document, write_document, &ix);
		}
		struct root *roots = xcalloc((size_t)nargs, sizeof(*roots));
		size_t nroots = 0;
		for (int i = optind + 1; i < argc && !ix.fatal && !indexer_interrupted; i++) {
			if (strcmp(argv[i], "-") == 0) {
				ix.root = NULL;
				ix.files++;
				indexer_read_file(&ix, "-", ix.opt.stdin_id, NULL, 0, NULL);
				continue;
			}
			struct root *r = &roots[nroots++];
			ix.root = sync_root_begin(&ix, r, argv[i]) == 0 ? r : NULL;
			int wr = walk(argv[i], on_file, on_walk_error, &ix);
			if (ix.root)
				sync_root_end(&ix, r, wr == 0 && !ix.fatal && !indexer_interrupted);
			ix.root = NULL;
		}
		pipeline_free(ix.pipe);
		ix.pipe = NULL;
		if (ix.opt.prune == 2 && !ix.fatal && !indexer_interrupted)
			sync_collect_garbage(&ix, roots, nroots);
		for (size_t i = 0; i < nroots; i++)
			sync_root_release(&roots[i]);
		free(roots);
		if (!ix.fatal)
			record_languages(&ix);
		if (ix.shards) {
			char *langs = NULL;
			size_t ll = 0;
			xap_database_get_metadata(ix.db, SCHEMA_META_LANGS, &langs, &ll);
			if (shards_finish(&ix, langs ? langs : "", ll))
				ix.fatal = 1;
			free(langs);
		}
	}

	if (!ix.fatal && ix.gather_spelling && (st = spelling_flush(&ix.spell, ix.db)))
		indexer_db_error(&ix, st, "cannot add the spelling data");
	if (ix.fatal) {
		/* The batch in progress is lost; what was committed before stays. */
		xap_database_cancel_transaction(ix.db);
	} else {
		indexer_commit(&ix, 0);
	}
	show_progress(&ix, 1);
	if (!ix.fatal && (st = xap_database_close(ix.db)))
		indexer_db_error(&ix, st, "cannot close");
	xap_database_destroy(ix.db);
	ix.db = NULL;
	shards_free(&ix);
	if (lay.n && layout_end(&ix, &lay, !ix.fatal && !indexer_interrupted))
		ix.fatal = 1;
	layout_release(&lay);
	if (ix.fatal)
		log_line(&ix, "failed\n");
	else
		log_line(&ix, indexer_interrupted ? "stopped\n" : "done\n");

	if (indexer_interrupted && !ix.fatal) {
		indexer_clear_line(&ix);
		fprintf(stderr,
			PROGRAM ": stopped by %s: the documents read so far are committed; run the "
				"same command again to finish\n",
			indexer_interrupted == SIGINT ? "SIGINT" : "SIGTERM");
	}
	if (ix.dup_ids && !ix.opt.quiet)
		fprintf(stderr,
			PROGRAM ": %lu id%s appeared more than once in this run: the last "
				"document with each is kept\n",
			ix.dup_ids, ix.dup_ids == 1 ? "" : "s");
	print_summary(&ix);
	free_indexer(&ix);
	if (ix.fatal)
		return 2;
	if (indexer_interrupted)
		return 128 + indexer_interrupted;
	if (mode == MODE_DELETE)
		return rc;
	return ix.failed_files || ix.failed_docs ? 1 : 0;
}
