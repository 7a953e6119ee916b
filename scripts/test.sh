#!/usr/bin/env bash
# Runs every test: the normal build and the sanitizer build (ASan + UBSan).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
(cd build && ctest --output-on-failure -j2)

cmake --preset asan >/dev/null
cmake --build build-asan -j2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j2)
