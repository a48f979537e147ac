/*
 * decode.h - the decoded view of one packet, link layer to transport.
 *
 * decode_packet() fills a caller-owned struct decoded from a struct packet.
 * All pointers inside (payload) borrow the packet's bytes and die with it.
 * The dissectors read bytes only through src/cursor.h and report trouble by
 * setting anomaly bits; they never allocate, print or keep state.
 */
#ifndef NETRCA_DECODE_H
#define NETRCA_DECODE_H

#include <stdint.h>
#include "../src/packet.h"
#include "../src/stats.h"
#include "anomaly.h"

#define DECODE_VLAN_MAX 8        /* 802.1Q/802.1ad tags followed */
#define DECODE_IPV6_EXT_MAX 16   /* IPv6 extension headers followed */
#define DECODE_TCP_OPT_MAX 40    /* options examined per segment */
#define DECODE_SACK_MAX 4        /* SACK blocks kept per segment */
#define DECODE_TUNNEL_MAX 3      /* tunnel headers followed (nesting depth) */
#define VXLAN_PORT 4789          /* RFC 7348 */
#define GTPU_PORT 2152           /* 3GPP TS 29.281 */
#define GTPU_EXT_MAX 8           /* GTP-U extension headers followed */

/* Common link types (LINKTYPE_* values as they appear in files). */
enum {
	LT_NULL = 0, LT_EN10MB = 1, LT_PPP = 9, LT_RAW = 101, LT_LOOP = 108,
	LT_LINUX_SLL = 113, LT_IPV4 = 228, LT_IPV6 = 229, LT_LINUX_SLL2 = 276,
	LT_RAW_BSD12 = 12, LT_RAW_BSD14 = 14
};

struct ip_addr {
	uint8_t v;         /* 4 or 6; 0 = none */
	uint8_t a[16];     /* v4 in the first 4 bytes, rest zero */
};

enum l4_kind { L4_NONE = 0, L4_TCP, L4_UDP, L4_ICMP, L4_ICMP6, L4_OTHER };

enum {
	TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_RST = 0x04, TCP_PSH = 0x08,
	TCP_ACK = 0x10, TCP_URG = 0x20, TCP_ECE = 0x40, TCP_CWR = 0x80
};

struct tcp_fields {
	uint32_t seq, ack;
	uint16_t flags;          /* low 8 bits as above, 0x100 = NS */
	uint16_t win;            /* raw, unscaled */
	uint16_t hdr_len;
	uint16_t csum;
	/* options (RFC 793, 7323, 2018) */
	uint16_t mss;            /* 0 = absent */
	int8_t wscale;           /* -1 = absent */
	uint8_t sack_perm;
	uint8_t has_ts;
	uint8_t nsack;
	uint32_t ts_val, ts_ecr;
	uint32_t sack[DECODE_SACK_MAX][2];
};

/* The header an ICMP error quotes (RFC 792: IP header + at least 8 bytes). */
struct icmp_quote {
	uint8_t present;         /* inner IP header decoded */
	uint8_t l4_complete;     /* ports (and TCP seq) were in the quote */
	uint8_t ports_ok;        /* at least the ports were (enough to name the flow) */
	uint8_t proto;
	struct ip_addr src, dst;
	uint16_t sport, dport;
	uint32_t tcp_seq;
	uint8_t icmp_type;       /* quoted ICMP message type */
	uint16_t ip_id;
	uint16_t inner_len;      /* inner IP total/payload length as declared */
	uint8_t via_tunnel;      /* the quoted packet was a tunnel's: the fields above
				  * describe the flow inside it */
	uint32_t tun_ctx;        /* that tunnel's context (flow key) */
	/* set by the engine, not the dissector: the flow the quote was joined to
	 * (frame 0: none) */
	struct frame_ref joined;
};

struct icmp_info {
	uint8_t type, code;
	uint8_t is_error;        /* unreachable, too big, time exceeded, redirect... */
	uint16_t id, seq;        /* echo */
	uint32_t mtu;            /* frag-needed next-hop MTU / packet-too-big MTU */
	struct ip_addr gateway;  /* redirect */
	struct icmp_quote q;
};

/* A tunnel the packet was carried in (outermost first). */
enum tunnel_kind { TUN_NONE = 0, TUN_GRE, TUN_IPIP, TUN_6IN4, TUN_VXLAN, TUN_GTPU, TUN_COUNT };
extern const char *const tunnel_kind_names[TUN_COUNT];  /* "gre", "ipip", "6in4", "vxlan", "gtpu" */

struct tunnel_hop {
	uint8_t kind;            /* enum tunnel_kind */
	uint8_t outer_df;        /* the outer IPv4 header forbade fragmentation */
	uint8_t outer_ttl;
	uint8_t has_key;         /* GRE key present / VXLAN (VNI) */
	struct ip_addr src, dst; /* outer endpoints */
	uint32_t key;            /* GRE key or VXLAN VNI */
	uint16_t overhead;       /* outer IP header + tunnel headers (+ inner Ethernet) */
	uint32_t outer_len;      /* outer IP datagram length */
};

struct decoded {
	/* link */
	uint32_t linktype;
	uint16_t ethertype;
	uint8_t has_mac;
	uint8_t mac_src[6], mac_dst[6];
	uint8_t nvlan;
	uint16_t vlan[2];        /* outermost two VLAN ids (context) */
	uint32_t sll_ifindex;    /* SLL2 */
	uint16_t sll_pkttype;    /* SLL/SLL2 packet type (4 = outgoing) */
	enum pkt_dir dir;
	/* tunnels: the hops around the innermost IP header, which the fields
	 * below describe */
	uint8_t ntun;
	struct tunnel_hop tun[DECODE_TUNNEL_MAX];
	uint32_t tun_ctx;        /* direction-independent hash of the hops (flow key) */
	uint16_t tun_overhead;   /* bytes all hops add */
	/* network */
	uint8_t ip_ver;          /* 0 = not IP */
	struct ip_addr src, dst;
	uint8_t proto;           /* transport protocol number */
	uint8_t ttl;             /* TTL / hop limit */
	uint8_t df, mf;
	uint16_t ip_id;
	uint16_t frag_off;       /* in bytes */
	uint8_t is_fragment;     /* MF or offset != 0 */
	uint32_t frag_id;        /* IPv4 ID / IPv6 fragment identification */
	uint8_t frag_nh;         /* IPv6: the header after the fragment header */
	uint32_t frag_data_off;  /* where the fragment's data starts, from the innermost IP header */
	uint32_t frag_data_len;  /* the fragment's data bytes as declared */
	uint16_t reassembled;    /* fragments this datagram was reassembled from (0: none) */
	uint8_t in_quote;        /* decoding the packet an ICMP error quotes (no deeper quotes) */
	uint32_t ip_len;         /* IP datagram length on the wire (header + payload) */
	uint32_t ip_hdr_len;
	uint32_t l3_off;         /* offset of the (outermost) IP header in the frame */
	uint32_t ip_off;         /* offset of the innermost IP header in the decoded bytes */
	/* transport */
	enum l4_kind l4;
	uint16_t sport, dport;
	struct tcp_fields tcp;
	struct icmp_info icmp;
	const uint8_t *payload;  /* borrowed, captured part only */
	uint32_t payload_caplen; /* bytes present */
	uint32_t payload_len;    /* bytes on the wire per the IP/TCP/UDP headers */
	/* outcome */
	uint64_t anomalies;      /* bit (1 << enum anomaly) */
	uint8_t cut;             /* snaplen cut somewhere in the headers or payload */
	uint8_t ip_bad;          /* an IP header was there but unusable (see anomalies) */
	uint8_t csum_checked;    /* transport checksum verified (fully captured) */
	uint8_t csum_bad;        /* transport checksum wrong (offload excluded) */
	uint8_t csum_offload;    /* wrong only because the sender offloaded it */
	/* set by the engine, not the dissector: the packet this one is a
	 * capture duplicate of (frame 0: not a duplicate) */
	struct frame_ref dup_of;
	uint8_t dup_same_flow;   /* and it was in the same flow (kept out of its analysis) */
};

static inline void decode_anomaly(struct decoded *d, enum anomaly a)
{
	d->anomalies |= (uint64_t)1 << a;
}

/*
 * Decodes p (borrowed) into d (caller-owned; fully overwritten).  Returns 1
 * when a usable IP layer was found, 0 otherwise (non-IP, unsupported link
 * type, unusable link or IP header: then d->ip_bad); anomalies say why.
 */
int decode_packet(const struct packet *p, struct decoded *d);
/*
 * Decodes a reassembled IP datagram (ip, len bytes, borrowed) into d, with
 * the link and tunnel context of ctx (the completing fragment's decode;
 * borrowed).  Returns as decode_packet.
 */
int decode_datagram(const uint8_t *ip, uint32_t len, const struct decoded *ctx, uint16_t nfrags,
		    struct decoded *d);

/*
 * Decodes the datagram an ICMP error quotes (c at its IP header, borrowed)
 * into the caller's scratch q (overwritten): truncation is expected there,
 * tunnels are followed, quotes inside it are not.  Returns 1 if an IP header
 * was found.
 */
struct cursor;
int decode_quote(struct cursor *c, struct decoded *q);

/* Format an address into buf (>= 46 bytes); returns buf. */
const char *ip_addr_str(const struct ip_addr *a, char *buf, size_t n);

#endif
