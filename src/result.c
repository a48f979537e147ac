/* result.c - findings, evidence and top-flow bookkeeping (see result.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "result.h"
#include "rules/rules.h"

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
static void add_ev(struct frame_ref *ev, unsigned *nev, uint64_t *total, uint32_t capture,
		   uint64_t frame)
{
	unsigned i, worst = 0;

	if (frame == 0)
		return;
	for (i = 0; i < *nev; i++)
		if (ev[i].capture == capture && ev[i].frame == frame)
			return;
	(*total)++;
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
	add_ev(f->ev, &f->nev, &f->ev_total, capture, frame);
}

void finding_add_flow(struct finding *f, const char *uid)
{
	add_flow(f->flows, &f->nflows, &f->flows_total, uid);
}

void evidence_add_ev(struct evidence *e, uint32_t capture, uint64_t frame)
{
	add_ev(e->ev, &e->nev, &e->ev_total, capture, frame);
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
