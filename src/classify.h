/*
 * classify.h - application protocol of a flow, via nDPI.  This adapter is
 * the only code that includes nDPI headers; nDPI 4.2 has known parser bugs, so
 * it sees only validated, fully captured IP packets that carry payload (a
 * segment without payload tells its dissectors nothing: on the bench's
 * mixed capture leaving them out took a quarter of the calls away and
 * changed no result), at most CLASSIFY_MAX_PKTS of them per flow, length clamped to
 * 65535, with the capture time in ms.  Its per-flow state is freed as soon
 * as detection ends, or at flow end after a give-up.  Risks are hints only.
 */
#ifndef NETRCA_CLASSIFY_H
#define NETRCA_CLASSIFY_H
#include <stdint.h>
#include "flow.h"

/* "The first few payload packets": 10 (24 before).  A flow nDPI cannot name
 * costs it a pass of every dissector per packet; with 10, 60,000 fewer calls
 * on the bench's mixed capture and no result changed there or on any
 * fixture (a TLS 1.2 server flight with its certificate chain takes 3 to 5). */
#define CLASSIFY_MAX_PKTS 10

struct classifier;

/* Returns an owned classifier, or NULL if nDPI could not be initialised. */
struct classifier *classify_new(void);
void classify_free(struct classifier *c);

/*
 * Two halves, for the engine's two stages (src/handoff.h).  The packet stage
 * asks classify_offer whether a packet of f goes to nDPI: CLS_NO, CLS_FEED
 * (its IP bytes are *ip, *len: copy them for classify_feed) or CLS_INVALID
 * (not validated: classify_not_validated counts it).  The finishing stage
 * then calls classify_feed / classify_not_validated in the same order.  The
 * offer reads only f->cls_offered (packet stage) and f->cls_done (set by the
 * finishing stage when detection ends, read relaxed: a packet offered after
 * that is ignored by classify_feed, so the result never depends on timing).
 */
enum cls_offer { CLS_NO = 0, CLS_FEED, CLS_INVALID };
enum cls_offer classify_offer(struct flow *f, const struct packet *p, const struct decoded *d,
			      const uint8_t **ip, uint32_t *len);
void classify_feed(struct classifier *c, struct flow *f, const uint8_t *ip, uint32_t len,
		   int64_t ts_ns);
void classify_not_validated(struct classifier *c, struct flow *f);
/* Ends detection for f (give-up if needed) and frees its nDPI state. */
void classify_flow_end(struct classifier *c, struct flow *f);
/* Protocol name of f into buf ("TLS", "DNS", "HTTP.Google"...), "" if unknown. */
const char *classify_name(struct classifier *c, const struct flow *f, char *buf, size_t n);
/* nDPI library version string. */
const char *classify_version(void);

struct classify_stats {
	uint64_t flows_fed, packets_fed, detected, gave_up, not_validated;
};
const struct classify_stats *classify_stats(const struct classifier *c);
#endif
