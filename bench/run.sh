#!/usr/bin/env bash
# Usage: bench/run.sh [bench.py options]     e.g. bench/run.sh --runs 5 --duration 15
#        bench/run.sh replicas [replicas.py options]   PostgreSQL with 1-3 replicas beside SQLite
# The one command for the benchmarks (BENCHMARKS.md): installs wrk if it is missing, builds
# peeringd and peeringctl in Release in their own folder (build-bench/, or $BENCH_BUILD_DIR),
# then runs every scenario side by side with moto_server and prints one table. Everything it
# starts is stopped when it ends, also on Ctrl-C. `bench/run.sh --smoke` checks the harness in
# seconds (tiny sizes; the numbers mean nothing).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BENCH_BUILD_DIR:-$root/build-bench}

"$root/bench/install-deps.sh"
generator=()
[[ -f "$build_dir/CMakeCache.txt" ]] || generator=(-G Ninja)
cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DPEERINGD_BUILD_TESTS=OFF >/dev/null
cmake --build "$build_dir" --target peeringd peeringctl
if [[ ${1:-} == replicas ]]; then
  shift
  exec python3 "$root/bench/replicas.py" --bin-dir "$build_dir" "$@"
fi
exec python3 "$root/bench/bench.py" --bin-dir "$build_dir" "$@"
