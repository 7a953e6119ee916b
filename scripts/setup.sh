#!/usr/bin/env bash
# Installs every dependency faultline needs (Debian 12, as root;
# scripts/install-deps.sh) and builds it into build/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build build -j2
echo "setup: built build/faultline"
