#!/usr/bin/env bash
# A/B of the gateway: BASE_REV's gateway (any git revision, built in a scratch worktree) as A and this checkout's as B,
# each as its own process (its -exec jar) in front of the same services, which run in a third process (this
# checkout's sandbox; the gateways reach them over HTTP, as when deployed). Both are measured in pairs of alternating order (A B, B A, …)
# with the same load generator on s3-put-1k, s3-get-1k and ddb-get; prints each run, the B/A ratio per pair and the
# median ratio. Then the sandbox's ready time ("Overcast ready in …", one JVM, AOT cache trained as ./overcast does)
# of both builds, alternately.
#
#   bench/ab-gateway.sh BASE_REV [SECONDS_PER_RUN] [THREADS] [PAIRS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
BASE_REV="${1:?usage: bench/ab-gateway.sh BASE_REV [SECONDS_PER_RUN] [THREADS] [PAIRS]}"
bench_settings 16 3 "${@:2}"
GATEWAY_JAVA_OPTS=(-XX:+UseSerialGC -Xmx512m)

checkout_base "$BASE_REV" sandbox,gateway
build

# the services, in their own process: this checkout's sandbox on fixed free ports
S3_PORT=$(free_port); DDB_PORT=$(free_port); KINESIS_PORT=$(free_port); SANDBOX_PORT=$(free_port)
echo "Starting the services (sandbox) on :$S3_PORT, :$DDB_PORT, :$KINESIS_PORT..."
OVERCAST_DATA_DIR="$WORK/services" OVERCAST_PORT="$SANDBOX_PORT" OVERCAST_S3_PORT="$S3_PORT" \
    OVERCAST_DYNAMODB_PORT="$DDB_PORT" OVERCAST_KINESIS_PORT="$KINESIS_PORT" \
    "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx512m -jar sandbox/target/sandbox.jar > "$WORK/services.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$SANDBOX_PORT/_overcast/health" 240 -f

start_gateway() { # jar name: a gateway process in front of the services; prints its endpoint, its pid in $WORK/name.pid
    local port
    port=$(free_port)
    OVERCAST_PORT="$port" OVERCAST_S3_URL="http://127.0.0.1:$S3_PORT" OVERCAST_DYNAMODB_URL="http://127.0.0.1:$DDB_PORT" \
        OVERCAST_KINESIS_URL="http://127.0.0.1:$KINESIS_PORT" \
        "$JAVA_HOME/bin/java" "${GATEWAY_JAVA_OPTS[@]}" -jar "$1" > "$WORK/$2.log" 2>&1 &
    echo "$!" > "$WORK/$2.pid"
    wait_for "http://127.0.0.1:$port/_overcast/health" 240 -f
    echo "http://127.0.0.1:$port"
}
echo "Starting both gateways..."
BASE_ENDPOINT=$(start_gateway "$(ls "$WORK"/base/gateway/target/gateway-*-exec.jar)" gateway-base)
BASE_PID=$(cat "$WORK/gateway-base.pid"); PIDS+=("$BASE_PID")
OVERCAST_ENDPOINT=$(start_gateway "$(ls gateway/target/gateway-*-exec.jar)" gateway-new)
NEW_PID=$(cat "$WORK/gateway-new.pid"); PIDS+=("$NEW_PID")

# on a shared machine throughput swings with the neighbours' load; the CPU a gateway process spends per request
# (its utime + stime from /proc across the measured run, over the run's operations) is steadier
TICK_MS=$(awk -v hz="$(getconf CLK_TCK)" 'BEGIN { print 1000 / hz }')
cpu_per_op() { # gateway-pid endpoint workload: one run (the gateway is warm by now), its line with the gateway's CPU/op
    local before after line ops
    before=$(proc_ticks "$1")
    line=$(WARMUP_SECONDS=0 run "$2" "$3")
    after=$(proc_ticks "$1")
    ops=$(sed -E 's|.* ops=([0-9]+) .*|\1|' <<< "$line")
    echo "$line gateway-cpu=$(awk -v t="$((after - before))" -v ms="$TICK_MS" -v n="$ops" 'BEGIN { printf "%.3f", t * ms / n }')ms/op"
}
for workload in s3-put-1k s3-get-1k ddb-get; do
    compare_workload "$BASE_REV" "$BASE_ENDPOINT" "$workload" "$THREADS" ops/s
    cpu_a=(); cpu_b=()
    for pair in $(seq 1 "$PAIRS"); do
        line=$(cpu_per_op "$BASE_PID" "$BASE_ENDPOINT" "$workload"); echo "$line"; cpu_a+=("$(value gateway-cpu <<< "$line")")
        line=$(cpu_per_op "$NEW_PID" "$OVERCAST_ENDPOINT" "$workload"); echo "$line"; cpu_b+=("$(value gateway-cpu <<< "$line")")
    done
    SUMMARY+=("== $workload gateway CPU per request: $BASE_REV median $(printf '%s\n' "${cpu_a[@]}" | median) ms, overcast median $(printf '%s\n' "${cpu_b[@]}" | median) ms (runs: ${cpu_a[*]} / ${cpu_b[*]})")
    echo "${SUMMARY[-1]}"
done
for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
wait 2>/dev/null || true
PIDS=()

# ready time: each build's sandbox trained once (AOT cache, as ./overcast does), then started alternately
ready() { # jar aot datadir: seconds until "Overcast ready"
    OVERCAST_DATA_DIR="$3" OVERCAST_PORT=0 OVERCAST_S3_PORT=0 OVERCAST_DYNAMODB_PORT=0 OVERCAST_KINESIS_PORT=0 \
        "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xms64m -Xmx512m -XX:AOTCache="$2" -Xlog:aot=off -Xlog:cds=off \
        -Dovercast.exit-when-ready=true -jar "$1" 2>&1 | sed -nE 's/.*Overcast ready in ([0-9.]+) s.*/\1/p'
}
train_aot() { # jar aot datadir
    OVERCAST_DATA_DIR="$3" OVERCAST_PORT=0 OVERCAST_S3_PORT=0 OVERCAST_DYNAMODB_PORT=0 OVERCAST_KINESIS_PORT=0 \
        "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xms64m -Xmx512m -Dovercast.exit-when-ready=true \
        -XX:AOTCacheOutput="$2" -Xlog:aot=off -Xlog:cds=off -jar "$1" > /dev/null 2>&1
}
BASE_JAR="$WORK/base/sandbox/target/sandbox.jar"
NEW_JAR="sandbox/target/sandbox.jar"
train_aot "$BASE_JAR" "$WORK/base.aot" "$WORK/ready-base"
train_aot "$NEW_JAR" "$WORK/new.aot" "$WORK/ready-new"
base_times=(); new_times=()
for pair in $(seq 1 "$PAIRS"); do
    a=$(ready "$BASE_JAR" "$WORK/base.aot" "$WORK/ready-base"); b=$(ready "$NEW_JAR" "$WORK/new.aot" "$WORK/ready-new")
    base_times+=("$a"); new_times+=("$b")
    echo "pair $pair ready time: $BASE_REV $a s, overcast $b s"
done
SUMMARY+=("== sandbox ready time: $BASE_REV median $(printf '%s\n' "${base_times[@]}" | median) s, overcast median $(printf '%s\n' "${new_times[@]}" | median) s")
echo
printf '%s\n' "${SUMMARY[@]}"
