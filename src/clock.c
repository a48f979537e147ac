/* clock.c - monotonic capture clock (see clock.h for the policy). */
#include <string.h>
#include "clock.h"

void clock_init(struct capture_clock *c)
{
	memset(c, 0, sizeof(*c));
}

static void note_jump(struct capture_clock *c, uint64_t *counter, uint64_t frame)
{
	if (!c->jumps_back && !c->jumps_forward)
		c->first_jump_frame = frame;
	(*counter)++;
}

int64_t clock_update(struct capture_clock *c, int64_t ts, uint64_t frame)
{
	if (!c->started) {
		c->started = 1;
		c->now = ts;
		return c->now;
	}
	if (c->candidate) {
		int64_t d = ts - c->candidate;
		if (d > -CLOCK_BACK_TOLERANCE_NS && d < CLOCK_FORWARD_JUMP_NS) {
			/* Confirmed: the capture really resumed later. */
			c->gaps++;
			c->now = c->candidate;
			c->candidate = 0;
		} else {
			note_jump(c, &c->jumps_forward, c->cand_frame);
			c->candidate = 0;
		}
	}
	if (ts > c->now + CLOCK_FORWARD_JUMP_NS) {
		c->candidate = ts;
		c->cand_frame = frame;
		return c->now;
	}
	if (ts < c->now - CLOCK_BACK_TOLERANCE_NS) {
		note_jump(c, &c->jumps_back, frame);
		return c->now;
	}
	if (ts > c->now)
		c->now = ts;
	return c->now;
}
