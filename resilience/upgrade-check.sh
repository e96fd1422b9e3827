#!/usr/bin/env bash
# Upgrade check: an older build of the extension writes, numbers and seals entries on PostgreSQL; the current build
# then starts on the same database (its Liquibase changesets migrate the data) and must verify the old entries,
# deliver them through the feed once each in order, and keep numbering and chaining new ones. Usage:
#   resilience/upgrade-check.sh <old git ref>        e.g. resilience/upgrade-check.sh acfa5e9
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and ports 8080/9000 free. Exits non-zero when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
old_ref="${1:?usage: resilience/upgrade-check.sh <old git ref>}"
if ! git cat-file -e "$old_ref^{commit}" 2>/dev/null; then
  echo "Upgrade check SKIPPED: $old_ref is not in this clone's history (a shallow clone?); fetch it to run the check."
  exit 0
fi
db=audit_upgrade
work=$(mktemp -d)
trap 'stop; git worktree remove --force "$work/src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "Building the current build and $old_ref…"
./mvnw -q -Pbenchmark install -DskipTests
git worktree add -q "$work/src" "$old_ref"
(cd "$work/src" && ./mvnw -q package -DskipTests -pl event-listener -am)
cp -r benchmark/target/keycloak-26.7.3 "$work/kc-old"
cp "$work/src/event-listener/target/keycloak-audit-log-0.1.0-SNAPSHOT.jar" "$work/kc-old/providers/keycloak-audit-log.jar"

kc_pid=""
start() {  # $1: distribution
  mkdir -p "$1/data/import" && cp realm-config/demo-realm.json "$1/data/import/"
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin setsid "$1/bin/kc.sh" start --db=postgres \
    --db-url="jdbc:postgresql://127.0.0.1:5432/$db" --db-username=postgres --db-password=postgres \
    --http-enabled=true --http-port=8080 --hostname-strict=false --health-enabled=true --features=scim-api \
    --import-realm --spi-audit-store--jpa--maintenance-interval-ms=1000 \
    --spi-audit-store--jpa--sequence-interval-ms=500 > "$work/keycloak.log" 2>&1 &
  kc_pid=$!
  for _ in $(seq 1 180); do
    curl -fs http://localhost:9000/health/ready >/dev/null 2>&1 && return
    kill -0 "$kc_pid" 2>/dev/null || break
    sleep 1
  done
  tail -30 "$work/keycloak.log"; echo "FAIL: Keycloak did not start"; exit 1
}
stop() {
  [ -n "$kc_pid" ] || return 0
  kill -- -"$kc_pid" 2>/dev/null || true; wait "$kc_pid" 2>/dev/null || true; kc_pid=""; sleep 2
}
token() {
  curl -fs "http://localhost:8080/realms/$1/protocol/openid-connect/token" "${@:2}" \
    | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])'
}
activity() {  # $1 rounds of one user update and one login
  local admin user
  admin=$(token master -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin)
  user=$(curl -fs -H "Authorization: Bearer $admin" "http://localhost:8080/admin/realms/demo/users?username=carol&exact=true" \
    | python3 -c 'import sys, json; print(json.load(sys.stdin)[0]["id"])')
  for i in $(seq 1 "$1"); do
    curl -fs -o /dev/null -X PUT -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
      -d "{\"firstName\":\"Carol $2 $i\"}" "http://localhost:8080/admin/realms/demo/users/$user"
    token demo -d grant_type=password -d client_id=demo-app -d username=alice -d password=demo >/dev/null
  done
  sleep 4  # numbered within 0.5 s, sealed within 1 s
}
check() {  # $1: label, $2: least number of entries the feed must hold
  local auditor siem
  auditor=$(token demo -d grant_type=password -d client_id=demo-app -d username=auditor -d password=demo)
  siem=$(token demo -d grant_type=client_credentials -d client_id=siem-reader -d client_secret=siem-demo-secret)
  curl -fs -H "Authorization: Bearer $auditor" http://localhost:8080/admin/realms/demo/audit-log/verify > "$work/verify.json"
  curl -fs -H "Authorization: Bearer $siem" \
    "http://localhost:8080/admin/realms/demo/audit-log/feed?limit=1000&since=2020-01-01T00:00:00Z" > "$work/feed.json"
  python3 - "$1" "$2" "$work/verify.json" "$work/feed.json" <<'PY'
import json, sys
label, least, verify, feed = sys.argv[1], int(sys.argv[2]), json.load(open(sys.argv[3])), json.load(open(sys.argv[4]))
entries = feed["entries"]
seqs = [e["integrity"]["seq"] for e in entries]
ok = (verify.get("verified") is True and len(entries) >= least and len({e["id"] for e in entries}) == len(entries)
      and all(a < b for a, b in zip(seqs, seqs[1:])) and not feed.get("hasMore"))
print(f"{label}: verified={verify.get('verified')} problems={len(verify.get('problems', []))} feed={len(entries)}"
      f" entries, seq {seqs[0] if seqs else '-'}..{seqs[-1] if seqs else '-'} in order, no repeats: {'OK' if ok else 'FAIL'}")
sys.exit(0 if ok else 1)
PY
  feed_count=$(python3 -c 'import sys, json; print(len(json.load(open(sys.argv[1]))["entries"]))' "$work/feed.json")
}

psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
echo "Old build ($old_ref):"
start "$work/kc-old"; activity 20 old; check "  before the upgrade" 40; before=$feed_count; stop
echo "Current build on the same database:"
start benchmark/target/keycloak-26.7.3; check "  after the upgrade" "$before"
activity 10 new; check "  after new activity" $((before + 20)); stop
echo "Upgrade check passed."
