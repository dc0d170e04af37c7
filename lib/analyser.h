/*
 * analyser.h - turns text into the words dateline indexes and searches.
 *
 * One analyser serves the indexer, the query parser and the snippet writer,
 * so that a query word always meets the term that was indexed for it.
 *
 * What it does to a text, in order:
 *  - decodes UTF-8; an invalid byte is a word separator, never an error;
 *  - splits words: letters, digits and combining marks make words; spaces,
 *    punctuation, symbols, en and em dashes separate them;
 *  - keeps apostrophes inside words ("don't"; ’ and ʼ become '), and drops a
 *    final possessive 's ("OSCE’s" -> "osce");
 *  - hyphenated words ("co-operation") give each part at its own position,
 *    plus the joined word ("cooperation") at the first part's position,
 *    flagged AN_JOINED, so both spellings find each other;
 *  - acronyms written with dots ("U.N.", "U.S.A.") become one word ("un");
 *  - numbers keep decimal points ("3.5") and lose thousands separators
 *    ("1,000" -> "1000"); dots and other punctuation elsewhere split words
 *    ("osce.org" -> "osce", "org"), as do @ and / in e-mail addresses and URLs;
 *  - Chinese and Japanese characters, written without spaces, are indexed as
 *    overlapping bigrams (a single character alone stays a unigram);
 *  - folds each word: Unicode compatibility normalisation (NFKC), case
 *    folding, and accent folding: the diacritics of Latin, Greek and Cyrillic
 *    letters are removed (é -> e, ё -> е; but й stays, it is a letter of its
 *    own), Arabic harakat and tatweel are removed, alef forms unified
 *    (أ إ آ ٱ -> ا) and alef maqsura read as yeh (ى -> ي),
 *    and letters like ø, ł, đ, æ, œ, ß get their plain spellings;
 *  - skips words longer than AN_MAX_WORD bytes (hashes, junk).
 *
 * Rules of particular languages, for an analyser of that language only:
 *  - French, Italian and Catalan drop an elided article and its apostrophe
 *    ("l'OSCE" -> "osce", "dell'ONU" -> "onu", "d'Andorra" -> "andorra";
 *    ' and ’ alike), keeping the whole word ("l'osce") as the token's alt;
 *    English "O'Brien" and "don't" stay whole;
 *  - German: a word with ä, ö or ü folds to the plain vowel ("Müller" ->
 *    "muller") with the digraph spelling ("mueller") as alt; a word written
 *    with ae, oe or ue for them (Snowball's "german2" rule: not "qu", not a
 *    u between vowels as in "neue") keeps its spelling ("mueller"), gets the
 *    plain one as alt ("muller") and is stemmed as if written with umlauts;
 *    so Müller, Mueller and Muller find each other.  ß folds to "ss" in
 *    every language (Straße ~ Strasse).
 * The indexer indexes a token's alt at the token's position, so that a
 * query analysed in any language finds it.
 *
 * Stemming (libstemmer) is separate: analyser_stem() stems a token's
 * case-folded form (accents kept, as Snowball expects) and then folds the
 * accents of the stem; analyser_stem_folded() stems the accent-folded
 * form, for the indexer to add (queries without accents meet it).
 */
#ifndef DATELINE_ANALYSER_H
#define DATELINE_ANALYSER_H

#include <stddef.h>

/* Longest folded word kept, in bytes. */
#define AN_MAX_WORD 64

typedef struct analyser analyser;

enum {
	AN_JOINED = 1, /* the joined form of a hyphenated word, at its first part's position */
	AN_NUMBER = 2, /* starts with a digit: not stemmed */
	AN_CJK = 4     /* a bigram or single character of a script without spaces */
};

typedef struct an_token {
	const char *word;  /* folded form: the indexed term; NUL-terminated */
	size_t len;
	const char *cased; /* case-folded form with accents, for the stemmer */
	size_t casedlen;
	unsigned pos;      /* word position */
	size_t start, end; /* bytes of the input that produced it */
	unsigned flags;    /* AN_* */
	const char *alt;   /* another spelling at the same position (folded), or NULL */
	size_t altlen;
} an_token;

/* Called for each token; the strings are owned by the analyser and valid
 * only during the call.  Return non-zero to stop the analysis. */
typedef int (*an_token_fn)(void *ctx, const an_token *tok);

/*
 * A new analyser for language lang: a language name or ISO 639-1 code
 * ("english", "en", "russian", "ru", "zh", ...), a language tag ("en-GB",
 * "zh-Hans"), a libstemmer name ("porter"), or "none" for no stemming;
 * NULL means English.  A language without a stemmer (Chinese, Ukrainian,
 * ...) gets an analyser that does not stem.  Returns NULL if lang is not
 * a language dateline knows.  Caller owns; free with analyser_free().
 */
analyser *analyser_new(const char *lang);
void analyser_free(analyser *a);
/* The language's canonical name ("english", "chinese", ..., or "none");
 * owned by a. */
const char *analyser_lang(const analyser *a);
/* Its code, as analyser_lang_code(analyser_lang(a)) gives it ("en"; the
 * name for a language without one, "none" for none); owned by a.  Kept
 * with the analyser: the query parser asks it of every language for
 * every word. */
const char *analyser_code(const analyser *a);

/*
 * Splits text (len bytes, any bytes) into tokens and calls fn for each.
 * Positions start at *pos; on return *pos is one past the last position
 * used, so that consecutive calls (title, then body) continue the count.
 * Returns 0, or the first non-zero value fn returned.
 */
int analyser_run(analyser *a, const char *text, size_t len, unsigned *pos, an_token_fn fn,
		 void *ctx);

/*
 * The stem of tok, accent-folded; for AN_NUMBER and AN_CJK tokens and for a
 * "none" analyser, the word itself.  Owned by a; valid until the next call
 * of analyser_stem().
 */
const char *analyser_stem(analyser *a, const an_token *tok, size_t *len);

/*
 * The stem of tok's folded form, for stemmers that read accents: French
 * stems "égalité" to "egal" but "egalite" to "egalit", Spanish "policía"
 * to "polic" but "policia" to "polici".  Indexing it beside
 * analyser_stem()'s lets a query typed without accents find the word.
 * NULL when it cannot differ (the word has no accents, is a number or CJK,
 * or a has no stemmer); it may still equal analyser_stem()'s.  Owned by a;
 * valid until the next call of analyser_stem() or analyser_stem_folded().
 */
const char *analyser_stem_folded(analyser *a, const an_token *tok, size_t *len);

/*
 * Folds text that is used whole as a term (a place, a field value):
 * the same folding as words get, with runs of separators turned into one
 * space and trimmed.  Appends to *out (a strbuf).
 */
struct strbuf;
void analyser_fold_phrase(analyser *a, const char *text, size_t len, struct strbuf *out);

/* The canonical name of a language name, ISO 639-1 code or language tag
 * ("ru" -> "russian", "zh-Hans" -> "chinese"), "none" for "none", or NULL
 * if unknown. Static. */
const char *analyser_canonical_lang(const char *lang);
/* The ISO 639-1 code of a language ("russian" -> "ru"); the libstemmer name
 * for those that have no code ("porter"); NULL if unknown. Static. */
const char *analyser_lang_code(const char *lang);
/* The libstemmer algorithm that stems a language ("hr" -> "serbian"), or
 * NULL if it has none (or is unknown). Static. */
const char *analyser_stemmer_name(const char *lang);

/* Lists the languages libstemmer knows (NULL-terminated, static). */
const char **analyser_languages(void);

#endif
