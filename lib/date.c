/*
 * date.c - parsing and formatting of whole and partial dates.
 */
#include "date.h"

#include <string.h>
#include <strings.h>

int date_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

int date_valid(const date_ymd *d)
{
	if (d->year < 1 || d->year > 9999)
		return 0;
	if (d->month == 0)
		return d->day == 0;
	if (d->month < 1 || d->month > 12)
		return 0;
	if (d->day == 0)
		return 1;
	return d->day >= 1 && d->day <= date_days_in_month(d->year, d->month);
}

static int digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

int date_parse_iso(const char *s, size_t n, date_ymd *d)
{
	date_ymd r = { 0, 0, 0 };
	/* Ignore a time part. */
	for (size_t i = 4; i < n; i++)
		if (s[i] == 'T' || s[i] == ' ') {
			n = i;
			break;
		}
	if (n == 8) {
		if (!digits(s, 4, &r.year) || !digits(s + 4, 2, &r.month) || !digits(s + 6, 2, &r.day) ||
		    r.month == 0 || r.day == 0)
			return 0;
	} else if (n == 4 || n == 7 || n == 10) {
		if (!digits(s, 4, &r.year))
			return 0;
		if (n >= 7 && (s[4] != '-' || !digits(s + 5, 2, &r.month) || r.month == 0))
			return 0;
		if (n == 10 && (s[7] != '-' || !digits(s + 8, 2, &r.day) || r.day == 0))
			return 0;
	} else {
		return 0;
	}
	if (!date_valid(&r))
		return 0;
	*d = r;
	return 1;
}

/* Month names in English, Russian, Ukrainian, French, German, Spanish,
 * Italian, Portuguese and Arabic: full forms and the abbreviations used in
 * datelines.  Arabic has two sets, the Syriac names of the Levant and Iraq
 * ("نيسان") and the Latin ones of Egypt and the Maghreb ("أبريل"), often
 * written together ("نيسان/أبريل"); they are listed as date_month_from_name()
 * normalises them: without hamza on alef, without harakat. */
static const char *const month_names[12][24] = {
	{ "january", "jan", "января", "январь", "янв", "січня", "janvier", "janv", "januar", "jänner",
	  "enero", "ene", "gennaio", "janeiro", "يناير", "كانون الثاني", NULL },
	{ "february", "feb", "февраля", "февраль", "фев", "февр", "лютого", "février", "fevrier",
	  "févr", "fevr", "februar", "febrero", "febbraio", "fevereiro", "فبراير", "شباط", NULL },
	{ "march", "mar", "марта", "март", "мар", "березня", "mars", "märz", "marz", "marzo", "março",
	  "marco", "مارس", "اذار", NULL },
	{ "april", "apr", "апреля", "апрель", "апр", "квітня", "avril", "avr", "abril", "abr", "aprile",
	  "ابريل", "نيسان", NULL },
	{ "may", "мая", "май", "травня", "mai", "mayo", "maggio", "maio", "مايو", "ايار", NULL },
	{ "june", "jun", "июня", "июнь", "июн", "червня", "juin", "juni", "junio", "giugno", "junho",
	  "يونيو", "يونيه", "يونية", "حزيران", NULL },
	{ "july", "jul", "июля", "июль", "июл", "липня", "juillet", "juil", "juli", "julio", "luglio",
	  "julho", "يوليو", "يوليه", "يولية", "تموز", NULL },
	{ "august", "aug", "августа", "август", "авг", "серпня", "août", "aout", "agosto", "ago",
	  "اغسطس", "اب", NULL },
	{ "september", "sep", "sept", "сентября", "сентябрь", "сен", "сент", "вересня", "septembre",
	  "septiembre", "setiembre", "set", "settembre", "setembro", "سبتمبر", "ايلول", NULL },
	{ "october", "oct", "октября", "октябрь", "окт", "жовтня", "octobre", "oktober", "okt",
	  "octubre", "ottobre", "outubro", "اكتوبر", "تشرين الاول", NULL },
	{ "november", "nov", "ноября", "ноябрь", "ноя", "нояб", "листопада", "novembre", "noviembre",
	  "novembro", "نوفمبر", "تشرين الثاني", NULL },
	{ "december", "dec", "декабря", "декабрь", "дек", "грудня", "décembre", "decembre", "déc",
	  "dezember", "dez", "diciembre", "dic", "dicembre", "dezembro", "ديسمبر", "كانون الاول",
	  NULL },
};

/* Lower-cases ASCII and the Cyrillic and Latin-1 capitals used in month
 * names; drops Arabic harakat and tatweel and the hamza of alef. */
static size_t lower(const char *s, size_t n, char *out, size_t cap)
{
	size_t j = 0;
	for (size_t i = 0; i < n && j + 2 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z') {
			out[j++] = (char)(c + 32);
		} else if (c == 0xD0 && i + 1 < n) {
			/* Cyrillic А-П (D0 90-9F) -> а-п (D0 B0-BF); Р-Я (D0 A0-AF) -> р-я (D1 80-8F) */
			unsigned char c2 = (unsigned char)s[++i];
			if (c2 >= 0x90 && c2 <= 0x9F) {
				out[j++] = (char)0xD0;
				out[j++] = (char)(c2 + 0x20);
			} else if (c2 >= 0xA0 && c2 <= 0xAF) {
				out[j++] = (char)0xD1;
				out[j++] = (char)(c2 - 0x20);
			} else {
				out[j++] = (char)c;
				out[j++] = (char)c2;
			}
		} else if (c == 0xC3 && i + 1 < n) {
			unsigned char c2 = (unsigned char)s[++i];
			/* Latin-1 capitals À-Þ (C3 80-9E) -> à-þ */
			out[j++] = (char)c;
			out[j++] = (char)(c2 >= 0x80 && c2 <= 0x9E && c2 != 0x97 ? c2 + 0x20 : c2);
		} else if (c == 0xD9 && i + 1 < n &&
			   ((unsigned char)s[i + 1] == 0x80 ||
			    ((unsigned char)s[i + 1] >= 0x8B && (unsigned char)s[i + 1] <= 0x9F))) {
			i++; /* tatweel, harakat */
		} else if (c == 0xD8 && i + 1 < n &&
			   ((unsigned char)s[i + 1] == 0xA2 || (unsigned char)s[i + 1] == 0xA3 ||
			    (unsigned char)s[i + 1] == 0xA5)) {
			out[j++] = (char)0xD8; /* آ أ إ -> ا */
			out[j++] = (char)0xA7;
			i++;
		} else {
			out[j++] = (char)c;
		}
	}
	out[j] = 0;
	return j;
}

int date_month_from_name(const char *s, size_t n)
{
	char buf[96];
	if (n && s[n - 1] == '.')
		n--;
	/* "نيسان/أبريل", "Apr/April": either name will do. */
	const char *slash = memchr(s, '/', n);
	if (slash) {
		size_t k = (size_t)(slash - s);
		int m = date_month_from_name(s, k);
		return m ? m : date_month_from_name(slash + 1, n - k - 1);
	}
	if (n < 3 || n > 40)
		return 0;
	lower(s, n, buf, sizeof(buf));
	for (int m = 0; m < 12; m++)
		for (int k = 0; month_names[m][k]; k++)
			if (strcmp(buf, month_names[m][k]) == 0)
				return m + 1;
	return 0;
}

void date_format(const date_ymd *d, char *out)
{
	char key[9];
	date_key(d, key);
	out[0] = 0;
	if (!d->year)
		return;
	memcpy(out, key, 4);
	out[4] = 0;
	if (!d->month)
		return;
	out[4] = '-';
	memcpy(out + 5, key + 4, 2);
	out[7] = 0;
	if (!d->day)
		return;
	out[7] = '-';
	memcpy(out + 8, key + 6, 2);
	out[10] = 0;
}

static void put_digits(char *out, unsigned v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void date_key(const date_ymd *d, char *out)
{
	put_digits(out, (unsigned)d->year, 4);
	put_digits(out + 4, (unsigned)d->month, 2);
	put_digits(out + 6, (unsigned)d->day, 2);
	out[8] = 0;
}
