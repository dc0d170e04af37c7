/*
 * test-schema.c - the index layout (schema.h): id terms, the document data
 * record, and the terms and values schema_build() puts in a real Xapian
 * document through the binding.
 */
#include "analyser.h"
#include "document.h"
#include "schema.h"
#include "util.h"
#include "xap.h"

#include "tap.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Id terms                                                             */

static char *id_term(const char *id)
{
	strbuf sb = STRBUF_INIT;
	schema_id_term(id, &sb);
	return strbuf_detach(&sb, NULL);
}

static void test_id_terms(void)
{
	char *t = id_term("2009-2014/a.txt");
	is_str(t, "Q2009-2014/a.txt", "a short id is Q + id");
	free(t);

	/* The longest id kept whole: Q + 244 bytes = XAP_MAX_TERM. */
	strbuf id = STRBUF_INIT;
	while (id.len < XAP_MAX_TERM - 1)
		strbuf_addc(&id, 'a');
	t = id_term(id.buf);
	ok(strlen(t) == XAP_MAX_TERM && t[0] == 'Q' && strcmp(t + 1, id.buf) == 0,
	   "an id of %d bytes is kept whole", XAP_MAX_TERM - 1);
	free(t);
	strbuf_addc(&id, 'a');
	t = id_term(id.buf);
	ok(strlen(t) <= XAP_MAX_TERM && strchr(t, '#'), "one byte more and it is cut and hashed");
	free(t);

	/* A 400-byte id. */
	strbuf_reset(&id);
	strbuf_adds(&id, "docs/");
	while (id.len < 400)
		strbuf_addc(&id, 'x');
	t = id_term(id.buf);
	ok(strlen(t) <= XAP_MAX_TERM, "a 400-byte id gives a term of at most %d bytes (%zu)",
	   XAP_MAX_TERM, strlen(t));
	ok(t[0] == 'Q' && strncmp(t + 1, id.buf, 200) == 0, "it starts with Q and the id's start");
	/* FNV-1a of the whole id, computed independently: stable across runs
	 * and machines, so an index stays valid. */
	ok(strstr(t, "#14213da20fe5d6d5") != NULL, "it ends with the id's 64-bit hash: %s",
	   t + strlen(t) - 17);
	char *again = id_term(id.buf);
	is_str(again, t, "the same id gives the same term");
	free(again);

	/* Two long ids that share their first 300 bytes. */
	strbuf other = STRBUF_INIT;
	strbuf_add(&other, id.buf, 300);
	while (other.len < 400)
		strbuf_addc(&other, 'y');
	char *t2 = id_term(other.buf);
	ok(strlen(t2) <= XAP_MAX_TERM && strcmp(t, t2) != 0,
	   "two long ids with a common 300-byte prefix get distinct terms");
	free(t2);
	free(t);

	/* A long id of two-byte characters is cut between characters. */
	strbuf_reset(&other);
	strbuf_addc(&other, 'x');
	while (other.len < 400)
		strbuf_adds(&other, "é");
	t = id_term(other.buf);
	size_t cut = (size_t)(strchr(t, '#') - t);
	ok(strlen(t) <= XAP_MAX_TERM && utf8_valid(t, strlen(t)) && cut == 200,
	   "a long UTF-8 id is cut at a character boundary (Q + %zu bytes)", cut - 1);
	free(t);

	t = id_term("");
	is_str(t, "Q", "an empty id gives Q");
	free(t);

	strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "prefix:");
	schema_id_term("a", &sb);
	is_str(sb.buf, "prefix:Qa", "schema_id_term appends");
	strbuf_release(&sb);
	strbuf_release(&other);
	strbuf_release(&id);
}

/* ------------------------------------------------------------------ */
/* Document data                                                        */

static void full_doc(document *d)
{
	static const char text[] = "First line.\nSecond line, with ünïcödé.\n\n  Indented.\n";
	document_init(d);
	d->id = xstrdup("2012/almaty release.txt");
	d->title = xstrdup("Women’s rights: a title\twith a tab");
	d->text = xstrdup(text);
	d->textlen = sizeof(text) - 1;
	d->date = (date_ymd){ 2012, 10, 0 };
	d->place = xstrdup("Almaty, Kazakhstan");
	d->lang = xstrdup("ru");
	d->source = xstrdup("/data/2012/almaty release.txt");
	d->line = 123456;
	document_add_meta(d, "author", "Jane Doe", 8);
	document_add_meta(d, "source url", "http://www.osce.org/x y", 23);
	document_add_meta(d, "multi\nline key", "a\nb", 3);
	document_add_meta(d, "empty", "", 0);
}

static void test_data_round_trip(void)
{
	document d, e;
	strbuf data = STRBUF_INIT;
	full_doc(&d);
	schema_data_encode(&d, &data);
	document_init(&e);
	int rc = schema_data_decode(data.buf, data.len, &e);
	is_int(rc, 0, "a whole record decodes");
	is_str(e.id, d.id, "id");
	is_str(e.title, d.title, "title");
	ok(e.text && e.textlen == d.textlen && memcmp(e.text, d.text, d.textlen) == 0,
	   "text with line breaks");
	ok(e.date.year == 2012 && e.date.month == 10 && e.date.day == 0, "a partial date");
	is_str(e.place, d.place, "place");
	is_str(e.lang, d.lang, "lang");
	is_str(e.source, d.source, "source");
	is_int(e.line, 123456, "line");
	is_int(e.nmeta, 4, "every metadata field");
	if (e.nmeta == 4) {
		ok(strcmp(e.meta[0].key, "author") == 0 && strcmp(e.meta[0].value, "Jane Doe") == 0,
		   "metadata in order");
		/* A field name ends at its first space, so the encoder writes
		 * spaces and line breaks in keys as '_' (schema.c). */
		ok(strcmp(e.meta[1].key, "source_url") == 0 &&
			   strcmp(e.meta[1].value, "http://www.osce.org/x y") == 0,
		   "a key with a space comes back with '_', its value whole");
		ok(strcmp(e.meta[2].key, "multi_line_key") == 0 && strcmp(e.meta[2].value, "a\nb") == 0,
		   "a key with a line break, a value with one");
		ok(strcmp(e.meta[3].key, "empty") == 0 && strcmp(e.meta[3].value, "") == 0,
		   "an empty value");
	}
	document_release(&e);

	/* The smallest document: id and text only. */
	document m;
	document_init(&m);
	m.id = xstrdup("x");
	m.text = xstrdup("");
	strbuf_reset(&data);
	schema_data_encode(&m, &data);
	is_str(data.buf, "id 1\nx\ntext 0\n\n", "the record of a minimal document");
	document_init(&e);
	rc = schema_data_decode(data.buf, data.len, &e);
	ok(rc == 0 && strcmp(e.id, "x") == 0 && !e.title && !e.place && !e.lang && !e.source &&
		   e.date.year == 0 && e.line == 0 && e.nmeta == 0 && e.text && e.textlen == 0,
	   "decodes with every optional field absent");
	document_release(&e);
	document_release(&m);

	/* Dates: whole, year only. */
	static const date_ymd dates[] = { { 2012, 10, 18 }, { 1970, 0, 0 } };
	for (size_t i = 0; i < ARRAY_SIZE(dates); i++) {
		d.date = dates[i];
		strbuf_reset(&data);
		schema_data_encode(&d, &data);
		document_init(&e);
		schema_data_decode(data.buf, data.len, &e);
		ok(e.date.year == dates[i].year && e.date.month == dates[i].month &&
			   e.date.day == dates[i].day,
		   "date %d-%d-%d round trip", dates[i].year, dates[i].month, dates[i].day);
		document_release(&e);
	}

	/* Text holding what looks like field syntax. */
	free(d.text);
	d.text = xstrdup("id 3\nbad\ntitle 99\n");
	d.textlen = strlen(d.text);
	strbuf_reset(&data);
	schema_data_encode(&d, &data);
	document_init(&e);
	rc = schema_data_decode(data.buf, data.len, &e);
	ok(rc == 0 && strcmp(e.id, d.id) == 0 && strcmp(e.text, d.text) == 0,
	   "a text that looks like fields is read as text");
	document_release(&e);

	document_release(&d);
	strbuf_release(&data);
}

static void test_data_damaged(void)
{
	static const struct {
		const char *what;
		const char *data;
	} bad[] = {
		{ "empty record", "" },
		{ "no space after the name", "id" },
		{ "no length", "id \nx\n" },
		{ "length not a number", "id x\nabc\n" },
		{ "no newline after the length", "id 1" },
		{ "length past the end", "id 10\nabc\n" },
		{ "value longer than its length", "id 2\nabc\n" },
		{ "no newline after the value", "id 3\nabc" },
		{ "huge length", "id 99999999999999999999999999\nabc\n" },
		{ "length SIZE_MAX", "id 18446744073709551615\nabc\n" },
		{ "negative length", "id -1\nabc\n" },
		{ "missing id", "title 3\nabc\ntext 0\n\n" },
		{ "good id, then garbage", "id 1\na\ngarbage" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		document d;
		document_init(&d);
		int rc = schema_data_decode(bad[i].data, strlen(bad[i].data), &d);
		is_int(rc, -1, "damaged record: %s", bad[i].what);
		document_release(&d);
	}

	/* A record cut anywhere: inside a field it is damaged; right after a
	 * field (from the id on) it is a shorter, valid record. */
	document d;
	strbuf data = STRBUF_INIT;
	full_doc(&d);
	schema_data_encode(&d, &data);
	document_release(&d);
	unsigned char *boundary = xcalloc(data.len + 1, 1);
	for (size_t i = 0; i < data.len;) {
		const char *sp = memchr(data.buf + i, ' ', data.len - i);
		size_t n = strtoul(sp + 1, NULL, 10);
		const char *nl = memchr(sp, '\n', data.len - (size_t)(sp - data.buf));
		i = (size_t)(nl - data.buf) + 1 + n + 1;
		boundary[i] = 1; /* the first field is the id */
	}
	int all = 1, valid = 0;
	for (size_t n = 0; n < data.len; n++) {
		char *copy = xstrndup(data.buf, n); /* exact size, for the sanitizers */
		document e;
		document_init(&e);
		int rc = schema_data_decode(copy, n, &e);
		if (rc != (boundary[n] ? 0 : -1) || (rc == 0 && strcmp(e.id, "2012/almaty release.txt")))
			all = 0;
		valid += rc == 0;
		document_release(&e);
		free(copy);
	}
	ok(all && valid == 11, "of the %zu cuts of a record, the %d at a field boundary are valid",
	   data.len, valid);
	free(boundary);

	/* Random bytes, and random changes to a good record. */
	unsigned x = 2024;
	int nocrash = 1;
	for (int round = 0; round < 2000; round++) {
		char *buf = xstrndup(data.buf, data.len);
		for (int k = 0; k < 1 + round % 5; k++) {
			x = x * 1103515245u + 12345u;
			size_t at = (x >> 8) % data.len;
			x = x * 1103515245u + 12345u;
			buf[at] = (char)(x >> 16);
		}
		document e;
		document_init(&e);
		int rc = schema_data_decode(buf, data.len, &e);
		if (rc == 0 && (!e.id || !e.text))
			nocrash = 0;
		document_release(&e);
		free(buf);
	}
	ok(nocrash, "2000 randomly damaged records decode or fail cleanly");

	/* Unknown fields are skipped (forward compatibility). */
	static const char future[] = "id 1\na\nfuture 3\nxyz\ntext 2\nhi\n";
	document_init(&d);
	int rc = schema_data_decode(future, sizeof(future) - 1, &d);
	ok(rc == 0 && strcmp(d.id, "a") == 0 && strcmp(d.text, "hi") == 0,
	   "an unknown field is skipped");
	document_release(&d);

	static const char baddate[] = "id 1\na\ndate 9\nyesterday\n";
	document_init(&d);
	rc = schema_data_decode(baddate, sizeof(baddate) - 1, &d);
	ok(rc == 0 && d.date.year == 0 && d.text && d.textlen == 0,
	   "a bad date is left out; a missing text is empty");
	document_release(&d);
	strbuf_release(&data);
}

/* ------------------------------------------------------------------ */
/* Metadata keys                                                        */

static void test_meta_keys(void)
{
	static const struct {
		const char *key, *want;
	} cases[] = {
		{ "author", "author" },
		{ "Source URL", "sourceurl" },
		{ "press-office", "pressoffice" },
		{ "Press_Office", "press_office" },
		{ "dc.Title2", "dctitle2" },
		{ "é-ü", "" },
		{ "abcdefghij_abcdefghij_abcdefghij_abcdefghij", "abcdefghij_abcdefghij_abcdefghij_abcde" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		strbuf sb = STRBUF_INIT;
		schema_meta_key(cases[i].key, strlen(cases[i].key), &sb);
		is_str(sb.buf, cases[i].want, "schema_meta_key(\"%s\")", cases[i].key);
		strbuf_release(&sb);
	}
}

/* ------------------------------------------------------------------ */
/* schema_build                                                         */

struct terms {
	strbuf all; /* "term:wdf\n" for each term */
};

static int term_cb(void *ctx, const char *term, size_t len, unsigned freq)
{
	struct terms *t = ctx;
	strbuf_add(&t->all, term, len);
	strbuf_addf(&t->all, ":%u\n", freq);
	return 0;
}

/* The wdf of term in xd, or -1 if xd lacks it. */
static long wdf(const struct terms *t, const char *term)
{
	size_t n = strlen(term);
	const char *p = t->all.buf;
	while ((p = strstr(p, term))) {
		if ((p == t->all.buf || p[-1] == '\n') && p[n] == ':')
			return strtol(p + n + 1, NULL, 10);
		p += n;
	}
	return -1;
}

static int pos_cb(void *ctx, unsigned pos)
{
	strbuf *sb = ctx;
	strbuf_addf(sb, "%s%u", sb->len ? "," : "", pos);
	return 0;
}

/* The positions of term in xd, as "1,5,9". */
static char *positions(xap_document *xd, const char *term)
{
	strbuf sb = STRBUF_INIT;
	xap_document_positions(xd, term, strlen(term), pos_cb, &sb);
	return strbuf_detach(&sb, NULL);
}

static char *value(xap_document *xd, unsigned slot)
{
	const char *v = NULL;
	size_t n = 0;
	if (xap_document_get_value(xd, slot, &v, &n) != XAP_OK)
		return xstrdup("(error)");
	return xstrndup(v, n);
}

static xap_document *build(analyser *a, const document *doc, struct terms *t)
{
	xap_document *xd = NULL;
	strbuf err = STRBUF_INIT;
	if (xap_document_new(&xd) != XAP_OK)
		return NULL;
	xap_status st = schema_build(a, doc, xd, &err);
	if (st != XAP_OK) {
		diag("schema_build: %s", err.buf);
		xap_document_free(xd);
		strbuf_release(&err);
		return NULL;
	}
	strbuf_release(&err);
	strbuf_init(&t->all, 0);
	xap_document_termlist(xd, term_cb, t);
	return xd;
}

static void test_build(analyser *a)
{
	document doc;
	static const char text[] =
		"ALMATY, Kazakhstan, 18 October 2012 – Running co-operation in 2012.";
	document_init(&doc);
	doc.id = xstrdup("docs/a.txt");
	doc.title = xstrdup("Women’s rights in Almaty");
	doc.text = xstrdup(text);
	doc.textlen = sizeof(text) - 1;
	doc.date = (date_ymd){ 2012, 10, 18 };
	doc.place = xstrdup("Almaty, Kazakhstan");
	doc.lang = xstrdup("ru");
	document_add_meta(&doc, "Author", "Jane Doe", 8);
	document_add_meta(&doc, "Source URL", "osce.org", 8);
	document_add_meta(&doc, "--", "dropped", 7);

	struct terms t;
	xap_document *xd = build(a, &doc, &t);
	ok(xd != NULL, "schema_build succeeds");
	if (!xd) {
		document_release(&doc);
		return;
	}
	static const struct {
		const char *term;
		long wdf;
		const char *positions; /* NULL: not checked */
	} want[] = {
		{ "Qdocs/a.txt", 0, "" },
		/* raw words, title then body, SCHEMA_TITLE_GAP apart */
		{ "women", 1, "1" },
		{ "rights", 1, "2" },
		{ "almaty", 2, "4,105" },
		{ "kazakhstan", 1, "106" },
		{ "18", 1, "107" },
		{ "2012", 2, "109,114" },
		{ "running", 1, "110" },
		{ "co", 1, "111" },
		{ "operation", 1, "112" },
		{ "cooperation", 1, "111" },
		/* title words */
		{ "Swomen", 1, "1" },
		{ "Srights", 1, "2" },
		{ "Sin", 1, "3" },
		{ "Salmaty", 1, "4" },
		/* stems, without positions */
		{ "Zwomen", 1, "" },
		{ "Zright", 1, "" },
		{ "Zrun", 1, "" },
		{ "Zoper", 1, "" },
		{ "Zcooper", 1, "" },
		{ "Zkazakhstan", 1, "" },
		{ "ZSwomen", 1, "" },
		{ "ZSright", 1, "" },
		/* boolean filters */
		{ "XPalmaty", 0, "" },
		{ "XPkazakhstan", 0, "" },
		{ "Y2012", 0, "" },
		{ "M201210", 0, "" },
		{ "D20121018", 0, "" },
		{ "Lru", 0, "" },
		/* metadata words: key lower-cased, only [a-z0-9_] kept */
		{ "XMauthor:jane", 1, "" },
		{ "XMauthor:doe", 1, "" },
		{ "XMsourceurl:osce", 1, "" },
		{ "XMsourceurl:org", 1, "" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		long w = wdf(&t, want[i].term);
		ok(w == want[i].wdf, "term %s with wdf %ld", want[i].term, want[i].wdf);
		if (w != want[i].wdf)
			diag("wdf %ld", w);
		if (w >= 0 && want[i].positions) {
			char *p = positions(xd, want[i].term);
			is_str(p, want[i].positions, "positions of %s", want[i].term);
			free(p);
		}
	}
	static const char *const absent[] = {
		"Z2012", "Z18", "ZS2012", "S2012", "Skazakhstan", "Zalmaty's", "XMauthor:jane doe",
		"XM:dropped", "XMdropped", "D2012", "W", "women’s", "women's", "Zwomen's",
	};
	for (size_t i = 0; i < ARRAY_SIZE(absent); i++)
		ok(wdf(&t, absent[i]) < 0, "no term %s", absent[i]);
	int dropped = strstr(t.all.buf, "dropped") == NULL;
	ok(dropped, "a metadata key without a letter or digit adds no term");

	char *v = value(xd, SLOT_DATE);
	is_str(v, "20121018", "SLOT_DATE");
	free(v);
	v = value(xd, SLOT_YEAR);
	is_str(v, "2012", "SLOT_YEAR");
	free(v);
	v = value(xd, SLOT_PLACE);
	is_str(v, "Almaty, Kazakhstan", "SLOT_PLACE");
	free(v);
	v = value(xd, SLOT_LANG);
	is_str(v, "ru", "SLOT_LANG");
	free(v);

	const char *data = NULL;
	size_t dlen = 0;
	xap_document_get_data(xd, &data, &dlen);
	document back;
	document_init(&back);
	ok(data && schema_data_decode(data, dlen, &back) == 0 && strcmp(back.id, doc.id) == 0 &&
		   strcmp(back.text, doc.text) == 0 && back.nmeta == 3,
	   "the document data decodes to the document");
	document_release(&back);
	xap_document_free(xd);
	strbuf_release(&t.all);

	/* A multi-word place, a partial date, no title, no language. */
	free(doc.title);
	doc.title = NULL;
	free(doc.place);
	doc.place = xstrdup("MEXICO CITY, State of Mexico");
	free(doc.lang);
	doc.lang = NULL;
	doc.date = (date_ymd){ 2024, 2, 0 };
	xd = build(a, &doc, &t);
	ok(xd != NULL, "schema_build of a second document");
	if (xd) {
		ok(wdf(&t, "XPmexico city") == 0 && wdf(&t, "XPmexico") == 0 &&
			   wdf(&t, "XPcity") == 0,
		   "a multi-word place: the component and each word");
		ok(wdf(&t, "XPstate of mexico") == 0 && wdf(&t, "XPstate") == 0 &&
			   wdf(&t, "XPof") == 0,
		   "each component of several words");
		ok(wdf(&t, "Y2024") == 0 && wdf(&t, "M202402") == 0 && !strstr(t.all.buf, "\nD"),
		   "a partial date: year and month terms, no day");
		v = value(xd, SLOT_DATE);
		is_str(v, "20240200", "SLOT_DATE of a partial date");
		free(v);
		char *p = positions(xd, "almaty");
		is_str(p, "1", "without a title the body starts at position 1");
		free(p);
		ok(!strstr(t.all.buf, "\nS") && !strstr(t.all.buf, "\nZS"), "no title terms");
		ok(!strstr(t.all.buf, "\nL"), "no language term");
		v = value(xd, SLOT_LANG);
		is_str(v, "", "no SLOT_LANG");
		free(v);
		xap_document_free(xd);
		strbuf_release(&t.all);
	}

	/* No date, no place; a very long id. */
	doc.date = (date_ymd){ 0, 0, 0 };
	free(doc.place);
	doc.place = NULL;
	free(doc.id);
	strbuf longid = STRBUF_INIT;
	while (longid.len < 400)
		strbuf_adds(&longid, "long/");
	doc.id = strbuf_detach(&longid, NULL);
	xd = build(a, &doc, &t);
	ok(xd != NULL, "schema_build with a 400-byte id");
	if (xd) {
		char *q = id_term(doc.id);
		ok(wdf(&t, q) == 0, "the id term is the cut and hashed one");
		free(q);
		ok(!strstr(t.all.buf, "\nY") && !strstr(t.all.buf, "\nXP"), "no date or place terms");
		v = value(xd, SLOT_DATE);
		is_str(v, "", "no SLOT_DATE");
		free(v);
		v = value(xd, SLOT_PLACE);
		is_str(v, "", "no SLOT_PLACE");
		free(v);
		xap_document_free(xd);
		strbuf_release(&t.all);
	}
	document_release(&doc);
}

int main(void)
{
	analyser *a = analyser_new("en");
	test_id_terms();
	test_data_round_trip();
	test_data_damaged();
	test_meta_keys();
	test_build(a);
	analyser_free(a);
	return done_testing();
}
