#!/usr/bin/env bash
# What a bucket policy costs a read (issue 19's goal: at most 5 % slower): s3-get-1k from a bucket without a policy (A)
# and from one with a 20-statement policy (B: Allow and Deny statements with prefixes, other accounts and conditions,
# none of which refuses the benchmark's reads, so every statement is evaluated on every request), on one sandbox of
# this checkout, in pairs of alternating order. Prints each run, the B/A ratio per pair and the median ratio, and the
# server's CPU per GET (the sandbox JVM and its PostgreSQL processes, from /proc).
#
#   bench/ab-s3-policy.sh [SECONDS_PER_RUN] [THREADS] [PAIRS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_settings 16 3 "$@"

build
start_sandbox
ab_same_sandbox s3-get-1k "without a policy" s3-get-1k "with a 20-statement policy" s3-get-1k-policy
