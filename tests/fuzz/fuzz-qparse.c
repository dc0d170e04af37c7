/*
 * fuzz-qparse.c - libFuzzer target: any bytes as a query, parsed by
 * qp_parse() against a small index built once in a temporary directory,
 * then run by Xapian, corrected by the spelling data and snippeted; and,
 * when short, read as a --since date.  Checks the parser's promises: an
 * error has a message and a position inside the query; a result has a
 * query, and its words lie inside the query.
 */
#include "analyser.h"
#include "document.h"
#include "qparse.h"
#include "schema.h"
#include "snippet.h"
#include "spelling.h"
#include "util.h"
#include "xap.h"

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char tmpdir[] = "/tmp/fuzz-qparse.XXXXXX";
static xap_database *db;
static analyser *langs[2];

static const struct {
	const char *id, *title, *text, *date, *lang, *key, *value;
} docs[] = {
	{ "d1", "Domestic violence law", "ALMATY, Kazakhstan – The OSCE Centre in Astana and UN Women "
	  "trained police on domestic violence.", "2012-10-18", "en", "author", "Jane Doe" },
	{ "d2", "Election observers", "KYIV – Observers of the ODIHR watched the parliamentary "
	  "elections; co-operation was good.", "2012", "en", NULL, NULL },
	{ "d3", "Полиция и насилие", "БИШКЕК – Центр ОБСЕ в Бишкеке обсудил домашнее насилие.",
	  "2015-03", "ru", NULL, NULL },
};

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void cleanup(void)
{
	xap_database_destroy(db);
	nftw(tmpdir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static int meta_exists(void *ctx, const char *key)
{
	(void)ctx;
	return strcmp(key, "author") == 0;
}

static void setup(void)
{
	if (!mkdtemp(tmpdir))
		abort();
	atexit(cleanup);
	langs[0] = analyser_new("english");
	langs[1] = analyser_new("russian");
	xap_database *w = NULL;
	if (xap_database_open_writable(tmpdir, XAP_DB_CREATE_OR_OVERWRITE, &w, NULL))
		abort();
	for (size_t i = 0; i < ARRAY_SIZE(docs); i++) {
		document d;
		document_init(&d);
		d.id = xstrdup(docs[i].id);
		d.title = xstrdup(docs[i].title);
		d.text = xstrdup(docs[i].text);
		d.textlen = strlen(d.text);
		d.lang = xstrdup(docs[i].lang);
		date_parse_iso(docs[i].date, strlen(docs[i].date), &d.date);
		if (docs[i].key)
			document_add_meta(&d, docs[i].key, docs[i].value, strlen(docs[i].value));
		xap_document *xd = NULL;
		strbuf err = STRBUF_INIT, term = STRBUF_INIT;
		schema_id_term(d.id, &term);
		if (xap_document_new(&xd) ||
		    schema_build(langs[strcmp(docs[i].lang, "ru") == 0], &d, xd, &err) ||
		    xap_database_replace_document_by_term(w, term.buf, term.len, xd, NULL) ||
		    spelling_add_document(w, xd))
			abort();
		xap_document_free(xd);
		strbuf_release(&err);
		strbuf_release(&term);
		document_release(&d);
	}
	if (xap_database_commit(w))
		abort();
	xap_database_destroy(w);
	if (xap_database_open(tmpdir, &db, NULL))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db)
		setup();
	const char *q = (const char *)data;
	qp_options o = { .analysers = langs, .nanalysers = 2, .title_weight = 1.0, .wildcard_limit = 50,
			 .default_and = (int)(size & 1), .meta_field_exists = meta_exists,
			 .stopwords = (int)(size & 2), .proximity_weight = (size & 4) ? 0.1 : 0,
			 .proximity_window = 16, .literal = (int)(size & 8) };
	qp_result res;
	qp_error err;
	if (qp_parse(q, size, &o, &res, &err) != 0) {
		if (!err.msg[0] || err.pos > size || res.query || res.nhl || res.nwords || res.nparts)
			__builtin_trap();
	} else {
		if (!res.query)
			__builtin_trap();
		for (size_t i = 0; i < res.nwords; i++)
			if (res.words[i].start + res.words[i].len > size || !res.words[i].word[0])
				__builtin_trap();
		for (size_t i = 0; i < res.nparts; i++)
			if (!res.parts[i].query || !res.parts[i].label)
				__builtin_trap();
		/* Run it, as query does. */
		xap_enquire *enq = NULL;
		xap_mset *m = NULL;
		if (xap_enquire_new(db, &enq, NULL) == XAP_OK && xap_enquire_set_query(enq, res.query, 0) == XAP_OK &&
		    xap_enquire_get_mset(enq, 0, 3, 3, NULL, 0, &m) == XAP_OK) {
			for (unsigned i = 0; i < xap_mset_size(m); i++) {
				xap_document *xd = NULL;
				const char *dd;
				size_t dl;
				document d;
				document_init(&d);
				if (xap_mset_document(m, i, &xd) == XAP_OK &&
				    xap_document_get_data(xd, &dd, &dl) == XAP_OK &&
				    schema_data_decode(dd, dl, &d) == 0) {
					snippet s;
					snippet_make(langs[0], d.text, d.textlen, res.hl, res.nhl, 60, &s);
					snippet_release(&s);
				}
				document_release(&d);
				xap_document_free(xd);
			}
		}
		xap_mset_free(m);
		xap_enquire_free(enq);
		strbuf fixed = STRBUF_INIT;
		spelling_correct(db, &res, q, size, &fixed);
		strbuf_release(&fixed);
		qp_result_release(&res);
	}
	/* Short inputs as --since and --until dates. */
	if (size < 24 && !memchr(data, 0, size)) {
		char s[24];
		memcpy(s, data, size);
		s[size] = 0;
		xap_query *f = NULL;
		if (qp_date_filter(s, size & 2 ? s : NULL, &f, &err) == 0 ? !f : !err.msg[0])
			__builtin_trap();
		xap_query_free(f);
	}
	return 0;
}
