#!/usr/bin/env bash
# Runs every test, once, in the test build: AddressSanitizer + UBSan, so every
# test is also a memory and undefined-behaviour check (build-asan/). The
# benchmarks are compiled there too, so they cannot rot unnoticed. One build
# instead of two keeps CI on a 2-core machine well inside its time.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset asan >/dev/null
cmake --build build-asan -j2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j2)
