#!/usr/bin/env bash
# Creates (once) AK/SK credentials for two demo projects and issues fresh 24-hour tokens for them.
#   scripts/demo-credentials.sh PEERINGCTL DB_PATH VAR_DIR
# Writes VAR_DIR/demo-a.json and demo-b.json (peeringctl's --json output, kept across runs) and
# VAR_DIR/demo.env (A, B, TOKEN_A, TOKEN_B), all mode 0600.
set -euo pipefail
ctl=("$1" --db "$2")
var=$3
demo_a=0a1b2c3d4e5f60718293a4b5c6d7e8f9
demo_b=9f8e7d6c5b4a39281706f5e4d3c2b1a0
umask 077
mkdir -p "$var"
for side in a b; do
  project=$demo_a
  [[ $side == b ]] && project=$demo_b
  file=$var/demo-$side.json
  [[ -s $file ]] || "${ctl[@]}" credentials create --project "$project" --json > "$file"
done
token_a=$("${ctl[@]}" token create --project "$demo_a" --ttl 86400 --json | jq -r .token)
token_b=$("${ctl[@]}" token create --project "$demo_b" --ttl 86400 --json | jq -r .token)
printf 'export A=%s B=%s\nexport TOKEN_A=%s TOKEN_B=%s\n' "$demo_a" "$demo_b" "$token_a" "$token_b" > "$var/demo.env"
