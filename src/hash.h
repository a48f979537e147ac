/*
 * hash.h - netrca's one hash mixer.  Every table keyed by packet data (the
 * flow table, fragment reassembly, capture duplicates, echo pairing, the
 * tunnel context of a flow key, the time-sequence filter) mixes its key
 * with hash_mix, the MurmurHash3 64-bit finaliser (every input bit affects
 * every output bit), word by word through hash_add.  Tables a sender could
 * aim at start from a random seed; no output depends on bucket order.
 */
#ifndef NETRCA_HASH_H
#define NETRCA_HASH_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define HASH_SEED 0x9e3779b97f4a7c15ULL   /* the start without a random seed */

static inline uint64_t hash_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* One more word into the running hash h. */
static inline uint64_t hash_add(uint64_t h, uint64_t w)
{
	return hash_mix(h ^ w) + HASH_SEED;
}

/* n bytes at p (not packet bytes in place: a copy the caller made or a
 * field of a struct) into h, 8 at a time, the tail zero-padded. */
static inline uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t w;

	for (; n >= 8; n -= 8, b += 8) {
		memcpy(&w, b, 8);
		h = hash_add(h, w);
	}
	if (n) {
		w = 0;
		memcpy(&w, b, n);
		h = hash_add(h, w ^ (uint64_t)n << 56);
	}
	return h;
}
#endif
