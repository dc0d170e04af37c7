/*
 * release.h - reads the shape of a press release: its title line and the
 * dateline that opens its body.
 *
 *   OSCE Centre in Astana supports implementation of domestic violence legislation
 *   ALMATY, Kazakhstan, 18 October 2012 – The OSCE Centre in Astana supported ...
 *
 * A dateline is a place whose first part is written in capitals (the city:
 * "ALMATY", "NEW YORK", "НУР-СУЛТАН"; in scripts without capitals, any
 * letters: "عمّان", "纽约"), optionally followed by regions or a country
 * ("Kazakhstan"), optionally a date, then a dash (en dash, em dash - doubled
 * in Chinese - or a hyphen after a space) and the text.  Parts are separated
 * by commas: ',' or the Arabic '،' or the fullwidth '，'.  The date may be
 * written "18 October 2012", "18 October", "October 18, 2012", "Feb 26",
 * "3 Sept. 2016", "3. März 2015", "1er décembre 2022", "18 октября 2012 г.",
 * "15 травня 2019 року", "8 de marzo de 2024", "17 نيسان/أبريل 2018" (Arabic
 * month names of either set, Arabic-Indic digits), "2024年3月8日", "3月8日",
 * "2012-10-18".  A dateline without a year gives only the month and day:
 * the caller may complete it.
 */
#ifndef DATELINE_RELEASE_H
#define DATELINE_RELEASE_H

#include <stddef.h>

#include "date.h"

struct strbuf;

typedef struct dateline {
	const char *place; /* the place as written ("ALMATY, Kazakhstan"), into the text */
	size_t placelen;
	int year, month, day; /* 0 where the dateline does not say */
	size_t len;           /* bytes from the start of the dateline to its text */
} dateline;

/*
 * Reads a dateline at the start of s (n bytes; leading spaces skipped).
 * Returns 1 and fills *dl if there is one, else 0.
 */
int release_parse_dateline(const char *s, size_t n, dateline *dl);

typedef struct release {
	const char *title; /* the title line, trimmed; NULL if the text has none */
	size_t titlelen;
	const char *body;  /* the text after the title line */
	size_t bodylen;
	int has_dateline;
	dateline dl;       /* valid if has_dateline; offsets relative to body */
} release;

/*
 * Splits a press release (text, len bytes of UTF-8) into title, body and
 * dateline.  The first non-empty line is the title, unless it is itself a
 * dateline or longer than a title can be (then there is no title and the
 * whole text is the body).  Pointers refer into text.
 */
void release_parse(const char *text, size_t len, release *r);

/* Appends the place of a dateline to out as people write it: the city in
 * title case ("ALMATY, Kazakhstan" -> "Almaty, Kazakhstan"). */
void release_place_display(const dateline *dl, struct strbuf *out);

#endif
