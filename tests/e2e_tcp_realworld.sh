#!/bin/sh
# e2e_tcp_realworld.sh - netrca's per-frame TCP sequence-analysis labels against
# tshark's two-pass expert analysis on ../shared/realworld's public captures
# (Suricata's and Zeek's test suites: traffic nobody here made or tuned to).
# Per label, precision and recall of at least 98 % (labels with fewer than 20
# labelled frames are reported and skipped).  Deliberate differences are
# counted and named on '#' lines, outside the figures: capture duplicates
# (netrca frames names them, tshark labels them retransmissions or duplicate
# ACKs) and tshark streams that netrca keeps apart because their frames
# travel on different VLANs or in different tunnels.  Skipped when the
# folder or tshark is absent.  TAP output; doc/tcp-analysis.md has the
# figures.
top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-$top_srcdir}
RW=$top_srcdir/../shared/realworld/pcaps
if ! command -v tshark >/dev/null 2>&1; then
	echo "1..0 # SKIP tshark not installed"
	exit 0
fi
if [ ! -d "$RW" ]; then
	echo "1..0 # SKIP $RW absent (public captures are not part of the project)"
	exit 0
fi
# shellcheck disable=SC2046
exec python3 "$top_srcdir/tests/tcp_vs_tshark.py" --tap 98 "$top_builddir/netrca" $(find "$RW" -type f \( -name '*.pcap' -o -name '*.pcapng' \) | sort)
