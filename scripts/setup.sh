#!/usr/bin/env bash
# Installs every dependency faultline needs (Debian 12, as root) and builds it
# into build/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ cmake ninja-build pkg-config git
  libssh-dev libcli11-dev libyaml-cpp-dev nlohmann-json3-dev
  libboost-dev libboost-filesystem-dev libboost-system-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  openssh-server openssh-client iproute2 iptables procps
  faketime libfaketime etcd-server etcd-client iputils-ping perl-base
  libcpp-httplib-dev
  python3                 # examples/adapters/ and the adapter tests
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: run as root to install: ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake --preset dev >/dev/null
cmake --build build -j2
echo "setup: built build/faultline"
