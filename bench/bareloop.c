/*
 * bareloop: the floor netrca is measured against.  Reads a capture with
 * libpcap's pcap_next_ex() and touches every captured byte (sums them), so
 * the time is what it costs just to get every packet into memory and look at
 * it once.  Prints packets, captured bytes and the byte sum (printed so the
 * loop cannot be optimised away).
 *
 * usage: bareloop FILE
 * exit:  0 read to the end, 1 usage / open error, 2 read error mid-file
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	uint64_t pkts = 0, bytes = 0, sum = 0;
	pcap_t *p;
	FILE *f;
	char *iobuf;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: bareloop FILE\n");
		return 1;
	}
	/* the same 1 MiB stream buffer netrca's reader uses (src/reader.c),
	 * so the floor is as cheap as a libpcap reader can be */
	f = fopen(argv[1], "rb");
	if (f == NULL || (iobuf = malloc(1 << 20)) == NULL) {
		fprintf(stderr, "bareloop: %s: cannot open\n", argv[1]);
		return 1;
	}
	setvbuf(f, iobuf, _IOFBF, 1 << 20);
	p = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, err);
	if (p == NULL) {
		fprintf(stderr, "bareloop: %s: %s\n", argv[1], err);
		return 1;
	}
	while ((rc = pcap_next_ex(p, &h, &d)) == 1) {
		uint32_t i, n = h->caplen;
		uint64_t s = 0;

		for (i = 0; i < n; i++)
			s += d[i];
		sum += s ^ (uint64_t)h->ts.tv_usec;
		bytes += n;
		pkts++;
	}
	printf("packets %" PRIu64 " bytes %" PRIu64 " sum %" PRIu64 "\n",
	    pkts, bytes, sum);
	if (rc == -1) {
		fprintf(stderr, "bareloop: %s: %s\n", argv[1], pcap_geterr(p));
		pcap_close(p);
		return 2;
	}
	pcap_close(p);
	return 0;
}
