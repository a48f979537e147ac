/*
 * check_decode.c - the dissectors (dissectors/decode.h) on packets given as
 * byte arrays.
 *
 * Every array was built with Debian's python3-scapy 2.5 and written to a
 * one-packet pcap; the comment above it is TShark 4.0's dissection of that
 * file (`tshark -n -V -O <protocols>` with IP/TCP/UDP checksum validation
 * on; bit-field and generated lines trimmed).  The expected values in the
 * tests are the ones tshark shows.
 */
#include "testutil.h"
#include "../dissectors/decode.h"

/* ---- packets ---------------------------------------------------------------- */

/* eth_tcp_syn: 74 bytes captured, 74 on the wire, link type 1
 * tshark -V -O eth,ip,tcp:
 *   Frame 1: 74 bytes on wire (592 bits), 74 bytes captured (592 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *       Destination: 02:00:00:00:00:14
 *       Source: 02:00:00:00:00:0a
 *       Type: IPv4 (0x0800)
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 60
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: TCP (6)
 *       Header Checksum: 0x3e29 [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 40000, Dst Port: 80, Seq: 1000, Len: 0
 *       Source Port: 40000
 *       Destination Port: 80
 *       Sequence Number: 1000
 *       Acknowledgment Number: 0
 *       1010 .... = Header Length: 40 bytes (10)
 *       Flags: 0x002 (SYN)
 *               [Expert Info (Chat/Sequence): Connection establish request (SYN): server port 80]
 *           [TCP Flags: ··········S·]
 *       Window: 64240
 *       Checksum: 0x399c [correct]
 *       Options: (20 bytes), Maximum segment size, SACK permitted, Timestamps, No-Operation (NOP), Window scale
 *           TCP Option - Maximum segment size: 1460 bytes
 *           TCP Option - SACK permitted
 *           TCP Option - Timestamps: TSval 100007, TSecr 0
 *           TCP Option - No-Operation (NOP)
 *           TCP Option - Window scale: 7 (multiply by 128)
 */
static const uint8_t P_eth_tcp_syn[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3e, 0x29, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x9c, 0x40,
	0x00, 0x50, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02,
	0xfa, 0xf0, 0x39, 0x9c, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02,
	0x08, 0x0a, 0x00, 0x01, 0x86, 0xa7, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03,
	0x03, 0x07,
};
#define LEN_eth_tcp_syn 74
#define LT_eth_tcp_syn 1

/* vlan_udp: 58 bytes captured, 58 on the wire, link type 1
 * tshark -V -O eth,vlan,ip,udp:
 *   Frame 1: 58 bytes on wire (464 bits), 58 bytes captured (464 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *       Destination: 02:00:00:00:00:14
 *       Source: 02:00:00:00:00:0a
 *       Type: 802.1Q Virtual LAN (0x8100)
 *   802.1Q Virtual LAN, PRI: 3, DEI: 0, ID: 100
 *       011. .... .... .... = Priority: Critical Applications (3)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0000 0110 0100 = ID: 100
 *       Type: IPv4 (0x0800)
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 40
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: UDP (17)
 *       Header Checksum: 0x3e32 [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   User Datagram Protocol, Src Port: 53000, Dst Port: 4000
 *       Source Port: 53000
 *       Destination Port: 4000
 *       Length: 20
 *       Checksum: 0x2297 [correct]
 *       UDP payload (12 bytes)
 *   Data (12 bytes)
 */
static const uint8_t P_vlan_udp[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x81, 0x00, 0x60, 0x64, 0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x10, 0x41,
	0x40, 0x00, 0x40, 0x11, 0x3e, 0x32, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33,
	0x64, 0x14, 0xcf, 0x08, 0x0f, 0xa0, 0x00, 0x14, 0x22, 0x97, 0x12, 0x34,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
#define LEN_vlan_udp 58
#define LT_vlan_udp 1

/* qinq_ipv6_udp: 82 bytes captured, 82 on the wire, link type 1
 * tshark -V -O eth,vlan,ipv6,udp:
 *   Frame 1: 82 bytes on wire (656 bits), 82 bytes captured (656 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *       Destination: 02:00:00:00:00:14
 *       Source: 02:00:00:00:00:0a
 *       Type: 802.1ad Provider Bridge (Q-in-Q) (0x88a8)
 *   IEEE 802.1ad, ID: 200
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 100
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0000 0110 0100 = ID: 100
 *       Type: IPv6 (0x86dd)
 *   Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *       0110 .... = Version: 6
 *       Payload Length: 20
 *       Next Header: UDP (17)
 *       Hop Limit: 64
 *       Source Address: 2001:db8::10
 *       Destination Address: 2001:db8:1::20
 *   User Datagram Protocol, Src Port: 53000, Dst Port: 4000
 *       Source Port: 53000
 *       Destination Port: 4000
 *       Length: 20
 *       Checksum: 0x1cd2 [correct]
 *       UDP payload (12 bytes)
 *   Data (12 bytes)
 */
static const uint8_t P_qinq_ipv6_udp[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x88, 0xa8, 0x00, 0xc8, 0x81, 0x00, 0x00, 0x64, 0x86, 0xdd, 0x60, 0x00,
	0x00, 0x00, 0x00, 0x14, 0x11, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x20, 0xcf, 0x08, 0x0f, 0xa0, 0x00, 0x14, 0x1c, 0xd2, 0x71, 0x71,
	0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71,
};
#define LEN_qinq_ipv6_udp 82
#define LT_qinq_ipv6_udp 1

/* vlan8_udp: 78 bytes captured, 78 on the wire, link type 1
 * tshark -V -O vlan,ip,udp:
 *   Frame 1: 78 bytes on wire (624 bits), 78 bytes captured (624 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   IEEE 802.1ad, ID: 1000
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 1001
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0011 1110 1001 = ID: 1001
 *       Type: 802.1Q Virtual LAN (0x8100)
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 1002
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0011 1110 1010 = ID: 1002
 *       Type: 802.1Q Virtual LAN (0x8100)
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 1003
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0011 1110 1011 = ID: 1003
 *       Type: 802.1Q Virtual LAN (0x8100)
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 1004
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0011 1110 1100 = ID: 1004
 *       Type: 802.1Q Virtual LAN (0x8100)
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 1005
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0011 1110 1101 = ID: 1005
 *       Type: 802.1Q Virtual LAN (0x8100)
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 1006
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0011 1110 1110 = ID: 1006
 *       Type: 802.1Q Virtual LAN (0x8100)
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 1007
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0011 1110 1111 = ID: 1007
 *       Type: IPv4 (0x0800)
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 32
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: UDP (17)
 *       Header Checksum: 0x3e3a [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   User Datagram Protocol, Src Port: 53000, Dst Port: 4000
 *       Source Port: 53000
 *       Destination Port: 4000
 *       Length: 12
 *       Checksum: 0x43ea [correct]
 *       UDP payload (4 bytes)
 *   Data (4 bytes)
 */
static const uint8_t P_vlan8_udp[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x88, 0xa8, 0x03, 0xe8, 0x81, 0x00, 0x03, 0xe9, 0x81, 0x00, 0x03, 0xea,
	0x81, 0x00, 0x03, 0xeb, 0x81, 0x00, 0x03, 0xec, 0x81, 0x00, 0x03, 0xed,
	0x81, 0x00, 0x03, 0xee, 0x81, 0x00, 0x03, 0xef, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x20, 0x10, 0x41, 0x40, 0x00, 0x40, 0x11, 0x3e, 0x3a, 0xc0, 0x00,
	0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xcf, 0x08, 0x0f, 0xa0, 0x00, 0x0c,
	0x43, 0xea, 0x78, 0x78, 0x78, 0x78,
};
#define LEN_vlan8_udp 78
#define LT_vlan8_udp 1

/* vlan9_udp: 82 bytes captured, 82 on the wire, link type 1
 * tshark -V -O vlan,ip,udp:
 *   Frame 1: 82 bytes on wire (656 bits), 82 bytes captured (656 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   IEEE 802.1ad, ID: 1000
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 1001
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0011 1110 1001 = ID: 1001
 *       Type: 802.1Q Virtual LAN (0x8100)
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 1002
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0011 1110 1010 = ID: 1002
 *       Type: 802.1Q Virtual LAN (0x8100)
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 1003
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0011 1110 1011 = ID: 1003
 *       Type: 802.1Q Virtual LAN (0x8100)
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 1004
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0011 1110 1100 = ID: 1004
 *       Type: 802.1Q Virtual LAN (0x8100)
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 1005
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0011 1110 1101 = ID: 1005
 *       Type: 802.1Q Virtual LAN (0x8100)
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 1006
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0011 1110 1110 = ID: 1006
 *       Type: 802.1Q Virtual LAN (0x8100)
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 1007
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0011 1110 1111 = ID: 1007
 *       Type: 802.1Q Virtual LAN (0x8100)
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 1008
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0011 1111 0000 = ID: 1008
 *       Type: IPv4 (0x0800)
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 32
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: UDP (17)
 *       Header Checksum: 0x3e3a [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   User Datagram Protocol, Src Port: 53000, Dst Port: 4000
 *       Source Port: 53000
 *       Destination Port: 4000
 *       Length: 12
 *       ... (3 more lines)
 */
static const uint8_t P_vlan9_udp[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x88, 0xa8, 0x03, 0xe8, 0x81, 0x00, 0x03, 0xe9, 0x81, 0x00, 0x03, 0xea,
	0x81, 0x00, 0x03, 0xeb, 0x81, 0x00, 0x03, 0xec, 0x81, 0x00, 0x03, 0xed,
	0x81, 0x00, 0x03, 0xee, 0x81, 0x00, 0x03, 0xef, 0x81, 0x00, 0x03, 0xf0,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x20, 0x10, 0x41, 0x40, 0x00, 0x40, 0x11,
	0x3e, 0x3a, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xcf, 0x08,
	0x0f, 0xa0, 0x00, 0x0c, 0x43, 0xea, 0x78, 0x78, 0x78, 0x78,
};
#define LEN_vlan9_udp 82
#define LT_vlan9_udp 1

/* sll_out_tcp: 56 bytes captured, 56 on the wire, link type 113
 * tshark -V -O sll,ip,tcp:
 *   Frame 1: 56 bytes on wire (448 bits), 56 bytes captured (448 bits)
 *   Linux cooked capture v1
 *       Packet type: Sent by us (4)
 *       Link-layer address type: Ethernet (1)
 *       Link-layer address length: 6
 *       Source: 02:00:00:00:00:0a
 *       Unused: 0000
 *       Protocol: IPv4 (0x0800)
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 40
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: TCP (6)
 *       Header Checksum: 0x3e3d [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 40000, Dst Port: 80, Seq: 5000, Ack: 9000, Len: 0
 *       Source Port: 40000
 *       Destination Port: 80
 *       Sequence Number: 5000
 *       Acknowledgment Number: 9000
 *       0101 .... = Header Length: 20 bytes (5)
 *       Flags: 0x010 (ACK)
 *           [TCP Flags: ·······A····]
 *       Window: 502
 *       Checksum: 0xee4b [correct]
 */
static const uint8_t P_sll_out_tcp[] = {
	0x00, 0x04, 0x00, 0x01, 0x00, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x00, 0x00, 0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x10, 0x41, 0x40, 0x00,
	0x40, 0x06, 0x3e, 0x3d, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14,
	0x9c, 0x40, 0x00, 0x50, 0x00, 0x00, 0x13, 0x88, 0x00, 0x00, 0x23, 0x28,
	0x50, 0x10, 0x01, 0xf6, 0xee, 0x4b, 0x00, 0x00,
};
#define LEN_sll_out_tcp 56
#define LT_sll_out_tcp 113

/* sll2_in_udp: 56 bytes captured, 56 on the wire, link type 276
 * tshark -V -O sll,ip,udp:
 *   Frame 1: 56 bytes on wire (448 bits), 56 bytes captured (448 bits)
 *   Linux cooked capture v2
 *       Protocol: IPv4 (0x0800)
 *       Interface index: 2
 *       Link-layer address type: Ethernet (1)
 *       Packet type: Unicast to us (0)
 *       Link-layer address length: 6
 *       Source: 02:00:00:00:00:14
 *       Unused: 0000
 *   Internet Protocol Version 4, Src: 198.51.100.20, Dst: 192.0.2.10
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 36
 *       Identification: 0x0007 (7)
 *       000. .... = Flags: 0x0
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 63
 *       Protocol: UDP (17)
 *       Header Checksum: 0x8f70 [correct]
 *       Source Address: 198.51.100.20
 *       Destination Address: 192.0.2.10
 *   User Datagram Protocol, Src Port: 4000, Dst Port: 53000
 *       Source Port: 4000
 *       Destination Port: 53000
 *       Length: 16
 *       Checksum: 0x6b09 [correct]
 *       UDP payload (8 bytes)
 *   Data (8 bytes)
 */
static const uint8_t P_sll2_in_udp[] = {
	0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x06,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x45, 0x00, 0x00, 0x24,
	0x00, 0x07, 0x00, 0x00, 0x3f, 0x11, 0x8f, 0x70, 0xc6, 0x33, 0x64, 0x14,
	0xc0, 0x00, 0x02, 0x0a, 0x0f, 0xa0, 0xcf, 0x08, 0x00, 0x10, 0x6b, 0x09,
	0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72, 0x72,
};
#define LEN_sll2_in_udp 56
#define LT_sll2_in_udp 276

/* null_le_ipv4: 37 bytes captured, 37 on the wire, link type 0
 * tshark -V -O null,ip,udp:
 *   Frame 1: 37 bytes on wire (296 bits), 37 bytes captured (296 bits)
 *   Null/Loopback
 *       Family: IP (2)
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 33
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: UDP (17)
 *       Header Checksum: 0x3e39 [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   User Datagram Protocol, Src Port: 53000, Dst Port: 4000
 *       Source Port: 53000
 *       Destination Port: 4000
 *       Length: 13
 *       Checksum: 0xe9fb [correct]
 *       UDP payload (5 bytes)
 *   Data (5 bytes)
 */
static const uint8_t P_null_le_ipv4[] = {
	0x02, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x21, 0x10, 0x41, 0x40, 0x00,
	0x40, 0x11, 0x3e, 0x39, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14,
	0xcf, 0x08, 0x0f, 0xa0, 0x00, 0x0d, 0xe9, 0xfb, 0x6e, 0x6e, 0x6e, 0x6e,
	0x6e,
};
#define LEN_null_le_ipv4 37
#define LT_null_le_ipv4 0

/* null_le_ipv6_30: 57 bytes captured, 57 on the wire, link type 0
 * tshark -V -O null,ipv6,udp:
 *   Frame 1: 57 bytes on wire (456 bits), 57 bytes captured (456 bits)
 *   Null/Loopback
 *       Family: IPv6 (30)
 *   Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *       0110 .... = Version: 6
 *       Payload Length: 13
 *       Next Header: UDP (17)
 *       Hop Limit: 64
 *       Source Address: 2001:db8::10
 *       Destination Address: 2001:db8:1::20
 *   User Datagram Protocol, Src Port: 53000, Dst Port: 4000
 *       Source Port: 53000
 *       Destination Port: 4000
 *       Length: 13
 *       Checksum: 0x231c [correct]
 *       UDP payload (5 bytes)
 *   Data (5 bytes)
 */
static const uint8_t P_null_le_ipv6_30[] = {
	0x1e, 0x00, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00, 0x00, 0x0d, 0x11, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0xcf, 0x08, 0x0f, 0xa0,
	0x00, 0x0d, 0x23, 0x1c, 0x36, 0x36, 0x36, 0x36, 0x36,
};
#define LEN_null_le_ipv6_30 57
#define LT_null_le_ipv6_30 0

/* loop_be_ipv4: 44 bytes captured, 44 on the wire, link type 108
 * tshark -V -O null,ip,tcp:
 *   Frame 1: 44 bytes on wire (352 bits), 44 bytes captured (352 bits)
 *   Null/Loopback
 *       Family: IP (2)
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 40
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: TCP (6)
 *       Header Checksum: 0x3e3d [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 40000, Dst Port: 80, Seq: 1, Len: 0
 *       Source Port: 40000
 *       Destination Port: 80
 *       Sequence Number: 1
 *       Acknowledgment Number: 0
 *       0101 .... = Header Length: 20 bytes (5)
 *       Flags: 0x002 (SYN)
 *               [Expert Info (Chat/Sequence): Connection establish request (SYN): server port 80]
 *           [TCP Flags: ··········S·]
 *       Window: 8192
 *       Checksum: 0x06ff [correct]
 */
static const uint8_t P_loop_be_ipv4[] = {
	0x00, 0x00, 0x00, 0x02, 0x45, 0x00, 0x00, 0x28, 0x10, 0x41, 0x40, 0x00,
	0x40, 0x06, 0x3e, 0x3d, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14,
	0x9c, 0x40, 0x00, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x50, 0x02, 0x20, 0x00, 0x06, 0xff, 0x00, 0x00,
};
#define LEN_loop_be_ipv4 44
#define LT_loop_be_ipv4 108

/* ppp_ipv4: 38 bytes captured, 38 on the wire, link type 9
 * tshark -V -O ppp,ip,udp:
 *   Frame 1: 38 bytes on wire (304 bits), 38 bytes captured (304 bits)
 *   Point-to-Point Protocol
 *       Address: 0xff
 *       Control: 0x03
 *       Protocol: Internet Protocol version 4 (0x0021)
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 34
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: UDP (17)
 *       Header Checksum: 0x3e38 [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   User Datagram Protocol, Src Port: 53000, Dst Port: 4000
 *       Source Port: 53000
 *       Destination Port: 4000
 *       Length: 14
 *       Checksum: 0xe385 [correct]
 *       UDP payload (6 bytes)
 *   Data (6 bytes)
 */
static const uint8_t P_ppp_ipv4[] = {
	0xff, 0x03, 0x00, 0x21, 0x45, 0x00, 0x00, 0x22, 0x10, 0x41, 0x40, 0x00,
	0x40, 0x11, 0x3e, 0x38, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14,
	0xcf, 0x08, 0x0f, 0xa0, 0x00, 0x0e, 0xe3, 0x85, 0x70, 0x70, 0x70, 0x70,
	0x70, 0x70,
};
#define LEN_ppp_ipv4 38
#define LT_ppp_ipv4 9

/* ppp_ipv6: 58 bytes captured, 58 on the wire, link type 9
 * tshark -V -O ppp,ipv6,udp:
 *   Frame 1: 58 bytes on wire (464 bits), 58 bytes captured (464 bits)
 *   Point-to-Point Protocol
 *       Address: 0xff
 *       Control: 0x03
 *       Protocol: Internet Protocol version 6 (0x0057)
 *   Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *       0110 .... = Version: 6
 *       Payload Length: 14
 *       Next Header: UDP (17)
 *       Hop Limit: 64
 *       Source Address: 2001:db8::10
 *       Destination Address: 2001:db8:1::20
 *   User Datagram Protocol, Src Port: 53000, Dst Port: 4000
 *       Source Port: 53000
 *       Destination Port: 4000
 *       Length: 14
 *       Checksum: 0x7435 [correct]
 *       UDP payload (6 bytes)
 *   Data (6 bytes)
 */
static const uint8_t P_ppp_ipv6[] = {
	0xff, 0x03, 0x00, 0x57, 0x60, 0x00, 0x00, 0x00, 0x00, 0x0e, 0x11, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0xcf, 0x08, 0x0f, 0xa0,
	0x00, 0x0e, 0x74, 0x35, 0x70, 0x70, 0x70, 0x70, 0x70, 0x70,
};
#define LEN_ppp_ipv6 58
#define LT_ppp_ipv6 9

/* raw_ipv4: 58 bytes captured, 58 on the wire, link type 101
 * tshark -V -O ip,tcp:
 *   Frame 1: 58 bytes on wire (464 bits), 58 bytes captured (464 bits)
 *   Raw packet data
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 58
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: TCP (6)
 *       Header Checksum: 0x3e2b [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 40000, Dst Port: 80, Seq: 77, Ack: 88, Len: 18
 *       Source Port: 40000
 *       Destination Port: 80
 *       Sequence Number: 77
 *       Acknowledgment Number: 88
 *       0101 .... = Header Length: 20 bytes (5)
 *       Flags: 0x018 (PSH, ACK)
 *           [TCP Flags: ·······AP···]
 *       Window: 8192
 *       Checksum: 0x2793 [correct]
 *   Hypertext Transfer Protocol
 */
static const uint8_t P_raw_ipv4[] = {
	0x45, 0x00, 0x00, 0x3a, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06, 0x3e, 0x2b,
	0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x9c, 0x40, 0x00, 0x50,
	0x00, 0x00, 0x00, 0x4d, 0x00, 0x00, 0x00, 0x58, 0x50, 0x18, 0x20, 0x00,
	0x27, 0x93, 0x00, 0x00, 0x47, 0x45, 0x54, 0x20, 0x2f, 0x20, 0x48, 0x54,
	0x54, 0x50, 0x2f, 0x31, 0x2e, 0x30, 0x0d, 0x0a, 0x0d, 0x0a,
};
#define LEN_raw_ipv4 58
#define LT_raw_ipv4 101

/* raw_ipv6: 60 bytes captured, 60 on the wire, link type 101
 * tshark -V -O ipv6,tcp:
 *   Frame 1: 60 bytes on wire (480 bits), 60 bytes captured (480 bits)
 *   Raw packet data
 *   Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *       0110 .... = Version: 6
 *       Payload Length: 20
 *       Next Header: TCP (6)
 *       Hop Limit: 61
 *       Source Address: 2001:db8::10
 *       Destination Address: 2001:db8:1::20
 *   Transmission Control Protocol, Src Port: 40000, Dst Port: 80, Seq: 77, Len: 0
 *       Source Port: 40000
 *       Destination Port: 80
 *       Sequence Number: 77
 *       Acknowledgment Number: 0
 *       0101 .... = Header Length: 20 bytes (5)
 *       Flags: 0x002 (SYN)
 *               [Expert Info (Chat/Sequence): Connection establish request (SYN): server port 80]
 *           [TCP Flags: ··········S·]
 *       Window: 8192
 *       Checksum: 0x9762 [correct]
 */
static const uint8_t P_raw_ipv6[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x14, 0x06, 0x3d, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x20, 0x9c, 0x40, 0x00, 0x50, 0x00, 0x00, 0x00, 0x4d,
	0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0x20, 0x00, 0x97, 0x62, 0x00, 0x00,
};
#define LEN_raw_ipv6 60
#define LT_raw_ipv6 101

/* raw_version5: 28 bytes captured, 28 on the wire, link type 101
 * tshark -V -O ip:
 *   Frame 1: 28 bytes on wire (224 bits), 28 bytes captured (224 bits)
 *   Raw packet data
 *   Data (28 bytes)
 */
static const uint8_t P_raw_version5[] = {
	0x55, 0x00, 0x00, 0x1c, 0x10, 0x41, 0x40, 0x00, 0x40, 0x11, 0x3e, 0x3e,
	0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x00, 0x01, 0x00, 0x02,
	0x00, 0x08, 0x13, 0x89,
};
#define LEN_raw_version5 28
#define LT_raw_version5 101

/* eth_arp: 42 bytes captured, 42 on the wire, link type 1
 * tshark -V -O eth,arp:
 *   Frame 1: 42 bytes on wire (336 bits), 42 bytes captured (336 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: ff:ff:ff:ff:ff:ff
 *       Destination: ff:ff:ff:ff:ff:ff
 *       Source: 02:00:00:00:00:0a
 *       Type: ARP (0x0806)
 *   Address Resolution Protocol (request)
 *       Hardware type: Ethernet (1)
 *       Protocol type: IPv4 (0x0800)
 *       Hardware size: 6
 *       Protocol size: 4
 *       Opcode: request (1)
 *       Sender MAC address: 02:00:00:00:00:0a
 *       Sender IP address: 192.0.2.10
 *       Target MAC address: 00:00:00:00:00:00
 *       Target IP address: 192.0.2.1
 */
static const uint8_t P_eth_arp[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x0a, 0xc0, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0xc0, 0x00, 0x02, 0x01,
};
#define LEN_eth_arp 42
#define LT_eth_arp 1

/* eth_short: 9 bytes captured, 9 on the wire, link type 1
 * tshark -V -O eth:
 *   Frame 1: 9 bytes on wire (72 bits), 9 bytes captured (72 bits)
 *   [Malformed Packet: Ethernet]
 */
static const uint8_t P_eth_short[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00,
};
#define LEN_eth_short 9
#define LT_eth_short 1

/* ipv4_rr_option_udp: 62 bytes captured, 62 on the wire, link type 1
 * tshark -V -O ip,udp:
 *   Frame 1: 62 bytes on wire (496 bits), 62 bytes captured (496 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 1001 = Header Length: 36 bytes (9)
 *       Total Length: 48
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: UDP (17)
 *       Header Checksum: 0x2cdf [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *       Options: (16 bytes), Record Route
 *           IP Option - Record Route (15 bytes)
 *           IP Option - End of Options List (EOL)
 *   User Datagram Protocol, Src Port: 43000, Dst Port: 7
 *       Source Port: 43000
 *       Destination Port: 7
 *       Length: 12
 *       Checksum: 0x9db1 [correct]
 *       UDP payload (4 bytes)
 *   Echo
 */
static const uint8_t P_ipv4_rr_option_udp[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x49, 0x00, 0x00, 0x30, 0x10, 0x41, 0x40, 0x00, 0x40, 0x11,
	0x2c, 0xdf, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x07, 0x0f,
	0x04, 0xcb, 0x00, 0x71, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0xa7, 0xf8, 0x00, 0x07, 0x00, 0x0c, 0x9d, 0xb1, 0x65, 0x63,
	0x68, 0x6f,
};
#define LEN_ipv4_rr_option_udp 62
#define LT_ipv4_rr_option_udp 1

/* ipv4_bad_option_len: 54 bytes captured, 54 on the wire, link type 1
 * tshark -V -O ip:
 *   Frame 1: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0111 = Header Length: 28 bytes (7)
 *       Total Length: 40
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: UDP (17)
 *       Header Checksum: 0x2ef6 [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *       Options: (8 bytes)
 *           Record Route (with too-short option length = 0 bytes)
 *               [Expert Info (Warning/Protocol): Record Route (with too-short option length = 0 bytes)]
 *   User Datagram Protocol, Src Port: 43000, Dst Port: 7
 *   Echo
 */
static const uint8_t P_ipv4_bad_option_len[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x47, 0x00, 0x00, 0x28, 0x10, 0x41, 0x40, 0x00, 0x40, 0x11,
	0x2e, 0xf6, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x07, 0x00,
	0x04, 0xcb, 0x00, 0x71, 0x01, 0x00, 0xa7, 0xf8, 0x00, 0x07, 0x00, 0x0c,
	0x9d, 0xb1, 0x65, 0x63, 0x68, 0x6f,
};
#define LEN_ipv4_bad_option_len 54
#define LT_ipv4_bad_option_len 1

/* ipv4_ihl4: 54 bytes captured, 54 on the wire, link type 1
 * tshark -V -O ip:
 *   Frame 1: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4
 *       0100 .... = Version: 4
 *       .... 0100 = Header Length: 16 bytes (4)
 *           [Expert Info (Error/Protocol): Bogus IP header length (16, must be at least 20)]
 *               [Bogus IP header length (16, must be at least 20)]
 */
static const uint8_t P_ipv4_ihl4[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x44, 0x00, 0x00, 0x28, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x69, 0x85, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x9c, 0x40,
	0x00, 0x50, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02,
	0x20, 0x00, 0x07, 0x00, 0x00, 0x00,
};
#define LEN_ipv4_ihl4 54
#define LT_ipv4_ihl4 1

/* ipv4_ihl15_gt_totlen: 54 bytes captured, 54 on the wire, link type 1
 * tshark -V -O ip:
 *   Frame 1: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4
 *       0100 .... = Version: 4
 *       .... 1111 = Header Length: 60 bytes (15)
 *       Total Length: 40 bytes (bogus, less than header length 60)
 *           [Expert Info (Error/Protocol): Bogus IP length]
 *               [Bogus IP length]
 */
static const uint8_t P_ipv4_ihl15_gt_totlen[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x4f, 0x00, 0x00, 0x28, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x20, 0xaa, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x9c, 0x40,
	0x00, 0x50, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02,
	0x20, 0x00, 0x07, 0x00, 0x00, 0x00,
};
#define LEN_ipv4_ihl15_gt_totlen 54
#define LT_ipv4_ihl15_gt_totlen 1

/* ipv4_totlen0_tso: 254 bytes captured, 254 on the wire, link type 1
 * tshark -V -O ip,tcp:
 *   Frame 1: 254 bytes on wire (2032 bits), 254 bytes captured (2032 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       [Total Length: 240 bytes (reported as 0, presumed to be because of "TCP segmentation offload" (TSO))]
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: TCP (6)
 *       Header Checksum: 0x3e65 [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 40000, Dst Port: 80, Seq: 2000, Ack: 3000, Len: 200
 *       Source Port: 40000
 *       Destination Port: 80
 *       Sequence Number: 2000
 *       Acknowledgment Number: 3000
 *       0101 .... = Header Length: 20 bytes (5)
 *       Flags: 0x010 (ACK)
 *           [TCP Flags: ·······A····]
 *       Window: 8192
 *       Checksum: 0x01b1 [correct]
 *       TCP segment data (200 bytes)
 */
static const uint8_t P_ipv4_totlen0_tso[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x00, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3e, 0x65, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x9c, 0x40,
	0x00, 0x50, 0x00, 0x00, 0x07, 0xd0, 0x00, 0x00, 0x0b, 0xb8, 0x50, 0x10,
	0x20, 0x00, 0x01, 0xb1, 0x00, 0x00, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54, 0x54,
	0x54, 0x54,
};
#define LEN_ipv4_totlen0_tso 254
#define LT_ipv4_totlen0_tso 1

/* ipv4_totlen_beyond_frame: 62 bytes captured, 62 on the wire, link type 1
 * tshark -V -O ip:
 *   Frame 1: 62 bytes on wire (496 bits), 62 bytes captured (496 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 1500
 *           [Expert Info (Error/Protocol): IPv4 total length exceeds packet length (48 bytes)]
 *               [IPv4 total length exceeds packet length (48 bytes)]
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: UDP (17)
 *       Header Checksum: 0x387e [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   User Datagram Protocol, Src Port: 43000, Dst Port: 7
 *   Echo
 */
static const uint8_t P_ipv4_totlen_beyond_frame[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x05, 0xdc, 0x10, 0x41, 0x40, 0x00, 0x40, 0x11,
	0x38, 0x7e, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xa7, 0xf8,
	0x00, 0x07, 0x00, 0x1c, 0x9c, 0xef, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a,
	0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a, 0x7a,
	0x7a, 0x7a,
};
#define LEN_ipv4_totlen_beyond_frame 62
#define LT_ipv4_totlen_beyond_frame 1

/* ipv4_bad_hdr_csum: 54 bytes captured, 54 on the wire, link type 1
 * tshark -V -O ip:
 *   Frame 1: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 40
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: TCP (6)
 *       Header Checksum: 0x643d incorrect, should be 0x3e3d(may be caused by "IP checksum offload"?)
 *           [Expert Info (Error/Checksum): Bad checksum [should be 0x3e3d]]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 40000, Dst Port: 80, Seq: 0, Len: 0
 */
static const uint8_t P_ipv4_bad_hdr_csum[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x64, 0x3d, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x9c, 0x40,
	0x00, 0x50, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02,
	0x20, 0x00, 0x07, 0x00, 0x00, 0x00,
};
#define LEN_ipv4_bad_hdr_csum 54
#define LT_ipv4_bad_hdr_csum 1

/* eth_padded_udp: 60 bytes captured, 60 on the wire, link type 1
 * tshark -V -O eth,ip,udp:
 *   Frame 1: 60 bytes on wire (480 bits), 60 bytes captured (480 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *       Destination: 02:00:00:00:00:14
 *       Source: 02:00:00:00:00:0a
 *       Type: IPv4 (0x0800)
 *       Padding: 00000000000000000000000000000000
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 30
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: UDP (17)
 *       Header Checksum: 0x3e3c [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   User Datagram Protocol, Src Port: 53000, Dst Port: 4000
 *       Source Port: 53000
 *       Destination Port: 4000
 *       Length: 10
 *       Checksum: 0xd37c [correct]
 *       UDP payload (2 bytes)
 *   Data (2 bytes)
 */
static const uint8_t P_eth_padded_udp[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x1e, 0x10, 0x41, 0x40, 0x00, 0x40, 0x11,
	0x3e, 0x3c, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xcf, 0x08,
	0x0f, 0xa0, 0x00, 0x0a, 0xd3, 0x7c, 0x61, 0x62, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
#define LEN_eth_padded_udp 60
#define LT_eth_padded_udp 1

/* ipv4_first_fragment: 106 bytes captured, 106 on the wire, link type 1
 * tshark -V -O ip:
 *   Frame 1: 106 bytes on wire (848 bits), 106 bytes captured (848 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 92
 *       Identification: 0x4242 (16962)
 *       001. .... = Flags: 0x1, More fragments
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: UDP (17)
 *       Header Checksum: 0x2bfd [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   Data (72 bytes)
 */
static const uint8_t P_ipv4_first_fragment[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x5c, 0x42, 0x42, 0x20, 0x00, 0x40, 0x11,
	0x2b, 0xfd, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xcf, 0x08,
	0x0f, 0xa0, 0x03, 0xf0, 0x12, 0x34, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
};
#define LEN_ipv4_first_fragment 106
#define LT_ipv4_first_fragment 1

/* ipv4_later_fragment: 82 bytes captured, 82 on the wire, link type 1
 * tshark -V -O ip:
 *   Frame 1: 82 bytes on wire (656 bits), 82 bytes captured (656 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 68
 *       Identification: 0x4242 (16962)
 *       000. .... = Flags: 0x0
 *       ...0 0000 0000 1010 = Fragment Offset: 80
 *       Time to Live: 64
 *       Protocol: UDP (17)
 *       Header Checksum: 0x4c0b [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   Data (48 bytes)
 */
static const uint8_t P_ipv4_later_fragment[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x44, 0x42, 0x42, 0x00, 0x0a, 0x40, 0x11,
	0x4c, 0x0b, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x67, 0x67,
	0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67,
	0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67,
	0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67,
	0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67, 0x67,
};
#define LEN_ipv4_later_fragment 82
#define LT_ipv4_later_fragment 1

/* ipv6_ext_chain_tcp: 106 bytes captured, 106 on the wire, link type 1
 * tshark -V -O ipv6,tcp:
 *   Frame 1: 106 bytes on wire (848 bits), 106 bytes captured (848 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *       0110 .... = Version: 6
 *       Payload Length: 52
 *       Next Header: IPv6 Hop-by-Hop Option (0)
 *       Hop Limit: 64
 *       Source Address: 2001:db8::10
 *       Destination Address: 2001:db8:1::20
 *       IPv6 Hop-by-Hop Option
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Routing Header for IPv6 (43)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Routing Header for IPv6 (Experiment 1)
 *           Next Header: Fragment Header for IPv6 (44)
 *           Length: 0
 *           [Length: 8 bytes]
 *           Type: Experiment 1 (253)
 *           Segments Left: 0
 *           Type-Specific Data: 00000000
 *               [Expert Info (Note/Undecoded): Undecoded IPv6 routing header field]
 *       Fragment Header for IPv6
 *           Next header: TCP (6)
 *           Reserved octet: 0x00
 *           Identification: 0x0000abcd
 *   Transmission Control Protocol, Src Port: 43100, Dst Port: 80, Seq: 424242, Len: 0
 *       Source Port: 43100
 *       Destination Port: 80
 *       Sequence Number: 424242
 *       Acknowledgment Number: 0
 *       0101 .... = Header Length: 20 bytes (5)
 *       Flags: 0x002 (SYN)
 *               [Expert Info (Chat/Sequence): Connection establish request (SYN): server port 80]
 *           [TCP Flags: ··········S·]
 *       Window: 8192
 *       Checksum: 0x125b [correct]
 */
static const uint8_t P_ipv6_ext_chain_tcp[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x86, 0xdd, 0x60, 0x00, 0x00, 0x00, 0x00, 0x34, 0x00, 0x40, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00,
	0x00, 0x00, 0x2b, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00,
	0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xab, 0xcd, 0xa8, 0x5c, 0x00, 0x50, 0x00, 0x06, 0x79, 0x32, 0x00, 0x00,
	0x00, 0x00, 0x50, 0x02, 0x20, 0x00, 0x12, 0x5b, 0x00, 0x00,
};
#define LEN_ipv6_ext_chain_tcp 106
#define LT_ipv6_ext_chain_tcp 1

/* ipv6_ext16_tcp: 188 bytes captured, 188 on the wire, link type 101
 * tshark -V -O ipv6,tcp:
 *   Frame 1: 188 bytes on wire (1504 bits), 188 bytes captured (1504 bits)
 *   Raw packet data
 *   Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *       0110 .... = Version: 6
 *       Payload Length: 148
 *       Next Header: Destination Options for IPv6 (60)
 *       Hop Limit: 64
 *       Source Address: 2001:db8::10
 *       Destination Address: 2001:db8:1::20
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       ... (41 more lines)
 */
static const uint8_t P_ipv6_ext16_tcp[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x94, 0x3c, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x20, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0xa8, 0x5d, 0x00, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x50, 0x02, 0x20, 0x00, 0x8b, 0x91, 0x00, 0x00,
};
#define LEN_ipv6_ext16_tcp 188
#define LT_ipv6_ext16_tcp 101

/* ipv6_ext17_tcp: 196 bytes captured, 196 on the wire, link type 101
 * tshark -V -O ipv6:
 *   Frame 1: 196 bytes on wire (1568 bits), 196 bytes captured (1568 bits)
 *   Raw packet data
 *   Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *       0110 .... = Version: 6
 *       Payload Length: 156
 *       Next Header: Destination Options for IPv6 (60)
 *       Hop Limit: 64
 *       Source Address: 2001:db8::10
 *       Destination Address: 2001:db8:1::20
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       Destination Options for IPv6
 *           Next Header: Destination Options for IPv6 (60)
 *           Length: 0
 *           [Length: 8 bytes]
 *           PadN
 *       ... (36 more lines)
 */
static const uint8_t P_ipv6_ext17_tcp[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x9c, 0x3c, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x20, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x06, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0xa8, 0x5e, 0x00, 0x50,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0x20, 0x00,
	0x8b, 0x90, 0x00, 0x00,
};
#define LEN_ipv6_ext17_tcp 196
#define LT_ipv6_ext17_tcp 101

/* ipv6_ext_overrun: 68 bytes captured, 68 on the wire, link type 101
 * tshark -V -O ipv6:
 *   Frame 1: 68 bytes on wire (544 bits), 68 bytes captured (544 bits)
 *   Raw packet data
 *   Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *       0110 .... = Version: 6
 *       Payload Length: 28
 *       Next Header: IPv6 Hop-by-Hop Option (0)
 *       Hop Limit: 64
 *       Source Address: 2001:db8::10
 *       Destination Address: 2001:db8:1::20
 *       IPv6 Hop-by-Hop Option
 *           Next Header: TCP (6)
 *           Length: 100
 *           [Length: 808 bytes]
 *           PadN
 *           Unknown IPv6 Option (168)
 *   [Malformed Packet: IPv6 Hop-by-Hop]
 */
static const uint8_t P_ipv6_ext_overrun[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x20, 0x06, 0x64, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0xa8, 0x5f, 0x00, 0x50, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x50, 0x02, 0x20, 0x00, 0x8b, 0x90, 0x00, 0x00,
};
#define LEN_ipv6_ext_overrun 68
#define LT_ipv6_ext_overrun 101

/* ipv6_paylen_beyond_frame: 60 bytes captured, 60 on the wire, link type 101
 * tshark -V -O ipv6:
 *   Frame 1: 60 bytes on wire (480 bits), 60 bytes captured (480 bits)
 *   Raw packet data
 *   Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *       0110 .... = Version: 6
 *       Payload Length: 400
 *           [Expert Info (Warning/Protocol): IPv6 payload length exceeds framing length (20 bytes)]
 *               [IPv6 payload length exceeds framing length (20 bytes)]
 *       Next Header: UDP (17)
 *       Hop Limit: 64
 *       Source Address: 2001:db8::10
 *       Destination Address: 2001:db8:1::20
 *   User Datagram Protocol, Src Port: 53000, Dst Port: 4000
 *   Data (12 bytes)
 */
static const uint8_t P_ipv6_paylen_beyond_frame[] = {
	0x60, 0x00, 0x00, 0x00, 0x01, 0x90, 0x11, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x20, 0xcf, 0x08, 0x0f, 0xa0, 0x00, 0x14, 0xf8, 0xad,
	0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77,
};
#define LEN_ipv6_paylen_beyond_frame 60
#define LT_ipv6_paylen_beyond_frame 101

/* tcp_sack_blocks: 94 bytes captured, 94 on the wire, link type 1
 * tshark -V -O tcp:
 *   Frame 1: 94 bytes on wire (752 bits), 94 bytes captured (752 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 40000, Dst Port: 80, Seq: 7000, Ack: 50001, Len: 0
 *       Source Port: 40000
 *       Destination Port: 80
 *       Sequence Number: 7000
 *       Acknowledgment Number: 50001
 *       1111 .... = Header Length: 60 bytes (15)
 *       Flags: 0x010 (ACK)
 *           [TCP Flags: ·······A····]
 *       Window: 501
 *       Checksum: 0xd21c [correct]
 *       Options: (40 bytes), No-Operation (NOP), No-Operation (NOP), Timestamps, SACK, End of Option List (EOL), End of Option List (EOL)
 *           TCP Option - No-Operation (NOP)
 *           TCP Option - No-Operation (NOP)
 *           TCP Option - Timestamps: TSval 1111, TSecr 2222
 *           TCP Option - SACK 60001-61001 62001-63001 64001-65001
 *           TCP Option - End of Option List (EOL)
 *           TCP Option - End of Option List (EOL)
 */
static const uint8_t P_tcp_sack_blocks[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x50, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3e, 0x15, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x9c, 0x40,
	0x00, 0x50, 0x00, 0x00, 0x1b, 0x58, 0x00, 0x00, 0xc3, 0x51, 0xf0, 0x10,
	0x01, 0xf5, 0xd2, 0x1c, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0x00, 0x00,
	0x04, 0x57, 0x00, 0x00, 0x08, 0xae, 0x05, 0x1a, 0x00, 0x00, 0xea, 0x61,
	0x00, 0x00, 0xee, 0x49, 0x00, 0x00, 0xf2, 0x31, 0x00, 0x00, 0xf6, 0x19,
	0x00, 0x00, 0xfa, 0x01, 0x00, 0x00, 0xfd, 0xe9, 0x00, 0x00,
};
#define LEN_tcp_sack_blocks 94
#define LT_tcp_sack_blocks 1

/* tcp_mss_len0: 58 bytes captured, 58 on the wire, link type 1
 * tshark -V -O tcp:
 *   Frame 1: 58 bytes on wire (464 bits), 58 bytes captured (464 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 43200, Dst Port: 80, Seq: 9, Len: 0
 *       Source Port: 43200
 *       Destination Port: 80
 *       Sequence Number: 9
 *       Acknowledgment Number: 0
 *       0110 .... = Header Length: 24 bytes (6)
 *       Flags: 0x002 (SYN)
 *               [Expert Info (Chat/Sequence): Connection establish request (SYN): server port 80]
 *           [TCP Flags: ··········S·]
 *       Window: 1024
 *       Checksum: 0x0473 [correct]
 *       Options: (4 bytes)
 *           Maximum segment size (with too-short option length = 0 bytes)
 *               [Expert Info (Note/Sequence): Maximum segment size (with too-short option length = 0 bytes)]
 */
static const uint8_t P_tcp_mss_len0[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x2c, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3e, 0x39, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xa8, 0xc0,
	0x00, 0x50, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x60, 0x02,
	0x04, 0x00, 0x04, 0x73, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
};
#define LEN_tcp_mss_len0 58
#define LT_tcp_mss_len0 1

/* tcp_ws_len1: 58 bytes captured, 58 on the wire, link type 1
 * tshark -V -O tcp:
 *   Frame 1: 58 bytes on wire (464 bits), 58 bytes captured (464 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 43200, Dst Port: 80, Seq: 9, Len: 0
 *       Source Port: 43200
 *       Destination Port: 80
 *       Sequence Number: 9
 *       Acknowledgment Number: 0
 *       0110 .... = Header Length: 24 bytes (6)
 *       Flags: 0x002 (SYN)
 *               [Expert Info (Chat/Sequence): Connection establish request (SYN): server port 80]
 *           [TCP Flags: ··········S·]
 *       Window: 1024
 *       Checksum: 0x0372 [correct]
 *       Options: (4 bytes)
 *           Window scale (with too-short option length = 1 byte)
 *               [Expert Info (Note/Sequence): Window scale (with too-short option length = 1 byte)]
 */
static const uint8_t P_tcp_ws_len1[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x2c, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3e, 0x39, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xa8, 0xc0,
	0x00, 0x50, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x60, 0x02,
	0x04, 0x00, 0x03, 0x72, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00,
};
#define LEN_tcp_ws_len1 58
#define LT_tcp_ws_len1 1

/* tcp_ts_overrun: 58 bytes captured, 58 on the wire, link type 1
 * tshark -V -O tcp:
 *   Frame 1: 58 bytes on wire (464 bits), 58 bytes captured (464 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 43200, Dst Port: 80, Seq: 9, Len: 0
 *       Source Port: 43200
 *       Destination Port: 80
 *       Sequence Number: 9
 *       Acknowledgment Number: 0
 *       0110 .... = Header Length: 24 bytes (6)
 *       Flags: 0x002 (SYN)
 *               [Expert Info (Chat/Sequence): Connection establish request (SYN): server port 80]
 *           [TCP Flags: ··········S·]
 *       Window: 1024
 *       Checksum: 0xfd67 [correct]
 *       Options: (4 bytes), No-Operation (NOP), No-Operation (NOP)
 *           TCP Option - No-Operation (NOP)
 *           TCP Option - No-Operation (NOP)
 *           Timestamps (option length = 10 bytes says option goes past end of options)
 *               [Expert Info (Note/Sequence): Timestamps (option length = 10 bytes says option goes past end of options)]
 */
static const uint8_t P_tcp_ts_overrun[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x2c, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3e, 0x39, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xa8, 0xc0,
	0x00, 0x50, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x60, 0x02,
	0x04, 0x00, 0xfd, 0x67, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a,
};
#define LEN_tcp_ts_overrun 58
#define LT_tcp_ts_overrun 1

/* tcp_doff4: 54 bytes captured, 54 on the wire, link type 1
 * tshark -V -O tcp:
 *   Frame 1: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 43200, Dst Port: 80, Seq: 9
 *       Source Port: 43200
 *       Destination Port: 80
 *       Sequence Number: 9
 *       0100 .... = Header Length: 16 bytes (4)
 *           [Expert Info (Error/Protocol): Bogus TCP header length (16, must be at least 20)]
 *               [Bogus TCP header length (16, must be at least 20)]
 */
static const uint8_t P_tcp_doff4[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3e, 0x3d, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xa8, 0xc0,
	0x00, 0x50, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x40, 0x02,
	0x04, 0x00, 0x26, 0x77, 0x00, 0x00,
};
#define LEN_tcp_doff4 54
#define LT_tcp_doff4 1

/* tcp_doff15_short: 54 bytes captured, 54 on the wire, link type 1
 * tshark -V -O tcp:
 *   Frame 1: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 43200, Dst Port: 80, Seq: 9
 *       Source Port: 43200
 *       Destination Port: 80
 *       Short segment. Segment/fragment does not contain a full TCP header (might be NMAP or someone else deliberately sending unusual packets)
 *           [Expert Info (Warning/Malformed): Short segment. Segment/fragment does not contain a full TCP header (might be NMAP or someone else deliberately sending unusual packets)]
 *       Sequence Number: 9
 *       Acknowledgment Number: 0
 *       1111 .... = Header Length: 60 bytes (15)
 *       Flags: 0x002 (SYN)
 *               [Expert Info (Chat/Sequence): Connection establish request (SYN): server port 80]
 *           [TCP Flags: ··········S·]
 *       Window: 1024
 *       Checksum: 0x7676 [correct]
 *       Options: (40 bytes)
 *   [Malformed Packet: TCP]
 */
static const uint8_t P_tcp_doff15_short[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3e, 0x3d, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xa8, 0xc0,
	0x00, 0x50, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0xf0, 0x02,
	0x04, 0x00, 0x76, 0x76, 0x00, 0x00,
};
#define LEN_tcp_doff15_short 54
#define LT_tcp_doff15_short 1

/* tcp_syn_fin: 54 bytes captured, 54 on the wire, link type 1
 * tshark -V -O tcp:
 *   Frame 1: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 43201, Dst Port: 80, Seq: 1, Len: 0
 *       Source Port: 43201
 *       Destination Port: 80
 *       Sequence Number: 1
 *       Acknowledgment Number: 0
 *       0101 .... = Header Length: 20 bytes (5)
 *       Flags: 0x003 (FIN, SYN)
 *               [Expert Info (Chat/Sequence): Connection establish request (SYN): server port 80]
 *               [Expert Info (Chat/Sequence): Connection finish (FIN)]
 *           [TCP Flags: ··········SF]
 *               [Expert Info (Note/Sequence): This frame initiates the connection closing]
 *       Window: 8192
 *       Checksum: 0xfa7c [correct]
 */
static const uint8_t P_tcp_syn_fin[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3e, 0x3d, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xa8, 0xc1,
	0x00, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x50, 0x03,
	0x20, 0x00, 0xfa, 0x7c, 0x00, 0x00,
};
#define LEN_tcp_syn_fin 54
#define LT_tcp_syn_fin 1

/* tcp_no_flags: 54 bytes captured, 54 on the wire, link type 1
 * tshark -V -O tcp:
 *   Frame 1: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 43202, Dst Port: 80, Seq: 1, Len: 0
 *       Source Port: 43202
 *       Destination Port: 80
 *       Sequence Number: 1
 *       Acknowledgment Number: 0
 *       0101 .... = Header Length: 20 bytes (5)
 *       Flags: 0x000 (<None>)
 *           [TCP Flags: ············]
 *       Window: 8192
 *       Checksum: 0xfa7e [correct]
 */
static const uint8_t P_tcp_no_flags[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3e, 0x3d, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xa8, 0xc2,
	0x00, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x50, 0x00,
	0x20, 0x00, 0xfa, 0x7e, 0x00, 0x00,
};
#define LEN_tcp_no_flags 54
#define LT_tcp_no_flags 1

/* tcp_payload: 71 bytes captured, 71 on the wire, link type 1
 * tshark -V -O tcp:
 *   Frame 1: 71 bytes on wire (568 bits), 71 bytes captured (568 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 80, Dst Port: 40000, Seq: 100, Ack: 200, Len: 17
 *       Source Port: 80
 *       Destination Port: 40000
 *       Sequence Number: 100
 *       Acknowledgment Number: 200
 *       0101 .... = Header Length: 20 bytes (5)
 *       Flags: 0x018 (PSH, ACK)
 *           [TCP Flags: ·······AP···]
 *       Window: 8192
 *       Checksum: 0x45e7 [correct]
 *       TCP segment data (17 bytes)
 */
static const uint8_t P_tcp_payload[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x39, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3e, 0x2c, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x00, 0x50,
	0x9c, 0x40, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0xc8, 0x50, 0x18,
	0x20, 0x00, 0x45, 0xe7, 0x00, 0x00, 0x48, 0x54, 0x54, 0x50, 0x2f, 0x31,
	0x2e, 0x31, 0x20, 0x32, 0x30, 0x30, 0x20, 0x4f, 0x4b, 0x0d, 0x0a,
};
#define LEN_tcp_payload 71
#define LT_tcp_payload 1

/* udp_len4: 54 bytes captured, 54 on the wire, link type 1
 * tshark -V -O udp:
 *   Frame 1: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   User Datagram Protocol, Src Port: 43300, Dst Port: 9
 *       Source Port: 43300
 *       Destination Port: 9
 *       Length: 4 (bogus, must be >= 8)
 *           [Expert Info (Error/Malformed): Bad length value 4 < 8]
 */
static const uint8_t P_udp_len4[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x10, 0x41, 0x40, 0x00, 0x40, 0x11,
	0x3e, 0x32, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xa9, 0x24,
	0x00, 0x09, 0x00, 0x04, 0x00, 0x00, 0x75, 0x75, 0x75, 0x75, 0x75, 0x75,
	0x75, 0x75, 0x75, 0x75, 0x75, 0x75,
};
#define LEN_udp_len4 54
#define LT_udp_len4 1

/* udp_len200: 54 bytes captured, 54 on the wire, link type 1
 * tshark -V -O udp:
 *   Frame 1: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   User Datagram Protocol, Src Port: 43301, Dst Port: 9
 *       Source Port: 43301
 *       Destination Port: 9
 *       Length: 200 (bogus, payload length 20)
 *           [Expert Info (Error/Malformed): Bad length value 200 > IP payload length]
 *       Checksum: 0x0000 [zero-value ignored]
 *       UDP payload (12 bytes)
 *   Data (12 bytes)
 */
static const uint8_t P_udp_len200[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x10, 0x41, 0x40, 0x00, 0x40, 0x11,
	0x3e, 0x32, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xa9, 0x25,
	0x00, 0x09, 0x00, 0xc8, 0x00, 0x00, 0x75, 0x75, 0x75, 0x75, 0x75, 0x75,
	0x75, 0x75, 0x75, 0x75, 0x75, 0x75,
};
#define LEN_udp_len200 54
#define LT_udp_len200 1

/* udp_csum0: 46 bytes captured, 46 on the wire, link type 1
 * tshark -V -O udp:
 *   Frame 1: 46 bytes on wire (368 bits), 46 bytes captured (368 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   User Datagram Protocol, Src Port: 43302, Dst Port: 9
 *       Source Port: 43302
 *       Destination Port: 9
 *       Length: 12
 *       Checksum: 0x0000 [zero-value ignored]
 *       UDP payload (4 bytes)
 *   Data (4 bytes)
 */
static const uint8_t P_udp_csum0[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x20, 0x10, 0x41, 0x40, 0x00, 0x40, 0x11,
	0x3e, 0x3a, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xa9, 0x26,
	0x00, 0x09, 0x00, 0x0c, 0x00, 0x00, 0x7a, 0x65, 0x72, 0x6f,
};
#define LEN_udp_csum0 46
#define LT_udp_csum0 1

/* udp6_good: 54 bytes captured, 54 on the wire, link type 101
 * tshark -V -O udp:
 *   Frame 1: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)
 *   Raw packet data
 *   Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *   User Datagram Protocol, Src Port: 43303, Dst Port: 4000
 *       Source Port: 43303
 *       Destination Port: 4000
 *       Length: 14
 *       Checksum: 0xf04b [correct]
 *       UDP payload (6 bytes)
 *   Data (6 bytes)
 */
static const uint8_t P_udp6_good[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x0e, 0x11, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x20, 0xa9, 0x27, 0x0f, 0xa0, 0x00, 0x0e, 0xf0, 0x4b,
	0x76, 0x36, 0x20, 0x75, 0x64, 0x70,
};
#define LEN_udp6_good 54
#define LT_udp6_good 101

/* udp_bad_csum: 45 bytes captured, 45 on the wire, link type 1
 * tshark -V -O udp:
 *   Frame 1: 45 bytes on wire (360 bits), 45 bytes captured (360 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   User Datagram Protocol, Src Port: 43304, Dst Port: 4000
 *       Source Port: 43304
 *       Destination Port: 4000
 *       Length: 11
 *       Checksum: 0xbeef incorrect, should be 0x945b (maybe caused by "UDP checksum offload"?)
 *           [Expert Info (Error/Checksum): Bad checksum [should be 0x945b]]
 *       UDP payload (3 bytes)
 *   Data (3 bytes)
 */
static const uint8_t P_udp_bad_csum[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x1f, 0x10, 0x41, 0x40, 0x00, 0x40, 0x11,
	0x3e, 0x3b, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xa9, 0x28,
	0x0f, 0xa0, 0x00, 0x0b, 0xbe, 0xef, 0x62, 0x61, 0x64,
};
#define LEN_udp_bad_csum 45
#define LT_udp_bad_csum 1

/* icmp_port_unreach: 75 bytes captured, 75 on the wire, link type 1
 * tshark -V -O icmp:
 *   Frame 1: 75 bytes on wire (600 bits), 75 bytes captured (600 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 198.51.100.20, Dst: 192.0.2.10
 *   Internet Control Message Protocol
 *       Type: 3 (Destination unreachable)
 *       Code: 3 (Port unreachable)
 *       Checksum: 0xe96d [correct]
 *       Unused: 00000000
 *       Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *           Total Length: 33
 *           Identification: 0x0505 (1285)
 *           Time to Live: 64
 *           Protocol: UDP (17)
 *           Header Checksum: 0x4975 [correct]
 *       User Datagram Protocol, Src Port: 43405, Dst Port: 9999
 *           Source Port: 43405
 *           Destination Port: 9999
 *           Length: 13
 *           Checksum: 0xfe0f [correct]
 *           UDP payload (5 bytes)
 *   Data (5 bytes)
 */
static const uint8_t P_icmp_port_unreach[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x3d, 0x00, 0x09, 0x00, 0x00, 0x40, 0x01,
	0x8e, 0x65, 0xc6, 0x33, 0x64, 0x14, 0xc0, 0x00, 0x02, 0x0a, 0x03, 0x03,
	0xe9, 0x6d, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x21, 0x05, 0x05,
	0x40, 0x00, 0x40, 0x11, 0x49, 0x75, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33,
	0x64, 0x14, 0xa9, 0x8d, 0x27, 0x0f, 0x00, 0x0d, 0xfe, 0x0f, 0x70, 0x72,
	0x6f, 0x62, 0x65,
};
#define LEN_icmp_port_unreach 75
#define LT_icmp_port_unreach 1

/* icmp_frag_needed: 102 bytes captured, 102 on the wire, link type 1
 * tshark -V -O icmp:
 *   Frame 1: 102 bytes on wire (816 bits), 102 bytes captured (816 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 203.0.113.1, Dst: 192.0.2.10
 *   Internet Control Message Protocol
 *       Type: 3 (Destination unreachable)
 *       Code: 4 (Fragmentation needed)
 *       Checksum: 0xe404 [correct]
 *       Unused: 0000
 *       MTU of next hop: 1400
 *       Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *           Total Length: 60
 *           Identification: 0x0606 (1542)
 *           Time to Live: 64
 *           Protocol: TCP (6)
 *           Header Checksum: 0x4864 [correct]
 *       Transmission Control Protocol, Src Port: 43402, Dst Port: 80, Seq: 16909060
 *           Source Port: 43402
 *           Destination Port: 80
 *           Sequence Number: 16909060
 *           Acknowledgment Number: 0
 *           Flags: 0x002 (SYN)
 *                   [Expert Info (Chat/Sequence): Connection establish request (SYN): server port 80]
 *           Window: 8192
 *           Checksum: 0x8dcc [correct]
 *           Options: (20 bytes), Maximum segment size, SACK permitted, Timestamps, No-Operation (NOP), Window scale
 */
static const uint8_t P_icmp_frag_needed[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x58, 0x00, 0x0a, 0x00, 0x00, 0xfe, 0x01,
	0xbe, 0x8e, 0xcb, 0x00, 0x71, 0x01, 0xc0, 0x00, 0x02, 0x0a, 0x03, 0x04,
	0xe4, 0x04, 0x00, 0x00, 0x05, 0x78, 0x45, 0x00, 0x00, 0x3c, 0x06, 0x06,
	0x40, 0x00, 0x40, 0x06, 0x48, 0x64, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33,
	0x64, 0x14, 0xa9, 0x8a, 0x00, 0x50, 0x01, 0x02, 0x03, 0x04, 0x00, 0x00,
	0x00, 0x00, 0xa0, 0x02, 0x20, 0x00, 0x8d, 0xcc, 0x00, 0x00, 0x02, 0x04,
	0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
};
#define LEN_icmp_frag_needed 102
#define LT_icmp_frag_needed 1

/* icmp_admin_prohib_8: 70 bytes captured, 70 on the wire, link type 1
 * tshark -V -O icmp:
 *   Frame 1: 70 bytes on wire (560 bits), 70 bytes captured (560 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 203.0.113.1, Dst: 192.0.2.10
 *   Internet Control Message Protocol
 *       Type: 3 (Destination unreachable)
 *       Code: 13 (Communication administratively filtered)
 *       Checksum: 0x4f12 [correct]
 *       Unused: 00000000
 *       Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *           Total Length: 60
 *           Identification: 0x0606 (1542)
 *           Time to Live: 64
 *           Protocol: TCP (6)
 *           Header Checksum: 0x4864 [correct]
 *       Transmission Control Protocol, Src Port: 43402, Dst Port: 80
 *           Source Port: 43402
 *           Destination Port: 80
 *           Sequence Number: 16909060
 */
static const uint8_t P_icmp_admin_prohib_8[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x38, 0x00, 0x0b, 0x00, 0x00, 0x40, 0x01,
	0x7c, 0xae, 0xcb, 0x00, 0x71, 0x01, 0xc0, 0x00, 0x02, 0x0a, 0x03, 0x0d,
	0x4f, 0x12, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x06, 0x06,
	0x40, 0x00, 0x40, 0x06, 0x48, 0x64, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33,
	0x64, 0x14, 0xa9, 0x8a, 0x00, 0x50, 0x01, 0x02, 0x03, 0x04,
};
#define LEN_icmp_admin_prohib_8 70
#define LT_icmp_admin_prohib_8 1

/* icmp_quote_trunc: 64 bytes captured, 64 on the wire, link type 1
 * tshark -V -O icmp:
 *   Frame 1: 64 bytes on wire (512 bits), 64 bytes captured (512 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 203.0.113.1, Dst: 192.0.2.10
 *   Internet Control Message Protocol
 *       Type: 3 (Destination unreachable)
 *       Code: 13 (Communication administratively filtered)
 *       Checksum: 0x5368 [correct]
 *       Unused: 00000000
 *       Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *           Total Length: 60
 *           Identification: 0x0606 (1542)
 *           Time to Live: 64
 *           Protocol: TCP (6)
 *           Header Checksum: 0x4864 [correct]
 */
static const uint8_t P_icmp_quote_trunc[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x32, 0x00, 0x0c, 0x00, 0x00, 0x40, 0x01,
	0x7c, 0xb3, 0xcb, 0x00, 0x71, 0x01, 0xc0, 0x00, 0x02, 0x0a, 0x03, 0x0d,
	0x53, 0x68, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x06, 0x06,
	0x40, 0x00, 0x40, 0x06, 0x48, 0x64, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33,
	0x64, 0x14, 0xa9, 0x8a,
};
#define LEN_icmp_quote_trunc 64
#define LT_icmp_quote_trunc 1

/* icmp_quote_bad_ihl: 70 bytes captured, 70 on the wire, link type 1
 * tshark -V -O icmp:
 *   Frame 1: 70 bytes on wire (560 bits), 70 bytes captured (560 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 203.0.113.1, Dst: 192.0.2.10
 *   Internet Control Message Protocol
 *       Type: 3 (Destination unreachable)
 *       Code: 13 (Communication administratively filtered)
 *       Checksum: 0x4512 [correct]
 *       Unused: 00000000
 *       Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *           Total Length: 60
 *           Identification: 0x0606 (1542)
 *           Time to Live: 64
 *           Protocol: TCP (6)
 *           Header Checksum: 0x4864 [not all data available]
 */
static const uint8_t P_icmp_quote_bad_ihl[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x38, 0x00, 0x0d, 0x00, 0x00, 0x40, 0x01,
	0x7c, 0xac, 0xcb, 0x00, 0x71, 0x01, 0xc0, 0x00, 0x02, 0x0a, 0x03, 0x0d,
	0x45, 0x12, 0x00, 0x00, 0x00, 0x00, 0x4f, 0x00, 0x00, 0x3c, 0x06, 0x06,
	0x40, 0x00, 0x40, 0x06, 0x48, 0x64, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33,
	0x64, 0x14, 0xa9, 0x8a, 0x00, 0x50, 0x01, 0x02, 0x03, 0x04,
};
#define LEN_icmp_quote_bad_ihl 70
#define LT_icmp_quote_bad_ihl 1

/* icmp_quotes_icmp_error: 70 bytes captured, 70 on the wire, link type 1
 * tshark -V -O icmp:
 *   Frame 1: 70 bytes on wire (560 bits), 70 bytes captured (560 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 203.0.113.1, Dst: 198.51.100.20
 *   Internet Control Message Protocol
 *       Type: 3 (Destination unreachable)
 *       Code: 1 (Host unreachable)
 *       Checksum: 0x108e [correct]
 *       Unused: 00000000
 *       Internet Protocol Version 4, Src: 198.51.100.20, Dst: 192.0.2.10
 *           Total Length: 61
 *           Identification: 0x0009 (9)
 *           Time to Live: 64
 *           Protocol: ICMP (1)
 *           Header Checksum: 0x8e65 [correct]
 *       Internet Control Message Protocol
 *           Type: 3 (Destination unreachable)
 *           Code: 3 (Port unreachable)
 *           Checksum: 0xe96d [unverified] [in ICMP error packet]
 *           Unused: 00000000
 */
static const uint8_t P_icmp_quotes_icmp_error[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x38, 0x00, 0x0e, 0x00, 0x00, 0x40, 0x01,
	0x14, 0x6e, 0xcb, 0x00, 0x71, 0x01, 0xc6, 0x33, 0x64, 0x14, 0x03, 0x01,
	0x10, 0x8e, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x3d, 0x00, 0x09,
	0x00, 0x00, 0x40, 0x01, 0x8e, 0x65, 0xc6, 0x33, 0x64, 0x14, 0xc0, 0x00,
	0x02, 0x0a, 0x03, 0x03, 0xe9, 0x6d, 0x00, 0x00, 0x00, 0x00,
};
#define LEN_icmp_quotes_icmp_error 70
#define LT_icmp_quotes_icmp_error 1

/* icmp_ttl_exceeded_echo: 74 bytes captured, 74 on the wire, link type 1
 * tshark -V -O icmp:
 *   Frame 1: 74 bytes on wire (592 bits), 74 bytes captured (592 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 203.0.113.1, Dst: 192.0.2.10
 *   Internet Control Message Protocol
 *       Type: 11 (Time-to-live exceeded)
 *       Code: 0 (Time to live exceeded in transit)
 *       Checksum: 0xf4ff [correct]
 *       Unused: 00000000
 *       Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *           Total Length: 32
 *           Identification: 0x000f (15)
 *           Time to Live: 64
 *           Protocol: ICMP (1)
 *           Header Checksum: 0x8e7c [correct]
 *       Internet Control Message Protocol
 *           Type: 8 (Echo (ping) request)
 *           Code: 0
 *           Checksum: 0x06fa [unverified] [in ICMP error packet]
 *           Identifier (BE): 4660 (0x1234)
 *           Identifier (LE): 13330 (0x3412)
 *           Sequence Number (BE): 1 (0x0001)
 *           Sequence Number (LE): 256 (0x0100)
 *           Data (4 bytes)
 *   0000  70 69 6e 67                                       ping
 */
static const uint8_t P_icmp_ttl_exceeded_echo[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x00, 0x10, 0x00, 0x00, 0x40, 0x01,
	0x7c, 0xa5, 0xcb, 0x00, 0x71, 0x01, 0xc0, 0x00, 0x02, 0x0a, 0x0b, 0x00,
	0xf4, 0xff, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x20, 0x00, 0x0f,
	0x00, 0x00, 0x40, 0x01, 0x8e, 0x7c, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33,
	0x64, 0x14, 0x08, 0x00, 0x06, 0xfa, 0x12, 0x34, 0x00, 0x01, 0x70, 0x69,
	0x6e, 0x67,
};
#define LEN_icmp_ttl_exceeded_echo 74
#define LT_icmp_ttl_exceeded_echo 1

/* icmp_echo: 58 bytes captured, 58 on the wire, link type 1
 * tshark -V -O icmp:
 *   Frame 1: 58 bytes on wire (464 bits), 58 bytes captured (464 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Internet Control Message Protocol
 *       Type: 8 (Echo (ping) request)
 *       Code: 0
 *       Checksum: 0xb68d [correct]
 *       Identifier (BE): 4660 (0x1234)
 *       Identifier (LE): 13330 (0x3412)
 *       Sequence Number (BE): 7 (0x0007)
 *       Sequence Number (LE): 1792 (0x0700)
 *       Data (16 bytes)
 *   0000  30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66   0123456789abcdef
 *           Data: 30313233343536373839616263646566
 *           [Length: 16]
 */
static const uint8_t P_icmp_echo[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x2c, 0x00, 0x11, 0x00, 0x00, 0x40, 0x01,
	0x8e, 0x6e, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x08, 0x00,
	0xb6, 0x8d, 0x12, 0x34, 0x00, 0x07, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35,
	0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
};
#define LEN_icmp_echo 58
#define LT_icmp_echo 1

/* icmp6_packet_too_big: 1280 bytes captured, 1280 on the wire, link type 101
 * tshark -V -O icmpv6:
 *   Frame 1: 1280 bytes on wire (10240 bits), 1280 bytes captured (10240 bits)
 *   Raw packet data
 *   Internet Protocol Version 6, Src: 2001:db8:ffff::1, Dst: 2001:db8::10
 *   Internet Control Message Protocol v6
 *       Type: Packet Too Big (2)
 *       Code: 0
 *       Checksum: 0x9896 [correct]
 *       MTU: 1280
 *       Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *           Payload Length: 1420
 *           Next Header: TCP (6)
 *           Hop Limit: 64
 *       Transmission Control Protocol, Src Port: 43406, Dst Port: 80, Seq: 168496141, Ack: 1
 *           Source Port: 43406
 *           Destination Port: 80
 *           Sequence Number: 168496141
 *           Acknowledgment Number: 1
 *           Flags: 0x010 (ACK)
 *           Window: 8192
 *           Checksum: 0xc417 incorrect, should be 0x2b62(maybe caused by "TCP checksum offload"?)
 *               [Expert Info (Error/Checksum): Bad checksum [should be 0x2b62]]
 */
static const uint8_t P_icmp6_packet_too_big[] = {
	0x60, 0x00, 0x00, 0x00, 0x04, 0xd8, 0x3a, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x10, 0x02, 0x00, 0x98, 0x96, 0x00, 0x00, 0x05, 0x00,
	0x60, 0x00, 0x00, 0x00, 0x05, 0x8c, 0x06, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x20, 0xa9, 0x8e, 0x00, 0x50, 0x0a, 0x0b, 0x0c, 0x0d,
	0x00, 0x00, 0x00, 0x01, 0x50, 0x10, 0x20, 0x00, 0xc4, 0x17, 0x00, 0x00,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
	0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
};
#define LEN_icmp6_packet_too_big 1280
#define LT_icmp6_packet_too_big 101

/* icmp_bad_csum: 45 bytes captured, 45 on the wire, link type 1
 * tshark -V -O icmp:
 *   Frame 1: 45 bytes on wire (360 bits), 45 bytes captured (360 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Internet Control Message Protocol
 *       Type: 8 (Echo (ping) request)
 *       Code: 0
 *       Checksum: 0xce9c incorrect, should be 0x319c
 *           [Expert Info (Warning/Checksum): Bad checksum [should be 0x319c]]
 *       Identifier (BE): 1 (0x0001)
 *       Identifier (LE): 256 (0x0100)
 *       Sequence Number (BE): 1 (0x0001)
 *       Sequence Number (LE): 256 (0x0100)
 *       Data (3 bytes)
 *   0000  62 61 64                                          bad
 *           Data: 626164
 *           [Length: 3]
 */
static const uint8_t P_icmp_bad_csum[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x1f, 0x00, 0x12, 0x00, 0x00, 0x40, 0x01,
	0x8e, 0x7a, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x08, 0x00,
	0xce, 0x9c, 0x00, 0x01, 0x00, 0x01, 0x62, 0x61, 0x64,
};
#define LEN_icmp_bad_csum 45
#define LT_icmp_bad_csum 1

/* snap_cut_payload: 96 bytes captured, 1514 on the wire, link type 1
 * tshark -V -O ip,tcp:
 *   Frame 1: 1514 bytes on wire (12112 bits), 96 bytes captured (768 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 1500
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: TCP (6)
 *       Header Checksum: 0x3889 [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 80, Dst Port: 40000, Seq: 100, Ack: 200, Len: 1460
 *       Source Port: 80
 *       Destination Port: 40000
 *       Sequence Number: 100
 *       Acknowledgment Number: 200
 *       0101 .... = Header Length: 20 bytes (5)
 *       Flags: 0x010 (ACK)
 *           [TCP Flags: ·······A····]
 *       Window: 8192
 *       Checksum: 0x6476 [unverified]
 *   [Packet size limited during capture: HTTP truncated]
 */
static const uint8_t P_snap_cut_payload[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x05, 0xdc, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x38, 0x89, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x00, 0x50,
	0x9c, 0x40, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0xc8, 0x50, 0x10,
	0x20, 0x00, 0x64, 0x76, 0x00, 0x00, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53,
	0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53,
	0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53,
	0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53, 0x53,
};
#define LEN_snap_cut_payload 1514
#define LT_snap_cut_payload 1

/* snap_cut_in_ip: 20 bytes captured, 1514 on the wire, link type 1
 * tshark -V -O ip:
 *   Frame 1: 1514 bytes on wire (12112 bits), 20 bytes captured (160 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 1500
 *       Identification: 0x1041 (4161)
 *   [Packet size limited during capture: IPv4 truncated]
 */
static const uint8_t P_snap_cut_in_ip[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x05, 0xdc, 0x10, 0x41,
};
#define LEN_snap_cut_in_ip 1514
#define LT_snap_cut_in_ip 1

/* snap_cut_in_tcp_opts: 58 bytes captured, 74 on the wire, link type 1
 * tshark -V -O tcp:
 *   Frame 1: 74 bytes on wire (592 bits), 58 bytes captured (464 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 40000, Dst Port: 80, Seq: 1000, Len: 0
 *       Source Port: 40000
 *       Destination Port: 80
 *       Sequence Number: 1000
 *       Acknowledgment Number: 0
 *       1010 .... = Header Length: 40 bytes (10)
 *       Flags: 0x002 (SYN)
 *               [Expert Info (Chat/Sequence): Connection establish request (SYN): server port 80]
 *           [TCP Flags: ··········S·]
 *       Window: 64240
 *       Checksum: 0x399c [unverified]
 *       Options: (20 bytes), Maximum segment size
 *           TCP Option - Maximum segment size: 1460 bytes
 *   [Packet size limited during capture: TCP truncated]
 */
static const uint8_t P_snap_cut_in_tcp_opts[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3e, 0x29, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x9c, 0x40,
	0x00, 0x50, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02,
	0xfa, 0xf0, 0x39, 0x9c, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
};
#define LEN_snap_cut_in_tcp_opts 74
#define LT_snap_cut_in_tcp_opts 1

/* snap_cut_in_eth: 10 bytes captured, 1514 on the wire, link type 1
 * tshark -V -O eth:
 *   Frame 1: 1514 bytes on wire (12112 bits), 10 bytes captured (80 bits)
 *   [Packet size limited during capture: Ethernet truncated]
 */
static const uint8_t P_snap_cut_in_eth[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00,
};
#define LEN_snap_cut_in_eth 1514
#define LT_snap_cut_in_eth 1

/* tcp_csum_offload: 154 bytes captured, 154 on the wire, link type 1
 * tshark -V -O tcp:
 *   Frame 1: 154 bytes on wire (1232 bits), 154 bytes captured (1232 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 40000, Dst Port: 80, Seq: 1, Ack: 1, Len: 100
 *       Source Port: 40000
 *       Destination Port: 80
 *       Sequence Number: 1
 *       Acknowledgment Number: 1
 *       0101 .... = Header Length: 20 bytes (5)
 *       Flags: 0x018 (PSH, ACK)
 *           [TCP Flags: ·······AP···]
 *       Window: 8192
 *       Checksum: 0xecd0 incorrect, should be 0x8906(maybe caused by "TCP checksum offload"?)
 *           [Expert Info (Error/Checksum): Bad checksum [should be 0x8906]]
 */
static const uint8_t P_tcp_csum_offload[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x8c, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3d, 0xd9, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x9c, 0x40,
	0x00, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x50, 0x18,
	0x20, 0x00, 0xec, 0xd0, 0x00, 0x00, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
	0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
	0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
	0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
	0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
	0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
	0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
	0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
	0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
};
#define LEN_tcp_csum_offload 154
#define LT_tcp_csum_offload 1

/* tcp_csum_bad: 154 bytes captured, 154 on the wire, link type 1
 * tshark -V -O tcp:
 *   Frame 1: 154 bytes on wire (1232 bits), 154 bytes captured (1232 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 40000, Dst Port: 80, Seq: 1, Ack: 1, Len: 100
 *       Source Port: 40000
 *       Destination Port: 80
 *       Sequence Number: 1
 *       Acknowledgment Number: 1
 *       0101 .... = Header Length: 20 bytes (5)
 *       Flags: 0x018 (PSH, ACK)
 *           [TCP Flags: ·······AP···]
 *       Window: 8192
 *       Checksum: 0xdead incorrect, should be 0x8906(maybe caused by "TCP checksum offload"?)
 *           [Expert Info (Error/Checksum): Bad checksum [should be 0x8906]]
 */
static const uint8_t P_tcp_csum_bad[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x8c, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3d, 0xd9, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x9c, 0x40,
	0x00, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x50, 0x18,
	0x20, 0x00, 0xde, 0xad, 0x00, 0x00, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
	0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
	0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
	0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
	0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
	0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
	0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
	0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
	0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,
};
#define LEN_tcp_csum_bad 154
#define LT_tcp_csum_bad 1


/* ipv6_frag_first_udp: 96 bytes captured, 96 on the wire, link type 101
 * tshark -V -O ipv6:
 *   Frame 1: 96 bytes on wire (768 bits), 96 bytes captured (768 bits)
 *   Raw packet data
 *   Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *       0110 .... = Version: 6
 *       Payload Length: 56
 *       Next Header: Fragment Header for IPv6 (44)
 *       Hop Limit: 64
 *       Source Address: 2001:db8::10
 *       Destination Address: 2001:db8:1::20
 *       Fragment Header for IPv6
 *           Next header: UDP (17)
 *           Reserved octet: 0x00
 *           Identification: 0x11223344
 *   Data (48 bytes)
 */
static const uint8_t P_ipv6_frag_first_udp[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x38, 0x2c, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x20, 0x11, 0x00, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44,
	0xcf, 0x09, 0x0f, 0xa0, 0x04, 0xb8, 0x11, 0x11, 0x46, 0x46, 0x46, 0x46,
	0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46,
	0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46,
	0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46, 0x46,
};
#define LEN_ipv6_frag_first_udp 96
#define LT_ipv6_frag_first_udp 101

/* ipv6_frag_later: 88 bytes captured, 88 on the wire, link type 101
 * tshark -V -O ipv6:
 *   Frame 1: 88 bytes on wire (704 bits), 88 bytes captured (704 bits)
 *   Raw packet data
 *   Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *       0110 .... = Version: 6
 *       Payload Length: 48
 *       Next Header: Fragment Header for IPv6 (44)
 *       Hop Limit: 64
 *       Source Address: 2001:db8::10
 *       Destination Address: 2001:db8:1::20
 *       Fragment Header for IPv6
 *           Next header: UDP (17)
 *           Reserved octet: 0x00
 *           Identification: 0x11223344
 *   Data (40 bytes)
 */
static const uint8_t P_ipv6_frag_later[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x30, 0x2c, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x20, 0x11, 0x00, 0x04, 0xb0, 0x11, 0x22, 0x33, 0x44,
	0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c,
	0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c,
	0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c, 0x4c,
	0x4c, 0x4c, 0x4c, 0x4c,
};
#define LEN_ipv6_frag_later 88
#define LT_ipv6_frag_later 101

/* tcp_ns_flag: 54 bytes captured, 54 on the wire, link type 1
 * tshark -V -O tcp:
 *   Frame 1: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 43210, Dst Port: 80, Seq: 5, Ack: 6, Len: 0
 *       Source Port: 43210
 *       Destination Port: 80
 *       Sequence Number: 5
 *       Acknowledgment Number: 6
 *       0101 .... = Header Length: 20 bytes (5)
 *       Flags: 0x110 (ACK, AE)
 *           [TCP Flags: ···A···A····]
 *       Window: 100
 *       Checksum: 0x18f9 [correct]
 */
static const uint8_t P_tcp_ns_flag[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3e, 0x3d, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xa8, 0xca,
	0x00, 0x50, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x06, 0x51, 0x10,
	0x00, 0x64, 0x18, 0xf9, 0x00, 0x00,
};
#define LEN_tcp_ns_flag 54
#define LT_tcp_ns_flag 1

/* icmp6_echo: 53 bytes captured, 53 on the wire, link type 101
 * tshark -V -O icmpv6:
 *   Frame 1: 53 bytes on wire (424 bits), 53 bytes captured (424 bits)
 *   Raw packet data
 *   Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *   Internet Control Message Protocol v6
 *       Type: Echo (ping) request (128)
 *       Code: 0
 *       Checksum: 0xcc19 [correct]
 *       Identifier: 0x4321
 *       Sequence: 9
 *       Data (5 bytes)
 *   0000  70 69 6e 67 36                                    ping6
 *           Data: 70696e6736
 *           [Length: 5]
 */
static const uint8_t P_icmp6_echo[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x0d, 0x3a, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x20, 0x80, 0x00, 0xcc, 0x19, 0x43, 0x21, 0x00, 0x09,
	0x70, 0x69, 0x6e, 0x67, 0x36,
};
#define LEN_icmp6_echo 53
#define LT_icmp6_echo 101

/* icmp_redirect: 75 bytes captured, 75 on the wire, link type 1
 * tshark -V -O icmp:
 *   Frame 1: 75 bytes on wire (600 bits), 75 bytes captured (600 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 203.0.113.1, Dst: 192.0.2.10
 *   Internet Control Message Protocol
 *       Type: 5 (Redirect)
 *       Code: 1 (Redirect for host)
 *       Checksum: 0xaa70 [correct]
 *       Gateway Address: 203.0.113.254
 *       Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *           Total Length: 33
 *           Identification: 0x0505 (1285)
 *           Time to Live: 64
 *           Protocol: UDP (17)
 *           Header Checksum: 0x4975 [correct]
 *       User Datagram Protocol, Src Port: 43405, Dst Port: 9999
 *           Source Port: 43405
 *           Destination Port: 9999
 *           Length: 13
 *           Checksum: 0xfe0f [unverified]
 */
static const uint8_t P_icmp_redirect[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x3d, 0x00, 0x13, 0x00, 0x00, 0x40, 0x01,
	0x7c, 0xa1, 0xcb, 0x00, 0x71, 0x01, 0xc0, 0x00, 0x02, 0x0a, 0x05, 0x01,
	0xaa, 0x70, 0xcb, 0x00, 0x71, 0xfe, 0x45, 0x00, 0x00, 0x21, 0x05, 0x05,
	0x40, 0x00, 0x40, 0x11, 0x49, 0x75, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33,
	0x64, 0x14, 0xa9, 0x8d, 0x27, 0x0f, 0x00, 0x0d, 0xfe, 0x0f, 0x70, 0x72,
	0x6f, 0x62, 0x65,
};
#define LEN_icmp_redirect 75
#define LT_icmp_redirect 1

/* icmp6_unreach_udp: 102 bytes captured, 102 on the wire, link type 101
 * tshark -V -O icmpv6:
 *   Frame 1: 102 bytes on wire (816 bits), 102 bytes captured (816 bits)
 *   Raw packet data
 *   Internet Protocol Version 6, Src: 2001:db8:ffff::1, Dst: 2001:db8::10
 *   Internet Control Message Protocol v6
 *       Type: Destination Unreachable (1)
 *       Code: 4 (Port unreachable)
 *       Checksum: 0x31d1 [correct]
 *       Reserved: 00000000
 *       Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *           Payload Length: 14
 *           Next Header: UDP (17)
 *           Hop Limit: 64
 *       User Datagram Protocol, Src Port: 43500, Dst Port: 9999
 *           Source Port: 43500
 *           Destination Port: 9999
 *           Length: 14
 *           Checksum: 0x8e28 [correct]
 *           UDP payload (6 bytes)
 *   Data (6 bytes)
 */
static const uint8_t P_icmp6_unreach_udp[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x3e, 0x3a, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x10, 0x01, 0x04, 0x31, 0xd1, 0x00, 0x00, 0x00, 0x00,
	0x60, 0x00, 0x00, 0x00, 0x00, 0x0e, 0x11, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x20, 0xa9, 0xec, 0x27, 0x0f, 0x00, 0x0e, 0x8e, 0x28,
	0x70, 0x72, 0x6f, 0x62, 0x65, 0x36,
};
#define LEN_icmp6_unreach_udp 102
#define LT_icmp6_unreach_udp 101

/* vlan_9100_udp: 54 bytes captured, 54 on the wire, link type 1
 * tshark -V -O vlan,ip,udp:
 *   Frame 1: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 300
 *       000. .... .... .... = Priority: Best Effort (default) (0)
 *       ...0 .... .... .... = DEI: Ineligible
 *       .... 0001 0010 1100 = ID: 300
 *       Type: IPv4 (0x0800)
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 36
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: UDP (17)
 *       Header Checksum: 0x3e36 [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   User Datagram Protocol, Src Port: 53000, Dst Port: 4000
 *       Source Port: 53000
 *       Destination Port: 4000
 *       Length: 16
 *       Checksum: 0x816b [correct]
 *       UDP payload (8 bytes)
 *   Data (8 bytes)
 */
static const uint8_t P_vlan_9100_udp[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x91, 0x00, 0x01, 0x2c, 0x08, 0x00, 0x45, 0x00, 0x00, 0x24, 0x10, 0x41,
	0x40, 0x00, 0x40, 0x11, 0x3e, 0x36, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33,
	0x64, 0x14, 0xcf, 0x08, 0x0f, 0xa0, 0x00, 0x10, 0x81, 0x6b, 0x6f, 0x6c,
	0x64, 0x20, 0x71, 0x69, 0x6e, 0x71,
};
#define LEN_vlan_9100_udp 54
#define LT_vlan_9100_udp 1

/* sll_arp: 44 bytes captured, 44 on the wire, link type 113
 * tshark -V -O sll,arp:
 *   Frame 1: 44 bytes on wire (352 bits), 44 bytes captured (352 bits)
 *   Linux cooked capture v1
 *       Packet type: Unicast to us (0)
 *       Link-layer address type: Ethernet (1)
 *       Link-layer address length: 6
 *       Source: 02:00:00:00:00:14
 *       Unused: 0000
 *       Protocol: ARP (0x0806)
 *   Address Resolution Protocol (request)
 *       Hardware type: Ethernet (1)
 *       Protocol type: IPv4 (0x0800)
 *       Hardware size: 6
 *       Protocol size: 4
 *       Opcode: request (1)
 *       Sender MAC address: 02:00:00:00:00:14
 *       Sender IP address: 198.51.100.20
 *       Target MAC address: 00:00:00:00:00:00
 *       Target IP address: 192.0.2.10
 */
static const uint8_t P_sll_arp[] = {
	0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x14,
	0x00, 0x00, 0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0xc6, 0x33, 0x64, 0x14, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x0a,
};
#define LEN_sll_arp 44
#define LT_sll_arp 113

/* ipv4_gre: 66 bytes captured, 66 on the wire, link type 1
 * tshark -V -O ip:
 *   Frame 1: 66 bytes on wire (528 bits), 66 bytes captured (528 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 52
 *       Identification: 0x1041 (4161)
 *       010. .... = Flags: 0x2, Don't fragment
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: Generic Routing Encapsulation (47)
 *       Header Checksum: 0x3e08 [correct]
 *       Source Address: 192.0.2.10
 *       Destination Address: 198.51.100.20
 *   Generic Routing Encapsulation (IP)
 *   Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2
 *       0100 .... = Version: 4
 *       .... 0101 = Header Length: 20 bytes (5)
 *       Total Length: 28
 *       Identification: 0x0001 (1)
 *       000. .... = Flags: 0x0
 *       ...0 0000 0000 0000 = Fragment Offset: 0
 *       Time to Live: 64
 *       Protocol: UDP (17)
 *       Header Checksum: 0x66ce [correct]
 *       Source Address: 10.0.0.1
 *       Destination Address: 10.0.0.2
 *   User Datagram Protocol, Src Port: 1, Dst Port: 2
 */
static const uint8_t P_ipv4_gre[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x34, 0x10, 0x41, 0x40, 0x00, 0x40, 0x2f,
	0x3e, 0x08, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0x00, 0x00,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11,
	0x66, 0xce, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x00, 0x01,
	0x00, 0x02, 0x00, 0x08, 0xeb, 0xd8,
};
#define LEN_ipv4_gre 66
#define LT_ipv4_gre 1

/* tcp_opt_eol_then_junk: 58 bytes captured, 58 on the wire, link type 1
 * tshark -V -O tcp:
 *   Frame 1: 58 bytes on wire (464 bits), 58 bytes captured (464 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 43200, Dst Port: 80, Seq: 9, Len: 0
 *       Source Port: 43200
 *       Destination Port: 80
 *       Sequence Number: 9
 *       Acknowledgment Number: 0
 *       0110 .... = Header Length: 24 bytes (6)
 *       Flags: 0x002 (SYN)
 *               [Expert Info (Chat/Sequence): Connection establish request (SYN): server port 80]
 *           [TCP Flags: ··········S·]
 *       Window: 1024
 *       Checksum: 0x0574 [correct]
 *       Options: (4 bytes), End of Option List (EOL)
 *           TCP Option - End of Option List (EOL)
 *           Non-zero header padding
 *               [Expert Info (Error/Protocol): Non-zero header padding]
 */
static const uint8_t P_tcp_opt_eol_then_junk[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x2c, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3e, 0x39, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xa8, 0xc0,
	0x00, 0x50, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x60, 0x02,
	0x04, 0x00, 0x05, 0x74, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
};
#define LEN_tcp_opt_eol_then_junk 58
#define LT_tcp_opt_eol_then_junk 1

/* tcp_opt_unknown_kind: 66 bytes captured, 66 on the wire, link type 1
 * tshark -V -O tcp:
 *   Frame 1: 66 bytes on wire (528 bits), 66 bytes captured (528 bits)
 *   Ethernet II, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:14
 *   Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20
 *   Transmission Control Protocol, Src Port: 43200, Dst Port: 80, Seq: 9, Len: 0
 *       Source Port: 43200
 *       Destination Port: 80
 *       Sequence Number: 9
 *       Acknowledgment Number: 0
 *       1000 .... = Header Length: 32 bytes (8)
 *       Flags: 0x002 (SYN)
 *               [Expert Info (Chat/Sequence): Connection establish request (SYN): server port 80]
 *           [TCP Flags: ··········S·]
 *       Window: 1024
 *       Checksum: 0xdfe7 [correct]
 *       Options: (12 bytes), Experimental, Maximum segment size, No-Operation (NOP), No-Operation (NOP), No-Operation (NOP), No-Operation (NOP)
 *           TCP Option - Experimental: Unknown
 *           TCP Option - Maximum segment size: 1400 bytes
 *           TCP Option - No-Operation (NOP)
 *           TCP Option - No-Operation (NOP)
 *           TCP Option - No-Operation (NOP)
 *           [Expert Info (Warning/Protocol): 4 NOP in a row - a router may have removed some options]
 *           TCP Option - No-Operation (NOP)
 */
static const uint8_t P_tcp_opt_unknown_kind[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x34, 0x10, 0x41, 0x40, 0x00, 0x40, 0x06,
	0x3e, 0x31, 0xc0, 0x00, 0x02, 0x0a, 0xc6, 0x33, 0x64, 0x14, 0xa8, 0xc0,
	0x00, 0x50, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x80, 0x02,
	0x04, 0x00, 0xdf, 0xe7, 0x00, 0x00, 0xfd, 0x04, 0x00, 0x00, 0x02, 0x04,
	0x05, 0x78, 0x01, 0x01, 0x01, 0x01,
};
#define LEN_tcp_opt_unknown_kind 66
#define LT_tcp_opt_unknown_kind 1

/* ipv6_paylen0: 54 bytes captured, 54 on the wire, link type 101
 * tshark -V -O ipv6:
 *   Frame 1: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)
 *   Raw packet data
 *   Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *       0110 .... = Version: 6
 *       Payload Length: 0
 *           [Expert Info (Chat/Protocol): IPv6 payload length equals 0 (maybe because of "TCP segmentation offload" (TSO))]
 *       Next Header: UDP (17)
 *       Hop Limit: 64
 *       Source Address: 2001:db8::10
 *       Destination Address: 2001:db8:1::20
 *   [Malformed Packet: UDP]
 */
static const uint8_t P_ipv6_paylen0[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x20, 0xcf, 0x0a, 0x0f, 0xa0, 0x00, 0x0e, 0x7e, 0x6d,
	0x6a, 0x75, 0x6d, 0x62, 0x6f, 0x3f,
};
#define LEN_ipv6_paylen0 54
#define LT_ipv6_paylen0 101

/* udp6_csum0: 54 bytes captured, 54 on the wire, link type 101
 * tshark -V -O udp:
 *   Frame 1: 54 bytes on wire (432 bits), 54 bytes captured (432 bits)
 *   Raw packet data
 *   Internet Protocol Version 6, Src: 2001:db8::10, Dst: 2001:db8:1::20
 *   User Datagram Protocol, Src Port: 53003, Dst Port: 4000
 *       Source Port: 53003
 *       Destination Port: 4000
 *       Length: 14
 *       Checksum: 0x0000 [zero-value illegal]
 *           [Expert Info (Error/Checksum): Illegal checksum value (0)]
 *       UDP payload (6 bytes)
 *   Data (6 bytes)
 */
static const uint8_t P_udp6_csum0[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x0e, 0x11, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x20, 0xcf, 0x0b, 0x0f, 0xa0, 0x00, 0x0e, 0x00, 0x00,
	0x6e, 0x6f, 0x63, 0x73, 0x75, 0x6d,
};
#define LEN_udp6_csum0 54
#define LT_udp6_csum0 101

/* pppoe_qinq_tcp: 75 bytes captured, 75 on the wire, link type 1
 * tshark -V -O vlan,pppoes,ppp,ip,tcp (trimmed):
 *   802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 120
 *   PPP-over-Ethernet Session
 *   Session ID: 0x1234
 *   Payload Length: 47
 *   Point-to-Point Protocol
 *   Protocol: Internet Protocol version 4 (0x0021)
 *   Internet Protocol Version 4, Src: 198.51.100.7, Dst: 203.0.113.9
 *   Identification: 0x004d (77)
 *   Time to Live: 61
 *   Protocol: TCP (6)
 *   Transmission Control Protocol, Src Port: 40000, Dst Port: 443, Seq: 1, Ack: 1, Len: 5
 *   [TCP Segment Len: 5]
 *   Sequence Number (raw): 5000
 */
static const uint8_t P_pppoe_qinq_tcp[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0x88, 0xa8, 0x01, 0x2c, 0x81, 0x00, 0x00, 0x78, 0x88, 0x64, 0x11, 0x00,
	0x12, 0x34, 0x00, 0x2f, 0x00, 0x21, 0x45, 0x00, 0x00, 0x2d, 0x00, 0x4d,
	0x00, 0x00, 0x3d, 0x06, 0x17, 0x3a, 0xc6, 0x33, 0x64, 0x07, 0xcb, 0x00,
	0x71, 0x09, 0x9c, 0x40, 0x01, 0xbb, 0x00, 0x00, 0x13, 0x88, 0x00, 0x00,
	0x1b, 0x58, 0x50, 0x10, 0x01, 0xf6, 0x36, 0xe7, 0x00, 0x00, 0x68, 0x65,
	0x6c, 0x6c, 0x6f,
};
#define LEN_pppoe_qinq_tcp 75
#define LT_pppoe_qinq_tcp 1


/* ---- helpers ---------------------------------------------------------------- */

#define BIT(a) ((uint64_t)1 << (a))
#define HAS(d, a) (((d).anomalies & BIT(a)) != 0)

/* Decodes caplen bytes of b (wire length len) of link type lt. */
static int dec(const uint8_t *b, uint32_t caplen, uint32_t len, uint32_t lt, struct decoded *d)
{
	struct packet p;

	memset(&p, 0, sizeof(p));
	p.frame = 1;
	p.ts_ns = 1767225600LL * 1000000000LL;
	p.caplen = caplen;
	p.len = len;
	p.linktype = lt;
	p.snaplen = 65535;
	p.data = b;
	return decode_packet(&p, d);
}

/* DEC(name, d): decode the array P_name as captured. */
#define DEC(n, d) dec(P_##n, (uint32_t)sizeof(P_##n), LEN_##n, LT_##n, (d))

static void assert_ip4(const struct ip_addr *a, uint8_t x, uint8_t y, uint8_t z, uint8_t w)
{
	ck_assert_uint_eq(a->v, 4);
	ck_assert_uint_eq(a->a[0], x);
	ck_assert_uint_eq(a->a[1], y);
	ck_assert_uint_eq(a->a[2], z);
	ck_assert_uint_eq(a->a[3], w);
}

static void assert_addr(const struct ip_addr *a, const char *want)
{
	char buf[64];

	ck_assert_str_eq(ip_addr_str(a, buf, sizeof(buf)), want);
}

/* No anomaly bit that means "malformed" is set. */
static void assert_not_malformed(const struct decoded *d)
{
	int a;

	for (a = 0; a < AN_COUNT; a++)
		if (d->anomalies & BIT(a))
			ck_assert_msg(!anomaly_is_malformed((enum anomaly)a), "malformed: %s",
				      anomaly_name((enum anomaly)a));
}

/* ---- link layers ---------------------------------------------------------------- */

START_TEST(t_eth_tcp_syn)
{
	static const uint8_t dst[6] = { 2, 0, 0, 0, 0, 0x14 }, src[6] = { 2, 0, 0, 0, 0, 0x0a };
	struct decoded d;

	ck_assert_int_eq(DEC(eth_tcp_syn, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.linktype, 1);
	ck_assert_uint_eq(d.ethertype, 0x0800);
	ck_assert(d.has_mac);
	ck_assert_mem_eq(d.mac_dst, dst, 6);
	ck_assert_mem_eq(d.mac_src, src, 6);
	ck_assert_uint_eq(d.nvlan, 0);
	ck_assert_uint_eq(d.l3_off, 14);
	ck_assert_uint_eq(d.ip_ver, 4);
	assert_ip4(&d.src, 192, 0, 2, 10);
	assert_ip4(&d.dst, 198, 51, 100, 20);
	assert_addr(&d.dst, "198.51.100.20");
	ck_assert_uint_eq(d.proto, 6);
	ck_assert_uint_eq(d.ttl, 64);
	ck_assert_uint_eq(d.df, 1);
	ck_assert_uint_eq(d.mf, 0);
	ck_assert_uint_eq(d.is_fragment, 0);
	ck_assert_uint_eq(d.ip_id, 0x1041);
	ck_assert_uint_eq(d.ip_len, 60);
	ck_assert_uint_eq(d.ip_hdr_len, 20);
	ck_assert_int_eq(d.l4, L4_TCP);
	ck_assert_uint_eq(d.sport, 40000);
	ck_assert_uint_eq(d.dport, 80);
	ck_assert_uint_eq(d.tcp.seq, 1000);
	ck_assert_uint_eq(d.tcp.ack, 0);
	ck_assert_uint_eq(d.tcp.flags, TCP_SYN);
	ck_assert_uint_eq(d.tcp.win, 64240);
	ck_assert_uint_eq(d.tcp.hdr_len, 40);
	ck_assert_uint_eq(d.tcp.csum, 0x399c);
	ck_assert_uint_eq(d.tcp.mss, 1460);
	ck_assert_int_eq(d.tcp.wscale, 7);
	ck_assert_uint_eq(d.tcp.sack_perm, 1);
	ck_assert_uint_eq(d.tcp.has_ts, 1);
	ck_assert_uint_eq(d.tcp.ts_val, 100007);
	ck_assert_uint_eq(d.tcp.ts_ecr, 0);
	ck_assert_uint_eq(d.tcp.nsack, 0);
	ck_assert_uint_eq(d.payload_len, 0);
	ck_assert_uint_eq(d.payload_caplen, 0);
	ck_assert_uint_eq(d.csum_checked, 1);
	ck_assert_uint_eq(d.csum_bad, 0);
	ck_assert_uint_eq(d.csum_offload, 0);
	ck_assert_uint_eq(d.cut, 0);
	ck_assert_int_eq(d.dir, PKT_DIR_UNKNOWN);
}
END_TEST

START_TEST(t_vlan)
{
	struct decoded d;

	ck_assert_int_eq(DEC(vlan_udp, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.nvlan, 1);
	ck_assert_uint_eq(d.vlan[0], 100);
	ck_assert_uint_eq(d.ethertype, 0x0800);
	ck_assert_uint_eq(d.l3_off, 18);
	ck_assert_int_eq(d.l4, L4_UDP);
	ck_assert_uint_eq(d.sport, 53000);
	ck_assert_uint_eq(d.dport, 4000);
	ck_assert_uint_eq(d.payload_len, 12);
	ck_assert_uint_eq(d.payload_caplen, 12);
	ck_assert_uint_eq(d.payload[0], 0x12);
	ck_assert_uint_eq(d.payload[1], 0x34);
	ck_assert(d.csum_checked && !d.csum_bad);
}
END_TEST

START_TEST(t_qinq)
{
	struct decoded d;

	ck_assert_int_eq(DEC(qinq_ipv6_udp, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.nvlan, 2);
	ck_assert_uint_eq(d.vlan[0], 200);   /* outer S-tag */
	ck_assert_uint_eq(d.vlan[1], 100);   /* inner C-tag */
	ck_assert_uint_eq(d.ethertype, 0x86dd);
	ck_assert_uint_eq(d.l3_off, 22);
	ck_assert_uint_eq(d.ip_ver, 6);
	assert_addr(&d.src, "2001:db8::10");
	assert_addr(&d.dst, "2001:db8:1::20");
	ck_assert_uint_eq(d.ip_len, 60);
	ck_assert_uint_eq(d.ip_hdr_len, 40);
	ck_assert_uint_eq(d.ttl, 64);
	ck_assert_int_eq(d.l4, L4_UDP);
	ck_assert_uint_eq(d.payload_len, 12);
	ck_assert(d.csum_checked && !d.csum_bad);
}
END_TEST

/* PPPoE session data (RFC 2516) behind an S-tag and a C-tag: the tags are
 * the flow's context, the PPP protocol field names IPv4. */
START_TEST(t_pppoe)
{
	struct decoded d;
	uint8_t b[LEN_pppoe_qinq_tcp];
	uint32_t n;

	ck_assert_int_eq(DEC(pppoe_qinq_tcp, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.nvlan, 2);
	ck_assert_uint_eq(d.vlan[0], 300);
	ck_assert_uint_eq(d.vlan[1], 120);
	ck_assert_uint_eq(d.ethertype, 0x0800);
	ck_assert_uint_eq(d.l3_off, 30);   /* 14 + 2 tags + 6 PPPoE + 2 PPP */
	assert_ip4(&d.src, 198, 51, 100, 7);
	assert_ip4(&d.dst, 203, 0, 113, 9);
	ck_assert_uint_eq(d.ip_id, 77);
	ck_assert_uint_eq(d.ttl, 61);
	ck_assert_int_eq(d.l4, L4_TCP);
	ck_assert_uint_eq(d.sport, 40000);
	ck_assert_uint_eq(d.dport, 443);
	ck_assert_uint_eq(d.tcp.seq, 5000);
	ck_assert_uint_eq(d.payload_len, 5);
	/* Ethernet padding after the PPPoE payload, and an IP header whose total
	 * length claims it: the PPPoE length bounds the datagram (45 bytes) */
	{
		uint8_t pad[LEN_pppoe_qinq_tcp + 6];
		memset(pad, 0, sizeof(pad));
		memcpy(pad, P_pppoe_qinq_tcp, LEN_pppoe_qinq_tcp);
		pad[33] = (uint8_t)(pad[33] + 6);
		ck_assert_int_eq(dec(pad, sizeof(pad), sizeof(pad), 1, &d), 1);
		ck_assert(HAS(d, AN_IPV4_TOTLEN));
		ck_assert_uint_eq(d.ip_len, 45);
		ck_assert_int_eq(d.l4, L4_TCP);
		ck_assert_uint_eq(d.payload_len, 5);
	}
	/* a code other than session data is not followed */
	memcpy(b, P_pppoe_qinq_tcp, sizeof(b));
	b[23] = 0x09;
	ck_assert_int_eq(dec(b, sizeof(b), sizeof(b), 1, &d), 0);
	ck_assert(HAS(d, AN_ETHERTYPE_OTHER));
	/* a PPP protocol other than IPv4/IPv6 (LCP, 0xc021) */
	memcpy(b, P_pppoe_qinq_tcp, sizeof(b));
	b[28] = 0xc0;
	ck_assert_int_eq(dec(b, sizeof(b), sizeof(b), 1, &d), 0);
	ck_assert(HAS(d, AN_ETHERTYPE_OTHER));
	/* cut inside the PPPoE or PPP header */
	for (n = 22; n < 30; n++) {
		ck_assert_int_eq(dec(P_pppoe_qinq_tcp, n, LEN_pppoe_qinq_tcp, 1, &d), 0);
		ck_assert_uint_eq(d.ip_ver, 0);
	}
}
END_TEST

/* DECODE_VLAN_MAX = 8: 8 tags decode, 9 are counted and not followed. */
START_TEST(t_vlan_cap)
{
	struct decoded d;

	ck_assert_int_eq(DECODE_VLAN_MAX, 8);
	ck_assert_int_eq(DEC(vlan8_udp, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.nvlan, 8);
	ck_assert_uint_eq(d.vlan[0], 1000);
	ck_assert_uint_eq(d.vlan[1], 1001);
	ck_assert_uint_eq(d.l3_off, 14 + 8 * 4);
	ck_assert_int_eq(d.l4, L4_UDP);
	ck_assert_uint_eq(d.dport, 4000);

	ck_assert_int_eq(DEC(vlan9_udp, &d), 0);
	ck_assert(HAS(d, AN_VLAN_DEPTH));
	ck_assert_uint_eq(d.ip_ver, 0);
	ck_assert_int_eq(d.l4, L4_NONE);
	ck_assert(anomaly_is_malformed(AN_VLAN_DEPTH));
}
END_TEST

START_TEST(t_sll)
{
	static const uint8_t src[6] = { 2, 0, 0, 0, 0, 0x0a };
	struct decoded d;

	ck_assert_int_eq(DEC(sll_out_tcp, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.linktype, LT_LINUX_SLL);
	ck_assert_uint_eq(d.sll_pkttype, 4);
	ck_assert_int_eq(d.dir, PKT_DIR_OUT);
	ck_assert(d.has_mac);
	ck_assert_mem_eq(d.mac_src, src, 6);
	ck_assert_uint_eq(d.ethertype, 0x0800);
	ck_assert_uint_eq(d.l3_off, 16);
	ck_assert_uint_eq(d.tcp.seq, 5000);
	ck_assert_uint_eq(d.tcp.ack, 9000);
	ck_assert_uint_eq(d.tcp.flags, TCP_ACK);
	ck_assert_uint_eq(d.tcp.win, 502);
}
END_TEST

START_TEST(t_sll2)
{
	struct decoded d;
	struct packet p;

	ck_assert_int_eq(DEC(sll2_in_udp, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.linktype, LT_LINUX_SLL2);
	ck_assert_uint_eq(d.sll_ifindex, 2);
	ck_assert_uint_eq(d.sll_pkttype, 0);
	ck_assert_int_eq(d.dir, PKT_DIR_IN);
	ck_assert_uint_eq(d.l3_off, 20);
	assert_ip4(&d.src, 198, 51, 100, 20);
	ck_assert_uint_eq(d.ttl, 63);
	ck_assert_uint_eq(d.sport, 4000);
	ck_assert_uint_eq(d.dport, 53000);
	ck_assert_uint_eq(d.payload_len, 8);
	/* a direction from the capture file (pcapng EPB flags) wins */
	memset(&p, 0, sizeof(p));
	p.caplen = p.len = sizeof(P_sll2_in_udp);
	p.linktype = LT_LINUX_SLL2;
	p.data = P_sll2_in_udp;
	p.dir = PKT_DIR_OUT;
	ck_assert_int_eq(decode_packet(&p, &d), 1);
	ck_assert_int_eq(d.dir, PKT_DIR_OUT);
}
END_TEST

START_TEST(t_null_loop)
{
	struct decoded d;
	uint8_t b[sizeof(P_null_le_ipv4)];

	ck_assert_int_eq(DEC(null_le_ipv4, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.ethertype, 0x0800);
	ck_assert_uint_eq(d.l3_off, 4);
	ck_assert_int_eq(d.l4, L4_UDP);
	ck_assert_uint_eq(d.payload_len, 5);
	/* the same written by a big-endian host (00 00 00 02) */
	memcpy(b, P_null_le_ipv4, sizeof(b));
	b[0] = 0;
	b[3] = 2;
	ck_assert_int_eq(dec(b, sizeof(b), sizeof(b), LT_NULL, &d), 1);
	ck_assert_uint_eq(d.ip_ver, 4);
	ck_assert_uint_eq(d.payload_len, 5);
	/* AF_INET6 as macOS writes it (30) */
	ck_assert_int_eq(DEC(null_le_ipv6_30, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.ethertype, 0x86dd);
	ck_assert_uint_eq(d.ip_ver, 6);
	ck_assert_uint_eq(d.payload_len, 5);
	/* an unknown family: not IP */
	b[3] = 99;
	ck_assert_int_eq(dec(b, sizeof(b), sizeof(b), LT_NULL, &d), 0);
	ck_assert(HAS(d, AN_ETHERTYPE_OTHER));
	/* LOOP: the family in network order */
	ck_assert_int_eq(DEC(loop_be_ipv4, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.linktype, LT_LOOP);
	ck_assert_uint_eq(d.l3_off, 4);
	ck_assert_uint_eq(d.tcp.flags, TCP_SYN);
	ck_assert_uint_eq(d.tcp.seq, 1);
}
END_TEST

START_TEST(t_ppp)
{
	struct decoded d;

	ck_assert_int_eq(DEC(ppp_ipv4, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.l3_off, 4);
	ck_assert_uint_eq(d.ip_ver, 4);
	ck_assert_uint_eq(d.payload_len, 6);
	ck_assert_int_eq(DEC(ppp_ipv6, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.ip_ver, 6);
	ck_assert_uint_eq(d.payload_len, 6);
	/* address and control fields omitted (RFC 1662 ACFC): 00 21 + IP */
	ck_assert_int_eq(dec(P_ppp_ipv4 + 2, sizeof(P_ppp_ipv4) - 2, sizeof(P_ppp_ipv4) - 2, LT_PPP, &d), 1);
	ck_assert_uint_eq(d.l3_off, 2);
	ck_assert_uint_eq(d.payload_len, 6);
	/* protocol field compressed too (PFC): 21 + IP */
	ck_assert_int_eq(dec(P_ppp_ipv4 + 3, sizeof(P_ppp_ipv4) - 3, sizeof(P_ppp_ipv4) - 3, LT_PPP, &d), 1);
	ck_assert_uint_eq(d.l3_off, 1);
	ck_assert_uint_eq(d.ip_ver, 4);
}
END_TEST

START_TEST(t_raw)
{
	struct decoded d;

	ck_assert_int_eq(DEC(raw_ipv4, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.l3_off, 0);
	ck_assert_uint_eq(d.has_mac, 0);
	ck_assert_uint_eq(d.ip_ver, 4);
	ck_assert_uint_eq(d.tcp.flags, TCP_PSH | TCP_ACK);
	ck_assert_uint_eq(d.tcp.seq, 77);
	ck_assert_uint_eq(d.tcp.ack, 88);
	ck_assert_uint_eq(d.payload_len, 18);
	ck_assert_uint_eq(d.payload_caplen, 18);
	ck_assert_mem_eq(d.payload, "GET / HTTP/1.0\r\n\r\n", 18);
	ck_assert(d.csum_checked && !d.csum_bad);
	ck_assert_int_eq(DEC(raw_ipv6, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.ip_ver, 6);
	ck_assert_uint_eq(d.ttl, 61);
	ck_assert_uint_eq(d.tcp.flags, TCP_SYN);
	ck_assert(d.csum_checked && !d.csum_bad);
	/* LINKTYPE_IPV4 / IPV6 carry the same bytes */
	ck_assert_int_eq(dec(P_raw_ipv4, sizeof(P_raw_ipv4), sizeof(P_raw_ipv4), LT_IPV4, &d), 1);
	ck_assert_uint_eq(d.ethertype, 0x0800);
	ck_assert_uint_eq(d.payload_len, 18);
	ck_assert_int_eq(dec(P_raw_ipv6, sizeof(P_raw_ipv6), sizeof(P_raw_ipv6), LT_IPV6, &d), 1);
	ck_assert_uint_eq(d.ip_ver, 6);
	/* IPv6 bytes on an IPV4 link: version mismatch */
	ck_assert_int_eq(dec(P_raw_ipv6, sizeof(P_raw_ipv6), sizeof(P_raw_ipv6), LT_IPV4, &d), 0);
	ck_assert(HAS(d, AN_IP_VERSION));
	/* version 5 on RAW */
	ck_assert_int_eq(DEC(raw_version5, &d), 0);
	ck_assert(HAS(d, AN_IP_VERSION));
	ck_assert_uint_eq(d.ip_ver, 0);
}
END_TEST

START_TEST(t_non_ip_and_short)
{
	struct decoded d;

	ck_assert_int_eq(DEC(eth_arp, &d), 0);
	ck_assert_uint_eq(d.anomalies, BIT(AN_ETHERTYPE_OTHER));
	ck_assert_uint_eq(d.ethertype, 0x0806);
	ck_assert_uint_eq(d.ip_ver, 0);
	assert_not_malformed(&d);
	ck_assert_int_eq(DEC(eth_short, &d), 0);
	ck_assert_uint_eq(d.anomalies, BIT(AN_LINK_SHORT));
	/* a link type netrca does not decode (USER0) */
	ck_assert_int_eq(dec(P_eth_tcp_syn, sizeof(P_eth_tcp_syn), sizeof(P_eth_tcp_syn), 147, &d), 0);
	ck_assert_uint_eq(d.anomalies, BIT(AN_LINK_UNSUPPORTED));
	assert_not_malformed(&d);
	/* an empty record */
	ck_assert_int_eq(dec(P_eth_tcp_syn, 0, 0, LT_EN10MB, &d), 0);
	ck_assert(HAS(d, AN_LINK_SHORT));
	ck_assert_int_eq(dec(P_eth_tcp_syn, 0, 0, LT_RAW, &d), 0);
}
END_TEST

/* ---- IPv4 ---------------------------------------------------------------- */

START_TEST(t_ipv4_options)
{
	struct decoded d;

	ck_assert_int_eq(DEC(ipv4_rr_option_udp, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.ip_hdr_len, 36);
	ck_assert_uint_eq(d.ip_len, 48);
	ck_assert_int_eq(d.l4, L4_UDP);
	ck_assert_uint_eq(d.sport, 43000);
	ck_assert_uint_eq(d.dport, 7);
	ck_assert_uint_eq(d.payload_len, 4);
	ck_assert_mem_eq(d.payload, "echo", 4);
	ck_assert(d.csum_checked && !d.csum_bad);
	/* record route with option length 0 */
	ck_assert_int_eq(DEC(ipv4_bad_option_len, &d), 1);
	ck_assert(HAS(d, AN_IPV4_OPTIONS));
	ck_assert(!HAS(d, AN_IPV4_CSUM));
	ck_assert_uint_eq(d.ip_hdr_len, 28);
	ck_assert(anomaly_is_malformed(AN_IPV4_OPTIONS));
}
END_TEST

START_TEST(t_ipv4_bad_ihl)
{
	struct decoded d;

	/* IHL 4: 16 bytes < 20 */
	DEC(ipv4_ihl4, &d);
	ck_assert(HAS(d, AN_IPV4_HDRLEN));
	ck_assert_uint_eq(d.ip_ver, 4);
	assert_ip4(&d.src, 192, 0, 2, 10);
	ck_assert_int_eq(d.l4, L4_NONE);
	ck_assert_uint_eq(d.sport, 0);
	/* IHL 15 (60 bytes) > total length 40 */
	DEC(ipv4_ihl15_gt_totlen, &d);
	ck_assert(HAS(d, AN_IPV4_HDRLEN));
	ck_assert_int_eq(d.l4, L4_NONE);
}
END_TEST

START_TEST(t_ipv4_totlen)
{
	struct decoded d;

	/* total length 0 (TSO): the captured length is used, not malformed */
	ck_assert_int_eq(DEC(ipv4_totlen0_tso, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_IP_LEN_ZERO));
	assert_not_malformed(&d);
	ck_assert_uint_eq(d.ip_len, 240);
	ck_assert_int_eq(d.l4, L4_TCP);
	ck_assert_uint_eq(d.tcp.seq, 2000);
	ck_assert_uint_eq(d.payload_len, 200);
	ck_assert_uint_eq(d.payload_caplen, 200);
	ck_assert(d.csum_checked && !d.csum_bad);
	/* total length 1500 in a 62-byte frame, not cut: malformed, and the
	 * datagram is the 48 bytes that arrived (as Wireshark takes it) */
	ck_assert_int_eq(DEC(ipv4_totlen_beyond_frame, &d), 1);
	ck_assert(HAS(d, AN_IPV4_TOTLEN));
	ck_assert(!HAS(d, AN_SNAPLEN_CUT));
	ck_assert_uint_eq(d.cut, 0);
	ck_assert_uint_eq(d.ip_len, 48);
	ck_assert_int_eq(d.l4, L4_UDP);
	ck_assert_uint_eq(d.payload_len, 20);
	ck_assert_uint_eq(d.payload_caplen, 20);
}
END_TEST

START_TEST(t_ipv4_csum_padding)
{
	struct decoded d;

	ck_assert_int_eq(DEC(ipv4_bad_hdr_csum, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_IPV4_CSUM));
	ck_assert_int_eq(d.l4, L4_TCP);      /* still decoded */
	ck_assert_uint_eq(d.sport, 40000);
	/* 16 bytes of Ethernet padding after a 30-byte datagram: not payload */
	ck_assert_int_eq(DEC(eth_padded_udp, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.ip_len, 30);
	ck_assert_uint_eq(d.payload_len, 2);
	ck_assert_uint_eq(d.payload_caplen, 2);
	ck_assert_mem_eq(d.payload, "ab", 2);
	ck_assert(d.csum_checked && !d.csum_bad);
}
END_TEST

START_TEST(t_ipv4_fragments)
{
	struct decoded d;

	ck_assert_int_eq(DEC(ipv4_first_fragment, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_IP_FRAGMENT));  /* UDP length 1008 > 72: fine in a fragment */
	assert_not_malformed(&d);
	ck_assert_uint_eq(d.is_fragment, 1);
	ck_assert_uint_eq(d.mf, 1);
	ck_assert_uint_eq(d.frag_off, 0);
	ck_assert_uint_eq(d.ip_id, 0x4242);
	ck_assert_int_eq(d.l4, L4_UDP);
	ck_assert_uint_eq(d.sport, 53000);
	ck_assert_uint_eq(d.dport, 4000);
	ck_assert_uint_eq(d.csum_checked, 0);  /* the datagram is not all here */
	ck_assert_int_eq(DEC(ipv4_later_fragment, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_IP_FRAGMENT));
	ck_assert_uint_eq(d.frag_off, 80);
	ck_assert_uint_eq(d.mf, 0);
	ck_assert_uint_eq(d.is_fragment, 1);
	ck_assert_int_eq(d.l4, L4_NONE);       /* no transport header in it */
	ck_assert_uint_eq(d.sport, 0);
}
END_TEST

/* ---- IPv6 ---------------------------------------------------------------- */

START_TEST(t_ipv6_ext_chain)
{
	struct decoded d;

	ck_assert_int_eq(DEC(ipv6_ext_chain_tcp, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.proto, 6);
	ck_assert_uint_eq(d.ip_hdr_len, 40 + 8 + 8 + 8 + 8);
	ck_assert_uint_eq(d.ip_len, 40 + 52);
	ck_assert_uint_eq(d.is_fragment, 0);   /* atomic fragment: offset 0, M 0 */
	ck_assert_uint_eq(d.ip_id, 0xabcd);
	ck_assert_int_eq(d.l4, L4_TCP);
	ck_assert_uint_eq(d.sport, 43100);
	ck_assert_uint_eq(d.tcp.seq, 424242);
	ck_assert(d.csum_checked && !d.csum_bad);
}
END_TEST

/* DECODE_IPV6_EXT_MAX = 16: 16 headers are followed, 17 are not. */
START_TEST(t_ipv6_ext_cap)
{
	struct decoded d;

	ck_assert_int_eq(DECODE_IPV6_EXT_MAX, 16);
	ck_assert_int_eq(DEC(ipv6_ext16_tcp, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.ip_hdr_len, 40 + 16 * 8);
	ck_assert_int_eq(d.l4, L4_TCP);
	ck_assert_uint_eq(d.sport, 43101);
	DEC(ipv6_ext17_tcp, &d);
	ck_assert(HAS(d, AN_IPV6_EXT_CHAIN));
	ck_assert_int_eq(d.l4, L4_NONE);
	ck_assert_uint_eq(d.sport, 0);
	/* hop-by-hop header claiming 808 bytes in a 28-byte payload */
	DEC(ipv6_ext_overrun, &d);
	ck_assert(HAS(d, AN_IPV6_EXT_LEN));
	ck_assert_int_eq(d.l4, L4_NONE);
	/* payload length 400, 20 bytes present, not cut: the 20 bytes are the
	 * payload */
	ck_assert_int_eq(DEC(ipv6_paylen_beyond_frame, &d), 1);
	ck_assert(HAS(d, AN_IPV6_PAYLEN));
	ck_assert_uint_eq(d.ip_len, 60);
	ck_assert_int_eq(d.l4, L4_UDP);
	ck_assert_uint_eq(d.payload_len, 12);
}
END_TEST

/* ---- TCP ---------------------------------------------------------------- */

START_TEST(t_tcp_sack)
{
	struct decoded d;

	ck_assert_int_eq(DEC(tcp_sack_blocks, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.tcp.hdr_len, 60);
	ck_assert_uint_eq(d.tcp.flags, TCP_ACK);
	ck_assert_uint_eq(d.tcp.seq, 7000);
	ck_assert_uint_eq(d.tcp.ack, 50001);
	ck_assert_uint_eq(d.tcp.win, 501);
	ck_assert_uint_eq(d.tcp.has_ts, 1);
	ck_assert_uint_eq(d.tcp.ts_val, 1111);
	ck_assert_uint_eq(d.tcp.ts_ecr, 2222);
	ck_assert_uint_eq(d.tcp.nsack, 3);
	ck_assert_uint_eq(d.tcp.sack[0][0], 60001);
	ck_assert_uint_eq(d.tcp.sack[0][1], 61001);
	ck_assert_uint_eq(d.tcp.sack[1][0], 62001);
	ck_assert_uint_eq(d.tcp.sack[1][1], 63001);
	ck_assert_uint_eq(d.tcp.sack[2][0], 64001);
	ck_assert_uint_eq(d.tcp.sack[2][1], 65001);
	ck_assert_uint_eq(d.tcp.mss, 0);
	ck_assert_int_eq(d.tcp.wscale, -1);
	ck_assert_uint_eq(d.tcp.sack_perm, 0);
	ck_assert(d.csum_checked && !d.csum_bad);
}
END_TEST

START_TEST(t_tcp_bad_options)
{
	struct decoded d;

	ck_assert_int_eq(DEC(tcp_mss_len0, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_TCP_OPTION));
	ck_assert_uint_eq(d.tcp.mss, 0);
	ck_assert_uint_eq(d.tcp.hdr_len, 24);
	ck_assert_int_eq(DEC(tcp_ws_len1, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_TCP_OPTION));
	ck_assert_int_eq(d.tcp.wscale, -1);
	ck_assert_int_eq(DEC(tcp_ts_overrun, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_TCP_OPTION));
	ck_assert_uint_eq(d.tcp.has_ts, 0);
	ck_assert(anomaly_is_malformed(AN_TCP_OPTION));
}
END_TEST

START_TEST(t_tcp_bad_header)
{
	struct decoded d;

	ck_assert_int_eq(DEC(tcp_doff4, &d), 1);
	ck_assert(HAS(d, AN_TCP_HDRLEN));
	ck_assert_uint_eq(d.sport, 43200);   /* the ports were there */
	ck_assert_uint_eq(d.dport, 80);
	ck_assert_int_eq(DEC(tcp_doff15_short, &d), 1);
	ck_assert(HAS(d, AN_TCP_HDRLEN));
	ck_assert(!HAS(d, AN_SNAPLEN_CUT));
	ck_assert_int_eq(DEC(tcp_syn_fin, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_TCP_FLAGS));
	ck_assert_uint_eq(d.tcp.flags, TCP_SYN | TCP_FIN);
	ck_assert_int_eq(DEC(tcp_no_flags, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_TCP_FLAGS));
	ck_assert_uint_eq(d.tcp.flags, 0);
}
END_TEST

START_TEST(t_tcp_payload)
{
	struct decoded d;

	ck_assert_int_eq(DEC(tcp_payload, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.sport, 80);
	ck_assert_uint_eq(d.dport, 40000);
	ck_assert_uint_eq(d.payload_len, 17);
	ck_assert_uint_eq(d.payload_caplen, 17);
	ck_assert_mem_eq(d.payload, "HTTP/1.1 200 OK\r\n", 17);
	/* the payload points into the packet's own bytes */
	ck_assert(d.payload == P_tcp_payload + 14 + 20 + 20);
}
END_TEST

/* ---- UDP ---------------------------------------------------------------- */

START_TEST(t_udp)
{
	struct decoded d;

	ck_assert_int_eq(DEC(udp_len4, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_UDP_LEN));
	ck_assert_uint_eq(d.sport, 43300);
	ck_assert_uint_eq(d.payload_len, 12);   /* the IP payload length is used */
	ck_assert_int_eq(DEC(udp_len200, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_UDP_LEN));
	ck_assert_uint_eq(d.payload_len, 12);
	ck_assert_int_eq(DEC(udp_csum0, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.csum_checked, 0);   /* 0 = no checksum in IPv4 */
	ck_assert_mem_eq(d.payload, "zero", 4);
	ck_assert_int_eq(DEC(udp6_good, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert(d.csum_checked && !d.csum_bad);
	ck_assert_uint_eq(d.payload_len, 6);
	ck_assert_int_eq(DEC(udp_bad_csum, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_UDP_CSUM));
	ck_assert(d.csum_checked && d.csum_bad && !d.csum_offload);
}
END_TEST

/* ---- ICMP ---------------------------------------------------------------- */

START_TEST(t_icmp_port_unreach)
{
	struct decoded d;
	const struct icmp_quote *q = &d.icmp.q;

	ck_assert_int_eq(DEC(icmp_port_unreach, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_int_eq(d.l4, L4_ICMP);
	ck_assert_uint_eq(d.icmp.type, 3);
	ck_assert_uint_eq(d.icmp.code, 3);
	ck_assert_uint_eq(d.icmp.is_error, 1);
	ck_assert_uint_eq(d.icmp.mtu, 0);
	ck_assert_uint_eq(d.payload_len, 33);
	ck_assert_uint_eq(q->present, 1);
	ck_assert_uint_eq(q->l4_complete, 1);
	ck_assert_uint_eq(q->proto, 17);
	assert_ip4(&q->src, 192, 0, 2, 10);
	assert_ip4(&q->dst, 198, 51, 100, 20);
	ck_assert_uint_eq(q->sport, 43405);
	ck_assert_uint_eq(q->dport, 9999);
	ck_assert_uint_eq(q->ip_id, 0x0505);
	ck_assert_uint_eq(q->inner_len, 33);
	ck_assert(d.csum_checked && !d.csum_bad);
}
END_TEST

START_TEST(t_icmp_frag_needed)
{
	struct decoded d;
	const struct icmp_quote *q = &d.icmp.q;

	ck_assert_int_eq(DEC(icmp_frag_needed, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	assert_ip4(&d.src, 203, 0, 113, 1);
	ck_assert_uint_eq(d.icmp.type, 3);
	ck_assert_uint_eq(d.icmp.code, 4);
	ck_assert_uint_eq(d.icmp.mtu, 1400);
	ck_assert_uint_eq(q->present, 1);
	ck_assert_uint_eq(q->l4_complete, 1);
	ck_assert_uint_eq(q->proto, 6);
	ck_assert_uint_eq(q->sport, 43402);
	ck_assert_uint_eq(q->dport, 80);
	ck_assert_uint_eq(q->tcp_seq, 0x01020304);
	ck_assert_uint_eq(q->inner_len, 60);
	ck_assert_uint_eq(q->ip_id, 0x0606);
}
END_TEST

START_TEST(t_icmp_admin_prohibited_8)
{
	struct decoded d;
	const struct icmp_quote *q = &d.icmp.q;

	/* only the IP header and the first 8 TCP bytes: enough for ports + seq */
	ck_assert_int_eq(DEC(icmp_admin_prohib_8, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.icmp.code, 13);
	ck_assert_uint_eq(d.icmp.mtu, 0);
	ck_assert_uint_eq(q->l4_complete, 1);
	ck_assert_uint_eq(q->sport, 43402);
	ck_assert_uint_eq(q->dport, 80);
	ck_assert_uint_eq(q->tcp_seq, 0x01020304);
	ck_assert_uint_eq(q->inner_len, 60);  /* as declared, not as quoted */
}
END_TEST

START_TEST(t_icmp_quote_bad)
{
	struct decoded d;
	const struct icmp_quote *q = &d.icmp.q;

	/* IP header + 2 bytes of TCP: the ports are not all there */
	ck_assert_int_eq(DEC(icmp_quote_trunc, &d), 1);
	ck_assert_uint_eq(q->present, 1);
	ck_assert_uint_eq(q->l4_complete, 0);
	ck_assert_uint_eq(q->proto, 6);
	/* quoted IPv4 header says IHL 15 (60 bytes) in a 28-byte quote */
	ck_assert_int_eq(DEC(icmp_quote_bad_ihl, &d), 1);
	ck_assert(HAS(d, AN_ICMP_QUOTE));
	ck_assert_uint_eq(q->l4_complete, 0);
}
END_TEST

/*
 * A quote too short for the first 8 bytes of the quoted transport header
 * (RFC 792 requires them) in a complete record is "icmp_quote_bad"
 * (anomaly.h: "quoted header truncated or bogus").  (No anomaly before
 * e6360df.)
 */
START_TEST(t_icmp_quote_truncated_anomaly)
{
	struct decoded d;

	ck_assert_int_eq(DEC(icmp_quote_trunc, &d), 1);
	ck_assert_uint_eq(d.icmp.q.l4_complete, 0);
	ck_assert_msg(HAS(d, AN_ICMP_QUOTE), "truncated quote not flagged (anomalies 0x%llx)",
		      (unsigned long long)d.anomalies);
}
END_TEST

START_TEST(t_icmp_quoting_icmp)
{
	struct decoded d;
	const struct icmp_quote *q = &d.icmp.q;

	/* an error about an error: decoded one level, flagged */
	ck_assert_int_eq(DEC(icmp_quotes_icmp_error, &d), 1);
	ck_assert(HAS(d, AN_ICMP_QUOTE_ICMP));
	ck_assert_uint_eq(d.icmp.code, 1);
	ck_assert_uint_eq(q->proto, 1);
	ck_assert_uint_eq(q->icmp_type, 3);
	assert_ip4(&q->src, 198, 51, 100, 20);
	/* an error about an echo request is normal */
	ck_assert_int_eq(DEC(icmp_ttl_exceeded_echo, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.icmp.type, 11);
	ck_assert_uint_eq(d.icmp.is_error, 1);
	ck_assert_uint_eq(q->proto, 1);
	ck_assert_uint_eq(q->icmp_type, 8);
	ck_assert_uint_eq(q->l4_complete, 1);
}
END_TEST

START_TEST(t_icmp_echo_and_csum)
{
	struct decoded d;

	ck_assert_int_eq(DEC(icmp_echo, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.icmp.type, 8);
	ck_assert_uint_eq(d.icmp.is_error, 0);
	ck_assert_uint_eq(d.icmp.id, 0x1234);
	ck_assert_uint_eq(d.icmp.seq, 7);
	ck_assert_uint_eq(d.payload_len, 16);
	ck_assert_uint_eq(d.icmp.q.present, 0);
	ck_assert(d.csum_checked && !d.csum_bad);
	ck_assert_int_eq(DEC(icmp_bad_csum, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_ICMP_CSUM));
	ck_assert(d.csum_bad);
}
END_TEST

START_TEST(t_icmp6_packet_too_big)
{
	struct decoded d;
	const struct icmp_quote *q = &d.icmp.q;

	ck_assert_int_eq(DEC(icmp6_packet_too_big, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_int_eq(d.l4, L4_ICMP6);
	assert_addr(&d.src, "2001:db8:ffff::1");
	ck_assert_uint_eq(d.icmp.type, 2);
	ck_assert_uint_eq(d.icmp.mtu, 1280);
	ck_assert_uint_eq(d.icmp.is_error, 1);
	ck_assert_uint_eq(q->present, 1);
	ck_assert_uint_eq(q->l4_complete, 1);
	ck_assert_uint_eq(q->proto, 6);
	assert_addr(&q->src, "2001:db8::10");
	assert_addr(&q->dst, "2001:db8:1::20");
	ck_assert_uint_eq(q->sport, 43406);
	ck_assert_uint_eq(q->dport, 80);
	ck_assert_uint_eq(q->tcp_seq, 0x0a0b0c0d);
	ck_assert_uint_eq(q->inner_len, 1420);
	ck_assert(d.csum_checked && !d.csum_bad);
}
END_TEST

/* ---- more: IPv6 fragments, NS flag, ICMPv6 echo, redirect, ... ---------- */

START_TEST(t_ipv6_fragments)
{
	struct decoded d;

	ck_assert_int_eq(DEC(ipv6_frag_first_udp, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_IP_FRAGMENT));  /* UDP length 1208 > 48: a fragment */
	ck_assert_uint_eq(d.is_fragment, 1);
	ck_assert_uint_eq(d.mf, 1);
	ck_assert_uint_eq(d.frag_off, 0);
	ck_assert_uint_eq(d.ip_id, 0x3344);   /* low 16 bits of the 32-bit id */
	ck_assert_uint_eq(d.ip_hdr_len, 48);
	ck_assert_uint_eq(d.proto, 17);
	ck_assert_int_eq(d.l4, L4_UDP);
	ck_assert_uint_eq(d.sport, 53001);
	ck_assert_uint_eq(d.dport, 4000);
	ck_assert_uint_eq(d.csum_checked, 0);
	ck_assert_int_eq(DEC(ipv6_frag_later, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_IP_FRAGMENT));
	ck_assert_uint_eq(d.frag_off, 1200);
	ck_assert_uint_eq(d.mf, 0);
	ck_assert_uint_eq(d.proto, 17);
	ck_assert_int_eq(d.l4, L4_NONE);
}
END_TEST

START_TEST(t_tcp_ns_and_options)
{
	struct decoded d;

	/* flags 0x110: ACK and the former NS bit (tshark 4.0: "AE") */
	ck_assert_int_eq(DEC(tcp_ns_flag, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.tcp.flags, 0x100 | TCP_ACK);
	ck_assert_uint_eq(d.tcp.win, 100);
	/* EOL ends the option list: what follows is padding */
	ck_assert_int_eq(DEC(tcp_opt_eol_then_junk, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.tcp.mss, 0);
	/* an unknown kind with a sane length is skipped; MSS after it is read */
	ck_assert_int_eq(DEC(tcp_opt_unknown_kind, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.tcp.hdr_len, 32);
	ck_assert_uint_eq(d.tcp.mss, 1400);
}
END_TEST

START_TEST(t_icmp6_echo_unreach)
{
	struct decoded d;
	const struct icmp_quote *q = &d.icmp.q;

	ck_assert_int_eq(DEC(icmp6_echo, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_int_eq(d.l4, L4_ICMP6);
	ck_assert_uint_eq(d.icmp.type, 128);
	ck_assert_uint_eq(d.icmp.id, 0x4321);
	ck_assert_uint_eq(d.icmp.seq, 9);
	ck_assert_uint_eq(d.icmp.is_error, 0);
	ck_assert_uint_eq(d.payload_len, 5);
	ck_assert(d.csum_checked && !d.csum_bad);
	ck_assert_int_eq(DEC(icmp6_unreach_udp, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.icmp.type, 1);
	ck_assert_uint_eq(d.icmp.code, 4);
	ck_assert_uint_eq(d.icmp.is_error, 1);
	ck_assert_uint_eq(q->present, 1);
	ck_assert_uint_eq(q->l4_complete, 1);
	ck_assert_uint_eq(q->proto, 17);
	assert_addr(&q->src, "2001:db8::10");
	ck_assert_uint_eq(q->sport, 43500);
	ck_assert_uint_eq(q->dport, 9999);
	ck_assert_uint_eq(q->inner_len, 14);
}
END_TEST

START_TEST(t_icmp_redirect)
{
	struct decoded d;

	ck_assert_int_eq(DEC(icmp_redirect, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.icmp.type, 5);
	ck_assert_uint_eq(d.icmp.code, 1);
	ck_assert_uint_eq(d.icmp.is_error, 1);
	assert_addr(&d.icmp.gateway, "203.0.113.254");
	ck_assert_uint_eq(d.icmp.q.proto, 17);
	ck_assert_uint_eq(d.icmp.q.sport, 43405);
}
END_TEST

START_TEST(t_more_links_and_protocols)
{
	struct decoded d;

	/* 0x9100 (pre-standard QinQ) outer tag */
	ck_assert_int_eq(DEC(vlan_9100_udp, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.nvlan, 1);
	ck_assert_uint_eq(d.vlan[0], 300);
	ck_assert_uint_eq(d.payload_len, 8);
	/* ARP over SLL: not IP */
	ck_assert_int_eq(DEC(sll_arp, &d), 0);
	ck_assert_uint_eq(d.anomalies, BIT(AN_ETHERTYPE_OTHER));
	ck_assert_uint_eq(d.ethertype, 0x0806);
	/* GRE (RFC 2784, no options): followed to the inner IPv4/UDP */
	ck_assert_int_eq(DEC(ipv4_gre, &d), 1);
	ck_assert_uint_eq(d.anomalies, 0);
	ck_assert_uint_eq(d.ntun, 1);
	ck_assert_uint_eq(d.tun[0].kind, TUN_GRE);
	assert_ip4(&d.tun[0].src, 192, 0, 2, 10);
	assert_ip4(&d.tun[0].dst, 198, 51, 100, 20);
	ck_assert_uint_eq(d.tun[0].outer_df, 1);
	ck_assert_uint_eq(d.tun[0].overhead, 20 + 4);
	ck_assert_uint_eq(d.tun_overhead, 24);
	ck_assert_uint_ne(d.tun_ctx, 0);
	ck_assert_uint_eq(d.ip_off, 14 + 24);
	assert_ip4(&d.src, 10, 0, 0, 1);
	assert_ip4(&d.dst, 10, 0, 0, 2);
	ck_assert_uint_eq(d.proto, 17);
	ck_assert_int_eq(d.l4, L4_UDP);
	ck_assert_uint_eq(d.sport, 1);
	ck_assert_uint_eq(d.dport, 2);
	ck_assert_uint_eq(d.payload_len, 0);
	/* IPv6 payload length 0: the captured length is used */
	ck_assert_int_eq(DEC(ipv6_paylen0, &d), 1);
	ck_assert(HAS(d, AN_IP_LEN_ZERO));
	assert_not_malformed(&d);
	ck_assert_uint_eq(d.ip_len, 54);
	ck_assert_int_eq(d.l4, L4_UDP);
	ck_assert_uint_eq(d.sport, 53002);
	ck_assert_uint_eq(d.payload_len, 6);
	/* UDP checksum 0 is illegal over IPv6 (RFC 8200 §8.1) */
	ck_assert_int_eq(DEC(udp6_csum0, &d), 1);
	ck_assert_uint_eq(d.anomalies, BIT(AN_UDP_CSUM));
	ck_assert(d.csum_checked && d.csum_bad);
}
END_TEST

/* ---- snap length ---------------------------------------------------------------- */

START_TEST(t_snaplen_cut)
{
	struct decoded d;

	/* 96 of 1514 bytes: headers complete, payload cut */
	ck_assert_int_eq(DEC(snap_cut_payload, &d), 1);
	ck_assert(HAS(d, AN_SNAPLEN_CUT));
	assert_not_malformed(&d);
	ck_assert_uint_eq(d.cut, 1);
	ck_assert_uint_eq(d.ip_len, 1500);
	ck_assert_int_eq(d.l4, L4_TCP);
	ck_assert_uint_eq(d.tcp.seq, 100);
	ck_assert_uint_eq(d.payload_len, 1460);      /* from the headers */
	ck_assert_uint_eq(d.payload_caplen, 96 - 54); /* what is there */
	ck_assert_uint_eq(d.csum_checked, 0);
	ck_assert_uint_eq(d.csum_bad, 0);
	/* cut inside the IPv4 header */
	DEC(snap_cut_in_ip, &d);
	ck_assert(HAS(d, AN_SNAPLEN_CUT));
	assert_not_malformed(&d);
	ck_assert_int_eq(d.l4, L4_NONE);
	/* cut inside the TCP options: ports and flags known, options not */
	ck_assert_int_eq(DEC(snap_cut_in_tcp_opts, &d), 1);
	ck_assert(HAS(d, AN_SNAPLEN_CUT));
	assert_not_malformed(&d);
	ck_assert_uint_eq(d.sport, 40000);
	ck_assert_uint_eq(d.tcp.flags, TCP_SYN);
	ck_assert_uint_eq(d.tcp.hdr_len, 40);
	ck_assert_uint_eq(d.csum_checked, 0);
	/* cut inside the Ethernet header */
	ck_assert_int_eq(DEC(snap_cut_in_eth, &d), 0);
	ck_assert(HAS(d, AN_SNAPLEN_CUT));
	assert_not_malformed(&d);
	/* the same 10 bytes not cut (caplen = len): a short link header */
	ck_assert_int_eq(dec(P_snap_cut_in_eth, 10, 10, LT_EN10MB, &d), 0);
	ck_assert(HAS(d, AN_LINK_SHORT));
	ck_assert(!HAS(d, AN_SNAPLEN_CUT));
}
END_TEST

/* ---- checksum offload ---------------------------------------------------------------- */

START_TEST(t_csum_offload_vs_bad)
{
	struct decoded d;

	/* checksum field = folded pseudo-header sum (0xecd0): the sender's
	 * NIC was to finish it */
	ck_assert_int_eq(DEC(tcp_csum_offload, &d), 1);
	ck_assert_uint_eq(d.tcp.csum, 0xecd0);
	ck_assert_uint_eq(d.anomalies, BIT(AN_CSUM_OFFLOAD));
	assert_not_malformed(&d);
	ck_assert(d.csum_checked && d.csum_offload && !d.csum_bad);
	/* the same segment with 0xdead: bad */
	ck_assert_int_eq(DEC(tcp_csum_bad, &d), 1);
	ck_assert_uint_eq(d.tcp.csum, 0xdead);
	ck_assert_uint_eq(d.anomalies, BIT(AN_TCP_CSUM));
	ck_assert(d.csum_checked && d.csum_bad && !d.csum_offload);
	ck_assert(anomaly_is_malformed(AN_TCP_CSUM));
	ck_assert(!anomaly_is_malformed(AN_CSUM_OFFLOAD));
}
END_TEST

/* Stable anomaly names (they appear in reports). */
START_TEST(t_anomaly_names)
{
	int a, b;

	ck_assert_str_eq(anomaly_name(AN_SNAPLEN_CUT), "cut_by_snaplen");
	ck_assert_str_eq(anomaly_name(AN_VLAN_DEPTH), "vlan_depth_exceeded");
	ck_assert_str_eq(anomaly_name(AN_IPV4_HDRLEN), "ipv4_bad_header_length");
	ck_assert_str_eq(anomaly_name(AN_CSUM_OFFLOAD), "checksum_offloaded_by_sender");
	ck_assert_str_eq(anomaly_name(AN_COUNT), "unknown");
	ck_assert(!anomaly_is_malformed(AN_SNAPLEN_CUT));
	for (a = 0; a < AN_COUNT; a++) {
		ck_assert_ptr_nonnull(anomaly_name((enum anomaly)a));
		ck_assert_str_ne(anomaly_name((enum anomaly)a), "unknown");
		for (b = a + 1; b < AN_COUNT; b++)
			ck_assert_str_ne(anomaly_name((enum anomaly)a), anomaly_name((enum anomaly)b));
	}
}
END_TEST

/* Every prefix of every vector decodes without reading past it (run under
 * ASan this catches any over-read), and a prefix is only ever "cut", never
 * malformed, when the record says it was cut by the snapshot length. */
struct vec {
	const char *name;
	const uint8_t *b;
	uint32_t n, len, lt;
};

#define V(x) { #x, P_##x, (uint32_t)sizeof(P_##x), LEN_##x, LT_##x }
static const struct vec VECS[] = {
	V(eth_tcp_syn), V(vlan_udp), V(qinq_ipv6_udp), V(vlan8_udp), V(sll_out_tcp),
	V(sll2_in_udp), V(null_le_ipv4), V(loop_be_ipv4), V(ppp_ipv4), V(ppp_ipv6),
	V(raw_ipv4), V(raw_ipv6), V(ipv4_rr_option_udp), V(ipv6_ext_chain_tcp),
	V(ipv6_ext16_tcp), V(tcp_sack_blocks), V(tcp_payload), V(udp6_good),
	V(icmp_echo), V(tcp_csum_offload), V(ipv6_frag_first_udp), V(icmp6_echo),
	V(vlan_9100_udp), V(ipv4_gre), V(tcp_opt_unknown_kind),
};
/* ICMP errors: see t_icmp_quote_cut_by_snaplen */
static const struct vec VECS_ICMP_ERR[] = {
	V(icmp_port_unreach), V(icmp_frag_needed), V(icmp_ttl_exceeded_echo), V(icmp6_packet_too_big),
	V(icmp_redirect), V(icmp6_unreach_udp),
};

static void prefixes(const struct vec *v)
{
	struct decoded d;
	uint32_t n;

	for (n = 0; n < v->n; n++) {
		uint8_t *copy = malloc(n ? n : 1);   /* exact size: ASan sees over-reads */
		memcpy(copy, v->b, n);
		dec(copy, n, v->len, v->lt, &d);
		ck_assert_msg(n == 0 || HAS(d, AN_SNAPLEN_CUT), "%s cut to %u: not flagged cut", v->name, n);
		{
			int a;
			for (a = 0; a < AN_COUNT; a++)
				if ((d.anomalies & BIT(a)) && anomaly_is_malformed((enum anomaly)a))
					ck_abort_msg("%s cut to %u bytes: %s", v->name, n,
						     anomaly_name((enum anomaly)a));
		}
		ck_assert_uint_eq(d.csum_bad, 0);
		free(copy);
	}
}

START_TEST(t_prefixes_are_cut_not_malformed)
{
	prefixes(&VECS[_i]);
}
END_TEST

/*
 * An ICMP error cut by the snapshot length inside its quote (e.g.
 * P_icmp_port_unreach captured to 42 of 75 bytes) is only cut_by_snaplen,
 * never icmp_quote_bad (malformed).  (Was reported malformed before
 * e6360df.)
 */
START_TEST(t_icmp_quote_cut_by_snaplen)
{
	prefixes(&VECS_ICMP_ERR[_i]);
}
END_TEST

static Suite *decode_suite(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, t_eth_tcp_syn);
	tcase_add_test(tc, t_vlan);
	tcase_add_test(tc, t_qinq);
	tcase_add_test(tc, t_pppoe);
	tcase_add_test(tc, t_vlan_cap);
	tcase_add_test(tc, t_sll);
	tcase_add_test(tc, t_sll2);
	tcase_add_test(tc, t_null_loop);
	tcase_add_test(tc, t_ppp);
	tcase_add_test(tc, t_raw);
	tcase_add_test(tc, t_non_ip_and_short);
	tcase_add_test(tc, t_ipv4_options);
	tcase_add_test(tc, t_ipv4_bad_ihl);
	tcase_add_test(tc, t_ipv4_totlen);
	tcase_add_test(tc, t_ipv4_csum_padding);
	tcase_add_test(tc, t_ipv4_fragments);
	tcase_add_test(tc, t_ipv6_ext_chain);
	tcase_add_test(tc, t_ipv6_ext_cap);
	tcase_add_test(tc, t_tcp_sack);
	tcase_add_test(tc, t_tcp_bad_options);
	tcase_add_test(tc, t_tcp_bad_header);
	tcase_add_test(tc, t_tcp_payload);
	tcase_add_test(tc, t_udp);
	tcase_add_test(tc, t_icmp_port_unreach);
	tcase_add_test(tc, t_icmp_frag_needed);
	tcase_add_test(tc, t_icmp_admin_prohibited_8);
	tcase_add_test(tc, t_icmp_quote_bad);
	tcase_add_test(tc, t_icmp_quote_truncated_anomaly);
	tcase_add_test(tc, t_icmp_quoting_icmp);
	tcase_add_test(tc, t_icmp_echo_and_csum);
	tcase_add_test(tc, t_icmp6_packet_too_big);
	tcase_add_test(tc, t_ipv6_fragments);
	tcase_add_test(tc, t_tcp_ns_and_options);
	tcase_add_test(tc, t_icmp6_echo_unreach);
	tcase_add_test(tc, t_icmp_redirect);
	tcase_add_test(tc, t_more_links_and_protocols);
	tcase_add_test(tc, t_snaplen_cut);
	tcase_add_test(tc, t_csum_offload_vs_bad);
	tcase_add_test(tc, t_anomaly_names);
	tcase_add_loop_test(tc, t_prefixes_are_cut_not_malformed, 0,
			    (int)(sizeof(VECS) / sizeof(VECS[0])));
	tcase_add_loop_test(tc, t_icmp_quote_cut_by_snaplen, 0,
			    (int)(sizeof(VECS_ICMP_ERR) / sizeof(VECS_ICMP_ERR[0])));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(decode_suite());
}
