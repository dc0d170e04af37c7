/*
 * input.c - buffered, size-limited reading of plain or gzip data through zlib.
 *
 * zlib's gz* functions read plain files transparently, so one code path
 * serves both; gzdirect() tells which it was.
 */
#include "input.h"
#include "hash.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define BUFSIZE (64 * 1024)
#define PEEKSIZE (8 * 1024)

struct input {
	gzFile gz;
	int fd;          /* gz's descriptor, for fstat() */
	struct stat st;  /* at open */
	hash64 hash;     /* of the decompressed bytes read */
	char *buf;
	size_t pos, len; /* unread bytes are buf[pos, len) */
	int eof, failed;
	unsigned long long total, max;
	strbuf err;
};

static void set_error(input *in, const char *msg)
{
	in->failed = 1;
	strbuf_reset(&in->err);
	strbuf_adds(&in->err, msg);
}

input *input_open(const char *path, unsigned long long max_bytes, strbuf *err)
{
	int fd;
	if (strcmp(path, "-") == 0) {
		fd = dup(STDIN_FILENO);
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0) {
		strbuf_adds(err, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		strbuf_adds(err, strerror(errno));
		close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		strbuf_adds(err, "is a directory");
		return NULL;
	}
	gzFile gz = gzdopen(fd, "rb");
	if (!gz) {
		close(fd);
		strbuf_adds(err, "out of memory opening the file");
		return NULL;
	}
	gzbuffer(gz, BUFSIZE);
	input *in = xcalloc(1, sizeof(*in));
	in->gz = gz;
	in->fd = fd;
	in->st = st;
	hash64_init(&in->hash);
	in->buf = xmalloc(BUFSIZE);
	in->max = max_bytes;
	strbuf_init(&in->err, 0);
	return in;
}

void input_close(input *in)
{
	if (!in)
		return;
	gzclose(in->gz);
	free(in->buf);
	strbuf_release(&in->err);
	free(in);
}

/* Reads more data into the buffer, after moving what is unread to its
 * start.  Returns the number of new bytes, 0 at the end, -1 on error. */
static ssize_t fill(input *in)
{
	if (in->failed)
		return -1;
	if (in->eof)
		return 0;
	if (in->pos) {
		memmove(in->buf, in->buf + in->pos, in->len - in->pos);
		in->len -= in->pos;
		in->pos = 0;
	}
	size_t room = BUFSIZE - in->len;
	if (!room)
		return 0;
	int n = gzread(in->gz, in->buf + in->len, (unsigned)room);
	if (n < 0) {
		int errnum;
		const char *msg = gzerror(in->gz, &errnum);
		if (errnum == Z_ERRNO)
			msg = strerror(errno);
		else if (errnum == Z_DATA_ERROR)
			msg = "damaged gzip data";
		set_error(in, msg && *msg ? msg : "read error");
		return -1;
	}
	if (n == 0) {
		/* zlib reports a stream cut short only through gzerror. */
		int errnum;
		const char *msg = gzerror(in->gz, &errnum);
		if (errnum != Z_OK && errnum != Z_STREAM_END) {
			set_error(in, errnum == Z_BUF_ERROR ? "unexpected end of file (truncated gzip)"
							    : msg);
			return -1;
		}
		in->eof = 1;
		return 0;
	}
	if (in->max && in->total + (unsigned)n > in->max) {
		/* These bytes are not delivered: they count nowhere. */
		char msg[128];
		snprintf(msg, sizeof(msg), "more than %llu bytes after decompression (the limit)",
			 in->max);
		set_error(in, msg);
		return -1;
	}
	in->total += (unsigned)n;
	hash64_update(&in->hash, in->buf + in->len, (size_t)n);
	in->len += (size_t)n;
	return n;
}

int input_compressed(const input *in)
{
	return !gzdirect(in->gz);
}

const char *input_peek(input *in, size_t *len)
{
	while (in->len - in->pos < PEEKSIZE) {
		ssize_t n = fill(in);
		if (n < 0) {
			*len = 0;
			return NULL;
		}
		if (n == 0)
			break;
	}
	*len = in->len - in->pos;
	if (*len > PEEKSIZE)
		*len = PEEKSIZE;
	return in->buf + in->pos;
}

ssize_t input_read(input *in, char *buf, size_t n)
{
	if (in->pos == in->len) {
		ssize_t k = fill(in);
		if (k <= 0)
			return k;
	}
	size_t avail = in->len - in->pos;
	if (n > avail)
		n = avail;
	memcpy(buf, in->buf + in->pos, n);
	in->pos += n;
	return (ssize_t)n;
}

int input_getline(input *in, strbuf *line, size_t max, int *truncated)
{
	int any = 0;
	strbuf_reset(line);
	*truncated = 0;
	for (;;) {
		if (in->pos == in->len) {
			ssize_t k = fill(in);
			if (k < 0)
				return -1;
			if (k == 0)
				return any;
		}
		any = 1;
		char *start = in->buf + in->pos;
		size_t avail = in->len - in->pos;
		char *nl = memchr(start, '\n', avail);
		size_t take = nl ? (size_t)(nl - start) : avail;
		size_t keep = take;
		if (line->len + keep > max) {
			keep = line->len < max ? max - line->len : 0;
			*truncated = 1;
		}
		strbuf_add(line, start, keep);
		in->pos += take + (nl ? 1 : 0);
		if (nl)
			return 1;
	}
}

int input_read_all(input *in, strbuf *out, size_t max)
{
	size_t got = 0;
	for (;;) {
		if (in->pos == in->len) {
			ssize_t k = fill(in);
			if (k < 0)
				return -1;
			if (k == 0)
				return 0;
		}
		size_t avail = in->len - in->pos;
		if (got + avail > max) {
			strbuf_add(out, in->buf + in->pos, max - got);
			in->pos += max - got;
			return 1;
		}
		strbuf_add(out, in->buf + in->pos, avail);
		got += avail;
		in->pos = in->len;
	}
}

int input_drain(input *in)
{
	for (;;) {
		in->pos = in->len;
		ssize_t k = fill(in);
		if (k < 0)
			return -1;
		if (k == 0)
			return 0;
	}
}

uint64_t input_hash(const input *in)
{
	return hash64_value(&in->hash);
}

const struct stat *input_stat(const input *in)
{
	return &in->st;
}

int input_changed(input *in, char *why, size_t whylen)
{
	struct stat now;
	if (!S_ISREG(in->st.st_mode))
		return 0;
	if (fstat(in->fd, &now) != 0) {
		snprintf(why, whylen, "cannot check it after reading: %s", strerror(errno));
		return 1;
	}
	if (now.st_size != in->st.st_size) {
		snprintf(why, whylen, "its size changed from %lld to %lld bytes while it was read",
			 (long long)in->st.st_size, (long long)now.st_size);
		return 1;
	}
	if (now.st_mtim.tv_sec != in->st.st_mtim.tv_sec ||
	    now.st_mtim.tv_nsec != in->st.st_mtim.tv_nsec) {
		snprintf(why, whylen, "it was modified while it was read");
		return 1;
	}
	return 0;
}

const char *input_errmsg(const input *in)
{
	return in->err.buf;
}

unsigned long long input_offset(const input *in)
{
	return in->total - (in->len - in->pos);
}
