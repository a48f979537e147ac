/*
 * eval.c - the detector registry and the rule evaluator.  Each rule of the
 * pack gets its own detector instance; observations are dispatched by type
 * to the rules whose detector consumes it; at the end every detector emits
 * its findings, which are sorted for a deterministic report.
 */
#include <stdlib.h>
#include <string.h>
#include "rules.h"

const char *const obs_attempt_outcome_names[ATT_OUTCOME_COUNT] = {
	"answered", "unanswered", "refused_rst", "refused_icmp"
};

extern const struct detector_def detect_capture_drops;
extern const struct detector_def detect_pmtud_black_hole;
extern const struct detector_def detect_pmtud_icmp_ignored;
extern const struct detector_def detect_pmtud_worked_around;
extern const struct detector_def detect_pmtud_adapted;
extern const struct detector_def detect_ip_fragmentation;
extern const struct detector_def detect_mss_exceeds_path;
extern const struct detector_def detect_frag_overlap;
extern const struct detector_def detect_tls_black_hole;
extern const struct detector_def detect_syn_unanswered;
extern const struct detector_def detect_connection_refused;
extern const struct detector_def detect_synack_lost;
extern const struct detector_def detect_retrans_burst;
extern const struct detector_def detect_loss_rate;
extern const struct detector_def detect_syn_flood;
extern const struct detector_def detect_asym_path;
extern const struct detector_def detect_one_sided;
extern const struct detector_def detect_zero_window_stall;
extern const struct detector_def detect_reset_early;
extern const struct detector_def detect_reset_idle;
extern const struct detector_def detect_reset_injected;
extern const struct detector_def detect_port_reuse;
extern const struct detector_def detect_window_limited;
extern const struct detector_def detect_path_change;

static const struct detector_def *const detect_table[] = {
	&detect_capture_drops,
	&detect_pmtud_black_hole,
	&detect_pmtud_icmp_ignored,
	&detect_pmtud_worked_around,
	&detect_pmtud_adapted,
	&detect_ip_fragmentation,
	&detect_mss_exceeds_path,
	&detect_frag_overlap,
	&detect_tls_black_hole,
	&detect_syn_unanswered,
	&detect_connection_refused,
	&detect_synack_lost,
	&detect_retrans_burst,
	&detect_loss_rate,
	&detect_syn_flood,
	&detect_zero_window_stall,
	&detect_one_sided,
	&detect_asym_path,
	&detect_reset_early,
	&detect_reset_idle,
	&detect_reset_injected,
	&detect_port_reuse,
	&detect_window_limited,
	&detect_path_change,
};

const struct detector_def *detector_find(const char *slug)
{
	size_t i;
	for (i = 0; i < sizeof(detect_table) / sizeof(detect_table[0]); i++)
		if (!strcmp(detect_table[i]->slug, slug))
			return detect_table[i];
	return NULL;
}

const struct detector_def *const *detector_all(unsigned *n)
{
	*n = (unsigned)(sizeof(detect_table) / sizeof(detect_table[0]));
	return detect_table;
}

struct evaluator {
	const struct rulepack *pack;
	struct detect_ctx *ctx;   /* one per rule */
	void **state;             /* one per rule */
};

struct evaluator *eval_new(const struct rulepack *pack, const struct site *site)
{
	struct evaluator *e = calloc(1, sizeof(*e));
	unsigned i;

	if (!e)
		return NULL;
	e->pack = pack;
	e->ctx = calloc(pack->n ? pack->n : 1, sizeof(*e->ctx));
	e->state = calloc(pack->n ? pack->n : 1, sizeof(*e->state));
	if (!e->ctx || !e->state) {
		eval_free(e);
		return NULL;
	}
	for (i = 0; i < pack->n; i++) {
		e->ctx[i].rule = &pack->rules[i];
		e->ctx[i].site = site;
		e->state[i] = pack->rules[i].det->create(&e->ctx[i]);
		if (!e->state[i]) {
			eval_free(e);
			return NULL;
		}
	}
	return e;
}

void eval_obs(void *arg, const struct obs *o)
{
	struct evaluator *e = arg;
	unsigned i;

	for (i = 0; i < e->pack->n; i++)
		if (e->pack->rules[i].det->consumes & (1u << o->type))
			e->pack->rules[i].det->on_obs(e->state[i], o);
}

void eval_finish(struct evaluator *e, int64_t end_ts, struct findings *out)
{
	unsigned i;

	for (i = 0; i < e->pack->n; i++)
		e->pack->rules[i].det->finish(e->state[i], end_ts, out);
	findings_sort(out);
}

void eval_free(struct evaluator *e)
{
	unsigned i;

	if (!e)
		return;
	for (i = 0; e->state && i < e->pack->n; i++)
		if (e->state[i])
			e->pack->rules[i].det->destroy(e->state[i]);
	free(e->state);
	free(e->ctx);
	free(e);
}
