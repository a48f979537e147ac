/*
 * stats.h - named counters with the first frames that incremented them.
 * Used for decoding anomalies and for analysis limitations (caps hit), so a
 * report can say "ipv4_bad_header_length: 3 (frames 12, 40, 41)".
 */
#ifndef NETRCA_STATS_H
#define NETRCA_STATS_H
#include <stdint.h>

#define STATS_FIRST_FRAMES 8

struct frame_ref {
	uint32_t capture;
	uint64_t frame;
};

/* Frame a came after frame b (inputs are read in time order, one capture
 * after another). */
static inline int frame_ref_after(const struct frame_ref *a, const struct frame_ref *b)
{
	return a->capture != b->capture ? a->capture > b->capture : a->frame > b->frame;
}

struct counter {
	uint64_t count;
	unsigned nfirst;
	struct frame_ref first[STATS_FIRST_FRAMES];
};

static inline void counter_hit(struct counter *c, uint32_t capture, uint64_t frame)
{
	if (c->nfirst < STATS_FIRST_FRAMES) {
		c->first[c->nfirst].capture = capture;
		c->first[c->nfirst].frame = frame;
		c->nfirst++;
	}
	c->count++;
}
#endif
