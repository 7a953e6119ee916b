#!/usr/bin/env bash
# The main job, for now: set up, then check real histories, our examples and
# (when shared/ sits beside the checkout) every Knossos history with a known verdict.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 255

status=0
echo "== examples/histories (cas-register, registers start at 0)"
build/faultline check --model cas-register --init 0 examples/histories/*.jsonl
s=$?; ((s > status)) && status=$s

knossos=../shared/histories/knossos
if [[ -d $knossos ]]; then
  echo "== $knossos/cas-register/bad (known not linearizable)"
  build/faultline check --model cas-register --init 0 --nil-read unobserved "$knossos"/cas-register/bad/*.edn
  echo "== $knossos/cas-register/good (known linearizable)"
  build/faultline check --model cas-register --init 0 --nil-read unobserved "$knossos"/cas-register/good/*.edn | tail -3
fi
exit "$status"
