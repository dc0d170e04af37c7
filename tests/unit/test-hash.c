/*
 * test-hash.c - the 64-bit stream hash (hash.h): the value does not depend
 * on how the stream is split, differs for different content, and stays
 * the same across versions and machines (indexes store it).
 */
#include "hash.h"

#include "tap.h"

#include <stdio.h>
#include <string.h>

int main(void)
{
	unsigned char buf[300];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 37 + 11);

	/* Every split of every prefix gives the one-shot value. */
	int splits_ok = 1;
	for (size_t n = 0; n <= 130 && splits_ok; n++) {
		uint64_t whole = hash64_bytes(buf, n);
		for (size_t a = 0; a <= n && splits_ok; a++)
			for (size_t b = a; b <= n; b += 7) {
				hash64 h;
				hash64_init(&h);
				hash64_update(&h, buf, a);
				hash64_update(&h, buf + a, b - a);
				hash64_update(&h, buf + b, n - b);
				if (hash64_value(&h) != whole) {
					diag("n %zu split at %zu and %zu differs", n, a, b);
					splits_ok = 0;
					break;
				}
			}
	}
	ok(splits_ok, "the value does not depend on how the stream is split");

	/* hash64_value() does not end the stream. */
	hash64 h;
	hash64_init(&h);
	hash64_update(&h, buf, 100);
	(void)hash64_value(&h);
	hash64_update(&h, buf + 100, 200);
	ok(hash64_value(&h) == hash64_bytes(buf, 300), "the stream goes on after a value is read");

	/* Different content, different values: one bit flipped anywhere,
	 * one byte more, zeros of different lengths. */
	int differ = 1;
	uint64_t base = hash64_bytes(buf, 300);
	for (size_t i = 0; i < 300 * 8; i++) {
		buf[i / 8] ^= (unsigned char)(1u << (i % 8));
		if (hash64_bytes(buf, 300) == base)
			differ = 0;
		buf[i / 8] ^= (unsigned char)(1u << (i % 8));
	}
	ok(differ, "flipping any one of 2400 bits changes the value");
	static const unsigned char zeros[64];
	int lens = 1;
	for (size_t n = 0; n < 64; n++)
		if (hash64_bytes(zeros, n) == hash64_bytes(zeros, n + 1))
			lens = 0;
	ok(lens, "runs of zeros of different lengths differ");
	ok(hash64_bytes("", 0) != hash64_bytes("a", 1), "empty and one byte differ");

	/* Pinned values, as computed when the hash was introduced: indexes
	 * keep them in their file records, so they must never change. */
	char got[64];
	snprintf(got, sizeof(got), "%016llx", (unsigned long long)hash64_bytes("", 0));
	is_str(got, "c6b3ada0d38d734b", "the value of the empty stream is stable");
	const char *text = "ALMATY, Kazakhstan, 18 October 2012 - The OSCE Centre in Astana...";
	snprintf(got, sizeof(got), "%016llx", (unsigned long long)hash64_bytes(text, strlen(text)));
	is_str(got, "707f465eb9c12315", "the value of a text is stable");
	return done_testing();
}
