/*
 * langid.c - language guessing by writing system.
 */
#include "langid.h"

#include <stdint.h>
#include <utf8proc.h>

#define SAMPLE (64u << 10)

enum script { S_LATIN, S_CYRILLIC, S_ARABIC, S_GREEK, S_ARMENIAN, S_DEVANAGARI, S_TAMIL, S_HAN,
	      S_KANA, S_COUNT };

static int script_of(int32_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F))
		return S_LATIN;
	if (c >= 0x400 && c <= 0x52F)
		return S_CYRILLIC;
	if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F) || (c >= 0xFB50 && c <= 0xFDFF) ||
	    (c >= 0xFE70 && c <= 0xFEFF))
		return S_ARABIC;
	if (c >= 0x370 && c <= 0x3FF)
		return S_GREEK;
	if (c >= 0x530 && c <= 0x58F)
		return S_ARMENIAN;
	if (c >= 0x900 && c <= 0x97F)
		return S_DEVANAGARI;
	if (c >= 0xB80 && c <= 0xBFF)
		return S_TAMIL;
	if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))
		return S_HAN;
	if (c >= 0x3040 && c <= 0x30FF)
		return S_KANA;
	return -1;
}

const char *langid_guess(const char *text, size_t len)
{
	size_t count[S_COUNT] = { 0 }, letters = 0, ukrainian = 0;
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	size_t i = 0, n = len < SAMPLE ? len : SAMPLE;
	while (i < n) {
		int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &c);
		if (k <= 0) {
			i++;
			continue;
		}
		i += (size_t)k;
		int sc = script_of(c);
		if (sc < 0)
			continue;
		count[sc]++;
		letters++;
		/* і ї є ґ (and capitals): Ukrainian, not Russian. */
		if (c == 0x456 || c == 0x457 || c == 0x454 || c == 0x491 || c == 0x406 || c == 0x407 ||
		    c == 0x404 || c == 0x490)
			ukrainian++;
	}
	if (letters < 20)
		return NULL;
	int best = S_LATIN;
	for (int k = 0; k < S_COUNT; k++)
		if (count[k] > count[best])
			best = k;
	if (count[best] * 2 < letters)
		return NULL;
	switch (best) {
	case S_CYRILLIC: return ukrainian * 200 > count[best] ? "uk" : "ru";
	case S_ARABIC: return "ar";
	case S_GREEK: return "el";
	case S_ARMENIAN: return "hy";
	case S_DEVANAGARI: return "hi";
	case S_TAMIL: return "ta";
	case S_HAN: return count[S_KANA] * 10 > count[S_HAN] ? "ja" : "zh";
	case S_KANA: return "ja";
	default: return NULL;
	}
}
