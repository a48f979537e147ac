/* frametime.c - per-frame capture timestamps on a spool (see frametime.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include "frametime.h"

struct frametime {
	FILE *fp;
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
	if (fwrite(&ts, sizeof(ts), 1, t->fp) != 1) {
		t->failed = 1;
		t->skipped++;
		return;
	}
	t->n++;
	t->count[capture]++;
	t->flushed = 0;
}

int frametime_get(struct frametime *t, uint32_t capture, uint64_t frame, int64_t *ts)
{
	if (!t || capture >= FRAMETIME_CAPTURES || frame == 0 || frame > t->count[capture])
		return -1;
	if (!t->flushed) {
		if (fflush(t->fp) != 0) {
			t->failed = 1;
			return -1;
		}
		t->flushed = 1;
	}
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
