# Shared by the PostgreSQL-only measurements (journal-cost.sh, chain-on-row-cost.sh, row-cost.sh); sourced, not run.
source_db=${SOURCE_DB:-audit_it}  # the integration suite's database: its schema and a real entry
db=audit_measure                  # created and dropped by setup_measure_db
export PGHOST=127.0.0.1 PGUSER=postgres PGOPTIONS='-c client_min_messages=warning'
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

# CPU ticks (10 ms) of the whole cluster: every live postgres process, plus what the postmaster has reaped (backends
# that exited, such as pgbench's).
cluster_ticks() {
  local pm
  pm=$(head -1 "$(q -d postgres -c 'SHOW data_directory')/postmaster.pid")
  awk -v pm="$pm" '
    FNR == 1 {
      sub(/^[^)]*\) /, "")  # drop "pid (comm) "; the fields now start at state (field 3)
      split($0, f, " ")
      total += f[12] + f[13]                      # utime, stime
      if (FILENAME == "/proc/" pm "/stat") total += f[14] + f[15]   # cutime, cstime of the postmaster
    }
    END { print total }' $(for p in /proc/[0-9]*; do [ "$(stat -c %U "$p" 2>/dev/null)" = postgres ] && echo "$p/stat"; done) 2>/dev/null
}

# A fresh $db with the schema of $source_db (the integration suite's database) and, in bench_row, its login entry with
# the longest search text; dropped again when the script exits.
setup_measure_db() {
  q -d postgres -c "SELECT 1" >/dev/null || { echo "PostgreSQL is not reachable on 127.0.0.1:5432"; exit 1; }
  [ "$(q -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$source_db'")" = 1 ] \
    || { echo "No database $source_db: run the integration suite on PostgreSQL first (./mvnw verify)"; exit 1; }
  q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  trap 'q -d postgres -c "DROP DATABASE IF EXISTS $db"' EXIT
  pg_dump -s -h 127.0.0.1 -U postgres "$source_db" | q -d "$db" >/dev/null
  q -d "$db" -c "CREATE TABLE bench_row (LIKE audit_entry)"
  q -d "$source_db" -c "COPY (SELECT * FROM audit_entry WHERE action = 'auth.login'
      ORDER BY length(search_text) DESC LIMIT 1) TO STDOUT" | q -d "$db" -c "COPY bench_row FROM STDIN"
  [ "$(q -d "$db" -c "SELECT count(*) FROM bench_row")" = 1 ] || { echo "No login entry in $source_db"; exit 1; }
}

row_description() {
  q -d "$db" -c "SELECT 'the row: ' || action || ', ' || length(search_text) || ' characters of search text, '
    || array_length(audit_text_keys(event_time, search_text), 1) || ' day keys' FROM bench_row"
}

# bench_row's columns in order, the id given by $1 (an SQL expression) and the time the current one.
row_columns() {
  q -d "$db" -c "SELECT string_agg(CASE column_name WHEN 'id' THEN '$(printf '%s' "$1" | sed "s/'/''/g")'
      WHEN 'event_time' THEN '(extract(epoch FROM clock_timestamp()) * 1000)::bigint' ELSE column_name END, ', '
      ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'bench_row'"
}

# One pgbench client running the script $1 for $2 transactions, prepared, synchronous_commit off; prints the latency
# average in ms (empty when pgbench failed).
pgbench_latency() {
  PGOPTIONS="$PGOPTIONS -c synchronous_commit=off" pgbench -n -M prepared -c 1 -t "$2" -f "$1" "$db" 2>/dev/null \
    | awk '/latency average/ { print $4 }'
}

# Milliseconds of CPU per transaction from $1 clock ticks (10 ms) over $2 transactions.
ms_per() {
  awk -v t="$1" -v n="$2" 'BEGIN { printf "%.4f", t * 10 / n }'
}
