/*
 * test-analyser.c - word splitting, folding and stemming (analyser.h).
 *
 * Each case analyses a text and renders its tokens compactly, in the order
 * they are emitted:
 *
 *   word[:stem][|alt]@pos[+J][+N][+C]
 *
 * ":stem" appears only when the stem differs from the word, "|alt" when the
 * token has another spelling; +J is AN_JOINED, +N AN_NUMBER, +C AN_CJK.
 * The rendering is compared whole.
 */
#include "analyser.h"
#include "util.h"

#include "tap.h"

#include <stdlib.h>
#include <string.h>

struct render {
	analyser *a;
	strbuf out;
	int stop_after; /* return 99 from the callback after this many tokens (0: never) */
	int seen;
};

static int render_cb(void *ctx, const an_token *t)
{
	struct render *r = ctx;
	size_t sl;
	const char *stem = analyser_stem(r->a, t, &sl);
	if (r->out.len)
		strbuf_addc(&r->out, ' ');
	strbuf_add(&r->out, t->word, t->len);
	if (sl != t->len || memcmp(stem, t->word, sl) != 0) {
		strbuf_addc(&r->out, ':');
		strbuf_add(&r->out, stem, sl);
	}
	if (t->alt) {
		strbuf_addc(&r->out, '|');
		strbuf_add(&r->out, t->alt, t->altlen);
	}
	strbuf_addf(&r->out, "@%u", t->pos);
	if (t->flags & AN_JOINED)
		strbuf_adds(&r->out, "+J");
	if (t->flags & AN_NUMBER)
		strbuf_adds(&r->out, "+N");
	if (t->flags & AN_CJK)
		strbuf_adds(&r->out, "+C");
	r->seen++;
	return r->stop_after && r->seen >= r->stop_after ? 99 : 0;
}

/* Analyses text (len bytes) with a, starting at *pos; returns the rendering
 * (caller frees) and the callback's stop value in *rc. */
static char *render(analyser *a, const char *text, size_t len, unsigned *pos, int stop_after,
		    int *rc)
{
	struct render r = { a, STRBUF_INIT, stop_after, 0 };
	int ret = analyser_run(a, text, len, pos, render_cb, &r);
	if (rc)
		*rc = ret;
	return strbuf_detach(&r.out, NULL);
}

/* Sized strings, so that cases may hold NUL bytes. */
#define S(lit) lit, sizeof(lit) - 1

static const struct acase {
	const char *name;
	const char *lang;
	const char *text;
	size_t len;
	const char *want;
} cases[] = {
	/* English and stemming */
	{ "plain English, stemmed", "en", S("Running dogs quickly"),
	  "running:run@1 dogs:dog@2 quickly:quick@3" },
	{ "case folded", "en", S("VIOLENCE Violence violence"),
	  "violence:violenc@1 violence:violenc@2 violence:violenc@3" },
	{ "punctuation separates", "en", S("peace, (security); rights!"),
	  "peace:peac@1 security:secur@2 rights:right@3" },
	/* Apostrophes */
	{ "curly possessive dropped", "en", S("OSCE’s mandate"), "osce:osc@1 mandate:mandat@2" },
	{ "straight possessive dropped", "en", S("UN's women's"), "un@1 women@2" },
	{ "modifier letter apostrophe", "en", S("womenʼs"), "women@1" },
	{ "apostrophe inside a word kept", "en", S("don't"), "don't@1" },
	{ "curly apostrophe inside a word becomes '", "en", S("don’t"), "don't@1" },
	{ "quotes around a word dropped", "en", S("'quoted' ‘word’"),
	  "quoted:quot@1 word@2" },
	{ "plural possessive apostrophe dropped", "en", S("farmers’ rights"),
	  "farmers:farmer@1 rights:right@2" },
	/* Hyphens and dashes */
	{ "hyphenated: parts and joined form", "en", S("co-operation"),
	  "co@1 operation:oper@2 cooperation:cooper@1+J" },
	{ "hyphenated word then next word", "en", S("non-governmental groups"),
	  "non@1 governmental:government@2 nongovernmental:nongovernment@1+J groups:group@3" },
	{ "U+2010 hyphen joins too", "en", S("co‐operation"),
	  "co@1 operation:oper@2 cooperation:cooper@1+J" },
	{ "three parts", "en", S("state-of-the-art"),
	  "state@1 of@2 the@3 art@4 stateoftheart@1+J" },
	{ "en and em dashes separate", "en", S("peace–security—rights"),
	  "peace:peac@1 security:secur@2 rights:right@3" },
	{ "spaced hyphen separates", "en", S("Vienna - today"), "vienna@1 today@2" },
	{ "letters and digits", "en", S("COVID-19"), "covid@1 19@2+N covid19@1+J" },
	{ "possessive of a compound", "en", S("Co-operation’s"),
	  "co@1 operation:oper@2 cooperation:cooper@1+J" },
	/* Acronyms */
	{ "acronyms with dots", "en", S("U.N. U.S.A."), "un@1 usa@2" },
	{ "acronym at the end of a sentence", "en", S("the U.N."), "the@1 un@2" },
	/* Numbers */
	{ "a year", "en", S("2009"), "2009@1+N" },
	{ "thousands separator dropped", "en", S("1,000 and 1,000,000"),
	  "1000@1+N and@2 1000000@3+N" },
	{ "decimal point kept", "en", S("3.5"), "3.5@1+N" },
	{ "percent sign separates", "en", S("25%"), "25@1+N" },
	{ "comma that is no thousands separator", "en", S("1,5"), "1@1+N 5@2+N" },
	{ "number at the end of a sentence", "en", S("in 2012."), "in@1 2012@2+N" },
	/* E-mail addresses and URLs */
	{ "e-mail address split", "en", S("press@osce.org"), "press@1 osce:osc@2 org@3" },
	{ "URL split", "en", S("https://www.osce.org/odihr/12345"),
	  "https@1 www@2 osce:osc@3 org@4 odihr@5 12345@6+N" },
	{ "dot between words splits", "en", S("first.Second"), "first@1 second@2" },
	/* Accents and special letters */
	{ "diaeresis", "en", S("Zoë"), "zoe@1" },
	{ "umlaut", "en", S("Müller"), "muller@1" },
	{ "acute", "en", S("José"), "jose@1" },
	{ "d with stroke", "en", S("Đorđević"), "dordevic@1" },
	{ "l with stroke", "en", S("Łukasz"), "lukasz@1" },
	{ "caron and acute", "en", S("Šimić"), "simic@1" },
	{ "æ, ø, œ", "en", S("Ærø œuvre"), "aero@1 oeuvre:oeuvr@2" },
	{ "sharp s", "en", S("Straße"), "strasse:strass@1" },
	{ "ligature fi", "en", S("ﬁnance"), "finance:financ@1" },
	{ "fullwidth letters", "en", S("ＯＳＣＥ"), "osce:osc@1" },
	{ "combining acute accent (NFD input)", "en", S("Jose\xCC\x81"), "jose@1" },
	/* Russian */
	{ "Russian: ё folded to е, й kept", "ru", S("Ёлка ЙОГУРТ"), "елка:елк@1 йогурт@2" },
	{ "Russian stemming", "ru", S("женщины насилия организации выборы"),
	  "женщины:женщин@1 насилия:насил@2 организации:организац@3 выборы:выбор@4" },
	{ "Russian stem of a word with ё folded", "ru", S("Кишинёв"), "кишинев:кишин@1" },
	/* Arabic */
	{ "Arabic harakat removed", "none", S("مُحَمَّد"), "محمد@1" },
	{ "Arabic tatweel removed", "none", S("عـــربي"), "عربي@1" },
	{ "Arabic alef forms unified", "none", S("أحمد إسلام آمن ٱلله"),
	  "احمد@1 اسلام@2 امن@3 الله@4" },
	{ "Arabic alef maqsura read as yeh", "none", S("مستشفى مستشفي"), "مستشفي@1 مستشفي@2" },
	{ "Arabic stemmed: prefixed forms share a stem", "ar", S("للنساء النساء"), "للنساء:نساء@1 النساء:نساء@2" },
	/* French, Italian, Catalan elisions */
	{ "French: elided article dropped, whole word as alt", "fr", S("l'OSCE d’Europe"),
	  "osce|l'osce@1 europe:europ|d'europe@2" },
	{ "French: qu' and jusqu'", "fr", S("qu’elle jusqu'à"), "elle|qu'elle@1 a|jusqu'a@2" },
	{ "French: aujourd'hui is one word", "fr", S("aujourd'hui"), "aujourd'hui@1" },
	{ "French: elision before a compound", "fr", S("l'Asie-Pacifique"),
	  "asie:asi|l'asie@1 pacifique:pacif@2 asiepacifique:asiepacif@1+J" },
	{ "French: an apostrophe before a digit separates", "fr", S("l'2020"), "l@1 2020@2+N" },
	{ "Italian: dell' and un'", "it", S("dell'ONU un'amica"), "onu|dell'onu@1 amica:amic|un'amica@2" },
	{ "Catalan: d' and l'", "ca", S("d'Andorra l'OSCE"), "andorra:andorr|d'andorra@1 osce:osc|l'osce@2" },
	{ "English keeps O'Brien and don't whole", "en", S("O'Brien don't l'OSCE"),
	  "o'brien@1 don't@2 l'osce:l'osc@3" },
	{ "Spanish has no elisions", "es", S("l'OSCE"), "l'osce:l'osc@1" },
	/* German umlauts and digraphs */
	{ "German: umlaut folds, digraph spelling as alt", "de", S("Müller"), "muller:mull|mueller@1" },
	{ "German: digraph kept, plain spelling as alt, stemmed with umlaut", "de", S("Mueller"),
	  "mueller:mull|muller@1" },
	{ "German: plain spelling", "de", S("Muller"), "muller:mull@1" },
	{ "German: Männer and Maenner share a stem", "de", S("Männer Maenner"),
	  "manner:mann|maenner@1 maenner:mann|manner@2" },
	{ "German: u between vowels and qu are no digraphs", "de", S("neue Frauen Quelle"),
	  "neue:neu@1 frauen:frau@2 quelle:quell@3" },
	{ "German: sharp s", "de", S("Straße Strasse"), "strasse:strass@1 strasse:strass@2" },
	{ "German rules only in German", "en", S("Müller Mueller"), "muller@1 mueller@2" },
	{ "German: possessive dropped from the alt too", "de", S("Müller's"), "muller:mull|mueller@1" },
	/* Chinese */
	{ "Chinese bigrams", "en", S("联合国妇女"), "联合@1+C 合国@2+C 国妇@3+C 妇女@4+C" },
	{ "a single CJK character", "en", S("人"), "人@1+C" },
	{ "CJK after Latin without a space", "en", S("UN妇女署 x"),
	  "un@1 妇女@2+C 女署@3+C x@4" },
	{ "Japanese kana", "en", S("ひらがな"), "ひら@1+C らが@2+C がな@3+C" },
	/* Greek */
	{ "Greek tonos removed", "none", S("Ελλάδα"), "ελλαδα@1" },
	{ "Greek final sigma folds with sigma", "none", S("ΑΘΉΝΑΣ Αθήνας"),
	  "αθηνασ@1 αθηνασ@2" },
	/* Bytes that are no text */
	{ "invalid UTF-8 bytes separate words", "en", S("abc\xFF" "def\xC3(ghi"),
	  "abc@1 def@2 ghi@3" },
	{ "a stray continuation byte separates", "en", S("ab\x80" "cd"), "ab@1 cd@2" },
	{ "a sequence cut at the end", "en", S("abc\xE2\x80"), "abc@1" },
	{ "an encoded surrogate is invalid", "en", S("\xED\xA0\x80x"), "x@1" },
	{ "only invalid bytes", "en", S("\xC0\xC1\xF5\xFF\xFE"), "" },
	{ "NUL bytes separate words", "en", S("abc\0def\0\0ghi"), "abc@1 def@2 ghi@3" },
	{ "soft hyphen inside a word joins it", "en", S("organi\xC2\xADsation"),
	  "organisation:organis@1" },
	{ "zero width joiner inside a word ignored", "en", S("ab\xE2\x80\x8D" "cd"), "abcd@1" },
	{ "empty string", "en", S(""), "" },
	{ "spaces only", "en", S("  \t\n "), "" },
	{ "punctuation only", "en", S("-- ... ,, !!"), "" },
};

static char *repeat(const char *unit, size_t times)
{
	strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < times; i++)
		strbuf_adds(&sb, unit);
	return strbuf_detach(&sb, NULL);
}

struct offsets {
	size_t start[8], end[8];
	int n;
};

static int offsets_cb(void *ctx, const an_token *t)
{
	struct offsets *o = ctx;
	if (o->n < 8) {
		o->start[o->n] = t->start;
		o->end[o->n] = t->end;
	}
	o->n++;
	return 0;
}

static void test_table(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct acase *c = &cases[i];
		analyser *a = analyser_new(c->lang);
		if (!a) {
			ok(0, "%s: no analyser for '%s'", c->name, c->lang);
			continue;
		}
		unsigned pos = 1;
		char *got = render(a, c->text, c->len, &pos, 0, NULL);
		is_str(got, c->want, "%s", c->name);
		free(got);
		analyser_free(a);
	}
}

static void test_long_words(analyser *a)
{
	/* AN_MAX_WORD bytes is kept; one more is dropped. */
	char *a64 = repeat("a", AN_MAX_WORD), *b65 = repeat("b", AN_MAX_WORD + 1);
	char *text = xasprintf("short %s mid %s next", a64, b65);
	char *want = xasprintf("short@1 %s@2 mid@3 next@5", a64);
	unsigned pos = 1;
	char *got = render(a, text, strlen(text), &pos, 0, NULL);
	/* The dropped word keeps its position: no phrase spans it. */
	is_str(got, want, "a word of AN_MAX_WORD bytes is kept, a longer one dropped");
	free(got);
	free(text);
	free(want);
	free(a64);
	free(b65);

	/* The limit is on the folded form, in bytes: 40 "é" (80 bytes) fold to
	 * 40 bytes and are kept; 33 "ж" stay 66 bytes and are dropped. */
	char *e40 = repeat("é", 40), *w40 = repeat("e", 40), *zh32 = repeat("ж", 32),
	     *zh33 = repeat("ж", 33);
	text = xasprintf("%s %s %s", e40, zh32, zh33);
	want = xasprintf("%s@1 %s@2", w40, zh32);
	pos = 1;
	got = render(a, text, strlen(text), &pos, 0, NULL);
	is_str(got, want, "the limit counts bytes of the folded form");
	free(got);
	free(text);
	free(want);
	free(e40);
	free(w40);
	free(zh32);
	free(zh33);

	/* A chunk of 600 code points (junk, base64) is dropped whole. */
	char *q = repeat("q", 450), *e = repeat("é", 150);
	text = xasprintf("before %s%s after", q, e);
	pos = 1;
	got = render(a, text, strlen(text), &pos, 0, NULL);
	is_str(got, "before:befor@1 after@2", "a 600-code-point chunk is dropped whole");
	free(got);
	free(text);
	free(q);
	free(e);

	/* Long words of letters that stay 3 or 4 bytes each once folded: 250
	 * of them take up to 1,000 bytes before the word is dropped, which
	 * once overflowed the token's scratch buffer into the stemmer's
	 * (found by fuzz-reader-text).  The words after them, and their
	 * stems, must come out intact. */
	for (int round = 0; round < 3; round++) {
		char *eth = repeat("ሀ", 250), *goth = repeat("\xF0\x90\x8C\xB0", 250);
		text = xasprintf("%s apples %s pears", eth, goth);
		pos = 1;
		got = render(a, text, strlen(text), &pos, 0, NULL);
		is_str(got, "apples:appl@2 pears:pear@4",
		       "words of 250 three- and four-byte letters are dropped safely (%d)", round);
		free(got);
		free(text);
		free(eth);
		free(goth);
	}

	char *parts = repeat("ab-", 200);
	text = xasprintf("x %sz y", parts);
	pos = 1;
	got = render(a, text, strlen(text), &pos, 0, NULL);
	is_str(got, "x@1 y@2", "a 601-code-point hyphenated chunk is dropped whole");
	free(got);
	free(text);
	free(parts);

	/* Long CJK runs are read in windows: no bigram lost at the edges. */
	char *han = repeat("字", 70);
	text = xasprintf("%s end", han);
	pos = 1;
	got = render(a, text, strlen(text), &pos, 0, NULL);
	size_t bigrams = 0;
	for (const char *p = got; (p = strstr(p, "+C")); p += 2)
		bigrams++;
	is_int(bigrams, 69, "70 CJK characters give 69 bigrams");
	ok(strstr(got, "字字@69+C end@70") != NULL, "the word after a long CJK run follows it");
	free(got);
	free(text);
	free(han);

	han = repeat("字", 64);
	pos = 1;
	got = render(a, han, strlen(han), &pos, 0, NULL);
	is_int(pos, 64, "64 CJK characters (one full window) give 63 bigrams");
	free(got);
	free(han);
}

static void test_positions(analyser *a)
{
	unsigned pos = 1;
	char *got = render(a, S("Title words"), &pos, 0, NULL);
	is_str(got, "title:titl@1 words:word@2", "first call starts at *pos");
	is_int(pos, 3, "*pos is one past the last position used");
	free(got);
	got = render(a, S("body text"), &pos, 0, NULL);
	is_str(got, "body:bodi@3 text@4", "second call continues the count");
	is_int(pos, 5, "*pos after the second call");
	free(got);

	pos = 100;
	got = render(a, S("co-operation works"), &pos, 0, NULL);
	is_str(got, "co@100 operation:oper@101 cooperation:cooper@100+J works:work@102",
	       "positions from 100, the joined form at the first part's");
	is_int(pos, 103, "a joined form takes no position of its own");
	free(got);

	pos = 7;
	got = render(a, S(""), &pos, 0, NULL);
	is_str(got, "", "empty text gives no token");
	is_int(pos, 7, "empty text leaves *pos alone");
	free(got);

	struct offsets o = { { 0 }, { 0 }, 0 };
	pos = 1;
	analyser_run(a, S("  Zoë's co-op"), &pos, offsets_cb, &o);
	ok(o.n == 4 && o.start[0] == 2 && o.end[0] == 8, "byte offsets of an accented word");
	ok(o.start[1] == 9 && o.end[1] == 11 && o.start[2] == 12 && o.end[2] == 14 &&
		   o.start[3] == 9 && o.end[3] == 14,
	   "byte offsets of the parts and of the joined form");
}

static void test_stop(analyser *a)
{
	unsigned pos = 1;
	int rc;
	char *got = render(a, S("one two three four"), &pos, 2, &rc);
	is_int(rc, 99, "analyser_run returns the callback's non-zero value");
	is_str(got, "one@1 two@2", "no token after the callback said stop");
	free(got);

	pos = 1;
	got = render(a, S("联合国妇女"), &pos, 1, &rc);
	ok(rc == 99 && strcmp(got, "联合@1+C") == 0, "stop inside a CJK run");
	free(got);

	pos = 1;
	got = render(a, S("co-operation x"), &pos, 1, &rc);
	ok(rc == 99 && strcmp(got, "co@1") == 0, "stop inside a hyphenated word");
	free(got);

	/* The analyser is usable again after a stop. */
	pos = 1;
	got = render(a, S("again"), &pos, 0, &rc);
	ok(rc == 0 && strcmp(got, "again@1") == 0, "a fresh run after an early stop");
	free(got);
}

static void test_stem_rules(void)
{
	analyser *none = analyser_new("none");
	unsigned pos = 1;
	char *got = render(none, S("Running organisations"), &pos, 0, NULL);
	is_str(got, "running@1 organisations@2", "a \"none\" analyser does not stem");
	free(got);
	is_str(analyser_lang(none), "none", "analyser_lang of \"none\"");
	analyser_free(none);

	analyser *def = analyser_new(NULL);
	ok(def != NULL, "analyser_new(NULL) works");
	if (def) {
		is_str(analyser_lang(def), "english", "NULL means English");
		analyser_free(def);
	}
	analyser *ru = analyser_new("ru");
	is_str(ru ? analyser_lang(ru) : NULL, "russian", "analyser_lang gives the stemmer's name");
	analyser_free(ru);
	ok(analyser_new("klingon") == NULL, "analyser_new(\"klingon\") is NULL");
	analyser_free(NULL);
	ok(1, "analyser_free(NULL) is a no-op");
}

static void test_fold_phrase(analyser *a)
{
	static const struct {
		const char *in, *want;
	} cases_fp[] = {
		{ "NEW YORK", "new york" },
		{ "  Bosnia   and\tHerzegovina  ", "bosnia and herzegovina" },
		{ "Nur-Sultan", "nur sultan" },
		{ "São Paulo", "sao paulo" },
		{ "АЛМАТЫ", "алматы" },
		{ "ST. PETERSBURG", "st petersburg" },
		{ "", "" },
		{ " , ", "" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases_fp); i++) {
		strbuf sb = STRBUF_INIT;
		analyser_fold_phrase(a, cases_fp[i].in, strlen(cases_fp[i].in), &sb);
		is_str(sb.buf, cases_fp[i].want, "analyser_fold_phrase(\"%s\")", cases_fp[i].in);
		strbuf_release(&sb);
	}
	strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "XP");
	analyser_fold_phrase(a, S("Almaty"), &sb);
	is_str(sb.buf, "XPalmaty", "analyser_fold_phrase appends");
	strbuf_release(&sb);
}

struct fsctx {
	analyser *a;
	char *got;
	int n;
};

static int folded_stem_cb(void *ctx, const an_token *t)
{
	struct fsctx *c = ctx;
	size_t n;
	const char *st = analyser_stem_folded(c->a, t, &n);
	if (c->n++ == 0 && st)
		c->got = xstrndup(st, n);
	return 0;
}

static void test_langs(void)
{
	static const struct {
		const char *in, *canonical, *code;
	} langs[] = {
		{ "en", "english", "en" },     { "EN", "english", "en" },
		{ "english", "english", "en" }, { "ru", "russian", "ru" },
		{ "russian", "russian", "ru" }, { "porter", "porter", "porter" },
		{ "xx", NULL, NULL },          { "none", "none", "none" },
		{ "klingon", NULL, NULL },     { "", NULL, NULL },
		{ "zh", "chinese", "zh" },     { "zh-Hans", "chinese", "zh" },
		{ "en-GB", "english", "en" },  { "pt_BR", "portuguese", "pt" },
		{ "uk", "ukrainian", "uk" },   { "nb", "norwegian", "no" },
		{ "sr-Latn", "serbian", "sr" }, { "xx-YY", NULL, NULL },
		{ "english-x", NULL, NULL },
	};
	for (size_t i = 0; i < ARRAY_SIZE(langs); i++) {
		is_str(analyser_canonical_lang(langs[i].in), langs[i].canonical,
		       "analyser_canonical_lang(\"%s\")", langs[i].in);
		is_str(analyser_lang_code(langs[i].in), langs[i].code, "analyser_lang_code(\"%s\")",
		       langs[i].in);
	}
	ok(analyser_canonical_lang(NULL) == NULL, "analyser_canonical_lang(NULL) is NULL");

	const char **all = analyser_languages();
	int english = 0, russian = 0;
	for (size_t i = 0; all && all[i]; i++) {
		english |= strcmp(all[i], "english") == 0;
		russian |= strcmp(all[i], "russian") == 0;
	}
	ok(english && russian, "analyser_languages lists english and russian");

	is_str(analyser_stemmer_name("hr"), "serbian", "Croatian is stemmed by the Serbian stemmer");
	is_str(analyser_stemmer_name("de"), "german", "analyser_stemmer_name(\"de\")");
	ok(analyser_stemmer_name("zh") == NULL, "Chinese has no stemmer");
	ok(analyser_stemmer_name("none") == NULL, "\"none\" has no stemmer");
	ok(analyser_stemmer_name("xx") == NULL, "an unknown language has no stemmer");

	/* A language without a stemmer: an analyser that does not stem. */
	analyser *uk = analyser_new("uk");
	ok(uk != NULL, "analyser_new(\"uk\") works");
	if (uk) {
		is_str(analyser_lang(uk), "ukrainian", "analyser_lang of a language without a stemmer");
		unsigned pos = 1;
		char *got = render(uk, S("Жінки вибори"), &pos, 0, NULL);
		is_str(got, "жінки@1 вибори@2", "Ukrainian words are not stemmed");
		free(got);
		analyser_free(uk);
	}
	analyser *zh = analyser_new("zh-Hans");
	ok(zh != NULL && strcmp(analyser_lang(zh), "chinese") == 0, "analyser_new(\"zh-Hans\")");
	analyser_free(zh);

	/* Every stemmer libstemmer has is a language with a code. */
	int all_known = 1;
	for (size_t i = 0; all && all[i]; i++)
		if (strcmp(all[i], "porter") != 0 &&
		    (!analyser_lang_code(all[i]) || strlen(analyser_lang_code(all[i])) != 2)) {
			diag("no ISO code for stemmer '%s'", all[i]);
			all_known = 0;
		}
	ok(all_known, "every libstemmer language has an ISO 639-1 code");

	/* The stem of the accent-free form. */
	static const struct {
		const char *lang, *word, *folded_stem;
	} fs[] = {
		{ "fr", "égalité", "egalit" }, { "es", "policía", "polici" },
		{ "fr", "egalite", NULL },     { "en", "2024", NULL },
		{ "none", "égalité", NULL },   { "de", "Übergriffe", "ubergriff" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(fs); i++) {
		analyser *x = analyser_new(fs[i].lang);
		struct fsctx c = { x, NULL, 0 };
		unsigned p = 1;
		analyser_run(x, fs[i].word, strlen(fs[i].word), &p, folded_stem_cb, &c);
		is_str(c.got, fs[i].folded_stem, "analyser_stem_folded(%s \"%s\")", fs[i].lang,
		       fs[i].word);
		free(c.got);
		analyser_free(x);
	}

	/* Phrase folding ignores the language's rules. */
	analyser *fr = analyser_new("fr"), *de = analyser_new("de");
	strbuf sb = STRBUF_INIT;
	analyser_fold_phrase(fr, S("L'AQUILA"), &sb);
	is_str(sb.buf, "l'aquila", "a French analyser folds a place without dropping l'");
	strbuf_reset(&sb);
	analyser_fold_phrase(de, S("Müller"), &sb);
	is_str(sb.buf, "muller", "a German analyser folds a place as every language does");
	strbuf_release(&sb);
	unsigned pos = 1;
	char *got = render(fr, S("l'OSCE"), &pos, 0, NULL);
	is_str(got, "osce|l'osce@1", "the French rules are back after phrase folding");
	free(got);
	analyser_free(fr);
	analyser_free(de);
}

int main(void)
{
	analyser *en = analyser_new("en");
	test_table();
	test_long_words(en);
	test_positions(en);
	test_stop(en);
	test_stem_rules();
	test_fold_phrase(en);
	test_langs();
	analyser_free(en);
	return done_testing();
}
