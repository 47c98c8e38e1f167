#!/usr/bin/env bash
# What S3 event notifications cost a write: s3-put-1k into a bucket without notification configuration (A) and into
# one whose configuration sends every created object's event to a queue (B: an outbox row per put, in the put's
# transaction), on one sandbox of this checkout, measured in pairs of alternating order (A B, B A, …) with the same load generator.
# Prints each run, the B/A ratio per pair and the median ratio, and the server's CPU per put (the sandbox JVM and its
# PostgreSQL processes, from /proc): on a machine shared with other work, a steadier figure than the rate.
#
#   bench/ab-s3-notifications.sh [SECONDS_PER_RUN] [THREADS] [PAIRS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_settings 16 3 "$@"

build
start_sandbox

SANDBOX_PID="${PIDS[-1]}"
# CPU seconds used so far by the sandbox and every process below it (the embedded PostgreSQL and its backends)
server_cpu() {
    local pids=("$SANDBOX_PID") next=("$SANDBOX_PID") p children
    while [ ${#next[@]} -gt 0 ]; do
        children=()
        for p in "${next[@]}"; do children+=($(ps -o pid= --ppid "$p" 2>/dev/null || true)); done
        pids+=("${children[@]}"); next=("${children[@]}")
    done
    for p in "${pids[@]}"; do awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || true; done \
        | awk -v hz="$(getconf CLK_TCK)" '{ t += $1 } END { printf "%.2f", t / hz }'
}
measured() { # workload: runs it; prints the load generator's line and the server's CPU per operation (ms)
    local before after line ops
    before=$(server_cpu)
    line=$(run "$OVERCAST_ENDPOINT" "$1" "$THREADS")
    after=$(server_cpu)
    ops=$(sed -E 's|.* ops=([0-9]+).*|\1|' <<< "$line")
    # the warm-up's operations are not counted in ops: scale by the measured share of the run's time
    echo "$line"
    awk -v b="$before" -v a="$after" -v ops="$ops" -v s="$SECONDS_PER_RUN" -v w="${WARMUP_SECONDS:-30}" \
        'BEGIN { printf "measured server-cpu=%.3fms/op\n", (a - b) * 1000 * s / (s + w) / (ops > 0 ? ops : 1) }'
}

without_notifications() {
    out=$(measured s3-put-1k); echo "$out"
    a=$(head -1 <<< "$out" | value ops/s); plain+=("$a"); plain_cpu+=("$(tail -1 <<< "$out" | value server-cpu)")
}
with_notifications() {
    out=$(measured s3-put-1k-notified); echo "$out"
    b=$(head -1 <<< "$out" | value ops/s); notified+=("$b"); notified_cpu+=("$(tail -1 <<< "$out" | value server-cpu)")
}
ratios=() plain=() notified=() plain_cpu=() notified_cpu=()
for pair in $(seq 1 "$PAIRS"); do
    in_pair_order "$pair" without_notifications with_notifications
    ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')")
    echo "pair $pair: without notifications $a ops/s, with $b ops/s, ratio ${ratios[-1]}"
done
echo "== s3-put-1k: without notifications median $(printf '%s\n' "${plain[@]}" | median) ops/s, with notifications" \
    "median $(printf '%s\n' "${notified[@]}" | median) ops/s, with/without median ratio" \
    "$(printf '%s\n' "${ratios[@]}" | median) (pairs: ${ratios[*]}); server CPU per put: without" \
    "$(printf '%s\n' "${plain_cpu[@]}" | median) ms, with $(printf '%s\n' "${notified_cpu[@]}" | median) ms"
