#!/usr/bin/env bash
# Side-by-side DynamoDB benchmark: DynamoDB Local (in memory) and dynalite (in memory), the peers, and the Overcast
# sandbox, each started here in its own process and measured with the same load generator, client and settings.
# For each workload every peer is measured once, then the better peer and Overcast in pairs of alternating order (A B, B A, …); prints
# each run, the Overcast/peer ratio per pair and the median ratio.
#
#   bench/compare-dynamodb.sh [SECONDS_PER_RUN] [THREADS] [PAIRS]
#
# DynamoDB Local comes from Maven Central (bench/peers/dynamodb-local-pom.xml, with its sqlite4java native
# libraries), dynalite from npm into bench/target/peers; a peer that cannot be fetched or started is skipped with a
# message. Durable commits: Overcast acknowledges only after PostgreSQL commits (fsync on), its default.
# OVERCAST_BENCH_JAVA_OPTS adds JVM options to the sandbox (e.g. -XX:StartFlightRecording=...), see bench/lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_settings 16 2 "$@"
WORKLOADS="${WORKLOADS:-ddb-put ddb-get ddb-query}"
DDB_LOCAL_PORT=$(free_port)
DYNALITE_PORT=$(free_port)
CACHE="$ROOT/bench/target/peers"
build

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

start_sandbox
for name in "${!PEERS[@]}"; do
    if ! wait_for "${PEERS[$name]}/" 120; then
        echo "SKIPPING $name: it did not start"
        tail -5 "$WORK/$name.log" || true
        unset "PEERS[$name]"
    fi
done

for workload in $WORKLOADS; do
    best=""; best_ops=0
    for name in "${!PEERS[@]}"; do
        if line=$(run "${PEERS[$name]}" "$workload"); then
            echo "$line"
            ops=$(value ops/s <<< "$line")
            echo "peer $name $workload: $ops ops/s"
            if awk -v a="$ops" -v b="$best_ops" 'BEGIN { exit !(a > b) }'; then best="$name"; best_ops="$ops"; fi
        else
            echo "peer $name failed $workload"
        fi
    done
    if [ -n "$best" ]; then
        compare_workload "$best" "${PEERS[$best]}" "$workload" "$THREADS" ops/s
    else
        compare_workload "" "" "$workload" "$THREADS" ops/s
    fi
done
echo
printf '%s\n' "${SUMMARY[@]}"
