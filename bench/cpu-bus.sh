#!/usr/bin/env bash
# Where the CPU of a DynamoDB write goes, with and without the event bus: ddb-put on a table without a stream and
# ddb-put-stream on a table with one (NEW_AND_OLD_IMAGES: the stream record and its outbox row in the item's
# transaction, the relay publishing to Kafka), in pairs of alternating order on one sandbox, each run warmed up. For
# each run, the CPU time (utime + stime from /proc/<pid>/stat, over the measured window only) per acknowledged write of
# the sandbox's JVM (the services, the relay), of its PostgreSQL (the postmaster and its backends), of its child JVMs
# (the bus broker) and of the load generator: figures that hold on a machine shared with other work, where ops/s do
# not. Also the ops/s and the load average at the end of the run, for context.
#
#   bench/cpu-bus.sh [SECONDS_PER_RUN] [THREADS] [PAIRS]
#   PROFILE=DIR: a JFR recording (settings=profile) of the sandbox over each measured window, DIR/<n>-<workload>.jfr
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_settings 16 2 "$@"

build
start_sandbox "${SANDBOX_JAR:-sandbox/target/sandbox.jar}"
SANDBOX_PID=${PIDS[-1]}
POSTMASTER_PID=$(head -1 "$WORK/overcast/postgres/postmaster.pid")
TICKS=$(getconf CLK_TCK)

ticks() { # pids...: their utime + stime, in clock ticks (processes gone meanwhile count 0)
    local p sum=0
    for p in "$@"; do
        sum=$((sum + $(proc_ticks "$p")))
    done
    echo "$sum"
}
snapshot() { # one line: sandbox JVM, PostgreSQL, the sandbox's child JVMs (broker)
    echo "$(ticks "$SANDBOX_PID") $(ticks "$POSTMASTER_PID" $(pgrep -P "$POSTMASTER_PID")) $(ticks $(pgrep -P "$SANDBOX_PID" java))"
}

RUN=0
measured() { # workload: one line, the load generator's and the CPU per write by process
    local workload="$1" line
    RUN=$((RUN + 1))
    rm -f "$WORK/cpu.start" "$WORK/cpu.end"
    line=$("$JAVA_HOME/bin/java" -Dbench.marks=true -jar bench/target/bench.jar "$OVERCAST_ENDPOINT" "$workload" "$THREADS" \
            "$SECONDS_PER_RUN" "${WARMUP_SECONDS:-30}" 2>&1 >"$WORK/run.out" | while IFS= read -r l; do
        case "$l" in
            "bench: measuring")
                snapshot > "$WORK/cpu.start"
                if [ -n "${PROFILE:-}" ]; then
                    mkdir -p "$PROFILE"
                    "$JAVA_HOME/bin/jcmd" "$SANDBOX_PID" JFR.start name=window settings=profile \
                        filename="$PROFILE/$RUN-$workload.jfr" > /dev/null
                fi ;;
            "bench: done")
                snapshot > "$WORK/cpu.end"
                if [ -n "${PROFILE:-}" ]; then
                    "$JAVA_HOME/bin/jcmd" "$SANDBOX_PID" JFR.stop name=window > /dev/null
                fi ;;
        esac
    done; cat "$WORK/run.out")
    local ops
    ops=$(sed -E 's/.* ops=([0-9]+).*/\1/' <<< "$line")
    case "$ops" in ''|*[!0-9]*) ops=0 ;; esac
    if [ ! -f "$WORK/cpu.end" ] || [ "${ops:-0}" -eq 0 ]; then
        echo "$line | no write measured" # (no mark from the load generator: nothing completed in the window)
        return
    fi
    paste -d' ' "$WORK/cpu.start" "$WORK/cpu.end" | awk -v ops="$ops" -v hz="$TICKS" -v line="$line" \
        -v loadavg="$(cut -d' ' -f1-3 /proc/loadavg)" '{
            printf "%s | cpu ms/write: sandbox %.3f postgres %.3f broker %.3f | load %s\n", line,
                ($4 - $1) * 1000 / hz / ops, ($5 - $2) * 1000 / hz / ops, ($6 - $3) * 1000 / hz / ops, loadavg }'
}

off() { measured ddb-put; }
on() { measured ddb-put-stream; }
for pair in $(seq 1 "$PAIRS"); do
    in_pair_order "$pair" off on
done
# PostgreSQL's checkpoints over the runs (its log, beside the data directory), which a slow run may coincide with
grep -h "checkpoint" "$WORK/overcast/postgres.log" 2>/dev/null | tail -20 || true
