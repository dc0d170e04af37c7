/*
 * check.c - indexer --check: is an index sound, and if not, what is wrong,
 * in words a user understands.
 *
 * Two levels: Xapian's own consistency check of the database files
 * (Database::check: B-trees, free lists, postings against termlists), then
 * dateline's rules: the schema version, and for every document, stored
 * data that decodes and an id term that leads back to it, one document
 * per id, sane values; and file records that parse.
 */
#include "indexer.h"
#include "schema.h"
#include "shardset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Problems shown before the rest are only counted. */
#define MAX_SHOWN 20

struct checker {
	const char *path;
	xap_database *db;
	int quiet;
	unsigned long problems;
	unsigned long docs, records, damaged_records;
	unsigned long dup_ids;
	xap_status st;  /* a database error that ended the check */
	strbuf term;
	strbuf report;  /* the problems, printed after the counts */
};

static void problem(struct checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct checker *c, const char *fmt, ...)
{
	c->problems++;
	if (c->problems > MAX_SHOWN)
		return;
	va_list ap;
	va_start(ap, fmt);
	strbuf_adds(&c->report, "  problem: ");
	strbuf_vaddf(&c->report, fmt, ap);
	strbuf_addc(&c->report, '\n');
	va_end(ap);
}

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int check_doc(void *ctx, xap_docid did, unsigned wdf)
{
	struct checker *c = ctx;
	xap_document *xd = NULL;
	const char *data, *val;
	size_t len, vlen;
	(void)wdf;
	c->docs++;
	if ((c->st = xap_database_get_document(c->db, did, &xd)) ||
	    (c->st = xap_document_get_data(xd, &data, &len))) {
		xap_document_free(xd);
		return 1;
	}
	document d;
	document_init(&d);
	if (schema_data_decode(data, len, &d) != 0) {
		problem(c, "document %u: its stored data is damaged%s%s%s", did, d.id ? " (id '" : "",
			d.id ? d.id : "", d.id ? "')" : "");
	} else {
		xap_docid found = 0;
		strbuf_reset(&c->term);
		schema_id_term(d.id, &c->term);
		xap_status st = xap_database_find_term(c->db, c->term.buf, c->term.len, &found);
		if (st == XAP_NOT_FOUND)
			problem(c, "document %u (id '%s') cannot be found by its id", did, d.id);
		else if (st)
			c->st = st;
		else if (found != did) {
			/* The first document with the id is another one: the
			 * id is held twice (reported below), or this one lacks it. */
			unsigned n = 0;
			xap_database_termfreq(c->db, c->term.buf, c->term.len, &n);
			if (n < 2)
				problem(c, "document %u (id '%s') is not indexed by its id", did, d.id);
		}
	}
	document_release(&d);
	if (!c->st && (c->st = xap_document_get_value(xd, SLOT_DATE, &val, &vlen)) == XAP_OK &&
	    vlen && (vlen != 8 || !digits(val, 8)))
		problem(c, "document %u: its date value '%.*s' is not YYYYMMDD", did,
			(int)(vlen > 20 ? 20 : vlen), val);
	xap_document_free(xd);
	return c->st != XAP_OK;
}

static int check_id_term(void *ctx, const char *term, size_t len, unsigned freq)
{
	struct checker *c = ctx;
	if (freq > 1) {
		c->dup_ids++;
		problem(c, "id '%.*s' is held by %u documents instead of one", (int)len - 1, term + 1,
			freq);
	}
	return 0;
}

static int check_record(void *ctx, const char *key, size_t len, unsigned freq)
{
	struct checker *c = ctx;
	char *text = NULL;
	size_t tlen;
	file_record r;
	(void)freq;
	strbuf k = STRBUF_INIT;
	strbuf_add(&k, key, len);
	c->st = xap_database_get_metadata(c->db, k.buf, &text, &tlen);
	strbuf_release(&k);
	if (c->st)
		return 1;
	c->records++;
	if (sync_record_parse(text, tlen, &r) != 0) {
		c->damaged_records++;
		problem(c, "the record of file '%.*s' is damaged (the file will be read again)",
			(int)(len - strlen(SCHEMA_META_FILE)), key + strlen(SCHEMA_META_FILE));
	}
	free(text);
	return 0;
}

static int check_database(const char *path, int quiet)
{
	size_t errors = 0;
	char *report = NULL, *errmsg = NULL;
	struct checker c;
	memset(&c, 0, sizeof(c));
	c.path = path;
	c.quiet = quiet;
	strbuf_init(&c.term, 0);
	strbuf_init(&c.report, 0);

	/* Xapian's check of the files first: a damaged B-tree can make the
	 * rest misbehave. */
	xap_status st = xap_database_check(path, &errors, &report, &errmsg);
	if (st == XAP_NOT_FOUND || st == XAP_OPENING) {
		struct stat sb;
		int unfinished = indexer_unfinished_build(path);
		if (stat(path, &sb) != 0)
			fprintf(stderr, PROGRAM ": no index at '%s'\n", path);
		else if (unfinished && indexer_build_running(path))
			fprintf(stderr, PROGRAM ": '%s' is a sharded build still running: check it "
				"when it ends\n", path);
		else if (unfinished)
			fprintf(stderr, PROGRAM ": '%s' is a sharded build that did not finish (it has "
				"no XAPIANDB): run the same indexer --shards command again\n", path);
		else
			fprintf(stderr, PROGRAM ": '%s' is not an index (no Xapian database in it)\n",
				path);
		free(errmsg);
		return 2;
	}
	if (st) {
		printf("index '%s' is damaged: Xapian cannot even check it (%s: %s)\n", path,
		       xap_status_string(st), errmsg ? errmsg : "");
		printf("To repair it, delete the directory and run the indexer again: the index "
		       "is rebuilt from the files.\n");
		free(errmsg);
		return 1;
	}
	if (errors) {
		printf("index '%s' is damaged: Xapian's consistency check found %zu error%s in its "
		       "files:\n", path, errors, errors == 1 ? "" : "s");
		/* The report can be long: its first lines say enough. */
		int lines = 0;
		for (char *p = report; p && *p && lines < 10; lines++) {
			char *nl = strchr(p, '\n');
			printf("  %.*s\n", (int)(nl ? nl - p : (long)strlen(p)), p);
			p = nl ? nl + 1 : p + strlen(p);
		}
		printf("To repair it, delete the directory and run the indexer again: the index is "
		       "rebuilt from the files.\n");
		free(report);
		return 1;
	}
	free(report);

	st = xap_database_open(path, &c.db, &errmsg);
	if (st) {
		printf("index '%s' is damaged: it cannot be opened (%s: %s)\n", path,
		       xap_status_string(st), errmsg ? errmsg : "");
		free(errmsg);
		return 1;
	}
	char *ver = NULL;
	size_t vlen = 0;
	unsigned ndocs = 0;
	unsigned long rev = 0;
	if ((st = xap_database_get_metadata(c.db, SCHEMA_META_VERSION, &ver, &vlen)) ||
	    (st = xap_database_doccount(c.db, &ndocs)) || (st = xap_database_revision(c.db, &rev)))
		goto dberror;
	/* An index killed between its creation and its first commit is
	 * empty and has no version yet: the next indexer run writes it. */
	if (!vlen) {
		if (ndocs)
			problem(&c, "it has no schema version: it was not made by dateline's indexer");
	} else if (strcmp(ver, SCHEMA_VERSION) != 0)
		problem(&c, "it has schema version %s, and this indexer knows version %s", ver,
			SCHEMA_VERSION);
	free(ver);

	if ((st = xap_database_postlist(c.db, "", 0, check_doc, &c)) || (st = c.st))
		goto dberror;
	if ((st = xap_database_allterms(c.db, PREFIX_ID, strlen(PREFIX_ID), check_id_term, &c)) ||
	    (st = c.st))
		goto dberror;
	if ((st = xap_database_metadata_keys(c.db, SCHEMA_META_FILE, strlen(SCHEMA_META_FILE),
					     check_record, &c)) ||
	    (st = c.st))
		goto dberror;
	xap_database_destroy(c.db);
	strbuf_release(&c.term);

	printf("index '%s': %u documents, %lu file records, revision %lu\n", path, ndocs,
	       c.records, rev);
	fputs(c.report.buf, stdout);
	strbuf_release(&c.report);
	if (!c.problems) {
		printf("no problems found\n");
		return 0;
	}
	if (c.problems > MAX_SHOWN)
		printf("  ... and %lu more\n", c.problems - MAX_SHOWN);
	printf("%lu problem%s found.", c.problems, c.problems == 1 ? "" : "s");
	if (c.dup_ids)
		printf(" Documents held twice are removed by indexing their files again "
		       "(indexer --force INDEX PATH...).");
	printf(" If in doubt, delete the directory and run the indexer again: the index is "
	       "rebuilt from the files.\n");
	return 1;

dberror:
	fputs(c.report.buf, stdout);
	strbuf_release(&c.report);
	printf("index '%s' is damaged: reading it failed after %lu documents (%s: %s)\n", path,
	       c.docs, xap_status_string(st), xap_database_errmsg(c.db));
	printf("To repair it, delete the directory and run the indexer again: the index is "
	       "rebuilt from the files.\n");
	xap_database_destroy(c.db);
	strbuf_release(&c.term);
	return 1;
}

/*
 * The shards of a sharded index (a stub, as indexer --shards writes):
 * each local one checked as an index of its own, then all of them as one
 * database for ids that more than one shard holds (a query would show
 * such a document twice).  Remote shards are named, not checked: their
 * files are on the machine that serves them.
 */
static int check_shards(const char *path, const shard_set *set, int quiet)
{
	size_t local = 0, remote = 0, broken = 0;
	xap_database *all = NULL;
	char *errmsg = NULL;
	struct checker c;
	memset(&c, 0, sizeof(c));
	strbuf_init(&c.report, 0);
	xap_status st = xap_database_new_empty(&all, &errmsg);
	for (size_t i = 0; i < set->n && !st; i++) {
		const shard *s = &set->v[i];
		if (!s->path) {
			remote++;
			printf("shard %s is remote: check it on the machine that serves it "
			       "(indexer --check there)\n", s->name);
			continue;
		}
		local++;
		fflush(stdout);
		int rc = check_database(s->path, quiet);
		if (rc) {
			broken++;
			continue;
		}
		xap_database *one = NULL;
		if (!(st = xap_database_open(s->path, &one, &errmsg)))
			st = xap_database_add(all, one);
		xap_database_destroy(one);
	}
	unsigned ndocs = 0;
	if (!st && !broken && local > 1)
		st = xap_database_allterms(all, PREFIX_ID, strlen(PREFIX_ID), check_id_term, &c);
	if (!st && !broken)
		st = xap_database_doccount(all, &ndocs);
	xap_database_destroy(all);
	if (st) {
		printf("sharded index '%s': reading its shards failed (%s: %s)\n", path,
		       xap_status_string(st), errmsg ? errmsg : "");
		free(errmsg);
		strbuf_release(&c.report);
		return 1;
	}
	printf("sharded index '%s': %zu shard%s", path, set->n, set->n == 1 ? "" : "s");
	if (remote)
		printf(" (%zu remote, not checked here)", remote);
	if (broken)
		printf(", %zu with problems (above)\n", broken);
	else if (remote)
		printf("; %u documents in the %zu local\n", ndocs, local);
	else
		printf(", %u documents\n", ndocs);
	fputs(c.report.buf, stdout);
	strbuf_release(&c.report);
	if (c.problems > MAX_SHOWN)
		printf("  ... and %lu more\n", c.problems - MAX_SHOWN);
	if (c.problems) {
		printf("%lu problem%s found across the shards: a document held by two shards is "
		       "shown twice.  Build the index again (indexer --shards).\n",
		       c.problems, c.problems == 1 ? "" : "s");
		return 1;
	}
	if (broken)
		return 1;
	printf("no problems found\n");
	return 0;
}

int check_index(const char *path, int quiet)
{
	shard_set set = SHARD_SET_INIT;
	strbuf err = STRBUF_INIT;
	int rc;
	set.databases = 1;
	if (shards_add_path(&set, path, &err) != 0) {
		fprintf(stderr, PROGRAM ": '%s': %s\n", path, err.buf);
		rc = 2;
	} else if (set.n == 1 && set.v[0].path && strcmp(set.v[0].path, path) == 0) {
		rc = check_database(path, quiet);
	} else {
		rc = check_shards(path, &set, quiet);
	}
	shards_release(&set);
	strbuf_release(&err);
	return rc;
}
