/*
 * test-check.c - indexer --check against indexes made flawed on purpose
 * through the binding: flaws of dateline's own rules that no indexer run
 * makes (an id held twice, damaged document data, a document its id does
 * not find, a bad date value, a damaged file record, no schema version).
 * Runs the indexer program of the build under test ($DATELINE_BUILD).
 */
#include "document.h"
#include "schema.h"
#include "util.h"
#include "xap.h"

#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/dateline-test-check.XXXXXX";

/* Adds a document with the given id term (NULL: none), data and date value. */
static int add(xap_database *db, const char *qterm, const char *data, const char *date)
{
	xap_document *d = NULL;
	int rc = xap_document_new(&d) != XAP_OK;
	if (!rc && qterm)
		rc = xap_document_add_boolean_term(d, qterm, strlen(qterm)) != XAP_OK;
	if (!rc)
		rc = xap_document_add_posting(d, "word", 4, 1, 1) != XAP_OK;
	if (!rc && date)
		rc = xap_document_set_value(d, SLOT_DATE, date, strlen(date)) != XAP_OK;
	if (!rc)
		rc = xap_document_set_data(d, data, strlen(data)) != XAP_OK;
	if (!rc)
		rc = xap_database_add_document(db, d, NULL) != XAP_OK;
	xap_document_free(d);
	return rc;
}

static char *data_of(const char *id)
{
	document doc;
	strbuf sb = STRBUF_INIT;
	document_init(&doc);
	doc.id = xstrdup(id);
	doc.text = xstrdup("some text");
	doc.textlen = 9;
	schema_data_encode(&doc, &sb);
	document_release(&doc);
	return strbuf_detach(&sb, NULL);
}

/* Runs indexer --check on path: its standard output into out, its exit status returned. */
static int check(const char *path, strbuf *out)
{
	const char *build = getenv("DATELINE_BUILD");
	char *cmd = xasprintf("'%s/bin/indexer' --check '%s' 2>&1", build ? build : "build", path);
	FILE *p = popen(cmd, "r");
	free(cmd);
	if (!p)
		return -1;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		strbuf_add(out, buf, n);
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 2;
	}
	char *path = xasprintf("%s/flawed", tmpdir);
	xap_database *db = NULL;
	ok(xap_database_open_writable(path, XAP_DB_CREATE | XAP_DB_NO_SYNC, &db, NULL) == XAP_OK,
	   "create an index");
	xap_database_set_metadata(db, SCHEMA_META_VERSION, SCHEMA_VERSION, strlen(SCHEMA_VERSION));
	char *da = data_of("a"), *ddup = data_of("dup"), *dd = data_of("d"), *de = data_of("e");
	ok(add(db, "Qa", da, "20121018") == 0, "a sound document");
	ok(add(db, "Qdup", ddup, NULL) == 0 && add(db, "Qdup", ddup, NULL) == 0,
	   "two documents with one id");
	ok(add(db, "Qc", "garbage without fields", NULL) == 0, "a document with damaged data");
	ok(add(db, NULL, dd, NULL) == 0, "a document without its id term");
	ok(add(db, "Qe", de, "2012-10") == 0, "a document with a bad date value");
	xap_database_set_metadata(db, SCHEMA_META_FILE "/x//y.txt", "junk", 4);
	ok(xap_database_commit(db) == XAP_OK, "commit");
	xap_database_destroy(db);
	free(da), free(ddup), free(dd), free(de);

	strbuf out = STRBUF_INIT;
	is_int(check(path, &out), 1, "a flawed index: exit 1");
	ok(strstr(out.buf, "6 documents, 1 file records"), "the counts: %s", out.buf);
	ok(strstr(out.buf, "problem: id 'dup' is held by 2 documents instead of one"),
	   "an id held twice");
	ok(strstr(out.buf, "problem: document 4: its stored data is damaged"), "damaged data");
	ok(strstr(out.buf, "problem: document 5 (id 'd') cannot be found by its id"),
	   "a document its id does not find");
	ok(strstr(out.buf, "problem: document 6: its date value '2012-10' is not YYYYMMDD"),
	   "a bad date value");
	ok(strstr(out.buf, "problem: the record of file '/x//y.txt' is damaged"),
	   "a damaged file record");
	ok(strstr(out.buf, "5 problems found. Documents held twice are removed by indexing"),
	   "the total, and what to do");

	/* An index that is sound for Xapian but was not made by dateline. */
	char *other = xasprintf("%s/foreign", tmpdir);
	ok(xap_database_open_writable(other, XAP_DB_CREATE | XAP_DB_NO_SYNC, &db, NULL) == XAP_OK,
	   "create an index without a schema version");
	xap_database_commit(db);
	strbuf_reset(&out);
	is_int(check(other, &out), 0,
	       "empty and without a version (as when killed before its first commit): sound");
	ok(add(db, "Qx", "x", NULL) == 0 && xap_database_commit(db) == XAP_OK, "add a document");
	xap_database_destroy(db);
	strbuf_reset(&out);
	is_int(check(other, &out), 1, "no schema version: exit 1");
	ok(strstr(out.buf, "problem: it has no schema version: it was not made by dateline's indexer"),
	   "no schema version: said in words");

	strbuf_release(&out);
	char *rm = xasprintf("rm -rf '%s'", tmpdir);
	if (system(rm) != 0)
		diag("cannot remove %s", tmpdir);
	free(rm);
	free(path);
	free(other);
	return done_testing();
}
