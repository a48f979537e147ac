#!/bin/sh
# run_fuzz.sh TOP_SRCDIR FUZZER SECONDS [none] - run a fuzzer, seeded with
# every committed capture (or with nothing: "none"); exits non-zero on any
# crash, leak or timeout.
set -eu
top=$1 fuzzer=$2 secs=$3 seeds=${4:-captures}
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
if [ "$seeds" != none ]; then
	find "$top/fixtures" -type f \( -name '*.pcap' -o -name '*.pcapng' \) -size -1024k \
		-exec cp {} "$corpus/" \; 2>/dev/null || true
fi
echo "fuzz: $(ls "$corpus" | wc -l) seed captures, ${secs}s"
mkdir -p fuzz-artifacts
echo "fuzz: $fuzzer"
"$fuzzer" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
	-artifact_prefix=fuzz-artifacts/ -print_final_stats=1 "$corpus"
