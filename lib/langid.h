/*
 * langid.h - guesses the language of a text that does not say.
 *
 * Three steps.  The writing system comes first: a script that one language
 * of ours owns decides alone (Greek, Armenian, Georgian, Tamil, Thai,
 * Hangul; Han characters are Chinese, or Japanese with kana).  A text in
 * Latin letters of at least LANGID_SURE_LETTERS letters is then decided by
 * the commonest short words of the languages that have a list of them
 * (langid.c), when one list leaves no doubt: at least 8 hits, a fifth of
 * the words or more, and three times the hits of any other list.  Most
 * prose passes this test at a fraction of the fingerprints' cost (on
 * English Wikipedia paragraphs, three in four, and the 7 of 50,000 on which
 * the two disagreed were English that the fingerprints took for German,
 * Danish or Catalan because of the names they quote).  Other texts in a
 * script that several languages share (Latin, Cyrillic, Arabic,
 * Devanagari, Hebrew) are compared by libexttextcat's character
 * n-gram fingerprints (the Cavnar-Trenkle "out-of-place" measure), with the
 * fingerprints of the languages written in that script only: Latin among
 * English, French, Spanish, German, Italian, Portuguese, Dutch, the
 * Scandinavian, Baltic, Slavic and other languages of Europe and Central
 * Asia written in Latin letters, Turkish, Indonesian, ...; Cyrillic among
 * Russian, Ukrainian, Belarusian, Bulgarian, Macedonian, Serbian, Kazakh,
 * Kyrgyz, Tajik and Mongolian; Arabic script among Arabic, Persian and
 * Urdu.
 *
 * Short texts are hard to tell apart, so the rules for them are:
 *  - fewer than LANGID_MIN_LETTERS letters (a title alone): no guess;
 *  - fewer than LANGID_SURE_LETTERS letters, when the runner-up scores
 *    within 2% of the best: a tie, settled by the commonest short words
 *    of the two languages (articles, prepositions, conjunctions: at least
 *    two, and more than the other's); else no guess, except for Cyrillic,
 *    which is then Russian (Ukrainian if it has letters only Ukrainian
 *    uses);
 *  - without the fingerprint files (libexttextcat-data), only the script
 *    and function-word steps guess (Cyrillic as just said, Arabic script as Arabic).
 * "No guess" means that the caller's default language is used.
 *
 * The fingerprints are loaded on first use and kept; not thread-safe.
 */
#ifndef DATELINE_LANGID_H
#define DATELINE_LANGID_H

#include <stddef.h>

/* Letters a text needs for any guess, and for a guess even when two
 * languages score alike. */
#define LANGID_MIN_LETTERS 20
#define LANGID_SURE_LETTERS 200

typedef struct langid_info {
	const char *code;      /* the guess (ISO 639-1), or NULL */
	const char *best;      /* the best fingerprint's language, or NULL */
	const char *runner_up; /* the second best fingerprint's language, or NULL */
	double margin;         /* runner-up's distance / best's (1.0: a tie); 0 if
				* no fingerprints were compared */
	size_t letters;        /* letters read */
	const char *how;       /* "script", "function words", "fingerprints", "short",
				* "tie", "mixed", "no fingerprints" */
} langid_info;

/* The ISO 639-1 code guessed for text (at most its first 16 KB are read),
 * or NULL when no guess is sound.  Static. */
const char *langid_guess(const char *text, size_t len);

/* The same, telling how the guess was made in *info (may be NULL). */
const char *langid_guess_info(const char *text, size_t len, langid_info *info);

/* The writing system of the language of ISO 639-1 code (a small number,
 * equal for languages written alike: "en" and "fr", "ru" and "uk"), or -1
 * for a code it does not know.  Serbian, written in two, counts as Latin. */
int langid_script_of(const char *code);

/* 1 if the fingerprints could be loaded (libexttextcat-data is there). */
int langid_have_fingerprints(void);

/* Frees the fingerprints (they are loaded again if needed). */
void langid_release(void);

#endif
