#!/usr/bin/env bash
# Installs missing packages, builds, and runs the whole test suite with ctest.
# Extra arguments go to ctest (e.g. -L unit, -R Peering). Exits with ctest's status.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
scripts/build.sh build RelWithDebInfo

args=(--test-dir build --output-on-failure -j2)
if [[ "${CI:-}" == true ]]; then
  # In CI a hung test must fail the run, and so must a build that registered no tests at all.
  args+=(--timeout 600 --no-tests=error)
fi
exec ctest "${args[@]}" "$@"
