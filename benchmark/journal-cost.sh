#!/usr/bin/env bash
# What a journal would save capture, measured on PostgreSQL alone (docs/benchmarks.md, section 7,
# "A journal and the chain's place on the entry row, measured").
#
# Today a request inserts its entry into AUDIT_ENTRY, with the primary key, ten B-tree indexes and the day-keyed
# free-text index. The journal design (docs/benchmarks.md, section 1) inserts it into a table with only a primary key,
# and a background mover takes batches into AUDIT_ENTRY. This compares, per entry, PostgreSQL's CPU (every process of
# the cluster, reaped backends included) and the request's insert latency:
#   direct   one INSERT into the indexed table per transaction (pgbench, one client, prepared), as shipped;
#   journal  one INSERT into the journal per transaction, then the mover (DELETE … RETURNING into INSERT, BATCH rows
#            per transaction) and the VACUUM of the journal's dead rows that autovacuum would otherwise run.
# Both end by merging GIN's pending list into the index (gin_clean_pending_list), work a full list or autovacuum
# would do later and that belongs to the inserts.
# Each variant starts from a fresh table of PRELOAD copies (VACUUM ANALYZE: GIN's pending list empty), and the rounds
# alternate. The row is a real login entry from the integration suite's database (SOURCE_DB), its id and time new per
# insert. synchronous_commit is off for both, so latency is the server's work and the loopback round trip.
#
# Usage: benchmark/journal-cost.sh [ENTRIES=20000] [ROUNDS=3] [BATCH=500]; needs the integration suite's PostgreSQL
# database (./mvnw verify leaves audit_it) and pgbench. Creates and drops the database audit_measure.
set -euo pipefail
entries=${1:-20000}
rounds=${2:-3}
batch=${3:-500}
preload=${PRELOAD:-100000}
# shellcheck source=benchmark/pg-measure.sh
. "$(dirname "$0")/pg-measure.sh"

setup_measure_db
echo "# $(row_description)"

# The row with a new id and the current time: the same list of columns for every insert.
cols=$(row_columns "md5(random()::text || clock_timestamp()::text)")

fresh() {  # the indexed table with PRELOAD rows, the empty journal
  q -d "$db" -c "DROP TABLE IF EXISTS bench_e, bench_j" \
    -c "CREATE TABLE bench_e (LIKE audit_entry INCLUDING ALL)" \
    -c "CREATE TABLE bench_j (LIKE audit_entry INCLUDING DEFAULTS)" -c "ALTER TABLE bench_j ADD PRIMARY KEY (id)" \
    -c "INSERT INTO bench_e SELECT $cols FROM bench_row, generate_series(1, $preload)" \
    -c "VACUUM ANALYZE bench_e" -c "VACUUM ANALYZE bench_j" -c "CHECKPOINT"
}

insert_into() {  # pgbench inserts ENTRIES rows into $1; prints the latency average in ms
  echo "INSERT INTO $1 SELECT $cols FROM bench_row;" > /tmp/journal-cost-$1.sql
  pgbench_latency /tmp/journal-cost-$1.sql "$entries"
}

move() {  # the journal into the indexed table, BATCH rows per transaction, in key order, on one connection
  local statement="WITH m AS (DELETE FROM bench_j WHERE id IN (SELECT id FROM bench_j ORDER BY id LIMIT $batch)
    RETURNING *) INSERT INTO bench_e SELECT * FROM m;"
  for _ in $(seq 0 $((entries / batch))); do echo "$statement"; done | q -d "$db" >/dev/null
  [ "$(q -d "$db" -c "SELECT count(*) FROM bench_j")" = 0 ] || { echo "FAIL: the journal is not empty"; exit 1; }
}

settle() {  # GIN's pending list merged into the index, as autovacuum or a full list would: part of every insert's cost
  q -d "$db" -c "SELECT gin_clean_pending_list(c.oid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                   JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = 'bench_e'::regclass AND a.amname = 'gin'" >/dev/null
}

per_entry() { ms_per "$1" "$entries"; }  # ticks → ms per entry

echo "# $entries entries per variant, $rounds rounds, batches of $batch, tables of $preload rows first"
echo "# round variant: PostgreSQL CPU per entry (ms); request insert latency (ms); for journal, the mover's share"
for r in $(seq 1 "$rounds"); do
  fresh
  t0=$(cluster_ticks); lat=$(insert_into bench_e); ts=$(cluster_ticks); settle; t1=$(cluster_ticks)
  echo "round $r direct:  cpu $(per_entry $((t1 - t0))) ms; insert latency $lat ms;" \
    "of the cpu, the pending list's merge $(per_entry $((t1 - ts))) ms"
  fresh
  t0=$(cluster_ticks); lat=$(insert_into bench_j); t1=$(cluster_ticks)
  move; ts=$(cluster_ticks)
  settle; t2=$(cluster_ticks)
  q -d "$db" -c "VACUUM bench_j"; t3=$(cluster_ticks)
  [ "$(q -d "$db" -c "SELECT count(*) FROM bench_e")" = $((preload + entries)) ] || { echo "FAIL: rows lost"; exit 1; }
  echo "round $r journal: cpu $(per_entry $((t3 - t0))) ms; insert latency $lat ms; of the cpu," \
    "mover $(per_entry $((ts - t1))) ms, the pending list's merge $(per_entry $((t2 - ts))) ms," \
    "the journal's VACUUM $(per_entry $((t3 - t2))) ms"
done
