/*
 * preflight.h - capture quality, judged before any loss verdict: can this
 * capture be trusted, and where can it not?  One verdict for the whole
 * capture (good, caveats, unreliable) from named checks with their values
 * and thresholds, and per TCP flow a set of quality flags (tcp.log "quality").
 *
 * Fed once per finalised flow (preflight_flow) and read at the end with the
 * engine-wide counters (capture duplicates, offload, snaplen cuts, clock
 * jumps).  Bounded: counters only.
 */
#ifndef NETRCA_PREFLIGHT_H
#define NETRCA_PREFLIGHT_H
#include <stddef.h>
#include <stdint.h>
#include "stats.h"

struct flow;
struct engine_result;

/* Per-flow quality flags. */
enum {
	PFF_ONE_SIDED = 1u << 0,     /* only one direction seen (not a bare SYN attempt) */
	PFF_ACKED_UNSEEN = 1u << 1,  /* data acknowledged that this capture never saw */
	PFF_DUPLICATES = 1u << 2,    /* packets recorded twice (counted once) */
	PFF_OFFLOAD = 1u << 3,       /* segments larger than the receiver's MSS */
	PFF_SNAPLEN_CUT = 1u << 4,   /* packets cut by the snapshot length */
};
#define PFF_COUNT 5

struct preflight {
	uint64_t tcp_flows;          /* TCP flows finalised */
	uint64_t one_sided;          /* ... seen in one direction only */
	struct frame_ref one_sided_first;
	uint64_t flagged;            /* TCP flows with any flag */
	uint64_t tcp_payload;        /* TCP payload bytes seen, both directions */
	uint64_t acked_unseen_bytes; /* bytes receivers acknowledged that were never seen */
	struct frame_ref acked_unseen_first; /* the first ACK past unseen data */
};

enum pf_level { PF_OK = 0, PF_CAVEAT, PF_UNRELIABLE };
extern const char *const preflight_level_names[3];   /* "good", "caveats", "unreliable" */

struct pf_check {
	const char *name;            /* e.g. "acked_unseen_share" */
	double value;
	const char *unit;            /* "", "%" */
	uint64_t count;              /* the events behind the value */
	double caveat;               /* value > caveat: caveat */
	double unreliable;           /* value >= unreliable: unreliable (< 0: never) */
	enum pf_level level;
	struct frame_ref first;      /* first frame (frame 0: none) */
	const char *affects;         /* which verdicts to read with care */
};
#define PF_CHECKS 8

/* Bytes the receivers acknowledged that this capture never saw, on a flow
 * whose start was captured (0 for mid-stream flows and reused 4-tuples). */
uint64_t preflight_unseen_bytes(const struct flow *f);
/* "one_sided,acked_unseen" or "-" into buf. */
const char *preflight_flag_names(unsigned flags, char *buf, size_t n);
/* Accounts one finalised flow; returns its flags (0 for non-TCP flows). */
unsigned preflight_flow(struct preflight *p, const struct flow *f);
/* The checks (PF_CHECKS of them, in a fixed order) and the overall verdict. */
enum pf_level preflight_checks(const struct engine_result *r, struct pf_check out[PF_CHECKS]);
#endif
