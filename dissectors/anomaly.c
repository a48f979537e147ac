/* anomaly.c - names of the decoding anomalies (stable: they appear in reports). */
#include "anomaly.h"

static const struct {
	const char *name;
	int malformed;
} anomaly_tab[AN_COUNT] = {
	[AN_SNAPLEN_CUT] = { "cut_by_snaplen", 0 },
	[AN_LINK_SHORT] = { "link_header_short", 1 },
	[AN_LINK_UNSUPPORTED] = { "link_type_undecoded", 0 },
	[AN_VLAN_DEPTH] = { "vlan_depth_exceeded", 1 },
	[AN_ETHERTYPE_OTHER] = { "ethertype_not_ip", 0 },
	[AN_IP_VERSION] = { "ip_version_mismatch", 1 },
	[AN_IPV4_HDRLEN] = { "ipv4_bad_header_length", 1 },
	[AN_IPV4_TOTLEN] = { "ipv4_total_length_beyond_frame", 1 },
	[AN_IP_LEN_ZERO] = { "ip_length_zero_tso", 0 },
	[AN_IPV4_OPTIONS] = { "ipv4_bad_options", 1 },
	[AN_IPV4_CSUM] = { "ipv4_bad_checksum", 1 },
	[AN_IPV6_PAYLEN] = { "ipv6_payload_length_beyond_frame", 1 },
	[AN_IPV6_EXT_CHAIN] = { "ipv6_extension_chain_too_long", 1 },
	[AN_IPV6_EXT_LEN] = { "ipv6_extension_header_overrun", 1 },
	[AN_IP_FRAGMENT] = { "ip_fragment", 0 },
	[AN_TCP_HDRLEN] = { "tcp_bad_data_offset", 1 },
	[AN_TCP_OPTION] = { "tcp_bad_option_length", 1 },
	[AN_TCP_FLAGS] = { "tcp_bad_flag_combination", 1 },
	[AN_TCP_CSUM] = { "tcp_bad_checksum", 1 },
	[AN_UDP_LEN] = { "udp_bad_length", 1 },
	[AN_UDP_CSUM] = { "udp_bad_checksum", 1 },
	[AN_CSUM_OFFLOAD] = { "checksum_offloaded_by_sender", 0 },
	[AN_ICMP_CSUM] = { "icmp_bad_checksum", 1 },
	[AN_ICMP_SHORT] = { "icmp_header_short", 1 },
	[AN_ICMP_QUOTE] = { "icmp_quote_bad", 1 },
	[AN_ICMP_QUOTE_ICMP] = { "icmp_error_quotes_icmp", 1 },
	[AN_CAPTURE_DUPLICATE] = { "capture_duplicate", 0 },
	[AN_TCP_SUPER_SEGMENT] = { "tcp_segment_larger_than_mss", 0 },
	[AN_TUNNEL_DEPTH] = { "tunnel_depth_exceeded", 1 },
	[AN_TUNNEL_BAD] = { "tunnel_header_bad", 1 },
	[AN_FRAG_OVERLAP] = { "ip_fragment_overlap", 0 },
	[AN_FRAG_CONFLICT] = { "ip_fragment_overlap_conflict", 1 },
	[AN_FRAG_TINY] = { "ip_fragment_tiny", 1 },
	[AN_FRAG_TOO_BIG] = { "ip_fragment_beyond_65535", 1 },
	[AN_FRAG_INCOMPLETE] = { "ip_fragment_incomplete", 0 },
};

const char *anomaly_name(enum anomaly a)
{
	return (unsigned)a < AN_COUNT ? anomaly_tab[a].name : "unknown";
}

int anomaly_is_malformed(enum anomaly a)
{
	return (unsigned)a < AN_COUNT ? anomaly_tab[a].malformed : 1;
}
