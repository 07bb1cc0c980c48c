#!/usr/bin/env bash
# Installs missing packages, builds, and runs the daemon in the foreground on 127.0.0.1:9696
# with its database in ./var/peeringd.db. Extra arguments go to peeringd; a --listen or --db
# among them replaces the default (peeringd refuses an option given twice).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
scripts/build.sh build RelWithDebInfo
mkdir -p ./var

listen=(--listen 127.0.0.1:9696)
db=(--db ./var/peeringd.db)
for arg in "$@"; do
  case "$arg" in
    --listen | --listen=*) listen=() ;;
    --db | --db=*) db=() ;;
  esac
done
exec ./build/daemon/peeringd "${listen[@]}" "${db[@]}" "$@"
