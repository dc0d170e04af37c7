/*
 * test-orgs.c - organisations named in texts (orgs.h), the XO terms and
 * the org slot that schema_build() makes of them, and the keys org:
 * searches.
 *
 * Each case is a title and a body and the names expected, in order of
 * first mention, separated by " | ".
 */
#include "analyser.h"
#include "document.h"
#include "orgs.h"
#include "schema.h"
#include "util.h"
#include "xap.h"

#include "tap.h"

#include <stdlib.h>
#include <string.h>

static analyser *en;

static char *names(orgs *o)
{
	strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < orgs_count(o); i++)
		strbuf_addf(&sb, "%s%s", i ? " | " : "", orgs_name(o, i));
	return strbuf_detach(&sb, NULL);
}

static char *keys(orgs *o)
{
	strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < orgs_key_count(o); i++)
		strbuf_addf(&sb, "%s%s", i ? " | " : "", orgs_key(o, i));
	return strbuf_detach(&sb, NULL);
}

static const struct ocase {
	const char *title, *text, *want, *what;
} cases[] = {
	/* known names */
	{ NULL, "The OSCE supported the event.", "OSCE", "an acronym" },
	{ NULL, "Officials of the Organization for Security and Co-operation in Europe met.", "OSCE",
	  "a long name gives the canonical one" },
	{ NULL, "UN Women and UNDP held a meeting.", "UN Women | UNDP",
	  "the longest name wins: UN Women, not UN" },
	{ NULL, "Speakers at the U.N. said so.", "United Nations", "U.N. with dots" },
	{ NULL, "the un said so, and osce too", "", "acronyms only in capitals" },
	{ NULL, "An OSCE-supported forum.", "OSCE", "an acronym inside a hyphenated word" },
	{ "OSCE Centre in Astana helps police", "Some text.", "OSCE Centre in Astana | OSCE",
	  "a field operation in a title, and its parent" },
	{ NULL, "the OSCE Office for Democratic Institutions and Human Rights (ODIHR) said",
	  "ODIHR | OSCE", "an institution with its acronym in parentheses" },
	{ NULL, "Представители ОБСЕ и ООН-Женщины обсудили.", "OSCE | UN Women", "Russian acronyms" },
	{ NULL, "Центр ОБСЕ в Бишкеке поддерживает реформу.", "OSCE Centre in Bishkek | OSCE",
	  "a Russian name of a field operation" },
	{ NULL, "Семинар организован Центром ОБСЕ в Бишкеке.", "OSCE Centre in Bishkek | OSCE",
	  "... in another case (Центром)" },
	{ NULL, "ПРООН и ЮНИСЕФ", "UNDP | UNICEF", "more Russian acronyms" },
	/* names found by their head words */
	{ NULL, "Officers of the Ministry of Internal Affairs were trained.", "Ministry of Internal Affairs",
	  "a head word and its complement" },
	{ NULL, "Today the Ministry of Justice said.", "Ministry of Justice", "a lone 'the' ends a name" },
	{ NULL, "Stefan Buchmayer, Human Dimension Officer of the OSCE Centre in Astana, said",
	  "OSCE Centre in Astana | OSCE", "a person's title before a known name is no name" },
	{ NULL, "Head of the ODIHR Election Observation Mission",
	  "ODIHR | OSCE | ODIHR Election Observation Mission",
	  "words before the group with the head word are dropped" },
	{ NULL, "The Almaty City Department of Education, Health and Labour",
	  "Almaty City Department of Education", "a comma ends a name" },
	{ NULL, "the Interior Ministry’s Administrative Police Committee",
	  "Interior Ministry | Administrative Police Committee", "a possessive ends a name" },
	{ NULL, "the Independent Journalists’ Association of Serbia",
	  "Independent Journalists’ Association of Serbia", "a plural possessive inside a name" },
	{ NULL, "The OSCE Presence in Albania, UN Women and the Ministry of Social Welfare and Youth",
	  "OSCE Presence in Albania | OSCE | UN Women | Ministry of Social Welfare and Youth",
	  "'and the' separates names; 'and' inside one joins" },
	{ NULL, "the Office for Democratic Institutions and Human Rights said", "ODIHR | OSCE",
	  "'and' inside a known name" },
	{ NULL, "The High Judicial and Prosecutorial Council met.", "High Judicial and Prosecutorial Council",
	  "'and' between the modifiers of a head word" },
	{ NULL, "The National Bank and Finance Ministry agreed.", "National Bank | Finance Ministry",
	  "'and' after a head word starts another name" },
	{ NULL, "The Permanent Council in December adopted it.", "Permanent Council",
	  "a month is no part of a name" },
	{ NULL, "The Border Management Staff College (BMSC) in Dushanbe",
	  "OSCE Border Management Staff College | OSCE", "a known name written without OSCE" },
	{ NULL, "The Regional Water Commission (RWC) met. The RWC agreed.", "Regional Water Commission",
	  "an unknown acronym in parentheses is linked, not a name of its own" },
	{ NULL, "The OSCE Mission said. The OSCE Mission to Serbia agreed.",
	  "OSCE | OSCE Mission to Serbia", "a known acronym and a head word are a short reference" },
	{ NULL, "The Council of Europe Convention on violence", "Council of Europe",
	  "a name whose head words are all known is the known name" },
	{ NULL, "at the UN Women Sub-regional Office for Eastern Europe and Central Asia",
	  "UN Women | UN Women Sub-regional Office for Eastern Europe and Central Asia",
	  "a known name inside a longer one: both" },
	{ NULL, "Ministry officials said", "", "a head word alone is no name" },
	{ NULL, "The Ministry\n\nof Justice", "", "an empty line ends a name" },
	{ NULL, "the Human\nRights Council met", "Human Rights Council", "one line break wraps a name" },
	{ NULL, "in the West Bank and the Programme of Action", "", "phrases that look like names" },
	{ NULL, "Human Rights Day and International Women’s Day", "", "no head word, no name" },
	{ NULL, "Представители Министерства внутренних дел Кыргызской Республики, депутаты",
	  "Министерство внутренних дел Кыргызской Республики",
	  "Russian: a head word in the genitive, lower-case genitives, capitalised words" },
	{ NULL, "Министерство образования и науки провело семинар.", "Министерство образования и науки",
	  "Russian: 'и' between genitives; a verb ends the name" },
	{ NULL, "Центр провёл семинар.", "", "Russian: a head word alone" },
	{ NULL, "В Бишкеке обсудили", "", "Russian: no head word" },
	/* hostile text */
	{ NULL, "", "", "an empty text" },
	{ NULL, "( ) ’s ’ - -- \xFF\xFE Ministry", "", "punctuation, invalid UTF-8" },
	{ NULL, "Fund Fund Fund Fund Fund Fund Fund Fund Fund Fund Fund Fund Fund Fund Fund Fund "
		"Fund Fund",
	  "Fund Fund Fund Fund Fund Fund Fund Fund Fund Fund Fund Fund Fund Fund Fund Fund | "
	  "Fund Fund",
	  "a run of head words is cut at 16 words" },
};

static void test_cases(void)
{
	orgs *o = orgs_new();
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct ocase *c = &cases[i];
		orgs_extract(o, en, c->title, c->title ? strlen(c->title) : 0, c->text, strlen(c->text));
		char *got = names(o);
		is_str(got, c->want, "%s", c->what);
		free(got);
	}
	orgs_free(o);
}

static void test_keys(void)
{
	orgs *o = orgs_new();
	const char *t = "The Regional Water Commission (RWC) and the OSCE Centre in Astana. The Ministry of "
			"Co-operation met the RWC.";
	orgs_extract(o, en, NULL, 0, t, strlen(t));
	char *got = keys(o);
	is_str(got, "regional water commission | osce centre in astana | osce | ministry of co operation | rwc",
	       "keys: folded names in order of mention, then linked acronyms");
	free(got);

	/* Many names: at most ORGS_MAX. */
	strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 100; i++)
		strbuf_addf(&sb, "The Ministry of Item%d met. ", i);
	orgs_extract(o, en, NULL, 0, sb.buf, sb.len);
	is_int(orgs_count(o), ORGS_MAX, "at most ORGS_MAX names");
	is_str(orgs_name(o, 0), "Ministry of Item0", "the first mentioned first");
	ok(orgs_name(o, ORGS_MAX) == NULL && orgs_key(o, 1000) == NULL, "out of range: NULL");
	/* A name longer than ORGS_MAX_NAME is left out. */
	strbuf_reset(&sb);
	strbuf_adds(&sb, "The Ministry of");
	for (int i = 0; i < 14; i++)
		strbuf_adds(&sb, " Extraordinarily");
	orgs_extract(o, en, NULL, 0, sb.buf, sb.len);
	is_int(orgs_count(o), 0, "a name over ORGS_MAX_NAME bytes is no name");
	strbuf_release(&sb);

	/* The collector used by hand, as schema_build() does. */
	orgs_free(o);
	o = orgs_new();
	orgs_finish(o);
	is_int(orgs_count(o), 0, "no passage, no name");
	an_token stray = { .word = "x", .len = 1, .cased = "x", .casedlen = 1, .pos = 1, .start = 0, .end = 1 };
	orgs_token(o, &stray);
	orgs_finish(o);
	is_int(orgs_count(o), 0, "a token before any passage is ignored");
	orgs_free(o);
	orgs_free(NULL);
	ok(1, "orgs_free(NULL) is harmless");
}

static const struct kcase {
	const char *value, *key;
} kcases[] = {
	{ "osce", "osce" },
	{ "OSCE", "osce" },
	{ "ОБСЕ", "osce" },
	{ "Organization for Security and Co-operation in Europe", "osce" },
	{ "un women", "un women" },
	{ "UN-Women", "un women" },
	{ "ООН-Женщины", "un women" },
	{ "odihr", "odihr" },
	{ "un", "united nations" },
	{ "u.n.", "united nations" },
	{ "Центра ОБСЕ в Астане", "osce centre in astana" },
	{ "Ministry of Internal Affairs", "ministry of internal affairs" },
	{ "министерства внутренних дел", "министерство внутренних дел" },
	{ "Café  Society", "cafe society" },
	{ ",,,", "" },
	{ "", "" },
};

static void test_query_keys(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(kcases); i++) {
		strbuf sb = STRBUF_INIT;
		orgs_query_key(en, kcases[i].value, strlen(kcases[i].value), &sb);
		is_str(sb.buf, kcases[i].key, "the key org:%s searches", kcases[i].value);
		strbuf_release(&sb);
	}
}

/* schema_build: XO terms and the org slot. */
struct termset {
	strbuf sb;
};

static int collect_xo(void *ctx, const char *t, size_t n, unsigned wdf)
{
	struct termset *ts = ctx;
	if (n >= 2 && memcmp(t, PREFIX_ORG, 2) == 0)
		strbuf_addf(&ts->sb, "%s%.*s:%u", ts->sb.len ? "," : "", (int)n, t, wdf);
	return 0;
}

static void test_schema(void)
{
	document doc;
	document_init(&doc);
	doc.id = xstrdup("x");
	doc.title = xstrdup("UN Women and the OSCE Centre in Astana");
	doc.text = xstrdup("ALMATY – The Regional Water Commission (RWC) met the OSCE.");
	doc.textlen = strlen(doc.text);
	xap_document *xd = NULL;
	strbuf err = STRBUF_INIT;
	xap_document_new(&xd);
	is_int(schema_build(en, &doc, xd, &err), XAP_OK, "schema_build");
	struct termset ts = { STRBUF_INIT };
	xap_document_termlist(xd, collect_xo, &ts);
	is_str(ts.sb.buf, "XOosce:0,XOosce centre in astana:0,XOregional water commission:0,XOrwc:0,XOun women:0",
	       "an XO term for each organisation and linked acronym, boolean");
	const char *v = NULL;
	size_t vlen = 0;
	xap_document_get_value(xd, SLOT_ORGS, &v, &vlen);
	is_str(v, "UN Women\nOSCE Centre in Astana\nOSCE\nRegional Water Commission",
	       "the org slot lists the names, in order of mention");
	strbuf_release(&ts.sb);
	xap_document_free(xd);

	/* No organisation: no slot. */
	free(doc.title);
	doc.title = NULL;
	free(doc.text);
	doc.text = xstrdup("nothing here");
	doc.textlen = strlen(doc.text);
	xap_document_new(&xd);
	schema_build(en, &doc, xd, &err);
	xap_document_get_value(xd, SLOT_ORGS, &v, &vlen);
	is_int(vlen, 0, "no organisation, no value");
	xap_document_free(xd);
	strbuf_release(&err);
	document_release(&doc);
}

int main(void)
{
	en = analyser_new("english");
	test_cases();
	test_keys();
	test_query_keys();
	test_schema();
	analyser_free(en);
	return done_testing();
}
