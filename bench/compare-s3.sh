#!/usr/bin/env bash
# Side-by-side S3 benchmark: S3Mock (the peer) and the Overcast sandbox, started here, measured alternately
# (A B A B …) with the same load generator, client and settings. Prints each run, the Overcast/peer ratio
# per pair and the median ratio.
#
#   bench/compare-s3.sh [SECONDS_PER_RUN] [THREADS] [PAIRS]
#
# Durable commits: Overcast acknowledges only after PostgreSQL commits (fsync on).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/jdk.sh
SECONDS_PER_RUN="${1:-20}"
THREADS="${2:-16}"
PAIRS="${3:-2}"
S3MOCK_VERSION=5.2.0
PEER_PORT=9090
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "Building the sandbox and the load generator..."
./mvnw -B -q -pl sandbox,bench -am install -DskipTests
./mvnw -B -q dependency:copy -Dartifact=com.adobe.testing:s3mock:$S3MOCK_VERSION:jar:exec -DoutputDirectory="$WORK/peer"

wait_for() { # url
    for _ in $(seq 1 240); do
        if curl -s -o /dev/null "$1"; then return 0; fi
        sleep 0.5
    done
    echo "not answering: $1" >&2
    return 1
}

echo "Starting S3Mock $S3MOCK_VERSION on :$PEER_PORT..."
# its defaults: plain HTTP on 9090 (HTTPS on 9191), files under a temporary root
"$JAVA_HOME/bin/java" -Xmx512m -jar "$WORK/peer/s3mock-$S3MOCK_VERSION-exec.jar" > "$WORK/peer.log" 2>&1 &
PIDS+=($!)
echo "Starting the Overcast sandbox on :4566..."
OVERCAST_DATA_DIR="$WORK/overcast" "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx512m -jar sandbox/target/sandbox.jar \
    > "$WORK/overcast.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$PEER_PORT/"
wait_for "http://127.0.0.1:4566/_overcast/health"

run() { # endpoint workload threads
    "$JAVA_HOME/bin/java" -jar bench/target/bench.jar "$1" "$2" "$3" "$SECONDS_PER_RUN"
}
value() { sed -E "s|.*$1=([0-9.]+).*|\1|"; }

for spec in "s3-put-1k:$THREADS:ops/s" "s3-get-1k:$THREADS:ops/s" "s3-put-get-256m:1:MB/s"; do
    IFS=: read -r workload threads metric <<< "$spec"
    ratios=()
    for pair in $(seq 1 "$PAIRS"); do
        line=$(run "http://127.0.0.1:$PEER_PORT" "$workload" "$threads"); echo "$line"
        a=$(value "$metric" <<< "$line")
        line=$(run "http://127.0.0.1:4566" "$workload" "$threads"); echo "$line"
        b=$(value "$metric" <<< "$line")
        ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')")
        echo "pair $pair $workload: s3mock $a $metric, overcast $b $metric, ratio ${ratios[-1]}"
    done
    median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
    echo "== $workload: overcast/s3mock median ratio $median (pairs: ${ratios[*]})"
done
