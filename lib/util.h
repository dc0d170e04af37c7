/*
 * util.h - memory helpers and a growable byte buffer, shared by every module.
 *
 * Allocation failure is not recoverable in dateline's programs: the x*
 * helpers print a message and abort, so callers never check for NULL.
 * The Xapian binding (xap.h) does not use them; it reports XAP_NOMEM.
 */
#ifndef DATELINE_UTIL_H
#define DATELINE_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a malloc'd string formatted like printf; caller owns it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A growable byte buffer, always NUL-terminated (buf[len] == 0), so its
 * contents can be passed as a C string when they hold no NUL bytes.
 * Initialise with STRBUF_INIT or strbuf_init(); release with
 * strbuf_release(), which leaves it empty and reusable.
 */
typedef struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
} strbuf;

#define STRBUF_INIT { strbuf_empty, 0, 0 }
extern char strbuf_empty[];

void strbuf_init(strbuf *sb, size_t hint);
void strbuf_release(strbuf *sb);
/* Makes room for at least n more bytes. */
void strbuf_grow(strbuf *sb, size_t n);
void strbuf_add(strbuf *sb, const void *data, size_t n);
void strbuf_adds(strbuf *sb, const char *s);
void strbuf_addc(strbuf *sb, char c);
void strbuf_addf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void strbuf_reset(strbuf *sb);
void strbuf_setlen(strbuf *sb, size_t len);
/* Hands the buffer to the caller (caller owns; free with free()) and
 * leaves sb empty. */
char *strbuf_detach(strbuf *sb, size_t *len);

/* Returns 1 if s (length n) is valid UTF-8, else 0. */
int utf8_valid(const char *s, size_t n);
/* Appends s to sb with every invalid UTF-8 sequence replaced by U+FFFD. */
void utf8_sanitise(strbuf *sb, const char *s, size_t n);
/* Length of the longest prefix of s (at most max bytes) that does not end
 * inside a multi-byte UTF-8 sequence. */
size_t utf8_truncate(const char *s, size_t n, size_t max);

/* Trims ASCII and Unicode spaces from both ends: returns the start, sets *len. */
const char *trim_space(const char *s, size_t *len);

/* Milliseconds from a monotonic clock. */
double now_ms(void);

/*
 * A hash map from byte strings to unsigned values, for sets and counts
 * (open addressing, FNV-1a).  Keys are copied.  Initialise with STRMAP_INIT;
 * release with strmap_release(), which leaves it empty and reusable.
 * To visit every entry: for (i = 0; i < m.cap; i++) if (m.slots[i].key) ...
 */
typedef struct strmap_entry {
	char *key; /* NUL-terminated copy; NULL in an empty slot */
	size_t len;
	unsigned value;
} strmap_entry;

typedef struct strmap {
	strmap_entry *slots;
	size_t cap;   /* a power of two, or 0 */
	size_t count; /* entries held */
} strmap;

#define STRMAP_INIT { NULL, 0, 0 }

/* The value of key, inserted with value 0 if absent (then *added, which
 * may be NULL, is set to 1, else to 0).  The pointer is owned by m and
 * valid until the next strmap_put() or strmap_release(). */
unsigned *strmap_put(strmap *m, const char *key, size_t len, int *added);
/* The value of key, or NULL if m does not hold it.  Owned by m. */
unsigned *strmap_get(const strmap *m, const char *key, size_t len);
void strmap_release(strmap *m);

#endif
