/*
 * indexer - builds and updates a dateline index.
 *
 *   indexer [options] INDEX PATH...
 *
 * Reads every PATH (files, directory trees, '-' for standard input),
 * turns each into documents (reader.h), and writes them into the Xapian
 * index INDEX through the schema (schema.h), replacing documents whose id
 * is already there.  Work is committed in batches, each one Xapian
 * transaction: a crash loses at most the batch in progress.
 */
#include "analyser.h"
#include "langid.h"
#include "reader.h"
#include "schema.h"
#include "spelling.h"
#include "util.h"
#include "walk.h"
#include "xap.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROGRAM "indexer"
/* Problems reported per file before the rest are only counted. */
#define MAX_PROBLEMS_SHOWN 10

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

struct options {
	const char *lang;
	int lang_given;
	enum reader_format format;
	unsigned batch;
	const char *stdin_id;
	reader_opts ropts;
	int quiet;
	int verbose;
	int progress;
};

struct langmap {
	char *code;
	analyser *a;
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
	unsigned in_batch;
	/* counts */
	unsigned long added, replaced, failed_docs, skipped_docs;
	unsigned long files;         /* files opened */
	unsigned long failed_files;  /* opened but unreadable, or not even opened */
	unsigned long skipped_files;
	unsigned long unopened;      /* paths the walk could not visit */
	/* the file being read, for messages */
	const char *cur_path;
	unsigned cur_problems;
	double start_ms, last_progress;
	unsigned long long bytes;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROGRAM " [options] INDEX PATH...\n"
		"\n"
		"Adds the documents under each PATH to the index INDEX (created if needed),\n"
		"replacing those already there with the same id.  PATH is a file, a directory\n"
		"(read recursively in name order, hidden entries skipped) or '-' for standard\n"
		"input.  Text files are press releases: first line the title, then a dateline\n"
		"('ALMATY, Kazakhstan, 18 October 2012 - ...') that gives place and date.\n"
		"JSON Lines files (*.jsonl, or content of JSON objects) hold one document a\n"
		"line: id, title, text, date, lang, place, other string fields as metadata.\n"
		"Web pages (HTML) and PDF reports (through pdftotext) are read too; formats\n"
		"are told by content, not by name.\n"
		"Any of them may be gzip-compressed.  A file's id is its path relative to the\n"
		"directory given (for a file given itself, its name).\n"
		"\n"
		"options:\n"
		"  -l, --lang=LANG      language of documents that do not say (a libstemmer\n"
		"                       name or ISO code, 'none' for no stemming); without it,\n"
		"                       each document's language is recognised from its text\n"
		"                       (English when too short to tell)\n"
		"  -f, --format=FMT     auto (default: by content), text, jsonl, html or pdf\n"
		"  -b, --batch=N        documents per commit (default 1000)\n"
		"      --id=ID          id of a text document read from standard input\n"
		"      --max-doc=SIZE   longest document text indexed (default 16M; longer\n"
		"                       texts are cut, and said so)\n"
		"      --max-input=SIZE most bytes read from one file after decompression\n"
		"                       (default 8G: stops gzip bombs)\n"
		"      --pdf-timeout=SECONDS  longest pdftotext may take on one PDF (default 30)\n"
		"  -q, --quiet          no warnings, only errors\n"
		"  -v, --verbose        name each file as it is read\n"
		"      --progress       a progress line on stderr (default when it is a terminal)\n"
		"      --no-progress\n"
		"  -h, --help           this help\n"
		"  -V, --version        the version\n"
		"\n"
		"Prints one summary line: documents added, replaced, failed, skipped, files\n"
		"and seconds.  Exit status: 0 when every file was read, 1 when some could not\n"
		"be (each is named on stderr with the reason), 2 on a usage error or when the\n"
		"index cannot be opened or written.  SIGINT or SIGTERM stops after committing\n"
		"the documents read so far.\n");
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
	if (ix->opt.progress)
		fputs("\r\033[K", stderr);
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
	fprintf(stderr, "\r\033[K%lu documents, %lu files, %.1f MB, %.1f s", ix->added + ix->replaced,
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
 * guess from its script, else the default; sets doc->lang to the code. */
static analyser *analyser_for(struct indexer *ix, document *doc)
{
	const char *code = NULL;
	if (doc->lang && *doc->lang) {
		code = analyser_lang_code(doc->lang);
		if (!code && is_lang_code(doc->lang))
			code = doc->lang;
		if (!code) {
			char msg[160];
			snprintf(msg, sizeof(msg), "unknown language '%.40s': indexed as %s", doc->lang,
				 ix->defcode);
			warn_problem(ix, doc->source, doc->line, msg);
		}
	} else if (!ix->opt.lang_given) {
		code = langid_guess(doc->text, doc->textlen);
	}
	if (!code)
		code = ix->defcode;
	char *owned = xstrdup(code);
	free(doc->lang);
	doc->lang = owned;
	return analyser_of(ix, owned);
}

/* Reports a database error; returns 1 if it ends the run. */
static int db_error(struct indexer *ix, xap_status st, const char *what)
{
	if (ix->opt.progress)
		fputs("\r\033[K", stderr);
	if (st == XAP_NOSPACE)
		fprintf(stderr, PROGRAM ": cannot write index '%s': %s (disk full or file size limit)\n",
			ix->dbpath, xap_database_errmsg(ix->db));
	else
		fprintf(stderr, PROGRAM ": %s in index '%s': %s: %s\n", what, ix->dbpath,
			xap_status_string(st), xap_database_errmsg(ix->db));
	ix->fatal = 1;
	return 1;
}

static int commit_batch(struct indexer *ix, int reopen)
{
	xap_status st = xap_database_commit_transaction(ix->db);
	if (st)
		return db_error(ix, st, "cannot commit");
	ix->in_batch = 0;
	if (reopen && (st = xap_database_begin_transaction(ix->db, 1)))
		return db_error(ix, st, "cannot start a transaction");
	return 0;
}

static int on_document(void *ctx, document *doc)
{
	struct indexer *ix = ctx;
	analyser *a = analyser_for(ix, doc);
	xap_document *xd = NULL;
	xap_status st;

	if (interrupted)
		return 1;
	strbuf_reset(&ix->term);
	schema_id_term(doc->id, &ix->term);
	unsigned had = 0;
	if ((st = xap_database_termfreq(ix->db, ix->term.buf, ix->term.len, &had)))
		return db_error(ix, st, "cannot read");
	if ((st = xap_document_new(&xd)))
		return db_error(ix, st, "cannot make a document");
	strbuf_reset(&ix->err);
	st = schema_build(a, doc, xd, &ix->err);
	if (st == XAP_OK)
		st = xap_database_replace_document_by_term(ix->db, ix->term.buf, ix->term.len, xd,
							   NULL);
	if (st == XAP_OK)
		st = spelling_add_document(ix->db, xd);
	xap_document_free(xd);
	if (st == XAP_NOSPACE || st == XAP_CORRUPT || st == XAP_IO || st == XAP_NOMEM ||
	    st == XAP_CLOSED)
		return db_error(ix, st, "cannot add a document");
	if (st) {
		char msg[512];
		snprintf(msg, sizeof(msg), "document '%.200s' not indexed: %s", doc->id,
			 ix->err.len ? ix->err.buf : xap_database_errmsg(ix->db));
		warn_problem(ix, doc->source, doc->line, msg);
		ix->failed_docs++;
		return 0;
	}
	if (had)
		ix->replaced++;
	else
		ix->added++;
	ix->bytes += doc->textlen;
	show_progress(ix, 0);
	if (++ix->in_batch >= ix->opt.batch && commit_batch(ix, 1))
		return 1;
	return interrupted ? 1 : 0;
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

static int index_file(struct indexer *ix, const char *path, const char *id)
{
	reader_callbacks cb = { on_document, on_problem, ix };
	strbuf reason = STRBUF_INIT;
	ix->cur_path = path;
	ix->cur_problems = 0;
	ix->files++;
	if (ix->opt.verbose)
		fprintf(stderr, PROGRAM ": reading '%s'\n", path);
	reader_status st = reader_read(path, id, &ix->opt.ropts, &cb, &reason);
	end_file(ix);
	if (st == READER_FAILED) {
		if (ix->opt.progress)
			fputs("\r\033[K", stderr);
		fprintf(stderr, PROGRAM ": cannot read '%s': %s\n", path, reason.buf);
		ix->failed_files++;
	} else if (st == READER_SKIPPED) {
		if (!ix->opt.quiet) {
			if (ix->opt.progress)
				fputs("\r\033[K", stderr);
			fprintf(stderr, PROGRAM ": skipping '%s': %s\n", path, reason.buf);
		}
		ix->skipped_files++;
	}
	strbuf_release(&reason);
	return (st == READER_STOPPED || ix->fatal || interrupted) ? 1 : 0;
}

static int on_file(void *ctx, const walk_entry *e)
{
	return index_file(ctx, e->path, e->relpath);
}

static void on_walk_error(void *ctx, const char *path, const char *reason, int skipped)
{
	struct indexer *ix = ctx;
	if (ix->opt.progress)
		fputs("\r\033[K", stderr);
	ix->unopened++;
	if (skipped) {
		ix->skipped_files++;
		if (!ix->opt.quiet)
			fprintf(stderr, PROGRAM ": skipping '%s': %s\n", path, reason);
	} else {
		ix->failed_files++;
		fprintf(stderr, PROGRAM ": cannot read '%s': %s\n", path, reason);
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
		db_error(ix, st, "cannot read metadata");
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
		st = xap_database_set_metadata(ix->db, SCHEMA_META_LANGS, list.buf, list.len);
		if (st == XAP_OK)
			st = xap_database_commit(ix->db);
		if (st)
			db_error(ix, st, "cannot write metadata");
	}
	strbuf_release(&list);
}

static int open_index(struct indexer *ix)
{
	char *errmsg = NULL;
	xap_status st = xap_database_open_writable(ix->dbpath, XAP_DB_CREATE_OR_OPEN, &ix->db,
						   &errmsg);
	if (st == XAP_LOCKED) {
		fprintf(stderr, PROGRAM ": index '%s' is locked: another indexer is writing it\n",
			ix->dbpath);
	} else if (st) {
		fprintf(stderr, PROGRAM ": cannot open index '%s': %s: %s\n", ix->dbpath,
			xap_status_string(st), errmsg ? errmsg : "");
	}
	free(errmsg);
	if (st)
		return -1;

	/* A new index records the schema and its default language; an old one
	 * must have been written with this schema. */
	char *ver = NULL, *lang = NULL;
	size_t vlen, llen;
	if ((st = xap_database_get_metadata(ix->db, SCHEMA_META_VERSION, &ver, &vlen)) ||
	    (st = xap_database_get_metadata(ix->db, SCHEMA_META_LANG, &lang, &llen))) {
		db_error(ix, st, "cannot read metadata");
		free(ver);
		free(lang);
		return -1;
	}
	int rc = 0;
	if (vlen && strcmp(ver, SCHEMA_VERSION) != 0) {
		fprintf(stderr,
			PROGRAM ": index '%s' has schema version %s; this indexer writes version %s "
				"(index into a new directory)\n",
			ix->dbpath, ver, SCHEMA_VERSION);
		rc = -1;
	} else if (!vlen) {
		if ((st = xap_database_set_metadata(ix->db, SCHEMA_META_VERSION, SCHEMA_VERSION,
						    strlen(SCHEMA_VERSION))) ||
		    (st = xap_database_set_metadata(ix->db, SCHEMA_META_LANG, ix->defcode,
						    strlen(ix->defcode)))) {
			db_error(ix, st, "cannot write metadata");
			rc = -1;
		}
	}
	free(ver);
	free(lang);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "batch", required_argument, NULL, 'b' },
		{ "id", required_argument, NULL, 'I' },
		{ "max-doc", required_argument, NULL, 'D' },
		{ "max-input", required_argument, NULL, 'M' },
		{ "pdf-timeout", required_argument, NULL, 'T' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "progress", no_argument, NULL, 'P' },
		{ "no-progress", no_argument, NULL, 'N' },
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
	strbuf_init(&ix.term, 0);
	strbuf_init(&ix.err, 0);

	int c;
	unsigned long long size;
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
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || v == 0 || v > 10000000) {
				fprintf(stderr, PROGRAM ": --batch needs a number from 1 to 10000000, not '%s'\n", optarg);
				return 2;
			}
			ix.opt.batch = (unsigned)v;
			break;
		}
		case 'I': ix.opt.stdin_id = optarg; break;
		case 'D':
			if (parse_size(optarg, &size) || size == 0 || size > (1ull << 31)) {
				fprintf(stderr, PROGRAM ": --max-doc needs a size up to 2G (like 16M), not '%s'\n", optarg);
				return 2;
			}
			ix.opt.ropts.max_doc = (size_t)size;
			break;
		case 'M':
			if (parse_size(optarg, &size)) {
				fprintf(stderr, PROGRAM ": --max-input needs a size (like 8G), not '%s'\n", optarg);
				return 2;
			}
			ix.opt.ropts.max_input = size;
			break;
		case 'T': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || end == optarg || v == 0 || v > 86400) {
				fprintf(stderr, PROGRAM ": --pdf-timeout needs seconds from 1 to 86400, not '%s'\n", optarg);
				return 2;
			}
			ix.opt.ropts.pdf_timeout = (unsigned)v;
			break;
		}
		case 'q': ix.opt.quiet = 1; break;
		case 'v': ix.opt.verbose = 1; break;
		case 'P': ix.opt.progress = 1; break;
		case 'N': ix.opt.progress = 0; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf(PROGRAM " (dateline) %s, Xapian %s\n", DATELINE_VERSION, xap_version()); return 0;
		default:
			fprintf(stderr, "Try '" PROGRAM " --help'.\n");
			return 2;
		}
	}
	if (argc - optind < 2) {
		fprintf(stderr, PROGRAM ": %s\nusage: " PROGRAM " [options] INDEX PATH...\nTry '" PROGRAM " --help'.\n",
			argc - optind < 1 ? "no index given" : "no file or directory to index given");
		return 2;
	}
	ix.dbpath = argv[optind];
	ix.defa = analyser_new(ix.opt.lang);
	if (!ix.defa) {
		fprintf(stderr, PROGRAM ": no stemmer for language '%s'\n", ix.opt.lang);
		return 2;
	}
	ix.defcode = analyser_lang_code(ix.opt.lang);

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	ix.start_ms = now_ms();
	if (open_index(&ix)) {
		xap_database_destroy(ix.db);
		analyser_free(ix.defa);
		return 2;
	}
	xap_status st = xap_database_begin_transaction(ix.db, 1);
	if (st)
		db_error(&ix, st, "cannot start a transaction");

	for (int i = optind + 1; i < argc && !ix.fatal && !interrupted; i++) {
		if (strcmp(argv[i], "-") == 0)
			index_file(&ix, "-", ix.opt.stdin_id);
		else
			walk(argv[i], on_file, on_walk_error, &ix);
	}

	if (ix.fatal) {
		/* The batch in progress is lost; what was committed before stays. */
		xap_database_cancel_transaction(ix.db);
	} else {
		commit_batch(&ix, 0);
	}
	show_progress(&ix, 1);
	if (interrupted && !ix.fatal)
		fprintf(stderr, PROGRAM ": stopped by %s; the documents read so far are committed\n",
			interrupted == SIGINT ? "SIGINT" : "SIGTERM");
	if (!ix.fatal)
		record_languages(&ix);
	if (!ix.fatal && (st = xap_database_close(ix.db)))
		db_error(&ix, st, "cannot close");
	xap_database_destroy(ix.db);

	printf("%lu added, %lu replaced, %lu failed, %lu skipped documents; %lu files "
	       "(%lu failed, %lu skipped); %.2f s\n",
	       ix.added, ix.replaced, ix.failed_docs, ix.skipped_docs, ix.files + ix.unopened,
	       ix.failed_files, ix.skipped_files, (now_ms() - ix.start_ms) / 1e3);

	analyser_free(ix.defa);
	for (size_t i = 0; i < ix.nlangs; i++) {
		free(ix.langs[i].code);
		analyser_free(ix.langs[i].a);
	}
	free(ix.langs);
	strbuf_release(&ix.term);
	strbuf_release(&ix.err);
	if (ix.fatal)
		return 2;
	if (interrupted)
		return 130;
	return ix.failed_files || ix.failed_docs ? 1 : 0;
}
