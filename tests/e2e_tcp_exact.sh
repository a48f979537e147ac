#!/bin/sh
# e2e_tcp_exact.sh - on fixtures/tcp (live and crafted captures made for the TCP
# labels, among them sessions-crafted.pcap: new ISNs on the same ports, the
# first SYN replayed with its own ISN, tshark's out-of-order window, FIN
# retransmissions after close), every frame's labels equal tshark's two-pass
# expert analysis: one TAP line per capture, the differing frames listed.
top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-$top_srcdir}
if ! command -v tshark >/dev/null 2>&1; then
	echo "1..0 # SKIP tshark not installed"
	exit 0
fi
# shellcheck disable=SC2046
exec python3 "$top_srcdir/tests/tcp_vs_tshark.py" --exact "$top_builddir/netrca" $(find "$top_srcdir/fixtures/tcp" -name '*.pcap' | sort)
