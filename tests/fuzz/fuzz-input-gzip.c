/*
 * fuzz-input-gzip.c - libFuzzer target: any bytes (gzip or not) through
 * input.c, read in one of four ways chosen by the first byte (peek, lines,
 * all at once, drained), with a limit on the decompressed size.
 *
 * Promises checked: never more than the limit is returned; what is not
 * gzip comes back unchanged; the hash covers exactly the bytes returned;
 * an error always has a reason.
 */
#include "hash.h"
#include "input.h"

#include "fuzz-common.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned mode = data[0] & 3;
	unsigned long long max = data[0] & 4 ? 4096 : 1u << 20;
	char path[64];
	int fd = fuzz_file(data + 1, size - 1, path, sizeof(path));
	if (fd < 0)
		return 0;
	strbuf err = STRBUF_INIT, got = STRBUF_INIT, line = STRBUF_INIT;
	input *in = input_open(path, max, &err);
	fuzz_assert(in);
	int rc = 0, trunc;
	size_t n;
	switch (mode) {
	case 0: {
		const char *head = input_peek(in, &n);
		if (head)
			strbuf_add(&got, head, n);
		rc = head ? 0 : -1;
		break;
	}
	case 1:
		while ((rc = input_getline(in, &line, 100, &trunc)) > 0) {
			fuzz_assert(line.len <= 100);
			fuzz_assert(!trunc || line.len == 100);
		}
		break;
	case 2:
		rc = input_read_all(in, &got, 1u << 21);
		fuzz_assert(rc <= 0); /* the limit stops it first */
		if (rc == 0)
			fuzz_assert(input_hash(in) == hash64_bytes(got.buf, got.len));
		break;
	case 3:
		rc = input_drain(in);
		break;
	}
	fuzz_assert(input_offset(in) <= max);
	fuzz_assert(got.len <= max);
	if (rc < 0)
		fuzz_assert(*input_errmsg(in));
	/* Plain data comes back as it is. */
	int gzip = size >= 3 && data[1] == 0x1f && data[2] == 0x8b;
	if (!gzip && mode == 2 && rc == 0)
		fuzz_assert(got.len == size - 1 && memcmp(got.buf, data + 1, got.len) == 0);
	input_close(in);
	strbuf_release(&err);
	strbuf_release(&got);
	strbuf_release(&line);
	close(fd);
	return 0;
}
