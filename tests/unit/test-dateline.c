/*
 * test-dateline.c - datelines, titles and dates (release.h, date.h).
 *
 * Each dateline case gives the first line of a body, the place as written,
 * the date parts it holds, and the text that must follow the dateline (so
 * that dl.len is exactly strlen(line) - strlen(rest)).  Each is checked
 * through release_parse_dateline() and again through release_parse() below
 * a title.  At the end every file of corpus/ is parsed and its date checked
 * against its file name.
 */
#include "date.h"
#include "release.h"
#include "util.h"

#include "tap.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static const struct dcase {
	const char *line;
	const char *place; /* NULL: no dateline */
	int y, m, d;
	const char *rest;
} dcases[] = {
	/* The shapes of corpus/ */
	{ "ALMATY, Kazakhstan, 6 March 2009 – Some 40 district police inspectors",
	  "ALMATY, Kazakhstan", 2009, 3, 6, "Some 40 district police inspectors" },
	{ "CHISINAU, Moldova, 30 July 2009 — The early parliamentary elections",
	  "CHISINAU, Moldova", 2009, 7, 30, "The early parliamentary elections" },
	{ "ДУШАНБЕ, Таджикистан, 14 октября 2009 г. – Сегодня в Душанбе",
	  "ДУШАНБЕ, Таджикистан", 2009, 10, 14, "Сегодня в Душанбе" },
	{ "SKOPJE, 20 April 2010 - More than 300 secondary school students",
	  "SKOPJE", 2010, 4, 20, "More than 300 secondary school students" },
	{ "DUSHANBE, Tajikistan, 17 Nov. 2010 – Twenty-four senior border officers",
	  "DUSHANBE, Tajikistan", 2010, 11, 17, "Twenty-four senior border officers" },
	{ "NEW YORK, March 8, 2011 – On the 100th anniversary", "NEW YORK", 2011, 3, 8,
	  "On the 100th anniversary" },
	{ "АЛМАТЫ, Казахстан, 12 сентября 2011 г. – Представители",
	  "АЛМАТЫ, Казахстан", 2011, 9, 12, "Представители" },
	{ "KYIV, 29 October 2012 – Yesterday’s parliamentary elections", "KYIV", 2012, 10, 29,
	  "Yesterday’s parliamentary elections" },
	{ "NEW YORK, 24 September — Heads of State, ministers", "NEW YORK", 0, 9, 24,
	  "Heads of State, ministers" },
	{ "WARSAW, Feb 26 2014 - Thirty-two participants", "WARSAW", 2014, 2, 26,
	  "Thirty-two participants" },
	{ "SARAJEVO, Bosnia and Herzegovina, 3 July 2014 – The OSCE Mission",
	  "SARAJEVO, Bosnia and Herzegovina", 2014, 7, 3, "The OSCE Mission" },
	{ "БИШКЕК, 3 марта 2015 года – Представители Министерства", "БИШКЕК", 2015, 3, 3,
	  "Представители Министерства" },
	{ "NEW YORK, 8 March — Marking International Women’s Day", "NEW YORK", 0, 3, 8,
	  "Marking International Women’s Day" },
	{ "SKOPJE, 3 Sept. 2016 – Young people who will vote", "SKOPJE", 2016, 9, 3,
	  "Young people who will vote" },
	{ "AMMAN, Jordan, 17 April – More than 2,000 Syrian refugee", "AMMAN, Jordan", 0, 4, 17,
	  "More than 2,000 Syrian refugee" },
	{ "BANJA LUKA, Bosnia and Herzegovina, 5 December 2018 – Members of local",
	  "BANJA LUKA, Bosnia and Herzegovina", 2018, 12, 5, "Members of local" },
	{ "NEW YORK, April 6, 2020 — As countries around the world", "NEW YORK", 2020, 4, 6,
	  "As countries around the world" },
	{ "НУР-СУЛТАН, Казахстан, 14 апреля 2021 г. — Офис программ ОБСЕ",
	  "НУР-СУЛТАН, Казахстан", 2021, 4, 14, "Офис программ ОБСЕ" },
	{ "NEW YORK, 25 November – Landmarks from the Empire State Building", "NEW YORK", 0, 11,
	  25, "Landmarks from the Empire State Building" },
	{ "КИШИНЁВ, 6 ноября 2023 г. – Местные выборы", "КИШИНЁВ", 2023, 11, 6,
	  "Местные выборы" },
	{ "MEXICO CITY, Mexico, 26 February 2024 – More than 400 women",
	  "MEXICO CITY, Mexico", 2024, 2, 26, "More than 400 women" },
	{ "VIENNA, 30 July — On the World Day against Trafficking", "VIENNA", 0, 7, 30,
	  "On the World Day against Trafficking" },
	{ "БИШКЕК, Кыргызстан, 20 ноября 2025 года — Сегодня в Бишкеке",
	  "БИШКЕК, Кыргызстан", 2025, 11, 20, "Сегодня в Бишкеке" },
	{ "АШХАБАД, Туркменистан, 31 мая 2017 г. - Центр ОБСЕ", "АШХАБАД, Туркменистан", 2017,
	  5, 31, "Центр ОБСЕ" },
	/* Other shapes */
	{ "ALMATY, Kazakhstan, 18 October 2012 – The OSCE Centre in Astana",
	  "ALMATY, Kazakhstan", 2012, 10, 18, "The OSCE Centre in Astana" },
	{ "VIENNA, 5 March 2021 - The OSCE", "VIENNA", 2021, 3, 5, "The OSCE" },
	{ "CLEVELAND, Feb 26 - Reuters style", "CLEVELAND", 0, 2, 26, "Reuters style" },
	{ "NEW YORK, March 8, 2019 – On International Women’s Day", "NEW YORK", 2019, 3, 8,
	  "On International Women’s Day" },
	{ "АЛМАТЫ, Казахстан, 18 октября 2012 г. – Текст", "АЛМАТЫ, Казахстан", 2012, 10, 18,
	  "Текст" },
	{ "VIENNA – The OSCE Secretary General", "VIENNA", 0, 0, 0,
	  "The OSCE Secretary General" },
	{ "GENEVA, 2012-10-18 – The Committee", "GENEVA", 2012, 10, 18, "The Committee" },
	{ "ST. PETERSBURG, 1 May 2019 – Delegates", "ST. PETERSBURG", 2019, 5, 1, "Delegates" },
	{ "VIENNA, October 2012 – A month only", "VIENNA", 2012, 10, 0, "A month only" },
	{ "VIENNA, Austria, Europe, 5 March 2021 – Two regions", "VIENNA, Austria, Europe", 2021,
	  3, 5, "Two regions" },
	{ "   VIENNA, 5 March 2021 – Indented", "VIENNA", 2021, 3, 5, "Indented" },
	{ "VIENNA, 5 March 2021 -- Double hyphen", "VIENNA", 2021, 3, 5, "Double hyphen" },
	{ "VIENNA,\xC2\xA0" "5 March 2021\xC2\xA0– No-break spaces", "VIENNA", 2021, 3, 5,
	  "No-break spaces" },
	{ "VIENNA, 29 February 2020 – Leap day", "VIENNA", 2020, 2, 29, "Leap day" },
	{ "VIENNA, 29 February – Leap day, no year", "VIENNA", 0, 2, 29,
	  "Leap day, no year" },
	{ "PARIS, 3 mars 2015 – French month", "PARIS", 2015, 3, 3, "French month" },
	{ "BERLIN, 3. März 2015 – a German day", "BERLIN", 2015, 3, 3, "a German day" },
	/* Other languages */
	{ "VIENNE, 5 mars 2021 – L'OSCE", "VIENNE", 2021, 3, 5, "L'OSCE" },
	{ "PARIS, 1er décembre 2022 – Le premier", "PARIS", 2022, 12, 1, "Le premier" },
	{ "CIUDAD DE MÉXICO, 8 de marzo de 2024 – Más de", "CIUDAD DE MÉXICO", 2024, 3, 8,
	  "Más de" },
	{ "LA PAZ, Bolivia, 25 de noviembre del 2019 – Con", "LA PAZ, Bolivia", 2019, 11, 25,
	  "Con" },
	{ "MAPUTO, 8 de Março de 2023 – Portuguese", "MAPUTO", 2023, 3, 8, "Portuguese" },
	{ "ROMA, 12 giugno 2020 – Italian", "ROMA", 2020, 6, 12, "Italian" },
	{ "КИЇВ, 15 травня 2019 року – Ukrainian", "КИЇВ", 2019, 5, 15, "Ukrainian" },
	{ "عمّان، 17 نيسان/أبريل 2018 – أكثر من", "عمّان", 2018, 4, 17, "أكثر من" },
	{ "عمّان، الأردن، 17 أبريل 2018 – نص", "عمّان، الأردن", 2018, 4, 17, "نص" },
	{ "القاهرة، 12 كانون الثاني/يناير 2022 – نص", "القاهرة", 2022, 1, 12, "نص" },
	{ "بيروت، ٣ تشرين الأول ٢٠٢١ – نص", "بيروت", 2021, 10, 3, "نص" },
	{ "الرباط، 25 نوفمبر – نص", "الرباط", 0, 11, 25, "نص" },
	{ "纽约，2024年3月8日——联合国妇女署", "纽约", 2024, 3, 8, "联合国妇女署" },
	{ "纽约，3月8日 — 联合国妇女署", "纽约", 0, 3, 8, "联合国妇女署" },
	{ "北京，２０２３年１１月２５日 — 全角", "北京", 2023, 11, 25, "全角" },
	{ "纽约，2月30日 — 不可能", NULL, 0, 0, 0, NULL },
	{ "纽约，3月 — 只有月份", NULL, 0, 0, 0, NULL },
	/* Not datelines */
	{ "The OSCE – an organisation of 57 States", NULL, 0, 0, 0, NULL },
	{ "Vienna, 5 March 2021 – lower-case city", NULL, 0, 0, 0, NULL },
	{ "NUR-SULTAN hosted a conference on security", NULL, 0, 0, 0, NULL },
	{ "NUR-SULTAN, Kazakhstan", NULL, 0, 0, 0, NULL },
	{ "VIENNA, 31 February 2021 – impossible date", NULL, 0, 0, 0, NULL },
	{ "VIENNA, 29 February 2021 – not a leap year", NULL, 0, 0, 0, NULL },
	{ "VIENNA, 30 February – impossible in any year", NULL, 0, 0, 0, NULL },
	{ "VIENNA, 2012-02-30 – impossible ISO date", NULL, 0, 0, 0, NULL },
	{ "VIENNA, 5 March 2021, Austria – something after the date", NULL, 0, 0, 0, NULL },
	{ "VIENNA, 5 March 2021 and then – a sentence", NULL, 0, 0, 0, NULL },
	{ "VIENNA, 5 March 2021\n– dash on the next line", NULL, 0, 0, 0, NULL },
	{ "UN-WOMEN-LED initiative", NULL, 0, 0, 0, NULL },
	{ "A – B", NULL, 0, 0, 0, NULL },
	{ "– VIENNA", NULL, 0, 0, 0, NULL },
	{ "", NULL, 0, 0, 0, NULL },
};

/* s made fit for a one-line test name: at most 40 bytes (whole
 * characters), line breaks shown as \n.  Static buffer. */
static const char *shown(const char *s)
{
	static char buf[128];
	size_t n = utf8_truncate(s, strlen(s), 40), j = 0;
	for (size_t i = 0; i < n && j + 3 < sizeof(buf); i++) {
		if (s[i] == '\n') {
			buf[j++] = '\\';
			buf[j++] = 'n';
		} else {
			buf[j++] = s[i];
		}
	}
	buf[j] = 0;
	return buf;
}

static void check_dateline(const char *name, size_t n, const dateline *dl, int r,
			   const struct dcase *c)
{
	if (!c->place) {
		ok(r == 0 && dl->place == NULL && dl->len == 0, "%s: no dateline in '%s'", name,
		   shown(c->line));
		return;
	}
	char place[200], got[300], want[300];
	snprintf(place, sizeof(place), "%.*s", (int)dl->placelen, dl->place ? dl->place : "");
	snprintf(got, sizeof(got), "%d [%s] %d-%d-%d +%zu", r, place, dl->year, dl->month, dl->day,
		 dl->len);
	snprintf(want, sizeof(want), "1 [%s] %d-%d-%d +%zu", c->place, c->y, c->m, c->d,
		 n - strlen(c->rest));
	is_str(got, want, "%s: '%s'", name, shown(c->line));
}

static void test_datelines(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(dcases); i++) {
		const struct dcase *c = &dcases[i];
		size_t n = strlen(c->line);
		dateline dl;
		int r = release_parse_dateline(c->line, n, &dl);
		check_dateline("dateline", n, &dl, r, c);
		if (r && dl.place)
			ok(dl.place >= c->line && dl.place < c->line + n,
			   "the place points into the text");

		/* The same line as the body of a release. */
		char *text = xasprintf("A title\n%s", c->line);
		release rel;
		release_parse(text, strlen(text), &rel);
		int okbody = rel.title && rel.titlelen == 7 && rel.body == text + 8;
		if (c->place)
			okbody = okbody && rel.has_dateline;
		else
			okbody = okbody && !rel.has_dateline;
		ok(okbody, "release_parse: title, and %s dateline in '%s'",
		   c->place ? "a" : "no", shown(c->line));
		if (c->place && rel.has_dateline)
			check_dateline("release_parse", rel.bodylen, &rel.dl, 1, c);
		free(text);
	}
}

static void test_dateline_limits(void)
{
	/* The dash must be within 160 bytes of the start of the dateline. */
	strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "VIENNA, Austria");
	while (sb.len < 140)
		strbuf_adds(&sb, ", Region");
	size_t placelen = sb.len;
	strbuf_adds(&sb, " – Text");
	dateline dl;
	ok(release_parse_dateline(sb.buf, sb.len, &dl) && dl.placelen == placelen,
	   "a dash %zu bytes in is found", placelen + 1);
	strbuf_reset(&sb);
	strbuf_adds(&sb, "VIENNA, Austria");
	while (sb.len < 170)
		strbuf_adds(&sb, ", Region");
	strbuf_adds(&sb, " – Text");
	ok(!release_parse_dateline(sb.buf, sb.len, &dl), "a dash more than 160 bytes in is not");
	strbuf_release(&sb);

	/* Only n bytes are read: the dash beyond n does not count. */
	const char *line = "VIENNA – Text";
	ok(!release_parse_dateline(line, 7, &dl), "the dateline is read within n bytes only");
	ok(release_parse_dateline(line, strlen(line), &dl) && dl.len == strlen(line) - 4,
	   "and found with the whole length");

	/* Leading newlines are skipped too, and counted in len. */
	line = "\n\n  VIENNA – Text";
	ok(release_parse_dateline(line, strlen(line), &dl) && dl.place == line + 4 &&
		   dl.len == strlen(line) - 4,
	   "leading blank lines are skipped and counted in len");
}

static void test_release(void)
{
	release r;
	const char *t;

	t = "OSCE Centre supports new law\nALMATY, Kazakhstan, 18 October 2012 – The OSCE Centre.\nMore.";
	release_parse(t, strlen(t), &r);
	ok(r.title && r.titlelen == 28 && memcmp(r.title, "OSCE Centre supports new law", 28) == 0,
	   "the title is the first line");
	ok(r.body == t + 29 && r.bodylen == strlen(t) - 29, "the body follows the title line");
	ok(r.has_dateline && r.dl.year == 2012 && r.dl.place == r.body &&
		   strncmp(r.body + r.dl.len, "The OSCE Centre.", 16) == 0,
	   "the dateline opens the body, offsets relative to it");

	t = "VIENNA, 5 March 2021 – The OSCE today.\nSecond paragraph.";
	release_parse(t, strlen(t), &r);
	ok(r.title == NULL && r.titlelen == 0, "a first line that is a dateline is no title");
	ok(r.body == t && r.bodylen == strlen(t) && r.has_dateline && r.dl.day == 5,
	   "then the whole text is the body, with its dateline");

	t = "\n\n   \r\n  A title after blank lines  \r\nVIENNA – Text";
	release_parse(t, strlen(t), &r);
	ok(r.title && r.titlelen == 25 && memcmp(r.title, "A title after blank lines", 25) == 0,
	   "blank lines before the title are skipped, the title trimmed");
	ok(r.has_dateline && r.body == strstr(t, "VIENNA"), "the body after such a title");

	t = "Just one line";
	release_parse(t, strlen(t), &r);
	ok(r.title == t && r.titlelen == strlen(t) && r.bodylen == 0 && !r.has_dateline,
	   "a one-line text is a title with an empty body");

	t = "Just one line\n";
	release_parse(t, strlen(t), &r);
	ok(r.title == t && r.titlelen == 13 && r.bodylen == 0, "a one-line text with a newline");

	t = "";
	release_parse(t, 0, &r);
	ok(r.title == NULL && r.bodylen == 0 && !r.has_dateline, "an empty text");

	t = "  \n\t\n  ";
	release_parse(t, strlen(t), &r);
	ok(r.title == NULL && !r.has_dateline, "a text of blank lines has no title");

	t = "Title\n\nVIENNA, 5 March 2021 – Text after a blank line";
	release_parse(t, strlen(t), &r);
	ok(r.title && r.has_dateline && r.dl.place == r.body + 1 &&
		   strcmp(r.body + r.dl.len, "Text after a blank line") == 0,
	   "a blank line between title and dateline");

	t = "Title\nThe OSCE – an organisation of 57 States";
	release_parse(t, strlen(t), &r);
	ok(r.title && !r.has_dateline, "a body without a dateline");

	strbuf sb = STRBUF_INIT;
	while (sb.len <= 400)
		strbuf_adds(&sb, "word ");
	strbuf_adds(&sb, "\nSecond line");
	release_parse(sb.buf, sb.len, &r);
	ok(r.title == NULL && r.body == sb.buf && r.bodylen == sb.len,
	   "a first line longer than 400 bytes is a paragraph, not a title");
	strbuf_release(&sb);
}

static void test_place_display(void)
{
	static const struct {
		const char *place, *want;
	} cases[] = {
		{ "ALMATY, Kazakhstan", "Almaty, Kazakhstan" },
		{ "NUR-SULTAN", "Nur-Sultan" },
		{ "АЛМАТЫ", "Алматы" },
		{ "ST. PETERSBURG", "St. Petersburg" },
		{ "NEW YORK", "New York" },
		{ "BANJA LUKA, Bosnia and Herzegovina", "Banja Luka, Bosnia and Herzegovina" },
		{ "КИШИНЁВ", "Кишинёв" },
		{ "НУР-СУЛТАН, Казахстан", "Нур-Султан, Казахстан" },
		{ "MEXICO CITY, Mexico", "Mexico City, Mexico" },
		{ "GENEVA, SWITZERLAND", "Geneva, SWITZERLAND" },
		{ "CIUDAD DE MÉXICO", "Ciudad de México" },
		{ "FRANKFURT AM MAIN", "Frankfurt am Main" },
		{ "DE AAR", "De Aar" },
		{ "RIO DE JANEIRO, Brazil", "Rio de Janeiro, Brazil" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		dateline dl;
		memset(&dl, 0, sizeof(dl));
		dl.place = cases[i].place;
		dl.placelen = strlen(cases[i].place);
		strbuf sb = STRBUF_INIT;
		release_place_display(&dl, &sb);
		is_str(sb.buf, cases[i].want, "release_place_display(\"%s\")", cases[i].place);
		strbuf_release(&sb);
	}
	/* From a parsed dateline: only placelen bytes are used. */
	dateline dl;
	const char *line = "ALMATY, Kazakhstan, 18 October 2012 – Text";
	strbuf sb = STRBUF_INIT;
	if (release_parse_dateline(line, strlen(line), &dl))
		release_place_display(&dl, &sb);
	is_str(sb.buf, "Almaty, Kazakhstan", "the display of a parsed dateline stops at its place");
	strbuf_release(&sb);
}

/* ------------------------------------------------------------------ */
/* date.h                                                               */

static void test_date_iso(void)
{
	static const struct {
		const char *s;
		int ok, y, m, d;
	} cases[] = {
		{ "1987-02-26", 1, 1987, 2, 26 },
		{ "1958-12", 1, 1958, 12, 0 },
		{ "1970", 1, 1970, 0, 0 },
		{ "20121018", 1, 2012, 10, 18 },
		{ "2012-10-18T10:00:00Z", 1, 2012, 10, 18 },
		{ "2012-10-18 10:00", 1, 2012, 10, 18 },
		{ "2012-02-29", 1, 2012, 2, 29 },
		{ "2000-02-29", 1, 2000, 2, 29 },
		{ "2012-12-31", 1, 2012, 12, 31 },
		{ "2012-02-30", 0, 0, 0, 0 },
		{ "2011-02-29", 0, 0, 0, 0 },
		{ "1900-02-29", 0, 0, 0, 0 },
		{ "2012-04-31", 0, 0, 0, 0 },
		{ "2012-13", 0, 0, 0, 0 },
		{ "2012-00", 0, 0, 0, 0 },
		{ "2012-10-00", 0, 0, 0, 0 },
		{ "2012-10-32", 0, 0, 0, 0 },
		{ "20121318", 0, 0, 0, 0 },
		{ "20121000", 0, 0, 0, 0 },
		{ "20120000", 0, 0, 0, 0 },
		{ "0000", 0, 0, 0, 0 },
		{ "", 0, 0, 0, 0 },
		{ "12-10-2012", 0, 0, 0, 0 },
		{ "abcd", 0, 0, 0, 0 },
		{ "2012-1-5", 0, 0, 0, 0 },
		{ "2012/10/18", 0, 0, 0, 0 },
		{ "201210", 0, 0, 0, 0 },
		{ "2012-10-18x", 0, 0, 0, 0 },
		{ " 2012", 0, 0, 0, 0 },
		{ "+201", 0, 0, 0, 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		date_ymd d = { -1, -1, -1 };
		int r = date_parse_iso(cases[i].s, strlen(cases[i].s), &d);
		if (cases[i].ok)
			ok(r == 1 && d.year == cases[i].y && d.month == cases[i].m &&
				   d.day == cases[i].d,
			   "date_parse_iso(\"%s\") = %d-%d-%d", cases[i].s, cases[i].y, cases[i].m,
			   cases[i].d);
		else
			ok(r == 0 && d.year == -1, "date_parse_iso(\"%s\") rejected, *d untouched",
			   cases[i].s);
	}
	/* Only n bytes are read. */
	date_ymd d;
	ok(date_parse_iso("2012-10-18", 7, &d) && d.year == 2012 && d.month == 10 && d.day == 0,
	   "date_parse_iso reads n bytes only");
}

static void test_month_names(void)
{
	static const struct {
		const char *s;
		int m;
	} cases[] = {
		{ "January", 1 },   { "jan", 1 },        { "Jan.", 1 },       { "FEBRUARY", 2 },
		{ "Feb", 2 },       { "feb.", 2 },       { "March", 3 },      { "Mar.", 3 },
		{ "April", 4 },     { "May", 5 },        { "June", 6 },       { "Jul", 7 },
		{ "August", 8 },    { "Sept.", 9 },      { "Sep", 9 },        { "SEPT", 9 },
		{ "October", 10 },  { "OCT.", 10 },      { "Nov.", 11 },      { "December", 12 },
		/* Russian, genitive and nominative, any case */
		{ "января", 1 },    { "февраля", 2 },    { "марта", 3 },      { "апреля", 4 },
		{ "мая", 5 },       { "МАЯ", 5 },        { "июня", 6 },       { "ИЮЛЯ", 7 },
		{ "августа", 8 },   { "сентября", 9 },   { "Октября", 10 },   { "ОКТЯБРЯ", 10 },
		{ "октябрь", 10 },  { "окт.", 10 },      { "ноября", 11 },    { "декабря", 12 },
		{ "Декабрь", 12 },  { "сент.", 9 },
		/* French */
		{ "janvier", 1 },   { "février", 2 },    { "FÉVRIER", 2 },    { "févr.", 2 },
		{ "mars", 3 },      { "avril", 4 },      { "juin", 6 },       { "juillet", 7 },
		{ "août", 8 },      { "septembre", 9 },  { "octobre", 10 },   { "décembre", 12 },
		/* German */
		{ "Januar", 1 },    { "Jänner", 1 },     { "März", 3 },       { "MÄRZ", 3 },
		{ "Mai", 5 },       { "Juni", 6 },       { "Oktober", 10 },   { "Okt.", 10 },
		{ "Dezember", 12 }, { "Dez.", 12 },
		/* Spanish */
		{ "enero", 1 },     { "Ene.", 1 },       { "febrero", 2 },    { "marzo", 3 },
		{ "abril", 4 },     { "mayo", 5 },       { "agosto", 8 },     { "septiembre", 9 },
		{ "setiembre", 9 }, { "octubre", 10 },   { "noviembre", 11 }, { "diciembre", 12 },
		{ "dic.", 12 },
		/* Not months */
		{ "", 0 },          { ".", 0 },          { "Ma", 0 },         { "Janu", 0 },
		{ "Smarch", 0 },    { "Monday", 0 },     { "2012", 0 },       { "Feb..", 0 },
		{ "Octobers", 0 },  { "г.", 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		is_int(date_month_from_name(cases[i].s, strlen(cases[i].s)), cases[i].m,
		       "date_month_from_name(\"%s\")", cases[i].s);
	is_int(date_month_from_name("March 2012", 5), 3, "date_month_from_name reads n bytes only");
}

static void test_date_format(void)
{
	static const struct {
		date_ymd d;
		const char *iso, *key;
		int valid;
	} cases[] = {
		{ { 2012, 10, 18 }, "2012-10-18", "20121018", 1 },
		{ { 1958, 12, 0 }, "1958-12", "19581200", 1 },
		{ { 1970, 0, 0 }, "1970", "19700000", 1 },
		{ { 987, 2, 3 }, "0987-02-03", "09870203", 1 },
		{ { 0, 0, 0 }, "", "00000000", 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char iso[11], key[9];
		memset(iso, 'x', sizeof(iso));
		date_format(&cases[i].d, iso);
		date_key(&cases[i].d, key);
		is_str(iso, cases[i].iso, "date_format of %d-%d-%d", cases[i].d.year, cases[i].d.month,
		       cases[i].d.day);
		is_str(key, cases[i].key, "date_key of %d-%d-%d", cases[i].d.year, cases[i].d.month,
		       cases[i].d.day);
		is_int(date_valid(&cases[i].d), cases[i].valid, "date_valid of %d-%d-%d",
		       cases[i].d.year, cases[i].d.month, cases[i].d.day);
	}
	/* Partial dates sort before whole ones of their period. */
	date_ymd y = { 2012, 0, 0 }, m = { 2012, 10, 0 }, d = { 2012, 10, 1 };
	char ky[9], km[9], kd[9];
	date_key(&y, ky);
	date_key(&m, km);
	date_key(&d, kd);
	ok(strcmp(ky, km) < 0 && strcmp(km, kd) < 0, "date keys: year < month < day of a period");

	date_ymd bad[] = { { 2012, 0, 5 }, { 2012, 13, 0 }, { 2012, 2, 30 }, { 10000, 1, 1 },
			   { 2012, -1, 0 } };
	int anyvalid = 0;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		anyvalid |= date_valid(&bad[i]);
	ok(!anyvalid, "date_valid rejects a day without month, month 13, 30 February, year 10000");

	is_int(date_days_in_month(2012, 2), 29, "29 days in February 2012");
	is_int(date_days_in_month(2011, 2), 28, "28 days in February 2011");
	is_int(date_days_in_month(1900, 2), 28, "28 days in February 1900");
	is_int(date_days_in_month(2000, 2), 29, "29 days in February 2000");
	is_int(date_days_in_month(2012, 4), 30, "30 days in April");
	is_int(date_days_in_month(2012, 13), 0, "no month 13");
}

/* ------------------------------------------------------------------ */
/* The corpus                                                           */

static char *slurp(const char *path, size_t *len)
{
	gzFile gz = gzopen(path, "rb");
	if (!gz)
		return NULL;
	strbuf sb = STRBUF_INIT;
	char buf[8192];
	int n;
	while ((n = gzread(gz, buf, sizeof(buf))) > 0)
		strbuf_add(&sb, buf, (size_t)n);
	gzclose(gz);
	return strbuf_detach(&sb, len);
}

static void test_corpus_dir(const char *dir, int *files)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *path = xasprintf("%s/%s", dir, de->d_name);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			test_corpus_dir(path, files);
			free(path);
			continue;
		}
		size_t len = 0;
		char *text = slurp(path, &len);
		date_ymd named;
		if (!text || strlen(de->d_name) < 10 || !date_parse_iso(de->d_name, 10, &named)) {
			ok(0, "corpus %s: readable and dated by its name", de->d_name);
			free(text);
			free(path);
			continue;
		}
		release r;
		release_parse(text, len, &r);
		int good = r.title && r.has_dateline && r.dl.month == named.month &&
			   r.dl.day == named.day && (r.dl.year == 0 || r.dl.year == named.year);
		ok(good, "corpus %s: title, dateline, date as in the name", de->d_name);
		if (!good && r.has_dateline)
			diag("dateline %.*s %d-%d-%d", (int)r.dl.placelen, r.dl.place, r.dl.year,
			     r.dl.month, r.dl.day);
		(*files)++;
		free(text);
		free(path);
	}
	closedir(d);
}

/* corpus/ of the source tree: under $DATELINE_TOP (tests/run sets it), in
 * the current directory, or three levels above this program
 * (BUILD/tests/test-dateline). */
static char *corpus_dir(void)
{
	const char *top = getenv("DATELINE_TOP");
	struct stat st;
	if (top)
		return xasprintf("%s/corpus", top);
	if (stat("corpus", &st) == 0 && S_ISDIR(st.st_mode))
		return xstrdup("corpus");
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return xstrdup("corpus");
	exe[n] = 0;
	for (int up = 0; up < 3; up++) {
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = 0;
	}
	return xasprintf("%s/corpus", exe);
}

static void test_corpus(void)
{
	char *dir = corpus_dir();
	int files = 0;
	test_corpus_dir(dir, &files);
	ok(files >= 50, "the corpus was read (%d files)", files);
	free(dir);
}

int main(void)
{
	test_datelines();
	test_dateline_limits();
	test_release();
	test_place_display();
	test_date_iso();
	test_month_names();
	test_date_format();
	test_corpus();
	return done_testing();
}
