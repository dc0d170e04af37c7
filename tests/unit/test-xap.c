/*
 * test-xap.c - unit tests for the Xapian binding (lib/xap.h).
 *
 * Every xap_status is provoked for real where Xapian can be made to produce
 * it (a locked database, damaged files, a reader overtaken by a writer, a
 * file size limit, a port nobody listens on, ...), and every exception
 * class goes through xap_test_throw() as well.  The normal paths are
 * checked on a tiny hand-made collection whose ranking can be worked out
 * by hand.  Everything happens in a fresh directory under /tmp, removed at
 * the end.
 */
#include "xap.h"
#include "tap.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

#if UNDER_ASAN
/*
 * libxapian 1.4.22's Database::check() itself frees one of its table
 * objects through a base class pointer of a smaller size (allocated 440
 * bytes, deleted as 432, both inside libxapian.so; a three-line C++ program
 * calling Database::check() shows the same report).  It is harmless there
 * and not ours to fix, so this one ASan check is off for this test; every
 * other check stays on.  ASAN_OPTIONS in the environment still overrides.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "new_delete_type_mismatch=0";
}
#endif

#define NSTATUS (XAP_INTERNAL + 1)

static char tmpdir[] = "/tmp/test-xap-XXXXXX";

/* A path under the test directory; eight rotating buffers. */
static const char *P(const char *name)
{
	static char bufs[8][512];
	static int next;
	char *b = bufs[next++ % 8];
	snprintf(b, sizeof bufs[0], "%s/%s", tmpdir, name);
	return b;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* Collects "term:freq,term:freq" from a xap_term_fn; stops after limit (0: never). */
struct collect {
	char buf[8192];
	size_t len;
	int count;
	int limit;
};

static int collect_term(void *ctx, const char *term, size_t len, unsigned freq)
{
	struct collect *c = ctx;
	if (c->len < sizeof c->buf) {
		int n = snprintf(c->buf + c->len, sizeof c->buf - c->len, "%s%.*s:%u",
				 c->count ? "," : "", (int)len, term, freq);
		c->len += n > 0 ? (size_t)n : 0;
	}
	c->count++;
	return c->limit && c->count >= c->limit;
}

static int collect_posting(void *ctx, xap_docid did, unsigned wdf)
{
	struct collect *c = ctx;
	if (c->len < sizeof c->buf) {
		int n = snprintf(c->buf + c->len, sizeof c->buf - c->len, "%s%u:%u",
				 c->count ? "," : "", did, wdf);
		c->len += n > 0 ? (size_t)n : 0;
	}
	c->count++;
	return c->limit && c->count >= c->limit;
}

static int collect_position(void *ctx, unsigned pos)
{
	struct collect *c = ctx;
	if (c->len < sizeof c->buf) {
		int n = snprintf(c->buf + c->len, sizeof c->buf - c->len, "%s%u",
				 c->count ? "," : "", pos);
		c->len += n > 0 ? (size_t)n : 0;
	}
	c->count++;
	return c->limit && c->count >= c->limit;
}

static int count_term(void *ctx, const char *term, size_t len, unsigned freq)
{
	(void)term;
	(void)len;
	(void)freq;
	++*(unsigned *)ctx;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Building documents and queries                                       */

/* A document: the words of text as postings at 1, 2, ..., the boolean id
 * term, values 0 (date) and 1 (category) if given, and data. */
static xap_document *make_doc(const char *idterm, const char *text, const char *date,
			      const char *cat, const char *data)
{
	xap_document *d = NULL;
	char words[1024];
	unsigned pos = 0;
	if (xap_document_new(&d) != XAP_OK)
		return NULL;
	snprintf(words, sizeof words, "%s", text);
	for (char *save = NULL, *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save))
		if (xap_document_add_posting(d, w, strlen(w), ++pos, 1) != XAP_OK)
			goto fail;
	if (idterm && xap_document_add_boolean_term(d, idterm, strlen(idterm)) != XAP_OK)
		goto fail;
	if (date && xap_document_set_value(d, 0, date, strlen(date)) != XAP_OK)
		goto fail;
	if (cat && xap_document_set_value(d, 1, cat, strlen(cat)) != XAP_OK)
		goto fail;
	if (data && xap_document_set_data(d, data, strlen(data)) != XAP_OK)
		goto fail;
	return d;
fail:
	xap_document_free(d);
	return NULL;
}

/* Adds or replaces the document with id term idterm. */
static xap_status put_doc(xap_database *db, const char *idterm, const char *text,
			  const char *date, const char *cat, const char *data)
{
	xap_document *d = make_doc(idterm, text, date, cat, data);
	xap_status st;
	if (!d)
		return XAP_INVALID_ARGUMENT;
	st = xap_database_replace_document_by_term(db, idterm, strlen(idterm), d, NULL);
	xap_document_free(d);
	return st;
}

static xap_query *qterm(const char *t)
{
	xap_query *q = NULL;
	xap_query_new_term(t, strlen(t), 1, 0, &q, NULL);
	return q;
}

/* A term at a query position. */
static xap_query *qterm_at(const char *t, unsigned pos)
{
	xap_query *q = NULL;
	xap_query_new_term(t, strlen(t), 1, pos, &q, NULL);
	return q;
}

/* Combines a and b with op, freeing both (convenience for the tests). */
static xap_query *qop(xap_op op, unsigned window, xap_query *a, xap_query *b)
{
	xap_query *subs[2] = {a, b}, *q = NULL;
	if (a && b)
		xap_query_new_combine(op, subs, 2, window, &q, NULL);
	xap_query_free(a);
	xap_query_free(b);
	return q;
}

/* "id,id,..." of the results of an mset. */
static const char *mset_ids(xap_mset *m)
{
	static char buf[1024];
	size_t len = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < xap_mset_size(m); i++) {
		xap_docid did = 0;
		if (xap_mset_item(m, i, &did, NULL, NULL) != XAP_OK)
			return "error";
		len += snprintf(buf + len, sizeof buf - len, "%s%u", i ? "," : "", did);
		if (len >= sizeof buf)
			break;
	}
	return buf;
}

/* Runs q on enq and returns the ids ("error: ..." on failure). */
static const char *run_ids(xap_enquire *enq, const xap_query *q, unsigned maxitems)
{
	static char err[512];
	xap_mset *m = NULL;
	xap_status st;
	const char *ids;
	if (!q)
		return "error: no query";
	st = xap_enquire_set_query(enq, q, 0);
	if (st == XAP_OK)
		st = xap_enquire_get_mset(enq, 0, maxitems, 0, NULL, 0, &m);
	if (st != XAP_OK) {
		snprintf(err, sizeof err, "error: %s: %s", xap_status_string(st),
			 xap_enquire_errmsg(enq));
		return err;
	}
	ids = mset_ids(m);
	xap_mset_free(m);
	return ids;
}

/* ------------------------------------------------------------------ */
/* Status strings and the exception mapping                             */

static void test_status_strings(void)
{
	const char *s[NSTATUS];
	int nonempty = 1, distinct = 1;
	for (int i = 0; i < NSTATUS; i++) {
		s[i] = xap_status_string((xap_status)i);
		if (!s[i] || !*s[i])
			nonempty = 0;
		for (int j = 0; j < i; j++)
			if (s[i] && s[j] && strcmp(s[i], s[j]) == 0)
				distinct = 0;
	}
	ok(nonempty, "every status has a non-empty string");
	ok(distinct, "status strings are distinct");
	is_str(xap_status_string(XAP_OK), "ok", "XAP_OK is \"ok\"");
	is_str(xap_status_string(XAP_NOT_FOUND), "not found", "XAP_NOT_FOUND string");
	is_str(xap_status_string(XAP_MODIFIED), "database modified (reopen and retry)",
	       "XAP_MODIFIED string");
	is_str(xap_status_string((xap_status)999), "unknown status", "unknown status string");
	ok(strncmp(xap_version(), "1.", 2) == 0, "xap_version is Xapian's (%s)", xap_version());
}

static void test_throw(void)
{
	/* cls: the Xapian class named in the message (NULL: not Xapian's). */
	static const struct {
		const char *kind;
		xap_status want;
		const char *cls;
	} cases[] = {
		{"DatabaseLockError", XAP_LOCKED, "DatabaseLockError"},
		{"DatabaseNotFoundError", XAP_NOT_FOUND, "DatabaseNotFoundError"},
		{"DocNotFoundError", XAP_NOT_FOUND, "DocNotFoundError"},
		{"DatabaseCorruptError", XAP_CORRUPT, "DatabaseCorruptError"},
		{"DatabaseModifiedError", XAP_MODIFIED, "DatabaseModifiedError"},
		{"DatabaseVersionError", XAP_VERSION, "DatabaseVersionError"},
		{"DatabaseOpeningError", XAP_OPENING, "DatabaseOpeningError"},
		{"DatabaseCreateError", XAP_EXISTS, "DatabaseCreateError"},
		{"DatabaseClosedError", XAP_CLOSED, "DatabaseClosedError"},
		{"DatabaseError", XAP_IO, "DatabaseError"},
		{"DatabaseError+ENOSPC", XAP_NOSPACE, "DatabaseError"},
		{"DatabaseError+EFBIG", XAP_NOSPACE, "DatabaseError"},
		{"DatabaseError+text", XAP_NOSPACE, "DatabaseError"},
		{"NetworkError", XAP_NETWORK, "NetworkError"},
		{"NetworkTimeoutError", XAP_NETWORK, "NetworkTimeoutError"},
		{"RangeError", XAP_RANGE, "RangeError"},
		{"InvalidArgumentError", XAP_INVALID_ARGUMENT, "InvalidArgumentError"},
		{"InvalidOperationError", XAP_INVALID_OPERATION, "InvalidOperationError"},
		{"UnimplementedError", XAP_UNIMPLEMENTED, "UnimplementedError"},
		{"FeatureUnavailableError", XAP_UNIMPLEMENTED, "FeatureUnavailableError"},
		{"WildcardError", XAP_RANGE, "WildcardError"},
		{"AssertionError", XAP_ERROR, "AssertionError"},
		{"InternalError", XAP_ERROR, "InternalError"},
		{"QueryParserError", XAP_ERROR, "QueryParserError"},
		{"SerialisationError", XAP_ERROR, "SerialisationError"},
		{"bad_alloc", XAP_NOMEM, NULL},
		{"length_error", XAP_NOMEM, NULL},
		{"runtime_error", XAP_INTERNAL, NULL},
		{"int", XAP_INTERNAL, NULL},
	};
	int seen[NSTATUS] = {0};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *msg = NULL;
		xap_status st = xap_test_throw(cases[i].kind, &msg);
		is_int(st, cases[i].want, "xap_test_throw(%s) gives %s", cases[i].kind,
		       xap_status_string(cases[i].want));
		ok(msg && *msg, "xap_test_throw(%s) has a message: %s", cases[i].kind,
		   msg ? msg : "(null)");
		if (cases[i].cls)
			ok(msg && strstr(msg, cases[i].cls) &&
				   strstr(msg, "thrown by xap_test_throw"),
			   "the message keeps Xapian's class and text");
		if (strcmp(cases[i].kind, "WildcardError") == 0)
			ok(msg && strstr(msg, "too many terms"),
			   "the wildcard message says the prefix expands to too many terms");
		if (st >= 0 && st < NSTATUS)
			seen[st] = 1;
		free(msg);
	}
	/* Every error status is the image of some exception class. */
	int all = 1;
	for (int s = 1; s < NSTATUS; s++)
		if (!seen[s]) {
			diag("no exception maps to %s", xap_status_string((xap_status)s));
			all = 0;
		}
	ok(all, "every error status is the image of some exception class");

	char *msg = NULL;
	is_int(xap_test_throw("NoSuchError", &msg), XAP_INVALID_ARGUMENT, "unknown kind");
	ok(msg && strstr(msg, "NoSuchError"), "unknown kind is named in the message");
	free(msg);
	msg = (char *)"sentinel";
	is_int(xap_test_throw(NULL, &msg), XAP_INVALID_ARGUMENT, "NULL kind");
	ok(msg && strstr(msg, "NULL"), "NULL kind message");
	free(msg);
	is_int(xap_test_throw("bad_alloc", NULL), XAP_NOMEM, "errmsg may be NULL");
}

/* ------------------------------------------------------------------ */
/* NULL arguments                                                       */

static void test_null_arguments(void)
{
	xap_database *db = (xap_database *)0x1;
	xap_document *doc = (xap_document *)0x1;
	xap_query *q = (xap_query *)0x1;
	char *msg = NULL;
	unsigned u = 7;

	is_int(xap_database_open(NULL, &db, &msg), XAP_INVALID_ARGUMENT, "open(NULL path)");
	ok(db == NULL, "out-parameter cleared on failure");
	ok(msg && *msg, "message for a NULL path: %s", msg ? msg : "(null)");
	free(msg);
	is_int(xap_database_open(P("x"), NULL, NULL), XAP_INVALID_ARGUMENT, "open(NULL out)");
	is_int(xap_database_open_writable(NULL, 0, &db, NULL), XAP_INVALID_ARGUMENT,
	       "open_writable(NULL path)");
	is_int(xap_database_open_writable(P("x"), 0x1000, &db, NULL), XAP_INVALID_ARGUMENT,
	       "open_writable with unknown flags");
	is_int(xap_database_open_remote(NULL, 1, 0, &db, NULL), XAP_INVALID_ARGUMENT,
	       "open_remote(NULL host)");
	is_int(xap_database_open_remote("127.0.0.1", 70000, 0, &db, NULL), XAP_INVALID_ARGUMENT,
	       "open_remote with a port out of range");
	is_int(xap_database_doccount(NULL, &u), XAP_INVALID_ARGUMENT, "doccount(NULL)");
	is_int(u, 0, "doccount out cleared");
	is_int(xap_database_close(NULL), XAP_INVALID_ARGUMENT, "close(NULL)");
	is_int(xap_database_commit(NULL), XAP_INVALID_ARGUMENT, "commit(NULL)");
	is_int(xap_database_get_document(NULL, 1, &doc), XAP_INVALID_ARGUMENT,
	       "get_document(NULL)");
	ok(doc == NULL, "document out cleared");
	is_int(xap_database_check(NULL, NULL, NULL, NULL), XAP_INVALID_ARGUMENT, "check(NULL)");
	is_int(xap_document_add_term(NULL, "a", 1, 1), XAP_INVALID_ARGUMENT, "add_term(NULL)");
	is_int(xap_document_new(NULL), XAP_INVALID_ARGUMENT, "document_new(NULL)");
	is_int(xap_query_new_term(NULL, 0, 1, 0, &q, NULL), XAP_INVALID_ARGUMENT,
	       "query_new_term(NULL)");
	ok(q == NULL, "query out cleared");
	is_int(xap_query_new_combine(XAP_OP_AND, NULL, 2, 0, &q, NULL), XAP_INVALID_ARGUMENT,
	       "combine with NULL subs");
	{
		xap_query *a = qterm("a"), *subs[1] = {a};
		is_int(xap_query_new_combine((xap_op)99, subs, 1, 0, &q, NULL),
		       XAP_INVALID_ARGUMENT, "combine with an unknown operator");
		xap_query_free(a);
	}
	is_int(xap_query_terms(NULL, count_term, &u), XAP_INVALID_ARGUMENT, "query_terms(NULL)");
	is_int(xap_enquire_new(NULL, NULL, NULL), XAP_INVALID_ARGUMENT, "enquire_new(NULL)");
	is_int(xap_enquire_set_query(NULL, NULL, 0), XAP_INVALID_ARGUMENT, "set_query(NULL)");
	is_int(xap_mset_item(NULL, 0, NULL, NULL, NULL), XAP_INVALID_ARGUMENT, "mset_item(NULL)");
	is_int(xap_eset_item(NULL, 0, NULL, NULL, NULL), XAP_INVALID_ARGUMENT, "eset_item(NULL)");
	is_int(xap_valuecount_values(NULL, 0, count_term, &u), XAP_INVALID_ARGUMENT,
	       "valuecount_values(NULL)");
	is_int(xap_mset_size(NULL), 0, "mset_size(NULL) is 0");
	is_int(xap_valuecount_total(NULL), 0, "valuecount_total(NULL) is 0");
	ok(xap_query_is_empty(NULL), "a NULL query is empty");
	ok(xap_query_describe(NULL) == NULL, "describe(NULL) is NULL");
	is_str(xap_database_errmsg(NULL), "", "errmsg(NULL) is \"\"");
	xap_database_destroy(NULL);
	xap_document_free(NULL);
	xap_query_free(NULL);
	xap_enquire_free(NULL);
	xap_mset_free(NULL);
	xap_eset_free(NULL);
	ok(1, "every _free and _destroy accepts NULL");
}

/* ------------------------------------------------------------------ */
/* Writing and reading one database                                     */

static void test_documents(void)
{
	xap_document *d = NULL;
	const char *p;
	size_t len;
	unsigned n;
	struct collect c;
	char longterm[XAP_MAX_TERM + 2];

	is_int(xap_document_new(&d), XAP_OK, "document_new");
	is_int(xap_document_docid(d), 0, "a new document has docid 0");
	is_int(xap_document_add_posting(d, "beta", 4, 2, 1), XAP_OK, "add_posting");
	is_int(xap_document_add_posting(d, "beta", 4, 7, 1), XAP_OK, "add_posting again");
	is_int(xap_document_add_term(d, "alpha", 5, 3), XAP_OK, "add_term");
	is_int(xap_document_add_boolean_term(d, "Kx", 2), XAP_OK, "add_boolean_term");
	is_int(xap_document_termcount(d, &n), XAP_OK, "termcount");
	is_int(n, 3, "three distinct terms");
	memset(&c, 0, sizeof c);
	is_int(xap_document_termlist(d, collect_term, &c), XAP_OK, "termlist");
	is_str(c.buf, "Kx:0,alpha:3,beta:2", "termlist in byte order with wdfs");
	memset(&c, 0, sizeof c);
	c.limit = 1;
	xap_document_termlist(d, collect_term, &c);
	is_str(c.buf, "Kx:0", "termlist stops when fn returns non-zero");
	memset(&c, 0, sizeof c);
	is_int(xap_document_positions(d, "beta", 4, collect_position, &c), XAP_OK, "positions");
	is_str(c.buf, "2,7", "positions ascending");
	is_int(xap_document_positions(d, "gamma", 5, collect_position, &c), XAP_NOT_FOUND,
	       "positions of a missing term: XAP_NOT_FOUND");
	is_int(xap_document_remove_term(d, "alpha", 5), XAP_OK, "remove_term");
	is_int(xap_document_remove_term(d, "alpha", 5), XAP_NOT_FOUND,
	       "remove_term of a missing term: XAP_NOT_FOUND");
	ok(strstr(xap_document_errmsg(d), "alpha") != NULL, "the message names the term: %s",
	   xap_document_errmsg(d));

	/* Terms: empty and over-long ones are rejected at once. */
	memset(longterm, 'x', sizeof longterm);
	is_int(xap_document_add_term(d, longterm, XAP_MAX_TERM + 1, 1), XAP_INVALID_ARGUMENT,
	       "a term of %d bytes is rejected", XAP_MAX_TERM + 1);
	ok(strstr(xap_document_errmsg(d), "too long") != NULL, "message: %s",
	   xap_document_errmsg(d));
	is_int(xap_document_add_posting(d, longterm, XAP_MAX_TERM + 1, 1, 1),
	       XAP_INVALID_ARGUMENT, "add_posting of an over-long term");
	is_int(xap_document_add_boolean_term(d, longterm, XAP_MAX_TERM + 1),
	       XAP_INVALID_ARGUMENT, "add_boolean_term of an over-long term");
	is_int(xap_document_add_term(d, longterm, XAP_MAX_TERM, 1), XAP_OK,
	       "a term of exactly XAP_MAX_TERM bytes is accepted");
	is_int(xap_document_add_term(d, "", 0, 1), XAP_INVALID_ARGUMENT, "an empty term");

	/* Data and values are bytes: embedded NULs survive. */
	static const char data[] = "head\0middle\0tail";
	is_int(xap_document_set_data(d, data, sizeof data), XAP_OK, "set_data with NULs");
	is_int(xap_document_get_data(d, &p, &len), XAP_OK, "get_data");
	ok(len == sizeof data && memcmp(p, data, len) == 0, "data round trip (%zu bytes)", len);
	is_int(xap_document_set_value(d, 5, "v\0w", 3), XAP_OK, "set_value");
	is_int(xap_document_get_value(d, 5, &p, &len), XAP_OK, "get_value");
	ok(len == 3 && memcmp(p, "v\0w", 3) == 0, "value round trip");
	is_int(xap_document_get_value(d, 6, &p, &len), XAP_OK, "get_value of an empty slot");
	ok(len == 0 && p && *p == '\0', "an empty slot reads as \"\"");
	is_int(xap_document_clear_terms(d), XAP_OK, "clear_terms");
	xap_document_termcount(d, &n);
	is_int(n, 0, "no terms after clear_terms");
	xap_document_free(d);
}

struct seed {
	const char *id, *text, *date, *cat, *data;
};

/*
 * The search collection.  For "apple": document 1 has it three times in
 * five words, 2 once in three words, 4 once in four: BM25 ranks 1, 2, 4.
 */
static const struct seed seeds[] = {
	{"Q1", "apple banana apple cherry apple", "2024-01-03", "news", "doc1"},
	{"Q2", "apple banana date", "2024-01-01", "sport", "doc2"},
	{"Q3", "cherry date elder fig", "2024-01-05", "news", "doc3"},
	{"Q4", "banana cherry apple pie", "2024-01-02", "news", "doc4"},
	{"Q5", "grape fig elder", "2024-01-04", "sport", "doc5"},
};
#define NSEEDS (sizeof seeds / sizeof seeds[0])

static xap_status fill(xap_database *db, const struct seed *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		xap_status st = put_doc(db, s[i].id, s[i].text, s[i].date, s[i].cat, s[i].data);
		if (st != XAP_OK)
			return st;
	}
	return xap_database_commit(db);
}

static void test_write_read(void)
{
	xap_database *w = NULL, *r = NULL;
	char *msg = NULL, *val = NULL;
	xap_docid did = 0, did2 = 0;
	unsigned n = 0;
	unsigned long rev0 = 0, rev1 = 0, cf = 0;
	double avl = 0;
	size_t len = 0;
	struct collect c;
	xap_document *d;
	int changed = -1;

	is_int(xap_database_open_writable(P("db"), XAP_DB_CREATE | XAP_DB_NO_SYNC, &w, &msg),
	       XAP_OK, "create a database: %s", msg ? msg : "");
	free(msg);
	msg = NULL;
	xap_database_revision(w, &rev0);
	ok(fill(w, seeds, NSEEDS) == 0, "add the five seed documents: %s", xap_database_errmsg(w));
	xap_database_revision(w, &rev1);
	ok(rev1 > rev0, "commit advances the revision (%lu -> %lu)", rev0, rev1);
	is_int(xap_database_doccount(w, &n), XAP_OK, "doccount");
	is_int(n, 5, "five documents");

	/* Replacing by the unique term keeps one document per id. */
	ok(put_doc(w, "Q2", "apple banana date", "2024-01-01", "sport", "doc2") == 0,
	   "replace Q2 by its unique term");
	xap_database_commit(w);
	xap_database_doccount(w, &n);
	is_int(n, 5, "still five documents: no duplicate");
	is_int(xap_database_find_term(w, "Q2", 2, &did), XAP_OK, "find_term Q2");
	is_int(did, 2, "Q2 kept its docid");
	is_int(xap_database_termfreq(w, "Q2", 2, &n), XAP_OK, "termfreq Q2");
	is_int(n, 1, "exactly one document with Q2");
	is_int(xap_database_lastdocid(w, &did), XAP_OK, "lastdocid");
	is_int(did, 5, "lastdocid 5");

	/* Add a sixth and delete it again, by docid and by term. */
	d = make_doc("Q6", "temporary words", NULL, NULL, "doc6");
	is_int(xap_database_add_document(w, d, &did), XAP_OK, "add_document");
	is_int(did, 6, "new docid 6");
	is_int(xap_database_delete_document(w, did), XAP_OK, "delete_document by docid");
	is_int(xap_database_delete_document(w, did), XAP_NOT_FOUND,
	       "deleting it again: XAP_NOT_FOUND (real DocNotFoundError)");
	ok(strstr(xap_database_errmsg(w), "not found") != NULL, "message: %s",
	   xap_database_errmsg(w));
	is_int(xap_database_add_document(w, d, &did2), XAP_OK, "add it again");
	is_int(xap_database_delete_document_by_term(w, "Q6", 2), XAP_OK, "delete_document_by_term");
	is_int(xap_database_delete_document_by_term(w, "Q6", 2), XAP_OK,
	       "deleting by a term that indexes nothing is not an error");
	xap_document_free(d);
	xap_database_commit(w);
	xap_database_doccount(w, &n);
	is_int(n, 5, "back to five documents");

	/* Statistics and term lists. */
	is_int(xap_database_termfreq(w, "apple", 5, &n), XAP_OK, "termfreq apple");
	is_int(n, 3, "apple indexes 3 documents");
	is_int(xap_database_collection_freq(w, "apple", 5, &cf), XAP_OK, "collection_freq");
	is_int(cf, 5, "apple occurs 5 times");
	is_int(xap_database_termfreq(w, "nothing", 7, &n), XAP_OK, "termfreq of a missing term");
	is_int(n, 0, "is 0");
	is_int(xap_database_avlength(w, &avl), XAP_OK, "avlength");
	ok(fabs(avl - 19.0 / 5) < 1e-9, "average length 19/5 (%g)", avl);
	memset(&c, 0, sizeof c);
	is_int(xap_database_allterms(w, "Q", 1, collect_term, &c), XAP_OK, "allterms Q");
	is_str(c.buf, "Q1:1,Q2:1,Q3:1,Q4:1,Q5:1", "allterms with prefix, with termfreqs");
	memset(&c, 0, sizeof c);
	c.limit = 2;
	xap_database_allterms(w, NULL, 0, collect_term, &c);
	is_str(c.buf, "Q1:1,Q2:1", "allterms stops when fn returns non-zero");
	memset(&c, 0, sizeof c);
	is_int(xap_database_postlist(w, "apple", 5, collect_posting, &c), XAP_OK, "postlist");
	is_str(c.buf, "1:3,2:1,4:1", "postlist ids with wdfs");

	/* A stored document. */
	is_int(xap_database_get_document(w, 1, &d), XAP_OK, "get_document 1");
	if (d) {
		const char *data;
		is_int(xap_document_docid(d), 1, "its docid");
		memset(&c, 0, sizeof c);
		xap_document_positions(d, "apple", 5, collect_position, &c);
		is_str(c.buf, "1,3,5", "stored positions");
		xap_document_get_data(d, &data, &len);
		ok(len == 4 && memcmp(data, "doc1", 4) == 0, "stored data");
		xap_document_get_value(d, 1, &data, &len);
		ok(len == 4 && memcmp(data, "news", 4) == 0, "stored value");
		xap_document_free(d);
	}

	/* Metadata, with a NUL in the value. */
	is_int(xap_database_set_metadata(w, "key", "a\0b", 3), XAP_OK, "set_metadata");
	xap_database_commit(w);
	is_int(xap_database_get_metadata(w, "key", &val, &len), XAP_OK, "get_metadata");
	ok(val && len == 3 && memcmp(val, "a\0b", 3) == 0 && val[3] == '\0',
	   "metadata round trip, NUL-terminated");
	free(val);
	is_int(xap_database_get_metadata(w, "missing", &val, &len), XAP_OK, "missing key");
	ok(val && len == 0 && *val == '\0', "a missing key reads as \"\"");
	free(val);
	is_int(xap_database_set_metadata(w, "", "x", 1), XAP_INVALID_ARGUMENT,
	       "an empty metadata key: XAP_INVALID_ARGUMENT (real InvalidArgumentError)");

	/* Metadata keys by prefix, uncommitted ones included; an empty value
	 * removes a key. */
	xap_database_set_metadata(w, "f:b", "2", 1);
	xap_database_set_metadata(w, "f:a", "1", 1);
	xap_database_set_metadata(w, "g:c", "3", 1);
	memset(&c, 0, sizeof c);
	is_int(xap_database_metadata_keys(w, "f:", 2, collect_term, &c), XAP_OK, "metadata_keys");
	is_str(c.buf, "f:a:0,f:b:0", "keys with the prefix, in byte order, before the commit");
	xap_database_set_metadata(w, "f:a", "", 0);
	memset(&c, 0, sizeof c);
	xap_database_metadata_keys(w, NULL, 0, collect_term, &c);
	is_str(c.buf, "f:b:0,g:c:0,key:0", "every key; the emptied one is gone");
	memset(&c, 0, sizeof c);
	c.limit = 1;
	xap_database_metadata_keys(w, "", 0, collect_term, &c);
	is_int(c.count, 1, "metadata_keys stops when fn returns non-zero");
	is_int(xap_database_metadata_keys(w, NULL, 3, collect_term, &c), XAP_INVALID_ARGUMENT,
	       "metadata_keys: NULL prefix with a length");
	xap_database_set_metadata(w, "f:b", "", 0);
	xap_database_set_metadata(w, "g:c", "", 0);

	/* Transactions: cancel discards, commit keeps. */
	is_int(xap_database_begin_transaction(w, 1), XAP_OK, "begin_transaction");
	ok(put_doc(w, "Q7", "discarded", NULL, NULL, "doc7") == 0, "add in the transaction");
	is_int(xap_database_cancel_transaction(w), XAP_OK, "cancel_transaction");
	is_int(xap_database_find_term(w, "Q7", 2, &did), XAP_NOT_FOUND,
	       "the cancelled document is gone");
	is_int(xap_database_begin_transaction(w, 1), XAP_OK, "begin_transaction again");
	ok(put_doc(w, "Q8", "kept words", NULL, NULL, "doc8") == 0, "add in the transaction");
	is_int(xap_database_commit_transaction(w), XAP_OK, "commit_transaction");
	is_int(xap_database_find_term(w, "Q8", 2, &did), XAP_OK, "the committed document is there");
	is_int(xap_database_delete_document_by_term(w, "Q8", 2), XAP_OK, "remove it again");
	xap_database_commit(w);

	/* Spelling. */
	is_int(xap_database_add_spelling(w, "necessary", 9, 1), XAP_OK, "add_spelling");
	xap_database_commit(w);
	is_int(xap_database_spelling_suggestion(w, "neccesary", 9, 2, &val), XAP_OK,
	       "spelling_suggestion");
	is_str(val, "necessary", "suggests the known word");
	free(val);
	is_int(xap_database_spelling_suggestion(w, "zzzzzz", 6, 2, &val), XAP_OK,
	       "no suggestion");
	ok(val == NULL, "out is NULL when there is none");

	/* A reader, and reopen. */
	is_int(xap_database_open(P("db"), &r, &msg), XAP_OK, "open the database read-only");
	free(msg);
	msg = NULL;
	is_int(xap_database_reopen(r, &changed), XAP_OK, "reopen with nothing new");
	is_int(changed, 0, "did not move");
	ok(put_doc(w, "Q9", "late arrival", NULL, NULL, "doc9") == 0, "the writer adds Q9");
	xap_database_commit(w);
	is_int(xap_database_find_term(r, "Q9", 2, &did), XAP_NOT_FOUND,
	       "the reader does not see it yet");
	is_int(xap_database_reopen(r, &changed), XAP_OK, "reopen");
	is_int(changed, 1, "moved to the new revision");
	is_int(xap_database_find_term(r, "Q9", 2, &did), XAP_OK, "the reader sees Q9");
	xap_database_delete_document_by_term(w, "Q9", 2);
	xap_database_commit(w);

	xap_database_destroy(r);
	is_int(xap_database_close(w), XAP_OK, "close the writer");
	xap_database_destroy(w);
}

/*
 * Destroying a writer commits its pending changes, as Xapian's destructor
 * does, unless a transaction is open.
 */
static void test_destroy_commits(void)
{
	xap_database *w = NULL, *r = NULL;
	unsigned n = 0;

	xap_database_open_writable(P("destroy"), XAP_DB_CREATE_OR_OVERWRITE | XAP_DB_NO_SYNC, &w,
				   NULL);
	ok(w && put_doc(w, "Q1", "pending", NULL, NULL, NULL) == 0, "a pending document");
	xap_database_destroy(w);
	is_int(xap_database_open(P("destroy"), &r, NULL), XAP_OK, "reopen");
	xap_database_doccount(r, &n);
	is_int(n, 1, "destroy committed the pending document");
	xap_database_destroy(r);

	w = NULL;
	xap_database_open_writable(P("destroy"), XAP_DB_OPEN | XAP_DB_NO_SYNC, &w, NULL);
	xap_database_begin_transaction(w, 1);
	ok(w && put_doc(w, "Q2", "in a transaction", NULL, NULL, NULL) == 0,
	   "a document in an open transaction");
	xap_database_close(w);
	xap_database_destroy(w);
	r = NULL;
	xap_database_open(P("destroy"), &r, NULL);
	xap_database_doccount(r, &n);
	is_int(n, 1, "close cancelled the open transaction");
	xap_database_destroy(r);
}

/* ------------------------------------------------------------------ */
/* Searching                                                            */

struct ranked {
	char data[32];
	double weight;
};

/* The top results of q as (data, weight), for comparing databases. */
static int ranking(xap_database *db, const char *term, struct ranked *out, unsigned max)
{
	xap_enquire *enq = NULL;
	xap_query *q = qterm(term);
	xap_mset *m = NULL;
	int n = -1;
	if (xap_enquire_new(db, &enq, NULL) == XAP_OK &&
	    xap_enquire_set_query(enq, q, 0) == XAP_OK &&
	    xap_enquire_get_mset(enq, 0, max, 0, NULL, 0, &m) == XAP_OK) {
		n = (int)xap_mset_size(m);
		for (int i = 0; i < n; i++) {
			xap_document *d = NULL;
			const char *data = "";
			size_t len = 0;
			xap_mset_item(m, (unsigned)i, NULL, &out[i].weight, NULL);
			xap_mset_document(m, (unsigned)i, &d);
			xap_document_get_data(d, &data, &len);
			snprintf(out[i].data, sizeof out[i].data, "%.*s", (int)len, data);
			xap_document_free(d);
		}
	}
	xap_mset_free(m);
	xap_query_free(q);
	xap_enquire_free(enq);
	return n;
}

static int same_ranking(const struct ranked *a, const struct ranked *b, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(a[i].data, b[i].data) != 0 || fabs(a[i].weight - b[i].weight) > 1e-9)
			return 0;
	return 1;
}

static void test_search(void)
{
	xap_database *db = NULL;
	xap_enquire *enq = NULL;
	xap_mset *m = NULL;
	xap_eset *e = NULL;
	xap_query *q, *q2;
	xap_valuecount *vc = NULL;
	struct collect c;
	double w0 = 0, w1 = 0, tw = 0;
	int pct = 0;
	unsigned lo, est, hi, n;
	char *desc;

	is_int(xap_database_open(P("db"), &db, NULL), XAP_OK, "open the seed database");
	is_int(xap_enquire_new(db, &enq, NULL), XAP_OK, "enquire_new");

	/* BM25: more occurrences rank higher; shorter documents break ties. */
	q = qterm("apple");
	is_str(run_ids(enq, q, 10), "1,2,4", "BM25 ranks apple x3 first, then the shorter doc");
	xap_enquire_set_query(enq, q, 0);
	is_int(xap_enquire_get_mset(enq, 0, 10, 10, NULL, 0, &m), XAP_OK, "get_mset");
	xap_mset_item(m, 0, NULL, &w0, &pct);
	xap_mset_item(m, 1, NULL, &w1, NULL);
	ok(w0 > w1 && w1 > 0, "weights decrease (%g > %g)", w0, w1);
	is_int(pct, 100, "the best result scores 100%%");
	xap_mset_matches(m, &lo, &est, &hi);
	ok(lo == 3 && est == 3 && hi == 3, "exact match counts with check_at_least");
	is_int(xap_mset_termfreq(m, "apple", 5, &n), XAP_OK, "mset termfreq");
	is_int(n, 3, "apple termfreq 3");
	is_int(xap_mset_termweight(m, "apple", 5, &tw), XAP_OK, "mset termweight");
	ok(tw > 0, "apple has a positive term weight (%g)", tw);
	is_int(xap_mset_termweight(m, "zebra", 5, &tw), XAP_INVALID_ARGUMENT,
	       "termweight of a term not in the query");
	{
		xap_document *d = NULL;
		const char *data;
		size_t len;
		is_int(xap_mset_document(m, 0, &d), XAP_OK, "mset_document");
		xap_document_get_data(d, &data, &len);
		ok(d && len == 4 && memcmp(data, "doc1", 4) == 0, "the best document is doc1");
		xap_document_free(d);
	}
	xap_mset_free(m);
	m = NULL;

	/* Tuned BM25 and boolean weighting. */
	is_int(xap_enquire_set_bm25(enq, 1.2, 0, 1, 0.75, 0.5), XAP_OK, "set_bm25");
	is_str(run_ids(enq, q, 10), "1,2,4", "same order with other BM25 parameters");
	is_int(xap_enquire_set_boolean(enq), XAP_OK, "set_boolean");
	xap_enquire_set_query(enq, q, 0);
	xap_enquire_get_mset(enq, 0, 10, 0, NULL, 0, &m);
	xap_mset_item(m, 0, NULL, &w0, NULL);
	ok(w0 == 0.0, "boolean weights are 0");
	is_str(mset_ids(m), "1,2,4", "boolean: docid order");
	xap_mset_free(m);
	m = NULL;
	xap_enquire_set_docid_order(enq, 1);
	is_str(run_ids(enq, q, 10), "4,2,1", "boolean, docids descending");
	xap_enquire_set_docid_order(enq, 0);

	/* Other weighting schemes by name. */
	{
		static const char *const schemes[] = { "bm25", "bm25+", "pl2", "pl2+", "dph",
						       "dlh", "inl2", "ifb2", "ineb2", "bb2",
						       "lm", "trad" };
		for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
			is_int(xap_enquire_set_weighting(enq, schemes[i], NULL, 0), XAP_OK,
			       "set_weighting %s with its defaults", schemes[i]);
			/* DPH and BB2 model a term in 3 of 4 documents as noise:
			 * they find the same documents, in another order. */
			const char *ids = run_ids(enq, q, 10);
			if (strcmp(schemes[i], "dph") == 0 || strcmp(schemes[i], "bb2") == 0)
				ok(strlen(ids) == 5 && strchr(ids, '1') && strchr(ids, '2') &&
					   strchr(ids, '4'),
				   "%s finds the three apple documents (%s)", schemes[i], ids);
			else
				is_str(ids, "1,2,4", "%s ranks apple x3 first, then the shorter doc",
				       schemes[i]);
		}
		double cval = 1.0, bm[5] = { 1.2, 0, 1, 0.75, 0.5 }, six[6] = { 1, 0, 1, 0.5, 0.5, 1 };
		is_int(xap_enquire_set_weighting(enq, "ineb2", &cval, 1), XAP_OK, "ineb2 with c");
		is_int(xap_enquire_set_weighting(enq, "bm25", bm, 5), XAP_OK, "bm25 with 5 parameters");
		is_int(xap_enquire_set_weighting(enq, "bm25", six, 6), XAP_INVALID_ARGUMENT,
		       "too many parameters");
		ok(strstr(xap_enquire_errmsg(enq), "too many") != NULL, "and says so: %s",
		   xap_enquire_errmsg(enq));
		is_int(xap_enquire_set_weighting(enq, "okapi", NULL, 0), XAP_INVALID_ARGUMENT,
		       "an unknown scheme");
		is_int(xap_enquire_set_weighting(enq, NULL, NULL, 0), XAP_INVALID_ARGUMENT,
		       "a NULL scheme");
		is_int(xap_enquire_set_weighting(NULL, "bm25", NULL, 0), XAP_INVALID_ARGUMENT,
		       "a NULL enquire");
		is_int(xap_enquire_set_weighting(enq, "bool", NULL, 0), XAP_OK, "bool by name");
		is_str(run_ids(enq, q, 10), "1,2,4", "bool by name: docid order");
	}
	xap_enquire_set_bm25(enq, 1, 0, 1, 0.5, 0.5);

	/* Query terms and description. */
	{
		xap_query *a = NULL, *b = NULL, *b2 = NULL, *subs[3], *or3 = NULL;
		xap_query_new_term("b", 1, 2, 1, &a, NULL);
		xap_query_new_term("a", 1, 1, 2, &b, NULL);
		xap_query_new_term("b", 1, 3, 3, &b2, NULL);
		subs[0] = a, subs[1] = b, subs[2] = b2;
		is_int(xap_query_new_combine(XAP_OP_OR, subs, 3, 0, &or3, NULL), XAP_OK,
		       "combine three terms");
		memset(&c, 0, sizeof c);
		is_int(xap_query_terms(or3, collect_term, &c), XAP_OK, "query_terms");
		is_str(c.buf, "b:5,a:1", "distinct terms in query order, wqfs summed");
		desc = xap_query_describe(or3);
		ok(desc && strstr(desc, "b#2@1") && strstr(desc, "OR"), "describe: %s",
		   desc ? desc : "(null)");
		free(desc);
		xap_query_free(a);
		xap_query_free(b);
		xap_query_free(b2);
		xap_query_free(or3);
	}
	q2 = NULL;
	is_int(xap_query_new_term("", 0, 1, 0, &q2, NULL), XAP_INVALID_ARGUMENT,
	       "an empty query term is rejected");

	/* Matching terms, in query order (by position), with their wdf. */
	q2 = qop(XAP_OP_OR, 0, qop(XAP_OP_OR, 0, qterm_at("grape", 1), qterm_at("cherry", 2)),
		 qterm_at("apple", 3));
	xap_enquire_set_query(enq, q2, 0);
	memset(&c, 0, sizeof c);
	is_int(xap_enquire_matching_terms(enq, 1, collect_term, &c), XAP_OK, "matching_terms");
	is_str(c.buf, "cherry:1,apple:3", "the query terms doc1 has, with wdfs");
	is_int(xap_enquire_matching_terms(enq, 99, collect_term, &c), XAP_NOT_FOUND,
	       "matching_terms of a missing document");
	xap_query_free(q2);

	/* Phrase and near. */
	q2 = qop(XAP_OP_PHRASE, 0, qterm("apple"), qterm("pie"));
	is_str(run_ids(enq, q2, 10), "4", "phrase \"apple pie\"");
	xap_query_free(q2);
	q2 = qop(XAP_OP_PHRASE, 0, qterm("banana"), qterm("apple"));
	is_str(run_ids(enq, q2, 10), "1", "phrase \"banana apple\" (in order)");
	xap_query_free(q2);
	xap_enquire_set_sort(enq, XAP_SORT_VALUE, 0, 0);
	q2 = qop(XAP_OP_NEAR, 2, qterm("banana"), qterm("apple"));
	is_str(run_ids(enq, q2, 10), "2,1", "near, window 2: docs 1 and 2 (sorted by date)");
	xap_query_free(q2);
	q2 = qop(XAP_OP_NEAR, 3, qterm("banana"), qterm("apple"));
	is_str(run_ids(enq, q2, 10), "2,4,1", "near, window 3: docs 1, 2, 4 (sorted by date)");
	xap_query_free(q2);
	xap_enquire_set_sort(enq, XAP_SORT_RELEVANCE, 0, 0);

	/* AND_NOT, FILTER, scale. */
	q2 = qop(XAP_OP_AND_NOT, 0, qterm("apple"), qterm("pie"));
	is_str(run_ids(enq, q2, 10), "1,2", "apple AND_NOT pie");
	xap_query_free(q2);
	{
		xap_query *s = NULL, *a = qterm("apple");
		is_int(xap_query_new_scale(a, 0, &s, NULL), XAP_OK, "scale by 0");
		xap_enquire_set_query(enq, s, 0);
		xap_enquire_get_mset(enq, 0, 10, 0, NULL, 0, &m);
		xap_mset_item(m, 0, NULL, &w0, NULL);
		ok(xap_mset_size(m) == 3 && w0 == 0.0,
		   "a query scaled by 0 filters without weight");
		xap_mset_free(m);
		m = NULL;
		xap_query_free(s);
		s = NULL;
		is_int(xap_query_new_scale(a, -1, &s, NULL), XAP_INVALID_ARGUMENT,
		       "a negative scale factor");
		xap_query_free(a);
	}

	/* Value ranges on the date. */
	q2 = NULL;
	xap_query_new_value_range(0, "2024-01-02", 10, "2024-01-04", 10, &q2, NULL);
	xap_enquire_set_sort(enq, XAP_SORT_VALUE, 0, 0);
	is_str(run_ids(enq, q2, 10), "4,1,5", "value range 02..04");
	xap_query_free(q2);
	q2 = NULL;
	xap_query_new_value_range(0, NULL, 0, "2024-01-02", 10, &q2, NULL);
	is_str(run_ids(enq, q2, 10), "2,4", "value range up to 02");
	xap_query_free(q2);
	q2 = NULL;
	xap_query_new_value_range(0, "2024-01-04", 10, NULL, 0, &q2, NULL);
	is_str(run_ids(enq, q2, 10), "5,3", "value range from 04");
	xap_query_free(q2);
	q2 = NULL;
	xap_query_new_value_range(0, NULL, 0, NULL, 0, &q2, NULL);
	is_str(run_ids(enq, q2, 10), "2,4,1,5,3", "open value range: every dated document");
	xap_query_free(q2);
	{
		xap_query *range = NULL;
		xap_query_new_value_range(0, "2024-01-02", 10, "2024-01-09", 10, &range, NULL);
		q2 = qop(XAP_OP_FILTER, 0, qterm("apple"), range);
		xap_enquire_set_sort(enq, XAP_SORT_RELEVANCE, 0, 0);
		is_str(run_ids(enq, q2, 10), "1,4", "apple filtered by date >= 02");
		xap_query_free(q2);
	}

	/* Sorting by value, both ways, and relevance then value. */
	q2 = NULL;
	xap_query_new_match_all(&q2, NULL);
	xap_enquire_set_sort(enq, XAP_SORT_VALUE, 0, 0);
	is_str(run_ids(enq, q2, 10), "2,4,1,5,3", "sort by date ascending");
	xap_enquire_set_sort(enq, XAP_SORT_VALUE, 0, 1);
	is_str(run_ids(enq, q2, 10), "3,5,1,4,2", "sort by date descending");
	xap_enquire_set_sort(enq, XAP_SORT_VALUE_THEN_RELEVANCE, 1, 0);
	is_str(run_ids(enq, q2, 10), "1,3,4,2,5", "sort by category, ties by docid");
	xap_enquire_set_sort(enq, XAP_SORT_RELEVANCE_THEN_VALUE, 0, 1);
	is_str(run_ids(enq, q2, 10), "3,5,1,4,2", "match-all weights tie: then date descending");
	is_int(xap_enquire_set_sort(enq, (xap_sort)42, 0, 0), XAP_INVALID_ARGUMENT,
	       "an unknown sort");
	xap_enquire_set_sort(enq, XAP_SORT_RELEVANCE, 0, 0);
	is_str(run_ids(enq, q2, 10), "1,2,3,4,5", "match all: every document");

	/* Collapse on the category. */
	xap_enquire_set_collapse_key(enq, 1, 1);
	is_str(run_ids(enq, q2, 10), "1,2", "collapse to one per category");
	xap_enquire_set_collapse_key(enq, 1, 2);
	is_str(run_ids(enq, q2, 10), "1,2,3,5", "collapse to two per category");
	xap_enquire_set_collapse_key(enq, 1, 0);
	is_str(run_ids(enq, q2, 10), "1,2,3,4,5", "collapse max 0 turns it off");

	/* Facet counts. */
	is_int(xap_enquire_add_valuecount(enq, 1, &vc), XAP_OK, "add_valuecount");
	xap_enquire_set_query(enq, q2, 0);
	is_int(xap_enquire_get_mset(enq, 0, 2, 5, NULL, 0, &m), XAP_OK,
	       "get_mset of 2 checking all 5");
	is_int(xap_valuecount_total(vc), 5, "the spy saw 5 documents");
	memset(&c, 0, sizeof c);
	is_int(xap_valuecount_values(vc, 0, collect_term, &c), XAP_OK, "valuecount_values");
	is_str(c.buf, "news:3,sport:2", "category counts, most frequent first");
	memset(&c, 0, sizeof c);
	xap_valuecount_values(vc, 1, collect_term, &c);
	is_str(c.buf, "news:3", "the top value only");
	xap_mset_free(m);
	m = NULL;
	xap_enquire_get_mset(enq, 0, 2, 5, NULL, 0, &m);
	is_int(xap_valuecount_total(vc), 10, "a second get_mset adds to the counts");
	memset(&c, 0, sizeof c);
	xap_valuecount_values(vc, 0, collect_term, &c);
	is_str(c.buf, "news:6,sport:4", "counts accumulate, as documented");
	xap_mset_free(m);
	m = NULL;
	xap_query_free(q2);

	/* Cutoff: only results within 100% of the best. */
	xap_enquire_set_cutoff(enq, 100, 0);
	is_str(run_ids(enq, q, 10), "1", "percent cutoff 100 keeps the best only");
	xap_enquire_set_cutoff(enq, 0, 0);

	/* Relevance feedback: an RSet changes weights; the ESet. */
	{
		xap_docid rel[] = {1, 4};
		const char *t = NULL;
		size_t len = 0;
		double wt = 0;
		int has_apple = 0, has_banana = 0, all_c = 1;
		double plain = 0, fed = 0;
		xap_enquire_set_query(enq, q, 0);
		xap_enquire_get_mset(enq, 0, 10, 0, NULL, 0, &m);
		xap_mset_item(m, 0, NULL, &plain, NULL);
		xap_mset_free(m);
		m = NULL;
		is_int(xap_enquire_get_mset(enq, 0, 10, 0, rel, 2, &m), XAP_OK,
		       "get_mset with rset");
		xap_mset_item(m, 0, NULL, &fed, NULL);
		is_str(mset_ids(m), "1,2,4", "same order (one term weighs every match alike)");
		ok(fed > plain, "apple, in every relevant document, weighs more (%g > %g)", fed,
		   plain);
		xap_mset_free(m);
		m = NULL;
		is_int(xap_enquire_get_eset(enq, 10, rel, 2, NULL, &e), XAP_OK, "get_eset");
		ok(xap_eset_size(e) > 0, "the eset has %u terms", xap_eset_size(e));
		for (unsigned i = 0; i < xap_eset_size(e); i++) {
			xap_eset_item(e, i, &t, &len, &wt);
			if (len == 5 && memcmp(t, "apple", 5) == 0)
				has_apple = 1;
			if (len == 6 && memcmp(t, "banana", 6) == 0)
				has_banana = 1;
		}
		ok(!has_apple, "the query's own term is left out");
		ok(has_banana, "banana, in both relevant documents, is suggested");
		is_int(xap_eset_item(e, xap_eset_size(e), &t, &len, &wt), XAP_RANGE,
		       "eset_item out of range: XAP_RANGE");
		xap_eset_free(e);
		e = NULL;
		is_int(xap_enquire_get_eset(enq, 10, rel, 2, "c", &e), XAP_OK, "get_eset prefix c");
		for (unsigned i = 0; i < xap_eset_size(e); i++) {
			xap_eset_item(e, i, &t, &len, &wt);
			if (len == 0 || t[0] != 'c')
				all_c = 0;
		}
		ok(xap_eset_size(e) > 0 && all_c, "only terms starting with c (%u)",
		   xap_eset_size(e));
		xap_eset_free(e);
		e = NULL;
		xap_docid zero = 0;
		is_int(xap_enquire_get_mset(enq, 0, 10, 0, &zero, 1, &m), XAP_INVALID_ARGUMENT,
		       "docid 0 in an rset");

		/* Expansion schemes, for document 1 alone: Bo1 weighs a term
		 * tf * log2((1 + P) / P) + log2(1 + P), with tf its wdf in the
		 * document and P its collection frequency over the number of
		 * documents: apple (3 times here, 5 in all) 3 + 1 = 4, banana
		 * (1, 3 in all) log2(1.6 / 0.6) + log2(1.6). */
		xap_docid one = 1;
		double wt_apple[2] = { 0, 0 }, wt_banana[2] = { 0, 0 };
		xap_query *grape = qterm("grape");
		xap_enquire_set_query(enq, grape, 0);
		for (int scheme = 0; scheme < 2; scheme++) {
			is_int(xap_enquire_set_expansion(enq, scheme ? XAP_EXPAND_BO1 : XAP_EXPAND_TRAD, 1),
			       XAP_OK, "set_expansion %s", scheme ? "bo1" : "trad");
			xap_enquire_get_eset(enq, 10, &one, 1, NULL, &e);
			for (unsigned i = 0; i < xap_eset_size(e); i++) {
				xap_eset_item(e, i, &t, &len, &wt);
				if (len == 5 && memcmp(t, "apple", 5) == 0)
					wt_apple[scheme] = wt;
				if (len == 6 && memcmp(t, "banana", 6) == 0)
					wt_banana[scheme] = wt;
			}
			xap_eset_free(e);
			e = NULL;
		}
		ok(fabs(wt_apple[1] - 4) < 1e-9, "bo1: apple weighs 4 (%g)", wt_apple[1]);
		ok(fabs(wt_banana[1] - (log2(1.6 / 0.6) + log2(1.6))) < 1e-9,
		   "bo1: banana weighs log2(1.6 / 0.6) + log2(1.6) (%g)", wt_banana[1]);
		ok(wt_apple[0] > 0 && fabs(wt_apple[0] - wt_apple[1]) > 0.1,
		   "trad weighs otherwise (apple %g)", wt_apple[0]);
		is_int(xap_enquire_set_expansion(enq, (xap_expand)7, 1), XAP_INVALID_ARGUMENT,
		       "an unknown expansion scheme");
		is_int(xap_enquire_set_expansion(NULL, XAP_EXPAND_BO1, 1), XAP_INVALID_ARGUMENT,
		       "set_expansion(NULL)");
		xap_enquire_set_expansion(enq, XAP_EXPAND_TRAD, 1);
		xap_query_free(grape);
	}

	/* RANGE: an item past the end. */
	xap_enquire_set_query(enq, q, 0);
	xap_enquire_get_mset(enq, 0, 2, 0, NULL, 0, &m);
	is_int(xap_mset_item(m, 2, NULL, NULL, NULL), XAP_RANGE,
	       "mset_item out of range: XAP_RANGE");
	ok(strstr(xap_mset_errmsg(m), "out of range") != NULL, "message: %s", xap_mset_errmsg(m));
	{
		xap_document *d = (xap_document *)0x1;
		is_int(xap_mset_document(m, 5, &d), XAP_RANGE, "mset_document out of range");
		ok(d == NULL, "out cleared");
	}
	xap_mset_free(m);
	m = NULL;

	/* Empty queries. */
	q2 = NULL;
	xap_query_new_match_nothing(&q2, NULL);
	ok(xap_query_is_empty(q2), "match_nothing is empty");
	is_str(run_ids(enq, q2, 10), "", "and matches nothing");
	xap_query_free(q2);
	q2 = NULL;
	is_int(xap_query_new_combine(XAP_OP_AND, NULL, 0, 0, &q2, NULL), XAP_OK, "combine of none");
	ok(xap_query_is_empty(q2), "is empty");
	xap_query_free(q2);
	q2 = NULL;
	xap_query_copy(q, &q2, NULL);
	is_str(run_ids(enq, q2, 10), "1,2,4", "a copy runs like the original");
	xap_query_free(q2);

	xap_query_free(q);
	xap_enquire_free(enq);
	xap_database_destroy(db);
}

/* A wildcard over too many terms fails the search with XAP_RANGE. */
/* ------------------------------------------------------------------ */
/* Lists in a value slot, spies cleared, document lengths and wdfs      */

static void test_split_facets(void)
{
	/* Slot 1 holds a list separated by '\n', as dateline's org slot. */
	static const struct seed docs[] = {
		{"Qa", "report one", NULL, "OSCE\nUN Women", NULL},
		{"Qb", "report two two", NULL, "OSCE", NULL},
		{"Qc", "report three", NULL, "UN Women\nOSCE\nOSCE\n\nUNDP\n", NULL},
		{"Qd", "report four", NULL, "", NULL},
		{"Qe", "report", NULL, NULL, NULL},
		{"Qf", "other", NULL, "NATO", NULL},
	};
	xap_database *w = NULL, *db = NULL;
	xap_enquire *enq = NULL;
	xap_mset *m = NULL;
	xap_valuecount *vc = NULL, *single = NULL;
	struct collect c;
	unsigned u = 9;

	if (xap_database_open_writable(P("split"), XAP_DB_CREATE_OR_OVERWRITE, &w, NULL) != XAP_OK ||
	    fill(w, docs, sizeof docs / sizeof docs[0]) != XAP_OK) {
		ok(0, "cannot build the split-facet database");
		xap_database_destroy(w);
		return;
	}
	xap_database_destroy(w);
	xap_database_open(P("split"), &db, NULL);
	xap_enquire_new(db, &enq, NULL);
	xap_query *q = qterm("report");
	xap_enquire_set_query(enq, q, 0);

	is_int(xap_enquire_add_valuecount_split(enq, 1, '\n', &vc), XAP_OK, "add_valuecount_split");
	is_int(xap_enquire_add_valuecount(enq, 1, &single), XAP_OK, "and a plain count of the same slot");
	is_int(xap_enquire_get_mset(enq, 0, 1, 6, NULL, 0, &m), XAP_OK, "get_mset of 1 checking all");
	is_int(xap_valuecount_total(vc), 5, "the split spy saw the 5 matching documents");
	memset(&c, 0, sizeof c);
	is_int(xap_valuecount_values(vc, 0, collect_term, &c), XAP_OK, "valuecount_values of a split spy");
	is_str(c.buf, "OSCE:3,UN Women:2,UNDP:1",
	       "each item once per document, most frequent first; empty items skipped");
	memset(&c, 0, sizeof c);
	xap_valuecount_values(vc, 2, collect_term, &c);
	is_str(c.buf, "OSCE:3,UN Women:2", "at most max items");
	memset(&c, 0, sizeof c);
	c.limit = 1;
	xap_valuecount_values(vc, 0, collect_term, &c);
	is_str(c.buf, "OSCE:3", "fn stops the listing");
	memset(&c, 0, sizeof c);
	xap_valuecount_values(single, 0, collect_term, &c);
	ok(strstr(c.buf, "OSCE\nUN Women:1") != NULL, "the plain spy counts whole values: %s", c.buf);
	xap_mset_free(m);
	m = NULL;

	/* Ties in byte order. */
	xap_query_free(q);
	q = qterm("two");
	xap_enquire_set_query(enq, q, 0);
	is_int(xap_enquire_clear_matchspies(enq), XAP_OK, "clear_matchspies");
	xap_enquire_add_valuecount_split(enq, 1, '\n', &vc);
	xap_enquire_get_mset(enq, 0, 10, 6, NULL, 0, &m);
	memset(&c, 0, sizeof c);
	xap_valuecount_values(vc, 0, collect_term, &c);
	is_str(c.buf, "OSCE:1", "a new spy after clearing counts afresh");
	is_int(xap_valuecount_total(vc), 1, "... and its total");
	xap_mset_free(m);
	m = NULL;
	xap_enquire_clear_matchspies(enq);
	xap_enquire_add_valuecount_split(enq, 1, ' ', &vc);
	xap_query_free(q);
	q = qterm("report");
	xap_enquire_set_query(enq, q, 0);
	xap_enquire_get_mset(enq, 0, 10, 6, NULL, 0, &m);
	memset(&c, 0, sizeof c);
	xap_valuecount_values(vc, 0, collect_term, &c);
	is_str(c.buf, "OSCE:1,OSCE\nUN:1,UN:1,Women:1,Women\nOSCE\nOSCE\n\nUNDP\n:1",
	       "another separator byte splits elsewhere; ties in byte order");
	xap_mset_free(m);
	m = NULL;
	is_int(xap_enquire_clear_matchspies(NULL), XAP_INVALID_ARGUMENT, "clear_matchspies(NULL)");
	vc = (xap_valuecount *)0x1;
	is_int(xap_enquire_add_valuecount_split(NULL, 1, '\n', &vc), XAP_INVALID_ARGUMENT,
	       "add_valuecount_split(NULL)");
	ok(vc == NULL, "its out-parameter is cleared");
	is_int(xap_enquire_add_valuecount_split(enq, 1, '\n', NULL), XAP_INVALID_ARGUMENT,
	       "add_valuecount_split without out");

	/* Document lengths and wdfs. */
	xap_docid did = 0;
	xap_database_find_term(db, "Qb", 2, &did);
	is_int(xap_database_doclength(db, did, &u), XAP_OK, "doclength");
	is_int(u, 3, "the length is the sum of wdfs (boolean terms count 0)");
	u = 9;
	is_int(xap_database_doclength(db, 999, &u), XAP_NOT_FOUND, "doclength of no document");
	is_int(u, 0, "... clears its out-parameter");
	is_int(xap_database_doclength(NULL, 1, &u), XAP_INVALID_ARGUMENT, "doclength(NULL)");
	is_int(xap_database_doclength(db, 1, NULL), XAP_INVALID_ARGUMENT, "doclength without out");
	xap_document *d = NULL;
	xap_database_get_document(db, did, &d);
	is_int(xap_document_wdf(d, "two", 3, &u), XAP_OK, "document_wdf");
	is_int(u, 2, "the wdf of a word written twice");
	is_int(xap_document_wdf(d, "Qb", 2, &u), XAP_OK, "document_wdf of a boolean term");
	is_int(u, 0, "... is 0");
	u = 9;
	is_int(xap_document_wdf(d, "tw", 2, &u), XAP_NOT_FOUND, "document_wdf of a missing term");
	is_int(u, 0, "... clears its out-parameter");
	ok(strstr(xap_document_errmsg(d), "no term") != NULL, "... and says why: %s",
	   xap_document_errmsg(d));
	is_int(xap_document_wdf(NULL, "a", 1, &u), XAP_INVALID_ARGUMENT, "document_wdf(NULL)");
	is_int(xap_document_wdf(d, NULL, 0, &u), XAP_INVALID_ARGUMENT, "document_wdf(NULL term)");
	xap_document_free(d);

	xap_query_free(q);
	xap_enquire_free(enq);
	xap_database_destroy(db);
}

static void test_wildcard(void)
{
	xap_database *w = NULL;
	xap_enquire *enq = NULL;
	xap_query *q = NULL;
	char term[8];

	xap_database_open_writable(P("wild"), XAP_DB_CREATE | XAP_DB_NO_SYNC, &w, NULL);
	for (int i = 0; i < 5; i++) {
		snprintf(term, sizeof term, "fo%c", 'a' + i);
		put_doc(w, term, term, NULL, NULL, NULL);
	}
	xap_database_commit(w);
	xap_enquire_new(w, &enq, NULL);
	xap_query_new_wildcard("fo", 2, 2, &q, NULL);
	is_str(run_ids(enq, q, 10),
	       "error: out of range: the wildcard expands to too many terms (use a longer "
	       "prefix or a larger max_expansion): WildcardError: Wildcard fo* expands to "
	       "more than 2 terms",
	       "a wildcard of 5 terms with max_expansion 2: XAP_RANGE, Xapian's text kept");
	xap_query_free(q);
	q = NULL;
	xap_query_new_wildcard("fo", 2, 5, &q, NULL);
	is_str(run_ids(enq, q, 10), "1,2,3,4,5", "max_expansion 5 is enough");
	xap_query_free(q);
	q = NULL;
	xap_query_new_wildcard("fo", 2, 0, &q, NULL);
	is_str(run_ids(enq, q, 10), "1,2,3,4,5", "max_expansion 0: no limit");
	xap_query_free(q);
	xap_enquire_free(enq);
	xap_database_destroy(w);
}

/* Two shards searched as one rank like a single database of both. */
static void test_multi(void)
{
	static const struct seed odd[] = {seeds[0], seeds[2], seeds[4]};
	static const struct seed even[] = {seeds[1], seeds[3]};
	xap_database *a = NULL, *b = NULL, *all = NULL, *multi = NULL;
	struct ranked one[8], two[8];
	int n1, n2;
	unsigned n = 0;
	char *msg = NULL;

	xap_database_open_writable(P("shard-a"), XAP_DB_CREATE | XAP_DB_NO_SYNC, &a, NULL);
	xap_database_open_writable(P("shard-b"), XAP_DB_CREATE | XAP_DB_NO_SYNC, &b, NULL);
	ok(fill(a, odd, 3) == 0 && fill(b, even, 2) == 0, "fill two shards");

	is_int(xap_database_new_empty(&multi, &msg), XAP_OK, "new_empty");
	is_int(xap_database_add(multi, a), XAP_INVALID_OPERATION,
	       "adding a writable handle: XAP_INVALID_OPERATION");
	xap_database_destroy(a);
	xap_database_destroy(b);
	a = b = NULL;
	xap_database_open(P("shard-a"), &a, NULL);
	xap_database_open(P("shard-b"), &b, NULL);
	is_int(xap_database_add(multi, a), XAP_OK, "add shard a");
	is_int(xap_database_add(multi, b), XAP_OK, "add shard b");
	is_int(xap_database_add(multi, multi), XAP_INVALID_ARGUMENT, "adding a database to itself");
	xap_database_destroy(a);
	xap_database_destroy(b);
	xap_database_doccount(multi, &n);
	is_int(n, 5, "the shards add up to 5 documents (after their handles are gone)");

	xap_database_open(P("db"), &all, NULL);
	n1 = ranking(all, "apple", one, 8);
	n2 = ranking(multi, "apple", two, 8);
	is_int(n2, n1, "same number of results (%d)", n1);
	ok(n1 == 3 && same_ranking(one, two, n1), "same documents, same order, same weights");
	n1 = ranking(all, "cherry", one, 8);
	n2 = ranking(multi, "cherry", two, 8);
	ok(n1 == 3 && n2 == 3 && same_ranking(one, two, n1), "the same for cherry");

	/* Xapian's stub files list shards, by paths relative to the stub: a
	 * file, and a directory holding XAPIANDB (as indexer --shards makes). */
	{
		xap_database *stub = NULL;
		write_file(P("shards.stub"), "# two shards\n\nauto shard-a\nglass shard-b\n");
		is_int(xap_database_open(P("shards.stub"), &stub, &msg), XAP_OK,
		       "open a stub file of two shards: %s", msg ? msg : "");
		n = 0;
		xap_database_doccount(stub, &n);
		is_int(n, 5, "the stub's shards add up to 5 documents");
		n2 = ranking(stub, "apple", two, 8);
		n1 = ranking(all, "apple", one, 8);
		ok(n1 == 3 && n2 == 3 && same_ranking(one, two, n1),
		   "a stub ranks like the single database");
		xap_database_destroy(stub);
		stub = NULL;
		mkdir(P("sharded"), 0777);
		write_file(P("sharded/XAPIANDB"), "auto ../shard-a\nauto ../shard-b\n");
		is_int(xap_database_open(P("sharded"), &stub, &msg), XAP_OK,
		       "open a stub directory: %s", msg ? msg : "");
		n = 0;
		xap_database_doccount(stub, &n);
		is_int(n, 5, "its shards add up to 5 documents");
		xap_database_destroy(stub);
		stub = NULL;
		write_file(P("bad.stub"), "auto shard-a\nfrobnicate x\n");
		is_int(xap_database_open(P("bad.stub"), &stub, &msg), XAP_OPENING,
		       "a stub with a line Xapian does not know: XAP_OPENING");
		ok(msg && strstr(msg, "bad.stub:2: Bad line"), "the message gives the line: %s",
		   msg ? msg : "");
		free(msg);
		msg = NULL;
		write_file(P("missing.stub"), "auto shard-a\nauto no-such-shard\n");
		is_int(xap_database_open(P("missing.stub"), &stub, &msg), XAP_NOT_FOUND,
		       "a stub naming a missing shard: XAP_NOT_FOUND");
		ok(msg && strstr(msg, "no-such-shard"), "the message names it: %s", msg ? msg : "");
		free(msg);
		msg = NULL;
	}

	/* Closing a shard's handle closes it in the combined one too. */
	a = NULL;
	xap_database_open(P("shard-a"), &a, NULL);
	xap_database_add(multi, a);
	xap_database_close(a);
	is_int(xap_database_termfreq(multi, "apple", 5, &n), XAP_CLOSED,
	       "a shard closed through its own handle is closed in the combined one");
	xap_database_destroy(a);

	xap_database_destroy(all);
	xap_database_destroy(multi);
}

static void test_compact_check(void)
{
	xap_database *db = NULL, *c = NULL;
	size_t errors = 99;
	char *report = NULL, *msg = NULL;
	unsigned n = 0;

	xap_database_open(P("db"), &db, NULL);
	is_int(xap_database_compact(db, P("compact"), 0), XAP_OK, "compact: %s",
	       xap_database_errmsg(db));
	is_int(xap_database_compact(db, P("compact-multi"), 1), XAP_OK, "compact multipass");
	is_int(xap_database_check(P("compact"), &errors, &report, &msg), XAP_OK, "check: %s",
	       msg ? msg : "");
	is_int(errors, 0, "no errors in the compacted copy");
	ok(report != NULL, "a report string");
	free(report);
	report = NULL;
	is_int(xap_database_check(P("db"), &errors, NULL, NULL), XAP_OK, "check the original");
	is_int(errors, 0, "no errors");
	is_int(xap_database_open(P("compact-multi"), &c, NULL), XAP_OK, "open the compacted copy");
	xap_database_doccount(c, &n);
	is_int(n, 5, "it holds the five documents");
	xap_database_destroy(c);
	is_int(xap_database_compact(db, P("db"), 0), XAP_INVALID_ARGUMENT,
	       "compacting onto the source: XAP_INVALID_ARGUMENT (real InvalidArgumentError)");
	xap_database_destroy(db);
}

/* ------------------------------------------------------------------ */
/* Real triggers for the error statuses                                 */

static void test_not_found_exists_opening(void)
{
	xap_database *db = NULL, *w = NULL;
	char *msg = NULL;
	xap_docid did = 7;
	xap_document *d = (xap_document *)0x1;

	is_int(xap_database_open(P("missing"), &db, &msg), XAP_NOT_FOUND,
	       "open a missing path: XAP_NOT_FOUND");
	ok(db == NULL && msg && *msg, "message: %s", msg ? msg : "(null)");
	free(msg);
	msg = NULL;
	is_int(xap_database_open_writable(P("missing"), XAP_DB_OPEN, &w, &msg), XAP_NOT_FOUND,
	       "XAP_DB_OPEN on a missing path: XAP_NOT_FOUND");
	free(msg);
	msg = NULL;

	xap_database_open(P("db"), &db, NULL);
	is_int(xap_database_get_document(db, 999, &d), XAP_NOT_FOUND,
	       "get_document of a missing docid: XAP_NOT_FOUND");
	ok(d == NULL, "out cleared");
	is_int(xap_database_find_term(db, "Qnone", 5, &did), XAP_NOT_FOUND,
	       "find_term with no match: XAP_NOT_FOUND");
	is_int(did, 0, "docid cleared");
	is_int(xap_database_get_document(db, 0, &d), XAP_INVALID_ARGUMENT,
	       "get_document(0): XAP_INVALID_ARGUMENT (real InvalidArgumentError)");
	{
		const char *data = NULL;
		size_t dlen = 0;
		is_int(xap_database_get_found_document(db, 1, &d), XAP_OK, "get_found_document 1");
		ok(d && xap_document_get_data(d, &data, &dlen) == XAP_OK && dlen > 0,
		   "... reads its data when asked");
		xap_document_free(d);
		d = NULL;
		is_int(xap_database_get_found_document(db, 999, &d), XAP_OK,
		       "get_found_document of a missing docid: no look-up yet");
		ok(d && xap_document_get_data(d, &data, &dlen) == XAP_OK && dlen == 0,
		   "... and no data (the caller vouches for the id)");
		xap_document_free(d);
		d = NULL;
		is_int(xap_database_get_found_document(NULL, 1, &d), XAP_INVALID_ARGUMENT,
		       "get_found_document(NULL db): XAP_INVALID_ARGUMENT");
	}
	xap_database_destroy(db);
	db = NULL;

	is_int(xap_database_open_writable(P("db"), XAP_DB_CREATE, &w, &msg), XAP_EXISTS,
	       "XAP_DB_CREATE on an existing database: XAP_EXISTS");
	ok(w == NULL && msg && strstr(msg, "already exists"), "message: %s", msg ? msg : "(null)");
	free(msg);
	msg = NULL;

	write_file(P("plain-file"), "this is not a database\n");
	is_int(xap_database_open(P("plain-file"), &db, &msg), XAP_OPENING,
	       "open a regular file: XAP_OPENING");
	free(msg);
	msg = NULL;
	mkdir(P("empty-dir"), 0755);
	is_int(xap_database_open(P("empty-dir"), &db, &msg), XAP_OPENING,
	       "open an empty directory: XAP_OPENING");
	ok(msg && strstr(msg, "not a Xapian database"), "message: %s", msg ? msg : "(null)");
	free(msg);
	msg = NULL;
	is_int(xap_database_open_writable(P("empty-dir"), XAP_DB_OPEN, &w, &msg), XAP_OPENING,
	       "XAP_DB_OPEN on an empty directory: XAP_OPENING");
	free(msg);
	msg = NULL;
	is_int(xap_database_open_writable(P("plain-file"), XAP_DB_CREATE_OR_OPEN, &w, &msg),
	       XAP_OPENING, "XAP_DB_CREATE_OR_OPEN on a regular file: XAP_OPENING");
	free(msg);
}

static void test_locked(void)
{
	xap_database *w1 = NULL, *w2 = NULL;
	char *msg = NULL;
	unsigned n = 0;

	is_int(xap_database_open_writable(P("db"), XAP_DB_OPEN, &w1, NULL), XAP_OK, "first writer");
	is_int(xap_database_open_writable(P("db"), XAP_DB_OPEN, &w2, &msg), XAP_LOCKED,
	       "a second writer in the same process: XAP_LOCKED");
	ok(w2 == NULL && msg && strstr(msg, "lock"), "message: %s", msg ? msg : "(null)");
	free(msg);
	is_int(xap_database_doccount(w1, &n), XAP_OK, "the first writer still works");
	xap_database_destroy(w1);
	w2 = NULL;
	is_int(xap_database_open_writable(P("db"), XAP_DB_OPEN, &w2, NULL), XAP_OK,
	       "once it is gone, a new writer gets the lock");
	xap_database_destroy(w2);
}

static void test_invalid_operation(void)
{
	xap_database *w = NULL, *r = NULL, *e = NULL;
	xap_document *d = make_doc("Qx", "x", NULL, NULL, NULL);
	xap_document *out = (xap_document *)0x1;

	xap_database_open_writable(P("db"), XAP_DB_OPEN | XAP_DB_NO_SYNC, &w, NULL);
	is_int(xap_database_commit_transaction(w), XAP_INVALID_OPERATION,
	       "commit_transaction without begin: XAP_INVALID_OPERATION");
	ok(strstr(xap_database_errmsg(w), "transaction") != NULL, "message: %s",
	   xap_database_errmsg(w));
	is_int(xap_database_cancel_transaction(w), XAP_INVALID_OPERATION,
	       "cancel_transaction without begin");
	xap_database_destroy(w);

	xap_database_open(P("db"), &r, NULL);
	is_int(xap_database_add_document(r, d, NULL), XAP_INVALID_OPERATION,
	       "add_document through a read-only handle: XAP_INVALID_OPERATION");
	ok(strstr(xap_database_errmsg(r), "read-only") != NULL, "message: %s",
	   xap_database_errmsg(r));
	is_int(xap_database_commit(r), XAP_INVALID_OPERATION, "commit through a read-only handle");
	is_int(xap_database_set_metadata(r, "k", "v", 1), XAP_INVALID_OPERATION,
	       "set_metadata through a read-only handle");
	is_int(xap_database_begin_transaction(r, 1), XAP_INVALID_OPERATION,
	       "begin_transaction through a read-only handle");
	is_int(xap_database_add_spelling(r, "w", 1, 1), XAP_INVALID_OPERATION,
	       "add_spelling through a read-only handle");
	is_int(xap_database_delete_document(r, 1), XAP_INVALID_OPERATION,
	       "delete_document through a read-only handle");
	xap_database_destroy(r);

	xap_database_new_empty(&e, NULL);
	is_int(xap_database_get_document(e, 1, &out), XAP_INVALID_OPERATION,
	       "get_document on a database without shards (real InvalidOperationError)");
	ok(out == NULL, "out cleared");
	xap_database_destroy(e);
	xap_document_free(d);
}

static void test_closed(void)
{
	xap_database *db = NULL;
	xap_enquire *enq = NULL, *enq2 = NULL;
	xap_query *q = qterm("apple");
	xap_mset *m = NULL;
	unsigned n = 9;
	char *msg = NULL;
	xap_document *d = (xap_document *)0x1;

	xap_database_open(P("db"), &db, NULL);
	xap_enquire_new(db, &enq, NULL);
	xap_enquire_set_query(enq, q, 0);
	is_int(xap_database_close(db), XAP_OK, "close");
	is_int(xap_database_doccount(db, &n), XAP_CLOSED, "doccount after close: XAP_CLOSED");
	is_int(n, 0, "out cleared");
	is_int(xap_database_termfreq(db, "apple", 5, &n), XAP_CLOSED, "termfreq after close");
	is_int(xap_database_get_document(db, 1, &d), XAP_CLOSED, "get_document after close");
	ok(strstr(xap_database_errmsg(db), "closed") != NULL, "message: %s",
	   xap_database_errmsg(db));
	is_int(xap_database_close(db), XAP_CLOSED, "closing twice: XAP_CLOSED");
	is_int(xap_database_reopen(db, NULL), XAP_CLOSED, "reopen after close");
	is_int(xap_enquire_new(db, &enq2, &msg), XAP_CLOSED, "enquire_new on a closed database");
	free(msg);
	is_int(xap_enquire_get_mset(enq, 0, 10, 0, NULL, 0, &m), XAP_CLOSED,
	       "an enquire made before close: XAP_CLOSED from Xapian's DatabaseClosedError");
	ok(strstr(xap_enquire_errmsg(enq), "DatabaseClosedError") != NULL, "message: %s",
	   xap_enquire_errmsg(enq));
	xap_enquire_free(enq);
	xap_query_free(q);
	xap_database_destroy(db);
}

/* Reads every document and term list: the first failure's status. */
static xap_status read_all(xap_database *db)
{
	xap_docid last = 0;
	unsigned nterms = 0;
	xap_status st = xap_database_lastdocid(db, &last);
	if (st != XAP_OK)
		return st;
	st = xap_database_allterms(db, NULL, 0, count_term, &nterms);
	if (st != XAP_OK)
		return st;
	for (xap_docid did = 1; did <= last; did++) {
		xap_document *d = NULL;
		const char *data;
		size_t len;
		unsigned n = 0;
		st = xap_database_get_document(db, did, &d);
		if (st == XAP_NOT_FOUND)
			continue;
		if (st == XAP_OK)
			st = xap_document_get_data(d, &data, &len);
		if (st == XAP_OK)
			st = xap_document_termlist(d, count_term, &n);
		if (st != XAP_OK && d)
			diag("document %u: %s", did, xap_document_errmsg(d));
		xap_document_free(d);
		if (st != XAP_OK)
			return st;
	}
	return XAP_OK;
}

static xap_status read_all_path(const char *path, char **errmsg)
{
	xap_database *db = NULL;
	xap_status st = xap_database_open(path, &db, errmsg);
	if (st != XAP_OK)
		return st;
	st = read_all(db);
	if (st != XAP_OK && errmsg)
		*errmsg = strdup(xap_database_errmsg(db));
	xap_database_destroy(db);
	return st;
}

/* Adds or replaces n documents of 20 words each; round varies the words. */
static xap_status make_big(xap_database *w, int n, int round)
{
	char id[32], text[512], data[64];
	for (int i = 0; i < n; i++) {
		size_t len = 0;
		snprintf(id, sizeof id, "Q%d", i);
		for (int j = 0; j < 20; j++)
			len += snprintf(text + len, sizeof text - len, "%sw%d", j ? " " : "",
					(i * 7 + j * 3 + round * 11) % 500);
		snprintf(data, sizeof data, "round %d document %d", round, i);
		xap_status st = put_doc(w, id, text, NULL, NULL, data);
		if (st != XAP_OK)
			return st;
	}
	return XAP_OK;
}

static int damage(const char *path, off_t off, const void *bytes, size_t len)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;
	if (fd < 0)
		return -1;
	n = pwrite(fd, bytes, len, off);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

static void test_corrupt_version_io(void)
{
	xap_database *w = NULL, *db = NULL;
	struct stat st;
	char *msg = NULL, *junk;
	size_t errors = 0;
	xap_status s;

	/*
	 * CORRUPT: overwrite whole 8 KB blocks in the middle of the posting
	 * list table.  Glass checks each block's header as it reads it, and
	 * 0xa5 bytes make an impossible directory size: DatabaseCorruptError.
	 * (Damage that starts inside a block leaves it a valid header over
	 * garbage, and Xapian then fails in other ways: "inflate failed", a
	 * DatabaseError, or std::length_error from a huge length.)
	 */
	xap_database_open_writable(P("corrupt"), XAP_DB_CREATE | XAP_DB_NO_SYNC, &w, NULL);
	ok(w && make_big(w, 2000, 0) == 0 && xap_database_commit(w) == XAP_OK,
	   "a database of 2000 documents");
	xap_database_destroy(w);
	w = NULL;
	ok(stat(P("corrupt/postlist.glass"), &st) == 0 && st.st_size >= 8 * 8192,
	   "postlist.glass has many blocks (%lld bytes)", (long long)st.st_size);
	{
		off_t blocks = st.st_size / 8192;
		size_t len = (size_t)(blocks / 2) * 8192;
		junk = malloc(len);
		if (junk)
			memset(junk, 0xa5, len);
		ok(junk && damage(P("corrupt/postlist.glass"), (blocks / 4) * 8192, junk, len) == 0,
		   "overwrite the middle half of postlist.glass's %lld blocks", (long long)blocks);
		free(junk);
	}
	s = read_all_path(P("corrupt"), &msg);
	is_int(s, XAP_CORRUPT, "reading it: XAP_CORRUPT");
	ok(msg && strstr(msg, "DatabaseCorruptError"), "message: %s", msg ? msg : "(null)");
	free(msg);
	msg = NULL;
	s = xap_database_check(P("corrupt"), &errors, NULL, &msg);
	ok((s == XAP_OK && errors > 0) || s == XAP_CORRUPT || s == XAP_IO,
	   "check notices the damage (%s, %zu errors, %s)", xap_status_string(s), errors,
	   msg ? msg : "");
	free(msg);
	msg = NULL;

	/* VERSION: the format version follows the 14-byte magic in iamglass. */
	xap_database_open_writable(P("version"), XAP_DB_CREATE | XAP_DB_NO_SYNC, &w, NULL);
	ok(w && put_doc(w, "Q1", "one", NULL, NULL, NULL) == 0 && xap_database_commit(w) == XAP_OK,
	   "a small database");
	xap_database_destroy(w);
	w = NULL;
	ok(damage(P("version/iamglass"), 14, "\x7f\x7f", 2) == 0,
	   "overwrite the format version in iamglass");
	is_int(xap_database_open(P("version"), &db, &msg), XAP_VERSION,
	       "open it: XAP_VERSION");
	ok(msg && strstr(msg, "format version"), "message: %s", msg ? msg : "(null)");
	free(msg);
	msg = NULL;
	is_int(xap_database_open_writable(P("version"), XAP_DB_OPEN, &w, NULL), XAP_VERSION,
	       "open it for writing: XAP_VERSION");

	/* IO: a DatabaseError that is none of the specific ones. */
	xap_database_open(P("db"), &db, NULL);
	write_file(P("io-file"), "x\n");
	is_int(xap_database_compact(db, P("io-file/sub"), 0), XAP_IO,
	       "compact into a path under a regular file: XAP_IO");
	ok(strstr(xap_database_errmsg(db), "Not a directory") != NULL, "message: %s",
	   xap_database_errmsg(db));
	xap_database_destroy(db);
	db = NULL;
	/* A table cut short: Xapian reads past its end. */
	xap_database_open_writable(P("truncated"), XAP_DB_CREATE | XAP_DB_NO_SYNC, &w, NULL);
	ok(w && make_big(w, 2000, 0) == 0 && xap_database_commit(w) == XAP_OK,
	   "another database of 2000 documents");
	xap_database_destroy(w);
	w = NULL;
	ok(truncate(P("truncated/postlist.glass"), 8192) == 0, "cut postlist.glass to one block");
	s = read_all_path(P("truncated"), &msg);
	is_int(s, XAP_IO, "reading it: XAP_IO");
	ok(msg && strstr(msg, "EOF"), "message: %s", msg ? msg : "(null)");
	free(msg);
}

/*
 * MODIFIED: a reader opened before a writer commits several revisions
 * that replace every document finds its blocks reused.
 */
static void test_modified(void)
{
	xap_database *w = NULL, *r = NULL;
	xap_status s = XAP_OK;
	int round, changed = 0;

	xap_database_open_writable(P("modified"), XAP_DB_CREATE | XAP_DB_NO_SYNC, &w, NULL);
	ok(w && make_big(w, 1000, 0) == 0 && xap_database_commit(w) == XAP_OK,
	   "a database of 1000 documents");
	is_int(xap_database_open(P("modified"), &r, NULL), XAP_OK, "a reader");
	is_int(read_all(r), XAP_OK, "the reader reads everything");
	for (round = 1; round <= 10 && s == XAP_OK; round++) {
		if (make_big(w, 1000, round) != 0 || xap_database_commit(w) != XAP_OK) {
			diag("writer failed: %s", xap_database_errmsg(w));
			break;
		}
		if (round >= 2)
			s = read_all(r);
	}
	is_int(s, XAP_MODIFIED, "after the writer's commits, the reader gets XAP_MODIFIED");
	diag("XAP_MODIFIED after %d rewrites: %s", round - 1, xap_database_errmsg(r));
	ok(strstr(xap_database_errmsg(r), "reopen") != NULL, "the message says to reopen");
	/* The handle moved to the latest revision when the error struck, so
	 * that no call on it reads from the discarded one. */
	is_int(xap_database_reopen(r, &changed), XAP_OK, "reopen");
	is_int(changed, 0, "the reader had already moved");
	is_int(read_all(r), XAP_OK, "everything reads again");
	xap_database_destroy(r);
	xap_database_destroy(w);
}

/*
 * NOSPACE: a child limited to 64 KB files (with SIGXFSZ ignored, so the
 * write fails with EFBIG) writes until Xapian fails; the database keeps
 * its last good revision.
 */
static void test_nospace(void)
{
	xap_database *w = NULL, *r = NULL;
	unsigned n = 0;
	size_t errors = 99;
	int status = 0;
	pid_t pid;

	xap_database_open_writable(P("nospace"), XAP_DB_CREATE | XAP_DB_NO_SYNC, &w, NULL);
	ok(w && make_big(w, 10, 0) == 0 && xap_database_commit(w) == XAP_OK,
	   "a database of 10 documents");
	xap_database_destroy(w);
	w = NULL;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct rlimit rl = {64 * 1024, 64 * 1024};
		xap_status s;
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
			_exit(100);
		s = xap_database_open_writable(P("nospace"), XAP_DB_OPEN | XAP_DB_NO_SYNC, &w,
					       NULL);
		if (s != XAP_OK)
			_exit(100 + s);
		/* Xapian may flush during the adds or at the commit. */
		for (int round = 1; round <= 3 && s == XAP_OK; round++) {
			s = make_big(w, 3000, round);
			if (s == XAP_OK)
				s = xap_database_commit(w);
		}
		if (s != XAP_OK)
			fprintf(stderr, "# child: %s\n", xap_database_errmsg(w));
		xap_database_destroy(w);
		_exit(s);
	}
	ok(pid > 0, "fork");
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status), "the child exited (status %#x)", status);
	is_int(WEXITSTATUS(status), XAP_NOSPACE,
	       "writing past RLIMIT_FSIZE: XAP_NOSPACE (EFBIG), reported by the child");

	is_int(xap_database_open(P("nospace"), &r, NULL), XAP_OK, "the database still opens");
	xap_database_doccount(r, &n);
	is_int(n, 10, "with its last committed revision");
	is_int(read_all(r), XAP_OK, "and reads");
	xap_database_destroy(r);
	is_int(xap_database_check(P("nospace"), &errors, NULL, NULL), XAP_OK, "check it");
	is_int(errors, 0, "no errors");
}

/* NOMEM: a child with a small address space fills documents until new fails. */
static void test_nomem(void)
{
	const size_t chunk = 16 << 20;
	int status = 0;
	pid_t pid;

	if (UNDER_ASAN) {
		diag("skipping the real XAP_NOMEM trigger: AddressSanitizer reserves terabytes of "
		     "address space, so RLIMIT_AS cannot be used; xap_test_throw covers bad_alloc");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char *buf = malloc(chunk);
		long pages = 0;
		FILE *f = fopen("/proc/self/statm", "r");
		struct rlimit rl;
		xap_status s = XAP_OK;
		if (!buf || !f || fscanf(f, "%ld", &pages) != 1)
			_exit(100);
		fclose(f);
		memset(buf, 'm', chunk);
		rl.rlim_cur = rl.rlim_max =
			(rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + (rlim_t)(256 << 20);
		if (setrlimit(RLIMIT_AS, &rl) != 0)
			_exit(101);
		for (int i = 0; i < 1000 && s == XAP_OK; i++) {
			xap_document *d = NULL;
			s = xap_document_new(&d);
			if (s == XAP_OK)
				s = xap_document_set_data(d, buf, chunk);
			/* The documents are kept on purpose: memory runs out. */
		}
		_exit(s);
	}
	ok(pid > 0, "fork");
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status), "the child exited (status %#x)", status);
	is_int(WEXITSTATUS(status), XAP_NOMEM,
	       "allocating past RLIMIT_AS: XAP_NOMEM, reported by the child");
}

/* A TCP socket on 127.0.0.1 with a kernel-chosen port, listening or not. */
static int tcp_socket(unsigned *port, int do_listen)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl) != 0 ||
	    (do_listen && listen(fd, 4) != 0)) {
		close(fd);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_network(void)
{
	xap_database *db = NULL;
	char *msg = NULL;
	unsigned port = 0;
	double t0;
	int fd;

	/* A bound socket that does not listen: the connection is refused. */
	fd = tcp_socket(&port, 0);
	ok(fd >= 0, "a bound, non-listening port (%u)", port);
	is_int(xap_database_open_remote("127.0.0.1", port, 2000, &db, &msg), XAP_NETWORK,
	       "open_remote to a port nothing listens on: XAP_NETWORK");
	ok(db == NULL && msg && strstr(msg, "NetworkError"), "message: %s", msg ? msg : "(null)");
	free(msg);
	msg = NULL;
	close(fd);

	/* A socket that listens but never answers: the greeting times out. */
	fd = tcp_socket(&port, 1);
	ok(fd >= 0, "a listening port that never answers (%u)", port);
	t0 = now_s();
	is_int(xap_database_open_remote("127.0.0.1", port, 300, &db, &msg), XAP_NETWORK,
	       "open_remote to a silent server: XAP_NETWORK");
	ok(msg && strstr(msg, "NetworkTimeoutError"), "a NetworkTimeoutError: %s",
	   msg ? msg : "(null)");
	ok(now_s() - t0 < 5, "the timeout of 300 ms was honoured (%.2f s)", now_s() - t0);
	free(msg);
	close(fd);

	/* A remote stub file naming that refusing port goes the same way. */
	fd = tcp_socket(&port, 0);
	{
		char stub[64];
		snprintf(stub, sizeof stub, "remote 127.0.0.1:%u\n", port);
		write_file(P("stub-remote"), stub);
	}
	msg = NULL;
	is_int(xap_database_open(P("stub-remote"), &db, &msg), XAP_NETWORK,
	       "a stub file naming an unreachable remote database: XAP_NETWORK");
	free(msg);
	close(fd);
}

/* A real remote database, if xapian-tcpsrv is installed. */
static void test_remote(void)
{
	const char *srv = "/usr/bin/xapian-tcpsrv";
	xap_database *db = NULL;
	xap_enquire *enq = NULL;
	xap_query *q;
	char portstr[16];
	unsigned port = 0, n = 0;
	int fd, status;
	pid_t pid;
	xap_status s = XAP_NETWORK;

	if (access(srv, X_OK) != 0) {
		diag("skipping the remote database tests: %s is not installed", srv);
		return;
	}
	fd = tcp_socket(&port, 0);
	close(fd);
	snprintf(portstr, sizeof portstr, "%u", port);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		/* On SIGTERM the server signals its whole process group, to
		 * stop its connection handlers: give it a group of its own. */
		setpgid(0, 0);
		dup2(null, 1);
		dup2(null, 2);
		execl(srv, srv, "--interface", "127.0.0.1", "--port", portstr, P("db"),
		      (char *)NULL);
		_exit(127);
	}
	/* Wait for the server to listen. */
	for (int i = 0; i < 100 && s == XAP_NETWORK; i++) {
		s = xap_database_open_remote("127.0.0.1", port, 5000, &db, NULL);
		if (s == XAP_NETWORK)
			usleep(50000);
	}
	is_int(s, XAP_OK, "open_remote to xapian-tcpsrv on port %u", port);
	if (s == XAP_OK) {
		xap_database_doccount(db, &n);
		is_int(n, 5, "the remote database has the five documents");
		q = qterm("apple");
		xap_enquire_new(db, &enq, NULL);
		is_str(run_ids(enq, q, 10), "1,2,4", "and ranks like the local one");
		{
			xap_valuecount *vc = NULL;
			xap_mset *m = NULL;
			xap_enquire_add_valuecount_split(enq, 1, '\n', &vc);
			is_int(xap_enquire_get_mset(enq, 0, 10, 0, NULL, 0, &m), XAP_UNIMPLEMENTED,
			       "a split count is for local databases only: %s",
			       xap_enquire_errmsg(enq));
			xap_mset_free(m);
			xap_enquire_clear_matchspies(enq);
		}
		{
			xap_valuecount *vc = NULL;
			xap_mset *m = NULL;
			xap_enquire_add_valuecount(enq, 1, &vc);
			is_int(xap_enquire_get_mset(enq, 0, 10, 0, NULL, 0, &m), XAP_OK,
			       "Xapian's own value count runs remotely: %s", xap_enquire_errmsg(enq));
			xap_mset_free(m);
			xap_enquire_clear_matchspies(enq);
		}
		{
			xap_document *d = make_doc("Qr", "remote", NULL, NULL, NULL);
			is_int(xap_database_add_document(db, d, NULL), XAP_INVALID_OPERATION,
			       "a remote database is read-only here");
			xap_document_free(d);
		}
		{
			/* What query reads of a remote shard: its metadata (the
			 * remote protocol carries it), not its spelling data. */
			char *val = NULL, *sugg = NULL;
			size_t len = 0;
			is_int(xap_database_get_metadata(db, "key", &val, &len), XAP_OK,
			       "get_metadata of a remote database");
			ok(val && len == 3 && memcmp(val, "a\0b", 3) == 0, "the remote metadata value");
			free(val);
			is_int(xap_database_spelling_suggestion(db, "aple", 4, 2, &sugg), XAP_OK,
			       "spelling_suggestion of a remote database");
			ok(sugg == NULL, "gives none: spelling data does not cross the remote protocol");
			free(sugg);
		}
		{
			/* A remote shard and a local one searched as one, and a
			 * stub file naming the server ("remote HOST:PORT"). */
			xap_database *local = NULL, *multi = NULL, *stub = NULL;
			char line[64];
			xap_database_open(P("shard-b"), &local, NULL);
			xap_database_new_empty(&multi, NULL);
			is_int(xap_database_add(multi, db), XAP_OK, "add a remote shard");
			is_int(xap_database_add(multi, local), XAP_OK, "and a local one");
			n = 0;
			xap_database_doccount(multi, &n);
			is_int(n, 7, "the remote and local shards add up to 7 documents");
			xap_database_destroy(local);
			xap_database_destroy(multi);
			snprintf(line, sizeof line, "remote 127.0.0.1:%u\nauto shard-b\n", port);
			write_file(P("remote.stub"), line);
			is_int(xap_database_open(P("remote.stub"), &stub, NULL), XAP_OK,
			       "a stub file naming the server and a local shard");
			n = 0;
			xap_database_doccount(stub, &n);
			is_int(n, 7, "opens both");
			xap_database_destroy(stub);
		}
		xap_enquire_free(enq);
		xap_query_free(q);
		xap_database_destroy(db);
	}
	if (pid > 0) {
		setpgid(pid, pid); /* in case the child has not run yet */
		kill(-pid, SIGTERM);
		waitpid(pid, &status, 0);
	}
}

static void test_unimplemented(void)
{
	xap_database *db = NULL;
	unsigned long rev = 5;
	size_t errors = 0;
	char *msg = NULL;

	write_file(P("stub-inmemory"), "inmemory\n");
	is_int(xap_database_open(P("stub-inmemory"), &db, &msg), XAP_OK,
	       "open an inmemory stub: %s", msg ? msg : "");
	is_int(xap_database_revision(db, &rev), XAP_UNIMPLEMENTED,
	       "revision of an inmemory database: XAP_UNIMPLEMENTED");
	is_int(rev, 0, "out cleared");
	ok(strstr(xap_database_errmsg(db), "UnimplementedError") != NULL, "message: %s",
	   xap_database_errmsg(db));
	is_int(xap_database_compact(db, P("compact-inmemory"), 0), XAP_IO,
	       "compacting an inmemory database: a plain DatabaseError, XAP_IO");
	xap_database_destroy(db);
	is_int(xap_database_check(P("stub-inmemory"), &errors, NULL, &msg), XAP_UNIMPLEMENTED,
	       "checking an inmemory database: XAP_UNIMPLEMENTED");
	free(msg);
	msg = NULL;

	write_file(P("stub-flint"), "flint /nonexistent\n");
	db = NULL;
	is_int(xap_database_open(P("stub-flint"), &db, &msg), XAP_UNIMPLEMENTED,
	       "a stub naming the flint backend: XAP_UNIMPLEMENTED (FeatureUnavailableError)");
	ok(msg && strstr(msg, "FeatureUnavailableError"), "message: %s", msg ? msg : "(null)");
	free(msg);
}

static void test_error_internal(void)
{
	/* No public Xapian call can be made to throw InternalError,
	 * AssertionError (only in debug builds of Xapian) or a non-Xapian
	 * exception through this binding, so these two statuses are
	 * covered by xap_test_throw only (see test_throw). */
	char *msg = NULL;
	diag("XAP_ERROR and XAP_INTERNAL have no real trigger; covered by xap_test_throw");
	is_int(xap_test_throw("InternalError", &msg), XAP_ERROR, "InternalError: XAP_ERROR");
	free(msg);
	msg = NULL;
	is_int(xap_test_throw("runtime_error", &msg), XAP_INTERNAL, "runtime_error: XAP_INTERNAL");
	ok(msg && strstr(msg, "unexpected C++ exception"), "message: %s", msg ? msg : "(null)");
	free(msg);
}

/* ------------------------------------------------------------------ */
/* TermGenerator and QueryParser                                        */

static void test_text(void)
{
	xap_database *db = NULL;
	xap_termgenerator *tg = NULL;
	xap_queryparser *qp = NULL;
	xap_enquire *enq = NULL;
	xap_query *q = NULL;
	char *msg = NULL;
	static const char *const texts[] = { "The dogs were running in the park",
					     "A cat sat quietly", "Running water and a dog" };

	is_int(xap_termgenerator_new("english", 42, &tg, &msg), XAP_INVALID_ARGUMENT,
	       "an unknown stemming strategy");
	free(msg);
	msg = NULL;
	is_int(xap_termgenerator_new("klingon", XAP_STEM_SOME, &tg, &msg), XAP_INVALID_ARGUMENT,
	       "an unknown stemmer: %s", msg ? msg : "");
	free(msg);
	msg = NULL;
	is_int(xap_termgenerator_new("english", XAP_STEM_SOME, &tg, NULL), XAP_OK, "termgenerator_new");
	is_int(xap_database_open_writable(P("text"), XAP_DB_CREATE, &db, NULL), XAP_OK, "create a db");
	for (int i = 0; i < 3; i++) {
		xap_document *d = NULL;
		xap_document_new(&d);
		ok(xap_termgenerator_set_document(tg, d) == XAP_OK &&
			   xap_termgenerator_index_text(tg, texts[i], strlen(texts[i]), 1, NULL) == XAP_OK &&
			   xap_termgenerator_increase_termpos(tg, 100) == XAP_OK &&
			   xap_termgenerator_index_text(tg, "title", 5, 2, "S") == XAP_OK &&
			   xap_termgenerator_get_document(tg, d) == XAP_OK,
		   "index text %d", i + 1);
		xap_database_add_document(db, d, NULL);
		xap_document_free(d);
	}
	unsigned n = 0;
	xap_database_termfreq(db, "Zrun", 4, &n);
	is_int(n, 2, "STEM_SOME: Z terms of stems (Zrun in two documents)");
	xap_database_termfreq(db, "running", 7, &n);
	is_int(n, 2, "and the words themselves");
	xap_database_termfreq(db, "Stitle", 6, &n);
	is_int(n, 3, "a prefix");
	xap_database_commit(db);

	is_int(xap_queryparser_new("english", XAP_STEM_SOME, &qp, NULL), XAP_OK, "queryparser_new");
	is_int(xap_queryparser_set_database(qp, db), XAP_OK, "queryparser_set_database");
	xap_enquire_new(db, &enq, NULL);
	is_int(xap_queryparser_parse(qp, "dog runs", 8, 0, &q), XAP_OK, "parse 'dog runs'");
	is_str(run_ids(enq, q, 10), "3,1", "OR by default, the doc with both stems first");
	xap_query_free(q);
	q = NULL;
	is_int(xap_queryparser_set_default_op(qp, XAP_OP_AND), XAP_OK, "default op AND");
	xap_queryparser_parse(qp, "dog water", 9, 0, &q);
	is_str(run_ids(enq, q, 10), "3", "AND");
	xap_query_free(q);
	q = NULL;
	is_int(xap_queryparser_set_default_op(qp, XAP_OP_NEAR), XAP_INVALID_ARGUMENT,
	       "the default op must be AND or OR");
	is_int(xap_queryparser_parse(qp, "run*", 4, 1 | 2 | 4 | 16 /* DEFAULT + WILDCARD */, &q),
	       XAP_OK, "a wildcard");
	is_str(run_ids(enq, q, 10), "3,1", "the wildcard expands over the database (shorter doc first)");
	xap_query_free(q);
	q = NULL;
	is_int(xap_queryparser_parse(qp, "dog AND", 7, 1 /* FLAG_BOOLEAN only */, &q), XAP_ERROR,
	       "a malformed query: XAP_ERROR");
	ok(strstr(xap_queryparser_errmsg(qp), "QueryParserError") != NULL, "with Xapian's message: %s",
	   xap_queryparser_errmsg(qp));
	is_int(xap_queryparser_parse(qp, NULL, 3, 0, &q), XAP_INVALID_ARGUMENT, "NULL text");

	xap_enquire_free(enq);
	xap_queryparser_free(qp);
	xap_termgenerator_free(tg);
	xap_database_destroy(db);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	diag("Xapian %s, working in %s%s", xap_version(), tmpdir,
	     UNDER_ASAN ? " (AddressSanitizer)" : "");

	test_status_strings();
	test_throw();
	test_null_arguments();
	test_documents();
	test_write_read();
	test_destroy_commits();
	test_search();
	test_split_facets();
	test_wildcard();
	test_multi();
	test_compact_check();
	test_not_found_exists_opening();
	test_locked();
	test_invalid_operation();
	test_closed();
	test_corrupt_version_io();
	test_modified();
	test_nospace();
	test_nomem();
	test_network();
	test_remote();
	test_unimplemented();
	test_error_internal();
	test_text();

	if (nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		diag("could not remove %s: %s", tmpdir, strerror(errno));
	return done_testing();
}
