/*
 * stream.h - the stream service: in-order, bounded-window byte delivery per
 * TCP direction to application parsers (TLS, DNS over TCP, HTTP).
 *
 * A consumer gets the bytes of one direction in sequence order through
 * callbacks, across the whole connection (keep-alive, pipelining, many
 * messages), never only its first bytes.  Holes are marked as gaps, never
 * papered over: a hole is declared when the receiver acknowledges past it (the
 * capture missed the bytes), when the out-of-order buffer reaches its cap, or
 * at the end.  Retransmitted bytes are delivered once; overlapping data that
 * differs from what was seen (a conflicting overlap) is counted as an anomaly.
 * A consumer may skip bytes it does not need (e.g. a TLS record body) by
 * length: skipped bytes are neither copied nor buffered.
 *
 * Memory: each direction buffers out-of-order data up to its window cap; all
 * streams together stay under a global budget (struct stream_budget).  Every
 * cap hit is counted.
 */
#ifndef NETRCA_STREAM_H
#define NETRCA_STREAM_H
#include <stddef.h>
#include <stdint.h>
#include "stats.h"

#define STREAM_WINDOW_DEFAULT (256u * 1024)    /* out-of-order bytes buffered per direction */
#define STREAM_BUDGET_DEFAULT (64u * 1024 * 1024) /* all directions together */

enum stream_end { STREAM_END_FIN = 0, STREAM_END_RST, STREAM_END_FLOW };

/* Callbacks; all pointers borrowed for the call. */
struct stream_consumer {
	/* In-order bytes starting at stream offset `off` (0 = first byte after
	 * the SYN).  `ref` is the frame that carried the first of them. */
	void (*data)(void *arg, uint64_t off, const uint8_t *p, size_t n, const struct frame_ref *ref);
	/* Bytes [off, off+len) will never be delivered (not captured). */
	void (*gap)(void *arg, uint64_t off, uint64_t len);
	/* The direction ended (FIN, RST or the flow was finalised). */
	void (*end)(void *arg, enum stream_end why);
	void *arg;
};

/* Shared accounting for all streams of one analysis. */
struct stream_budget {
	size_t limit;             /* bytes that may be buffered in all streams together */
	size_t used;
	uint64_t over_budget;     /* segments (or parts) not buffered: budget exhausted */
};

struct stream_stats {
	uint64_t delivered;       /* bytes handed to the consumer */
	uint64_t skipped;         /* bytes the consumer skipped */
	uint64_t gaps, gap_bytes; /* holes declared */
	uint64_t retransmitted;   /* bytes seen again and dropped (identical) */
	uint64_t conflicts;       /* overlaps whose bytes differ from the first copy */
	uint64_t window_cap_hits; /* out-of-order buffer full: gap forced */
	uint64_t budget_hits;     /* global budget exhausted */
	uint64_t max_buffered;    /* peak out-of-order bytes buffered */
};

struct stream_dir;

/*
 * New stream for one direction whose first data byte has sequence number
 * `first_seq` (the SYN's seq + 1, or the first seen segment's seq when the
 * SYN was missed).  `window` caps its out-of-order buffer (0 = default);
 * `budget` (borrowed, may be NULL) is shared by all streams.  Returns owned
 * state (free with stream_free) or NULL.
 */
struct stream_dir *stream_new(uint32_t first_seq, size_t window, struct stream_budget *budget,
			      const struct stream_consumer *c);
/* One segment's payload (borrowed for the call), in capture order. */
void stream_segment(struct stream_dir *s, uint32_t seq, const uint8_t *p, size_t n,
		    const struct frame_ref *ref);
/* The peer acknowledged up to `ack`: holes below it were missed by the
 * capture and become gaps (buffered data behind them is delivered). */
void stream_ack(struct stream_dir *s, uint32_t ack);
/* From inside (or outside) a data callback: do not deliver the next n bytes
 * after those already delivered; they count as skipped (a hole inside a
 * skipped range is not a gap). */
void stream_skip(struct stream_dir *s, uint64_t n);
/* The direction ended: delivers what can be delivered, declares the rest as
 * gaps, calls end(). Further segments are ignored (counted as retransmitted
 * if identical, else as conflicts). */
void stream_end(struct stream_dir *s, enum stream_end why);
const struct stream_stats *stream_stats(const struct stream_dir *s);
/* Next stream offset to deliver (bytes delivered + skipped + gap bytes). */
uint64_t stream_offset(const struct stream_dir *s);
void stream_free(struct stream_dir *s);
#endif
