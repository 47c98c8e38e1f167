# Shared by the side-by-side benchmark scripts (sourced, not run): free ports, starting the Overcast sandbox, the
# load generator, and the loop of pairs (peer and Overcast in alternating order) that prints each pair's Overcast/peer ratio and the medians.
#
# A script sources this (which moves to the repository's root and finds a JDK >= 21), calls bench_settings with its
# defaults and arguments (SECONDS_PER_RUN, THREADS, PAIRS, the scratch folder WORK), fills PIDS with what it starts,
# and calls start_sandbox, then compare_workload per workload.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/jdk.sh

# bench_settings DEFAULT_THREADS DEFAULT_PAIRS [SECONDS_PER_RUN] [THREADS] [PAIRS]: the run's settings (20 s a run by
# default), a scratch folder WORK, and the clean-up when the script exits
bench_settings() {
    SECONDS_PER_RUN="${3:-20}"
    THREADS="${4:-$1}"
    PAIRS="${5:-$2}"
    WORK="$(mktemp -d)"
    trap cleanup EXIT
}

# checkout_base REV MODULES [DIR]: REV checked out under $WORK/DIR (default base) and MODULES (comma-separated) built
# there, for an A/B against this checkout (or against another revision checked out the same way); the worktrees go
# when the script exits
WORKTREES=()
#   BASE_WORKTREE=DIR: a worktree of REV built earlier (kept, e.g. built while the machine was busy), used instead
checkout_base() {
    local dir="$WORK/${3:-base}"
    if [ -n "${BASE_WORKTREE:-}" ] && [ "$(git -C "$BASE_WORKTREE" rev-parse HEAD)" = "$(git rev-parse "$1^{commit}")" ]; then
        echo "Using $BASE_WORKTREE, built earlier, for $1"
        ln -s "$BASE_WORKTREE" "$dir"
        return
    fi
    WORKTREES+=("$dir")
    trap 'for w in "${WORKTREES[@]}"; do git worktree remove --force "$w" 2>/dev/null || true; done; cleanup' EXIT
    git worktree add -q --detach "$dir" "$1"
    echo "Building $2 of $1..."
    (cd "$dir" && { ./mvnw -B -q -o -pl "$2" -am package -DskipTests || ./mvnw -B -q -pl "$2" -am package -DskipTests; })
}

# a free port, found now: other sandboxes or peers may run on this machine (a busy port would be measured instead)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}

wait_for() { # url [tries] [curl option]: any answer, or with -f a success
    for _ in $(seq 1 "${2:-240}"); do
        if curl -s ${3:-} -o /dev/null "$1"; then return 0; fi
        sleep 0.5
    done
    echo "not answering: $1" >&2
    return 1
}

build() { # SKIP_BUILD=1: the jars built earlier
    [ "${SKIP_BUILD:-}" = 1 ] && return
    echo "Building the sandbox and the load generator..."
    ./mvnw -B -q -pl sandbox,bench -am package -DskipTests
}

# Starts the sandbox on a free gateway port (services and its bus broker on free ports too, unless OVERCAST_BUS_PORT
# or OVERCAST_KINESIS_PORT names one), durable commits (its default), and waits until its readiness check reports every
# service up (/_overcast/health/ready: the gateway answers first, the services go on starting behind it, and
# /_overcast/health answers 200 throughout). Sets OVERCAST_ENDPOINT.
# OVERCAST_BENCH_JAVA_OPTS adds JVM options (e.g. -XX:StartFlightRecording=...).
#   start_sandbox [JAR] [NAME]: another build's sandbox jar, with a data directory and log of that name
start_sandbox() {
    local port jar="${1:-sandbox/target/sandbox.jar}" name="${2:-overcast}"
    port=$(free_port)
    echo "Starting the Overcast sandbox ($jar) on :$port..."
    # a base revision older than OVERCAST_FREE_PORTS reads the services' own variables
    OVERCAST_DATA_DIR="$WORK/$name" OVERCAST_PORT="$port" OVERCAST_FREE_PORTS=true OVERCAST_S3_PORT=0 OVERCAST_DYNAMODB_PORT=0 \
        OVERCAST_BUS_PORT="${OVERCAST_BUS_PORT:-0}" \
        OVERCAST_KINESIS_PORT="${OVERCAST_KINESIS_PORT:-0}" "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx512m ${OVERCAST_BENCH_JAVA_OPTS:-} \
        -jar "$jar" > "$WORK/$name.log" 2>&1 &
    PIDS+=($!)
    mkdir -p bench/target && echo "$!" > "bench/target/$name.pid"
    OVERCAST_ENDPOINT="http://127.0.0.1:$port"
    wait_for "$OVERCAST_ENDPOINT/_overcast/health/ready" 600 -f
}

# Each run first drives the workload unmeasured for WARMUP_SECONDS (default 30) in the load generator's own JVM, then
# measures SECONDS_PER_RUN. The warm-up is for the client as much as for the server: on a 2-core machine shared with a
# busy server, the client's JIT takes tens of seconds to compile the SDK's request path, and until it has, the client
# spends two to three times the CPU per request (0.15 ms instead of 0.05 ms per GetItem), which the server then lacks.
run() { # endpoint workload [threads]: one line of the load generator
    "$JAVA_HOME/bin/java" -jar bench/target/bench.jar "$1" "$2" "${3:-$THREADS}" "$SECONDS_PER_RUN" "${WARMUP_SECONDS:-30}"
}
value() { # metric (ops/s or MB/s): its figure in a load generator line on stdin
    sed -E "s|.* $1=([0-9.]+).*|\1|"
}
# in_pair_order PAIR FIRST SECOND: runs the two functions, FIRST then SECOND on odd pairs and SECOND then FIRST on
# even ones: the second run of a pair measured about 14 % lower than the first in an A/A run of one build against
# itself, so a fixed order would bias every ratio
in_pair_order() {
    if [ $(($1 % 2)) -eq 1 ]; then "$2"; "$3"; else "$3"; "$2"; fi
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# proc_ticks PID: the CPU time (utime + stime) PID has used so far, in clock ticks (getconf CLK_TCK a second); 0 for a
# process gone meanwhile. Read after the command name, which may hold spaces.
proc_ticks() {
    { sed -E 's/^.*\) //' "/proc/$1/stat" 2>/dev/null || true; } | awk '{ print $12 + $13 } END { if (NR == 0) print 0 }'
}

# server_cpu PID: CPU seconds used so far by PID and every process below it (for the sandbox: its embedded
# PostgreSQL and its backends, its bus broker), from /proc
server_cpu() {
    local pids=("$1") next=("$1") p children
    while [ ${#next[@]} -gt 0 ]; do
        children=()
        for p in "${next[@]}"; do children+=($(ps -o pid= --ppid "$p" 2>/dev/null || true)); done
        pids+=("${children[@]}"); next=("${children[@]}")
    done
    for p in "${pids[@]}"; do proc_ticks "$p"; done \
        | awk -v hz="$(getconf CLK_TCK)" '{ t += $1 } END { printf "%.2f", t / hz }'
}
# measured PID WORKLOAD: runs the workload against OVERCAST_ENDPOINT; prints the load generator's line, then a line
# "measured server-cpu=X.XXXms/op": PID's (and its children's) CPU per measured operation. On a machine shared with
# other work, a steadier figure than the rate.
measured() {
    local before after line ops
    before=$(server_cpu "$1")
    line=$(run "$OVERCAST_ENDPOINT" "$2" "$THREADS")
    after=$(server_cpu "$1")
    ops=$(sed -E 's|.* ops=([0-9]+).*|\1|' <<< "$line")
    # the warm-up's operations are not counted in ops: scale by the measured share of the run's time
    echo "$line"
    awk -v b="$before" -v a="$after" -v ops="$ops" -v s="$SECONDS_PER_RUN" -v w="${WARMUP_SECONDS:-30}" \
        'BEGIN { printf "measured server-cpu=%.3fms/op\n", (a - b) * 1000 * s / (s + w) / (ops > 0 ? ops : 1) }'
}
# ab_same_sandbox NAME LABEL_A WORKLOAD_A LABEL_B WORKLOAD_B: two workloads on the one started sandbox (start_sandbox
# first), PAIRS pairs in alternating order; prints each run, each pair's B/A ratio, and the medians of the rates, the
# ratios and the server's CPU per operation
ab_same_sandbox() {
    local name="$1" la="$2" wa="$3" lb="$4" wb="$5" sandbox="${PIDS[-1]}" pair out a b
    local ratios=() ra=() rb=() ca=() cb=()
    side_a() { out=$(measured "$sandbox" "$wa"); echo "$out"; a=$(head -1 <<< "$out" | value ops/s); ra+=("$a"); ca+=("$(tail -1 <<< "$out" | value server-cpu)"); }
    side_b() { out=$(measured "$sandbox" "$wb"); echo "$out"; b=$(head -1 <<< "$out" | value ops/s); rb+=("$b"); cb+=("$(tail -1 <<< "$out" | value server-cpu)"); }
    for pair in $(seq 1 "$PAIRS"); do
        in_pair_order "$pair" side_a side_b
        ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')")
        echo "pair $pair: $la $a ops/s, $lb $b ops/s, ratio ${ratios[-1]}"
    done
    echo "== $name: $la median $(printf '%s\n' "${ra[@]}" | median) ops/s, $lb median $(printf '%s\n' "${rb[@]}" | median)" \
        "ops/s, median ratio $(printf '%s\n' "${ratios[@]}" | median) (pairs: ${ratios[*]}); server CPU per operation:" \
        "$la $(printf '%s\n' "${ca[@]}" | median) ms, $lb $(printf '%s\n' "${cb[@]}" | median) ms"
}

SUMMARY=()
measure_peer() { # (compare_workload's locals) the peer's run, if there is a peer, into a: by PEER_RUN if set (a
    # function taking run's arguments and printing a line with " METRIC=VALUE"), else by the load generator
    if [ -n "$peer" ]; then line=$("${PEER_RUN:-run}" "$peer" "$workload" "$threads"); echo "$line"; a=$(value "$metric" <<< "$line"); fi
}
measure_overcast() { # (compare_workload's locals) Overcast's run into b
    line=$(run "$OVERCAST_ENDPOINT" "$workload" "$threads"); echo "$line"; b=$(value "$metric" <<< "$line")
}
# compare_workload PEER_NAME PEER_ENDPOINT WORKLOAD THREADS METRIC: PAIRS pairs (peer and Overcast, in alternating
# order), each run warmed up
# (see run); appends the medians and the ratio to SUMMARY. No peer (empty endpoint): Overcast alone.
compare_workload() {
    local name="$1" peer="$2" workload="$3" threads="$4" metric="$5" line a b pair
    local ratios=() peer_values=() overcast_values=()
    for pair in $(seq 1 "$PAIRS"); do
        a=0
        in_pair_order "$pair" measure_peer measure_overcast
        peer_values+=("$a"); overcast_values+=("$b")
        ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')")
        echo "pair $pair $workload: ${name:-no peer} $a $metric, overcast $b $metric, ratio ${ratios[-1]}"
    done
    SUMMARY+=("== $workload: ${name:-no peer} median $(printf '%s\n' "${peer_values[@]}" | median) $metric, overcast median $(printf '%s\n' "${overcast_values[@]}" | median) $metric, overcast/${name:-peer} median ratio $(printf '%s\n' "${ratios[@]}" | median) (pairs: ${ratios[*]})")
    echo "${SUMMARY[-1]}"
}
