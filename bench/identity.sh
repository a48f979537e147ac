#!/bin/sh
# bench/identity.sh OLD_NETRCA NEW_NETRCA [EXTRA_CAPTURE...]
#
# Output identity check for changes that must not change a byte (writer
# speed-ups): runs both binaries on every committed capture under fixtures/
# (broken ones included: their partial outputs count too), on one run of
# several captures at once (capture ids above 0), with --no-ndpi on one
# fixture, and on any extra captures named (e.g. bench/out/mixed.pcap), then
# compares every output file with cmp and validates each new report.xml
# against reports/netrca-report-1.xsd.  Both binaries see the same arguments
# and the same output path, so the recorded command line is the same.
#
# Environment: IDENTITY_OUT (default bench/out/identity).
# Exit status 0 when every file is identical and every report is valid.
set -eu
[ $# -ge 2 ] || { echo "usage: bench/identity.sh OLD_NETRCA NEW_NETRCA [CAPTURE...]" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
old=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
new=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
shift 2
out=${IDENTITY_OUT:-$top/bench/out/identity}
xsd=$top/reports/netrca-report-1.xsd
files="conn.log tcp.log summary.txt report.xml report.html manifest.sha256"

rm -rf "$out"
mkdir -p "$out/old" "$out/new" "$out/run"
# private copies: a rebuild during the run changes nothing
cp "$old" "$out/netrca.old"
cp "$new" "$out/netrca.new"

# one case per line: NAME<TAB>ARGS (captures and options)
cases=$out/cases.txt
: > "$cases"
cd "$top"
find fixtures -type f \( -name '*.pcap' -o -name '*.pcapng' \) | LC_ALL=C sort |
while read -r f; do
	printf '%s\t%s\n' "$(echo "$f" | tr '/' '_')" "$f" >> "$cases"
done
printf 'multi_tcp\t%s\n' "$(find fixtures/tcp -name '*.pcap' | LC_ALL=C sort | head -6 | tr '\n' ' ')" >> "$cases"
first=$(head -1 "$cases" | cut -f2)
printf 'no_ndpi\t--no-ndpi %s\n' "$first" >> "$cases"
for x in "$@"; do
	printf '%s\t%s\n' "extra_$(basename "$x")" "$x" >> "$cases"
done

run() {         # which name args...
	which=$1
	name=$2
	shift 2
	rm -rf "$out/run/x"
	# exit status 1 (findings) and 3 (damaged input) are normal results
	rc=0
	"$out/netrca.$which" analyze --quiet -o "$out/run/x" --force "$@" \
	    > "$out/$which/$name.stdout" 2> "$out/$which/$name.stderr" || rc=$?
	echo "exit $rc" >> "$out/$which/$name.stdout"
	rm -rf "${out:?}/$which/$name"
	[ -d "$out/run/x" ] && mv "$out/run/x" "$out/$which/$name"
	return 0
}

n=0
bad=0
while IFS="$(printf '\t')" read -r name args; do
	# shellcheck disable=SC2086
	run old "$name" $args
	# shellcheck disable=SC2086
	run new "$name" $args
	n=$((n + 1))
	for f in $files; do
		a=$out/old/$name/$f
		b=$out/new/$name/$f
		if [ -e "$a" ] || [ -e "$b" ]; then
			if ! cmp -s "$a" "$b"; then
				echo "DIFFERS: $name/$f"
				bad=$((bad + 1))
			fi
		fi
	done
	if [ -s "$out/new/$name/report.xml" ] &&
	    ! xmllint --noout --schema "$xsd" "$out/new/$name/report.xml" 2> "$out/new/$name.xmllint"; then
		echo "INVALID: $name/report.xml (see $out/new/$name.xmllint)"
		bad=$((bad + 1))
	fi
	for s in stdout stderr; do
		if ! cmp -s "$out/old/$name.$s" "$out/new/$name.$s"; then
			echo "DIFFERS: $name $s"
			bad=$((bad + 1))
		fi
	done
done < "$cases"
echo "identity: $n cases, $bad differences or invalid reports ($out)"
[ "$bad" -eq 0 ]
