/*
 * release.c - title and dateline of a press release.
 */
#include "release.h"
#include "util.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* Longest title line, in bytes: a longer first line is a paragraph. */
#define MAX_TITLE 400
/* How far into the first line of the body a dateline's dash may be. */
#define MAX_DATELINE 160

typedef struct span {
	const char *s;
	size_t n;
} span;

static int is_space_at(const char *s, size_t n, size_t i, size_t *w)
{
	unsigned char c = (unsigned char)s[i];
	if (c == ' ' || c == '\t') {
		*w = 1;
		return 1;
	}
	if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
		*w = 2; /* no-break space */
		return 1;
	}
	return 0;
}

/* Width of a dash at s[i] (en dash, em dash, hyphen, "--"), else 0. */
static size_t dash_at(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;
	if (i + 2 < n && u[i] == 0xE2 && u[i + 1] == 0x80 && (u[i + 2] == 0x93 || u[i + 2] == 0x94))
		return 3;
	if (u[i] == '-')
		return i + 1 < n && u[i + 1] == '-' ? 2 : 1;
	return 0;
}

/* Width of a comma at s[i]: ',' or the Arabic '،' or the fullwidth '，'
 * of Chinese; else 0. */
static size_t comma_at(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[i] == ',')
		return 1;
	if (u[i] == 0xD8 && i + 1 < n && u[i + 1] == 0x8C)
		return 2;
	if (u[i] == 0xEF && i + 2 < n && u[i + 1] == 0xBC && u[i + 2] == 0x8C)
		return 3;
	return 0;
}

/* Splits sp at its first comma: the head into *head, the rest (after the
 * comma) into *sp.  Returns 0 when sp is empty. */
static int next_component(span *sp, span *head)
{
	if (!sp->n)
		return 0;
	size_t k = 0, cw = 0;
	while (k < sp->n && !(cw = comma_at(sp->s, sp->n, k)))
		k++;
	head->s = sp->s;
	head->n = k;
	head->s = trim_space(head->s, &head->n);
	if (cw) {
		sp->s += k + cw;
		sp->n -= k + cw;
	} else {
		sp->s += sp->n;
		sp->n = 0;
	}
	return 1;
}

/* A city: letters, spaces, dots, hyphens and apostrophes, no lower-case
 * letter, and at least two letters. */
static int is_city(span c)
{
	size_t i = 0, letters = 0;
	if (c.n == 0 || c.n > 80)
		return 0;
	while (i < c.n) {
		int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)c.s + i,
						      (utf8proc_ssize_t)(c.n - i), &cp);
		if (k <= 0)
			return 0;
		utf8proc_category_t cat = utf8proc_category(cp);
		if (cat == UTF8PROC_CATEGORY_LL)
			return 0;
		if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
			letters++;
		else if (!(cp == ' ' || cp == '.' || cp == '-' || cp == '\'' || cp == 0x2019 ||
			   cp == 0xA0 || (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME)))
			return 0;
		i += (size_t)k;
	}
	return letters >= 2;
}

/* A region or country: a capitalised name without digits ("Kazakhstan",
 * "Bosnia and Herzegovina"). */
static int is_region(span c)
{
	if (c.n == 0 || c.n > 80)
		return 0;
	int32_t cp;
	if (utf8proc_iterate((const utf8proc_uint8_t *)c.s, (utf8proc_ssize_t)c.n, &cp) <= 0)
		return 0;
	/* A capital, or a letter of a script without case (Arabic, Chinese). */
	utf8proc_category_t cat = utf8proc_category(cp);
	if (cat != UTF8PROC_CATEGORY_LU && cat != UTF8PROC_CATEGORY_LT && cat != UTF8PROC_CATEGORY_LO)
		return 0;
	for (size_t i = 0; i < c.n; i++)
		if ((c.s[i] >= '0' && c.s[i] <= '9') || c.s[i] == '(' || c.s[i] == ')')
			return 0;
	return 1;
}

/* Splits c into at most max space-separated words. Returns the count, or
 * max + 1 if there are more. */
static size_t words(span c, span *w, size_t max)
{
	size_t nw = 0, i = 0, sw;
	while (i < c.n) {
		while (i < c.n && is_space_at(c.s, c.n, i, &sw))
			i += sw;
		if (i >= c.n)
			break;
		size_t start = i;
		while (i < c.n && !is_space_at(c.s, c.n, i, &sw))
			i++;
		if (nw == max)
			return max + 1;
		w[nw].s = c.s + start;
		w[nw].n = i - start;
		nw++;
	}
	return nw;
}

/* The digit at s[i] (ASCII, Arabic-Indic, Persian or fullwidth): its value
 * in *v and its width in bytes, or 0. */
static size_t digit_at(const char *s, size_t n, size_t i, int *v)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[i] >= '0' && u[i] <= '9') {
		*v = u[i] - '0';
		return 1;
	}
	if (i + 1 < n && u[i] == 0xD9 && u[i + 1] >= 0xA0 && u[i + 1] <= 0xA9) {
		*v = u[i + 1] - 0xA0; /* ٠-٩ */
		return 2;
	}
	if (i + 1 < n && u[i] == 0xDB && u[i + 1] >= 0xB0 && u[i + 1] <= 0xB9) {
		*v = u[i + 1] - 0xB0; /* ۰-۹ */
		return 2;
	}
	if (i + 2 < n && u[i] == 0xEF && u[i + 1] == 0xBC && u[i + 2] >= 0x90 && u[i + 2] <= 0x99) {
		*v = u[i + 2] - 0x90; /* ０-９ */
		return 3;
	}
	return 0;
}

/* Reads up to 4 digits at s[*i]; returns how many (0: none) with the value
 * in *out, and moves *i past them. */
static int digits_at(const char *s, size_t n, size_t *i, int *out)
{
	int v = 0, nd = 0, d;
	size_t w;
	while (*i < n && nd < 5 && (w = digit_at(s, n, *i, &d))) {
		v = v * 10 + d;
		nd++;
		*i += w;
	}
	*out = v;
	return nd > 4 ? 0 : nd;
}

/* A number from lo to hi written alone in w; a day may carry a final dot
 * (German "5.") or be French "1er". */
static int number(span w, int lo, int hi, int *out)
{
	size_t i = 0;
	int v;
	if (!digits_at(w.s, w.n, &i, &v))
		return 0;
	if (i < w.n && hi <= 31 && ((i + 1 == w.n && w.s[i] == '.') ||
				    (v == 1 && w.n - i == 2 && memcmp(w.s + i, "er", 2) == 0)))
		i = w.n;
	if (i != w.n || v < lo || v > hi)
		return 0;
	*out = v;
	return 1;
}

/* A Chinese or Japanese date in one word: "2024年3月8日", "3月8日", "2024年3月". */
static int cjk_date(span w, int *y, int *m, int *d)
{
	static const char nian[] = "年", yue[] = "月", ri[] = "日";
	size_t i = 0;
	int v, yy = 0, mm = 0, dd = 0;
	if (!digits_at(w.s, w.n, &i, &v))
		return 0;
	if (i + 3 <= w.n && memcmp(w.s + i, nian, 3) == 0) {
		yy = v;
		i += 3;
		if (yy < 1000 || !digits_at(w.s, w.n, &i, &v))
			return 0;
	}
	if (!(i + 3 <= w.n && memcmp(w.s + i, yue, 3) == 0) || v < 1 || v > 12)
		return 0;
	mm = v;
	i += 3;
	if (i < w.n) {
		if (!digits_at(w.s, w.n, &i, &v) || !(i + 3 == w.n && memcmp(w.s + i, ri, 3) == 0))
			return 0;
		dd = v;
		if (dd < 1 || dd > date_days_in_month(yy ? yy : 2000, mm))
			return 0;
	} else if (!yy) {
		return 0; /* "3月" alone is too little */
	}
	*y = yy, *m = mm, *d = dd;
	return 1;
}

/* 1 if w is the word s. */
static int word_is(span w, const char *s)
{
	return w.n == strlen(s) && memcmp(w.s, s, w.n) == 0;
}

/*
 * The words of a date, ready to read: the "de" of Spanish, Portuguese and
 * Catalan dates left out ("8 de marzo de 2024"), and the two words of
 * an Arabic month name made one ("كانون الثاني/يناير").  Returns the count,
 * or max + 1 if there are more.
 */
static size_t date_words(span c, span *w, size_t max)
{
	span raw[8];
	size_t nr = words(c, raw, 7), nw = 0;
	if (nr > 7)
		return max + 1;
	for (size_t i = 0; i < nr; i++) {
		if (word_is(raw[i], "de") || word_is(raw[i], "del"))
			continue;
		if (nw == max)
			return max + 1;
		w[nw] = raw[i];
		if ((word_is(raw[i], "كانون") || word_is(raw[i], "تشرين")) && i + 1 < nr) {
			w[nw].n = (size_t)(raw[i + 1].s + raw[i + 1].n - raw[i].s);
			i++;
		}
		nw++;
	}
	return nw;
}

/* The words Russian and Ukrainian write after a year: "г.", "г", "года",
 * "год", "року", "р.". */
static int is_year_word(span w)
{
	static const char *const yw[] = { "г.", "г", "года", "год", "г.,", "року", "р.", "р", NULL };
	for (int i = 0; yw[i]; i++)
		if (w.n == strlen(yw[i]) && memcmp(w.s, yw[i], w.n) == 0)
			return 1;
	return 0;
}

/*
 * Reads a date from one component (and the next, for "March 8, 2019").
 * Returns the number of components used (1 or 2), or 0 if c is no date.
 */
static int parse_date(span c, const span *next, int *y, int *m, int *d)
{
	span w[6];
	size_t nw = date_words(c, w, 5);
	int yy = 0, mm = 0, dd = 0;
	date_ymd iso;

	if (nw > 5 || nw == 0)
		return 0;
	if (nw == 1 && cjk_date(w[0], y, m, d))
		return 1;
	/* Russian "г." after the year. */
	if (nw >= 2 && is_year_word(w[nw - 1]))
		nw--;
	if (nw == 1 && date_parse_iso(w[0].s, w[0].n, &iso) && iso.day) {
		*y = iso.year, *m = iso.month, *d = iso.day;
		return 1;
	}
	if (nw == 2 || nw == 3) {
		/* 18 October [2012] */
		if (number(w[0], 1, 31, &dd) && (mm = date_month_from_name(w[1].s, w[1].n))) {
			if (nw == 3 && !number(w[2], 1000, 9999, &yy))
				return 0;
		/* October 18 [2012], Feb 26 [2014] */
		} else if ((mm = date_month_from_name(w[0].s, w[0].n)) &&
			   number(w[1], 1, 31, &dd)) {
			if (nw == 3 && !number(w[2], 1000, 9999, &yy))
				return 0;
		/* October 2012 */
		} else if (nw == 2 && (mm = date_month_from_name(w[0].s, w[0].n)) &&
			   number(w[1], 1000, 9999, &yy)) {
			dd = 0;
		} else {
			return 0;
		}
		int used = 1;
		/* US order with the year after a comma: "March 8, 2019". */
		if (nw == 2 && !yy && next && next->n) {
			span nwd[3];
			size_t k = words(*next, nwd, 2);
			if (k >= 1 && k <= 2 && number(nwd[0], 1000, 9999, &yy) &&
			    (k == 1 || is_year_word(nwd[1])))
				used = 2;
		}
		if (dd && dd > date_days_in_month(yy ? yy : 2000, mm))
			return 0;
		*y = yy, *m = mm, *d = dd;
		return used;
	}
	return 0;
}

/* Parses the part of a dateline before its dash. */
static int parse_head(span head, dateline *dl)
{
	span rest = head, comp, placeend = { head.s, 0 };
	int y = 0, m = 0, d = 0, dated = 0;

	if (!next_component(&rest, &comp) || !is_city(comp))
		return 0;
	placeend.n = (size_t)(comp.s + comp.n - head.s);
	while (next_component(&rest, &comp)) {
		if (dated)
			return 0; /* nothing may follow the date */
		span after = rest, nextc = { NULL, 0 };
		if (after.n)
			next_component(&after, &nextc);
		int used = parse_date(comp, nextc.s ? &nextc : NULL, &y, &m, &d);
		if (used) {
			dated = 1;
			if (used == 2)
				rest = after;
			continue;
		}
		if (!is_region(comp))
			return 0;
		placeend.n = (size_t)(comp.s + comp.n - head.s);
	}
	dl->place = head.s;
	dl->placelen = placeend.n;
	dl->year = y;
	dl->month = m;
	dl->day = d;
	return 1;
}

int release_parse_dateline(const char *s, size_t n, dateline *dl)
{
	size_t i = 0, sw;
	const char *start;
	memset(dl, 0, sizeof(*dl));
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	start = s + i;
	size_t lim = n - i < MAX_DATELINE ? n - i : MAX_DATELINE;
	for (size_t j = 1; j < lim; j++) {
		if (start[j] == '\n')
			break;
		size_t dw = dash_at(start, lim, j);
		if (!dw)
			continue;
		/* A hyphen separates only after a space ("CLEVELAND, Feb 26 -"),
		 * so "NUR-SULTAN" stays a name. */
		int spaced = is_space_at(start, lim, j - 1, &sw) ||
			     (j >= 2 && (unsigned char)start[j - 2] == 0xC2 &&
			      (unsigned char)start[j - 1] == 0xA0);
		if (dw < 3 && !spaced)
			continue;
		span head = { start, j };
		head.s = trim_space(head.s, &head.n);
		if (!parse_head(head, dl))
			continue;
		size_t k = j + dw;
		/* Chinese doubles the dash: "纽约，3月8日——". */
		if (dw == 3 && k + 3 <= n - i && dash_at(start, n - i, k) == 3)
			k += 3;
		while (k < n - i && is_space_at(start, n - i, k, &sw))
			k += sw;
		dl->len = (size_t)(start - s) + k;
		return 1;
	}
	memset(dl, 0, sizeof(*dl));
	return 0;
}

void release_parse(const char *text, size_t len, release *r)
{
	size_t i = 0;
	memset(r, 0, sizeof(*r));
	/* The first non-empty line. */
	for (;;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t n = end - i;
		const char *line = trim_space(text + i, &n);
		if (n || !nl) {
			dateline dl;
			if (n && n <= MAX_TITLE && !release_parse_dateline(line, n, &dl)) {
				r->title = line;
				r->titlelen = n;
				i = nl ? end + 1 : len;
			}
			break;
		}
		i = end + 1;
	}
	r->body = text + i;
	r->bodylen = len - i;
	r->has_dateline = release_parse_dateline(r->body, r->bodylen, &r->dl);
}

/* Particles that stay in lower case inside a place name ("Ciudad de México",
 * "Frankfurt am Main", "Bosnia and Herzegovina"). */
static int is_particle(const char *w, size_t n)
{
	static const char *const particles[] = { "de",  "del", "la", "las", "los", "el", "da", "do",
						 "dos", "das", "di", "du",  "des", "von", "van", "der",
						 "den", "am",  "an", "of",  "and", "y",  "e",  "sur",
						 NULL };
	for (int i = 0; particles[i]; i++)
		if (strlen(particles[i]) == n && strncasecmp(w, particles[i], n) == 0)
			return 1;
	return 0;
}

void release_place_display(const dateline *dl, strbuf *out)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)dl->place;
	size_t n = dl->placelen, i = 0;
	const char *comma = memchr(dl->place, ',', n);
	size_t cityend = comma ? (size_t)(comma - dl->place) : n;
	int start = 1;
	while (i < cityend) {
		int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(cityend - i), &cp);
		if (k <= 0) {
			i++;
			continue;
		}
		utf8proc_category_t cat = utf8proc_category(cp);
		int letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
		if (start && letter && i > 0) {
			size_t w = i;
			while (w < cityend && dl->place[w] != ' ' && dl->place[w] != '-')
				w++;
			if (is_particle(dl->place + i, w - i))
				start = 0;
		}
		int32_t o = letter ? (start ? utf8proc_toupper(cp) : utf8proc_tolower(cp)) : cp;
		utf8proc_uint8_t buf[4];
		strbuf_add(out, buf, (size_t)utf8proc_encode_char(o, buf));
		start = !letter && cat != UTF8PROC_CATEGORY_MN && cp != '\'' && cp != 0x2019;
		i += (size_t)k;
	}
	strbuf_add(out, dl->place + cityend, n - cityend);
}
