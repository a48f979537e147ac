/* result.c - findings, evidence and top-flow bookkeeping (see result.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "result.h"
#include "rules/rules.h"
#include "frametime.h"

const char *const severity_names[SEV_COUNT] = { "info", "low", "medium", "high", "critical" };

int severity_parse(const char *s)
{
	int i;
	for (i = 0; i < SEV_COUNT; i++)
		if (strcmp(s, severity_names[i]) == 0)
			return i;
	return -1;
}

/* Keeps the earliest FINDING_MAX_EVIDENCE frames (observations arrive in
 * the order flows end, not in frame order), counts every one. */
static void add_ev(struct frame_ref *ev, unsigned *nev, uint64_t *total, struct frame_ref *last,
		   uint32_t capture, uint64_t frame)
{
	unsigned i, worst = 0;

	if (frame == 0)
		return;
	for (i = 0; i < *nev; i++)
		if (ev[i].capture == capture && ev[i].frame == frame)
			return;
	(*total)++;
	if (!last->frame || capture > last->capture || (capture == last->capture && frame > last->frame)) {
		last->capture = capture;
		last->frame = frame;
	}
	if (*nev < FINDING_MAX_EVIDENCE) {
		ev[*nev].capture = capture;
		ev[*nev].frame = frame;
		(*nev)++;
		return;
	}
	for (i = 1; i < *nev; i++)
		if (ev[i].capture > ev[worst].capture ||
		    (ev[i].capture == ev[worst].capture && ev[i].frame > ev[worst].frame))
			worst = i;
	if (capture < ev[worst].capture || (capture == ev[worst].capture && frame < ev[worst].frame)) {
		ev[worst].capture = capture;
		ev[worst].frame = frame;
	}
}

static void add_flow(char (*flows)[24], unsigned *n, uint64_t *total, const char *uid)
{
	(*total)++;
	if (*n < FINDING_MAX_FLOWS)
		snprintf(flows[(*n)++], 24, "%s", uid);
}

void finding_add_ev(struct finding *f, uint32_t capture, uint64_t frame)
{
	add_ev(f->ev, &f->nev, &f->ev_total, &f->ev_last, capture, frame);
}

void finding_add_flow(struct finding *f, const char *uid)
{
	add_flow(f->flows, &f->nflows, &f->flows_total, uid);
}

void evidence_add_ev(struct evidence *e, uint32_t capture, uint64_t frame)
{
	add_ev(e->ev, &e->nev, &e->ev_total, &e->ev_last, capture, frame);
}

void evidence_add_flow(struct evidence *e, const char *uid)
{
	add_flow(e->flows, &e->nflows, &e->flows_total, uid);
}

void finding_from_evidence(struct finding *f, const struct evidence *ev)
{
	memset(f, 0, sizeof(*f));
	memcpy(f->ev, ev->ev, sizeof(f->ev));
	f->nev = ev->nev;
	f->ev_total = ev->ev_total;
	f->ev_last = ev->ev_last;
	memcpy(f->flows, ev->flows, sizeof(f->flows));
	f->nflows = ev->nflows;
	f->flows_total = ev->flows_total;
}

void finding_add_metric(struct finding *f, const char *name, double value, const char *op,
			double threshold, const char *unit)
{
	struct metric *m;

	if (f->nm == FINDING_MAX_METRICS)
		return;
	m = &f->m[f->nm++];
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->value = value;
	if (op) {
		m->has_threshold = 1;
		snprintf(m->op, sizeof(m->op), "%s", op);
		m->threshold = threshold;
	}
	snprintf(m->unit, sizeof(m->unit), "%s", unit ? unit : "");
}

void finding_add_info(struct finding *f, const char *name, double value, const char *unit)
{
	finding_add_metric(f, name, value, NULL, 0, unit);
}

static int ref_cmp(const void *a, const void *b)
{
	const struct frame_ref *x = a, *y = b;
	if (x->capture != y->capture)
		return x->capture < y->capture ? -1 : 1;
	return x->frame < y->frame ? -1 : x->frame > y->frame;
}

/* Appends an element ("3", "3..6") to the set in buf at *o; 0, or -1 when
 * it does not fit. */
static int put_el(char *buf, size_t n, size_t *o, int first, uint64_t a, uint64_t b)
{
	int w = a == b ? snprintf(buf + *o, n - *o, "%s%llu", first ? "" : ", ", (unsigned long long)a)
		       : snprintf(buf + *o, n - *o, "%s%llu..%llu", first ? "" : ", ", (unsigned long long)a,
				  (unsigned long long)b);

	if (w < 0 || (size_t)w >= n - *o)
		return -1;
	*o += (size_t)w;
	return 0;
}

/* Wireshark's set syntax (4.0 and later): runs of three or more consecutive
 * frames are ranges, elements are separated by ", ".  A filter that would
 * not fit is left empty (the count still says how many frames it holds),
 * never cut into one that selects fewer frames. */
unsigned finding_filter(const struct finding *f, uint32_t capture, char *buf, size_t n)
{
	static const char head[] = "frame.number in {";
	struct frame_ref refs[FINDING_MAX_EVIDENCE];
	unsigned i, j, k = 0;
	size_t o = sizeof(head) - 1;
	int ok = n > o + 1;

	if (!n)
		return 0;
	memcpy(refs, f->ev, f->nev * sizeof(refs[0]));
	qsort(refs, f->nev, sizeof(refs[0]), ref_cmp);
	if (ok)
		memcpy(buf, head, o);
	for (i = 0; i < f->nev; i = j) {
		j = i + 1;
		if (refs[i].capture != capture)
			continue;
		while (j < f->nev && refs[j].capture == capture && refs[j].frame == refs[j - 1].frame + 1)
			j++;
		if (j - i < 3)
			j = i + 1;      /* one or two in a row: listed one by one */
		if (ok)
			ok = put_el(buf, n, &o, k == 0, refs[i].frame, refs[j - 1].frame) == 0;
		k += j - i;
	}
	if (ok && k && o + 2 <= n) {
		buf[o++] = '}';
		buf[o] = 0;
	} else {
		buf[0] = 0;
	}
	return k;
}

int findings_add(struct findings *fs, const struct finding *f)
{
	if (fs->n >= FINDINGS_MAX + FINDINGS_SLACK)
		findings_sort(fs);   /* back to the FINDINGS_MAX most important */
	if (fs->n == fs->cap) {
		unsigned nc = fs->cap ? fs->cap * 2 : 16;
		struct finding *nv = realloc(fs->v, nc * sizeof(*nv));
		if (!nv) {
			fs->dropped++;
			return -1;
		}
		fs->v = nv;
		fs->cap = nc;
	}
	fs->v[fs->n] = *f;
	qsort(fs->v[fs->n].ev, fs->v[fs->n].nev, sizeof(struct frame_ref), ref_cmp);
	fs->n++;
	return 0;
}

static int finding_cmp(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	struct frame_ref none = { UINT32_MAX, UINT64_MAX };
	const struct frame_ref *fx = x->nev ? &x->ev[0] : &none, *fy = y->nev ? &y->ev[0] : &none;
	int c;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	c = ref_cmp(fx, fy);
	if (c)
		return c;
	if (x->rule->id != y->rule->id)
		return x->rule->id < y->rule->id ? -1 : 1;
	return strcmp(x->group, y->group);
}

void findings_sort(struct findings *fs)
{
	if (fs->n > 1)
		qsort(fs->v, fs->n, sizeof(*fs->v), finding_cmp);
	if (fs->n > FINDINGS_MAX) {
		fs->dropped += fs->n - FINDINGS_MAX;
		fs->n = FINDINGS_MAX;
	}
}

void findings_free(struct findings *fs)
{
	free(fs->v);
	memset(fs, 0, sizeof(*fs));
}

static uint64_t tf_bytes(const struct top_flow *f)
{
	return f->orig_bytes + f->resp_bytes;
}

/* Larger bytes first; equal bytes: lexically smaller uid first. */
static int tf_better(const struct top_flow *a, const struct top_flow *b)
{
	if (tf_bytes(a) != tf_bytes(b))
		return tf_bytes(a) > tf_bytes(b);
	return strcmp(a->uid, b->uid) < 0;
}

/* The least of a full list (found again only after it changed). */
static const struct top_flow *tf_worst(struct top_flows *t)
{
	unsigned i;

	if (!t->worst_ok) {
		t->worst = 0;
		for (i = 1; i < t->n; i++)
			if (tf_better(&t->v[t->worst], &t->v[i]))
				t->worst = i;
		t->worst_ok = 1;
	}
	return &t->v[t->worst];
}

int top_flows_skip(struct top_flows *t, uint64_t bytes, const char *uid)
{
	const struct top_flow *w;

	if (t->n < TOP_FLOWS)
		return 0;
	w = tf_worst(t);
	/* tf_better(flow, worst) without the flow's other columns */
	if (bytes > tf_bytes(w) || (bytes == tf_bytes(w) && strcmp(uid, w->uid) < 0))
		return 0;
	t->total_flows++;
	t->total_bytes += bytes;
	return 1;
}

void top_flows_offer(struct top_flows *t, const struct top_flow *f)
{
	t->total_flows++;
	t->total_bytes += tf_bytes(f);
	if (t->n < TOP_FLOWS) {
		t->v[t->n++] = *f;
		t->worst_ok = 0;
		return;
	}
	if (tf_better(f, tf_worst(t))) {
		t->v[t->worst] = *f;
		t->worst_ok = 0;
	}
}

static int tf_cmp(const void *a, const void *b)
{
	return tf_better(a, b) ? -1 : tf_better(b, a) ? 1 : 0;
}

void top_flows_sort(struct top_flows *t)
{
	qsort(t->v, t->n, sizeof(t->v[0]), tf_cmp);
	t->worst_ok = 0;
}

/* ---- causes and consequences --------------------------------------- */

struct cause_key {
	const char *uid;          /* borrowed from the finding */
	unsigned idx;             /* the finding */
};

static int cause_key_cmp(const void *a, const void *b)
{
	const struct cause_key *x = a, *y = b;
	int c = strcmp(x->uid, y->uid);

	return c ? c : x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Whether following j's causes reaches i (linking i to j would loop). */
static int leads_to(const struct findings *fs, unsigned j, unsigned i)
{
	unsigned steps;

	for (steps = 0; steps <= fs->n; steps++) {
		if (j == i)
			return 1;
		if (!fs->v[j].cause)
			return 0;
		j = fs->v[j].cause - 1;
	}
	return 1;   /* cannot happen: links never form a loop */
}

/* Position of rule id in r's caused_by list, or RULE_MAX_CAUSES. */
static unsigned cause_rank(const struct rule *r, const struct finding *c)
{
	unsigned k;

	for (k = 0; c->rule && k < r->ncaused_by; k++)
		if (r->caused_by[k] == c->rule->id)
			return k;
	return RULE_MAX_CAUSES;
}

unsigned findings_root(const struct findings *fs, unsigned i)
{
	unsigned steps;

	for (steps = 0; steps < fs->n && fs->v[i].cause; steps++)
		i = fs->v[i].cause - 1;
	return i;
}

unsigned findings_depth(const struct findings *fs, unsigned i)
{
	unsigned d = 0;

	while (d < fs->n && fs->v[i].cause) {
		i = fs->v[i].cause - 1;
		d++;
	}
	return d;
}

/* Emits the family of root r (r, then each consequence followed by its
 * own) into order[*k], children taken from first/next (report order). */
static void emit_family(unsigned r, const unsigned *first, const unsigned *next, unsigned *order,
			unsigned *k, unsigned n)
{
	unsigned stack[64], depth = 0, c;

	order[(*k)++] = r;
	c = first[r];
	for (;;) {
		while (c == n && depth > 0)
			c = next[stack[--depth]];
		if (c == n)
			return;
		order[(*k)++] = c;
		if (first[c] != n && depth < sizeof(stack) / sizeof(stack[0])) {
			stack[depth++] = c;
			c = first[c];
		} else {
			c = next[c];
		}
	}
}

unsigned findings_link(struct findings *fs)
{
	struct cause_key *keys = NULL;
	unsigned *order = NULL, *pos = NULL, *first = NULL, *next = NULL;
	unsigned i, j, f, nk = 0, links = 0, k = 0, n = fs->n;

	for (i = 0; i < n; i++)
		fs->v[i].cause = 0;
	if (n < 2)
		return 0;
	keys = malloc((size_t)n * FINDING_MAX_FLOWS * sizeof(*keys));
	order = malloc((size_t)n * sizeof(*order));
	pos = malloc((size_t)n * sizeof(*pos));
	first = malloc((size_t)n * sizeof(*first));
	next = malloc((size_t)n * sizeof(*next));
	if (!keys || !order || !pos || !first || !next)
		goto out;   /* no memory: no links, the findings stay as they are */
	for (i = 0; i < n; i++)
		for (f = 0; f < fs->v[i].nflows && f < FINDING_MAX_FLOWS; f++) {
			keys[nk].uid = fs->v[i].flows[f];
			keys[nk++].idx = i;
		}
	qsort(keys, nk, sizeof(*keys), cause_key_cmp);
	/* i's cause: among the findings sharing a flow with it, the one whose
	 * rule comes first in i's caused_by list, then the first in report order */
	for (i = 0; i < n; i++) {
		const struct rule *r = fs->v[i].rule;
		unsigned best = n, best_rank = RULE_MAX_CAUSES;
		if (!r || !r->ncaused_by)
			continue;
		for (f = 0; f < fs->v[i].nflows && f < FINDING_MAX_FLOWS; f++) {
			struct cause_key want = { fs->v[i].flows[f], 0 };
			size_t lo = 0, hi = nk;
			while (lo < hi) {   /* the first key of this uid */
				size_t mid = lo + (hi - lo) / 2;
				if (strcmp(keys[mid].uid, want.uid) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (; lo < nk && !strcmp(keys[lo].uid, want.uid); lo++) {
				unsigned c = keys[lo].idx, rank;
				if (c == i)
					continue;
				rank = cause_rank(r, &fs->v[c]);
				if (rank < best_rank || (rank == best_rank && rank < RULE_MAX_CAUSES && c < best)) {
					best = c;
					best_rank = rank;
				}
			}
		}
		if (best < n && !leads_to(fs, best, i)) {
			fs->v[i].cause = best + 1;
			links++;
		}
	}
	if (!links)
		goto out;
	/* families, in the order of their first member */
	for (i = 0; i < n; i++)
		first[i] = next[i] = n;
	for (i = n; i-- > 0;)
		if (fs->v[i].cause) {
			unsigned p = fs->v[i].cause - 1;
			next[i] = first[p];
			first[p] = i;
		}
	for (i = 0; i < n; i++)
		pos[i] = n;
	for (i = 0; i < n; i++) {
		unsigned r = findings_root(fs, i), from = k;
		if (pos[r] != n)
			continue;
		emit_family(r, first, next, order, &k, n);
		for (j = from; j < k; j++)
			pos[order[j]] = j;
	}
	for (i = 0; i < n; i++)   /* deeper than emit_family follows: kept, last */
		if (pos[i] == n) {
			order[k] = i;
			pos[i] = k++;
		}
	/* order[new] = old; permute in place, then renumber the causes */
	for (i = 0; i < n; i++)
		if (fs->v[i].cause)
			fs->v[i].cause = pos[fs->v[i].cause - 1] + 1;
	for (i = 0; i < n; i++) {
		struct finding tmp;
		unsigned dst;
		if (pos[i] == i || pos[i] == n)
			continue;
		/* follow the cycle that starts at i */
		tmp = fs->v[i];
		dst = pos[i];
		while (dst != i) {
			struct finding t2 = fs->v[dst];
			unsigned d2 = pos[dst];
			fs->v[dst] = tmp;
			pos[dst] = dst;
			tmp = t2;
			dst = d2;
		}
		fs->v[i] = tmp;
		pos[i] = i;
	}
out:
	free(keys);
	free(order);
	free(pos);
	free(first);
	free(next);
	return links;
}

void findings_times(struct findings *fs, struct frametime *ft, const struct engine_result *er)
{
	unsigned i;

	for (i = 0; i < fs->n; i++) {
		struct finding *f = &fs->v[i];
		const struct frame_ref *a = f->nev ? &f->ev[0] : NULL, *b = f->nev ? &f->ev[f->nev - 1] : NULL;
		f->has_times = 0;
		if (b && f->ev_last.frame && ref_cmp(&f->ev_last, b) > 0)
			b = &f->ev_last;
		if (!a || frametime_get(ft, a->capture, a->frame, &f->first_ts) < 0 ||
		    frametime_get(ft, b->capture, b->frame, &f->last_ts) < 0)
			continue;
		f->first_rel = a->capture < er->nin ? f->first_ts - er->in[a->capture].first_ts : 0;
		f->last_rel = b->capture < er->nin ? f->last_ts - er->in[b->capture].first_ts : 0;
		f->has_times = 1;
	}
}

void app_tally_add(struct app_tally *t, const char *app)
{
	size_t len;
	unsigned i;

	if (!app || !*app)
		return;
	len = strcspn(app, ".");   /* the master protocol: TLS of TLS.Google */
	if (len >= sizeof(t->v[0].name))
		len = sizeof(t->v[0].name) - 1;
	if (t->last < t->n && !strncmp(t->v[t->last].name, app, len) && !t->v[t->last].name[len]) {
		t->v[t->last].flows++;
		return;
	}
	for (i = 0; i < t->n; i++)
		if (!strncmp(t->v[i].name, app, len) && !t->v[i].name[len]) {
			t->v[i].flows++;
			t->last = i;
			return;
		}
	if (t->n == APP_TALLY_MAX) {
		t->other_flows++;
		return;
	}
	memcpy(t->v[t->n].name, app, len);
	t->v[t->n].name[len] = 0;
	t->v[t->n].flows = 1;
	t->last = t->n++;
}

static int app_cmp(const void *a, const void *b)
{
	const struct app_count *x = a, *y = b;

	if (x->flows != y->flows)
		return x->flows > y->flows ? -1 : 1;
	return strcmp(x->name, y->name);
}

void app_tally_sort(struct app_tally *t)
{
	qsort(t->v, t->n, sizeof(t->v[0]), app_cmp);
	t->last = 0;
}

/* ---- the first screen ---------------------------------------------- */

void verdict_build(const struct findings *fs, struct verdict *v)
{
	const char *cls[VERDICT_MAX_LINES];
	unsigned i, k;

	memset(v, 0, sizeof(*v));
	for (i = 0; fs && i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		const char *c;
		if (f->cause) {
			v->consequences++;
			continue;
		}
		v->roots++;
		if (f->severity < SEV_COUNT)
			v->roots_by_sev[f->severity]++;
		if (f->severity < SEV_MEDIUM) {
			v->notes++;
			continue;
		}
		/* the class: the rule's incident, else the rule itself */
		c = f->rule && f->rule->incident && *f->rule->incident ? f->rule->incident : NULL;
		for (k = 0; k < v->n; k++)
			if (c ? cls[k] && !strcmp(cls[k], c)
			      : !cls[k] && fs->v[v->head[k]].rule == f->rule)
				break;
		if (k < v->n) {
			v->more[k]++;
		} else if (v->n == VERDICT_MAX_LINES) {
			v->classes_over++;
		} else {
			cls[v->n] = c;
			v->head[v->n++] = i;
		}
	}
	for (i = 0; fs && i < fs->n; i++)
		if (fs->v[i].cause)
			for (k = 0; k < v->n; k++)
				if (findings_root(fs, i) == v->head[k])
					v->explains[k]++;
}

const char *finding_span(const struct finding *f, int captures, char *buf, size_t n)
{
	const struct frame_ref *a = f->nev ? &f->ev[0] : NULL, *b = f->nev ? &f->ev[f->nev - 1] : NULL;

	if (b && f->ev_last.frame && ref_cmp(&f->ev_last, b) > 0)
		b = &f->ev_last;
	if (!a)
		snprintf(buf, n, "-");
	else if (captures > 1)
		snprintf(buf, n, "%u:%llu..%u:%llu", a->capture, (unsigned long long)a->frame, b->capture,
			 (unsigned long long)b->frame);
	else if (a->frame == b->frame)
		snprintf(buf, n, "%llu", (unsigned long long)a->frame);
	else
		snprintf(buf, n, "%llu..%llu", (unsigned long long)a->frame, (unsigned long long)b->frame);
	return buf;
}

const char *verdict_line(const struct analysis *a, const struct verdict *v, unsigned i, char *buf, size_t n)
{
	const struct finding *f;
	const struct rule *r;
	const char *inc;
	char title[200], span[64], t1[48], t2[48], when[128], more[96];

	if (!n)
		return buf;
	buf[0] = 0;
	if (i >= v->n)
		return buf;
	f = &a->findings->v[v->head[i]];
	r = f->rule;
	inc = r && r->incident && *r->incident ? rulepack_incident_title(a->pack, r->incident)
					       : r && r->title ? r->title : "Finding";
	/* the rule's title as the middle of a sentence: "Connection attempts
	 * ..." -> "connection attempts ...", but "TLS handshakes" stays */
	snprintf(title, sizeof(title), "%s", r && r->title ? r->title : "");
	if (isupper((unsigned char)title[0]) && !isupper((unsigned char)title[1]))
		title[0] = (char)tolower((unsigned char)title[0]);
	finding_span(f, a->er ? (int)a->er->nin : 1, span, sizeof(span));
	when[0] = 0;
	if (f->has_times) {
		pkt_ts_utc(f->first_ts, 9, t1, sizeof(t1));
		pkt_ts_utc(f->last_ts, 9, t2, sizeof(t2));
		if (f->last_ts != f->first_ts && !strncmp(t1, t2, 11))   /* same day: time of day only */
			snprintf(when, sizeof(when), ", %.*s to %s", (int)(strlen(t1) - 4), t1, t2 + 11);
		else if (f->last_ts != f->first_ts)
			snprintf(when, sizeof(when), ", %.*s to %s", (int)(strlen(t1) - 4), t1, t2);
		else
			snprintf(when, sizeof(when), ", %s", t1);
	}
	more[0] = 0;
	if (v->explains[i] && v->more[i])
		snprintf(more, sizeof(more), "; explains %u other finding%s; %u more like it", v->explains[i],
			 v->explains[i] == 1 ? "" : "s", v->more[i]);
	else if (v->explains[i])
		snprintf(more, sizeof(more), "; explains %u other finding%s", v->explains[i],
			 v->explains[i] == 1 ? "" : "s");
	else if (v->more[i])
		snprintf(more, sizeof(more), "; %u more like it", v->more[i]);
	snprintf(buf, n, "%s: %s%s%s (%llu frame%s, %s%s) [%s, F%u%s]", inc, f->group, f->group[0] ? ": " : "",
		 title, (unsigned long long)(f->ev_total > f->nev ? f->ev_total : f->nev),
		 (f->ev_total > f->nev ? f->ev_total : f->nev) == 1 ? "" : "s", span, when,
		 severity_names[f->severity < SEV_COUNT ? f->severity : 0], v->head[i] + 1, more);
	return buf;
}

const char *verdict_none(const struct analysis *a, const struct verdict *v, char *buf, size_t n)
{
	const struct engine_result *er = a->er;
	char notes[96];

	notes[0] = 0;
	if (v->notes)
		snprintf(notes, sizeof(notes), "; %u low or info finding%s below", v->notes, v->notes == 1 ? "" : "s");
	snprintf(buf, n, "No incident signature found%s: %llu frames, %llu flows (%llu TCP connections) "
		 "examined at the IP and TCP layers by %u rules%s",
		 a->partial ? " in what could be read" : "",
		 (unsigned long long)(er ? er->packets : 0), (unsigned long long)(er ? er->flows.created : 0),
		 (unsigned long long)(er ? er->preflight.tcp_flows : 0), a->pack ? a->pack->n : 0, notes);
	return buf;
}
