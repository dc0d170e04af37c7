/*
 * hash.h - a fast 64-bit hash of byte streams, for telling whether a file's
 * content changed (incremental indexing) and for hash sets of strings.
 *
 * Not cryptographic: it finds accidental changes, not deliberate
 * collisions.  The value of a stream does not depend on how it is split
 * into hash64_update() calls, and is the same on every machine (bytes are
 * read little-endian whatever the CPU), so values stored in an index stay
 * valid.
 */
#ifndef DATELINE_HASH_H
#define DATELINE_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct hash64 {
	uint64_t lane[4];
	unsigned char pending[32]; /* bytes not yet folded into the lanes */
	size_t npending;
	uint64_t total;
} hash64;

/* Starts a hash (a caller-owned struct; nothing to release). */
void hash64_init(hash64 *h);
/* Adds n bytes. */
void hash64_update(hash64 *h, const void *data, size_t n);
/* The hash of everything added so far; h may go on being updated. */
uint64_t hash64_value(const hash64 *h);
/* The hash of one buffer. */
uint64_t hash64_bytes(const void *data, size_t n);

#endif
