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
ab_same_sandbox s3-put-1k "without notifications" s3-put-1k "with notifications" s3-put-1k-notified
