/*
 * date.h - calendar dates, whole or partial, as press releases and JSON give them.
 *
 * A date may lack its day ("1958-12") or its month and day ("1970"): the
 * missing parts are 0.  Month names are read in English, Russian,
 * Ukrainian, French, German, Spanish, Italian, Portuguese and Arabic (both
 * sets of names, alone or as "نيسان/أبريل"), in full or abbreviated ("Feb",
 * "Sept.", "октября").
 */
#ifndef DATELINE_DATE_H
#define DATELINE_DATE_H

#include <stddef.h>

typedef struct date_ymd {
	int year;  /* 0: no date */
	int month; /* 1-12, 0: unknown */
	int day;   /* 1-31, 0: unknown */
} date_ymd;

/* 1 if d holds a date (a year at least) whose parts are possible. */
int date_valid(const date_ymd *d);

/*
 * Parses an ISO 8601 date, whole or partial: "2012-10-18", "2012-10", "2012",
 * also "20121018" and a time part after 'T' or a space, which is ignored.
 * Returns 1 and fills *d if s (n bytes) is such a date and possible
 * (no 30 February), else 0.
 */
int date_parse_iso(const char *s, size_t n, date_ymd *d);

/* The month (1-12) named by s (n bytes, any case, an optional final dot;
 * two names joined by '/' name the month of either), or 0. */
int date_month_from_name(const char *s, size_t n);

/* Days in month m of year y. */
int date_days_in_month(int y, int m);

/* "2012-10-18", "2012-10" or "2012" into out (at least 11 bytes); "" if no date. */
void date_format(const date_ymd *d, char *out);

/*
 * The sort key stored in the index's date slot: "YYYYMMDD" with 00 for
 * unknown parts, so partial dates sort before the whole ones of their period.
 * out needs 9 bytes.
 */
void date_key(const date_ymd *d, char *out);

#endif
