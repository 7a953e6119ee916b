#!/usr/bin/env bash
# The main job: install everything and build (scripts/setup.sh), then run a
# real test of a real database: etcd on a local cluster of 3 nodes (made for
# the run and removed after it) under partitions, pauses and kills, checked
# for linearizability. Prints the verdict and where the report is; exits as
# `faultline run` does (0 valid, 1 invalid, 2 unknown, 255 harness failure).
# Needs root (namespaces, iptables). Extra arguments go to `faultline run`,
# e.g. `bash scripts/main.sh --seed 42` or `--time-limit 20`.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 255
if [[ $(id -u) -ne 0 ]]; then
  echo "main: run as root: a local cluster needs network namespaces and iptables" >&2
  exit 255
fi
build/faultline run examples/etcd-register.yaml "$@"
status=$?
echo "main: faultline run exited with $status; open store/latest/report.html"
exit $status
