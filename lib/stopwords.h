/*
 * stopwords.h - words too common to help ranking a query (the, of, и, de, ...).
 *
 * Used on the query side only: every word is indexed, so a phrase with
 * stopwords still matches exactly; a plain query word that is a stopword
 * of the query's language is left out of the ranking, unless the query
 * would be left with no word at all.  Lists for English, Russian, French,
 * Spanish and German; other languages have none.
 */
#ifndef DATELINE_STOPWORDS_H
#define DATELINE_STOPWORDS_H

#include <stddef.h>

/* 1 if word (folded as the analyser folds it, len bytes) is a stopword of
 * the language with ISO 639-1 code lang. */
int stopword(const char *lang, const char *word, size_t len);

/* 1 if lang has a stopword list. */
int stopwords_has(const char *lang);

/* 0 if every list is sorted and without duplicates (for the tests). */
int stopwords_selftest(void);

#endif
