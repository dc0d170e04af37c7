/*
 * hash.c - the 64-bit stream hash of hash.h.
 *
 * Four independent lanes each take one 8-byte word of every 32-byte stripe
 * (multiply, rotate, multiply), so the CPU works on the four at once; the
 * tail and the length are mixed in at the end, and a final avalanche
 * spreads every input bit over the whole value.  The constants are odd
 * 64-bit numbers with well-mixed bits (from the golden ratio and from
 * SplitMix64's finaliser).
 */
#include "hash.h"

#include <string.h>

#define K1 0x9E3779B97F4A7C15ull
#define K2 0xBF58476D1CE4E5B9ull
#define K3 0x94D049BB133111EBull
#define K4 0xD6E8FEB86659FD93ull

static uint64_t rotl(uint64_t x, unsigned r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t load64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint64_t step(uint64_t lane, uint64_t word)
{
	lane += word * K2;
	lane = rotl(lane, 29);
	return lane * K1;
}

static uint64_t avalanche(uint64_t x)
{
	x ^= x >> 31;
	x *= K3;
	x ^= x >> 29;
	x *= K2;
	x ^= x >> 32;
	return x;
}

void hash64_init(hash64 *h)
{
	memset(h, 0, sizeof(*h));
	h->lane[0] = K1 + K2;
	h->lane[1] = K2;
	h->lane[2] = 0;
	h->lane[3] = 0 - K1;
}

static void stripe(hash64 *h, const unsigned char *p)
{
	h->lane[0] = step(h->lane[0], load64(p));
	h->lane[1] = step(h->lane[1], load64(p + 8));
	h->lane[2] = step(h->lane[2], load64(p + 16));
	h->lane[3] = step(h->lane[3], load64(p + 24));
}

void hash64_update(hash64 *h, const void *data, size_t n)
{
	const unsigned char *p = data;
	h->total += n;
	if (h->npending) {
		size_t take = 32 - h->npending;
		if (take > n)
			take = n;
		memcpy(h->pending + h->npending, p, take);
		h->npending += take;
		p += take;
		n -= take;
		if (h->npending < 32)
			return;
		stripe(h, h->pending);
		h->npending = 0;
	}
	while (n >= 32) {
		stripe(h, p);
		p += 32;
		n -= 32;
	}
	memcpy(h->pending, p, n);
	h->npending = n;
}

uint64_t hash64_value(const hash64 *h)
{
	uint64_t v = rotl(h->lane[0], 1) + rotl(h->lane[1], 7) + rotl(h->lane[2], 12) +
		     rotl(h->lane[3], 18);
	for (int i = 0; i < 4; i++)
		v = (v ^ step(0, h->lane[i])) * K1 + K4;
	v += h->total * K3;
	size_t i = 0;
	for (; i + 8 <= h->npending; i += 8)
		v = rotl(v ^ step(0, load64(h->pending + i)), 27) * K1 + K4;
	for (; i < h->npending; i++)
		v = rotl(v ^ (h->pending[i] * K3), 11) * K1;
	return avalanche(v);
}

uint64_t hash64_bytes(const void *data, size_t n)
{
	hash64 h;
	hash64_init(&h);
	hash64_update(&h, data, n);
	return hash64_value(&h);
}
