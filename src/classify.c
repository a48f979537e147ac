/* classify.c - the nDPI 4.2 adapter (see classify.h). */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <ndpi_api.h>
#include "classify.h"

/* Names already asked for, by (master, app): nDPI formats them with
 * snprintf, once per flow otherwise.  Direct-mapped; a clash formats again. */
#define NAME_CACHE 256
struct name_slot {
	uint16_t master, app;
	uint8_t used;
	char name[64];
};

struct classifier {
	struct ndpi_detection_module_struct *m;
	struct classify_stats st;
	struct name_slot names[NAME_CACHE];   /* the finishing stage's */
};

/* Per flow, allocated on the first payload packet. */
struct cls_flow {
	struct ndpi_flow_struct *nf;
	uint16_t fed;
	uint8_t done;
};

#define CLS_DONE ((void *)1)   /* detection over, nothing allocated */

struct classifier *classify_new(void)
{
	struct classifier *c = calloc(1, sizeof(*c));
	NDPI_PROTOCOL_BITMASK all;

	if (!c)
		return NULL;
	c->m = ndpi_init_detection_module(ndpi_no_prefs);
	if (!c->m) {
		free(c);
		return NULL;
	}
	NDPI_BITMASK_SET_ALL(all);
	ndpi_set_protocol_detection_bitmask2(c->m, &all);
	ndpi_finalize_initialization(c->m);
	return c;
}

void classify_free(struct classifier *c)
{
	if (!c)
		return;
	ndpi_exit_detection_module(c->m);
	free(c);
}

const char *classify_version(void)
{
	return ndpi_revision();
}

static void store_result(struct flow *f, ndpi_protocol r)
{
	f->app_master = r.master_protocol;
	f->app_proto = r.app_protocol;
}

static void release(struct flow *f, struct cls_flow *cf)
{
	if (cf && cf != CLS_DONE) {
		f->app_risk = cf->nf->risk;
		ndpi_free_flow(cf->nf);
		free(cf);
	}
}

_Static_assert(AN_COUNT < 64, "the anomaly mask has a bit per anomaly and a marker bit");

/* The anomalies that make a packet unfit for nDPI: the malformed ones,
 * except bad checksums.  Worked out from the anomaly table once (bit 63
 * marks it done; any thread computes the same value). */
static uint64_t unfit_mask(void)
{
	static _Atomic uint64_t cached;
	uint64_t bad = atomic_load_explicit(&cached, memory_order_relaxed);
	unsigned a;

	if (bad)
		return bad;
	for (a = 0; a < AN_COUNT; a++)
		if (anomaly_is_malformed((enum anomaly)a) && a != AN_TCP_CSUM && a != AN_UDP_CSUM &&
		    a != AN_IPV4_CSUM)
			bad |= (uint64_t)1 << a;
	bad |= (uint64_t)1 << 63;
	atomic_store_explicit(&cached, bad, memory_order_relaxed);
	return bad;
}

/* "Validated": an IP packet decoded without malformation and captured whole. */
static int validated(const struct packet *p, const struct decoded *d)
{
	if (!d->ip_ver || d->cut || p->caplen < p->len || d->is_fragment)
		return 0;
	return (d->anomalies & unfit_mask()) == 0 && d->l3_off < p->caplen;
}

enum cls_offer classify_offer(struct flow *f, const struct packet *p, const struct decoded *d,
			      const uint8_t **ip, uint32_t *len)
{
	uint32_t n;

	if (f->cls_offered >= CLASSIFY_MAX_PKTS || __atomic_load_n(&f->cls_done, __ATOMIC_RELAXED) ||
	    d->payload_len == 0)
		return CLS_NO;
	if (!validated(p, d))
		return CLS_INVALID;
	n = p->caplen - d->l3_off;
	if (n > d->ip_len)
		n = d->ip_len;
	if (n > 65535)
		n = 65535;
	/* The adapter hands nDPI the IP header onwards of a record the reader
	 * owns (or a copy of it); it is the one place packet bytes leave the
	 * cursor's care, and only after validation above. */
	*ip = p->data + d->l3_off;
	*len = n;
	f->cls_offered++;
	return CLS_FEED;
}

static void mark_done(struct flow *f)
{
	f->classify = CLS_DONE;
	__atomic_store_n(&f->cls_done, 1, __ATOMIC_RELAXED);
}

void classify_not_validated(struct classifier *c, struct flow *f)
{
	if (c && f->classify != CLS_DONE)
		c->st.not_validated++;
}

void classify_feed(struct classifier *c, struct flow *f, const uint8_t *ip, uint32_t len, int64_t ts_ns)
{
	struct cls_flow *cf = f->classify;
	ndpi_protocol r;

	if (!c || cf == CLS_DONE)
		return;
	if (!cf) {
		cf = calloc(1, sizeof(*cf));
		if (!cf)
			return;
		cf->nf = ndpi_flow_malloc(SIZEOF_FLOW_STRUCT);
		if (!cf->nf) {
			free(cf);
			return;
		}
		memset(cf->nf, 0, SIZEOF_FLOW_STRUCT);
		f->classify = cf;
		c->st.flows_fed++;
	}
	r = ndpi_detection_process_packet(c->m, cf->nf, ip, (unsigned short)len, (uint64_t)(ts_ns / 1000000));
	cf->fed++;
	c->st.packets_fed++;
	if (ndpi_is_protocol_detected(c->m, r)) {
		store_result(f, r);
		if (!ndpi_extra_dissection_possible(c->m, cf->nf)) {
			c->st.detected++;
			release(f, cf);
			mark_done(f);
			return;
		}
	}
	if (cf->fed >= CLASSIFY_MAX_PKTS)
		classify_flow_end(c, f);
}

void classify_flow_end(struct classifier *c, struct flow *f)
{
	struct cls_flow *cf = f->classify;

	if (!c || !cf || cf == CLS_DONE)
		return;
	if (!f->app_proto && !f->app_master) {
		uint8_t guessed = 0;
		ndpi_protocol r = ndpi_detection_giveup(c->m, cf->nf, 1, &guessed);
		store_result(f, r);
		c->st.gave_up++;
	} else {
		c->st.detected++;
	}
	release(f, cf);
	mark_done(f);
}

const char *classify_name(struct classifier *c, const struct flow *f, char *buf, size_t n)
{
	ndpi_protocol r;
	struct name_slot *sl;

	if (!n)
		return buf;
	buf[0] = 0;
	if (!c || (!f->app_proto && !f->app_master))
		return buf;
	sl = &c->names[(f->app_master * 31u + f->app_proto) % NAME_CACHE];
	if (!sl->used || sl->master != f->app_master || sl->app != f->app_proto) {
		memset(&r, 0, sizeof(r));
		r.master_protocol = f->app_master;
		r.app_protocol = f->app_proto;
		ndpi_protocol2name(c->m, r, sl->name, (u_int)sizeof(sl->name));
		if (strcmp(sl->name, "Unknown") == 0)
			sl->name[0] = 0;
		sl->master = f->app_master;
		sl->app = f->app_proto;
		sl->used = 1;
	}
	/* what ndpi_protocol2name would have written into n bytes */
	{
		size_t len = strnlen(sl->name, sizeof(sl->name) - 1);
		if (len >= n)
			len = n - 1;
		memcpy(buf, sl->name, len);
		buf[len] = 0;
	}
	return buf;
}

const struct classify_stats *classify_stats(const struct classifier *c)
{
	return &c->st;
}
