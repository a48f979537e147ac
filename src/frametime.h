/*
 * frametime.h - the capture timestamp of every frame, spooled to an unlinked
 * temporary file (8 bytes a frame) as the packet stage reads them, so that
 * after the run a finding's first and last evidence frame can be given its
 * absolute time (to line up with firewall and application logs) without a
 * second pass over the capture and without a table in memory.
 *
 * Frames are added in reading order: captures one after another, each
 * numbered from 1 (Wireshark's frame.number).  Capped at FRAMETIME_MAX
 * frames in all; the frames beyond are counted (limitation
 * frame-times-capped) and have no time.
 */
#ifndef NETRCA_FRAMETIME_H
#define NETRCA_FRAMETIME_H
#include <stdint.h>

#define FRAMETIME_MAX (256u << 20)    /* 2 GiB of spool */
#define FRAMETIME_CAPTURES 1024       /* = ENGINE_MAX_INPUTS */

struct frametime;

/* Owned (free with frametime_close); NULL if no temporary file can be made. */
struct frametime *frametime_open(void);
/* Frame `frame` of capture `capture` was stamped ts (ns since the epoch).
 * Frames of one capture come in order from 1, captures in increasing order;
 * anything else is counted as skipped and not recorded. */
void frametime_add(struct frametime *t, uint32_t capture, uint64_t frame, int64_t ts);
/* The stamp of a recorded frame into *ts: 0, or -1 (not recorded, or the
 * spool could not be written or read). */
int frametime_get(struct frametime *t, uint32_t capture, uint64_t frame, int64_t *ts);
/* Frames not recorded (beyond the cap, out of order, write errors). */
uint64_t frametime_skipped(const struct frametime *t);
void frametime_close(struct frametime *t);
#endif
