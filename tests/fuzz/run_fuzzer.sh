#!/usr/bin/env bash
# Usage: run_fuzzer.sh BINARY SEED_DIR WORK_DIR SECONDS DICT
# Replays the seeds, fuzzes for SECONDS into a fresh corpus under WORK_DIR (never the source
# tree), and prints the executions. A crash input is kept in WORK_DIR/artifacts: copy it into
# the seed folder once the bug is fixed.
set -euo pipefail
binary=$1 seeds=$2 work=$3 seconds=$4 dict=$5
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
status=0
"$binary" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
  -dict="$dict" -artifact_prefix="$work/artifacts/" "$work/corpus" "$seeds" >"$work/log" 2>&1 || status=$?
if [[ $status -ne 0 ]]; then
  tail -n 60 "$work/log"
  echo "$(basename "$binary"): FAILED (exit $status); input saved under $work/artifacts" >&2
  exit "$status"
fi
execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$' || true)
echo "$(basename "$binary"): ${execs:-unknown} executions in ${seconds}s after replaying $(ls "$seeds" | wc -l) seeds; 0 crashes"
