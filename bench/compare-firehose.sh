#!/usr/bin/env bash
# Side-by-side Data Firehose benchmark: moto_server (in memory, also implements Firehose → S3) and the Overcast
# sandbox, each started here in its own process and measured with the same load generator (the AWS SDK for Java v2)
# and settings, in pairs of alternating order (A B, B A, …); prints each run, the Overcast/moto ratio per pair and the median ratio.
#
#   bench/compare-firehose.sh [SECONDS_PER_RUN] [THREADS] [PAIRS]
#
# Workloads (bench/src/main/java/dev/overcast/bench/FirehoseWorkloads.java):
#   firehose-put               PutRecordBatch of 500 × 1 KiB, THREADS threads (8), into a DirectPut stream buffering to
#                              S3, through Overcast's gateway: each batch acknowledged after PostgreSQL commits it;
#   firehose-delivery-latency  put → object visible in S3 with IntervalInSeconds 0, p50/p99 (moto writes the object
#                              during the put itself; Overcast buffers durably and a worker delivers).
# moto_server must be on PATH; without it Overcast runs alone.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/jdk.sh
source bench/lib.sh
SECONDS_PER_RUN="${1:-20}"
THREADS="${2:-8}"
PAIRS="${3:-2}"
WORKLOADS="${WORKLOADS:-firehose-put firehose-delivery-latency}"
MOTO_PORT=$(free_port)
WORK="$(mktemp -d)"
trap cleanup EXIT
[ "${SKIP_BUILD:-}" = 1 ] || build

MOTO=""
if command -v moto_server > /dev/null; then
    echo "Starting moto_server on :$MOTO_PORT (in memory)..."
    moto_server -H 127.0.0.1 -p "$MOTO_PORT" > "$WORK/moto.log" 2>&1 &
    PIDS+=($!)
    MOTO="http://127.0.0.1:$MOTO_PORT"
else
    echo "SKIPPING moto: moto_server is not on PATH"
fi

start_sandbox
if [ -n "$MOTO" ] && ! wait_for "$MOTO/" 120; then
    echo "SKIPPING moto: it did not start"
    tail -5 "$WORK/moto.log" || true
    MOTO=""
fi

for workload in $WORKLOADS; do
    case "$workload" in
        firehose-put) metric=records/s ;;
        *) metric=p50 ;;
    esac
    compare_workload "${MOTO:+moto}" "$MOTO" "$workload" "$THREADS" "$metric"
done
echo
printf '%s\n' "${SUMMARY[@]}"
