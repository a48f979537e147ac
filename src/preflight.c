/* preflight.c - capture quality checks and verdict (see preflight.h). */
#include <stdio.h>
#include <string.h>
#include "preflight.h"
#include "engine.h"
#include "flow.h"
#include "tcp.h"

const char *const preflight_level_names[3] = { "good", "caveats", "unreliable" };

static const char *const flag_names[PFF_COUNT] = {
	"one_sided", "acked_unseen", "duplicates", "offload", "snaplen_cut"
};

/* Bytes the receivers acknowledged that this capture never saw, on a flow
 * whose start was captured: a connection picked up mid-stream acknowledges
 * data from before the capture, and a challenge ACK on a reused 4-tuple the
 * old connection's data; neither is a capture drop.  Capped by the sender's
 * own sequence gaps, as in the capture_drops rule. */
uint64_t preflight_unseen_bytes(const struct flow *f)
{
	uint64_t sum = 0;
	int dir;

	if (!f->tcp || !f->syn_pkts || f->reuse)
		return 0;
	for (dir = 0; dir < 2; dir++) {
		const struct tcp_dir_stats *s = &f->tcp->d[dir].st;
		uint64_t missed = f->d[!dir].missed;
		if (s->acked_unseen)
			sum += missed < s->acked_unseen_bytes ? missed : s->acked_unseen_bytes;
	}
	return sum;
}

static int one_sided(const struct flow *f)
{
	uint64_t pkts = f->d[0].pkts + f->d[1].pkts;

	/* an unanswered SYN (or its retries) is an attempt, not a blind spot */
	return (!f->d[0].pkts || !f->d[1].pkts) && pkts > f->syn_pkts;
}

/* The flags of one TCP flow; unseen = preflight_unseen_bytes(f). */
static unsigned flow_flags(const struct flow *f, uint64_t unseen)
{
	unsigned fl = 0;
	int dir;

	if (one_sided(f))
		fl |= PFF_ONE_SIDED;
	if (unseen)
		fl |= PFF_ACKED_UNSEEN;
	for (dir = 0; dir < 2; dir++) {
		if (f->dx[dir].cap_dups)
			fl |= PFF_DUPLICATES;
		if (f->dx[dir].super_segs)
			fl |= PFF_OFFLOAD;
		if (f->dx[dir].cut_pkts)
			fl |= PFF_SNAPLEN_CUT;
	}
	return fl;
}

const char *preflight_flag_names(unsigned flags, char *buf, size_t n)
{
	size_t len = 0;
	unsigned i;

	if (!n)
		return buf;
	buf[0] = 0;
	for (i = 0; i < PFF_COUNT; i++) {
		int w;
		if (!(flags & (1u << i)))
			continue;
		w = snprintf(buf + len, n - len, "%s%s", len ? "," : "", flag_names[i]);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	if (!len)
		snprintf(buf, n, "-");
	return buf;
}

/* a before b (b unset when first is set) */
static int earlier(const struct frame_ref *a, const struct frame_ref *b, int first)
{
	return first || a->capture < b->capture || (a->capture == b->capture && a->frame < b->frame);
}

unsigned preflight_flow(struct preflight *p, const struct flow *f)
{
	uint64_t unseen;
	unsigned fl;
	int dir;

	if (f->l4 != L4_TCP)
		return 0;
	unseen = preflight_unseen_bytes(f);
	fl = flow_flags(f, unseen);
	p->tcp_flows++;
	if (fl & PFF_ONE_SIDED) {
		const struct flow_dir *d = f->d[0].pkts ? &f->d[0] : &f->d[1];
		struct frame_ref r = { d->first_capture, d->first_frame };
		if (earlier(&r, &p->one_sided_first, p->one_sided == 0))
			p->one_sided_first = r;
		p->one_sided++;
	}
	if (fl)
		p->flagged++;
	if (f->tcp)
		for (dir = 0; dir < 2; dir++)
			p->tcp_payload += f->tcp->d[dir].st.data_bytes;
	if (fl & PFF_ACKED_UNSEEN)
		for (dir = 0; dir < 2; dir++) {
			const struct tcp_dir_stats *s = &f->tcp->d[dir].st;
			if (s->acked_unseen && earlier(&s->acked_unseen_frames[0], &p->acked_unseen_first,
						       p->acked_unseen_bytes == 0))
				p->acked_unseen_first = s->acked_unseen_frames[0];
		}
	p->acked_unseen_bytes += unseen;
	return fl;
}

static void check(struct pf_check *c, const char *name, double value, const char *unit, uint64_t count,
		  double caveat, double unreliable, const struct frame_ref *first, const char *affects)
{
	c->name = name;
	c->value = value;
	c->unit = unit;
	c->count = count;
	c->caveat = caveat;
	c->unreliable = unreliable;
	c->level = unreliable >= 0 && value >= unreliable ? PF_UNRELIABLE : value > caveat ? PF_CAVEAT : PF_OK;
	c->affects = affects;
	memset(&c->first, 0, sizeof(c->first));
	if (first && count)
		c->first = *first;
}

/*
 * The thresholds.  Data the capture missed undermines loss verdicts once it
 * is as large as the loss rates they cite (the module's cross-region incident
 * is 0.8 %): from 1 % the capture cannot judge loss.  When half the TCP flows
 * show one direction only, the capture point sees one leg of an asymmetric
 * path (or a one-way SPAN) and two-sided verdicts (RTT, handshake, resets)
 * are out of reach.  Duplicates, offload, snaplen cuts and clock jumps are
 * handled (counted apart, ignored for timing) and stay caveats.
 */
enum pf_level preflight_checks(const struct engine_result *r, struct pf_check out[PF_CHECKS])
{
	const struct preflight *p = &r->preflight;
	double unseen = p->tcp_payload + p->acked_unseen_bytes
		? 100.0 * (double)p->acked_unseen_bytes / (double)(p->tcp_payload + p->acked_unseen_bytes) : 0;
	double sided = p->tcp_flows ? 100.0 * (double)p->one_sided / (double)p->tcp_flows : 0;
	const struct counter *an = r->anomalies;
	struct frame_ref jump = { 0, r->clock.first_jump_frame };
	enum pf_level worst = PF_OK;
	uint64_t unreadable = 0, partial = 0;
	struct frame_ref cut = { 0, 0 };
	unsigned i;

	for (i = 0; i < r->nin; i++) {
		unreadable += r->in[i].unreadable != 0;
		if (r->in[i].partial && !partial++) {
			cut.capture = r->in[i].capture;
			cut.frame = r->in[i].last_good_frame;
		}
	}

	check(&out[0], "acked_unseen_share", unseen, "%", p->acked_unseen_bytes, 0, 1.0, &p->acked_unseen_first,
	      "loss and retransmission verdicts: the capture itself dropped packets");
	check(&out[1], "one_sided_flows", sided, "%", p->one_sided, 0, 50.0, &p->one_sided_first,
	      "RTT, handshake and reset verdicts: one direction passes elsewhere (asymmetric path, one-way SPAN)");
	check(&out[2], "capture_duplicates", (double)an[AN_CAPTURE_DUPLICATE].count, "",
	      an[AN_CAPTURE_DUPLICATE].count, 0, -1, &an[AN_CAPTURE_DUPLICATE].first[0],
	      "packet and byte counts: the twins are counted in the flow but analysed once");
	check(&out[3], "offload_segments", (double)an[AN_TCP_SUPER_SEGMENT].count, "",
	      an[AN_TCP_SUPER_SEGMENT].count, 0, -1, &an[AN_TCP_SUPER_SEGMENT].first[0],
	      "segment sizes and MTU verdicts: captured on a host with segmentation offload");
	check(&out[4], "snaplen_cut", (double)an[AN_SNAPLEN_CUT].count, "",
	      an[AN_SNAPLEN_CUT].count, 0, -1, &an[AN_SNAPLEN_CUT].first[0],
	      "application-layer verdicts: payloads were cut by the snapshot length");
	check(&out[5], "clock_jumps", (double)(r->clock.jumps_back + r->clock.jumps_forward), "",
	      r->clock.jumps_back + r->clock.jumps_forward, 0, -1, &jump,
	      "timing verdicts near the jump: timestamps went backwards or far forward");
	/* an input that could not be read at all was not looked at: whatever
	 * the rest shows, this capture is never "good" */
	check(&out[6], "inputs_unreadable", (double)unreadable, "", unreadable, 0, 1, NULL,
	      "every verdict: an input could not be read at all, its traffic was not examined");
	check(&out[7], "inputs_partial", (double)partial, "", partial, 0, -1, &cut,
	      "every verdict after the last good frame: the input is damaged or cut short there");
	for (i = 0; i < PF_CHECKS; i++)
		if (out[i].level > worst)
			worst = out[i].level;
	return worst;
}
