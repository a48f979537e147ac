/*
 * fuzz_ip.c - libFuzzer target for the IP layer: arbitrary bytes as a run of
 * packets (each: 1 byte link-type choice, 1 byte clock step, 2 bytes length,
 * the bytes) through decode_packet, the fragment service with small caps
 * (so eviction, expiry and the piece cap are reached), decode_datagram on
 * every reassembled datagram (again through the fragment service, twice at
 * most, as the engine does), and the ICMP quote decoder with its tunnels.
 * Seeded with nothing: a corpus of fragments grows quickly from scratch.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "frag.h"
#include "cursor.h"
#include "dissectors/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint32_t lts[4] = { 101, 1, 228, 229 };

static void one(struct frag_table *t, const struct packet *p, int64_t now)
{
	struct decoded d, rd;
	struct frag_out fo;
	struct packet rp;
	unsigned depth;

	if (!decode_packet(p, &d) || !d.is_fragment)
		return;
	frag_offer(t, p, &d, now, &fo);
	for (depth = 0; fo.complete && depth < 2; depth++) {
		rp = *p;
		rp.data = fo.data;
		rp.caplen = rp.len = fo.len;
		if (!decode_datagram(fo.data, fo.len, &d, fo.nfrags, &rd) || !rd.is_fragment)
			return;
		d = rd;
		frag_offer(t, &rp, &d, now, &fo);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct frag_limits lim = { 16, 256 * 1024 };
	struct counter an[AN_COUNT];
	struct frag_table *t;
	struct cursor c = cursor_make(data, size);
	int64_t now = 0;
	uint64_t frame = 0;

	memset(an, 0, sizeof(an));
	t = frag_new(&lim, an);
	if (!t)
		return 0;
	while (cursor_left(&c) >= 4 && frame < 4096) {
		struct packet p;
		uint8_t lt = cursor_u8(&c), step = cursor_u8(&c);
		uint16_t len = cursor_be16(&c);
		size_t n = len < cursor_left(&c) ? len : cursor_left(&c);

		memset(&p, 0, sizeof(p));
		p.frame = ++frame;
		now += (int64_t)step * 250000000;    /* up to ~64 s per packet: expiry */
		p.ts_ns = now;
		p.linktype = lts[lt & 3];
		p.caplen = (uint32_t)n;
		p.len = (uint32_t)n + ((lt & 4) ? 1 : 0);  /* some look snaplen-cut */
		p.data = cursor_view(&c, n);
		if (!p.data)
			break;
		frag_expire(t, now);
		one(t, &p, now);
	}
	frag_flush(t);
	frag_free(t);
	return 0;
}
