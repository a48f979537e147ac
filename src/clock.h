/*
 * clock.h - the capture clock: the only clock analysis uses.
 *
 * It follows packet timestamps but stays monotonic.  A timestamp behind the
 * clock (beyond a small tolerance for interleaved interfaces) is an isolated
 * backwards jump: counted, the clock does not move.  A timestamp far ahead is
 * held as a candidate; only when the next packet confirms it does the clock
 * jump (a real gap in the capture); otherwise it was an isolated
 * far-forward jump, counted and ignored, so one bad timestamp cannot expire
 * the whole flow table.
 */
#ifndef NETRCA_CLOCK_H
#define NETRCA_CLOCK_H
#include <stdint.h>

#define CLOCK_BACK_TOLERANCE_NS 2000000000LL     /* 2 s: multi-interface skew */
#define CLOCK_FORWARD_JUMP_NS (3600LL * 1000000000LL) /* 1 h */

struct capture_clock {
	int64_t now;             /* ns; 0 until the first packet */
	int started;
	int64_t candidate;       /* pending far-forward timestamp, 0 = none */
	uint64_t cand_frame;
	uint64_t jumps_back;     /* isolated backwards timestamps */
	uint64_t jumps_forward;  /* isolated far-forward timestamps */
	uint64_t gaps;           /* confirmed forward gaps (clock moved) */
	uint64_t first_jump_frame;
};

void clock_init(struct capture_clock *c);
/* Feeds one packet's timestamp; returns the clock after it. */
int64_t clock_update(struct capture_clock *c, int64_t ts, uint64_t frame);
#endif
