#!/bin/sh
# e2e_rootcause.sh - root cause before symptom (issue 14): on every capture under
# fixtures/incidents/, fixtures/tcp/ and fixtures/evidence/, a finding that
# another explains (report.xml `caused-by`) is never ranked above its cause:
#
#  - its cause is listed before it, and the cause's rule is one its rule's
#    `caused_by` names (rules/*.rules);
#  - a family (a root cause and what it explains, transitively) is listed in
#    one piece, the root first: no other root cause comes between;
#  - the first finding is a root cause; report.xml's root-causes counts the
#    findings without caused-by; report.html lists the findings in the same order;
#  - summary.txt's first screen (the lines under "verdict:") names root causes
#    only, and the text nests every consequence under its cause;
#
# and the links the incidents need are there (a table below: capture, cause
# rule, consequence rule): MTU black hole -> retransmission burst, TLS black
# hole, asymmetric path -> one-sided flow, ...
. "$(dirname "$0")/lib.sh"

if [ ! -x "$NETRCA" ]; then
	echo "1..0 # SKIP $NETRCA not built"
	exit 0
fi

# rule id -> its caused_by ids ("3003 2001 2002 ..."), from the pack's files
awk '
/^rule [0-9]+ / { id = $2; next }
/^[ \t]+caused_by[ \t]*=/ {
	s = $0; sub(/#.*$/, "", s); sub(/^[^=]*=/, "", s); gsub(/[ \t,]+/, " ", s)
	print id s
}' "$top_srcdir"/rules/*.rules >"$TMP/causes"

# findings XML > TSV: position, id, rule, caused-by ("-" for a root cause)
findings() {
	grep -o '<finding [^>]*>' "$1" | awk '
	function attr(s, n,   r) {
		r = " " n "=\"[^\"]*\""
		if (!match(s, r)) return "-"
		return substr(s, RSTART + length(n) + 3, RLENGTH - length(n) - 4)
	}
	{ print NR "\t" attr($0, "id") "\t" attr($0, "rule") "\t" attr($0, "caused-by") }'
}

# order_problems TSV: one line per problem of one report's findings (see the
# top of this file), then "LINKS cause>consequence ..." (rule ids).
order_problems() {
	awk -F'\t' -v causes="$TMP/causes" '
BEGIN { while ((getline l < causes) > 0) { n = split(l, a, " "); for (i = 2; i <= n; i++) may[a[1] " " a[i]] = 1 } }
{ pos[$2] = $1; rule[$2] = $3; by[$2] = $4; ord[$1] = $2; n = $1 }
END {
	if (by[ord[1]] != "-") print "the first finding " ord[1] " is a consequence (of " by[ord[1]] ")"
	for (i = 1; i <= n; i++) {
		f = ord[i]
		if (by[f] == "-") continue
		c = by[f]
		if (!(c in pos)) { print f " is caused by " c ", which is not in the report"; continue }
		if (pos[c] >= i) print f " (" rule[f] ") is listed before its cause " c " (" rule[c] ")"
		if (!((rule[f] " " rule[c]) in may)) print f " (" rule[f] ") is linked to " c " (" rule[c] "), which its caused_by does not name"
		links = links " " rule[c] ">" rule[f]
	}
	# families in one piece: the root of each finding, and no root twice apart
	for (i = 1; i <= n; i++) {
		r = ord[i]
		for (j = 0; by[r] != "-" && j < n; j++) r = by[r]
		if (i > 1 && r != prev && (r in done)) print ord[i] " is apart from its family (root " r ")"
		done[prev] = 1
		prev = r
	}
	print "LINKS" links
}' "$1"
}

# the checks themselves fail on a report that breaks the rules (made up here)
printf '1\tF1\t3003\tF2\n2\tF2\t2001\t-\n' >"$TMP/bad1.tsv"
printf '1\tF1\t2001\t-\n2\tF2\t3013\t-\n3\tF3\t3003\tF1\n' >"$TMP/bad2.tsv"
printf '1\tF1\t2001\t-\n2\tF2\t3014\tF1\n' >"$TMP/bad3.tsv"
printf '1\tF1\t2001\t-\n2\tF2\t3003\tF1\n3\tF3\t3013\t-\n4\tF4\t3012\tF3\n' >"$TMP/good.tsv"
selftest() { # selftest TSV WHAT: order_problems reports WHAT ("" = nothing)
	_got=$(order_problems "$1" | grep -v '^LINKS')
	if [ -z "$2" ]; then
		eq "self-test: $(basename "$1"): no problem" "${_got:-none}" none
	else
		case $_got in
		*"$2"*) ok "self-test: $(basename "$1"): \"$2\"" ;;
		*) not_ok "self-test: $(basename "$1"): \"$2\" (got: $_got)" ;;
		esac
	fi
}
selftest "$TMP/bad1.tsv" "the first finding F1 is a consequence"
selftest "$TMP/bad1.tsv" "F1 (3003) is listed before its cause F2 (2001)"
selftest "$TMP/bad2.tsv" "F3 is apart from its family (root F1)"
selftest "$TMP/bad3.tsv" "F2 (3014) is linked to F1 (2001), which its caused_by does not name"
selftest "$TMP/good.tsv" ""

captures() {
	find "$top_srcdir/fixtures/incidents" "$top_srcdir/fixtures/tcp" "$top_srcdir/fixtures/evidence" \
		-type f \( -name '*.pcap' -o -name '*.pcapng' \) 2>/dev/null | sort
}

k=0
nlinks=0
for cap in $(captures); do
	k=$((k + 1))
	rel=${cap#"$top_srcdir"/fixtures/}
	d=$TMP/r$k
	"$NETRCA" analyze -q --force --fail-on none -o "$d" "$cap" >/dev/null 2>"$TMP/stderr"
	if [ ! -f "$d/report.xml" ]; then
		not_ok "$rel: analyze wrote report.xml ($(head -c 200 "$TMP/stderr"))"
		continue
	fi
	findings "$d/report.xml" >"$d/f.tsv"
	[ -s "$d/f.tsv" ] || continue
	printf '%s\t' "$rel" >>"$TMP/links"
	# every check of one capture in one pass; prints one line per problem
	problems=$(order_problems "$d/f.tsv")
	printf '%s\n' "$problems" | sed -n 's/^LINKS *//p' >>"$TMP/links"
	bad=$(printf '%s\n' "$problems" | grep -v '^LINKS')
	if [ -z "$bad" ]; then
		ok "$rel: every consequence follows its cause, families in one piece"
	else
		not_ok "$rel: every consequence follows its cause, families in one piece"
		printf '%s\n' "$bad" | sed 's/^/# /'
	fi
	roots=$(awk -F'\t' '$4 == "-"' "$d/f.tsv" | wc -l | tr -d ' ')
	eq "$rel: root-causes = findings without caused-by" \
		"$(grep -o '<findings [^>]*root-causes="[0-9]*"' "$d/report.xml" | sed 's/.*root-causes="//; s/"//')" "$roots"
	eq "$rel: report.html lists the findings in report.xml's order" \
		"$(grep -o '<[a-z]* [^>]*id="F[0-9]*"' "$d/report.html" | grep -o 'id="F[0-9]*"' | sed 's/id="//; s/"//' | tr '\n' ' ')" \
		"$(cut -f2 "$d/f.tsv" | tr '\n' ' ')"
	nc=$(awk -F'\t' '$4 != "-"' "$d/f.tsv" | wc -l | tr -d ' ')
	[ "$nc" -gt 0 ] || continue
	nlinks=$((nlinks + nc))
	# the first screen: the lines under "verdict:" name root causes only
	awk '/^verdict:/ { on = 1; next } /^[^ ]/ { on = 0 } on' "$d/summary.txt" >"$d/first"
	named=
	for f in $(awk -F'\t' '$4 != "-" { print $2 }' "$d/f.tsv"); do
		grep -q "[[, ]$f[];]" "$d/first" && named="$named $f"
	done
	eq "$rel: the first screen heads no consequence" "${named:-none}" none
	# the text nests each consequence under its cause
	miss=
	while IFS=$(printf '\t') read -r _p id _r by; do
		[ "$by" = - ] && continue
		grep -q "consequence of $by: \[[a-z]*\] $id " "$d/summary.txt" || miss="$miss $id"
	done <"$d/f.tsv"
	eq "$rel: summary.txt shows every consequence under its cause" "${miss:-none}" none
done
if [ "$nlinks" -gt 0 ]; then
	ok "the fixtures hold $nlinks consequence(s) linked to a cause"
else
	not_ok "the fixtures hold consequences linked to a cause"
fi

# ---- the links the incidents need ------------------------------------------
# capture, then cause>consequence rule pairs that must all be linked there
while read -r rel want; do
	case $rel in '' | '#'*) continue ;; esac
	have=$(awk -F'\t' -v r="$rel" '$1 == r { print $2 }' "$TMP/links")
	miss=
	for p in $want; do
		case " $have " in *" $p "*) ;; *) miss="$miss $p" ;; esac
	done
	eq "$rel: linked $want" "${miss:-none}" none
done <<'EOF'
# a path MTU black hole explains the retransmission burst it causes
incidents/02-mtu-blackhole/blackhole-client.pcap 2001>3003
incidents/02-mtu-blackhole/blackhole-server.pcap 2001>3003
incidents/02-mtu-blackhole/v6-blackhole-client.pcap 2001>3003
incidents/02-mtu-blackhole/v6-blackhole-server.pcap 2001>3003
incidents/02-mtu-blackhole/vxlan-client.pcap 2001>3003
incidents/02-mtu-blackhole/vxlan-server.pcap 2001>3003
incidents/02-mtu-blackhole/mtu-probing-client.pcap 2003>3003
incidents/02-mtu-blackhole/mtu-probing-server.pcap 2003>3003
incidents/02-mtu-blackhole/mtu-probing-server-2.pcap 2003>3003
incidents/ip/icmp-ignored.pcap 2002>3003
incidents/ip/icmp6-ignored.pcap 2002>3003
incidents/ip/tls-blackhole.pcap 2001>9001 2001>3003
# an asymmetric path explains the one-sided flow seen on one of its legs
incidents/10-asymmetric/drop-later-fwB.pcap 3013>3012
EOF

tap_done
