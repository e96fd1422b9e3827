#!/usr/bin/env bash
# Upgrade check, two kinds. Usage:
#   resilience/upgrade-check.sh <old git ref>            e.g. resilience/upgrade-check.sh acfa5e9
#     An older build of the extension writes, numbers and seals entries on PostgreSQL; the current build then starts on
#     the same database (its Liquibase changesets migrate the data) and must verify the old entries, deliver them
#     through the feed once each in order, and keep numbering and chaining new ones. From a build before free text by
#     day, the database is marked as too large to index free text during the start, so the server must build that
#     index after it (docs/query.md).
#   resilience/upgrade-check.sh --keycloak <version>     e.g. resilience/upgrade-check.sh --keycloak 26.4.7
#     The current build on an older Keycloak (docs/compatibility.md) writes the log; Keycloak is then upgraded to the
#     version we build against on the same database: every entry must be kept unchanged, verify must pass, and the
#     feed must continue from the cursor read before the upgrade with exactly the entries written since (no gap, no
#     repeat).
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and ports 8080/9000 free. Exits non-zero when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
old_kc=""
if [ "${1:-}" = "--keycloak" ]; then
  old_kc="${2:?usage: resilience/upgrade-check.sh --keycloak <Keycloak version>}"
else
  old_ref="${1:?usage: resilience/upgrade-check.sh <old git ref> | --keycloak <Keycloak version>}"
  if ! git cat-file -e "$old_ref^{commit}" 2>/dev/null; then
    echo "Upgrade check SKIPPED: $old_ref is not in this clone's history (a shallow clone?); fetch it to run the check."
    exit 0
  fi
fi
new_kc=$(./mvnw -q help:evaluate -Dexpression=keycloak.version -DforceStdout)
db=audit_upgrade
work=$(mktemp -d)
trap 'stop; [ -z "$old_kc" ] && git worktree remove --force "$work/src" >/dev/null 2>&1; rm -rf "$work"' EXIT

# The provider jar in a Keycloak of the version we build against (benchmark/target/keycloak-<version>); packaged in
# the reactor, not installed, so the shared local repository keeps whatever it holds. UPGRADE_SKIP_BUILD=true: the
# caller has just built it (CI's install with -Pbenchmark).
build_current() {
  [ "${UPGRADE_SKIP_BUILD:-false}" = true ] && return
  echo "Building the current build…"
  ./mvnw -q -Pbenchmark package -DskipTests -pl event-listener,benchmark
}

if [ -n "$old_kc" ]; then
  echo "Unpacking Keycloak $old_kc…"
  build_current
  ./mvnw -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$old_kc:zip" -DoutputDirectory="$work"
  (cd "$work" && unzip -q "keycloak-quarkus-dist-$old_kc.zip" && mv "keycloak-$old_kc" kc-old)
  cp benchmark/target/keycloak-"$new_kc"/providers/*.jar "$work/kc-old/providers/"
else
  echo "Building $old_ref…"
  build_current
  git worktree add -q "$work/src" "$old_ref"
  (cd "$work/src" && ./mvnw -q package -DskipTests -pl event-listener -am)
  cp -r benchmark/target/keycloak-"$new_kc" "$work/kc-old"
  cp "$work/src/event-listener/target/keycloak-audit-log-0.1.0-SNAPSHOT.jar" "$work/kc-old/providers/keycloak-audit-log.jar"
fi

kc_pid=""
start() {  # $1: distribution
  local version features=()
  version=$(sed -n 's/^Keycloak - Version //p' "$1/version.txt")
  mkdir -p "$1/data/import"
  # Keycloak 26.4 and 26.5 have no native SCIM API and no organization groups: import the demo realm without them,
  # its organization admins named in the organizations' audit-admins attribute instead (docs/compatibility.md).
  python3 - "$version" realm-config/demo-realm.json "$1/data/import/demo-realm.json" <<'PY'
import json, sys, uuid
version, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
realm = json.load(open(src))
if tuple(int(p) for p in version.split(".")[:2]) < (26, 6):
    realm.pop("scimApiEnabled", None)
    ids = {}
    for user in realm["users"]:
        user.setdefault("id", str(uuid.uuid5(uuid.NAMESPACE_URL, "demo/" + user["username"])))
        ids[user["username"]] = user["id"]
    for org in realm.get("organizations", []):
        group = next((g["id"] for g in org.pop("groups", []) if g["name"] == "audit-admins"), None)
        admins = [ids[m["username"]] for m in org.get("members", []) if group in m.pop("groups", [])]
        if admins:
            org.setdefault("attributes", {})["audit-admins"] = admins
json.dump(realm, open(dst, "w"))
PY
  case "$version" in 26.[45].*) ;; *) features=(--features=scim-api) ;; esac
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin setsid "$1/bin/kc.sh" start --db=postgres \
    --db-url="jdbc:postgresql://127.0.0.1:5432/$db" --db-username=postgres --db-password=postgres \
    --http-enabled=true --http-port=8080 --hostname-strict=false --health-enabled=true "${features[@]}" \
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
  # A range from 2000 checks the whole log in the request, on the old build as on the new one (a plain verify is
  # incremental on the new one, and the old one knows no "full").
  auditor=$(token demo -d grant_type=password -d client_id=demo-app -d username=auditor -d password=demo)
  siem=$(token demo -d grant_type=client_credentials -d client_id=siem-reader -d client_secret=siem-demo-secret)
  curl -fs -H "Authorization: Bearer $auditor" "http://localhost:8080/admin/realms/demo/audit-log/verify?from=2000-01-01" > "$work/verify.json"
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

continuity() {  # the feed from the cursor read before the upgrade holds exactly what was written since
  local siem
  siem=$(token demo -d grant_type=client_credentials -d client_id=siem-reader -d client_secret=siem-demo-secret)
  curl -fs -H "Authorization: Bearer $siem" \
    "http://localhost:8080/admin/realms/demo/audit-log/feed?limit=1000&after=$(python3 -c 'import sys, json, urllib.parse; print(urllib.parse.quote(json.load(open(sys.argv[1]))["next"]))' "$work/feed-before.json")" \
    > "$work/feed-continued.json"
  python3 - "$work/feed-before.json" "$work/feed-continued.json" "$work/feed.json" <<'PY'
import json, sys
before, continued, everything = (json.load(open(p)) for p in sys.argv[1:4])
ids = lambda page: [e["id"] for e in page["entries"]]
kept = {e["id"]: e for e in everything["entries"]}
changed = [e["id"] for e in before["entries"] if kept.get(e["id"]) != e]
# The whole feed was read just before; entries written since (this request's token) may follow it.
seamless = (ids(before) + ids(continued))[:len(ids(everything))] == ids(everything)
ok = (not changed and seamless and len(continued["entries"]) >= len(ids(everything)) - len(ids(before)) > 0
      and not continued.get("hasMore"))
print(f"  feed continued from the pre-upgrade cursor: {len(continued['entries'])} new entries; before + continued ="
      f" whole feed: {seamless}; old entries changed or missing: {len(changed)}: {'OK' if ok else 'FAIL'}")
sys.exit(0 if ok else 1)
PY
}

index_state() {  # the day-keyed index: valid? the GIN index of the day's keys? and how many trigram indexes it replaces
  psql -h 127.0.0.1 -U postgres -d "$db" -Atc "SELECT coalesce((SELECT i.indisvalid || ' ' || (pg_get_indexdef(i.indexrelid)
    LIKE '%gin (audit_text_keys(event_time, search_text))%') FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE c.relname = 'idx_audit_entry_text_day'), 'none') || ' '
    || (SELECT count(*) FROM pg_class WHERE relname = 'idx_audit_entry_search')"
}
text_index() {  # the server builds the day-keyed index after start, then drops the trigram index it replaces
  local state=""
  for _ in $(seq 1 60); do
    state=$(index_state)
    [ "$state" = "true true 0" ] && break
    sleep 1
  done
  grep -q "Built the free-text index" "$work/keycloak.log" || state="$state, not built by the server"
  echo "  free-text index built by the server after start (valid, day-keyed, replaced index dropped): $state"
  [ "$state" = "true true 0" ] || { echo "FAIL: the day-keyed index"; exit 1; }
}

psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
if [ -n "$old_kc" ]; then
  echo "Keycloak $old_kc with the current build:"
  start "$work/kc-old"; activity 20 old; check "  on Keycloak $old_kc" 40; before=$feed_count
  cp "$work/feed.json" "$work/feed-before.json"; stop
  echo "Keycloak $new_kc on the same database:"
  start benchmark/target/keycloak-"$new_kc"; check "  after the upgrade" "$before"
  activity 10 new; check "  after new activity" $((before + 20)); continuity; stop
else
  echo "Old build ($old_ref):"
  start "$work/kc-old"; activity 20 old; check "  before the upgrade" 40; before=$feed_count; stop
  echo "Current build on the same database:"
  deferred=false
  if [ "$(index_state)" = "none 1" ]; then  # the old build predates free text by day
    # As on a log too large to index during the start: the changeset leaves free text's day-keyed index to the
    # server. And as after a start whose build was interrupted: an invalid index of that name, left by a concurrent
    # build that failed (the realm's entries are not unique), which the server must drop and build again.
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "ALTER DATABASE $db SET kcaudit.text_index_inline_rows = 0"
    psql -q -h 127.0.0.1 -U postgres -d "$db" -c "CREATE UNIQUE INDEX CONCURRENTLY idx_audit_entry_text_day
      ON audit_entry (realm_id)" >/dev/null 2>&1 || true
    [ "$(index_state)" = "false false 1" ] || { echo "FAIL: no interrupted build to recover from"; exit 1; }
    deferred=true
  fi
  start benchmark/target/keycloak-"$new_kc"; check "  after the upgrade" "$before"
  [ "$deferred" = true ] && text_index
  activity 10 new; check "  after new activity" $((before + 20)); stop
fi
echo "Upgrade check passed."
