/*
 * gen_flood: writes the benchmark's SYN flood, N one-packet TCP flows.
 *
 * usage: gen_flood OUT.pcap N [START_EPOCH_SECONDS]
 *
 * Classic pcap, Ethernet, microseconds.  Every packet is a TCP SYN (with an
 * MSS option, padded to the 60-byte Ethernet minimum) to 203.0.113.10,
 * port 80 or 443, from a source in 198.18.0.0/15 and a source port in
 * 1024..33791.  Source address and port come from a bijective 32-bit hash of
 * the packet index (17 bits of address, 15 of port), so the N flows are all
 * distinct, look random and are the same on every run.  The IP and TCP
 * checksums are valid; TTL, IP ID, ISN and window vary.  Packets are 5 us
 * apart (200,000 packets/s), starting at START_EPOCH_SECONDS (default
 * 2026-11-26 12:00:00 UTC).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FRAME 60

static uint32_t perm32(uint32_t x)
{
	/* each step is a bijection of the 32-bit integers */
	x *= 0x9e3779b1U;
	x ^= x >> 16;
	x *= 0x85ebca6bU;
	x ^= x >> 13;
	x *= 0xc2b2ae35U;
	x ^= x >> 16;
	return x;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

int main(int argc, char **argv)
{
	static const uint8_t dmac[6] = { 0x02, 0x00, 0x5e, 0x00, 0x00, 0x0a };
	static const uint8_t smac[6] = { 0x02, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	uint8_t rec[16 + FRAME], gh[24];
	uint64_t n, i, t0_us;
	FILE *out;

	if (argc < 3) {
		fprintf(stderr, "usage: gen_flood OUT.pcap N [START_EPOCH]\n");
		return 2;
	}
	n = strtoull(argv[2], NULL, 10);
	if (n == 0 || n > (1ULL << 32)) {
		fprintf(stderr, "gen_flood: N must be 1..2^32\n");
		return 2;
	}
	t0_us = (argc > 3 ? strtoull(argv[3], NULL, 10) : 1795694400ULL) *
	    1000000ULL;
	out = fopen(argv[1], "wb");
	if (out == NULL) {
		fprintf(stderr, "gen_flood: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	setvbuf(out, NULL, _IOFBF, 1 << 22);
	put_le32(gh, 0xa1b2c3d4);
	gh[4] = 2; gh[5] = 0; gh[6] = 4; gh[7] = 0;
	put_le32(gh + 8, 0);
	put_le32(gh + 12, 0);
	put_le32(gh + 16, 262144);
	put_le32(gh + 20, 1);               /* EN10MB */
	fwrite(gh, 1, 24, out);

	memset(rec, 0, sizeof(rec));
	for (i = 0; i < n; i++) {
		uint8_t *e = rec + 16, *ip = e + 14, *tcp = ip + 20;
		uint32_t x = perm32((uint32_t)i ^ 0xa5a5a5a5U), h = perm32((uint32_t)i ^
		    0x5bd1e995U), src, s;
		uint64_t ts = t0_us + i * 5;

		put_le32(rec, (uint32_t)(ts / 1000000));
		put_le32(rec + 4, (uint32_t)(ts % 1000000));
		put_le32(rec + 8, FRAME);
		put_le32(rec + 12, FRAME);
		memcpy(e, dmac, 6);
		memcpy(e + 6, smac, 6);
		put16(e + 12, 0x0800);

		src = 0xc6120000U | (x >> 15);      /* 198.18.0.0/15 */
		ip[0] = 0x45;
		ip[1] = 0;
		put16(ip + 2, 44);
		put16(ip + 4, (uint16_t)h);
		put16(ip + 6, 0);
		ip[8] = (uint8_t)(40 + (h >> 16) % 25);
		ip[9] = 6;
		put16(ip + 10, 0);
		put32(ip + 12, src);
		put32(ip + 16, 0xcb00710aU);         /* 203.0.113.10 */
		put16(ip + 10, fold(sum16(ip, 20, 0)));

		put16(tcp, (uint16_t)(1024 + (x & 0x7fff)));
		put16(tcp + 2, (h >> 24) & 1 ? 443 : 80);
		put32(tcp + 4, perm32(h));
		put32(tcp + 8, 0);
		tcp[12] = 6 << 4;                    /* 24 bytes */
		tcp[13] = 0x02;                      /* SYN */
		put16(tcp + 14, (h >> 25) & 1 ? 64240 : 1024);
		put16(tcp + 16, 0);
		put16(tcp + 18, 0);
		tcp[20] = 2;                         /* MSS 1460 */
		tcp[21] = 4;
		put16(tcp + 22, 1460);
		s = sum16(ip + 12, 8, 0) + 6 + 24;   /* pseudo-header */
		put16(tcp + 16, fold(sum16(tcp, 24, s)));
		/* tcp + 24 .. frame end: 2 bytes of Ethernet padding (0) */

		if (fwrite(rec, 1, sizeof(rec), out) != sizeof(rec)) {
			fprintf(stderr, "gen_flood: write failed\n");
			return 1;
		}
		if ((i + 1) % 1000000 == 0)
			fprintf(stderr, "gen_flood: %" PRIu64 "/%" PRIu64
			    " packets\n", i + 1, n);
	}
	if (fclose(out) != 0) {
		fprintf(stderr, "gen_flood: write failed\n");
		return 1;
	}
	printf("packets %" PRIu64 " bytes %" PRIu64 "\n", n,
	    24 + n * (uint64_t)sizeof(rec));
	return 0;
}
