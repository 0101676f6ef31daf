#!/usr/bin/env bash
# Installs every Debian package that ikecore's build, tests, fuzzers,
# benchmarks, decoder and interop tests need. Idempotent and non-interactive:
# when everything is already installed it does nothing (not even
# `apt-get update`). Runs as root, or through sudo otherwise.
set -euo pipefail

packages=(
  # Toolchains and build tools
  build-essential cmake ninja-build pkg-config g++
  clang lld llvm
  libclang-rt-14-dev          # ASan/UBSan/libFuzzer runtimes for clang
  # Libraries
  android-libboringssl-dev    # BoringSSL (headers in /usr/include/android)
  libabsl-dev
  libpugixml-dev
  catch2
  libbenchmark-dev
  libpcap-dev
  # Decoder cross-checks and network tests
  tshark
  iproute2
  # strongSwan client pieces for the interop tests
  strongswan-charon strongswan-swanctl charon-cmd
  libcharon-extra-plugins libcharon-extauth-plugins   # eap-mschapv2 is in extauth
  libstrongswan-extra-plugins libstrongswan-standard-plugins
  iputils-ping                # pings through the tunnel
)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "deps: installing ${#missing[@]} missing package(s): ${missing[*]}"

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "deps: not root and sudo is not available; install as root: ${missing[*]}" >&2
    exit 1
  fi
  SUDO=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
# tshark pulls in wireshark-common, which asks whether non-root users may capture.
echo 'wireshark-common wireshark-common/install-setuid boolean false' \
  | "${SUDO[@]}" debconf-set-selections

"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
  --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
  "${missing[@]}"

# Check again: apt-get can exit 0 and still leave a package half-configured.
still_missing=()
for pkg in "${missing[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || still_missing+=("$pkg")
done
if [[ ${#still_missing[@]} -ne 0 ]]; then
  echo "deps: still not installed: ${still_missing[*]}" >&2
  exit 1
fi
echo "deps: done"
