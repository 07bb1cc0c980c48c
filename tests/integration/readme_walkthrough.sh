#!/usr/bin/env bash
# Runs the README's curl walk-through, exactly as written, against a fresh daemon on a free
# loopback port, and checks every result the README states in a trailing comment.
#   readme_walkthrough.sh REPO_ROOT PEERINGD PEERINGCTL
set -euo pipefail
repo=$1 peeringd=$2 peeringctl=$3
work=$(mktemp -d)
daemon_pid=
cleanup() {
  [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$repo/scripts/demo-credentials.sh" "$peeringctl" "$work/var/peeringd.db" "$work/var"
"$peeringd" --listen 127.0.0.1:0 --db "$work/var/peeringd.db" --enforce-vpc-registry > "$work/stdout" 2> "$work/stderr" &
daemon_pid=$!
for _ in $(seq 100); do
  grep -q '^listening on ' "$work/stdout" 2>/dev/null && break
  sleep 0.1
done
port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$work/stdout")
[[ -n $port ]] || { echo "peeringd did not start"; cat "$work/stderr"; exit 1; }

# The first sh block of the walk-through section.
awk '/^## Walk-through/ {section=1} section && /^```sh$/ {inside=1; next} inside && /^```$/ {exit} inside {print}' \
  "$repo/README.md" > "$work/walkthrough.sh"
[[ -s $work/walkthrough.sh ]] || { echo "no walk-through block found in README.md"; exit 1; }
ln -s "$repo/scripts" "$work/scripts"

(cd "$work" && BASE="http://127.0.0.1:$port/v2.0/vpc/peerings" bash -euo pipefail walkthrough.sh) > "$work/output" 2>&1 || {
  echo "walk-through failed:"; cat "$work/output"; exit 1; }
cat "$work/output"

# Each "... # RESULT" comment (one word) must appear as an output line, in order.
mapfile -t expected < <(sed -n 's/.*[^#]#[[:space:]]\+\([A-Za-z0-9._-]\+\)[[:space:]]*$/\1/p' "$work/walkthrough.sh" \
  | grep -v -E '^(VPC|VPCs)$' || true)
mapfile -t lines < "$work/output"
i=0
for want in "${expected[@]}"; do
  while (( i < ${#lines[@]} )) && [[ ${lines[i]} != "$want" ]]; do ((i += 1)); done
  if (( i == ${#lines[@]} )); then echo "FAILED: expected a line '$want' (in order)"; exit 1; fi
  ((i += 1))
done
grep -q '^HTTP 200$' "$work/output" || { echo "FAILED: the signed request did not answer 200"; exit 1; }
echo "README walk-through OK: all ${#expected[@]} stated results seen"
