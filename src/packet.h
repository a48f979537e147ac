/*
 * packet.h - one captured record as the readers hand it to the engine.
 *
 * The bytes are borrowed from the reader for the duration of one packet
 * callback.  Every reference to a packet anywhere in netrca is the pair
 * (capture id, frame): capture id is the index of the input file in time
 * order, frame is Wireshark's 1-based record index within that file.
 */
#ifndef NETRCA_PACKET_H
#define NETRCA_PACKET_H

#include <stdint.h>
#include <stddef.h>
#include "stats.h"

enum pkt_dir { PKT_DIR_UNKNOWN = 0, PKT_DIR_IN = 1, PKT_DIR_OUT = 2 };

struct packet {
	uint32_t capture;      /* input file index (time order) */
	uint64_t frame;        /* 1-based, per file, = Wireshark frame.number */
	int64_t ts_ns;         /* capture timestamp, ns since the epoch (UTC) */
	uint32_t caplen;       /* bytes captured (data has this many) */
	uint32_t len;          /* bytes on the wire */
	uint32_t linktype;     /* LINKTYPE_* of the interface */
	uint32_t snaplen;      /* of the interface */
	uint32_t iface;        /* pcapng interface id (0 for pcap) */
	uint32_t epb_flags;    /* pcapng EPB flags word, 0 when absent */
	enum pkt_dir dir;      /* from EPB flags / SLL packet type */
	const uint8_t *data;   /* borrowed */
	const uint8_t *comment;/* borrowed, may be NULL; not NUL-terminated */
	size_t comment_len;
	/* a datagram reassembled from fragments: the frames it was made from
	 * (borrowed, capped; NULL for a packet of one frame) */
	const struct frame_ref *frags;
	unsigned nfrags;
};

struct ts_fmt { char s[40]; };
/* Formats ns-since-epoch as "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ". */
const char *pkt_ts_iso(int64_t ts_ns, struct ts_fmt *out);
/* The same as "YYYY-MM-DD HH:MM:SS.fff UTC" with `digits` (1-9) of the
 * fraction, into buf ("-" if the time cannot be shown); returns buf. */
const char *pkt_ts_utc(int64_t ts_ns, int digits, char *buf, size_t n);

#endif
