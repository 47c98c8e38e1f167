#!/usr/bin/env bash
# A/B of two builds of Overcast on the S3 workloads: the sandbox of BASE_REV (any git revision, built in a scratch
# worktree) as A and this checkout's as B, both started here and measured alternately (A B A B …) with the same load
# generator, client and settings. Prints each run, the B/A ratio per pair and the median ratio: what a change costs
# or gains, measured in one run on one machine.
#
#   bench/ab-s3.sh BASE_REV [SECONDS_PER_RUN] [THREADS] [PAIRS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
BASE_REV="${1:?usage: bench/ab-s3.sh BASE_REV [SECONDS_PER_RUN] [THREADS] [PAIRS]}"
bench_settings 16 3 "${@:2}"

checkout_base "$BASE_REV" sandbox
build

start_sandbox "$WORK/base/sandbox/target/sandbox.jar" base
BASE_ENDPOINT="$OVERCAST_ENDPOINT"
start_sandbox

compare_workload "$BASE_REV" "$BASE_ENDPOINT" s3-get-1k "$THREADS" ops/s
compare_workload "$BASE_REV" "$BASE_ENDPOINT" s3-put-get-256m 1 MB/s
echo
printf '%s\n' "${SUMMARY[@]}"
