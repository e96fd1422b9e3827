#!/usr/bin/env bash
# The benchmark: builds the extension, starts Keycloak 26.7.3 on a fresh PostgreSQL database (audit_bench) with a
# small heap, loads N audit entries and measures (docs/benchmarks.md). Usage:
#   benchmark/run.sh [entries] [key=value…]     e.g. benchmark/run.sh 1000000
#   BENCH_MAINTENANCE_INTERVAL_MS=5000 benchmark/run.sh 1000 captureSeconds=1 captureWarmSeconds=1 repeats=3 warmSeconds=3 feedSeconds=3 \
#     out=benchmark/target/smoke.json                                                      (the CI smoke run)
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and ports 8080/9000 free (or others: BENCH_PORT, BENCH_MGMT_PORT).
set -euo pipefail
cd "$(dirname "$0")/.."
entries="${1:-1000000}"
shift || true
heap="${BENCH_HEAP:-256m}"
db="${BENCH_DB:-audit_bench}"
out="${BENCH_OUT:-benchmark/results/latest.json}"
port="${BENCH_PORT:-8080}"
mgmt="${BENCH_MGMT_PORT:-9000}"
# Log streams (the streams phase): receivers in the benchmark JVM speak plain http/tcp; the dispatcher looks for due
# streams every BENCH_STREAM_INTERVAL_MS (the server's default is 1000).
stream_interval="${BENCH_STREAM_INTERVAL_MS:-200}"
# The maintenance timer (sealing, retention): the server's default, 60 s; the CI smoke run shortens it so the verify
# phase does not wait a minute for the sealer.
maintenance="${BENCH_MAINTENANCE_INTERVAL_MS:-60000}"

# BENCH_SKIP_BUILD=true: the caller has just run that build (CI).
[ "${BENCH_SKIP_BUILD:-false}" = true ] || ./mvnw -q -Pbenchmark install -DskipTests
kc=benchmark/target/keycloak-26.7.3
mkdir -p "$kc/data/import"
cp realm-config/demo-realm.json "$kc/data/import/"

# BENCH_KEEP_DB=true keeps a database an earlier run loaded (measure it again with load=false).
if [ "${BENCH_KEEP_DB:-false}" != true ]; then
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
fi

export KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin JAVA_OPTS_KC_HEAP="-Xms$heap -Xmx$heap"
setsid "$kc/bin/kc.sh" start --db=postgres --db-url="jdbc:postgresql://127.0.0.1:5432/$db" --db-username=postgres \
  --db-password=postgres --http-enabled=true --http-port="$port" --http-management-port="$mgmt" --hostname-strict=false --metrics-enabled=true \
  --health-enabled=true --features=scim-api --import-realm \
  --spi-admin-realm-restapi-extension--audit-log--feed-requests-per-minute=1000000 \
  --spi-admin-realm-restapi-extension--audit-log--read-requests-per-minute=1000000 \
  --spi-audit-store--jpa--stream-allow-http=true --spi-audit-store--jpa--stream-interval-ms="$stream_interval" \
  --spi-audit-store--jpa--maintenance-interval-ms="$maintenance" > benchmark/target/keycloak.log 2>&1 &
kc_pid=$!
# kc.sh starts Java as a child: stop the whole process group.
trap 'kill -- -$kc_pid 2>/dev/null; wait $kc_pid 2>/dev/null || true' EXIT
echo "Starting Keycloak (heap $heap, log in benchmark/target/keycloak.log)…"
for _ in $(seq 1 180); do
  curl -fs "http://localhost:$mgmt/health/ready" >/dev/null 2>&1 && break
  kill -0 $kc_pid 2>/dev/null || { tail -30 benchmark/target/keycloak.log; exit 1; }
  sleep 1
done
curl -fs "http://localhost:$mgmt/health/ready" >/dev/null

java -Dbench.heap="$heap" -cp "benchmark/target/classes:$(cat benchmark/target/classpath.txt)" dev.kcaudit.bench.Bench \
  entries="$entries" jdbc="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres&password=postgres" out="$out" base="http://localhost:$port" management="http://localhost:$mgmt" streamIntervalMs="$stream_interval" "$@"
