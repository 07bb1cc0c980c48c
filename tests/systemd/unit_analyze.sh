#!/usr/bin/env bash
# `systemd-analyze verify` and `security --offline=yes` on the rendered peeringd.service.
# verify checks that ExecStart exists, so it runs on a copy whose ExecStart is the build's
# binary; security runs on the shipped file as is. Exposure must be 2.0 or lower (issue 5).
# usage: unit_analyze.sh BUILD/systemd/peeringd.service BUILD/daemon/peeringd
set -euo pipefail
unit=$1
binary=$(realpath "$2")
command -v systemd-analyze >/dev/null || { echo "systemd-analyze missing: run scripts/install-deps.sh" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
grep -q '^ExecStart=/.*/peeringd --config /.*/peeringd/peeringd.conf$' "$unit" \
  || { echo "unexpected ExecStart in $unit" >&2; exit 1; }
sed "s#^ExecStart=[^ ]*#ExecStart=$binary#" "$unit" > "$work/peeringd.service"

# verify prints problems on stderr but may still exit 0 for some of them: fail on any output.
# SYSTEMD_LOG_LEVEL keeps notices about the host (not the unit) out of the way.
out=$(cd "$work" && SYSTEMD_LOG_LEVEL=warning systemd-analyze verify ./peeringd.service 2>&1) \
  || { echo "$out"; echo "systemd-analyze verify failed" >&2; exit 1; }
if [[ -n "$out" ]]; then echo "$out"; echo "systemd-analyze verify complained" >&2; exit 1; fi
echo "verify: ok"

# --threshold takes 0-100 (the printed 0.0-10.0 times ten): 20 means exposure 2.0.
report=$(cd "$(dirname "$unit")" && systemd-analyze security --offline=yes --threshold=20 ./peeringd.service 2>&1) \
  || { echo "$report"; echo "exposure above 2.0" >&2; exit 1; }
line=$(grep 'Overall exposure level' <<<"$report") || { echo "$report"; exit 1; }
echo "$line"
exposure=$(sed -E 's/.*: ([0-9]+\.[0-9]).*/\1/' <<<"$line")
awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }' || { echo "exposure $exposure > 2.0" >&2; exit 1; }
# Spot-check the settings the issue names, in case a later edit drops one but stays under 2.0.
for setting in Type=notify WatchdogSec=30 DynamicUser=yes StateDirectory=peeringd Restart=on-failure \
               'ExecReload=/bin/kill -HUP $MAINPID' NoNewPrivileges=yes ProtectSystem=strict; do
  grep -qxF "$setting" "$unit" || { echo "missing $setting" >&2; exit 1; }
done
echo "settings: ok"
