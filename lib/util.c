/*
 * util.c - allocation helpers, strbuf, small UTF-8 utilities.
 */
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

char strbuf_empty[1];

static void oom(size_t n)
{
	fprintf(stderr, "dateline: out of memory (allocating %zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_detach(&sb, NULL);
}

void strbuf_init(strbuf *sb, size_t hint)
{
	sb->buf = strbuf_empty;
	sb->len = sb->alloc = 0;
	if (hint)
		strbuf_grow(sb, hint);
}

void strbuf_release(strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, 0);
}

void strbuf_grow(strbuf *sb, size_t n)
{
	size_t need = sb->len + n + 1;
	if (need < sb->len)
		oom(SIZE_MAX);
	if (need <= sb->alloc)
		return;
	size_t alloc = sb->alloc ? sb->alloc : 64;
	while (alloc < need)
		alloc = alloc < SIZE_MAX / 2 ? alloc * 2 : need;
	if (sb->alloc) {
		sb->buf = xrealloc(sb->buf, alloc);
	} else {
		sb->buf = xmalloc(alloc);
		sb->buf[0] = 0;
	}
	sb->alloc = alloc;
}

void strbuf_add(strbuf *sb, const void *data, size_t n)
{
	strbuf_grow(sb, n);
	if (n)
		memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = 0;
}

void strbuf_adds(strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addc(strbuf *sb, char c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = 0;
}

void strbuf_vaddf(strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void strbuf_addf(strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_reset(strbuf *sb)
{
	strbuf_setlen(sb, 0);
}

void strbuf_setlen(strbuf *sb, size_t len)
{
	if (!sb->alloc)
		return;
	sb->len = len;
	sb->buf[len] = 0;
}

char *strbuf_detach(strbuf *sb, size_t *len)
{
	char *p;
	if (len)
		*len = sb->len;
	if (!sb->alloc)
		p = xstrdup("");
	else
		p = sb->buf;
	strbuf_init(sb, 0);
	return p;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if invalid.
 * Rejects overlong forms, surrogates and code points above U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if (c == 0xE0 && s[1] < 0xA0)
		return 0;
	if (c == 0xED && s[1] > 0x9F)
		return 0;
	if (c == 0xF0 && s[1] < 0x90)
		return 0;
	if (c == 0xF4 && s[1] > 0x8F)
		return 0;
	return len;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = utf8_seq(p + i, n - i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

void utf8_sanitise(strbuf *sb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	strbuf_grow(sb, n);
	while (i < n) {
		size_t k = p[i] < 0x80 ? 1 : utf8_seq(p + i, n - i);
		if (k) {
			i += k;
			continue;
		}
		strbuf_add(sb, s + run, i - run);
		strbuf_add(sb, "\xEF\xBF\xBD", 3);
		i++;
		run = i;
	}
	strbuf_add(sb, s + run, n - run);
}

size_t utf8_truncate(const char *s, size_t n, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = n < max ? n : max;
	if (i == 0)
		return 0;
	/* The start of the last sequence before i: if it needs more bytes
	 * than there are before i, the prefix ends inside it.  This holds
	 * also when s itself (n <= max) ends with a sequence cut short, as a
	 * buffer filled up to max bytes may. */
	size_t k = i - 1;
	for (int back = 0; k > 0 && (u[k] & 0xC0) == 0x80 && back < 3; back++)
		k--;
	size_t need = u[k] >= 0xF0 ? 4 : u[k] >= 0xE0 ? 3 : u[k] >= 0xC0 ? 2 : 1;
	return k + need > i ? k : i;
}

const char *trim_space(const char *s, size_t *len)
{
	size_t n = *len;
	for (;;) {
		if (n && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n' ||
			  s[0] == '\f' || s[0] == '\v')) {
			s++, n--;
		} else if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
			s += 2, n -= 2; /* no-break space */
		} else if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
			   (unsigned char)s[2] == 0xBF) {
			s += 3, n -= 3; /* byte order mark */
		} else {
			break;
		}
	}
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
			  s[n - 1] == '\n' || s[n - 1] == '\f' || s[n - 1] == '\v')) {
			n--;
		} else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0) {
			n -= 2;
		} else {
			break;
		}
	}
	*len = n;
	return s;
}

double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* 64-bit FNV-1a. */
static uint64_t strmap_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* The slot of key, or the empty slot where it would go. */
static strmap_entry *strmap_slot(const strmap *m, const char *key, size_t len)
{
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)strmap_hash(key, len) & mask;; i = (i + 1) & mask) {
		strmap_entry *e = &m->slots[i];
		if (!e->key || (e->len == len && (len == 0 || memcmp(e->key, key, len) == 0)))
			return e;
	}
}

unsigned *strmap_put(strmap *m, const char *key, size_t len, int *added)
{
	if (added)
		*added = 0;
	/* At most half full, so that probes stay short. */
	if (2 * (m->count + 1) > m->cap) {
		strmap old = *m;
		m->cap = old.cap ? 2 * old.cap : 16;
		m->slots = xcalloc(m->cap, sizeof(*m->slots));
		for (size_t i = 0; i < old.cap; i++)
			if (old.slots[i].key)
				*strmap_slot(m, old.slots[i].key, old.slots[i].len) = old.slots[i];
		free(old.slots);
	}
	strmap_entry *e = strmap_slot(m, key, len);
	if (!e->key) {
		e->key = xstrndup(len ? key : "", len);
		e->len = len;
		e->value = 0;
		m->count++;
		if (added)
			*added = 1;
	}
	return &e->value;
}

unsigned *strmap_get(const strmap *m, const char *key, size_t len)
{
	if (!m->cap)
		return NULL;
	strmap_entry *e = strmap_slot(m, key, len);
	return e->key ? &e->value : NULL;
}

void strmap_release(strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = 0;
}
