#!/bin/sh
# e2e_tcp_tshark.sh - netrca's per-frame TCP sequence-analysis labels against
# tshark's two-pass expert analysis over every committed capture: per label,
# precision and recall of at least 98 % (labels with fewer than 20 labelled
# frames are reported and skipped).  Tunnelled captures (GRE, IP-in-IP,
# 6in4, VXLAN) are in: both tools label the inner TCP.  dup_any_nat.pcap is
# left out on purpose:
# netrca does not label capture duplicates (tests/e2e_capture_artefacts.sh).
# TAP output.
top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-$top_srcdir}
if ! command -v tshark >/dev/null 2>&1; then
	echo "1..0 # SKIP tshark not installed"
	exit 0
fi
caps=$(find "$top_srcdir/fixtures" -name '*.pcap' -o -name '*.pcapng' | sort |
	grep -v -e '/broken_' -e '/hostile/' -e 'dup_any_nat')
# shellcheck disable=SC2086
exec python3 "$top_srcdir/tests/tcp_vs_tshark.py" --tap 98 "$top_builddir/netrca" $caps
