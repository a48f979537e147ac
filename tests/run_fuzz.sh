#!/bin/sh
# run_fuzz.sh TOP_SRCDIR FUZZER SECONDS - run the capture fuzzer, seeded with
# every committed capture; exits non-zero on any crash, leak or timeout.
set -eu
top=$1 fuzzer=$2 secs=$3
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
find "$top/fixtures" -type f \( -name '*.pcap' -o -name '*.pcapng' \) -size -1024k \
	-exec cp {} "$corpus/" \; 2>/dev/null || true
echo "fuzz: $(ls "$corpus" | wc -l) seed captures, ${secs}s"
mkdir -p fuzz-artifacts
"$fuzzer" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
	-artifact_prefix=fuzz-artifacts/ -print_final_stats=1 "$corpus"
