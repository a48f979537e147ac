/*
 * fuzz_capture.c - libFuzzer target: arbitrary bytes through the readers
 * (as a capture file: classic pcap via libpcap, pcapng via netrca's reader),
 * every decoder, the flow table and the conn.log writer; and the same bytes
 * as one packet of every supported link type.  nDPI is deliberately not in
 * this target (its fuzzing is a separate, non-gating job).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "reader.h"
#include "flow.h"
#include "connlog.h"
#include "tcp.h"
#include "dissectors/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

static void on_final(void *arg, struct flow *f, enum flow_end why)
{
	char cid[64], uid[32];
	(void)arg;
	(void)why;
	community_id(f, cid, sizeof(cid));
	flow_uid(f, uid, sizeof(uid));
	fprintf(sink, "%s %s %s %llu\n", uid, cid, flow_conn_state(f),
		(unsigned long long)flow_payload_bytes(f, 0));
}

static void release(struct flow *f)
{
	tcp_conn_free(f->tcp);
	f->tcp = NULL;
}

static void run_packet(struct flow_table *t, const struct packet *p)
{
	struct decoded d;
	struct flow *f;
	struct tcp_seg_result tr;
	int dir;

	if (!decode_packet(p, &d))
		return;
	if (d.is_fragment && d.frag_off)
		return;
	f = flow_lookup(t, p, &d, p->ts_ns, &dir);
	if (!f)
		return;
	flow_update(t, f, dir, p, &d);
	if (d.l4 == L4_TCP) {
		if (!f->tcp)
			f->tcp = tcp_conn_new();
		if (f->tcp) {
			tcp_analyze(f->tcp, dir, p, &d, &tr);
			tcp_rtt_percentile(&f->tcp->d[dir].st, 50);
		}
	}
	if (d.icmp.is_error)
		flow_find_quoted(t, &d, &dir);
	flow_expire(t, p->ts_ns);
}

static void as_file(const uint8_t *data, size_t size)
{
	char path[64], err[READER_ERRLEN];
	struct flow_limits lim;
	struct flow_table *t;
	struct reader *r;
	struct packet p;
	int fd = memfd_create("fuzz", 0);
	unsigned n = 0;

	if (fd < 0)
		return;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	r = reader_open(path, 0, err, sizeof(err));
	if (r) {
		flow_limits_default(&lim);
		lim.max_flows = 64;
		t = flow_table_new(&lim, on_final, NULL);
		if (t)
			flow_table_set_release(t, release);
		while (t && n++ < 100000 && reader_next(r, &p) == READER_OK)
			run_packet(t, &p);
		if (t) {
			flow_table_flush(t);
			flow_table_free(t);
		}
		reader_close(r);
	}
	close(fd);
}

static void as_packets(const uint8_t *data, size_t size)
{
	static const uint32_t lts[] = { 0, 1, 9, 101, 108, 113, 228, 229, 276, 147 };
	struct flow_limits lim;
	struct flow_table *t;
	size_t i;

	flow_limits_default(&lim);
	lim.max_flows = 8;
	t = flow_table_new(&lim, on_final, NULL);
	if (!t)
		return;
	flow_table_set_release(t, release);
	for (i = 0; i < sizeof(lts) / sizeof(lts[0]); i++) {
		struct packet p;
		memset(&p, 0, sizeof(p));
		p.frame = i + 1;
		p.ts_ns = (int64_t)i * 1000;
		p.caplen = (uint32_t)size;
		p.len = (uint32_t)size + (size & 1); /* odd sizes look snaplen-cut */
		p.linktype = lts[i];
		p.data = data;
		run_packet(t, &p);
	}
	flow_table_flush(t);
	flow_table_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!sink)
		sink = fopen("/dev/null", "w");
	as_file(data, size);
	if (size <= 65535)
		as_packets(data, size);
	return 0;
}
