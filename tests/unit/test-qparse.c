/*
 * test-qparse.c - the query language (qparse.h), checked by running the
 * parsed queries against a small real index.
 *
 * The index is built at run time in a mkdtemp() directory from nine
 * documents written below, through schema_build() and the binding.  Each
 * query case lists the ids it must match: sorted (a set), or in rank
 * order where the ranking is clear.  Each error case gives a substring of
 * the message and the byte offset of the caret.
 */
#include "analyser.h"
#include "document.h"
#include "qparse.h"
#include "schema.h"
#include "util.h"
#include "xap.h"

#include "tap.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char tmpdir[] = "/tmp/dateline-test-qparse.XXXXXX";

static const struct fixture {
	const char *id, *title, *text, *place, *date, *lang;
	const char *meta[4]; /* key, value pairs */
} fixtures[] = {
	{ "d1", "Domestic violence law adopted",
	  "ALMATY, Kazakhstan, 18 October 2012 – The parliament adopted a law on domestic "
	  "violence. Police officers were trained.",
	  "Almaty, Kazakhstan", "2012-10-18", "en", { "author", "Jane Doe", "press-office", "Astana" } },
	{ "d2", "Election observers deployed",
	  "KYIV, 29 October 2012 – Observers watched the parliamentary elections. Violent "
	  "incidents were rare.",
	  "Kyiv", "2012-10-29", "en", { NULL } },
	{ "d3", "Women in policing",
	  "VIENNA, 5 March 2021 – Police chiefs discussed women in policing and co-operation "
	  "between services.",
	  "Vienna", "2021-03-05", "en", { "author", "John Smith" } },
	{ "d4", "Cooperation on water",
	  "BISHKEK, Kyrgyzstan, 16 May 2012 – Water managers agreed on cooperation along the "
	  "Chu and Talas rivers.",
	  "Bishkek, Kyrgyzstan", "2012-05-16", "en", { NULL } },
	{ "d5", "Hate crime report",
	  "WARSAW, 16 November 2012 – The report on hate crime says domestic abuse and violence "
	  "against women remain widespread.",
	  "Warsaw", "2012-11-16", "en", { NULL } },
	{ "d6", "International Women’s Day",
	  "NEW YORK, 8 March – UN Women called for equality. Domestic work is undervalued; "
	  "violence is not.",
	  "New York", "2011-03-08", "en", { NULL } },
	{ "d7", "Полиция и насилие",
	  "БИШКЕК, 3 марта 2015 года – Представители полиции обсудили домашнее насилие.",
	  "Бишкек", "2015-03-03", "ru", { NULL } },
	{ "d8", "Organisations meet",
	  "MEXICO CITY, Mexico, 26 February 2024 – Civil society organizations and organisers met.",
	  "Mexico City, Mexico", "2024-02", "en", { "press-office", "Mexico" } },
	{ "d9", "Annual review", "A year of work.", NULL, "2012", "en", { NULL } },
};

static xap_database *db;
static analyser *an_en, *an_ru;

static int rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path) != 0 && errno != ENOENT;
}

static int build_index(void)
{
	char *path = xasprintf("%s/idx", tmpdir), *msg = NULL;
	xap_database *w = NULL;
	if (xap_database_open_writable(path, XAP_DB_CREATE_OR_OVERWRITE, &w, &msg) != XAP_OK) {
		diag("cannot create the index: %s", msg ? msg : "");
		free(msg);
		free(path);
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < ARRAY_SIZE(fixtures) && !rc; i++) {
		const struct fixture *f = &fixtures[i];
		document doc;
		document_init(&doc);
		doc.id = xstrdup(f->id);
		doc.title = xstrdup(f->title);
		doc.text = xstrdup(f->text);
		doc.textlen = strlen(f->text);
		doc.place = f->place ? xstrdup(f->place) : NULL;
		doc.lang = xstrdup(f->lang);
		date_parse_iso(f->date, strlen(f->date), &doc.date);
		for (size_t k = 0; k + 1 < ARRAY_SIZE(f->meta) && f->meta[k]; k += 2)
			document_add_meta(&doc, f->meta[k], f->meta[k + 1], strlen(f->meta[k + 1]));
		xap_document *xd = NULL;
		strbuf err = STRBUF_INIT, term = STRBUF_INIT;
		schema_id_term(doc.id, &term);
		analyser *a = strcmp(f->lang, "ru") == 0 ? an_ru : an_en;
		if (xap_document_new(&xd) || schema_build(a, &doc, xd, &err) ||
		    xap_database_replace_document_by_term(w, term.buf, term.len, xd, NULL)) {
			diag("cannot index %s: %s %s", f->id, err.buf, xap_database_errmsg(w));
			rc = -1;
		}
		xap_document_free(xd);
		strbuf_release(&err);
		strbuf_release(&term);
		document_release(&doc);
	}
	if (!rc && xap_database_commit(w) != XAP_OK) {
		diag("cannot commit: %s", xap_database_errmsg(w));
		rc = -1;
	}
	xap_database_destroy(w);
	if (!rc && xap_database_open(path, &db, &msg) != XAP_OK) {
		diag("cannot open the index: %s", msg ? msg : "");
		free(msg);
		rc = -1;
	}
	free(path);
	return rc;
}

/* As query(1) does: a metadata field exists if some term has its prefix. */
static int first_term(void *ctx, const char *t, size_t n, unsigned f)
{
	(void)t, (void)n, (void)f;
	*(int *)ctx = 1;
	return 1;
}

static int meta_exists(void *ctx, const char *key)
{
	char *prefix = xasprintf("%s%s:", PREFIX_META, key);
	int found = 0;
	xap_database_allterms(ctx, prefix, strlen(prefix), first_term, &found);
	free(prefix);
	return found;
}

static int never(void *ctx, const char *key)
{
	(void)ctx, (void)key;
	return 0;
}

static analyser *langs[2];

static qp_options options(void)
{
	qp_options o = { .analysers = langs, .nanalysers = 2, .title_weight = 2.0, .wildcard_limit = 100,
			 .meta_field_exists = meta_exists };
	o.meta_ctx = db;
	return o;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Runs the query (len bytes, or strlen) and returns the ids it matches
 * separated by spaces, sorted if sorted, else in rank order; or
 * "ERROR @pos: msg".  Caller frees.
 */
static char *search_len(const char *q, size_t len, const qp_options *o, int sorted)
{
	qp_result res;
	qp_error err;
	if (qp_parse(q, len, o, &res, &err) != 0)
		return xasprintf("ERROR @%zu: %s", err.pos, err.msg);
	xap_enquire *enq = NULL;
	xap_mset *m = NULL;
	char *msg = NULL, *out = NULL;
	if (xap_enquire_new(db, &enq, &msg) || xap_enquire_set_query(enq, res.query, 0) ||
	    xap_enquire_get_mset(enq, 0, 100, 100, NULL, 0, &m)) {
		out = xasprintf("SEARCH ERROR: %s", enq ? xap_enquire_errmsg(enq) : msg);
		goto done;
	}
	char *ids[100];
	unsigned n = xap_mset_size(m);
	for (unsigned i = 0; i < n; i++) {
		xap_document *xd = NULL;
		const char *data = NULL;
		size_t dlen = 0;
		document doc;
		document_init(&doc);
		xap_mset_document(m, i, &xd);
		xap_document_get_data(xd, &data, &dlen);
		schema_data_decode(data, dlen, &doc);
		ids[i] = xstrdup(doc.id ? doc.id : "?");
		document_release(&doc);
		xap_document_free(xd);
	}
	if (sorted)
		qsort(ids, n, sizeof(*ids), cmp_str);
	strbuf sb = STRBUF_INIT;
	for (unsigned i = 0; i < n; i++) {
		strbuf_addf(&sb, "%s%s", i ? " " : "", ids[i]);
		free(ids[i]);
	}
	out = strbuf_detach(&sb, NULL);
done:
	xap_mset_free(m);
	xap_enquire_free(enq);
	free(msg);
	qp_result_release(&res);
	return out;
}

static char *search(const char *q, int sorted)
{
	qp_options o = options();
	return search_len(q, strlen(q), &o, sorted);
}

static const struct qcase {
	const char *q;
	const char *want; /* ids, sorted */
	const char *what;
} qcases[] = {
	/* words and stems */
	{ "police", "d1 d3", "a word, matched by its stem" },
	{ "policing", "d1 d3", "another form of the same stem" },
	{ "Police", "d1 d3", "case does not matter" },
	{ "observer", "d2", "singular finds plural" },
	{ "violence", "d1 d5 d6", "violence" },
	{ "violent", "d2", "violent has a stem of its own" },
	{ "насилия", "d7", "a Russian word, by its Russian stem" },
	{ "полиция", "d7", "Russian title word" },
	{ "2012", "d1 d2 d4 d5", "a number, exactly" },
	{ "zebra", "", "a word in no document" },
	{ "water cooperation", "d3 d4", "two words: either" },
	/* phrases */
	{ "\"domestic violence\"", "d1", "a phrase" },
	{ "\"violence against women\"", "d5", "a longer phrase" },
	{ "\"violence domestic\"", "", "a phrase is ordered" },
	{ "\"domestic\"", "d1 d5 d6", "a quoted word is exact" },
	{ "\"observer\"", "", "a quoted word is not stemmed" },
	{ "“domestic violence”", "d1", "curly quotes" },
	{ "\"adopted almaty\"", "", "no phrase across title and body" },
	/* prefixes */
	{ "organi*", "d8", "prefix: organisations, organizations, organisers" },
	{ "elect*", "d2", "prefix of elections" },
	{ "coop*", "d3 d4", "a prefix meets the joined form of co-operation" },
	{ "zzz*", "", "a prefix of nothing" },
	/* + and - */
	{ "police -women", "d1", "-word excludes" },
	{ "+women violence", "d3 d5 d6", "+word is required, the others optional" },
	{ "+women +violence", "d5 d6", "two required words" },
	{ "-police", "d2 d4 d5 d6 d7 d8 d9", "a pure negative query" },
	{ "NOT police", "d2 d4 d5 d6 d7 d8 d9", "NOT alone" },
	{ "-police -women -violence", "d2 d4 d7 d8 d9", "several exclusions" },
	/* boolean operators */
	{ "violence AND women", "d5 d6", "AND" },
	{ "water OR elections", "d2 d4", "OR" },
	{ "water OR elections AND observers", "d2 d4", "AND binds tighter than OR" },
	{ "elections AND observers OR water", "d2 d4", "the same the other way round" },
	{ "(water OR elections) AND observers", "d2", "parentheses group first" },
	{ "women NOT violence", "d3", "a NOT b" },
	{ "police OR water NOT women", "d1 d3 d4", "NOT binds tighter than OR" },
	{ "(police OR water) NOT women", "d1 d4", "parentheses around OR before NOT" },
	{ "police AND women NOT violence", "d3", "NOT with AND" },
	{ "women NOT violence AND police", "d3", "NOT then AND" },
	{ "police AND NOT women", "d1", "AND NOT" },
	{ "police AND -women", "d1", "AND -word" },
	{ "((police))", "d1 d3", "nested parentheses" },
	{ "police -\"domestic violence\"", "d3", "-\"phrase\" excludes the phrase" },
	{ "police -(women OR violence)", "", "-(...) excludes the group" },
	{ "police -(women)", "d1", "-(word)" },
	{ "water +(chu OR talas)", "d4", "+(...) requires the group" },
	{ "+\"domestic violence\" police", "d1", "+\"phrase\" requires the phrase" },
	{ "police +", "d1 d3", "a lone + is punctuation" },
	{ "- police", "d1 d3", "a lone - is punctuation" },
	{ "police - women", "d1 d3 d5 d6", "a spaced hyphen is no operator" },
	{ "water cooperation AND chu", "d4", "juxtaposed words before AND" },
	/* proximity */
	{ "parliament NEAR/2 law", "d1", "NEAR/2: two words between" },
	{ "law NEAR/2 parliament", "d1", "NEAR in either order" },
	{ "parliament NEAR/1 law", "", "NEAR/1: too far" },
	{ "parliament NEAR law", "d1", "NEAR, default distance" },
	{ "parliament ADJ/2 law", "d1", "ADJ/2 in order" },
	{ "law ADJ/2 parliament", "", "ADJ is ordered" },
	{ "parliament ADJ/1 law", "", "ADJ/1: too far" },
	{ "police NEAR/0 officers", "d1", "NEAR/0: side by side" },
	{ "officers ADJ/0 police", "", "ADJ/0 in the wrong order" },
	{ "\"domestic violence\" NEAR/3 police", "d1", "a phrase NEAR a word" },
	/* title: */
	{ "title:women", "d3 d6", "title:" },
	{ "title:violence", "d1", "title: not the body" },
	{ "title:\"domestic violence\"", "d1", "title: with a phrase" },
	{ "title:(water OR elections)", "d2 d4", "title: with parentheses" },
	{ "title:organi*", "d8", "title: with a prefix" },
	/* place: */
	{ "place:almaty", "d1", "place: a city" },
	{ "place:Kazakhstan", "d1", "place: a country" },
	{ "place:\"new york\"", "d6", "place: two words" },
	{ "place:york", "d6", "place: one word of a city" },
	{ "place:\"mexico city\"", "d8", "place: another two-word city" },
	{ "place:бишкек", "d7", "place: Cyrillic" },
	{ "place:bishkek", "d4", "place: the Latin spelling is another place" },
	{ "place:kyiv place:vienna", "d2 d3", "two places: either" },
	{ "place:almaty date:2012", "d1", "place and date: both" },
	{ "place:kyiv date:2021", "", "place and date that do not meet" },
	{ "place:kyiv place:vienna date:2012", "d2", "(place OR place) AND date" },
	{ "violence place:warsaw", "d5", "a word and a filter" },
	{ "violence place:kyiv", "", "a filter restricts" },
	/* org: */
	{ "org:\"un women\"", "d6", "org: a known organisation" },
	{ "org:ООН-Женщины", "d6", "org: by its Russian name" },
	{ "org:un", "", "org: UN Women is not the UN" },
	{ "org:\"united nat*\"", "", "org: a quoted prefix is no prefix" },
	{ "org:un*", "d6", "org: a prefix over organisation names" },
	{ "equality org:\"un women\"", "d6", "org: with a word" },
	{ "police org:\"un women\"", "", "org: restricts" },
	/* date:, after:, before: */
	{ "date:2012-10-18", "d1", "date: a day" },
	{ "date:2012-10", "d1 d2", "date: a month" },
	{ "date:2012", "d1 d2 d4 d5 d9", "date: a year, with the year-only date" },
	{ "date:2024-02", "d8", "date: a month-only date" },
	{ "date:2012-05..2012-10", "d1 d2 d4", "date: a range of months" },
	{ "date:2021..", "d3 d8", "date: open end" },
	{ "date:..2011", "d6", "date: open start" },
	{ "date:2012-03..", "d1 d2 d3 d4 d5 d7 d8", "date: from a month on" },
	{ "date:2012-10-18..2012-10-18", "d1", "date: a one-day range" },
	{ "date:2011 date:2015", "d6 d7", "two dates: either" },
	{ "after:2012-10-18", "d2 d3 d5 d7 d8", "after: is strict" },
	{ "before:2012-10-18", "d4 d6 d9", "before: is strict (a year-only date sorts first)" },
	{ "after:2012", "d3 d7 d8", "after: a year" },
	{ "before:2012", "d6", "before: a year" },
	{ "after:2012-10", "d3 d5 d7 d8", "after: a month" },
	{ "after:2012 before:2022", "d3 d7", "after: and before: together" },
	/* lang:, id: */
	{ "lang:ru", "d7", "lang: a code" },
	{ "lang:russian", "d7", "lang: a name" },
	{ "lang:en police", "d1 d3", "lang: with a word" },
	{ "id:d3", "d3", "id:" },
	{ "id:d3 id:d4", "d3 d4", "two ids: either" },
	{ "id:nothing", "", "an unknown id" },
	/* metadata */
	{ "author:jane", "d1", "a metadata field" },
	{ "author:Smith", "d3", "a metadata field, folded" },
	{ "author:\"jane doe\"", "d1", "a metadata phrase" },
	{ "author:jane author:john", "d1 d3", "two values of a field: either" },
	{ "Author:jane", "d1", "field names in any case" },
	{ "press-office:astana", "d1", "a key with a hyphen, as written in the JSON" },
	/* hyphenated words */
	{ "co-operation", "d3 d4", "a hyphenated word finds both spellings" },
	{ "cooperation", "d3 d4", "the joined spelling finds the hyphenated one" },
	{ "\"co-operation\"", "d3", "quoted: only the hyphenated spelling" },
};

static void test_queries(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(qcases); i++) {
		char *got = search(qcases[i].q, 1);
		is_str(got, qcases[i].want, "%s: %s", qcases[i].what, qcases[i].q);
		free(got);
	}
}

static void test_ranking(void)
{
	char *got = search("water cooperation", 0);
	is_str(got, "d4 d3", "the document with both words first");
	free(got);

	/* women: in d3's and d6's titles (title_weight 2), only in d5's body. */
	got = search("women", 0);
	ok(got && strlen(got) == 8 && strcmp(got + 6, "d5") == 0,
	   "title matches rank above a body match: %s", got);
	free(got);

	qp_options o = options();
	o.default_and = 1;
	got = search_len("water cooperation", 17, &o, 1);
	is_str(got, "d4", "default_and: every plain word required");
	free(got);

	/* ranked says whether anything but filters is in the query */
	static const struct {
		const char *q;
		int ranked;
	} r[] = { { "police", 1 }, { "place:almaty", 0 }, { "date:2012 lang:en", 0 },
		  { "police place:almaty", 1 }, { "\"domestic violence\"", 1 }, { "organi*", 1 },
		  { "-police", 0 }, { "NOT police", 0 }, { "-(police OR women)", 0 },
		  { "date:2012 -\"domestic violence\"", 0 }, { "police -women", 1 } };
	for (size_t i = 0; i < ARRAY_SIZE(r); i++) {
		qp_result res;
		qp_error err;
		o = options();
		int rc = qp_parse(r[i].q, strlen(r[i].q), &o, &res, &err);
		ok(rc == 0 && res.ranked == r[i].ranked, "ranked is %d for %s", r[i].ranked, r[i].q);
		qp_result_release(&res);
	}
}

/* ------------------------------------------------------------------ */
/* Errors                                                               */

static const struct ecase {
	const char *q;
	const char *msg; /* substring of the message */
	size_t pos;
	int nometa;      /* meta_field_exists NULL */
} ecases[] = {
	{ "\"domestic violence", "unbalanced quote", 0, 0 },
	{ "police \"domestic", "unbalanced quote", 7, 0 },
	{ "(police OR water", "this '(' has no closing ')'", 0, 0 },
	{ "police (water", "this '(' has no closing ')'", 7, 0 },
	{ "police OR water)", "this ')' has no opening '('", 15, 0 },
	{ ")", "this ')' has no opening '('", 0, 0 },
	{ "title: x", "empty field 'title:'", 0, 0 },
	{ "police title:", "empty field 'title:'", 7, 0 },
	{ "date:", "empty field 'date:'", 0, 0 },
	{ "foo:bar", "unknown field 'foo:'", 0, 1 },
	{ "police foo:bar", "unknown field 'foo:'", 7, 0 },
	{ "date:2012-02-30", "impossible date '2012-02-30'", 0, 0 },
	{ "police date:2011-02-29", "impossible date", 7, 0 },
	{ "date:2012-13", "impossible date", 0, 0 },
	{ "date:yesterday", "'yesterday' is not a date", 0, 0 },
	{ "police after:tomorrow", "is not a date", 7, 0 },
	{ "date:2012..2009", "ends before it starts", 0, 0 },
	{ "date:2012-10-18..2012-10-17", "ends before it starts", 0, 0 },
	{ "date:..", "empty date range", 0, 0 },
	{ "date:2012..soon", "is not a date", 0, 0 },
	{ "date:\"2012\"", "a date field takes a date", 5, 0 },
	{ "AND x", "'AND' needs something on its left", 0, 0 },
	{ "x AND", "'AND' needs something on its right", 2, 0 },
	{ "x OR", "'OR' needs something on its right", 2, 0 },
	{ "OR x", "'OR' needs something on its left", 0, 0 },
	{ "x AND AND y", "'AND' needs something on its right", 2, 0 },
	{ "x OR OR y", "'OR' needs something on its right", 2, 0 },
	{ "(x AND)", "'AND' needs something on its right", 3, 0 },
	{ "NOT", "'NOT' needs something on its right", 0, 0 },
	{ "x NOT", "'NOT' needs something on its right", 2, 0 },
	{ "x NEAR", "'NEAR' needs something on its right", 2, 0 },
	{ "NEAR x", "'NEAR' needs something on its left", 0, 0 },
	{ "x ADJ/3", "'ADJ/3' needs something on its right", 2, 0 },
	{ "x NEAR place:y", "joins words or \"phrases\" without fields", 2, 0 },
	{ "x NEAR (y z)", "joins words", 2, 0 },
	{ "x NEAR y*", "joins words", 2, 0 },
	{ "()", "empty parentheses", 0, 0 },
	{ "police ()", "empty parentheses", 7, 0 },
	{ "*", "a lone '*'", 0, 0 },
	{ "police *", "a lone '*'", 7, 0 },
	{ "", "empty query", 0, 0 },
	{ "   \t\n ", "empty query", 0, 0 },
	{ "lang:xx", "unknown language 'xx'", 0, 0 },
	{ "place:,,", "expected a place name", 0, 0 },
	{ "org:,,", "expected an organisation after 'org:'", 0, 0 },
	{ "x org:-*", "expected the start of a name before '*'", 2, 0 },
	{ "author:,,", "expected a word after 'author:'", 0, 0 },
	{ "...", "nothing to search for", 0, 0 },
	{ "x -)", "this ')' has no opening '('", 3, 0 },
	{ "-", "nothing to search for", 0, 0 },
};

/* s made fit for a one-line test name: control characters shown as \xNN.
 * Static buffer. */
static const char *shown(const char *s)
{
	static char buf[256];
	size_t j = 0;
	for (; *s && j + 5 < sizeof(buf); s++) {
		if ((unsigned char)*s < 0x20)
			j += (size_t)snprintf(buf + j, sizeof(buf) - j, "\\x%02X", (unsigned char)*s);
		else
			buf[j++] = *s;
	}
	buf[j] = 0;
	return buf;
}

static void test_errors(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(ecases); i++) {
		qp_options o = options();
		if (ecases[i].nometa)
			o.meta_field_exists = NULL;
		qp_result res;
		qp_error err;
		int rc = qp_parse(ecases[i].q, strlen(ecases[i].q), &o, &res, &err);
		int good = rc == -1 && strstr(err.msg, ecases[i].msg) && err.pos == ecases[i].pos;
		ok(good, "error for '%s': %s, at %zu", shown(ecases[i].q), ecases[i].msg, ecases[i].pos);
		if (!good)
			diag("rc %d, at %zu: %s", rc, err.pos, err.msg);
		ok(res.query == NULL && res.nhl == 0 && res.hl == NULL,
		   "no result is left after the error for '%s'", shown(ecases[i].q));
	}

	/* meta_field_exists returning 0 */
	qp_options o = options();
	o.meta_field_exists = never;
	qp_result res;
	qp_error err;
	int rc = qp_parse("author:jane", 11, &o, &res, &err);
	ok(rc == -1 && strstr(err.msg, "unknown field 'author:'") &&
		   strstr(err.msg, "metadata field") && err.pos == 0,
	   "unknown field when meta_field_exists says no: %s", err.msg);
	o.meta_field_exists = NULL;
	rc = qp_parse("police author:jane", 18, &o, &res, &err);
	ok(rc == -1 && strstr(err.msg, "unknown field 'author:'") && err.pos == 7,
	   "unknown field when there is no meta_field_exists: %s", err.msg);
	o.meta_field_exists = never;
	rc = qp_parse("title:x place:y date:2012 after:2011 before:2013 lang:en id:z", 62, &o,
		      &res, &err);
	ok(rc == 0, "the built-in fields need no meta_field_exists");
	qp_result_release(&res);
}

static void test_hostile(void)
{
	qp_options o = options();
	qp_result res;
	qp_error err;

	/* 10,000 nested parentheses. */
	strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 10000; i++)
		strbuf_addc(&sb, '(');
	strbuf_adds(&sb, "x");
	for (int i = 0; i < 10000; i++)
		strbuf_addc(&sb, ')');
	int rc = qp_parse(sb.buf, sb.len, &o, &res, &err);
	ok(rc == -1 && strstr(err.msg, "too deeply nested") && err.pos == QP_MAX_DEPTH,
	   "10,000 nested parentheses: '%s' at %zu", err.msg, err.pos);

	/* Nesting up to the limit is fine. */
	strbuf_reset(&sb);
	for (int i = 0; i < QP_MAX_DEPTH; i++)
		strbuf_addc(&sb, '(');
	strbuf_adds(&sb, "police");
	for (int i = 0; i < QP_MAX_DEPTH; i++)
		strbuf_addc(&sb, ')');
	char *got = search_len(sb.buf, sb.len, &o, 1);
	is_str(got, "d1 d3", "%d nested parentheses are accepted", QP_MAX_DEPTH);
	free(got);

	/* Many other ways of nesting deeply. */
	static const char *const units[] = { "NOT ", "-", "+", "title:(", "\"", "x AND ", "x OR " };
	for (size_t u = 0; u < ARRAY_SIZE(units); u++) {
		strbuf_reset(&sb);
		for (int i = 0; i < 10000; i++)
			strbuf_adds(&sb, units[u]);
		strbuf_adds(&sb, "x");
		rc = qp_parse(sb.buf, sb.len, &o, &res, &err);
		ok(rc == 0 || (rc == -1 && err.msg[0] && err.pos <= sb.len),
		   "10,000 times '%s' then x: %s", units[u], rc ? err.msg : "parsed");
		if (rc == 0)
			qp_result_release(&res);
	}

	/* A 100 KB query of words is refused at the first word over the cap
	 * (Xapian would take seconds to run it); as many words as the cap
	 * allows run. */
	strbuf_reset(&sb);
	size_t over = 0;
	for (unsigned i = 0; sb.len < 100 * 1024; i++) {
		if (i == QP_MAX_WORDS)
			over = sb.len;
		strbuf_addf(&sb, "w%u ", i);
	}
	double t0 = now_ms();
	rc = qp_parse(sb.buf, sb.len, &o, &res, &err);
	ok(rc == -1 && strstr(err.msg, "too many words") && err.pos == over,
	   "a 100 KB query of words: '%s' at %zu (word %u starts at %zu)", err.msg, err.pos,
	   QP_MAX_WORDS + 1, over);
	ok(now_ms() - t0 < 2000, "... refused in %.0f ms", now_ms() - t0);
	strbuf_reset(&sb);
	for (unsigned i = 0; i + 1 < QP_MAX_WORDS; i++)
		strbuf_addf(&sb, "w%u ", i);
	strbuf_adds(&sb, "police");
	got = search_len(sb.buf, sb.len, &o, 1);
	is_str(got, "d1 d3", "a query of %u words runs", QP_MAX_WORDS);
	free(got);
	/* Words of phrases, prefixes and field values count too. */
	static const char *const units2[] = { "\"a b\" ", "w* ", "place:x ", "author:jane " };
	static const unsigned per[] = { 2, 1, 1, 1 };
	for (size_t u = 0; u < ARRAY_SIZE(units2); u++) {
		strbuf_reset(&sb);
		for (unsigned i = 0; i * per[u] < QP_MAX_WORDS + 1; i++)
			strbuf_adds(&sb, units2[u]);
		rc = qp_parse(sb.buf, sb.len, &o, &res, &err);
		ok(rc == -1 && strstr(err.msg, "too many words"), "%u times '%s': %s",
		   (QP_MAX_WORDS + per[u]) / per[u], units2[u], rc ? err.msg : "parsed");
		if (rc == 0)
			qp_result_release(&res);
	}
	/* A phrase of more words than the cap, in one node. */
	strbuf_reset(&sb);
	strbuf_addc(&sb, '"');
	for (unsigned i = 0; i < 3000; i++)
		strbuf_adds(&sb, "ab ");
	strbuf_addc(&sb, '"');
	rc = qp_parse(sb.buf, sb.len, &o, &res, &err);
	ok(rc == -1 && strstr(err.msg, "too many words in one phrase") && err.pos == 0,
	   "a phrase of 3000 words: %s", rc ? err.msg : "parsed");
	if (rc == 0)
		qp_result_release(&res);

	/* Longer than QP_MAX_QUERY. */
	strbuf_reset(&sb);
	while (sb.len <= QP_MAX_QUERY)
		strbuf_adds(&sb, "word ");
	rc = qp_parse(sb.buf, sb.len, &o, &res, &err);
	ok(rc == -1 && strstr(err.msg, "too long"), "a query over QP_MAX_QUERY: %s", err.msg);
	strbuf_release(&sb);

	/* Every single byte. */
	int fine = 1;
	for (int c = 0; c < 256; c++) {
		char q[1] = { (char)c };
		rc = qp_parse(q, 1, &o, &res, &err);
		if (rc == 0) {
			if (!res.query)
				fine = 0;
			qp_result_release(&res);
		} else if (rc != -1 || !err.msg[0] || err.pos > 1) {
			fine = 0;
			diag("byte %d: rc %d, at %zu: %s", c, rc, err.pos, err.msg);
		}
	}
	ok(fine, "each byte 0-255 alone parses or fails with a message");

	/* Every pair of special characters, with a word around. */
	static const char special[] = "()\"+-*: \t.,'/\\";
	fine = 1;
	for (size_t i = 0; i < sizeof(special) - 1; i++)
		for (size_t j = 0; j < sizeof(special) - 1; j++) {
			char q[16];
			int n = snprintf(q, sizeof(q), "a%cb%cc", special[i], special[j]);
			rc = qp_parse(q, (size_t)n, &o, &res, &err);
			if (rc == 0)
				qp_result_release(&res);
			else if (rc != -1 || !err.msg[0] || err.pos > (size_t)n)
				fine = 0;
		}
	ok(fine, "pairs of special characters parse or fail with a message");

	/* Invalid UTF-8. */
	static const struct {
		const char *q;
		size_t len;
	} bad[] = { { "\xFF\xFE", 2 },     { "polic\xFF" "e", 7 }, { "\xC3", 1 },
		    { "\"\xE2\x80", 3 },  { "title:\xC0\xAF", 8 },  { "\xE2\x80\x9C", 3 },
		    { "place:\xED\xA0\x80", 9 }, { "a\0b", 3 } };
	fine = 1;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		rc = qp_parse(bad[i].q, bad[i].len, &o, &res, &err);
		if (rc == 0)
			qp_result_release(&res);
		else if (rc != -1 || !err.msg[0] || err.pos > bad[i].len)
			fine = 0;
	}
	ok(fine, "invalid UTF-8 and NUL bytes parse or fail with a message");
	got = search_len("polic\xFF" "e", 7, &o, 1);
	ok(strncmp(got, "ERROR", 5) != 0, "an invalid byte splits a word like a space: %s", got);
	free(got);
	rc = qp_parse("\"\xE2\x80", 3, &o, &res, &err);
	ok(rc == -1 && strstr(err.msg, "unbalanced quote"),
	   "a curly quote cut short is no quote: %s", err.msg);
}

/* ------------------------------------------------------------------ */
/* Highlights                                                           */

static char *render_hl(const qp_result *res)
{
	strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < res->nhl; i++) {
		char k = res->hl[i].kind == QP_HL_RAW ? 'R' : res->hl[i].kind == QP_HL_STEM ? 'S' : 'P';
		strbuf_addf(&sb, "%s%c:%s", i ? " " : "", k, res->hl[i].term);
	}
	return strbuf_detach(&sb, NULL);
}

static void test_highlights(void)
{
	static const struct {
		const char *q;
		int nlangs;
		const char *want;
	} cases[] = {
		{ "violence \"domestic abuse\" -police organi*", 1,
		  "S:violenc R:domestic R:abuse P:organi" },
		{ "violence \"domestic abuse\" -police organi*", 2,
		  "S:violenc S:violence R:domestic R:abuse P:organi" },
		{ "women NOT violence", 1, "S:women" },
		{ "police OR police", 1, "S:polic" },
		{ "2012 place:almaty date:2012", 1, "R:2012" },
		{ "title:Running \"U.N.\"", 1, "S:run R:un" },
		{ "co-operation", 1, "R:co R:operation S:cooper" },
		{ "parliament NEAR/2 law", 1, "R:parliament R:law" },
		{ "-(police OR women)", 1, "" },
		{ "x -\"domestic abuse\"", 1, "S:x" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		qp_options o = options();
		o.nanalysers = (size_t)cases[i].nlangs;
		qp_result res;
		qp_error err;
		int rc = qp_parse(cases[i].q, strlen(cases[i].q), &o, &res, &err);
		char *got = rc == 0 ? render_hl(&res) : xasprintf("ERROR %s", err.msg);
		is_str(got, cases[i].want, "highlights of %s (%d language%s)", cases[i].q,
		       cases[i].nlangs, cases[i].nlangs > 1 ? "s" : "");
		free(got);
		if (rc == 0)
			qp_result_release(&res);
	}
}

/* ------------------------------------------------------------------ */
/* Words for "did you mean" and parts for --explain                     */

static char *render_words(const qp_result *res, const char *q)
{
	strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < res->nwords; i++) {
		const qp_word *w = &res->words[i];
		strbuf_addf(&sb, "%s%.*s=%s[", i ? " " : "", (int)w->len, q + w->start, w->word);
		for (size_t k = 0; k < w->nterms; k++)
			strbuf_addf(&sb, "%s%s", k ? "," : "", w->terms[k]);
		strbuf_addc(&sb, ']');
	}
	return strbuf_detach(&sb, NULL);
}

static char *render_parts(const qp_result *res)
{
	strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < res->nparts; i++) {
		const qp_part *p = &res->parts[i];
		strbuf_addf(&sb, "%s%s%s%s[", i ? " | " : "", p->field, *p->field ? ":" : "", p->label);
		for (size_t k = 0; k < p->nterms; k++)
			strbuf_addf(&sb, "%s%s", k ? "," : "", p->terms[k]);
		strbuf_adds(&sb, p->additive ? "]+" : "]");
	}
	return strbuf_detach(&sb, NULL);
}

static void test_words_parts(void)
{
	static const struct {
		const char *q, *words, *parts;
	} cases[] = {
		{ "Violence", "Violence=violence[Zviolenc]", "Violence[Zviolenc] | title:Violence[ZSviolenc]" },
		{ "\"domestic abuse\" -police", "domestic=domestic[domestic] abuse=abuse[abuse]",
		  "\"domestic abuse\"[domestic,abuse]+" },
		{ "title:women 2012", "women=women[ZSwomen] 2012=2012[2012]",
		  "title:women[ZSwomen] | 2012[2012] | title:2012[S2012]" },
		{ "organi* place:almaty", "", "organi*[]" },
		{ "co-operation", "", "co-operation[co,operation]+ | cooperation[Zcooper] | title:cooperation[ZScooper]" },
		{ "parliament NEAR/2 “domestic law”",
		  "parliament=parliament[parliament] domestic=domestic[domestic] law=law[law]",
		  "parliament NEAR/2 “domestic law”[parliament,domestic,law]+" },
		{ "NOT police", "", "" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		qp_options o = options();
		o.nanalysers = 1;
		o.title_weight = 1;
		qp_result res;
		qp_error err;
		int rc = qp_parse(cases[i].q, strlen(cases[i].q), &o, &res, &err);
		char *w = rc == 0 ? render_words(&res, cases[i].q) : xasprintf("ERROR %s", err.msg);
		char *p = rc == 0 ? render_parts(&res) : xstrdup(w);
		is_str(w, cases[i].words, "words of %s", cases[i].q);
		is_str(p, cases[i].parts, "parts of %s", cases[i].q);
		free(w);
		free(p);
		if (rc == 0)
			qp_result_release(&res);
	}
}

/* The weight of query q for document did alone, with BM25 as query runs it. */
static double weight_in(const xap_query *q, xap_docid did, unsigned qlen)
{
	xap_document *xd = NULL;
	strbuf term = STRBUF_INIT;
	document doc;
	const char *data;
	size_t dlen;
	double w = -1;
	document_init(&doc);
	if (xap_database_get_document(db, did, &xd) || xap_document_get_data(xd, &data, &dlen) ||
	    schema_data_decode(data, dlen, &doc))
		goto out;
	schema_id_term(doc.id, &term);
	xap_query *id = NULL, *f = NULL;
	xap_query_new_term(term.buf, term.len, 1, 0, &id, NULL);
	xap_query *subs[2] = { (xap_query *)q, id };
	xap_query_new_combine(XAP_OP_FILTER, subs, 2, 0, &f, NULL);
	xap_enquire *enq = NULL;
	xap_mset *m = NULL;
	if (!xap_enquire_new(db, &enq, NULL) && !xap_enquire_set_query(enq, f, qlen) &&
	    !xap_enquire_set_bm25(enq, 1.2, 0, 1, 0.75, 0.5) &&
	    !xap_enquire_get_mset(enq, 0, 1, 1, NULL, 0, &m))
		w = xap_mset_size(m) ? (xap_mset_item(m, 0, NULL, &w, NULL), w) : 0;
	xap_mset_free(m);
	xap_enquire_free(enq);
	xap_query_free(f);
	xap_query_free(id);
out:
	xap_document_free(xd);
	document_release(&doc);
	strbuf_release(&term);
	return w;
}

static int count_wqf(void *ctx, const char *t, size_t n, unsigned wqf)
{
	*(unsigned *)ctx += wqf;
	return 0;
}

/* Each result's score is the sum of its parts' weights: what --explain shows. */
static void test_parts_sum(void)
{
	static const char *const queries[] = {
		"violence", "women violence police", "\"domestic violence\" OR abuse",
		"+women violence -police", "co-operation water", "title:women equality",
		"organi* civil", "parliament NEAR/3 law OR police", "(water OR elections) AND observers",
		"violence place:warsaw", "насилие полиция",
	};
	for (size_t i = 0; i < ARRAY_SIZE(queries); i++) {
		qp_options o = options();
		qp_result res;
		qp_error err;
		if (qp_parse(queries[i], strlen(queries[i]), &o, &res, &err) != 0) {
			ok(0, "parse %s: %s", queries[i], err.msg);
			continue;
		}
		unsigned qlen = 0;
		xap_query_terms(res.query, count_wqf, &qlen);
		xap_enquire *enq = NULL;
		xap_mset *m = NULL;
		xap_enquire_new(db, &enq, NULL);
		xap_enquire_set_query(enq, res.query, qlen);
		xap_enquire_set_bm25(enq, 1.2, 0, 1, 0.75, 0.5);
		xap_enquire_get_mset(enq, 0, 20, 20, NULL, 0, &m);
		int good = xap_mset_size(m) > 0;
		for (unsigned r = 0; r < xap_mset_size(m) && good; r++) {
			xap_docid did;
			double score, sum = 0;
			xap_mset_item(m, r, &did, &score, NULL);
			for (size_t k = 0; k < res.nparts; k++)
				sum += weight_in(res.parts[k].query, did, qlen);
			good = sum > score - 1e-9 * (1 + score) && sum < score + 1e-9 * (1 + score);
			if (!good)
				diag("%s: document %u scores %.9f, its parts add up to %.9f", queries[i], did,
				     score, sum);
		}
		ok(good, "the parts' weights add up to each score: %s (%u results)", queries[i],
		   xap_mset_size(m));
		xap_mset_free(m);
		xap_enquire_free(enq);
		qp_result_release(&res);
	}
}

/* ------------------------------------------------------------------ */
/* The base and the pairs, for the re-ranking (rerank.h)                */

/* The ids of the documents q matches, ascending, as "1 4 7". */
static char *matching(const xap_query *q)
{
	xap_enquire *enq = NULL;
	xap_mset *m = NULL;
	strbuf out = STRBUF_INIT;
	unsigned n = 0;
	xap_database_doccount(db, &n);
	xap_enquire_new(db, &enq, NULL);
	xap_enquire_set_query(enq, q, 0);
	xap_enquire_set_docid_order(enq, 0);
	xap_enquire_set_sort(enq, XAP_SORT_VALUE, 9999, 0);
	if (!xap_enquire_get_mset(enq, 0, n, n, NULL, 0, &m))
		for (unsigned i = 0; i < xap_mset_size(m); i++) {
			xap_docid did = 0;
			xap_mset_item(m, i, &did, NULL, NULL);
			strbuf_addf(&out, "%s%u", i ? " " : "", did);
		}
	xap_mset_free(m);
	xap_enquire_free(enq);
	return strbuf_detach(&out, NULL);
}

static int wanted_pairs;
static int want_none(void *ctx, xap_query *const *pairs, size_t npairs)
{
	(void)ctx;
	(void)pairs;
	wanted_pairs = (int)npairs;
	return 0;
}

static void test_base_pairs(void)
{
	static const struct {
		const char *q;
		size_t npairs;
	} cases[] = {
		{ "women violence police", 2 }, { "violence against women", 1 },
		{ "+women violence", 1 }, { "(water elections) OR observers", 1 },
		{ "police violence -women", 1 }, { "насилие полиция", 1 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		qp_options o = options();
		qp_result res;
		qp_error err;
		o.proximity_weight = 0.1;
		o.proximity_window = 16;
		o.stopwords = 1;
		if (qp_parse(cases[i].q, strlen(cases[i].q), &o, &res, &err) != 0) {
			ok(0, "parse %s: %s", cases[i].q, err.msg);
			continue;
		}
		is_int(res.npairs, cases[i].npairs, "%s: its pairs", cases[i].q);
		char *with = matching(res.query), *without = res.base ? matching(res.base) : NULL;
		ok(res.base && *with && strcmp(with, without) == 0,
		   "%s: the base matches what the query matches (%s)", cases[i].q, with);
		char *describe = res.base ? xap_query_describe(res.base) : NULL;
		ok(describe && !strstr(describe, "NEAR"), "%s: the base has no pair: %s", cases[i].q,
		   describe ? describe : "(none)");
		free(describe);
		/* Each document weighs its base weight plus its pairs', which
		 * --explain's parts add up to as well. */
		unsigned qlen = 0;
		xap_query_terms(res.query, count_wqf, &qlen);
		int good = 1;
		for (char *at = with; good && *at;) {
			xap_docid did = (xap_docid)strtoul(at, &at, 10);
			double sum = res.base ? weight_in(res.base, did, qlen) : 0, parts = 0;
			for (size_t p = 0; p < res.npairs; p++)
				sum += weight_in(res.pairs[p], did, qlen);
			for (size_t k = 0; k < res.nparts; k++)
				parts += weight_in(res.parts[k].query, did, qlen);
			good = sum > parts - 1e-9 * (1 + parts) && sum < parts + 1e-9 * (1 + parts);
			if (!good)
				diag("%s: document %u: base and pairs %.9f, parts %.9f", cases[i].q, did,
				     sum, parts);
		}
		ok(good, "%s: base and pairs weigh what the parts weigh", cases[i].q);
		free(with);
		free(without);
		qp_result_release(&res);
	}

	qp_options o = options();
	qp_result res;
	qp_error err;
	o.proximity_weight = 0.1;
	o.proximity_window = 16;
	is_int(qp_parse("violence", 8, &o, &res, &err), 0, "one word");
	ok(res.npairs == 0 && !res.pairs && !res.base, "... has no pairs and no base");
	qp_result_release(&res);
	o.want_base = want_none;
	is_int(qp_parse("women violence police", 21, &o, &res, &err), 0, "want_base saying no");
	ok(res.npairs == 2 && !res.base && res.query, "... leaves the base out, the pairs in");
	is_int(wanted_pairs, 2, "... and was asked with the two pairs");
	qp_result_release(&res);
	o.want_base = NULL;
	o.proximity_weight = 0;
	is_int(qp_parse("women violence police", 21, &o, &res, &err), 0, "no proximity");
	ok(res.npairs == 0 && !res.base, "... no pairs, no base");
	qp_result_release(&res);
}

/* ------------------------------------------------------------------ */
/* The two equal language filters                                       */

static char *described(const char *q, const qp_options *o)
{
	qp_result res;
	qp_error err;
	if (qp_parse(q, strlen(q), o, &res, &err) != 0)
		return xasprintf("ERROR %s", err.msg);
	char *d = xap_query_describe(res.query);
	qp_result_release(&res);
	return d ? d : xstrdup("(no description)");
}

/*
 * Given the index's languages with their counts (8 English documents, 1
 * Russian), a stem of English alone is restricted by leaving Russian out;
 * the matches and their order are those of naming the languages.
 */
static void test_lang_filter(void)
{
	static const char *const codes[] = { "en", "ru" };
	static const unsigned docs[] = { 8, 1 }, wrong_way[] = { 1, 8 };
	static const char *const queries[] = {
		"violence", "police domestic", "насилие полиция", "women OR violence police",
		"\"domestic violence\" police", "title:police", "violence -women", "+police насилие",
	};
	qp_options plain = options(), counted = options();
	counted.lang_codes = codes;
	counted.lang_docs = docs;
	counted.nlangs = 2;
	for (size_t i = 0; i < ARRAY_SIZE(queries); i++) {
		char *want = search_len(queries[i], strlen(queries[i]), &plain, 0);
		char *got = search_len(queries[i], strlen(queries[i]), &counted, 0);
		is_str(got, want, "with the language counts, %s matches the same, in the same order",
		       queries[i]);
		free(want);
		free(got);
	}
	char *d = described("violence", &counted);
	ok(strstr(d, "Zviolenc AND_NOT Lru") != NULL, "an English stem leaves Russian out: %s", d);
	ok(strstr(d, "Zviolence FILTER Lru") != NULL, "a Russian stem keeps to Russian: %s", d);
	free(d);
	counted.lang_docs = wrong_way;
	d = described("violence", &counted);
	ok(strstr(d, "Zviolenc FILTER Len") != NULL && strstr(d, "Zviolence AND_NOT Len") != NULL,
	   "each stem takes the cheaper filter of the two (Russian the larger here): %s", d);
	free(d);
	d = described("violence", &plain);
	ok(strstr(d, "AND_NOT") == NULL, "without the counts, stems name their languages: %s", d);
	free(d);
}

/*
 * A language of the default's script with fewer than 1 in 200 documents is
 * minor: not searched in its stems, its documents searched by the
 * default's.  A language of another script keeps its stems, whatever its
 * share.
 */
static void test_minor_lang(void)
{
	static const char *const codes[] = { "en", "de", "ru" };
	/* Russian is not rare in these two (10 in 1014 is more than 1 in 200). */
	static const unsigned few[] = { 1000, 4, 10 }, enough[] = { 1000, 6, 10 };
	static const unsigned rare_ru[] = { 1000, 6, 4 };
	analyser *an_de = analyser_new("de");
	analyser *three[] = { an_en, an_de, an_ru };
	qp_options o = options();
	o.analysers = three;
	o.nanalysers = 3;
	o.lang_codes = codes;
	o.lang_docs = few;
	o.nlangs = 3;
	/* "elections": English stem "elect", German "election", Russian
	 * (which leaves Latin words alone) "elections". */
	char *d = described("elections", &o);
	ok(strstr(d, "Zelection ") == NULL && strstr(d, "Zelection)") == NULL,
	   "German, 4 in 1008 documents, is not searched: %s", d);
	ok(strstr(d, "Zelect AND_NOT Lru") != NULL,
	   "the English stem reaches the German documents too, Russian still left out: %s", d);
	ok(strstr(d, "Lde") == NULL, "no filter names German: %s", d);
	ok(strstr(d, "Zelections FILTER Lru") != NULL, "Russian, another script, keeps its stem: %s", d);
	free(d);
	o.lang_docs = enough;
	d = described("elections", &o);
	ok(strstr(d, "Zelection FILTER Lde") != NULL,
	   "at 6 in 1010 (more than 1 in 200) German is searched in its stems again: %s", d);
	free(d);
	/* The minor language's stems still highlight its documents' words. */
	o.lang_docs = few;
	qp_result res;
	qp_error err;
	int found = 0;
	if (qp_parse("elections", 9, &o, &res, &err) == 0) {
		for (size_t i = 0; i < res.nhl; i++)
			found |= res.hl[i].kind == QP_HL_STEM && strcmp(res.hl[i].term, "election") == 0;
		qp_result_release(&res);
	}
	ok(found, "the German stem is still highlighted");

	/* Russian rare too (4 in 1010): its documents are not left out of
	 * the English stem's, and its stem (here the word as written, which
	 * the Russian stemmer leaves alone) is searched without a filter. */
	o.lang_docs = rare_ru;
	d = described("elections", &o);
	ok(strstr(d, "Lru") == NULL, "a rare language: no filter names it: %s", d);
	ok(strstr(d, "Zelect AND_NOT Lde)") != NULL,
	   "the English stem leaves out the German documents only: %s", d);
	ok(strstr(d, "Zelections)") != NULL || strstr(d, "Zelections ") != NULL,
	   "the rare language's stem is still searched: %s", d);
	ok(strstr(d, "Zelection FILTER Lde") != NULL, "German (6 in 1010) keeps its filtered stem: %s", d);
	free(d);
	d = described("выборы", &o);
	ok(strstr(d, "Zвыбор ") != NULL || strstr(d, "Zвыбор)") != NULL,
	   "a Cyrillic word: the Russian stem: %s", d);
	ok(strstr(d, "Lru") == NULL, "... not filtered either: %s", d);
	free(d);
	analyser_free(an_de);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 2;
	}
	an_en = analyser_new("en");
	an_ru = analyser_new("ru");
	langs[0] = an_en;
	langs[1] = an_ru;
	if (build_index() != 0) {
		printf("Bail out! cannot build the test index\n");
		nftw(tmpdir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
		return 2;
	}
	test_queries();
	test_ranking();
	test_errors();
	test_hostile();
	test_highlights();
	test_words_parts();
	test_parts_sum();
	test_base_pairs();
	test_lang_filter();
	test_minor_lang();
	xap_database_destroy(db);
	analyser_free(an_en);
	analyser_free(an_ru);
	nftw(tmpdir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	return done_testing();
}
