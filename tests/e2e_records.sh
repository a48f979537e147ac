#!/bin/sh
# e2e_records.sh - compact flow records (src/flow.h) against full ones.
#
# 1. netrca analyze on every committed capture under fixtures/ (damaged ones
#    included), and on the first six tcp fixtures given together, once as
#    usual and once with NETRCA_FULL_RECORDS=1 (every flow a full record
#    from its first packet): conn.log, tcp.log, summary.txt, report.xml,
#    report.html, manifest.sha256, stdout, stderr and the exit status must be
#    identical.  A flow that starts compact and is made full later (by data,
#    a reset, an ICMP error, a TTL or MAC change, ...) must end exactly as
#    if it had been full all along.
# 2. The records are smaller, measured: a SYN flood of 40,000 one-packet
#    flows (tests/gen_flood, the benchmark's generator) under --flow-memory 16
#    keeps floor(16 MiB / 688) = 24,385 compact flows in memory at its peak
#    and floor(16 MiB / 1224) = 13,706 full ones (x86-64; the sizes the man
#    page gives), and finalises correspondingly fewer early.
. "$(dirname "$0")/lib.sh"

if [ ! -x "$NETRCA" ]; then
	echo "1..0 # SKIP $NETRCA not built"
	exit 0
fi

env_compare_fixtures NETRCA_FULL_RECORDS

# ---- the flood: how many flows fit ---------------------------------------
GEN=$top_builddir/tests/gen_flood
if [ ! -x "$GEN" ]; then
	skip "tests/gen_flood not built"
	tap_done
	exit 0
fi
"$GEN" "$TMP/flood.pcap" 40000 >/dev/null 2>&1
check "gen_flood wrote 40,000 SYNs" test -s "$TMP/flood.pcap"

# flood MODE VALUE: the flood with NETRCA_FULL_RECORDS=VALUE; prints "peak evicted"
# from the run's summary.txt
flood() {
	env_analyze "$1" NETRCA_FULL_RECORDS "$2" --flow-memory 16 "$TMP/flood.pcap"
	_s=$TMP/$1/summary.txt
	_peak=$(sed -n 's/^flows: 40000 (peak \([0-9]*\) in memory)$/\1/p' "$_s")
	_ev=$(sed -n 's/^  flow_table_full: \([0-9]*\) flows finalised early.*/\1/p' "$_s")
	echo "${_peak:-none} ${_ev:-none}"
}
set -- $(flood compact "")
cpeak=$1 cev=$2
set -- $(flood full 1)
fpeak=$1 fev=$2
eq "flood, compact records: flows at the peak = floor(16 MiB / 688)" "$cpeak" 24385
eq "flood, full records: flows at the peak = floor(16 MiB / 1224)" "$fpeak" 13706
eq "flood, compact records: finalised early = 40000 - 24385" "$cev" 15615
eq "flood, full records: finalised early = 40000 - 13706" "$fev" 26294
# the same SYNs are reported either way: each flow's conn.log row but the
# order in which the budget ended them
c=$(grep -vc '^#' "$TMP/compact/conn.log")
f=$(grep -vc '^#' "$TMP/full/conn.log")
eq "flood: conn.log rows, compact = full = 40000" "$c $f" "40000 40000"
check "flood: the same rows either way (sorted)" sh -c \
	"grep -v '^#' '$TMP/compact/conn.log' | sort >'$TMP/c.rows'; grep -v '^#' '$TMP/full/conn.log' | sort >'$TMP/f.rows'; cmp -s '$TMP/c.rows' '$TMP/f.rows'"

tap_done
