/*
 * test-snippet.c - best passages and their highlights (snippet.h).
 */
#include "analyser.h"
#include "qparse.h"
#include "snippet.h"
#include "util.h"

#include "tap.h"

#include <stdlib.h>
#include <string.h>

#define ELLIPSIS "\xE2\x80\xA6"

static analyser *en, *ru;

/* Neutral filler: words that match no highlight term. */
static void filler(strbuf *sb, size_t bytes)
{
	static const char *const words[] = { "the", "board", "met", "on", "Tuesday", "to",
					     "review", "budget", "items", "and", "staffing" };
	size_t target = sb->len + bytes;
	for (size_t i = 0; sb->len < target; i++)
		strbuf_addf(sb, "%s%s", words[i % ARRAY_SIZE(words)], i % 9 == 8 ? ". " : " ");
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* The matched words of s, as "w1|w2|...". */
static char *matched(const snippet *s)
{
	strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < s->nmatches; i++) {
		strbuf_add(&sb, s->text + s->matches[i].start, s->matches[i].end - s->matches[i].start);
		strbuf_addc(&sb, '|');
	}
	return strbuf_detach(&sb, NULL);
}

/* 1 if the matches are in order, inside the text, and do not overlap. */
static int matches_sane(const snippet *s)
{
	size_t last = 0;
	for (size_t i = 0; i < s->nmatches; i++) {
		if (s->matches[i].start < last || s->matches[i].end <= s->matches[i].start ||
		    s->matches[i].end > s->len)
			return 0;
		last = s->matches[i].end;
	}
	return 1;
}

static char *marked(const snippet *s)
{
	strbuf sb = STRBUF_INIT;
	snippet_mark(s, "[", "]", &sb);
	return strbuf_detach(&sb, NULL);
}

static void test_best_passage(void)
{
	qp_highlight hl[] = { { QP_HL_STEM, "violenc" }, { QP_HL_STEM, "domest" },
			      { QP_HL_STEM, "polic" } };
	strbuf text = STRBUF_INIT;
	strbuf_adds(&text, "Violence was mentioned once in the opening. ");
	filler(&text, 800);
	size_t window = text.len;
	strbuf_adds(&text, "The report on domestic violence and police training was published. ");
	filler(&text, 800);

	snippet s;
	snippet_make(en, text.buf, text.len, hl, 3, 100, &s);
	ok(strstr(s.text, "domestic violence and police training") != NULL,
	   "the passage with every query word wins over an earlier lone match: %s", s.text);
	char *m = matched(&s);
	is_str(m, "domestic|violence|police|", "matches are the query words of the passage");
	free(m);
	ok(matches_sane(&s), "matches in order, within the text");
	ok(starts_with(s.text, ELLIPSIS) && ends_with(s.text, s.len, ELLIPSIS),
	   "\"…\" at both cut ends");
	ok(s.len == strlen(s.text), "len is the text's length");
	size_t chars = snippet_chars(s.text, s.len);
	ok(chars >= 50 && chars <= 200, "about 100 characters wide (%zu)", chars);
	ok(!strstr(s.text, "Violence was"), "the lone early match is not in it");
	char *mk = marked(&s);
	ok(strstr(mk, "[domestic] [violence] and [police] training") != NULL,
	   "snippet_mark brackets each match: %s", mk);
	free(mk);
	snippet_release(&s);
	(void)window;

	/* Widths. */
	static const size_t widths[] = { 40, 100, 200, 400 };
	for (size_t i = 0; i < ARRAY_SIZE(widths); i++) {
		snippet_make(en, text.buf, text.len, hl, 3, widths[i], &s);
		chars = snippet_chars(s.text, s.len);
		ok(chars >= widths[i] / 2 && chars <= widths[i] * 2 &&
			   strstr(s.text, "domestic violence and police"),
		   "width %zu: %zu characters, the best passage in it", widths[i], chars);
		snippet_release(&s);
	}

	/* More matches of the same words decide between equal passages. */
	strbuf_reset(&text);
	strbuf_adds(&text, "Police came. ");
	filler(&text, 600);
	strbuf_adds(&text, "Police and police and more police. ");
	filler(&text, 600);
	snippet_make(en, text.buf, text.len, hl, 3, 80, &s);
	m = matched(&s);
	is_str(m, "Police|police|police|", "the window with more matches wins a tie of distinct words");
	free(m);
	snippet_release(&s);
	strbuf_release(&text);
}

static void test_no_match_and_short(void)
{
	qp_highlight hl[] = { { QP_HL_RAW, "zebra" } };
	strbuf text = STRBUF_INIT;
	strbuf_adds(&text, "First words of the text. ");
	filler(&text, 1000);
	snippet s;
	snippet_make(en, text.buf, text.len, hl, 1, 100, &s);
	ok(starts_with(s.text, "First words of the text.") && ends_with(s.text, s.len, ELLIPSIS),
	   "no match: the start of the text, cut with \"…\"");
	is_int(s.nmatches, 0, "no match: no matches");
	size_t chars = snippet_chars(s.text, s.len);
	ok(chars >= 50 && chars <= 200, "no match: about the width (%zu)", chars);
	snippet_release(&s);

	snippet_make(en, text.buf, text.len, NULL, 0, 100, &s);
	ok(starts_with(s.text, "First words") && s.nmatches == 0, "no highlight terms at all");
	snippet_release(&s);

	const char *short_text = "Police officers were trained.";
	qp_highlight pol[] = { { QP_HL_STEM, "polic" } };
	snippet_make(en, short_text, strlen(short_text), pol, 1, 100, &s);
	is_str(s.text, short_text, "a text shorter than the width is whole, without \"…\"");
	snippet_release(&s);

	snippet_make(en, "", 0, pol, 1, 100, &s);
	ok(s.text && s.len == 0 && s.nmatches == 0, "an empty text gives an empty snippet");
	snippet_release(&s);

	const char *spaces = "police   officers\n\n\twere  \r\n trained";
	snippet_make(en, spaces, strlen(spaces), pol, 1, 100, &s);
	is_str(s.text, "police officers were trained", "runs of white space fold into one space");
	char *mk = marked(&s);
	is_str(mk, "[police] officers were trained", "snippet_mark");
	free(mk);
	snippet_release(&s);

	const char *padded = "\n\n   police work   \n";
	snippet_make(en, padded, strlen(padded), pol, 1, 100, &s);
	is_str(s.text, "police work", "white space at the ends is trimmed");
	snippet_release(&s);

	/* A match at the very end of a long text. */
	strbuf_reset(&text);
	filler(&text, 1000);
	strbuf_adds(&text, "police");
	snippet_make(en, text.buf, text.len, pol, 1, 100, &s);
	ok(starts_with(s.text, ELLIPSIS) && ends_with(s.text, s.len, "police") && s.nmatches == 1,
	   "a match at the very end: no \"…\" after it");
	snippet_release(&s);
	strbuf_release(&text);

	snippet_release(&s);
	ok(1, "snippet_release twice is harmless");
}

static void test_kinds(void)
{
	qp_highlight hl[] = { { QP_HL_PREFIX, "organi" }, { QP_HL_RAW, "un" },
			      { QP_HL_RAW, "2012" } };
	const char *text = "Organisations, organizers and U.N. agencies met in 2012 with the "
			   "Organ Donors Society and the UNESCO office.";
	snippet s;
	snippet_make(en, text, strlen(text), hl, 3, 200, &s);
	char *m = matched(&s);
	is_str(m, "Organisations|organizers|U.N|2012|",
	       "prefix, raw and number matches; organ and UNESCO not");
	free(m);
	ok(matches_sane(&s), "their offsets are sane");
	char *mk = marked(&s);
	ok(strstr(mk, "[U.N]. agencies") != NULL, "an acronym match covers its letters: %s", mk);
	free(mk);
	snippet_release(&s);

	/* Highlights from the query parser, as query(1) gets them. */
	analyser *as[] = { en };
	qp_options o = { .analysers = as, .nanalysers = 1, .title_weight = 1.0, .wildcard_limit = 100 };
	qp_result res;
	qp_error err;
	const char *q = "violence \"domestic abuse\" -police organi*";
	ok(qp_parse(q, strlen(q), &o, &res, &err) == 0, "the query parses");
	const char *t2 = "Police said organisations track violent crime, domestic abuse and "
			 "violence against women.";
	snippet_make(en, t2, strlen(t2), res.hl, res.nhl, 200, &s);
	m = matched(&s);
	is_str(m, "organisations|domestic|abuse|violence|",
	       "query highlights: stems, phrase words, prefix; not the excluded word");
	free(m);
	snippet_release(&s);
	qp_result_release(&res);

	/* Joined forms are not matched on their own: the parts are. */
	qp_highlight co[] = { { QP_HL_RAW, "co" }, { QP_HL_RAW, "operation" } };
	const char *t3 = "Better co-operation is needed.";
	snippet_make(en, t3, strlen(t3), co, 2, 100, &s);
	mk = marked(&s);
	is_str(mk, "Better [co]-[operation] is needed.", "the parts of a hyphenated word");
	free(mk);
	snippet_release(&s);
}

static void test_multibyte(void)
{
	static const struct {
		const char *s;
		size_t n, chars;
	} cases[] = {
		{ "hello", 5, 5 },   { "héllo", 6, 5 },     { "Привет", 12, 6 }, { "日本語", 9, 3 },
		{ "😀!", 5, 2 },      { "", 0, 0 },          { "héllo", 2, 2 },   { "héllo", 3, 2 },
		{ "a\xE2\x80\xA6", 4, 2 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		is_int(snippet_chars(cases[i].s, cases[i].n), cases[i].chars,
		       "snippet_chars(\"%s\", %zu)", cases[i].s, cases[i].n);

	/* Cyrillic: width counts characters, not bytes. */
	qp_highlight hl[] = { { QP_HL_STEM, "насил" } };
	strbuf text = STRBUF_INIT;
	for (int i = 0; i < 30; i++)
		strbuf_adds(&text, "Представители министерства обсудили вопросы бюджета. ");
	strbuf_adds(&text, "Особое внимание уделили проблеме домашнее насилие в семьях. ");
	for (int i = 0; i < 30; i++)
		strbuf_adds(&text, "Участники встречи согласовали план работы на год. ");
	snippet s;
	snippet_make(ru, text.buf, text.len, hl, 1, 100, &s);
	char *m = matched(&s);
	is_str(m, "насилие|", "a Russian word matched by its stem");
	free(m);
	ok(utf8_valid(s.text, s.len), "the Cyrillic snippet is valid UTF-8");
	size_t chars = snippet_chars(s.text, s.len);
	ok(chars >= 50 && chars <= 200, "about 100 characters, not bytes (%zu chars, %zu bytes)",
	   chars, s.len);
	ok(starts_with(s.text, ELLIPSIS) && ends_with(s.text, s.len, ELLIPSIS),
	   "\"…\" at both ends");
	char *mk = marked(&s);
	ok(strstr(mk, "домашнее [насилие] в семьях") != NULL, "the match marked: %s", mk);
	free(mk);
	snippet_release(&s);

	/* Accented Latin text cut anywhere stays valid UTF-8. */
	strbuf_reset(&text);
	for (int i = 0; i < 200; i++)
		strbuf_adds(&text, "éàü ");
	strbuf_adds(&text, "police ");
	for (int i = 0; i < 200; i++)
		strbuf_adds(&text, "öçñ ");
	qp_highlight pol[] = { { QP_HL_STEM, "polic" } };
	int valid = 1;
	for (size_t w = 20; w < 300; w += 7) {
		snippet_make(en, text.buf, text.len, pol, 1, w, &s);
		valid &= utf8_valid(s.text, s.len) && s.nmatches == 1;
		snippet_release(&s);
	}
	ok(valid, "snippets of accented text at many widths are valid UTF-8 with their match");
	strbuf_release(&text);
}

/* Random valid UTF-8 texts at random widths: never a crash, always sane. */
static void test_random(void)
{
	static const char *const pieces[] = { "police ", "Police", "-", "officers ", "é", "ж",
					      "日本", "😀", " ", "\n", "\n\n", ". ", "\t", "co-op",
					      "U.N.", "organisation", "2012", "’s", "," };
	qp_highlight hl[] = { { QP_HL_STEM, "polic" }, { QP_HL_PREFIX, "organ" },
			      { QP_HL_RAW, "2012" }, { QP_HL_RAW, "op" } };
	unsigned x = 7;
	int sane = 1;
	for (int round = 0; round < 500; round++) {
		strbuf text = STRBUF_INIT;
		x = x * 1103515245u + 12345u;
		int n = (int)((x >> 16) % 400);
		for (int i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			strbuf_adds(&text, pieces[(x >> 16) % ARRAY_SIZE(pieces)]);
		}
		x = x * 1103515245u + 12345u;
		size_t width = (x >> 16) % 300;
		snippet sn;
		char *copy = xstrndup(text.buf, text.len); /* exact size, for the sanitizers */
		snippet_make(en, copy, text.len, hl, (size_t)(round % 5), width, &sn);
		if (!sn.text || sn.len != strlen(sn.text) || !utf8_valid(sn.text, sn.len) ||
		    !matches_sane(&sn))
			sane = 0;
		snippet_release(&sn);
		free(copy);
		strbuf_release(&text);
	}
	ok(sane, "500 random texts give valid snippets with sane matches");
}

int main(void)
{
	en = analyser_new("en");
	ru = analyser_new("ru");
	test_best_passage();
	test_no_match_and_short();
	test_kinds();
	test_multibyte();
	test_random();
	analyser_free(en);
	analyser_free(ru);
	return done_testing();
}
