#!/usr/bin/env bash
# Installs missing packages, builds, and runs the daemon in the foreground on 127.0.0.1:9696
# with its database in ./var/peeringd.db. Extra arguments go to peeringd; a --listen or --db
# among them replaces the default (peeringd refuses an option given twice).
#
# Every request must be authenticated. On first start this creates AK/SK credentials for two
# demo projects (./var/demo-a.json, ./var/demo-b.json); on every start it issues 24-hour bearer
# tokens for them into ./var/demo.env, and prints how to call the API with both. It registers the
# README's demo VPCs and runs with --enforce-vpc-registry, so a create must name registered VPCs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
scripts/build.sh build RelWithDebInfo
mkdir -p ./var
chmod 700 ./var

listen=(--listen 127.0.0.1:9696)
db=(--db ./var/peeringd.db)
db_path=./var/peeringd.db
enforce=(--enforce-vpc-registry)
for arg in "$@"; do
  case "$arg" in
    --listen | --listen=*) listen=() ;;
    --db | --db=*) db=(); db_path= ;;
    --enforce-vpc-registry) enforce=() ;;
  esac
done

if [[ -n "$db_path" ]]; then
  scripts/demo-credentials.sh ./build/ctl/peeringctl "$db_path" ./var
  cat <<MSG
Demo credentials (see the README's walk-through):
  tokens:  source ./var/demo.env   then   curl -H "X-Auth-Token: \$TOKEN_A" http://127.0.0.1:9696/v2.0/vpc/peerings
  AK/SK:   node scripts/signed-curl.mjs ./var/demo-a.json GET http://127.0.0.1:9696/v2.0/vpc/peerings
MSG
fi
exec ./build/daemon/peeringd "${listen[@]}" "${db[@]}" "${enforce[@]}" "$@"
