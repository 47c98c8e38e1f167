#!/usr/bin/env bash
# Side-by-side S3 benchmark: S3Mock (the peer) and the Overcast sandbox, started here, measured in pairs of alternating order
# (A B, B A, …) with the same load generator, client and settings. Prints each run, the Overcast/peer ratio
# per pair and the median ratio.
#
#   bench/compare-s3.sh [SECONDS_PER_RUN] [THREADS] [PAIRS]
#
# Durable commits: Overcast acknowledges only after PostgreSQL commits (fsync on).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_settings 16 2 "$@"
S3MOCK_VERSION=5.2.0
PEER_PORT=9090 # S3Mock's plain-HTTP port

if curl -s -o /dev/null "http://127.0.0.1:$PEER_PORT/"; then
    echo "port $PEER_PORT is taken: S3Mock needs it" >&2
    exit 1
fi
build
./mvnw -B -q dependency:copy -Dartifact=com.adobe.testing:s3mock:$S3MOCK_VERSION:jar:exec -DoutputDirectory="$WORK/peer"

echo "Starting S3Mock $S3MOCK_VERSION on :$PEER_PORT..."
# its defaults: plain HTTP on 9090 (HTTPS on 9191), files under a temporary root
"$JAVA_HOME/bin/java" -Xmx512m -jar "$WORK/peer/s3mock-$S3MOCK_VERSION-exec.jar" > "$WORK/peer.log" 2>&1 &
PIDS+=($!)
start_sandbox
wait_for "http://127.0.0.1:$PEER_PORT/"

compare_workload s3mock "http://127.0.0.1:$PEER_PORT" s3-put-1k "$THREADS" ops/s
compare_workload s3mock "http://127.0.0.1:$PEER_PORT" s3-get-1k "$THREADS" ops/s
compare_workload s3mock "http://127.0.0.1:$PEER_PORT" s3-put-get-256m 1 MB/s
echo
printf '%s\n' "${SUMMARY[@]}"
