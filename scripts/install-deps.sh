#!/usr/bin/env bash
# Installs every Debian package faultline needs to build, test and run (Debian
# 12, as root). Installs only what is missing; safe to run again.
set -euo pipefail

packages=(
  gcc g++ cmake ninja-build pkg-config git
  libssh-dev libcli11-dev libyaml-cpp-dev nlohmann-json3-dev
  libboost-dev libboost-filesystem-dev libboost-system-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  openssh-server openssh-client iproute2 iptables procps
  faketime libfaketime golang-go etcd-server etcd-client iputils-ping perl-base
  libcpp-httplib-dev
  python3                 # examples/adapters/ and the adapter tests
  redis-server            # examples/redis-clocks.yaml and its integration tests
  postgresql python3-psycopg2   # examples/postgres-*.yaml and their integration tests
  docker.io debootstrap   # container nodes (docs/containers.md): dockerd, the node image
  chromium                # the report tests open pages in headless Chromium
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: run as root to install: ${missing[*]}" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
