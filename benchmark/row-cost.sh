#!/usr/bin/env bash
# What a narrower entry row and fewer statements per entry could save capture, measured on PostgreSQL alone
# (docs/benchmarks.md, section 7, "A narrower row and fewer statements, measured").
#
# Capture's gap to Keycloak's store is the rows it writes ("Capture without the rows"). Two designs were named and
# never measured: writing a narrower row, and writing the entry and its chain row in fewer statements. Per
# transaction, PostgreSQL's CPU (every process of the cluster, reaped backends included) and latency for:
#   entry, as shipped          INSERT into a copy of AUDIT_ENTRY with all its indexes (primary key, ten B-trees, the
#                              day-keyed free-text index);
#   entry, primary key only    the same row, no index but the primary key;
#   entry, narrowest           the same, every nullable column NULL: no narrower row can cost less;
#   entry, keys without ids    as shipped, but the free-text index keys the search text with its UUIDs taken out
#                              (regexp_replace inside the indexed expression): fewer free-text keys per entry
#                              (VARIANTS="shipped noids"; not in the default list);
#   Keycloak's event row       INSERT into a copy of EVENT_ENTITY with its indexes, a client-credentials token's event
#                              as Keycloak's store writes it;
#   entry + chain, 2 statements  the entry (as shipped) and its AUDIT_ENTRY_CHAIN row, one INSERT each, as capture
#                              writes them, in a transaction (BEGIN, INSERT, INSERT, END);
#   entry + chain, 1 statement   the same two rows from one statement (a CTE), in a transaction (BEGIN, WITH, END).
# Each variant starts from a fresh table of PRELOAD rows (VACUUM ANALYZE, CHECKPOINT), and ends by merging GIN's
# pending list into the free-text index (work that belongs to the inserts). One pgbench client, prepared statements,
# one transaction per entry, synchronous_commit off, so latency is the server's work and the loopback round trip.
#
# Usage: [VARIANTS="shipped pk narrowest keycloak two one"] benchmark/row-cost.sh [INSERTS=6000] [ROUNDS=2]; needs the integration suite's PostgreSQL database
# (./mvnw verify leaves audit_it) and pgbench. Creates and drops the database audit_measure.
set -euo pipefail
inserts=${1:-6000}
rounds=${2:-2}
preload=${PRELOAD:-100000}
# shellcheck source=benchmark/pg-measure.sh
. "$(dirname "$0")/pg-measure.sh"

setup_measure_db
# The entry with every nullable column NULL: the narrowest row the table can hold.
narrow=$(q -d "$db" -c "SELECT string_agg(CASE WHEN column_name = 'id' THEN 'ID'
    WHEN column_name = 'event_time' THEN 'NOW_MS' WHEN is_nullable = 'YES' THEN 'NULL' ELSE column_name END, ', '
    ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'bench_row'")
now_ms='(extract(epoch FROM clock_timestamp()) * 1000)::bigint'
uuid='[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
kc_details='{"auth_method":"openid-connect","grant_type":"client_credentials","client_auth_method":"client-secret","scope":"profile email","username":"service-account-bench-client"}'

fresh() {  # $1: the variant; a fresh bench_e (and bench_chain) holding $preload rows
  q -d "$db" -c "DROP TABLE IF EXISTS bench_e" -c "DROP TABLE IF EXISTS bench_chain"
  case "$1" in
    shipped|two|one) q -d "$db" -c "CREATE TABLE bench_e (LIKE audit_entry INCLUDING ALL)"
      q -d "$db" -c "INSERT INTO bench_e SELECT $(row_columns "'p' || g") FROM bench_row, generate_series(1, $preload) g" ;;
    noids) q -d "$db" -c "CREATE TABLE bench_e (LIKE audit_entry INCLUDING ALL)"
      q -d "$db" -c "SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'bench_e'::regclass
          AND pg_get_indexdef(indexrelid) LIKE '%audit_text_keys%'" | while read -r index; do
        q -d "$db" -c "DROP INDEX $index"; done
      q -d "$db" -c "CREATE INDEX bench_e_keys_without_ids ON bench_e USING gin (audit_text_keys(event_time,
          regexp_replace(search_text, '$uuid', ' ', 'gi')))"
      q -d "$db" -c "INSERT INTO bench_e SELECT $(row_columns "'p' || g") FROM bench_row, generate_series(1, $preload) g" ;;
    pk|narrowest) q -d "$db" -c "CREATE TABLE bench_e (LIKE audit_entry INCLUDING DEFAULTS)" \
        -c "ALTER TABLE bench_e ADD PRIMARY KEY (id)"
      q -d "$db" -c "INSERT INTO bench_e SELECT $(row_columns "'p' || g") FROM bench_row, generate_series(1, $preload) g" ;;
    keycloak) q -d "$db" -c "CREATE TABLE bench_e (LIKE event_entity INCLUDING ALL)" \
        -c "INSERT INTO bench_e SELECT 'p' || g, 'bench-client', '$kc_details', NULL, '127.0.0.1',
              'c2c5a1c4-5e3b-4d8e-9a55-0f7a4f0b9d11', NULL, $now_ms, 'CLIENT_LOGIN',
              '5f0d7e0c-6a43-4d2b-8c8e-2b9a1e4c7f30', NULL FROM generate_series(1, $preload) g" ;;
  esac
  if [ "$1" = two ] || [ "$1" = one ]; then
    q -d "$db" -c "CREATE TABLE bench_chain (LIKE audit_entry_chain INCLUDING ALL)" \
      -c "INSERT INTO bench_chain (entry_id, realm_id) SELECT id, realm_id FROM bench_e"
  fi
  q -d "$db" -c "VACUUM ANALYZE" -c "CHECKPOINT"
}

script() {  # $1: the variant; the pgbench script of one transaction
  local id="'n' || :client_id || '-' || :n"
  printf '%s\n' "\\set n random(1, 1000000000)"
  case "$1" in
    shipped|pk|noids) echo "INSERT INTO bench_e SELECT $(row_columns "$id") FROM bench_row;" ;;
    narrowest) echo "INSERT INTO bench_e SELECT $(echo "$narrow" | sed "s/\bID\b/$id/; s/\bNOW_MS\b/$now_ms/") FROM bench_row;" ;;
    keycloak) echo "INSERT INTO bench_e VALUES ($id, 'bench-client', '$kc_details', NULL, '127.0.0.1',
        'c2c5a1c4-5e3b-4d8e-9a55-0f7a4f0b9d11', NULL, $now_ms, 'CLIENT_LOGIN',
        '5f0d7e0c-6a43-4d2b-8c8e-2b9a1e4c7f30', NULL);" ;;
    two) echo "BEGIN;"
      echo "INSERT INTO bench_e SELECT $(row_columns "$id") FROM bench_row;"
      echo "INSERT INTO bench_chain (entry_id, realm_id) SELECT $id, realm_id FROM bench_row;"
      echo "END;" ;;
    one) echo "BEGIN;"
      echo "WITH e AS (INSERT INTO bench_e SELECT $(row_columns "$id") FROM bench_row RETURNING id, realm_id)
        INSERT INTO bench_chain (entry_id, realm_id) SELECT id, realm_id FROM e;"
      echo "END;" ;;
  esac
}

measure() {  # $1: the variant; prints "cpu … ms; latency … ms"
  local sql="/tmp/row-cost-$1.sql" t0 t1 lat
  script "$1" > "$sql"
  t0=$(cluster_ticks)
  lat=$(pgbench_latency "$sql" "$inserts")
  q -d "$db" -c "SELECT gin_clean_pending_list(c.oid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = 'bench_e'::regclass AND a.amname = 'gin'" >/dev/null
  t1=$(cluster_ticks)
  [ -n "$lat" ] || { echo "pgbench failed for $1: $(pgbench -n -M prepared -c 1 -t 1 -f "$sql" "$db" 2>&1 | tail -2)"; exit 1; }
  echo "cpu $(ms_per $((t1 - t0)) "$inserts") ms; latency $lat ms"
}

echo "# $(row_description); tables of $preload rows first; $inserts transactions per variant, $rounds rounds"
for r in $(seq 1 "$rounds"); do
  for v in ${VARIANTS:-shipped pk narrowest keycloak two one}; do
    fresh "$v"
    echo "round $r $v: $(measure "$v")"
  done
done
