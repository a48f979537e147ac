/* tseq.c - time-sequence data for evidence flows (see tseq.h). */
#include <stdlib.h>
#include <string.h>
#include "tseq.h"
#include "hash.h"

/* One spooled record: the flow it belongs to, then the point. */
struct tseq_rec {
	uint64_t flow;             /* capture << 54 | first frame */
	struct tseq_point pt;
};

#define TSEQ_BUF 1024           /* records gathered before one fwrite */

struct tseq_spool {
	FILE *fp;
	uint64_t written, dropped;
	int failed;
	unsigned nbuf;
	struct tseq_rec buf[TSEQ_BUF];
};

/* Writes the gathered records; on failure they are counted as dropped. */
static void spool_flush(struct tseq_spool *s)
{
	if (!s->nbuf)
		return;
	if (!s->failed && fwrite(s->buf, sizeof(s->buf[0]), s->nbuf, s->fp) != s->nbuf) {
		s->failed = 1;
		s->written -= s->nbuf;
		s->dropped += s->nbuf;
	}
	s->nbuf = 0;
}

#define FLOW_KEY(cap, frame) ((uint64_t)(cap) << 54 | ((frame) & ((1ull << 54) - 1)))

struct tseq_spool *tseq_spool_open(void)
{
	struct tseq_spool *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->fp = tmpfile();
	if (!s->fp) {
		free(s);
		return NULL;
	}
	return s;
}

void tseq_spool_close(struct tseq_spool *s)
{
	if (!s)
		return;
	fclose(s->fp);
	free(s);
}

void tseq_add(struct tseq_spool *s, uint32_t flow_capture, uint64_t flow_frame,
	      const struct tseq_point *pt)
{
	struct tseq_rec r;

	if (!s)
		return;
	if (s->written >= TSEQ_SPOOL_MAX || s->failed) {
		s->dropped++;
		return;
	}
	memset(&r, 0, sizeof(r));
	r.flow = FLOW_KEY(flow_capture, flow_frame);
	r.pt = *pt;
	s->buf[s->nbuf++] = r;
	s->written++;
	if (s->nbuf == TSEQ_BUF)
		spool_flush(s);
}

uint64_t tseq_spooled(const struct tseq_spool *s)
{
	return s ? s->written : 0;
}

uint64_t tseq_dropped(const struct tseq_spool *s)
{
	return s ? s->dropped : 0;
}

/* "C<capture>-<frame>" -> its parts; 0 or -1. */
static int parse_uid(const char *uid, uint32_t *capture, uint64_t *frame)
{
	char *end;
	unsigned long long c, f;

	if (uid[0] != 'C' || uid[1] < '0' || uid[1] > '9')
		return -1;
	c = strtoull(uid + 1, &end, 10);
	if (*end != '-' || end[1] < '0' || end[1] > '9' || c > 1023)
		return -1;
	f = strtoull(end + 1, &end, 10);
	if (*end || f == 0 || f >= (1ull << 54))
		return -1;
	*capture = (uint32_t)c;
	*frame = f;
	return 0;
}

static int ref_lt(const struct frame_ref *a, const struct frame_ref *b)
{
	return a->capture != b->capture ? a->capture < b->capture : a->frame < b->frame;
}

int tseq_want(struct tseq_set *set, const char *uid, const struct frame_ref *anchor)
{
	uint32_t cap;
	uint64_t frame;
	unsigned i;
	struct tseq_flow *f;

	if (parse_uid(uid, &cap, &frame) < 0)
		return -1;
	for (i = 0; i < set->n; i++)
		if (set->v[i].capture == cap && set->v[i].first_frame == frame) {
			if (anchor && anchor->frame &&
			    (!set->v[i].anchor.frame || ref_lt(anchor, &set->v[i].anchor)))
				set->v[i].anchor = *anchor;
			return 0;
		}
	if (set->n == TSEQ_MAX_FLOWS) {
		set->flows_over_cap++;
		return 0;
	}
	if (!set->v) {
		set->v = calloc(TSEQ_MAX_FLOWS, sizeof(*set->v));
		if (!set->v)
			return -1;
	}
	f = &set->v[set->n++];
	memset(f, 0, sizeof(*f));
	snprintf(f->uid, sizeof(f->uid), "%s", uid);
	f->capture = cap;
	f->first_frame = frame;
	if (anchor)
		f->anchor = *anchor;
	return 0;
}

/* Collection state per wanted flow: a ring of the points before the anchor
 * (all of them may be needed if the anchor never comes), then the kept ones. */
struct coll {
	struct tseq_point *ring;   /* TSEQ_MAX_POINTS */
	unsigned rn, rhead;        /* points in the ring, oldest slot */
	uint64_t before;           /* points seen before the anchor */
	int anchored;
};

static void ring_put(struct coll *c, const struct tseq_point *p)
{
	if (c->rn < TSEQ_MAX_POINTS) {
		c->ring[(c->rhead + c->rn) % TSEQ_MAX_POINTS] = *p;
		c->rn++;
	} else {
		c->ring[c->rhead] = *p;
		c->rhead = (c->rhead + 1) % TSEQ_MAX_POINTS;
	}
	c->before++;
}

/* Moves the last `keep` ring points into f->pts. */
static void ring_flush(struct coll *c, struct tseq_flow *f, unsigned keep)
{
	unsigned i, skip;

	if (keep > c->rn)
		keep = c->rn;
	skip = c->rn - keep;
	for (i = 0; i < keep; i++)
		f->pts[f->n++] = c->ring[(c->rhead + skip + i) % TSEQ_MAX_POINTS];
	f->omitted_before = c->before - keep;
	c->rn = 0;
}

static void take(struct coll *c, struct tseq_flow *f, const struct tseq_point *p)
{
	struct frame_ref at = { p->capture, p->frame };

	f->total++;
	if (!c->anchored && ref_lt(&at, &f->anchor)) {
		ring_put(c, p);
		return;
	}
	if (!c->anchored) {
		c->anchored = 1;
		ring_flush(c, f, TSEQ_PRE_POINTS);
	}
	if (f->n < TSEQ_MAX_POINTS)
		f->pts[f->n++] = *p;
	else
		f->omitted_after++;
}

static unsigned filter_bit(uint64_t key)
{
	return (unsigned)(hash_mix(key) >> 54);   /* 0..1023 */
}

int tseq_collect(struct tseq_spool *s, struct tseq_set *set)
{
	uint64_t filter[16];
	struct tseq_rec *buf = NULL;
	struct coll *cs = NULL;
	size_t got, i;
	unsigned k;
	int rc = -1;

	if (!set->n)
		return 0;
	if (s)
		spool_flush(s);
	set->spool_dropped = tseq_dropped(s);
	if (!s || s->failed || fflush(s->fp) != 0 || fseek(s->fp, 0, SEEK_SET) != 0)
		goto out;
	buf = malloc(4096 * sizeof(*buf));
	cs = calloc(set->n, sizeof(*cs));
	if (!buf || !cs)
		goto out;
	for (k = 0; k < set->n; k++) {
		set->v[k].pts = malloc(TSEQ_MAX_POINTS * sizeof(struct tseq_point));
		cs[k].ring = malloc(TSEQ_MAX_POINTS * sizeof(struct tseq_point));
		if (!set->v[k].pts || !cs[k].ring)
			goto out;
	}
	/* a 1024-bit filter of the wanted flows: most records belong to none,
	 * and are passed over with one test instead of a look at each */
	memset(filter, 0, sizeof(filter));
	for (k = 0; k < set->n; k++) {
		unsigned b = filter_bit(FLOW_KEY(set->v[k].capture, set->v[k].first_frame));
		filter[b / 64] |= 1ull << (b % 64);
	}
	while ((got = fread(buf, sizeof(*buf), 4096, s->fp)) > 0) {
		for (i = 0; i < got; i++) {
			const struct tseq_rec *r = &buf[i];
			unsigned b = filter_bit(r->flow);
			if (!(filter[b / 64] >> (b % 64) & 1))
				continue;
			for (k = 0; k < set->n; k++)
				if (FLOW_KEY(set->v[k].capture, set->v[k].first_frame) == r->flow)
					break;
			if (k < set->n)
				take(&cs[k], &set->v[k], &r->pt);
		}
	}
	if (ferror(s->fp))
		goto out;
	/* flows whose anchor never came: the points before it are all there is */
	for (k = 0; k < set->n; k++)
		if (!cs[k].anchored)
			ring_flush(&cs[k], &set->v[k], TSEQ_MAX_POINTS);
	rc = 0;
out:
	if (rc < 0)
		set->read_error = 1;
	for (k = 0; cs && k < set->n; k++)
		free(cs[k].ring);
	free(cs);
	free(buf);
	return rc;
}

const struct tseq_flow *tseq_find(const struct tseq_set *set, const char *uid)
{
	unsigned i;

	for (i = 0; set && i < set->n; i++)
		if (strcmp(set->v[i].uid, uid) == 0)
			return &set->v[i];
	return NULL;
}

void tseq_set_free(struct tseq_set *set)
{
	unsigned i;

	for (i = 0; i < set->n; i++)
		free(set->v[i].pts);
	free(set->v);
	memset(set, 0, sizeof(*set));
}
