#!/usr/bin/env bash
# What a lifecycle sweep costs concurrent writes (issue 19's goal: at most 10 % slower while a sweep runs): s3-put-1k
# while another bucket holds LIFECYCLE_OBJECTS objects (default 100,000) and nothing is swept (A), and while a
# lifecycle rule expires all of them, started by a clock advance when the measured window starts (B), on one sandbox
# of this checkout (run with OVERCAST_ADMIN=true for the clock endpoint), in pairs of alternating order. Each run
# fills its bucket first (with 32 threads), so a pair takes some minutes. Prints each run (B's line carries sweep-s,
# the sweep's time from the advance until the bucket lists no object), the B/A ratio per pair, the medians and the
# server's CPU per put (here it includes the fill before each run, so read the rates, not that figure). Choose SECONDS_PER_RUN near the sweep's time: a window longer than the sweep also measures
# puts after it.
#
#   bench/ab-s3-lifecycle.sh [SECONDS_PER_RUN] [THREADS] [PAIRS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_settings 16 3 "$@"

build
OVERCAST_ADMIN=true start_sandbox
ab_same_sandbox s3-put-1k "no sweep" s3-put-1k-lifecycle-idle "during a sweep" s3-put-1k-lifecycle-sweep
