#!/usr/bin/env bash
# A/B of two builds of Overcast on the S3 workloads: the sandbox of BASE_REV (any git revision, built in a scratch
# worktree) as A and this checkout's as B, both started here and measured in pairs of alternating order (A B, B A, …) with the same load
# generator, client and settings. Prints each run, the B/A ratio per pair and the median ratio: what a change costs
# or gains, measured in one run on one machine.
#
#   bench/ab-s3.sh BASE_REV [SECONDS_PER_RUN] [THREADS] [PAIRS]
#
# B_REV=<rev> measures that revision as B instead of this checkout (built the same way): e.g. a fix's commit against
# its parent, both of their time, so that nothing else that came since weighs in. WORKLOADS (default
# "s3-get-1k s3-put-get-256m") picks the workloads.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
BASE_REV="${1:?usage: bench/ab-s3.sh BASE_REV [SECONDS_PER_RUN] [THREADS] [PAIRS]}"
bench_settings 16 3 "${@:2}"

checkout_base "$BASE_REV" sandbox
build
B_JAR=sandbox/target/sandbox.jar
if [ -n "${B_REV:-}" ]; then
    checkout_base "$B_REV" sandbox b
    B_JAR="$WORK/b/sandbox/target/sandbox.jar"
fi

start_sandbox "$WORK/base/sandbox/target/sandbox.jar" base
BASE_ENDPOINT="$OVERCAST_ENDPOINT"
start_sandbox "$B_JAR"

for workload in ${WORKLOADS:-s3-get-1k s3-put-get-256m}; do
    case "$workload" in
        s3-put-get-256m) compare_workload "$BASE_REV" "$BASE_ENDPOINT" "$workload" 1 MB/s ;;
        *) compare_workload "$BASE_REV" "$BASE_ENDPOINT" "$workload" "$THREADS" ops/s ;;
    esac
done
echo
printf '%s\n' "${SUMMARY[@]}"
