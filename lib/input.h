/*
 * input.h - the bytes of one file or of standard input, decompressed when
 * they are gzip, read with limits.
 *
 * Compression is recognised by content (the gzip magic bytes), not by name.
 * A limit on the decompressed size stops gzip bombs; reading past it is an
 * error, as are a truncated or damaged gzip stream and I/O errors.
 *
 * Every byte read is also hashed (hash.h): the hash of the decompressed
 * content is what incremental indexing compares to tell a changed file
 * from one that was only touched.
 */
#ifndef DATELINE_INPUT_H
#define DATELINE_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

struct strbuf;

typedef struct input input;

/*
 * Opens path ("-" for standard input).  max_bytes caps the decompressed
 * size (0: no cap).  On failure returns NULL and appends the reason to err.
 * Caller owns; close with input_close().
 */
input *input_open(const char *path, unsigned long long max_bytes, struct strbuf *err);
void input_close(input *in);

/* 1 if the data is gzip-compressed. */
int input_compressed(const input *in);

/* The first bytes (up to 8 KB) of the decompressed data, without consuming
 * them; *len may be less at the end of the data.  NULL on a read error. */
const char *input_peek(input *in, size_t *len);

/* Reads up to n bytes: returns the count, 0 at the end, -1 on error. */
ssize_t input_read(input *in, char *buf, size_t n);

/*
 * Reads one line (without its '\n') into line (replacing its contents).
 * A line longer than max bytes is consumed whole but only its first max
 * bytes are kept, and *truncated is set.
 * Returns 1 for a line, 0 at the end, -1 on error.
 */
int input_getline(input *in, struct strbuf *line, size_t max, int *truncated);

/*
 * Appends up to max bytes to out.  Returns 0 at the end of the data, 1 if
 * there was more than max (the rest is not read), -1 on error.
 */
int input_read_all(input *in, struct strbuf *out, size_t max);

/*
 * Reads and discards the rest of the data, so that input_hash() covers all
 * of it and a damaged end (truncated gzip, the size limit) is found.
 * Returns 0 at the end, -1 on error.
 */
int input_drain(input *in);

/* The hash of the decompressed bytes read so far (all of them after
 * input_drain()). */
uint64_t input_hash(const input *in);

/* The file's status when it was opened (standard input: of the descriptor). */
const struct stat *input_stat(const input *in);

/*
 * 1 if the file changed since it was opened (its size or modification time
 * differ now), with the change described in why (at least 80 bytes); 0 if
 * not; 0 for standard input and other non-regular files.
 */
int input_changed(input *in, char *why, size_t whylen);

/* The reason for the last error, "" if none.  Owned by in. */
const char *input_errmsg(const input *in);

/* Decompressed bytes consumed so far. */
unsigned long long input_offset(const input *in);

#endif
