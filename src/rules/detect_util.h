/*
 * detect_util.h - shared by the detectors: a bounded open-addressing table
 * of fixed-size group records (over-cap refusals counted, distinct keys
 * counted exactly up to DROPPED_MAX), address masking, service names, and the
 * info finding that makes an overflowing group table visible.
 */
#ifndef NETRCA_DETECT_UTIL_H
#define NETRCA_DETECT_UTIL_H
#include <stddef.h>
#include <stdint.h>
#include "rules.h"

struct svc_key {
	struct ip_addr dst;
	uint16_t dport;
};

/* ---- a bounded open-addressing table of fixed-size records ---- */

#define DROPPED_MAX 65536     /* distinct over-cap keys counted exactly */

struct gtable {
	/* open addressing over an index: each used slot holds the low 32 bits of
	 * the key's hash (to skip most compares) and the record's number + 1;
	 * the records themselves sit densely, in insertion order, in chunks that
	 * never move (memory follows the groups, not the slots) */
	uint64_t *slots;          /* cap entries, 0 = free */
	unsigned char **chunks;   /* GT_CHUNK records each, allocated as needed */
	size_t nchunks;           /* room in chunks[] */
	size_t stride;            /* bytes per record (rec rounded up to 8) */
	size_t rec, cap, n, max;
	size_t cap_max;           /* the table grows on demand up to this many slots */
	size_t klen;              /* key length, remembered for rehashing */
	uint64_t over_cap;        /* records (attempts) refused */
	uint64_t *dropped;        /* hashes of distinct refused keys (open addressing, 0 = empty) */
	uint64_t ndropped;        /* distinct refused keys, exact up to DROPPED_MAX */
};

/* Sizes the table for max records of rec bytes; 0 or -1 (no memory). */
int gt_init(struct gtable *t, size_t rec, size_t max);
/* The record whose first klen bytes equal key; inserted zeroed when create
 * (NULL when the table is full: counted). */
void *gt_get(struct gtable *t, const void *key, size_t klen, int create);
/* Slot i (0 <= i < t->cap) if used, else NULL: for iterating. */
void *gt_at(struct gtable *t, size_t i);
void gt_free(struct gtable *t);
/* out = a masked to len bits (out may be a). */
void mask_addr(const struct ip_addr *a, uint8_t len, struct ip_addr *out);
/* "192.0.2.10:8080/tcp" or "[2001:db8::1]:443/tcp" */
/* "addr:port", "[v6 addr]:port" into buf (n bytes). */
void endpoint_str(const struct ip_addr *a, uint16_t port, char *buf, size_t n);
void svc_str(const struct svc_key *k, char *buf, size_t n);
/* The state most detectors need: their rule, up to three parameters and one
 * bounded group table. */
struct det_state {
	const struct detect_ctx *ctx;
	double p1, p2, p3;
	struct gtable groups;
};
/* Allocates a det_state whose parameters are the named ones (NULL: unused)
 * and whose group table holds records of rec bytes, up to the rule's
 * param.max_groups.  Returns owned state (free with det_destroy) or NULL. */
void *det_create(const struct detect_ctx *ctx, size_t rec, const char *p1, const char *p2,
		 const char *p3);
void det_destroy(void *st);
/* Starts finding f (overwritten) from a group's accumulated evidence ev,
 * with the rule and its severity. */
void det_finding(const struct det_state *s, const struct evidence *ev, struct finding *f);

/* One info finding when a rule's group table overflowed. */
void over_cap_finding(const struct detect_ctx *ctx, const struct gtable *t, struct findings *out);
#endif
