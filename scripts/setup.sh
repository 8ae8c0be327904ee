#!/usr/bin/env bash
# Installs the Debian 12 packages the ledger builds and runs with, if missing.
# Safe to run repeatedly: it only calls apt-get when something is absent.
set -euo pipefail

PACKAGES=(
  g++ cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev   # Beast, Asio, JSON
  liblmdb-dev lmdb-utils                    # storage (+ mdb_stat/mdb_dump for operators)
  libcereal-dev                             # canonical record encoding
  libssl-dev openssl                        # Ed25519, SHA-256, TLS
  libgtest-dev libgmock-dev                 # tests
  libbenchmark-dev                          # benchmarks
  clang libclang-rt-14-dev                  # scripts/fuzz: clang and its libFuzzer runtime
  chromium                                  # the page tests (tests/web) drive it headless
)
# The page (web/) builds with node and npm; any node >= 18 will do, so
# Debian's packages are installed only when no node is on the PATH.
command -v node >/dev/null || PACKAGES+=(nodejs)
command -v npm >/dev/null || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
