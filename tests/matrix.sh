#!/bin/sh
# matrix.sh - the fixture x rule matrix (DESIGN.md §7).
#
# tests/matrix.tsv has one row per capture under fixtures/incidents/ and
# fixtures/evidence/ and one column per rule of `netrca rules list`; a cell
# is "fire" (the rule raises at least one finding above info on that
# capture; any finding for a rule whose own severity is info), "quiet" (it raises none) or "-" (not checked).  This script runs
# netrca on every capture and checks every fire/quiet cell (one TAP line
# each); a rule of the pack without a column, or a capture without a row,
# is a failure: regenerate.
#
#   tests/matrix.sh            check (TAP)
#   tests/matrix.sh --write    regenerate tests/matrix.tsv from the sidecars:
#                              `fire SLUG ...` -> fire; `quiet SLUG` (no keys)
#                              -> quiet; `quiet *` and `incident: baseline`
#                              -> quiet for every rule not said to fire;
#                              anything else "-".  Review every cell by hand
#                              before committing.
. "$(dirname "$0")/lib.sh"

MATRIX=$top_srcdir/tests/matrix.tsv
if [ ! -x "$NETRCA" ]; then
	echo "1..0 # SKIP $NETRCA not built"
	exit 0
fi

SLUGS=$("$NETRCA" rules list 2>/dev/null | awk '/^[0-9][0-9][0-9][0-9] / { print $2 }')
# rules whose own severity is info: for them "fire" means an info finding
INFO_SLUGS=" $("$NETRCA" rules list 2>/dev/null | awk '/^[0-9][0-9][0-9][0-9] / && $4 == "info" { print $2 }' | tr '\n' ' ')" 
if [ -z "$SLUGS" ]; then
	echo "1..0 # SKIP netrca rules list shows no rule"
	exit 0
fi

captures() {
	find "$top_srcdir/fixtures/incidents" "$top_srcdir/fixtures/evidence" -type f \
		\( -name '*.pcap' -o -name '*.pcapng' \) 2>/dev/null | sort
}

# cells SIDECAR: one cell per slug of $SLUGS, tab-separated.
cells() {
	awk -v slugs="$SLUGS" '
	BEGIN { n = split(slugs, s, /[ \n]+/); dflt = "-" }
	{ sub(/[ \t]*#.*$/, "") }
	/^incident:[ \t]*baseline[ \t]*$/ { dflt = "quiet" }
	$1 == "quiet" && $2 == "*" { dflt = "quiet" }
	$1 == "quiet" && $2 != "*" && NF == 2 && !($2 in c) { c[$2] = "quiet" }
	$1 == "fire" { c[$2] = "fire" }
	END {
		for (i = 1; i <= n; i++) {
			if (s[i] == "") continue
			v = (s[i] in c) ? c[s[i]] : dflt
			printf "%s%s", (i > 1 ? "\t" : ""), v
		}
		printf "\n"
	}' "$1"
}

if [ "${1:-}" = "--write" ]; then
	{
		printf 'capture'
		for s in $SLUGS; do printf '\t%s' "$s"; done
		printf '\n'
		for cap in $(captures); do
			rel=${cap#"$top_srcdir"/}
			exp=${cap%.*}.expect
			if [ -f "$exp" ]; then
				printf '%s\t%s\n' "$rel" "$(cells "$exp")"
			else
				printf '%s' "$rel"
				for s in $SLUGS; do printf '\t-'; done
				printf '\n'
			fi
		done
	} >"$MATRIX.new"
	mv "$MATRIX.new" "$MATRIX"
	echo "wrote $MATRIX: review every cell before committing" >&2
	exit 0
fi

if [ ! -f "$MATRIX" ]; then
	not_ok "tests/matrix.tsv exists"
	tap_done
	exit 1
fi

NS=urn:netrca:report:1
HEADER=$(head -1 "$MATRIX")
# every rule of the pack has a column
for s in $SLUGS; do
	case "	$HEADER	" in
	*"	$s	"*) ;;
	*) not_ok "matrix.tsv has a column for rule $s (run tests/matrix.sh --write and review)" ;;
	esac
done
# every capture has a row
for cap in $(captures); do
	rel=${cap#"$top_srcdir"/}
	if ! cut -f1 "$MATRIX" | grep -qxF "$rel"; then
		not_ok "matrix.tsv has a row for $rel (run tests/matrix.sh --write and review)"
	fi
done

i=0
tail -n +2 "$MATRIX" >"$TMP/rows"
while IFS= read -r row; do
	rel=$(printf '%s' "$row" | cut -f1)
	i=$((i + 1))
	cap=$top_srcdir/$rel
	if [ ! -f "$cap" ]; then
		not_ok "$rel: capture exists (stale row)"
		continue
	fi
	# anything to check on this row?
	case "$(printf '%s' "$row" | cut -f2-)" in
	*fire* | *quiet*) ;;
	*) continue ;;
	esac
	d=$TMP/r$i
	"$NETRCA" analyze -q --force -o "$d" "$cap" >/dev/null 2>"$TMP/stderr"
	if [ ! -f "$d/report.xml" ]; then
		not_ok "$rel: analyze wrote report.xml ($(head -c 200 "$TMP/stderr"))"
		continue
	fi
	xmllint --xpath "//*[local-name()='finding' and namespace-uri()='$NS']/@slug | //*[local-name()='finding' and namespace-uri()='$NS']/@severity" \
		"$d/report.xml" 2>/dev/null | grep -o '[a-z]*="[^"]*"' |
		awk -F'"' '/^slug=/ { s = $2; next } /^severity=/ { n[s]++; if ($2 != "info") real[s]++ }
			END { for (k in n) print k, n[k], real[k] + 0 }' >"$d/counts"
	col=2
	for s in $(printf '%s\n' "$HEADER" | cut -f2- | tr '\t' ' '); do
		want=$(printf '%s' "$row" | cut -f$col)
		col=$((col + 1))
		case $want in fire | quiet) ;; *) continue ;; esac
		all=$(awk -v s="$s" '$1 == s { print $2 }' "$d/counts")
		real=$(awk -v s="$s" '$1 == s { print $3 }' "$d/counts")
		case $INFO_SLUGS in *" $s "*) real=$all ;; esac
		if [ "$want" = fire ] && [ "${real:-0}" -ge 1 ]; then
			ok "$rel x $s: fire"
		elif [ "$want" = quiet ] && [ "${all:-0}" -eq 0 ]; then
			ok "$rel x $s: quiet"
		else
			not_ok "$rel x $s: $want (findings: ${all:-0}, above info: ${real:-0})"
		fi
	done
	rm -rf "$d"
done <"$TMP/rows"
tap_done
