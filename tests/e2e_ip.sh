#!/bin/sh
# e2e_ip.sh - the IP layer against tshark on the committed captures:
#  - reassembly: the frames at which netrca completes a datagram (netrca
#    frames: "reassembled=N") are the frames at which tshark shows the
#    reassembled IPv4/IPv6 datagram, on every capture with fragments;
#  - ICMP errors: each error netrca joins names the flow (conn.log row) whose
#    endpoints tshark decodes in the quote, and the errors it must not join
#    (a quote of an ICMP error, a bogus IHL, a later fragment) join none;
#  - echo pairing: requests, answered, unanswered (tshark's icmp.no_resp) and
#    replies without request, from report.xml;
#  - hostile fragments: the named anomalies at the frames the capture's
#    README lists; the tunnel column of tcp.log against tshark's outer headers.
# TAP output.
. "$(dirname "$0")/lib.sh"

if [ ! -x "$NETRCA" ]; then echo "1..0 # SKIP $NETRCA not built"; exit 0; fi
if ! command -v tshark >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP tshark or python3 missing"; exit 0
fi
IP=$top_srcdir/fixtures/incidents/ip
XSD=$top_srcdir/reports/netrca-report-1.xsd
TS="tshark -n"

# ---- reassembly -------------------------------------------------------------
for cap in $(find "$top_srcdir/fixtures" -name '*.pcap' | sort); do
	t=$($TS -r "$cap" -Y 'ip.reassembled.length || ipv6.reassembled.length' -T fields -e frame.number 2>/dev/null | tr '\n' ' ')
	[ -n "$t" ] || continue
	n=$("$NETRCA" frames "$cap" 2>/dev/null | awk -F'\t' '$6 ~ /reassembled=/ { printf "%s ", $2 }')
	eq "${cap#"$top_srcdir"/fixtures/}: datagrams completed at tshark's frames" "$n" "$t"
done

# ---- ICMP errors joined to the flow they quote ------------------------------
o=$TMP/quotes
"$NETRCA" analyze -q --force --fail-on none -o "$o" "$IP/icmp-quotes.pcap" >/dev/null 2>&1
"$NETRCA" frames "$IP/icmp-quotes.pcap" >"$TMP/frames" 2>/dev/null
$TS -r "$IP/icmp-quotes.pcap" -Y '(icmp && icmp.type != 0 && icmp.type != 8) || (icmpv6 && icmpv6.type < 128)' \
	-T fields -E occurrence=l -E separator=/t -e frame.number -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst \
	-e tcp.srcport -e tcp.dstport -e udp.srcport -e udp.dstport \
	>"$TMP/tquotes" 2>/dev/null
# errors quoting an ICMP error (two ICMP headers in the frame)
$TS -r "$IP/icmp-quotes.pcap" -Y 'count(icmp.type) > 1' -T fields -e frame.number >"$TMP/nested" 2>/dev/null
res=$(python3 - "$TMP/tquotes" "$TMP/frames" "$o/conn.log" "$TMP/nested" <<'PY'
import sys
quotes = {}
for line in open(sys.argv[2]):
    f = line.rstrip("\n").split("\t")
    if len(f) > 5 and "quotes=" in f[5]:
        quotes[f[1]] = f[5].split("quotes=")[1].split()[0]
rows = []
for line in open(sys.argv[3]):
    if line.startswith("#"):
        continue
    f = line.rstrip("\n").split("\t")
    rows.append((f[1], f[6], {(f[2], f[3]), (f[4], f[5])}))
ok = bad = 0
nested_frames = set(l.strip() for l in open(sys.argv[4]))
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    fr, s4, d4, s6, d6, tsp, tdp, usp, udp = f[:9]
    src, dst = (s6, d6) if s6 else (s4, d4)
    proto, sp, dp = ("tcp", tsp, tdp) if tsp else ("udp", usp, udp) if usp else (None, None, None)
    # the quote of an ICMP error, a bogus inner IHL or a later fragment (no
    # ports decoded): no flow
    nested = fr in nested_frames
    if proto is None or nested:
        want = None
    else:
        want = [u for (u, p, ends) in rows if p == proto and ends == {(src, sp), (dst, dp)}]
        want = want[0] if want else None
    got = quotes.get(fr)
    if got == want:
        ok += 1
    else:
        bad += 1
        print("# frame %s: netrca quotes %s, tshark's quoted endpoints name %s" % (fr, got, want))
print("ok %d bad %d joined %d" % (ok, bad, len(quotes)))
PY
)
echo "$res" | grep '^#'
set -- $(echo "$res" | tail -1)
eq "icmp-quotes: every ICMP error joins the flow tshark's quote names ($2 errors)" "$4" 0
eq "icmp-quotes: 8 errors joined (2, 4, 6, 8, 11, 21 ports only, 29, 36 through a Hop-by-Hop header)" \
	"$(awk -F'\t' '$6 ~ /quotes=/ { printf "%s ", $2 }' "$TMP/frames")" "2 4 6 8 11 21 29 36 "
for f in 30 32 39 42; do
	check "icmp-quotes: frame $f joins no flow" sh -c "! awk -F'\t' '\$2 == $f' '$TMP/frames' | grep -q quotes="
done
check "icmp-quotes: summary counts 8 joined, 4 not" grep -q "icmp errors: 8 joined to their flow, 4 quoting no known flow" "$o/summary.txt"

# ---- echo pairing -----------------------------------------------------------
o=$TMP/echo
"$NETRCA" analyze -q --force --fail-on none -o "$o" "$IP/echo.pcap" >/dev/null 2>&1
check "echo: report.xml valid" sh -c "xmllint --noout --schema '$XSD' '$o/report.xml' 2>/dev/null"
xa() { grep -o "<icmp-echo [^>]*" "$o/report.xml" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
cnt() { $TS -2 -r "$IP/echo.pcap" -Y "$1" 2>/dev/null | wc -l | tr -d ' '; }
eq "echo: requests = tshark's" "$(xa requests)" "$(cnt 'icmp.type == 8 || icmpv6.type == 128')"
eq "echo: answered = tshark's requests with a response" "$(xa answered)" "$(cnt 'icmp.resp_in || icmpv6.resp_in')"
eq "echo: unanswered = tshark's icmp.no_resp" "$(xa unanswered)" "$(cnt 'icmp.no_resp || icmpv6.no_resp')"
eq "echo: replies without request = tshark's replies without resp_to" "$(xa unsolicited)" \
	"$(cnt '(icmp.type == 0 && !icmp.resp_to) || (icmpv6.type == 129 && !icmpv6.resp_to)')"
first=$(grep -A1 '<icmp-echo ' "$o/report.xml" | sed -n 's/.*number="\([0-9]*\)".*/\1/p' | head -1)
eq "echo: first unanswered request is tshark's first icmp.no_resp" "$first" \
	"$($TS -2 -r "$IP/echo.pcap" -Y 'icmp.no_resp || icmpv6.no_resp' -T fields -e frame.number 2>/dev/null | head -1)"

# ---- hostile fragments --------------------------------------------------------
o=$TMP/hostile
"$NETRCA" analyze -q --force --fail-on none -o "$o" "$IP/frag-hostile.pcap" >/dev/null 2>&1
an() { awk -v n="$1" '/<anomaly / { on = index($0, "name=\"" n "\"") > 0 } on && /<frame / { sub(/.*number="/, ""); sub(/".*/, ""); printf "%s ", $0 }' "$o/report.xml"; }
eq "frag-hostile: conflicting overlap at frame 8 (tshark: ip.fragment.overlap.conflict)" "$(an ip_fragment_overlap_conflict)" \
	"$($TS -r "$IP/frag-hostile.pcap" -Y ip.fragment.overlap.conflict -T fields -e frame.number 2>/dev/null | tr '\n' ' ')"
eq "frag-hostile: tiny first fragments 10, 11 (nmap -f)" "$(an ip_fragment_tiny)" "10 11 "
eq "frag-hostile: offset + length beyond 65535 at 22" "$(an ip_fragment_beyond_65535)" "22 "
eq "frag-hostile: never completed: the datagrams of 15 and 21" "$(an ip_fragment_incomplete)" "15 21 "
check "frag-hostile: report.xml valid" sh -c "xmllint --noout --schema '$XSD' '$o/report.xml' 2>/dev/null"

# ---- tunnels: tcp.log's tunnel column against tshark's outer headers --------
for c in crafted/mtu-blackhole-gre incidents/02-mtu-blackhole/vxlan-client ip/mtu-blackhole-6in4 ip/tunnel-vlan-vxlan; do
	cap=$(ls "$top_srcdir"/fixtures/incidents/${c#incidents/}.pcap 2>/dev/null || ls "$top_srcdir/fixtures/$c.pcap")
	o=$TMP/tun
	"$NETRCA" analyze -q --force --fail-on none -o "$o" "$cap" >/dev/null 2>&1
	# the first TCP frame inside the tunnel: outer addresses and header sizes
	$TS -r "$cap" -Y 'tcp && (gre || vxlan || ip.proto == 41)' -T fields -E occurrence=f \
		-e ip.src -e ip.dst -e ip.hdr_len -e frame.protocols 2>/dev/null | head -1 >"$TMP/outer"
	IFS=$(printf '\t') read -r osrc odst ohl protos <"$TMP/outer"
	want_kind=gre; hdr=4
	case $protos in *vxlan*) want_kind=vxlan; hdr=30 ;; *ip:ipv6*) want_kind=6in4; hdr=0 ;; esac
	set -- "$osrc" "$odst" "$ohl"
	got=$(awk -F'\t' '/^#fields/ { for (i = 2; i <= NF; i++) { if ($i == "tunnel") t = i - 1; if ($i == "tunnel_overhead") v = i - 1 } next }
		!/^#/ && t { print $t, $v; exit }' "$o/tcp.log")
	kind=${got%%,*}
	eq "$c: tunnel kind" "$kind" "$want_kind"
	case "$got" in
	"$want_kind,$1,$2"* | "$want_kind,$2,$1"*) ok "$c: tunnel endpoints are tshark's outer addresses ($1, $2)" ;;
	*) not_ok "$c: tunnel endpoints are tshark's outer addresses ($1, $2) (got '$got')" ;;
	esac
	eq "$c: tunnel overhead = outer IP header + tunnel headers" "${got##* }" "$(($3 + hdr))"
done

tap_done
