#!/usr/bin/env bash
# Side-by-side DynamoDB benchmark: DynamoDB Local (in memory) and dynalite (in memory), the peers, and the Overcast
# sandbox, each started here in its own process and measured with the same load generator, client and settings.
# For each workload every peer is measured once, then the better peer and Overcast alternately (A B A B …); prints
# each run, the Overcast/peer ratio per pair and the median ratio.
#
#   bench/compare-dynamodb.sh [SECONDS_PER_RUN] [THREADS] [PAIRS]
#
# DynamoDB Local comes from Maven Central (bench/peers/dynamodb-local-pom.xml, with its sqlite4java native
# libraries), dynalite from npm into bench/target/peers; a peer that cannot be fetched or started is skipped with a
# message. Durable commits: Overcast acknowledges only after PostgreSQL commits (fsync on), its default.
# OVERCAST_BENCH_JAVA_OPTS adds JVM options to the sandbox (e.g. -XX:StartFlightRecording=...).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/jdk.sh
SECONDS_PER_RUN="${1:-20}"
THREADS="${2:-16}"
PAIRS="${3:-2}"
WORKLOADS="${WORKLOADS:-ddb-put ddb-get ddb-query}"
# free ports, found now: other sandboxes or peers may run on this machine (a busy :4566 would be measured instead)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
DDB_LOCAL_PORT=$(free_port)
DYNALITE_PORT=$(free_port)
OVERCAST_GATEWAY_PORT=$(free_port)
CACHE="$ROOT/bench/target/peers"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "Building the sandbox and the load generator..."
./mvnw -B -q -pl sandbox,bench -am package -DskipTests

wait_for() { # url [tries] [curl option]: any answer, or with -f a success
    for _ in $(seq 1 "${2:-240}"); do
        if curl -s ${3:-} -o /dev/null "$1"; then return 0; fi
        sleep 0.5
    done
    echo "not answering: $1" >&2
    return 1
}

declare -A PEERS=() # name -> endpoint

echo "Fetching DynamoDB Local from Maven Central..."
mkdir -p "$CACHE/dynamodb-local"
if ./mvnw -B -q -f bench/peers/dynamodb-local-pom.xml dependency:copy-dependencies \
        -DoutputDirectory="$CACHE/dynamodb-local" > "$WORK/dynamodb-local-fetch.log" 2>&1; then
    # DynamoDB Local 2.x depends on sqlite4java's native libraries as artifacts of their own (.so/.dylib/.dll),
    # copied beside the jars: they are found on java.library.path
    echo "Starting DynamoDB Local on :$DDB_LOCAL_PORT (-inMemory)..."
    # run in the scratch directory: it writes dynamodb-local-metadata.json where it runs, even in memory
    (cd "$WORK" && exec "$JAVA_HOME/bin/java" -Xmx512m -Djava.library.path="$CACHE/dynamodb-local" \
        -cp "$CACHE/dynamodb-local/*" com.amazonaws.services.dynamodbv2.local.main.ServerRunner -inMemory \
        -port "$DDB_LOCAL_PORT" > "$WORK/dynamodb-local.log" 2>&1) &
    PIDS+=($!)
    PEERS[dynamodb-local]="http://127.0.0.1:$DDB_LOCAL_PORT"
else
    echo "SKIPPING DynamoDB Local: Maven could not fetch it (see below)"
    tail -5 "$WORK/dynamodb-local-fetch.log"
fi

echo "Installing dynalite with npm..."
if [ -f "$CACHE/dynalite/node_modules/dynalite/cli.js" ] || { command -v npm > /dev/null && mkdir -p "$CACHE/dynalite" \
        && npm install --prefix "$CACHE/dynalite" --no-audit --no-fund --no-save dynalite@4 > "$WORK/dynalite-npm.log" 2>&1; }; then
    echo "Starting dynalite on :$DYNALITE_PORT (in memory)..."
    # tables become ACTIVE at once, as in DynamoDB Local
    node "$CACHE/dynalite/node_modules/dynalite/cli.js" --port "$DYNALITE_PORT" --createTableMs 0 --deleteTableMs 0 \
        --updateTableMs 0 > "$WORK/dynalite.log" 2>&1 &
    PIDS+=($!)
    PEERS[dynalite]="http://127.0.0.1:$DYNALITE_PORT"
else
    echo "SKIPPING dynalite: npm is missing or could not install it"
    tail -5 "$WORK/dynalite-npm.log" 2>/dev/null || true
fi

echo "Starting the Overcast sandbox on :$OVERCAST_GATEWAY_PORT..."
OVERCAST_DATA_DIR="$WORK/overcast" OVERCAST_PORT="$OVERCAST_GATEWAY_PORT" OVERCAST_S3_PORT=0 OVERCAST_DYNAMODB_PORT=0 \
    "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx512m ${OVERCAST_BENCH_JAVA_OPTS:-} \
    -jar sandbox/target/sandbox.jar > "$WORK/overcast.log" 2>&1 &
PIDS+=($!)
echo "$!" > "$ROOT/bench/target/sandbox.pid"
wait_for "http://127.0.0.1:$OVERCAST_GATEWAY_PORT/_overcast/health" 240 -f
for name in "${!PEERS[@]}"; do
    if ! wait_for "${PEERS[$name]}/" 120; then
        echo "SKIPPING $name: it did not start"
        tail -5 "$WORK/$name.log" || true
        unset "PEERS[$name]"
    fi
done

run() { # endpoint workload
    "$JAVA_HOME/bin/java" -jar bench/target/bench.jar "$1" "$2" "$THREADS" "$SECONDS_PER_RUN"
}
value() { sed -E "s|.*ops/s=([0-9.]+).*|\1|"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

SUMMARY=()
for workload in $WORKLOADS; do
    best=""; best_ops=0
    for name in "${!PEERS[@]}"; do
        if line=$(run "${PEERS[$name]}" "$workload"); then
            echo "$line"
            ops=$(value <<< "$line")
            echo "peer $name $workload: $ops ops/s"
            if awk -v a="$ops" -v b="$best_ops" 'BEGIN { exit !(a > b) }'; then best="$name"; best_ops="$ops"; fi
        else
            echo "peer $name failed $workload"
        fi
    done
    # the peers were warmed by the runs above; Overcast gets one short run it is not measured on
    "$JAVA_HOME/bin/java" -jar bench/target/bench.jar "http://127.0.0.1:$OVERCAST_GATEWAY_PORT" "$workload" "$THREADS" 5 > /dev/null
    ratios=(); peer_ops=(); overcast_ops=()
    for pair in $(seq 1 "$PAIRS"); do
        a=0
        if [ -n "$best" ]; then
            line=$(run "${PEERS[$best]}" "$workload"); echo "$line"
            a=$(value <<< "$line")
        fi
        line=$(run "http://127.0.0.1:$OVERCAST_GATEWAY_PORT" "$workload"); echo "$line"
        b=$(value <<< "$line")
        peer_ops+=("$a"); overcast_ops+=("$b")
        ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')")
        echo "pair $pair $workload: ${best:-no peer} $a ops/s, overcast $b ops/s, ratio ${ratios[-1]}"
    done
    m=$(printf '%s\n' "${ratios[@]}" | median)
    SUMMARY+=("== $workload: ${best:-no peer} median $(printf '%s\n' "${peer_ops[@]}" | median) ops/s, overcast median $(printf '%s\n' "${overcast_ops[@]}" | median) ops/s, overcast/${best:-peer} median ratio $m (pairs: ${ratios[*]})")
    echo "${SUMMARY[-1]}"
done
echo
printf '%s\n' "${SUMMARY[@]}"
