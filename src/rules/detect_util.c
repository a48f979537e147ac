/* detect_util.c - helpers shared by the detectors (see detect_util.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "detect_util.h"
#include "../hash.h"

#define GT_CHUNK 64   /* records per chunk */

int gt_init(struct gtable *t, size_t rec, size_t max)
{
	t->rec = rec;
	t->max = max;
	t->cap_max = 16;
	while (t->cap_max < max * 2)
		t->cap_max *= 2;
	/* start small and double on demand: memory follows the groups seen */
	t->cap = t->cap_max < 64 ? t->cap_max : 64;
	t->klen = 0;
	t->n = 0;
	t->over_cap = 0;
	t->stride = (rec + 7) & ~(size_t)7;
	t->nchunks = (max + GT_CHUNK - 1) / GT_CHUNK;
	t->chunks = calloc(t->nchunks ? t->nchunks : 1, sizeof(*t->chunks));
	t->slots = calloc(t->cap, sizeof(*t->slots));
	if (!t->slots || !t->chunks) {
		free(t->slots);
		free(t->chunks);
		t->slots = NULL;
		t->chunks = NULL;
		return -1;
	}
	return 0;
}

static unsigned char *gt_rec(const struct gtable *t, uint64_t e)
{
	size_t idx = (size_t)(e & 0xffffffffu) - 1;

	return t->chunks[idx / GT_CHUNK] + (idx % GT_CHUNK) * t->stride;
}

/* A group key's hash (src/hash.h; keys are tens of bytes, hashed once per
 * observation).  gt_at walks the slots, so detectors emit their
 * findings in hash order, but nothing written depends on it: findings are
 * sorted and capped by their content in the end (findings_sort). */
static uint64_t key_hash(const void *k, size_t n)
{
	return hash_mix(hash_bytes(HASH_SEED ^ n, k, n));
}

/* Counts a refused key: every refusal, and each distinct key once. */
static void gt_drop(struct gtable *t, uint64_t h)
{
	size_t i, step;

	t->over_cap++;
	if (!h)
		h = 1;
	if (!t->dropped && !(t->dropped = calloc(DROPPED_MAX * 2, sizeof(*t->dropped))))
		return;
	if (t->ndropped >= DROPPED_MAX)
		return;
	for (i = h & (DROPPED_MAX * 2 - 1), step = 0; step < DROPPED_MAX * 2;
	     step++, i = (i + 1) & (DROPPED_MAX * 2 - 1)) {
		if (t->dropped[i] == h)
			return;
		if (!t->dropped[i]) {
			t->dropped[i] = h;
			t->ndropped++;
			return;
		}
	}
}

/* Doubles the table (load kept at or under one half); 0, or -1 if no memory
 * (the table then stays as it is, still correct). */
static int gt_grow(struct gtable *t)
{
	size_t ncap = t->cap * 2, i;
	uint64_t *ns = calloc(ncap, sizeof(*ns));

	if (!ns)
		return -1;
	for (i = 0; i < t->cap; i++) {
		uint64_t e = t->slots[i];
		size_t j;
		if (!e)
			continue;
		for (j = (e >> 32) & (ncap - 1);; j = (j + 1) & (ncap - 1))
			if (!ns[j]) {
				ns[j] = e;
				break;
			}
	}
	free(t->slots);
	t->slots = ns;
	t->cap = ncap;
	return 0;
}

/* Finds (or inserts, zeroed) the record whose first klen bytes equal key.
 * NULL when the table is full (counted). */
void *gt_get(struct gtable *t, const void *key, size_t klen, int create)
{
	uint64_t h;
	uint32_t tag;
	size_t i, step;

	t->klen = klen;
	if (create && (t->n + 1) * 2 > t->cap && t->cap < t->cap_max)
		gt_grow(t);
	h = key_hash(key, klen);
	tag = (uint32_t)h;
	i = h & (t->cap - 1);

	for (step = 0; step < t->cap; step++, i = (i + 1) & (t->cap - 1)) {
		uint64_t e = t->slots[i];
		unsigned char *r;
		if (!e) {
			size_t c;
			if (!create)
				return NULL;
			if (t->n == t->max) {
				gt_drop(t, h);
				return NULL;
			}
			c = t->n / GT_CHUNK;
			if (!t->chunks[c] && !(t->chunks[c] = calloc(GT_CHUNK, t->stride)))
				return NULL;
			t->slots[i] = (uint64_t)tag << 32 | (uint64_t)(t->n + 1);
			t->n++;
			r = gt_rec(t, t->slots[i]);
			memcpy(r, key, klen);
			return r;
		}
		if ((uint32_t)(e >> 32) == tag && memcmp((r = gt_rec(t, e)), key, klen) == 0)
			return r;
	}
	return NULL;
}

void *gt_at(struct gtable *t, size_t i)
{
	uint64_t e = t->slots[i];

	return e ? gt_rec(t, e) : NULL;
}

void mask_addr(const struct ip_addr *a, uint8_t len, struct ip_addr *out)
{
	struct ip_addr in = *a;
	unsigned i, nb = in.v == 6 ? 16 : 4, full = len / 8, rem = len % 8;

	memset(out, 0, sizeof(*out));
	out->v = in.v;
	for (i = 0; i < nb && i < full; i++)
		out->a[i] = in.a[i];
	if (rem && full < nb)
		out->a[full] = (uint8_t)(in.a[full] & (0xff << (8 - rem)));
}

/* One info finding when a rule's group table overflowed: degradation is
 * visible, never silent. */
void over_cap_finding(const struct detect_ctx *ctx, const struct gtable *t, struct findings *out)
{
	struct finding f;

	if (!t->over_cap)
		return;
	memset(&f, 0, sizeof(f));
	f.rule = ctx->rule;
	f.severity = SEV_INFO;
	snprintf(f.group, sizeof(f.group), "groups over cap");
	snprintf(f.verdict, sizeof(f.verdict),
		 "Analysis limit: %s%llu group%s (%llu connection attempt%s) not evaluated by this rule: "
		 "its group table was full (param.max_groups).",
		 t->ndropped >= DROPPED_MAX ? "at least " : "", (unsigned long long)t->ndropped,
		 t->ndropped == 1 ? "" : "s", (unsigned long long)t->over_cap,
		 t->over_cap == 1 ? " was" : "s were");
	finding_add_metric(&f, "groups_over_cap", (double)t->ndropped, ">", 0, "");
	finding_add_info(&f, "attempts_over_cap", (double)t->over_cap, "");
	findings_add(out, &f);
}

void endpoint_str(const struct ip_addr *a, uint16_t port, char *buf, size_t n)
{
	char s[64];
	ip_addr_str(a, s, sizeof(s));
	snprintf(buf, n, a->v == 6 ? "[%s]:%u" : "%s:%u", s, port);
}

void svc_str(const struct svc_key *k, char *buf, size_t n)
{
	char e[80];
	endpoint_str(&k->dst, k->dport, e, sizeof(e));
	snprintf(buf, n, "%s/tcp", e);
}


void gt_free(struct gtable *t)
{
	size_t i;

	for (i = 0; t->chunks && i < t->nchunks; i++)
		free(t->chunks[i]);
	free(t->chunks);
	free(t->slots);
	free(t->dropped);
	t->chunks = NULL;
	t->slots = NULL;
	t->dropped = NULL;
}

void *det_create(const struct detect_ctx *ctx, size_t rec, const char *p1, const char *p2,
		 const char *p3)
{
	struct det_state *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->ctx = ctx;
	s->p1 = p1 ? rule_param(ctx->rule, p1) : 0;
	s->p2 = p2 ? rule_param(ctx->rule, p2) : 0;
	s->p3 = p3 ? rule_param(ctx->rule, p3) : 0;
	if (gt_init(&s->groups, rec, (size_t)rule_param(ctx->rule, "max_groups")) < 0) {
		free(s);
		return NULL;
	}
	return s;
}

void det_destroy(void *st)
{
	struct det_state *s = st;

	if (!s)
		return;
	gt_free(&s->groups);
	free(s);
}

void det_finding(const struct det_state *s, const struct evidence *ev, struct finding *f)
{
	finding_from_evidence(f, ev);
	f->rule = s->ctx->rule;
	f->severity = s->ctx->rule->severity;
}
