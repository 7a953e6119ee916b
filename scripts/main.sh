#!/usr/bin/env bash
# The main job, for now: set up, then check real histories whose verdicts are
# known: our examples and (when shared/ sits beside the checkout) every Knossos
# history. Exits 0 when every verdict is the expected one.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 255

failures=0
# expect STATUS DESCRIPTION -- faultline check ARGS...: runs it, compares the exit status.
expect() {
  local want=$1 what=$2
  shift 3
  echo "== $what"
  build/faultline check "$@"
  local got=$?
  if ((got != want)); then
    echo "!! expected exit status $want, got $got" >&2
    failures=$((failures + 1))
  fi
}

expect 1 "a stale read under a partition (not linearizable)" -- \
  --model cas-register --init 0 examples/histories/etcd-stale-read.jsonl
expect 0 "a linearizable register with a timed-out cas" -- \
  --model cas-register --init 0 examples/histories/register-valid.jsonl

knossos=../shared/histories/knossos
if [[ -d $knossos ]]; then
  expect 1 "Knossos cas-register/bad: each known not linearizable" -- \
    --model cas-register --init 0 --nil-read unobserved "$knossos"/cas-register/bad/*.edn
  expect 0 "Knossos cas-register/good: 113 histories known linearizable" -- \
    --model cas-register --init 0 --nil-read unobserved "$knossos"/cas-register/good/*.edn
  expect 0 "Knossos multi-register/good" -- \
    --model multi-register --init '{"x":0,"y":0}' --nil-read unobserved "$knossos"/multi-register/good/*.edn
  expect 1 "Knossos mutex/bad" -- --model mutex "$knossos"/mutex/bad/*.edn
fi
((failures == 0)) && echo "main: every verdict as expected" || echo "main: $failures unexpected verdicts" >&2
exit $((failures > 0))
