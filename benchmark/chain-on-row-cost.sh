#!/usr/bin/env bash
# What the chain's place written into the entry's own row would cost the sequencer, measured on PostgreSQL alone
# (docs/benchmarks.md, section 7, "A journal and the chain's place on the entry row, measured").
#
# A page reads each entry's chain place (sequence number, previous number, hash) from AUDIT_ENTRY_CHAIN, one
# primary-key probe per row; written on the entry's row instead, the page would not probe. The sequencer numbers every
# entry after its commit, so it would then update the wide entry row as well as (or instead of) the narrow chain row.
# Per update, PostgreSQL's CPU (every process of the cluster, reaped backends included), latency, and how many updates
# were HOT (no index touched, the new version on the same page):
#   chain row   UPDATE of AUDIT_ENTRY_CHAIN's place, as shipped (its (realm, seq) and (seq) indexes change);
#   entry row   UPDATE of three unindexed columns added to AUDIT_ENTRY, at fillfactor 100 (as shipped) and 70 (room
#               on each page for a new version).
# Tables of ROWS rows (a real login entry from the integration suite's database, SOURCE_DB), VACUUM ANALYZE, then
# pgbench, one client, prepared, synchronous_commit off, UPDATES updates of random rows, rounds alternating.
#
# Usage: benchmark/chain-on-row-cost.sh [UPDATES=20000] [ROUNDS=2]; needs the integration suite's PostgreSQL database
# (./mvnw verify leaves audit_it) and pgbench. Creates and drops the database audit_measure.
set -euo pipefail
updates=${1:-20000}
rounds=${2:-2}
rows=${ROWS:-100000}
# shellcheck source=benchmark/pg-measure.sh
. "$(dirname "$0")/pg-measure.sh"

setup_measure_db
q -d "$db" -c "CREATE TABLE bench_chain (LIKE audit_entry_chain INCLUDING ALL)"

fresh() {  # $1: fillfactor of the entry table
  q -d "$db" -c "DROP TABLE IF EXISTS bench_e" -c "TRUNCATE bench_chain" \
    -c "CREATE TABLE bench_e (LIKE audit_entry INCLUDING ALL) WITH (fillfactor = $1)" \
    -c "ALTER TABLE bench_e ADD COLUMN chain_seq bigint, ADD COLUMN chain_prev_seq bigint,
          ADD COLUMN chain_hash varchar(64)" \
    -c "INSERT INTO bench_e SELECT $(row_columns "'e' || g"), null, null, null FROM bench_row, generate_series(1, $rows) g" \
    -c "INSERT INTO bench_chain SELECT 'e' || g, realm_id, null, null, null FROM bench_row, generate_series(1, $rows) g" \
    -c "VACUUM ANALYZE bench_e" -c "VACUUM ANALYZE bench_chain" -c "CHECKPOINT"
}

update() {  # $1: the table, $2: its id column, $3: the SET list; prints "cpu latency hot%"
  local sql="/tmp/chain-on-row-$1.sql" t0 t1 lat
  printf '%s\n' "\\set n random(1, $rows)" \
    "UPDATE $1 SET $3 WHERE $2 = 'e' || :n;" > "$sql"
  t0=$(cluster_ticks)
  lat=$(pgbench_latency "$sql" "$updates")
  t1=$(cluster_ticks)
  q -d "$db" -c "SELECT pg_stat_force_next_flush()" >/dev/null 2>&1 || sleep 1
  echo "cpu $(ms_per $((t1 - t0)) "$updates") ms; latency $lat ms;" \
    "HOT $(q -d "$db" -c "SELECT round(100.0 * n_tup_hot_upd / greatest(n_tup_upd, 1)) FROM pg_stat_user_tables
                          WHERE relname = '$1'") %"
}

place="chain_seq = :n, chain_prev_seq = :n - 1, chain_hash = md5(:n::text) || md5(:n::text)"
echo "# $(row_description); tables of $rows rows; $updates updates per variant, $rounds rounds"
for r in $(seq 1 "$rounds"); do
  fresh 100
  echo "round $r chain row (as shipped): $(update bench_chain entry_id "seq = :n, chain_prev_seq = :n - 1,
    chain_hash = md5(:n::text) || md5(:n::text)")"
  echo "round $r entry row, fillfactor 100: $(update bench_e id "$place");" \
    "table $(q -d "$db" -c "SELECT pg_size_pretty(pg_table_size('bench_e'))")"
  fresh 70
  echo "round $r entry row, fillfactor 70: $(update bench_e id "$place");" \
    "table $(q -d "$db" -c "SELECT pg_size_pretty(pg_table_size('bench_e'))")"
done
