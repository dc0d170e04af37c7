/*
 * langid.c - language guessing: the script first, then libexttextcat's
 * n-gram fingerprints among the languages of that script (see langid.h).
 */
#include "langid.h"
#include "util.h"

#include <fingerprint.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <textcat.h>
#include <unistd.h>
#include <utf8proc.h>

#ifndef LANGID_DATADIR
#define LANGID_DATADIR "/usr/share/libexttextcat"
#endif

/* Bytes of a text read for a guess: fingerprints settle long before. */
#define SAMPLE (16u << 10)
/* A runner-up this close to the best is a tie, for short texts. */
#define TIE_MARGIN 1.02

enum script { S_LATIN, S_CYRILLIC, S_ARABIC, S_GREEK, S_ARMENIAN, S_DEVANAGARI, S_TAMIL, S_HAN,
	      S_KANA, S_HANGUL, S_HEBREW, S_GEORGIAN, S_THAI, S_COUNT };

/* Languages compared by fingerprints, with the script they are written in.
 * file is the fingerprint's name in libexttextcat-data. */
static const struct candidate {
	enum script script;
	const char *file, *code;
} candidates[] = {
	{ S_LATIN, "en", "en" },      { S_LATIN, "fr", "fr" },      { S_LATIN, "es", "es" },
	{ S_LATIN, "de", "de" },      { S_LATIN, "it", "it" },      { S_LATIN, "pt", "pt" },
	{ S_LATIN, "nl", "nl" },      { S_LATIN, "sv", "sv" },      { S_LATIN, "da", "da" },
	{ S_LATIN, "nb", "no" },      { S_LATIN, "fi", "fi" },      { S_LATIN, "et", "et" },
	{ S_LATIN, "hu", "hu" },      { S_LATIN, "ro", "ro" },      { S_LATIN, "tr", "tr" },
	{ S_LATIN, "az", "az" },      { S_LATIN, "uz", "uz" },      { S_LATIN, "tk", "tk" },
	{ S_LATIN, "ca", "ca" },      { S_LATIN, "eu", "eu" },      { S_LATIN, "ga", "ga" },
	{ S_LATIN, "id", "id" },      { S_LATIN, "lt", "lt" },      { S_LATIN, "lv", "lv" },
	{ S_LATIN, "pl", "pl" },      { S_LATIN, "cs", "cs" },      { S_LATIN, "sk", "sk" },
	{ S_LATIN, "sl", "sl" },      { S_LATIN, "hr", "hr" },      { S_LATIN, "bs", "bs" },
	{ S_LATIN, "sr-Latn", "sr" }, { S_LATIN, "sq", "sq" },
	{ S_CYRILLIC, "ru", "ru" },   { S_CYRILLIC, "uk", "uk" },   { S_CYRILLIC, "be", "be" },
	{ S_CYRILLIC, "bg", "bg" },   { S_CYRILLIC, "mk", "mk" },   { S_CYRILLIC, "sr-Cyrl", "sr" },
	{ S_CYRILLIC, "kk", "kk" },   { S_CYRILLIC, "ky", "ky" },   { S_CYRILLIC, "tg", "tg" },
	{ S_CYRILLIC, "mn", "mn" },
	{ S_ARABIC, "ar", "ar" },     { S_ARABIC, "fa", "fa" },     { S_ARABIC, "ur", "ur" },
	{ S_DEVANAGARI, "hi", "hi" }, { S_DEVANAGARI, "ne", "ne" },
	{ S_HEBREW, "he", "he" },     { S_HEBREW, "yi", "yi" },
};

#define NCAND (sizeof(candidates) / sizeof(candidates[0]))

/*
 * The commonest short words of some languages, to settle a tie between
 * fingerprints (titles, short paragraphs): articles, prepositions,
 * conjunctions, pronouns and forms of "to be".  A word may belong to
 * several lists.
 */
static const struct {
	const char *code;
	const char *words; /* space-separated, lower case, with spaces around */
} function_words[] = {
	{ "en", " the of and to in is are was were for on with by that this from at as it an be has have will not " },
	{ "fr", " le la les de des du et un une est sont dans pour par sur au aux qui que ne pas avec ce cette il elle en " },
	{ "es", " el la los las de del y en un una es son por para con que se al lo su sus como pero más " },
	{ "pt", " o a os as de do da dos das e em um uma é são por para com que se no na nos nas ao pelo pela " },
	{ "it", " il lo la gli le di del della dei delle e è in un una per con che non si al alla sono da " },
	{ "ca", " el la els les de del i en un una és són per amb que no es al als als seu seva " },
	{ "de", " der die das den dem des und ist sind ein eine einen in zu mit von für auf nicht sich im auch " },
	{ "nl", " de het een en van in is zijn op te met voor niet dat die er aan bij " },
	{ "ro", " și în de la cu un o este sunt pe din care nu se pentru al ale ai " },
	{ "sv", " och i att det som en ett är på för med av inte till den har " },
	{ "da", " og i at det som en et er på for med af ikke til den har de " },
	{ "no", " og i at det som en et er på for med av ikke til den har de " },
	{ "tr", " ve bir bu da de için ile olarak daha çok gibi ama en her ne o " },
	{ "pl", " i w na z do nie się jest są że to o po dla od przez jak " },
	{ "ru", " и в на с не что это как по из за от для он она они был была было к о " },
	{ "uk", " і й в у на з не що це як по із за від для він вона вони був була до " },
	{ "bg", " и в на с не че това като по от за е са се да ще " },
};

/* Every word of the lists above, sorted, with the languages (bits: indexes
 * into function_words) whose list holds it: built by load(). */
struct fword {
	char w[16];
	uint32_t langs;
};
static struct fword *fwords;
static size_t nfwords;

static int fword_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fword *)a)->w, ((const struct fword *)b)->w);
}

static void load_function_words(void)
{
	size_t cap = 0;
	for (size_t i = 0; i < ARRAY_SIZE(function_words); i++)
		for (const char *p = function_words[i].words; *p; p++)
			cap += *p == ' ';
	fwords = xcalloc(cap, sizeof(*fwords));
	nfwords = 0;
	for (size_t i = 0; i < ARRAY_SIZE(function_words); i++) {
		const char *p = function_words[i].words;
		while (*p) {
			while (*p == ' ')
				p++;
			size_t k = strcspn(p, " ");
			if (k == 0)
				break;
			if (k < sizeof(fwords[0].w)) {
				memcpy(fwords[nfwords].w, p, k);
				fwords[nfwords].w[k] = 0;
				fwords[nfwords].langs = 1u << i;
				nfwords++;
			}
			p += k;
		}
	}
	qsort(fwords, nfwords, sizeof(*fwords), fword_cmp);
	size_t out = 0;
	for (size_t i = 0; i < nfwords; i++) {
		if (out > 0 && strcmp(fwords[out - 1].w, fwords[i].w) == 0)
			fwords[out - 1].langs |= fwords[i].langs;
		else
			fwords[out++] = fwords[i];
	}
	nfwords = out;
}

static void *prints[NCAND]; /* fingerprints, NULL where the file is missing */
static int loaded;          /* 1: tried to load them */
static int have_any;

static void load(void)
{
	if (loaded)
		return;
	loaded = 1;
	load_function_words();
	for (size_t i = 0; i < NCAND; i++) {
		char path[512];
		snprintf(path, sizeof(path), "%s/%s.lm", LANGID_DATADIR, candidates[i].file);
		/* fp_Read() complains on stderr about a missing file: look first. */
		if (access(path, R_OK) != 0)
			continue;
		void *fp = fp_Init(candidates[i].code);
		if (!fp)
			continue;
		fp_SetProperty(fp, TCPROP_UTF8AWARE, TC_TRUE);
		if (fp_Read(fp, path, 400) != 1) {
			fp_Done(fp);
			continue;
		}
		prints[i] = fp;
		have_any = 1;
	}
}

int langid_have_fingerprints(void)
{
	load();
	return have_any;
}

void langid_release(void)
{
	for (size_t i = 0; i < NCAND; i++) {
		if (prints[i])
			fp_Done(prints[i]);
		prints[i] = NULL;
	}
	free(fwords);
	fwords = NULL;
	nfwords = 0;
	loaded = have_any = 0;
}

int langid_script_of(const char *code)
{
	/* The languages a script alone tells, as langid_guess_info() does. */
	static const struct {
		const char *code;
		enum script script;
	} alone[] = {
		{ "el", S_GREEK }, { "hy", S_ARMENIAN }, { "ta", S_TAMIL }, { "th", S_THAI },
		{ "ka", S_GEORGIAN }, { "ko", S_HANGUL }, { "zh", S_HAN }, { "ja", S_KANA },
	};
	if (!code)
		return -1;
	for (size_t i = 0; i < NCAND; i++)
		if (strcmp(candidates[i].code, code) == 0)
			return (int)candidates[i].script;
	for (size_t i = 0; i < sizeof(alone) / sizeof(alone[0]); i++)
		if (strcmp(alone[i].code, code) == 0)
			return (int)alone[i].script;
	return -1;
}

static int script_of(int32_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 &&
								   c != 0xF7) ||
	    (c >= 0x1E00 && c <= 0x1EFF))
		return S_LATIN;
	if (c < 0x370)
		return -1;
	if (c >= 0x400 && c <= 0x52F)
		return S_CYRILLIC;
	if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F) || (c >= 0xFB50 && c <= 0xFDFF) ||
	    (c >= 0xFE70 && c <= 0xFEFF))
		return S_ARABIC;
	if (c >= 0x370 && c <= 0x3FF)
		return S_GREEK;
	if (c >= 0x530 && c <= 0x58F)
		return S_ARMENIAN;
	if (c >= 0x590 && c <= 0x5FF)
		return S_HEBREW;
	if (c >= 0x900 && c <= 0x97F)
		return S_DEVANAGARI;
	if (c >= 0xB80 && c <= 0xBFF)
		return S_TAMIL;
	if (c >= 0xE00 && c <= 0xE7F)
		return S_THAI;
	if (c >= 0x10A0 && c <= 0x10FF)
		return S_GEORGIAN;
	if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF))
		return S_HAN;
	if (c >= 0x3040 && c <= 0x30FF)
		return S_KANA;
	if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F))
		return S_HANGUL;
	return -1;
}

/* The best and second best fingerprints of script sc for text.  Returns
 * the best's index, or -1 if none could be compared. */
static int compare(enum script sc, const char *text, size_t len, int *second, double *margin)
{
	void *unknown = fp_Init(NULL);
	int best = -1;
	*second = -1;
	*margin = 0;
	if (!unknown)
		return -1;
	fp_SetProperty(unknown, TCPROP_UTF8AWARE, TC_TRUE);
	fp_SetProperty(unknown, TCPROP_MINIMUM_DOCUMENT_SIZE, 1);
	if (fp_Create(unknown, text, (uint4)len, 400) != 1) {
		fp_Done(unknown);
		return -1;
	}
	sint4 bs = INT_MAX, ss = INT_MAX;
	for (size_t i = 0; i < NCAND; i++) {
		if (candidates[i].script != sc || !prints[i])
			continue;
		/* A distance past the second best changes nothing: let the
		 * comparison stop there. */
		sint4 d = fp_Compare(prints[i], unknown, ss);
		if (d < bs) {
			ss = bs;
			*second = best;
			bs = d;
			best = (int)i;
		} else if (d < ss) {
			ss = d;
			*second = (int)i;
		}
	}
	fp_Done(unknown);
	if (best >= 0 && *second >= 0)
		*margin = bs > 0 ? (double)ss / (double)bs : 2.0;
	else if (best >= 0)
		*margin = 2.0;
	return best;
}

/* Index of code in function_words, or -1. */
static int function_words_of(const char *code)
{
	for (size_t i = 0; i < ARRAY_SIZE(function_words); i++)
		if (strcmp(function_words[i].code, code) == 0)
			return (int)i;
	return -1;
}

/*
 * Counts in hits[i] the words of text (n bytes) that are in
 * function_words[i]'s list; returns the number of words read.  A word is a
 * run of bytes that are letters or UTF-8 (no ASCII punctuation, digits or
 * space), compared in lower case (ASCII capitals only: the function words
 * that start a sentence are the ones that matter).
 */
static size_t count_function_words(const char *text, size_t n, size_t hits[ARRAY_SIZE(function_words)])
{
	size_t words = 0, i = 0;
	memset(hits, 0, ARRAY_SIZE(function_words) * sizeof(hits[0]));
	while (i < n) {
		while (i < n && !((unsigned char)text[i] >= 0x80 ||
				  ((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z')))
			i++;
		size_t start = i;
		while (i < n && ((unsigned char)text[i] >= 0x80 ||
				 ((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z')))
			i++;
		if (i == start)
			continue;
		words++;
		struct fword key;
		if (i - start >= sizeof(key.w))
			continue;
		for (size_t j = start; j < i; j++)
			key.w[j - start] = (char)(text[j] >= 'A' && text[j] <= 'Z' ? text[j] + 32 : text[j]);
		key.w[i - start] = 0;
		const struct fword *f = bsearch(&key, fwords, nfwords, sizeof(*fwords), fword_cmp);
		if (!f)
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(function_words); k++)
			if (f->langs & (1u << k))
				hits[k]++;
	}
	return words;
}

/*
 * The language whose function words leave no doubt in a text of words
 * words, or -1: at least FW_MIN_HITS of them, a fifth of the words or
 * more, and FW_LEAD times the hits of any other list.  Closely related
 * languages (Danish and Norwegian, Spanish and Catalan) share too many to
 * pass, and go on to the fingerprints.
 */
#define FW_MIN_HITS 8
#define FW_LEAD 3
static int function_words_decide(const size_t *hits, size_t words)
{
	size_t best = 0, second = 0;
	int k = -1;
	for (size_t i = 0; i < ARRAY_SIZE(function_words); i++) {
		if (hits[i] > best) {
			second = best;
			best = hits[i];
			k = (int)i;
		} else if (hits[i] > second) {
			second = hits[i];
		}
	}
	if (k < 0 || best < FW_MIN_HITS || best * 5 < words || best < FW_LEAD * second)
		return -1;
	return k;
}

const char *langid_guess_info(const char *text, size_t len, langid_info *info)
{
	langid_info dummy;
	if (!info)
		info = &dummy;
	memset(info, 0, sizeof(*info));

	size_t count[S_COUNT] = { 0 }, letters = 0, ukrainian = 0;
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	size_t i = 0, n = len < SAMPLE ? len : SAMPLE;
	/* Cut the sample between characters. */
	n = utf8_truncate(text, len, n);
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
	info->letters = letters;
	if (letters < LANGID_MIN_LETTERS) {
		info->how = "short";
		return NULL;
	}
	int best = S_LATIN;
	for (int k = 0; k < S_COUNT; k++)
		if (count[k] > count[best])
			best = k;
	if (count[best] * 2 < letters) {
		info->how = "mixed";
		return NULL;
	}
	const char *code = NULL;
	switch (best) {
	case S_GREEK: code = "el"; break;
	case S_ARMENIAN: code = "hy"; break;
	case S_TAMIL: code = "ta"; break;
	case S_THAI: code = "th"; break;
	case S_GEORGIAN: code = "ka"; break;
	case S_HANGUL: code = "ko"; break;
	case S_HAN: code = count[S_KANA] * 10 > count[S_HAN] ? "ja" : "zh"; break;
	case S_KANA: code = "ja"; break;
	default: break;
	}
	if (code) {
		info->how = "script";
		info->code = code;
		return code;
	}

	/* A script several languages share.  The commonest short words
	 * first: in a text long enough, they often leave no doubt, at a
	 * fraction of the fingerprints' cost. */
	load();
	size_t hits[ARRAY_SIZE(function_words)];
	if (best == S_LATIN && letters >= LANGID_SURE_LETTERS) {
		int fw = function_words_decide(hits, count_function_words(text, n, hits));
		if (fw >= 0) {
			info->how = "function words";
			info->code = function_words[fw].code;
			return info->code;
		}
	}
	/* Then the fingerprints. */
	int second;
	int k = have_any ? compare((enum script)best, text, n, &second, &info->margin) : -1;
	const char *fallback = best == S_CYRILLIC ? (ukrainian * 200 > count[best] ? "uk" : "ru")
			       : best == S_ARABIC ? "ar"
			       : NULL;
	if (k < 0) {
		info->how = "no fingerprints";
		info->code = fallback;
		return fallback;
	}
	info->best = candidates[k].code;
	info->runner_up = second >= 0 ? candidates[second].code : NULL;
	if (letters < LANGID_SURE_LETTERS && info->margin < TIE_MARGIN) {
		/* A tie (a short text: the words were not counted above): the
		 * function words of the two may settle it. */
		count_function_words(text, n, hits);
		int fa = function_words_of(candidates[k].code);
		int fb = second >= 0 ? function_words_of(candidates[second].code) : -1;
		size_t a = fa >= 0 ? hits[fa] : 0, b = fb >= 0 ? hits[fb] : 0;
		if (a >= 2 && a > b) {
			info->how = "tie settled by function words";
		} else if (b >= 2 && b > a) {
			info->how = "tie settled by function words";
			k = second;
		} else {
			info->how = "tie";
			info->code = fallback;
			return fallback;
		}
	} else {
		info->how = "fingerprints";
	}
	info->code = candidates[k].code;
	return info->code;
}

const char *langid_guess(const char *text, size_t len)
{
	return langid_guess_info(text, len, NULL);
}
