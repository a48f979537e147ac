/*
 * capfilter.c - the --bpf filter (see capfilter.h): libpcap's compiler and
 * pcap_offline_filter, one program per link type.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>
#include "capfilter.h"

struct filter_slot {
	uint32_t linktype;
	int ok;
	struct bpf_program prog;
};

struct capfilter {
	const char *expr;         /* borrowed */
	struct filter_slot slot[CAPFILTER_LINKTYPES];
	unsigned n;
	uint64_t not_applicable;
};

static int linktype_to_dlt(uint32_t lt)
{
	return lt == 101 ? DLT_RAW : (int)lt;
}

static int compile(const char *expr, uint32_t lt, struct bpf_program *prog, char *err, size_t errlen)
{
	pcap_t *dead = pcap_open_dead(linktype_to_dlt(lt), 262144);
	int rc;

	if (!dead) {
		snprintf(err, errlen, "cannot compile BPF: out of memory");
		return -1;
	}
	rc = pcap_compile(dead, prog, expr, 1, PCAP_NETMASK_UNKNOWN);
	if (rc != 0)
		snprintf(err, errlen, "bad --bpf expression \"%s\" for link type %u: %s", expr, lt,
			 pcap_geterr(dead));
	pcap_close(dead);
	return rc == 0 ? 0 : -1;
}

struct capfilter *capfilter_new(const char *expr, char *err, size_t errlen)
{
	struct bpf_program prog;
	struct capfilter *f;

	if (compile(expr, 1, &prog, err, errlen) < 0)
		return NULL;
	pcap_freecode(&prog);
	f = calloc(1, sizeof(*f));
	if (!f) {
		snprintf(err, errlen, "cannot compile BPF: out of memory");
		return NULL;
	}
	f->expr = expr;
	return f;
}

void capfilter_free(struct capfilter *f)
{
	unsigned i;

	if (!f)
		return;
	for (i = 0; i < f->n; i++)
		if (f->slot[i].ok)
			pcap_freecode(&f->slot[i].prog);
	free(f);
}

int capfilter_match(struct capfilter *f, const struct packet *p)
{
	struct pcap_pkthdr h;
	struct filter_slot *s = NULL;
	unsigned i;
	char err[256];

	for (i = 0; i < f->n; i++)
		if (f->slot[i].linktype == p->linktype)
			s = &f->slot[i];
	if (!s) {
		if (f->n == CAPFILTER_LINKTYPES) {
			f->not_applicable++;
			return 0;
		}
		s = &f->slot[f->n++];
		s->linktype = p->linktype;
		s->ok = compile(f->expr, p->linktype, &s->prog, err, sizeof(err)) == 0;
	}
	if (!s->ok) {
		f->not_applicable++;
		return 0;
	}
	memset(&h, 0, sizeof(h));
	h.caplen = p->caplen;
	h.len = p->len;
	return pcap_offline_filter(&s->prog, &h, p->data) != 0;
}

uint64_t capfilter_not_applicable(const struct capfilter *f)
{
	return f ? f->not_applicable : 0;
}
