/*
 * sniff.c - telling HTML and PDF by their first bytes (reader.h), whatever
 * the file is called: a page saved as .txt is HTML, a PDF without .pdf is
 * a PDF.
 */
#include "reader.h"

#include <string.h>
#include <strings.h>

/* 1 if s (n bytes) starts with the ASCII word w, in any case. */
static int starts_with_ci(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && strncasecmp(s, w, k) == 0;
}

/* Skips white space, comments and an XML declaration; returns the offset
 * of the first other byte, or n. */
static size_t skip_prolog(const char *p, size_t n, size_t i)
{
	for (;;) {
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n' ||
				 p[i] == '\f'))
			i++;
		if (i + 4 <= n && memcmp(p + i, "<!--", 4) == 0) {
			const char *end = memmem(p + i + 4, n - i - 4, "-->", 3);
			if (!end)
				return n;
			i = (size_t)(end - p) + 3;
		} else if (i + 2 <= n && memcmp(p + i, "<?", 2) == 0) {
			const char *end = memmem(p + i + 2, n - i - 2, "?>", 2);
			if (!end)
				return n;
			i = (size_t)(end - p) + 2;
		} else {
			return i;
		}
	}
}

/* 1 if p (n bytes, 8-bit) starts like an HTML document. */
static int looks_html(const char *p, size_t n)
{
	static const char *const starts[] = { "<!doctype html", "<html", "<head", "<body", NULL };
	size_t i = skip_prolog(p, n, 0);
	for (int k = 0; starts[k]; k++) {
		size_t w = strlen(starts[k]);
		if (starts_with_ci(p + i, n - i, starts[k]) &&
		    (i + w == n || p[i + w] == '>' || p[i + w] == ' ' || p[i + w] == '\t' ||
		     p[i + w] == '\r' || p[i + w] == '\n' || p[i + w] == '/'))
			return 1;
	}
	return 0;
}

enum reader_format reader_sniff_format(const char *p, size_t n)
{
	size_t i = 0;
	/* A UTF-8 byte order mark. */
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	/* UTF-16, with its byte order mark: look at every other byte. */
	if (n >= 4 && (((unsigned char)p[0] == 0xFF && (unsigned char)p[1] == 0xFE) ||
		       ((unsigned char)p[0] == 0xFE && (unsigned char)p[1] == 0xFF))) {
		char narrow[512];
		size_t k = 0, off = (unsigned char)p[0] == 0xFF ? 2 : 3;
		for (size_t j = off; j < n && k < sizeof(narrow); j += 2)
			narrow[k++] = p[j];
		return looks_html(narrow, k) ? READER_HTML : READER_AUTO;
	}
	if (n - i >= 5 && memcmp(p + i, "%PDF-", 5) == 0)
		return READER_PDF;
	return looks_html(p + i, n - i) ? READER_HTML : READER_AUTO;
}
