#!/usr/bin/env bash
# The S3 ceilings of issue 20, each measured beside the sandbox in the same run, in pairs of alternating order (A B,
# B A, …), printing each run, the ratio per pair and the median ratio:
#   (a) s3-put-1k against the durable single-row 1 KiB insert rate of the sandbox's own PostgreSQL, measured by
#       pgbench (the Debian client tools) with as many clients: goal ratio >= 0.33;
#   (b) s3-get-1k against the same workload on a trivial endpoint of the services' HTTP stack answering 1 KiB from
#       memory (dev.overcast.bench.CeilingServer): goal ratio >= 0.5.
#
#   bench/ceilings.sh [SECONDS_PER_RUN] [THREADS] [PAIRS]     (SKIP_BUILD=1 reuses the built sandbox and bench jars)
#
# pgbench runs against the PostgreSQL the sandbox started (the embedded binaries, which have no pgbench of their own),
# on a table of its own (schema bench_ceiling), durable as the sandbox is (fsync and synchronous_commit on). Each
# pgbench run is preceded by WARMUP_SECONDS (default 30, as the load generator's) unmeasured; its line gives the
# client's CPU per insert beside the load generator's CPU per request.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_settings 16 2 "$@"
command -v pgbench > /dev/null || { echo "pgbench is missing (Debian: apt-get install postgresql-client)" >&2; exit 1; }
[ "${SKIP_BUILD:-}" = 1 ] || build

CEILING_PORT=$(free_port)
echo "Starting the ceiling endpoint (CeilingServer) on :$CEILING_PORT..."
"$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx512m -cp bench/target/bench.jar dev.overcast.bench.CeilingServer \
    --server.port="$CEILING_PORT" > "$WORK/ceiling.log" 2>&1 &
PIDS+=($!)
start_sandbox
wait_for "http://127.0.0.1:$CEILING_PORT/"

# the sandbox's PostgreSQL: its port is line 4 of the postmaster.pid of its data directory
PG_PORT=$(sed -n 4p "$WORK/overcast/postgres/postmaster.pid")
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 <<'SQL'
create schema if not exists bench_ceiling;
create table if not exists bench_ceiling.insert_1k (id bigserial primary key, data text not null);
SQL
# one durable commit per transaction: a single-row insert of 1 KiB (32 random MD5s: not compressible), autocommit
echo "insert into bench_ceiling.insert_1k (data) select string_agg(md5(random()::text), '') from generate_series(1, 32);" \
    > "$WORK/insert-1k.sql"

pgbench_run() { # endpoint (the PostgreSQL port) workload clients: one line with ops/s= and the client's CPU per insert
    local out cpu tps
    pgbench -n -h 127.0.0.1 -p "$1" -U postgres -c "$3" -j 2 -T "${WARMUP_SECONDS:-30}" -f "$WORK/insert-1k.sql" postgres \
        > "$WORK/pgbench.out" 2>&1 || { cat "$WORK/pgbench.out" >&2; return 1; }
    TIMEFORMAT='%U %S'
    { time pgbench -n -h 127.0.0.1 -p "$1" -U postgres -c "$3" -j 2 -T "$SECONDS_PER_RUN" -f "$WORK/insert-1k.sql" \
        postgres > "$WORK/pgbench.out" 2>&1; } 2> "$WORK/pgbench.time"
    tps=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' "$WORK/pgbench.out" | head -1 | xargs printf '%.1f')
    cpu=$(awk -v tps="$tps" -v s="$SECONDS_PER_RUN" '{ printf "%.3f", ($1 + $2) * 1e3 / (tps * s) }' "$WORK/pgbench.time")
    echo "pgbench-insert-1k pg:$1 clients=$3 ops/s=$tps client-cpu=${cpu}ms/op"
}

PEER_RUN=pgbench_run compare_workload pgbench "$PG_PORT" s3-put-1k "$THREADS" ops/s
compare_workload ceiling "http://127.0.0.1:$CEILING_PORT" s3-get-1k "$THREADS" ops/s
echo
printf '%s\n' "${SUMMARY[@]}"
echo "goals: s3-put-1k/pgbench >= 0.33, s3-get-1k/ceiling >= 0.5"
