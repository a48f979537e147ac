#!/bin/sh
# run-all.sh - the whole test suite from a fresh Debian 12 machine:
# installs what it needs, builds out of tree, and runs
#   1. make check (warnings fatal)            build/release
#   2. make check under ASan + UBSan          build/san
#   3. netrca under ThreadSanitizer on every fixture and a flood (build/tsan)
#   4. make distcheck
#   5. the libFuzzer targets: capture for FUZZ_SECONDS (default 60), stream service and IP layer 30 s each
#   6. one incident-lab scenario live (needs root; skipped otherwise)
# Exits non-zero if any step fails.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh tests/install-deps.sh
step() { printf '\n==== %s\n' "$*"; }

step "build + make check (release, -Werror)"
sh tests/build.sh release --enable-werror
make -C build/release -j"$(nproc)" check || { cat build/release/test-suite.log; exit 1; }

step "build + make check (ASan + UBSan)"
sh tests/build.sh san --enable-sanitizers --enable-werror
ASAN_OPTIONS=detect_leaks=1 make -C build/san -j"$(nproc)" check || { cat build/san/test-suite.log; exit 1; }

step "ThreadSanitizer: netrca on every fixture and a SYN flood"
sh tests/build.sh tsan CFLAGS="-fsanitize=thread -g -O1" LDFLAGS=-fsanitize=thread
sh tests/tsan_smoke.sh build/tsan

step "make distcheck"
make -C build/release -j"$(nproc)" distcheck DISTCHECK_CONFIGURE_FLAGS=--enable-werror >build/release/distcheck.out 2>&1 \
	|| { tail -50 build/release/distcheck.out; exit 1; }
tail -4 build/release/distcheck.out

step "fuzz (${FUZZ_SECONDS:-60} s)"
sh tests/build.sh fuzz --enable-fuzzing CC=clang
make -C build/fuzz fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-60}" >build/fuzz/fuzz.out 2>&1 \
	|| { tail -40 build/fuzz/fuzz.out; exit 1; }
grep -E 'fuzz:|Done [0-9]+ runs' build/fuzz/fuzz.out

if [ "$(id -u)" -eq 0 ] && [ -x fixtures/lab/run-all.sh ]; then
	step "incident lab smoke test (live, in network namespaces)"
	sh fixtures/lab/run-all.sh --smoke
else
	step "incident lab smoke test skipped (needs root)"
fi
step "all test steps passed"
