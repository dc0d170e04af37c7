/*
 * langid.h - guesses the language of a text that does not say.
 *
 * For now the guess is by writing system: a text written mostly in Cyrillic
 * is Russian (Ukrainian if it has letters only Ukrainian uses), in Arabic
 * script Arabic, in Greek Greek, in Armenian Armenian, in Devanagari Hindi,
 * in Tamil Tamil, in Han characters Chinese, with kana Japanese.  Texts in
 * Latin script are left to the default language.
 */
#ifndef DATELINE_LANGID_H
#define DATELINE_LANGID_H

#include <stddef.h>

/* The ISO 639-1 code guessed for text (at most the first 64 KB are read),
 * or NULL when the script does not tell (Latin, or too little text). Static. */
const char *langid_guess(const char *text, size_t len);

#endif
