#!/usr/bin/env bash
# Installs caravan's build and test dependencies from Debian packages.
# Idempotent: does nothing when every package is already installed.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libxml2-dev libmodest-dev libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev nlohmann-json3-dev
  libzstd-dev libxxhash-dev libre2-dev libuchardet-dev libcld2-dev libpsl-dev
  libpoppler-cpp-dev libicu-dev zlib1g-dev libxapian-dev libssl-dev
  python3
  # tests/e2e/auth_e2e_test makes its throwaway CA and certificates
  openssl
  # examples/python: the Python client example and its test
  python3-grpcio python3-protobuf
)

# `--bench` adds the baselines the benchmarks measure against.
if [ "${1:-}" = "--bench" ]; then
  PACKAGES+=(python3-readability python3-scrapy)
fi

# `--fuzz` adds clang, its libFuzzer and sanitizer runtimes, and
# llvm-symbolizer for readable stacks (`make fuzz`).
if [ "${1:-}" = "--fuzz" ]; then
  PACKAGES+=(clang libclang-rt-dev llvm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
