#!/usr/bin/env bash
# Side-by-side Kinesis benchmark: kinesalite (in memory), the peer, and the Overcast sandbox, each started here in its
# own process and measured with the same load generator, client (the AWS SDK for Java v2 in JSON 1.1: kinesalite cuts
# its CBOR answer to a 500-record PutRecords short; KINESIS_CBOR=true measures CBOR) and settings. For each
# workload kinesalite and Overcast run alternately (pairs in alternating order); prints each run, the Overcast/kinesalite ratio per pair
# and the median ratio.
#
#   bench/compare-kinesis.sh [SECONDS_PER_RUN] [THREADS] [PAIRS]
#
# Workloads (bench/src/main/java/dev/overcast/bench/KinesisWorkloads.java):
#   kinesis-put                PutRecords of 500 × 1 KiB, THREADS threads (8), 8 shards, through Overcast's gateway;
#   kinesis-get                GetRecords draining 8 shards preloaded with KINESIS_RECORDS records (default 1,000,000;
#                              KINESIS_RECORDS=200000 on a small or busy machine);
#   kinesis-poll-latency       put → visible by GetRecords polling, p50/p99;
#   kinesis-subscribe-latency  put → pushed by SubscribeToShard (HTTP/2, Overcast's Kinesis port directly: kinesalite
#                              has no enhanced fan-out, so Overcast alone).
# kinesalite comes from npm into bench/target/peers; if npm is missing or cannot install it, Overcast runs alone.
# Durable commits: Overcast acknowledges only after PostgreSQL commits (fsync on), its default.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_settings 8 2 "$@"
WORKLOADS="${WORKLOADS:-kinesis-put kinesis-get kinesis-poll-latency kinesis-subscribe-latency}"
KINESALITE_PORT=$(free_port)
OVERCAST_KINESIS_PORT=$(free_port)
export OVERCAST_KINESIS_PORT
CACHE="$ROOT/bench/target/peers"
[ "${SKIP_BUILD:-}" = 1 ] || build

KINESALITE=""
echo "Installing kinesalite with npm..."
if [ -f "$CACHE/kinesalite/node_modules/kinesalite/cli.js" ] || { command -v npm > /dev/null && mkdir -p "$CACHE/kinesalite" \
        && npm install --prefix "$CACHE/kinesalite" --no-audit --no-fund --no-save kinesalite > "$WORK/kinesalite-npm.log" 2>&1; }; then
    echo "Starting kinesalite on :$KINESALITE_PORT (in memory)..."
    # streams become ACTIVE at once, as Overcast's do with no status delay
    node "$CACHE/kinesalite/node_modules/kinesalite/cli.js" --port "$KINESALITE_PORT" --createStreamMs 0 \
        --deleteStreamMs 0 --updateStreamMs 0 --shardLimit 1000 > "$WORK/kinesalite.log" 2>&1 &
    PIDS+=($!)
    KINESALITE="http://127.0.0.1:$KINESALITE_PORT"
else
    echo "SKIPPING kinesalite: npm is missing or could not install it"
    tail -5 "$WORK/kinesalite-npm.log" 2>/dev/null || true
fi

start_sandbox
# the sandbox is ready (its gateway answers, requests wait for their service) before each service's own port listens:
# SubscribeToShard goes to the Kinesis port directly
wait_for "http://127.0.0.1:$OVERCAST_KINESIS_PORT/" 240
if [ -n "$KINESALITE" ] && ! wait_for "$KINESALITE/" 120; then
    echo "SKIPPING kinesalite: it did not start"
    tail -5 "$WORK/kinesalite.log" || true
    KINESALITE=""
fi

for workload in $WORKLOADS; do
    case "$workload" in
        kinesis-put|kinesis-get) metric=records/s ;;
        *) metric=p50 ;;
    esac
    if [ "$workload" = kinesis-subscribe-latency ]; then
        # SubscribeToShard is HTTP/2: Overcast's Kinesis port directly (h2c); kinesalite does not serve it
        saved="$OVERCAST_ENDPOINT"; OVERCAST_ENDPOINT="http://127.0.0.1:$OVERCAST_KINESIS_PORT"
        compare_workload "" "" "$workload" 1 "$metric"
        OVERCAST_ENDPOINT="$saved"
    else
        compare_workload "${KINESALITE:+kinesalite}" "$KINESALITE" "$workload" "$THREADS" "$metric"
    fi
done
echo
printf '%s\n' "${SUMMARY[@]}"
