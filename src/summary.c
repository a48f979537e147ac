/* summary.c - plain-text summary of one analysis. */
#include "config.h"
#include <pcap/pcap.h>
#include "summary.h"
#include "result.h"
#include "rules/rules.h"
#include "../dissectors/anomaly.h"

static void frames(FILE *out, const struct counter *c)
{
	unsigned i;

	fprintf(out, " (first:");
	for (i = 0; i < c->nfirst; i++)
		fprintf(out, " %u:%llu", c->first[i].capture, (unsigned long long)c->first[i].frame);
	fprintf(out, ")\n");
}

static const char *lt_name(uint32_t lt)
{
	const char *n = pcap_datalink_val_to_name(lt == 101 ? DLT_RAW : (int)lt);
	return n ? n : "unknown";
}

static void inputs(FILE *out, const struct engine_result *r)
{
	unsigned i, j;
	struct ts_fmt a, b;

	for (i = 0; i < r->nin; i++) {
		const struct input_result *in = &r->in[i];
		fprintf(out, "capture %u: %s\n", in->capture, in->path);
		if (in->unreadable) {
			fprintf(out, "  status: unreadable: %s\n", in->message);
			continue;
		}
		fprintf(out, "  format: %s, %llu bytes, sha256 %s\n",
			in->fmt == FMT_PCAPNG ? "pcapng" : "pcap", (unsigned long long)in->size,
			in->sha256);
		fprintf(out, "  frames: %llu, first %s, last %s\n", (unsigned long long)in->frames,
			pkt_ts_iso(in->first_ts, &a), pkt_ts_iso(in->last_ts, &b));
		fprintf(out, "  link types:");
		for (j = 0; j < in->rstats.nlinktypes; j++)
			fprintf(out, " %s(%u)", lt_name(in->rstats.linktypes[j]), in->rstats.linktypes[j]);
		fprintf(out, "\n");
		if (in->rstats.blocks_unknown || in->rstats.blocks_skipped || in->rstats.comments)
			fprintf(out, "  pcapng: %llu blocks skipped, %llu unknown blocks, %llu comments\n",
				(unsigned long long)in->rstats.blocks_skipped,
				(unsigned long long)in->rstats.blocks_unknown,
				(unsigned long long)in->rstats.comments);
		if (in->partial)
			fprintf(out, "  status: PARTIAL after frame %llu: %s\n",
				(unsigned long long)in->last_good_frame, in->message);
		else
			fprintf(out, "  status: complete\n");
	}
}

static void limitations(FILE *out, const struct engine_result *r)
{
	int any = 0;

	fprintf(out, "analysis limitations:\n");
	if (r->flows.evicted) {
		fprintf(out, "  flow_table_full: %llu flows finalised early (first at frame %llu)\n",
			(unsigned long long)r->flows.evicted, (unsigned long long)r->flows.first_evict_frame);
		any = 1;
	}
	if (r->flows.hist_truncated) {
		fprintf(out, "  history_truncated: %llu flows\n", (unsigned long long)r->flows.hist_truncated);
		any = 1;
	}
	if (r->clock.jumps_back || r->clock.jumps_forward) {
		fprintf(out, "  clock_jumps: %llu backwards, %llu far forward (first at frame %llu); ignored for expiry\n",
			(unsigned long long)r->clock.jumps_back, (unsigned long long)r->clock.jumps_forward,
			(unsigned long long)r->clock.first_jump_frame);
		any = 1;
	}
	if (r->bpf_not_applicable) {
		fprintf(out, "  bpf_not_applicable: %llu frames of link types the expression cannot match\n",
			(unsigned long long)r->bpf_not_applicable);
		any = 1;
	}
	if (r->cls.not_validated) {
		fprintf(out, "  ndpi_skipped_packets: %llu (cut, fragmented or malformed: not given to nDPI)\n",
			(unsigned long long)r->cls.not_validated);
		any = 1;
	}
	if (!any)
		fprintf(out, "  none\n");
}

/* "preflight: caveats (2 of 14 TCP flows flagged)" and one line per check
 * that is not good. */
static void preflight(FILE *out, const struct engine_result *r)
{
	struct pf_check c[PF_CHECKS];
	enum pf_level v = preflight_checks(r, c);
	unsigned i;

	fprintf(out, "preflight: %s (%llu of %llu TCP flows flagged)\n", preflight_level_names[v],
		(unsigned long long)r->preflight.flagged, (unsigned long long)r->preflight.tcp_flows);
	for (i = 0; i < PF_CHECKS; i++) {
		if (c[i].level == PF_OK)
			continue;
		if (c[i].unit[0])
			fprintf(out, "  %s: %.2f %s (%llu) [%s]", c[i].name, c[i].value, c[i].unit,
				(unsigned long long)c[i].count, preflight_level_names[c[i].level]);
		else
			fprintf(out, "  %s: %llu [%s]", c[i].name, (unsigned long long)c[i].count,
				preflight_level_names[c[i].level]);
		if (c[i].first.frame)
			fprintf(out, " first frame %u:%llu", c[i].first.capture,
				(unsigned long long)c[i].first.frame);
		fprintf(out, "; affects %s\n", c[i].affects);
	}
}

void summary_write(FILE *out, const struct engine_result *r, const struct engine_opts *o)
{
	int i;

	fprintf(out, "netrca %s analysis\n", PACKAGE_VERSION);
	inputs(out, r);
	fprintf(out, "packets: %llu read, %llu IP, %llu not IP",
		(unsigned long long)r->packets, (unsigned long long)r->ip_packets,
		(unsigned long long)r->non_ip);
	if (r->ip_unusable)
		fprintf(out, ", %llu with an unusable IP header", (unsigned long long)r->ip_unusable);
	if (o->bpf)
		fprintf(out, ", %llu filtered out by --bpf", (unsigned long long)r->filtered_out);
	fprintf(out, "\nflows: %llu (peak %llu in memory)\n", (unsigned long long)r->flows.created,
		(unsigned long long)r->flows.peak);
	fprintf(out, "conn_state:");
	for (i = 0; i < CS_COUNT; i++)
		if (r->conn_states[i])
			fprintf(out, " %s=%llu", engine_conn_state_names[i],
				(unsigned long long)r->conn_states[i]);
	fprintf(out, "\n");
	if (r->icmp_joined.count || r->icmp_unjoined.count)
		fprintf(out, "icmp errors: %llu joined to their flow, %llu quoting no known flow\n",
			(unsigned long long)r->icmp_joined.count, (unsigned long long)r->icmp_unjoined.count);
	if (r->echo.requests || r->echo.replies) {
		fprintf(out, "icmp echo: %llu requests, %llu answered, %llu unanswered",
			(unsigned long long)r->echo.requests, (unsigned long long)r->echo.answered,
			(unsigned long long)r->echo.unanswered.count);
		if (r->echo.unanswered.nfirst)
			fprintf(out, " (first at frame %llu)", (unsigned long long)r->echo.unanswered.first[0].frame);
		fprintf(out, ", %llu replies to no request seen\n", (unsigned long long)r->echo.unsolicited.count);
	}
	for (i = 0; i < (int)r->pmtu.n; i++) {
		char a[64], b[64];
		const struct path_mtu *m = &r->pmtu.path[i];
		fprintf(out, "path mtu: %s ", ip_addr_str(&m->dst, a, sizeof(a)));
		if (m->mtu)
			fprintf(out, "%u", m->mtu);
		else
			fprintf(out, "(no value)");
		fprintf(out, " reported by %s at frame %llu (%llu report%s)\n", ip_addr_str(&m->router, b, sizeof(b)),
			(unsigned long long)m->frame.frame, (unsigned long long)m->reports, m->reports == 1 ? "" : "s");
	}
	if (r->frag.fragments)
		fprintf(out, "ip fragments: %llu fragments, %llu datagrams reassembled, %llu never completed\n",
			(unsigned long long)r->frag.fragments, (unsigned long long)r->frag.completed,
			(unsigned long long)r->frag.incomplete);
	preflight(out, r);
	fprintf(out, "anomalies:\n");
	for (i = 0; i < AN_COUNT; i++) {
		if (!r->anomalies[i].count)
			continue;
		fprintf(out, "  %s%s: %llu", anomaly_name((enum anomaly)i),
			anomaly_is_malformed((enum anomaly)i) ? " [malformed]" : "",
			(unsigned long long)r->anomalies[i].count);
		frames(out, &r->anomalies[i]);
	}
	limitations(out, r);
}

/* "1795695548.056822000" (frame.time_epoch) into buf */
static const char *epoch(int64_t ts, char *buf, size_t n)
{
	int64_t sec = ts / 1000000000LL, ns = ts % 1000000000LL;

	if (ns < 0) {
		ns += 1000000000LL;
		sec--;
	}
	snprintf(buf, n, "%lld.%09lld", (long long)sec, (long long)ns);
	return buf;
}

/* "+4.621511000" (frame.time_relative) into buf */
static const char *rel(int64_t ns, char *buf, size_t n)
{
	snprintf(buf, n, "%s%lld.%09lld", ns < 0 ? "-" : "+", (long long)(ns < 0 ? -ns : ns) / 1000000000LL,
		 (long long)(ns < 0 ? -ns : ns) % 1000000000LL);
	return buf;
}

void summary_verdict(FILE *out, const struct analysis *a)
{
	struct verdict v;
	char line[1400];
	unsigned i;

	verdict_build(a->findings, &v);
	if (!v.n) {
		fprintf(out, "%s\n", verdict_none(a, &v, line, sizeof(line)));
	} else {
		fprintf(out, "verdict:\n");
		for (i = 0; i < v.n; i++)
			fprintf(out, "  %s\n", verdict_line(a, &v, i, line, sizeof(line)));
		if (v.classes_over)
			fprintf(out, "  (%u more incident classes; see the findings)\n", v.classes_over);
		if (v.notes)
			fprintf(out, "  (and %u low or info finding%s)\n", v.notes, v.notes == 1 ? "" : "s");
	}
	if (a->apps && a->apps->n) {
		fprintf(out, "not examined:");
		for (i = 0; i < a->apps->n; i++)
			fprintf(out, "%s %s %llu flow%s", i ? "," : "", a->apps->v[i].name,
				(unsigned long long)a->apps->v[i].flows, a->apps->v[i].flows == 1 ? "" : "s");
		if (a->apps->other_flows)
			fprintf(out, ", other protocols %llu flows", (unsigned long long)a->apps->other_flows);
		fprintf(out, " (named by nDPI; netrca does not analyse these application protocols yet)\n");
	}
}

static void finding_block(FILE *out, const struct analysis *a, unsigned idx)
{
	const struct findings *fs = a->findings;
	const struct finding *f = &fs->v[idx];
	unsigned j, c, depth = findings_depth(fs, idx);
	char ind[40], filter[FINDING_MAX_EVIDENCE * 28 + 8], t1[48], t2[48], e1[32], e2[32], r1[32], r2[32];

	snprintf(ind, sizeof(ind), "%*s", (int)(2 + 4 * (depth < 6 ? depth : 6)), "");
	if (f->cause)
		fprintf(out, "%sconsequence of F%u: [%s] F%u %u %s v%u: %s\n", ind, f->cause,
			severity_names[f->severity], idx + 1, f->rule->id, f->rule->slug, f->rule->version,
			f->group);
	else
		fprintf(out, "%s[%s] F%u %u %s v%u: %s\n", ind, severity_names[f->severity], idx + 1, f->rule->id,
			f->rule->slug, f->rule->version, f->group);
	fprintf(out, "%s  %s\n", ind, f->verdict);
	if (f->has_times) {
		const struct frame_ref *l = f->ev_last.frame ? &f->ev_last : &f->ev[f->nev - 1];
		fprintf(out, "%s  time: %s to %s (epoch %s to %s; %s s to %s s into capture %u)\n", ind,
			pkt_ts_utc(f->first_ts, 9, t1, sizeof(t1)), pkt_ts_utc(f->last_ts, 9, t2, sizeof(t2)),
			epoch(f->first_ts, e1, sizeof(e1)), epoch(f->last_ts, e2, sizeof(e2)),
			rel(f->first_rel, r1, sizeof(r1)), rel(f->last_rel, r2, sizeof(r2)), l->capture);
	}
	fprintf(out, "%s  evidence: %u of %llu frames (%s)", ind, f->nev, (unsigned long long)f->ev_total,
		finding_span(f, a->er ? (int)a->er->nin : 1, t1, sizeof(t1)));
	fprintf(out, "; flows:");
	for (j = 0; j < f->nflows; j++)
		fprintf(out, " %s", f->flows[j]);
	if (f->flows_total > f->nflows)
		fprintf(out, " (+%llu)", (unsigned long long)(f->flows_total - f->nflows));
	fprintf(out, "\n");
	for (c = 0; f->nev && c <= f->ev[f->nev - 1].capture; c++)
		if (finding_filter(f, c, filter, sizeof(filter)))
			fprintf(out, "%s  filter (capture %u): %s\n", ind, c, filter);
}

void summary_findings(FILE *out, const struct analysis *a, unsigned limit, const char *rest)
{
	const struct findings *fs = a->findings;
	struct verdict v;
	unsigned i, roots = 0, shown = 0, s;
	int first = 1;

	verdict_build(fs, &v);
	fprintf(out, "findings: %u", fs->n);
	if (fs->n) {
		fprintf(out, " (%u root cause%s:", v.roots, v.roots == 1 ? "" : "s");
		for (s = SEV_COUNT; s-- > 0;)
			if (v.roots_by_sev[s]) {
				fprintf(out, "%s %u %s", first ? "" : ",", v.roots_by_sev[s], severity_names[s]);
				first = 0;
			}
		if (v.consequences)
			fprintf(out, "; %u consequence%s shown under %s cause", v.consequences,
				v.consequences == 1 ? "" : "s", v.consequences == 1 ? "its" : "their");
		fprintf(out, ")");
	}
	if (fs->dropped)
		fprintf(out, " (+%llu not kept: cap reached)", (unsigned long long)fs->dropped);
	fprintf(out, "\n");
	for (i = 0; i < fs->n; i++) {
		if (!fs->v[i].cause && limit && roots == limit)
			break;
		roots += !fs->v[i].cause;
		shown++;
		finding_block(out, a, i);
	}
	if (shown < fs->n)
		fprintf(out, "  ... %u more finding%s (%u root cause%s) in %s; -v shows all\n", fs->n - shown,
			fs->n - shown == 1 ? "" : "s", v.roots - roots, v.roots - roots == 1 ? "" : "s",
			rest ? rest : "summary.txt");
}
