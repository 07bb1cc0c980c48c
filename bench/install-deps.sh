#!/usr/bin/env bash
# Installs what only the benchmarks need (Debian 12): wrk, the HTTP load generator, and
# linux-perf for finding where the time goes. moto_server (Python, `pip install "moto[server]"`)
# is not a Debian package; bench.py reports SKIPPED when it is missing. Quiet when all is there.
set -euo pipefail

# postgresql-15: the server and psql for bench/replicas.py
packages=(wrk linux-perf postgresql-15)
exec "$(dirname "${BASH_SOURCE[0]}")/../scripts/apt-install-missing.sh" bench/install-deps "${packages[@]}"
