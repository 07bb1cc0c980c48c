#!/usr/bin/env bash
# Creates (once) AK/SK credentials for two demo projects and issues fresh 24-hour tokens for them.
#   scripts/demo-credentials.sh PEERINGCTL DB_PATH VAR_DIR
# Writes VAR_DIR/demo-a.json and demo-b.json (peeringctl's --json output, kept across runs) and
# VAR_DIR/demo.env (A, B, TOKEN_A, TOKEN_B), all mode 0600. Also registers (once) the README's
# demo VPCs, so the walk-through works with --enforce-vpc-registry: VPC_A and VPC_A2 of A, VPC_B of B.
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
register_vpc() {  # PROJECT VPC_ID CIDR, skipped when the VPC is registered already
  "${ctl[@]}" vpc list --json | jq -e --arg id "$2" 'any(.[]; .id == $id)' > /dev/null ||
    "${ctl[@]}" vpc add --project "$1" --id "$2" --cidr "$3" > /dev/null
}
register_vpc "$demo_a" 3e6f1d2c-8b4a-4f7e-a1c9-0d5b7e2f6a18 10.1.0.0/16   # VPC_A
register_vpc "$demo_a" 7a0c5e11-4d2b-4c89-b6f3-1e9d8a2c5b70 10.2.0.0/16   # VPC_A2
register_vpc "$demo_b" c47a9e10-2f3b-4d6c-8e91-5a0b3c7d2e64 10.3.0.0/16   # VPC_B
token_a=$("${ctl[@]}" token create --project "$demo_a" --ttl 86400 --json | jq -r .token)
token_b=$("${ctl[@]}" token create --project "$demo_b" --ttl 86400 --json | jq -r .token)
printf 'export A=%s B=%s\nexport TOKEN_A=%s TOKEN_B=%s\n' "$demo_a" "$demo_b" "$token_a" "$token_b" > "$var/demo.env"
