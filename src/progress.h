/*
 * progress.h - the progress line of a run on a terminal: bytes and packets
 * read, the share of the input, packets/s, flows in memory, elapsed time and
 * an estimate of the rest.  Formats into a caller's buffer; src/main.c writes
 * it to stderr.  The times given are the caller's monotonic clock: they pace
 * the line and nothing else (no output of the analysis depends on them).
 */
#ifndef NETRCA_PROGRESS_H
#define NETRCA_PROGRESS_H
#include <stddef.h>
#include <stdint.h>
#include "engine.h"

#define PROGRESS_DELAY_NS 1000000000LL   /* nothing for a run shorter than this */
#define PROGRESS_PERIOD_NS 100000000LL   /* at most 10 lines a second */
#define PROGRESS_LINE_MAX 256            /* a buffer this long holds any line */

struct progress {
	uint64_t total;          /* the inputs' stored sizes summed; 0: not known (a pipe) */
	int64_t start_ns;        /* when the run started */
	int64_t last_ns;         /* when the last line was drawn */
	unsigned width;          /* terminal columns (0: not known) */
	int drawn;               /* a line is on the terminal */
};

/*
 * Starts pr for the inputs paths[0..n-1] (borrowed): their sizes are summed
 * when every one is a regular file ("-" or a pipe: no total, so no share
 * and no estimate).  width: the terminal's columns, 0 if not known.
 */
void progress_init(struct progress *pr, char *const *paths, unsigned n, int64_t now_ns, unsigned width);

/*
 * The line for pg at now_ns, "\r" + text + "\033[K" (erase to the end of
 * the line), NUL-terminated in buf (n >= PROGRESS_LINE_MAX); returns its
 * length, or 0 when no line is due (the run is younger than
 * PROGRESS_DELAY_NS, or the last line is younger than PROGRESS_PERIOD_NS).
 * The text is cut to width - 1 columns so the terminal never wraps it.
 */
size_t progress_line(struct progress *pr, const struct engine_progress *pg, int64_t now_ns, char *buf,
		     size_t n);

/* What erases a drawn line ("\r\033[K") into buf, NUL-terminated; its
 * length, 0 when no line is drawn. */
size_t progress_erase(struct progress *pr, char *buf, size_t n);

#endif
