/*
 * anomaly.h - named decoding anomalies.  Dissectors never print: they set bits
 * in the decoded record and the engine counts each with the first frames.
 * "Cut by the snapshot length" is its own class, never "malformed".
 */
#ifndef NETRCA_ANOMALY_H
#define NETRCA_ANOMALY_H

#include <stdint.h>

enum anomaly {
	AN_SNAPLEN_CUT = 0,    /* captured less than the headers declared: not malformed */
	AN_LINK_SHORT,         /* link header shorter than its fixed size */
	AN_LINK_UNSUPPORTED,   /* link type netrca does not decode */
	AN_VLAN_DEPTH,         /* more 802.1Q/802.1ad tags than the cap */
	AN_ETHERTYPE_OTHER,    /* not IPv4/IPv6 (ARP, LLDP...): counted, not decoded */
	AN_IP_VERSION,         /* version nibble disagrees with the link's protocol */
	AN_IPV4_HDRLEN,        /* IHL < 5 or IHL*4 > total length */
	AN_IPV4_TOTLEN,        /* total length < header, or > captured (and not cut) */
	AN_IP_LEN_ZERO,        /* IPv4 total / IPv6 payload length 0: TSO or jumbo, captured length used */
	AN_IPV4_OPTIONS,       /* options malformed */
	AN_IPV4_CSUM,          /* bad IPv4 header checksum */
	AN_IPV6_PAYLEN,        /* payload length > captured (not cut) */
	AN_IPV6_EXT_CHAIN,     /* extension headers beyond the cap */
	AN_IPV6_EXT_LEN,       /* an extension header runs past the datagram */
	AN_IP_FRAGMENT,        /* a fragment (reassembled by src/frag.c; counted) */
	AN_TCP_HDRLEN,         /* data offset < 5 or beyond the segment */
	AN_TCP_OPTION,         /* option length 0/1 or running past the header */
	AN_TCP_FLAGS,          /* SYN+FIN, SYN+RST, no flags at all */
	AN_TCP_CSUM,           /* bad TCP checksum (not offload) */
	AN_UDP_LEN,            /* UDP length < 8 or > datagram */
	AN_UDP_CSUM,           /* bad UDP checksum (not offload) */
	AN_CSUM_OFFLOAD,       /* checksum = pseudo-header only: sender's NIC offload */
	AN_ICMP_CSUM,          /* bad ICMP/ICMPv6 checksum */
	AN_ICMP_SHORT,         /* ICMP header shorter than its type needs */
	AN_ICMP_QUOTE,         /* quoted header truncated or bogus */
	AN_ICMP_QUOTE_ICMP,    /* an ICMP error quoting an ICMP error (not followed) */
	AN_CAPTURE_DUPLICATE,  /* the same packet recorded twice (another interface, SPAN): not loss */
	AN_TCP_SUPER_SEGMENT,  /* a segment larger than the MSS: offload on the capturing host */
	AN_TUNNEL_DEPTH,       /* tunnels nested deeper than the cap */
	AN_TUNNEL_BAD,         /* GRE/VXLAN header unusable (version, flags, truncated) */
	AN_FRAG_OVERLAP,       /* fragments overlap with identical bytes (a resend) */
	AN_FRAG_CONFLICT,      /* fragments overlap with different bytes (evasion or corruption) */
	AN_FRAG_TINY,          /* first fragment too short for the transport header (RFC 1858) */
	AN_FRAG_TOO_BIG,       /* offset + length beyond 65535 (ping of death) */
	AN_FRAG_INCOMPLETE,    /* a datagram never completed (timeout or end of capture) */
	AN_COUNT
};

/* Stable machine names, e.g. "ipv4_bad_header_length". */
const char *anomaly_name(enum anomaly a);
/* 1 when the anomaly means the bytes are malformed (not a capture artefact). */
int anomaly_is_malformed(enum anomaly a);

#endif
