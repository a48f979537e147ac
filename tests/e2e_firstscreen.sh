#!/bin/sh
# e2e_firstscreen.sh - the first screen and what findings cite, on real
# captures, against independent values:
#  - the verdict opens the terminal output and summary.txt (one line per
#    incident class, worded by the rule pack's incident stanzas) and report.html
#    (section#verdict before the chain of custody); a baseline says "No
#    incident signature found" with what was examined;
#  - consequences: on the black-hole captures the retransmission burst is
#    linked to the black hole (report.xml caused-by, nested in report.html and
#    in the text), the counts are of root causes;
#  - every display filter of every fixture's findings (and of the public
#    captures in ../shared/realworld, when present) selects, in tshark,
#    exactly the evidence frames report.xml lists for that capture;
#  - every finding's first-ts / last-ts and first-relative / last-relative are
#    tshark's frame.time_epoch / frame.time_relative of its first listed
#    evidence frame and of its last evidence frame (evidence/@last-frame);
#  - the last line is "open: DIR/report.html";
#  - protocols nDPI named are said to be not examined (not with --no-ndpi);
#  - an unreadable input never leaves capture quality "good";
#  - on a terminal (script(1)) the findings are cut to 10 root causes with the
#    total and where the rest is; -v and a pipe show all.
# TAP output.
. "$(dirname "$0")/lib.sh"
FX=$top_srcdir/fixtures
XSD=$top_srcdir/reports/netrca-report-1.xsd
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
X() { xmllint --xpath "$2" "$1" 2>/dev/null; }
XH() { xmllint --html --xpath "$2" "$1" 2>/dev/null; }
F="*[local-name()='finding']"
# Debian's python3 (with python3-scapy), even where another python3 comes first on PATH
PY=python3 PYSCAPY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import scapy' 2>/dev/null; then
		PY=$p PYSCAPY=$p
		break
	fi
done

run() { # run NAME CAPTURE [OPTIONS...]: analyse into $TMP/NAME, stdout in $TMP/NAME.out
	_n=$1
	_c=$2
	shift 2
	"$NETRCA" analyze --force --fail-on none -o "$TMP/$_n" "$@" "$_c" >"$TMP/$_n.out" 2>"$TMP/$_n.err"
}

# ---- the verdict first ------------------------------------------------
run fw "$FX/incidents/05-healthcheck-blocked/fw-out.pcap"
eq "fw-out: stdout opens with the verdict" "$(sed -n 1p "$TMP/fw.out")" "verdict:"
l2=$(sed -n 2p "$TMP/fw.out")
case $l2 in
"  Firewall or policy blocks connections: 198.51.100.0/24 -> 192.0.2.10:8443/tcp: connection attempts"*"(24 frames, 3..176, 2026-11-26 12:19:08."*"[high, F1]")
	ok "fw-out: one incident line, worded, with frames and times" ;;
*) not_ok "fw-out: one incident line, worded, with frames and times ($l2)" ;;
esac
eq "fw-out: summary.txt opens with the same verdict" "$(sed -n 1,2p "$TMP/fw/summary.txt")" \
	"$(sed -n 1,2p "$TMP/fw.out")"
eq "fw-out: the last line names the page to open" "$(tail -n 1 "$TMP/fw.out")" "open: $TMP/fw/report.html"
check "fw-out: that page exists" test -s "$TMP/fw/report.html"
eq "fw-out: report.html's first section is the verdict" \
	"$(XH "$TMP/fw/report.html" 'string((//section)[1]/@id)')" verdict
check "fw-out: the verdict comes before the chain of custody" sh -c \
	"grep -n 'id=\"verdict\"\\|id=\"custody\"' '$TMP/fw/report.html' | head -1 | grep -q verdict"
case $(XH "$TMP/fw/report.html" 'string(//section[@id="verdict"]//li)') in
*"Firewall or policy blocks connections: 198.51.100.0/24 -> 192.0.2.10:8443/tcp"*) ok "fw-out: the page's verdict names the incident" ;;
*) not_ok "fw-out: the page's verdict names the incident" ;;
esac
eq "fw-out: the verdict links to its finding" "$(XH "$TMP/fw/report.html" 'string(//section[@id="verdict"]//li/a/@href)')" "#F1"

for b in "$FX"/incidents/baseline/*.pcap "$FX"/incidents/near-miss-tcp/*.pcap; do
	[ -f "$b" ] || continue
	n=$(basename "$b" .pcap)
	run "base-$n" "$b"
	l1=$(sed -n 1p "$TMP/base-$n/summary.txt")
	case $l1 in
	"No incident signature found: "*" frames, "*" flows ("*" TCP connections) examined at the IP and TCP layers by "*" rules"*)
		ok "$n: No incident signature found, with what was examined" ;;
	*) not_ok "$n: No incident signature found, with what was examined ($l1)" ;;
	esac
	pk=$(X "$TMP/base-$n/report.xml" "string(//*[local-name()='capture']/@frames)")
	case $l1 in *": $pk frames, "*) ok "$n: the frame count is the capture's ($pk)" ;;
	*) not_ok "$n: the frame count is the capture's ($pk: $l1)" ;; esac
done

# ---- causes and consequences ----------------------------------------------
for c in 02-mtu-blackhole/blackhole-client 02-mtu-blackhole/blackhole-server ip/tls-blackhole ip/icmp-ignored; do
	n=$(echo "$c" | tr / _)
	run "$n" "$FX/incidents/$c.pcap"
	x=$TMP/$n/report.xml
	check "$c: report.xml valid" sh -c "xmllint --noout --schema '$XSD' '$x' 2>/dev/null"
	cb=$(X "$x" "string(//$F[@slug='retransmission-burst']/@caused-by)")
	cause=$(X "$x" "string(//$F[@id='$cb']/@slug)")
	case $c in
	*icmp-ignored) want=pmtud-icmp-ignored ;;
	*) want=pmtud-black-hole ;;
	esac
	eq "$c: the retransmission burst is caused by $want" "$cause" "$want"
	# they share a flow, independently of netrca's linking
	f1=$(X "$x" "//$F[@slug='retransmission-burst']//*[local-name()='flow-ref']/@uid" | tr ' ' '\n' | sort)
	f2=$(X "$x" "//$F[@id='$cb']//*[local-name()='flow-ref']/@uid" | tr ' ' '\n' | sort)
	printf '%s\n' "$f2" >"$TMP/f2"
	check "$c: cause and consequence share a flow" sh -c "printf '%s\n' '$f1' | grep -qFx -f '$TMP/f2'"
	total=$(X "$x" "count(//$F)")
	linked=$(X "$x" "count(//$F[@caused-by])")
	grep -q "^  Path MTU black hole: .*\[high, $cb; explains [1-9][0-9]* other finding" "$TMP/$n/summary.txt" ||
		[ "$want" != pmtud-black-hole ]
	check "$c: the verdict line says what its finding explains" test $? -eq 0
	eq "$c: root-causes = findings - consequences" "$(X "$x" "string(//*[local-name()='findings']/@root-causes)")" \
		"$((total - linked))"
	# the consequence follows its cause in report order
	ci=$(X "$x" "count(//$F[@id='$cb']/preceding-sibling::*)")
	bi=$(X "$x" "count(//$F[@slug='retransmission-burst']/preceding-sibling::*)")
	check "$c: the consequence follows its cause" test "$bi" -gt "$ci"
	# report.html nests it inside its cause's article
	eq "$c: report.html nests the burst in its cause" \
		"$(XH "$TMP/$n/report.html" "count(//article[@id='$cb']//article[contains(@class,'consequence')]//span[contains(@class,'rule')][contains(., ' retransmission-burst ')])")" 1
	grep -q "^      consequence of $cb: \[high\] F[0-9]* 3003 retransmission-burst" "$TMP/$n/summary.txt"
	check "$c: summary.txt shows the burst under $cb" test $? -eq 0
	case $(sed -n '/^findings: /p' "$TMP/$n/summary.txt") in
	"findings: $total ($((total - linked)) root cause"*"; $linked consequence"*) ok "$c: the count line counts root causes" ;;
	*) not_ok "$c: the count line counts root causes" ;;
	esac
done
# asymmetric return path at the firewall leg that sees one direction: the
# one-sided flows are its consequence
run fwb "$FX/incidents/10-asymmetric/drop-later-fwB.pcap"
x=$TMP/fwb/report.xml
cb=$(X "$x" "string(//$F[@slug='one-sided-flow']/@caused-by)")
eq "drop-later-fwB: one-sided flows caused by the asymmetric return path" \
	"$(X "$x" "string(//$F[@id='$cb']/@slug)")" asymmetric-return-path
case $(sed -n 2p "$TMP/fwb/summary.txt") in
"  Asymmetric routing: 203.0.113.10:8443/tcp: the two directions of connections take different paths"*) ok "drop-later-fwB: one incident line" ;;
*) not_ok "drop-later-fwB: one incident line" ;;
esac
eq "drop-later-fwB: one line only (the consequence is not a line)" \
	"$(sed -n '2,/^[^ ]/p' "$TMP/fwb/summary.txt" | grep -c '^  ')" 1
# unanswered SYNs: the retries are the finding's own evidence, not a second
# finding beside it (rule 3003 would be nested under 3001 if it fired)
for c in checker fw-out; do
	run "u-$c" "$FX/incidents/05-healthcheck-blocked/$c.pcap"
	eq "05 $c: one root cause, no finding beside the unanswered SYNs" \
		"$(X "$TMP/u-$c/report.xml" "string(//*[local-name()='findings']/@root-causes)") $(X "$TMP/u-$c/report.xml" "count(//$F)")" "1 1"
	eq "05 $c: its evidence counts every SYN retry" \
		"$(X "$TMP/u-$c/report.xml" "string(//$F/*[local-name()='evidence']/@total)")" \
		"$(X "$TMP/u-$c/report.xml" "string(//$F//*[local-name()='metric'][@name='syn_packets']/@value)")"
done
# the near miss: PMTUD that works has no black hole, so nothing is linked
run pmtud-ok "$FX/incidents/02-mtu-blackhole/pmtud-ok-client.pcap"
eq "pmtud-ok: no consequence" "$(X "$TMP/pmtud-ok/report.xml" "count(//$F[@caused-by])")" 0

# ---- display filters and times against tshark, on every fixture ----------
# ns since the epoch as frame.time_epoch prints it
ns_secs() { printf '%d.%09d' "$(($1 / 1000000000))" "$(($1 % 1000000000))"; }
if nm "$NETRCA" 2>/dev/null | grep -q __asan_init; then
	# the sanitizer build: the same code as the release build's run, which
	# compares; here only that it runs cleanly on them
	for cap in "$top_srcdir"/../shared/realworld/pcaps/*; do
		[ -f "$cap" ] || continue
		"$NETRCA" analyze -q --force --fail-on none -o "$TMP/t" "$cap" >/dev/null 2>"$TMP/t.err"
		rc=$?
		case $rc in
		0 | 3) ;;
		*) not_ok "sanitizer build on $cap: exit $rc"; sed 's/^/# /' "$TMP/t.err" ;;
		esac
	done
	ok "sanitizer build: the public captures of ../shared/realworld analysed (none, or no report)"
	skip "display filters compared by the release build's run"
elif [ ! -w "$top_srcdir" ]; then
	# make distcheck (a read-only source tree): the release build's run
	# compares every filter and time with tshark; not a third time here
	skip "display filters: compared by the release build's run"
	skip "finding times: compared by the release build's run"
elif command -v tshark >/dev/null 2>&1; then
	nf=0 bad=0 nt=0 badt=0
	# every fixture, and the public captures of ../shared/realworld when
	# they are there (nobody here made those)
	RW=$top_srcdir/../shared/realworld/pcaps
	[ -d "$RW" ] || diag "no $RW: the public captures are not compared"
	for cap in "$FX"/incidents/*/*.pcap "$FX"/tcp/*.pcap "$FX"/evidence/*.pcap "$RW"/*; do
		[ -f "$cap" ] || continue
		"$NETRCA" analyze -q --no-ndpi --force --fail-on none -o "$TMP/t" "$cap" >/dev/null 2>&1
		x=$TMP/t/report.xml
		"$PY" "$top_srcdir/tests/report_frames.py" "$x" "$TMP" || continue
		read -r a b <"$TMP/counts"
		nf=$((nf + a))
		nt=$((nt + b))
		filters=$(cat "$TMP/filters")
		lasts=$(cat "$TMP/lasts")
		# one tshark pass per capture: the union of the filters (with the
		# findings' last evidence frames) selects exactly the union of the
		# listed evidence and those frames (a filter tshark cannot parse
		# selects nothing), and each finding's first and last frame carry
		# the times report.xml gives
		sel=$filters
		[ -n "$lasts" ] && sel="$sel${sel:+ || }frame.number in {$lasts}"
		[ -n "$sel" ] || continue
		tshark -n -r "$cap" -Y "$sel" -T fields -e frame.number -e frame.time_epoch -e frame.time_relative \
			2>/dev/null | tr '\t' ' ' >"$TMP/times"
		cut -d ' ' -f 1 "$TMP/times" | sort -n >"$TMP/got"
		{ cat "$TMP/want"; echo "$lasts" | tr ', ' '\n\n'; } | grep . | sort -nu >"$TMP/want.u"
		if ! cmp -s "$TMP/got" "$TMP/want.u"; then
			bad=$((bad + 1))
			diag "$cap: the filters select $(tr '\n' ' ' <"$TMP/got"), the evidence is $(tr '\n' ' ' <"$TMP/want.u")"
		fi
		while read -r fr want_t; do
			got_t=$(awk -v f="$fr" '$1 == f { print $2, $3 }' "$TMP/times")
			if [ "$got_t" != "$want_t" ]; then
				badt=$((badt + 1))
				diag "$cap frame $fr: report.xml '$want_t', tshark '$got_t'"
			fi
		done <"$TMP/exp"
	done
	diag "$nf display filters and $nt finding times compared with tshark"
	check "display filters: tshark selects exactly the listed evidence ($nf filters; $bad captures differ)" \
		test "$bad" -eq 0 -a "$nf" -gt 50
	check "finding times: frame.time_epoch / time_relative of the first and last frame ($badt of $((2 * nt)) differ)" \
		test "$badt" -eq 0 -a "$nt" -gt 50
else
	skip "tshark absent: display filters and times not compared"
	skip "tshark absent"
fi

# ---- not examined ------------------------------------------------------
s=$(grep '^not examined:' "$TMP/02-mtu-blackhole_blackhole-client/summary.txt")
eq "blackhole-client: the HTTP flows nDPI named are not examined" "$s" \
	"not examined: HTTP 3 flows (named by nDPI; netrca does not analyse these application protocols yet)"
eq "blackhole-client: report.xml lists them as a limitation" \
	"$(X "$TMP/02-mtu-blackhole_blackhole-client/report.xml" "string(//*[local-name()='limitation'][@name='not-examined']/@count)")" 3
if command -v tshark >/dev/null 2>&1; then
	eq "blackhole-client: 3 TCP connections carry payload (tshark), all to the HTTP port" \
		"$(tshark -n -r "$FX/incidents/02-mtu-blackhole/blackhole-client.pcap" -Y 'tcp.len > 0 && tcp.port == 8080' \
			-T fields -e tcp.stream 2>/dev/null | sort -u | wc -l)" 3
fi
run nondpi "$FX/incidents/02-mtu-blackhole/blackhole-client.pcap" --no-ndpi
check "--no-ndpi: nothing is said to be named" sh -c "! grep -q '^not examined' '$TMP/nondpi/summary.txt'"

# ---- an unreadable input is never "good" ---------------------------------
"$NETRCA" analyze -q --force --fail-on none -o "$TMP/um" "$FX/engine/broken_magic.pcap" >/dev/null 2>&1
case $(sed -n 's/^preflight: \([a-z]*\).*/\1/p' "$TMP/um/summary.txt") in
unreliable) ok "unreadable input: capture quality unreliable" ;;
*) not_ok "unreadable input: capture quality unreliable" ;;
esac

# ---- the terminal cut -----------------------------------------------------
if command -v script >/dev/null 2>&1 && [ -n "$PYSCAPY" ]; then
	# 12 services, each refusing two attempts: 12 root causes of rule 3002
	"$PYSCAPY" - "$TMP/refused12.pcap" <<'EOF'
import sys
from scapy.all import Ether, IP, TCP, wrpcap
pk, t = [], 1795700000.0
for port in range(8001, 8013):
    for k in range(2):
        sp = 40000 + port * 2 + k
        for p in (Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / IP(src="198.51.100.7", dst="192.0.2.10") /
                  TCP(sport=sp, dport=port, flags="S", seq=1000),
                  Ether(src="02:00:00:00:00:02", dst="02:00:00:00:00:01") / IP(src="192.0.2.10", dst="198.51.100.7") /
                  TCP(sport=port, dport=sp, flags="RA", seq=0, ack=1001)):
            p.time = t
            t += 0.001
            pk.append(p)
wrpcap(sys.argv[1], pk)
EOF
	[ -s "$TMP/refused12.pcap" ]
	run r12 "$TMP/refused12.pcap"
	eq "12 refused services: 12 findings, all printed on a pipe" "$(grep -c '^  \[medium\] F' "$TMP/r12.out")" 12
	script -qec "'$NETRCA' analyze --force --fail-on none -o '$TMP/r12t' '$TMP/refused12.pcap'" /dev/null >"$TMP/r12t.out" 2>&1
	eq "on a terminal: 10 root causes shown" "$(grep -c '^  \[medium\] F' "$TMP/r12t.out")" 10
	check "on a terminal: the total and where the rest is" \
		grep -q "^  \\.\\.\\. 2 more findings (2 root causes) in $TMP/r12t/summary.txt and report.html; -v shows all" "$TMP/r12t.out"
	eq "on a terminal: summary.txt still has all 12" "$(grep -c '^  \[medium\] F' "$TMP/r12t/summary.txt")" 12
	script -qec "'$NETRCA' analyze -v --force --fail-on none -o '$TMP/r12v' '$TMP/refused12.pcap'" /dev/null >"$TMP/r12v.out" 2>&1
	eq "on a terminal with -v: all 12" "$(grep -c '^  \[medium\] F' "$TMP/r12v.out")" 12
else
	skip "script(1) or scapy absent: the terminal cut not checked"
fi

echo "1..$tap_n"
[ "$tap_failed" -eq 0 ]
