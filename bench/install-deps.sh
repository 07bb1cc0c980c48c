#!/usr/bin/env bash
# Installs what only the benchmarks need (Debian 12): wrk, the HTTP load generator, and
# linux-perf for finding where the time goes. moto_server (Python, `pip install "moto[server]"`)
# is not a Debian package; bench.py reports SKIPPED when it is missing. Quiet when all is there.
set -euo pipefail

packages=(wrk linux-perf)
command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 || {
  echo "bench/install-deps: not a Debian system; install these yourself: ${packages[*]}" >&2
  exit 0
}
missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [[ "$status" == installed ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "bench/install-deps: missing ${missing[*]}; run as root" >&2; exit 1; }
  sudo=(sudo)
fi
echo "bench/install-deps: installing ${missing[*]}" >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
