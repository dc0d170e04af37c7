/*
 * fuzz-common.h - what the reader fuzz targets share: the input as a file
 * (the readers take a path), and checks of the documents they make.
 * Header-only: each target includes it once.
 */
#ifndef DATELINE_FUZZ_COMMON_H
#define DATELINE_FUZZ_COMMON_H

#include "document.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Writes data into an anonymous in-memory file; its path (/proc/self/fd/N)
 * into path.  Returns the descriptor (close it after use), or -1. */
static inline int fuzz_file(const uint8_t *data, size_t size, char *path, size_t pathlen)
{
	int fd = memfd_create("fuzz-input", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t done = 0;
	while (done < size) {
		ssize_t n = write(fd, data + done, size - done);
		if (n <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	snprintf(path, pathlen, "/proc/self/fd/%d", fd);
	return fd;
}

/* Stops the run on a broken promise, so that libFuzzer saves the input. */
#define fuzz_assert(cond)                                                       \
	do {                                                                    \
		if (!(cond)) {                                                  \
			fprintf(stderr, "fuzz_assert failed: %s (%s:%d)\n", #cond, \
				__FILE__, __LINE__);                            \
			__builtin_trap();                                       \
		}                                                               \
	} while (0)

/* A field the readers promise to be valid UTF-8 without NUL bytes. */
static inline void fuzz_check_text(const char *s, size_t n)
{
	if (!s)
		return;
	fuzz_assert(memchr(s, 0, n) == NULL);
	fuzz_assert(utf8_valid(s, n));
}

static inline void fuzz_check_doc(const document *d)
{
	fuzz_assert(d->id && *d->id);
	fuzz_assert(d->text);
	fuzz_check_text(d->text, d->textlen);
	if (d->title)
		fuzz_check_text(d->title, strlen(d->title));
	if (d->place)
		fuzz_check_text(d->place, strlen(d->place));
	if (d->date.year)
		fuzz_assert(d->date.month <= 12 && d->date.day <= 31);
}

#endif
