#!/usr/bin/env bash
# Every module's tests, in two lanes side by side (what `./overcast test` runs without arguments).
#
# Why not `./mvnw -T 2 verify`: Maven's reactor starts a module only once every module it depends on has finished its
# whole build, tests included, and the modules' test dependencies form a chain (common -> s3 -> dynamodb -> kinesis ->
# flink -> sandbox -> deploy-test) that left one of the two cores idle for most of the run. Here everything is built and
# installed once without tests, then each module's `verify` runs on its own against the installed artifacts, longest
# first, two at a time, so the run takes about as long as the tests' CPU time divided by two.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source "$ROOT/scripts/jdk.sh"
LOGS="$ROOT/target/test-lanes"
rm -rf "$LOGS"
mkdir -p "$LOGS"

# The modules with tests, longest first (minutes on the CI machine, 2026-12-07); one job may name several modules that
# must run in order (deploy-test runs the jar the sandbox's build packages). A module missing here runs first.
JOBS=(kinesis-svc sandbox,deploy-test stream-processor-svc kafka-svc glue-svc dynamodb-svc s3-svc firehose-svc gateway)
FIRST=common  # alone before the lanes: short, and its run resolves the test runner's own artifacts once

listed() { local m="$1" j; for j in "${JOBS[@]}" "$FIRST"; do [[ ",$j," == *",$m,"* ]] && return 0; done; return 1; }
unlisted=()
for module in $(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' pom.xml); do
    if [ -d "$module/src/test/java" ] && ! listed "$module"; then
        unlisted+=("$module")
    fi
done

started=$(date +%s)
echo "Building and installing every module without tests..."
./mvnw -B -q -T 2 install -DskipTests

run_job() {  # one job: its modules' verify, against the installed artifacts; the log kept per job
    # (offline after the first job, which resolves what only a test run needs: the test runner's providers)
    local job="$1" log="$LOGS/${1//,/+}.log" t0=$SECONDS offline="${2:--o}"
    if ./mvnw -B $offline -pl "$job" verify >"$log" 2>&1; then
        echo "PASS $job ($((SECONDS - t0)) s)"
    else
        echo "FAIL $job ($((SECONDS - t0)) s): log $log"
        return 1
    fi
}
export -f run_job
export LOGS

status=0
run_job "$FIRST" --no-snapshot-updates | tee "$LOGS/summary" || status=1
printf '%s\n' "${unlisted[@]}" "${JOBS[@]}" | grep -v '^$' \
    | xargs -P 2 -I{} bash -c 'run_job "$@"' _ {} | tee -a "$LOGS/summary" || status=1
grep -q '^FAIL' "$LOGS/summary" && status=1

for log in "$LOGS"/*.log; do  # every module's test counts, then the failures' details
    grep -h -E '^\[(INFO|WARNING|ERROR)\] Tests run:.*(Time elapsed|$)' "$log" | grep -v 'Time elapsed' | tail -n 1 \
        | sed "s|^|$(basename "$log" .log): |" || true
done
if [ "$status" -ne 0 ]; then
    for job in $(sed -n 's/^FAIL \([^ ]*\) .*/\1/p' "$LOGS/summary"); do
        echo "===== $job: the end of its log ====="
        grep -E '^\[(ERROR|WARNING)\]' "$LOGS/${job//,/+}.log" | grep -v -E 'deprecat|Unsafe' | tail -n 60 || true
        tail -n 80 "$LOGS/${job//,/+}.log"
    done
fi
echo "Tests $([ "$status" -eq 0 ] && echo passed || echo FAILED) in $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s"
exit "$status"
