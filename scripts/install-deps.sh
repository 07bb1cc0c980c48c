#!/usr/bin/env bash
# Installs the Debian 12 packages peeringd needs to build, test and run; only what is missing.
# Quiet and fast (no apt-get update, no network) when everything is already installed.
set -euo pipefail

packages=(
  cmake g++ ninja-build ccache pkg-config
  # Boost 1.81, not the default libboost-dev (1.74): only 1.81 has Boost.JSON. The two -dev
  # packages conflict, so apt replaces 1.74 if it is installed.
  libboost1.81-all-dev libboost-json1.81-dev libboost-program-options1.81-dev
  libsqlitecpp-dev libsqlite3-dev sqlite3
  libssl-dev libspdlog-dev libfmt-dev libcli11-dev
  # The PostgreSQL backend (libpq) and the real server the `postgres` tests start and stop
  # themselves on loopback (tests/support/pg_server.sh); the package's own cluster is not used.
  libpq-dev postgresql-15
  libgtest-dev libgmock-dev
  prometheus-cpp-dev
  libjemalloc-dev
  curl jq
  # The CI sanitizer tree: clang 14 with ASan/UBSan and libFuzzer (libclang_rt.fuzzer).
  clang-14 libclang-rt-14-dev
  # systemd: sd_notify at build time, systemd-analyze for the unit tests, dpkg-dev + file for cpack -G DEB
  libsystemd-dev systemd dpkg-dev file
)
# A non-Debian Node.js (nodesource, nvm, ...) may already be on PATH; Debian's nodejs package
# conflicts with it, so Node.js is only installed when there is none at all.
if ! command -v node >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

exec "$(dirname "${BASH_SOURCE[0]}")/apt-install-missing.sh" install-deps "${packages[@]}"
