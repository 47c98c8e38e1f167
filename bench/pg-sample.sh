#!/usr/bin/env bash
# What a running sandbox's PostgreSQL is busy with: samples pg_stat_activity every 0.1 s for SECONDS (each active
# backend's type, wait event, or "cpu" when it waits on nothing, and the start of its query), and reads the CPU time of
# each PostgreSQL process from /proc at the start and the end; prints the most frequent samples and the processes that
# used most CPU over the window. Run it beside a load (a benchmark's run) to see which statement a workload pays for:
# a statement on "cpu" or on BufFileRead/BufFileWrite (a sort or hash spilling) in most samples is the one to look at.
#
#   bench/pg-sample.sh DATA_DIR [SECONDS]      # DATA_DIR: the sandbox's OVERCAST_DATA_DIR
set -euo pipefail
DATA_DIR="$(cd "${1:?usage: bench/pg-sample.sh DATA_DIR [SECONDS]}" && pwd)"
WINDOW="${2:-20}"
source "$(dirname "$0")/lib.sh"
PID_FILE="$DATA_DIR/postgres/postmaster.pid"
POSTMASTER=$(head -1 "$PID_FILE")
PORT=$(sed -n 4p "$PID_FILE")
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

ticks() { # "pid ticks" of the postmaster and its children
    local p
    for p in "$POSTMASTER" $(pgrep -P "$POSTMASTER"); do
        echo "$p $(proc_ticks "$p")"
    done
}

ticks > "$OUT/t0"
end=$((SECONDS + WINDOW))
while [ "$SECONDS" -lt "$end" ]; do
    psql -h 127.0.0.1 -p "$PORT" -U postgres -At -c "select backend_type || ' | ' || coalesce(wait_event_type || ':' || wait_event, 'cpu')
        || ' | ' || regexp_replace(left(query, 110), '\s+', ' ', 'g') from pg_stat_activity
        where state = 'active' and pid <> pg_backend_pid()" >> "$OUT/samples" 2>/dev/null || true
    sleep 0.1
done
ticks > "$OUT/t1"

echo "== samples of active backends over ${WINDOW} s (count | type | wait or cpu | query)"
sort "$OUT/samples" | uniq -c | sort -rn | head -15
echo "== PostgreSQL processes by CPU over the window (clock ticks of $(getconf CLK_TCK)/s | process)"
join <(sort "$OUT/t0") <(sort "$OUT/t1") | awk '{ d = $3 - $2; if (d > 0) print d, $1 }' | sort -rn | head -8 |
    while read -r d pid; do echo "$d | $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | cut -c1-90)"; done
