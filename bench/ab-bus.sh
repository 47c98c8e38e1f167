#!/usr/bin/env bash
# What the event bus costs a write, and how soon an event reaches a consumer, in one run on one machine:
#  1. A/B on one sandbox (with its bus broker): ddb-put on a table without a stream (A: no stream record, no outbox row)
#     and ddb-put-stream on a table with one (B: the stream record and its outbox row in the item's transaction, the
#     relay publishing to Kafka beside), in pairs of alternating order (A B, B A, …), each run warmed up; prints each pair's B/A ratio and the
#     median ratio.
#  2. ddb-bus-latency: PutItem at BUS_RATE writes/s (default 1000) while a Kafka consumer reads the bus; p50/p90/p99
#     from a write's acknowledgement to its event at the consumer.
#
#   bench/ab-bus.sh [SECONDS_PER_RUN] [THREADS] [PAIRS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_settings 16 3 "$@"

build
start_sandbox   # with its bus broker (on a free port); the latency run finds it in the health report

streams_off() { line=$(run "$OVERCAST_ENDPOINT" ddb-put "$THREADS"); echo "$line"; a=$(value ops/s <<< "$line"); }
streams_on() { line=$(run "$OVERCAST_ENDPOINT" ddb-put-stream "$THREADS"); echo "$line"; b=$(value ops/s <<< "$line"); }
ratios=() offs=() ons=()
for pair in $(seq 1 "$PAIRS"); do
    in_pair_order "$pair" streams_off streams_on
    offs+=("$a"); ons+=("$b")
    ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')")
    echo "pair $pair: streams off $a ops/s, streams on (bus) $b ops/s, ratio ${ratios[-1]}"
done
SUMMARY+=("== ddb-put: streams off median $(printf '%s\n' "${offs[@]}" | median) ops/s, streams on (outbox + relay) median $(printf '%s\n' "${ons[@]}" | median) ops/s, on/off median ratio $(printf '%s\n' "${ratios[@]}" | median) (pairs: ${ratios[*]})")

line=$(run "$OVERCAST_ENDPOINT" ddb-bus-latency "${LATENCY_THREADS:-32}"); echo "$line"
SUMMARY+=("== commit -> consumer: $line")
echo
printf '%s\n' "${SUMMARY[@]}"
