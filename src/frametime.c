/* frametime.c - per-frame capture timestamps on a spool (see frametime.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include "frametime.h"

#define FT_BUF 8192    /* stamps buffered before one write (64 KiB) */

struct frametime {
	FILE *fp;
	int64_t buf[FT_BUF];                  /* stamps not yet written */
	unsigned nbuf;
	uint64_t n;                           /* frames recorded */
	uint64_t base[FRAMETIME_CAPTURES];    /* index of each capture's frame 1 */
	uint64_t count[FRAMETIME_CAPTURES];   /* frames recorded per capture */
	uint32_t cur;                         /* capture being recorded */
	int started, failed, flushed;
	uint64_t skipped;
};

struct frametime *frametime_open(void)
{
	struct frametime *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->fp = tmpfile();   /* unlinked: gone with the process */
	if (!t->fp) {
		free(t);
		return NULL;
	}
	return t;
}

/* Writes the buffered stamps; 0, or -1 (the spool failed: nothing more is
 * recorded, what was written stays readable). */
static int flush_buf(struct frametime *t)
{
	if (t->nbuf && fwrite(t->buf, sizeof(t->buf[0]), t->nbuf, t->fp) != t->nbuf) {
		t->failed = 1;
		t->n -= t->nbuf;   /* those frames have no time after all */
		t->skipped += t->nbuf;
		t->nbuf = 0;
		return -1;
	}
	t->nbuf = 0;
	return 0;
}

void frametime_add(struct frametime *t, uint32_t capture, uint64_t frame, int64_t ts)
{
	if (!t)
		return;
	if (!t->started || capture != t->cur) {
		if ((t->started && capture < t->cur) || capture >= FRAMETIME_CAPTURES) {
			t->skipped++;
			return;
		}
		t->started = 1;
		t->cur = capture;
		t->base[capture] = t->n;
	}
	if (t->failed || t->n >= FRAMETIME_MAX || frame != t->count[capture] + 1) {
		t->skipped++;
		return;
	}
	/* one store per frame; a write per FT_BUF frames (no stdio call per
	 * packet: this runs on the packet stage) */
	if (t->nbuf == FT_BUF && flush_buf(t) < 0) {
		t->skipped++;
		return;
	}
	t->buf[t->nbuf++] = ts;
	t->n++;
	t->count[capture]++;
	t->flushed = 0;
}

int frametime_get(struct frametime *t, uint32_t capture, uint64_t frame, int64_t *ts)
{
	if (!t || capture >= FRAMETIME_CAPTURES || frame == 0 || frame > t->count[capture])
		return -1;
	if (!t->flushed) {
		if (flush_buf(t) < 0 || fflush(t->fp) != 0) {
			t->failed = 1;
			return -1;
		}
		t->flushed = 1;
	}
	if ((t->base[capture] + frame - 1) >= t->n)
		return -1;
	if (pread(fileno(t->fp), ts, sizeof(*ts),
		  (off_t)((t->base[capture] + frame - 1) * sizeof(*ts))) != (ssize_t)sizeof(*ts))
		return -1;
	return 0;
}

uint64_t frametime_skipped(const struct frametime *t)
{
	return t ? t->skipped : 0;
}

void frametime_close(struct frametime *t)
{
	if (!t)
		return;
	fclose(t->fp);
	free(t);
}
