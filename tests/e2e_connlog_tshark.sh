#!/bin/sh
# e2e_connlog_tshark.sh - netrca's conn.log against tshark on every committed
# capture tshark reads (fixtures/engine, fixtures/incidents):
#   - TCP / UDP conversations (tshark -z conv,tcp / conv,udp) vs conn.log
#     rows, endpoints and total frames (tshark 4.0 splits a reused 4-tuple
#     into one conversation per connection, as netrca does);
#   - number of TCP / UDP streams (tcp.stream / udp.stream) vs conn.log rows;
#   - per flow: first frame (uid C0-N vs the stream's first frame.number),
#     packets in each direction, and community_id (tshark's communityid).
# Tunnels: netrca and tshark both follow GRE and IP-in-IP to the inner flows
# (per packet, the innermost addresses, ports and streams are compared).  A
# VXLAN capture differs by design: netrca records the inner flows and no
# conversation for the outer UDP packets that carried them, tshark lists both
# (expected failures with that reason).  ICMP packets are left out (tshark
# makes streams of the headers quoted inside ICMP errors, netrca joins them
# to the flow they quote).
. "$(dirname "$0")/lib.sh"

if ! command -v tshark >/dev/null 2>&1; then
	echo "ok 1 # SKIP tshark is not installed"
	echo "1..1"
	exit 0
fi
if [ ! -x "$NETRCA" ]; then
	echo "1..0 # SKIP $NETRCA not built"
	exit 0
fi

# Captures whose conn.log differs from tshark's view by design:
#   link_vlan12.pcap: 12 VLAN tags, beyond netrca's cap of 8: no flows (tshark
#     decodes all 12);
#   link_user0.pcap: undecoded link type (tshark does not decode it either);
# and (see known_difference) hostile headers and VXLAN tunnels.
#   broken_*: damaged files, covered by e2e_engine.sh.
excluded() {
	case $(basename "$1") in
	broken_* | link_vlan12.pcap | link_user0.pcap) return 0 ;;
	esac
	return 1
}

# Captures where netrca and tshark differ by design: a failing check there
# is reported as an expected failure (TAP "# TODO") with the reason.
known_difference() {
	case $(basename "$1") in
	hostile_ipv6.pcap)
		echo "frame 1 has 20 IPv6 extension headers, beyond netrca's cap of 16: no flow (tshark decodes the whole chain)" ;;
	hostile_tcp.pcap)
		echo "frames 1-2 have bogus TCP data offsets: netrca keeps a flow from the ports (anomaly counted), tshark makes no conversation" ;;
	hostile_udp.pcap)
		echo "frame 1 has UDP length 4 < 8: netrca keeps a flow from the ports (anomaly counted), tshark makes no stream" ;;
	*vxlan*.pcap)
		echo "VXLAN: netrca records the inner flows only, tshark also the outer UDP conversation that carries them" ;;
	esac
}

TS="tshark -n"
OUT=$TMP/out
mkdir -p "$OUT"

i=0
for cap in $(all_captures); do
	i=$((i + 1))
	name=${cap#"$top_srcdir"/fixtures/}
	if excluded "$cap"; then
		continue
	fi
	# One tshark pass per capture: the per-packet table, then the
	# conversation tables (lines with "<->").
	if ! $TS -r "$cap" --enable-protocol communityid -T fields -E separator=/t \
		-e frame.number -e tcp.stream -e udp.stream -e ip.src -e ipv6.src \
		-e tcp.srcport -e udp.srcport -e communityid -e icmp.type -e icmpv6.type -e gre.proto \
		-z conv,tcp -z conv,udp >"$OUT/ts$i" 2>"$OUT/tserr$i"; then
		skip "$name: tshark cannot read it: $(grep -v '^Running as' "$OUT/tserr$i" | head -1)"
		continue
	fi
	TODO_REASON=
	reason=$(known_difference "$cap")
	res=$OUT/r$i
	if ! "$NETRCA" analyze -q --no-ndpi $ENGINE_ONLY -o "$res" "$cap" 2>"$OUT/err$i"; then
		not_ok "$name: netrca analyze failed: $(head -1 "$OUT/err$i")"
		continue
	fi
	log=$res/conn.log
	TODO_REASON=$reason   # only the comparisons below may differ by design

	# --- conversations -----------------------------------------------------
	# "A:p <-> B:p  <-frames bytes ->frames bytes total-frames bytes ..." per
	# section: proto, the sorted pair, total frames.
	awk '
		/^UDP Conversations/ { p = "udp" }
		/^TCP Conversations/ { p = "tcp" }
		/<->/ {
			a = $1; b = $3; n = 0
			for (k = 4; k <= NF; k++) if ($k ~ /^[0-9]+$/) nums[++n] = $k
			if (a > b) { t = a; a = b; b = t }
			print p, a, b, nums[5]
		}' "$OUT/ts$i" | sort >"$OUT/tconv$i"
	# one line per conn.log row: tshark 4.0 also splits a reused 4-tuple
	# into one conversation per connection
	grep -v '^#' "$log" | awk -F'\t' '
		$7 == "tcp" || $7 == "udp" {
			a = $3 ":" $4; b = $5 ":" $6
			if (a > b) { t = a; a = b; b = t }
			print $7, a, b, $15 + $17
		}' | sort >"$OUT/nconv$i"
	for p in tcp udp; do
		eq "$name: $p conversations (tshark -z conv,$p vs conn.log rows)" \
			"$(grep -c "^$p " "$OUT/nconv$i")" "$(grep -c "^$p " "$OUT/tconv$i")"
	done
	if cmp -s "$OUT/tconv$i" "$OUT/nconv$i"; then
		ok "$name: same conversations, same frames per conversation"
	else
		not_ok "$name: same conversations, same frames per conversation (< tshark, > netrca)"
		diff "$OUT/tconv$i" "$OUT/nconv$i" | grep '^[<>]' | sed 's/^/#   /' | head -10
	fi

	# --- streams: first frame, packets per direction, community id ---------
	awk -F'\t' -v name="$name" '
		FNR == NR {
			if ($0 ~ /<->/ || $1 !~ /^[0-9]+$/ || NF < 10) next
			if ($9 != "" || $10 != "") next      # ICMP: quoted headers are not flows
			# tunnels: the innermost value of each field
			for (k = 2; k <= 7; k++) sub(/.*,/, "", $k)
			if ($2 != "") { s = "tcp " $2; port = $6 }
			else if ($3 != "") { s = "udp " $3; port = $7 }
			else next
			src = ($5 != "" ? $5 : $4) ":" port
			if (!(s in first)) { first[s] = $1; cid[s] = $8; byframe[$1] = s; nsp[substr(s, 1, 3)]++ }
			cnt[s, src]++
			next
		}
		/^#/ { next }
		$7 == "tcp" || $7 == "udp" {
			nrow[$7]++
			f = $2; sub(/^C[0-9]+-/, "", f)
			if (!(f in byframe)) { printf "# %s: %s %s:%s > %s:%s: no tshark %s stream starts at frame %s\n", name, $2, $3, $4, $5, $6, $7, f; bad++; next }
			s = byframe[f]
			if (substr(s, 1, 3) != $7) { printf "# %s: %s: stream %s is not %s\n", name, $2, s, $7; bad++; next }
			o = $3 ":" $4; r = $5 ":" $6
			if (cnt[s, o] + 0 != $15 || cnt[s, r] + 0 != $17) {
				printf "# %s: %s (%s): packets %s/%s, tshark %d/%d\n", name, $2, s, $15, $17, cnt[s, o], cnt[s, r]; bad++
			}
			if (cid[s] != $19) { printf "# %s: %s: community_id %s, tshark %s\n", name, $2, $19, cid[s]; cbad++ }
		}
		END {
			printf "streams %d %d rows %d %d bad %d cbad %d\n", nsp["tcp"], nsp["udp"], nrow["tcp"], nrow["udp"], bad, cbad
		}' "$OUT/ts$i" "$log" >"$OUT/cmp$i"
	grep '^#' "$OUT/cmp$i" | head -10
	set -- $(grep '^streams' "$OUT/cmp$i")
	eq "$name: TCP streams (tcp.stream) = conn.log tcp rows" "$5" "$2"
	eq "$name: UDP streams (udp.stream) = conn.log udp rows" "$6" "$3"
	eq "$name: each flow's first frame (uid) and packets per direction match tshark" "$8" 0
	eq "$name: each flow's community_id matches tshark's" "${10}" 0
done
TODO_REASON=

tap_done
