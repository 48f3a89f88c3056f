#!/usr/bin/env bash
# fuzz/run.sh [WALK_RUNS] [JSON_RUNS]: fuzz the walker with cargo fuzz (libFuzzer, nightly).
#
#   walk           structured input: registers, features, RAM, queries and a memory image of
#                  arbitrary words at addresses derived from the table bases (fuzz_targets/walk.rs)
#   scenario_json  arbitrary bytes through Scenario::from_json and evaluate (seeded with the
#                  conformance vectors, tests/conformance/vectors-*.jsonl)
#
# Each target runs JOBS processes (default: nproc) sharing one corpus (fuzz/corpus/TARGET),
# WALK_RUNS (default 10,000,000) and JSON_RUNS (default 2,000,000) executions in total, split
# evenly, with debug assertions (so integer overflow panics) and a 10 s hang timeout. Logs go
# to fuzz/target/logs/TARGET-N.log; the last lines sum up the executions and the wall time.
# A crash or hang leaves its input in fuzz/artifacts/TARGET/ and makes this script exit 1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

walk_runs=${1:-10000000}
json_runs=${2:-2000000}
jobs=${JOBS:-$(nproc)}

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
cargo +nightly fuzz build --debug-assertions

mkdir -p target/logs corpus/scenario_json corpus/walk
# Seed the JSON target with real scenarios, one file per conformance vector.
if [ -z "$(ls -A corpus/scenario_json)" ]; then
    for f in ../tests/conformance/vectors-*.jsonl; do
        [ -e "$f" ] || continue
        split -l 1 -a 5 "$f" "corpus/scenario_json/$(basename "$f" .jsonl)-"
    done
fi

status=0
# run_target TARGET RUNS: JOBS workers of cargo fuzz run, RUNS executions in total.
run_target() {
    local target=$1 runs=$2 start=$SECONDS pids=() i
    local per=$(((runs + jobs - 1) / jobs))
    for ((i = 0; i < jobs; i++)); do
        cargo +nightly fuzz run --debug-assertions "$target" -- \
            -runs="$per" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            >"target/logs/$target-$i.log" 2>&1 &
        pids+=($!)
    done
    for i in "${!pids[@]}"; do
        if ! wait "${pids[$i]}"; then
            echo "$target: worker $i FAILED, see fuzz/target/logs/$target-$i.log and fuzz/artifacts/$target/"
            status=1
        fi
    done
    local total
    total=$(cat target/logs/"$target"-*.log | sed -n 's/^Done \([0-9]*\) runs.*/\1/p' |
        awk '{ s += $1 } END { print s + 0 }')
    echo "$target: $total executions by $jobs workers in $((SECONDS - start)) s wall time"
    grep -h '^walk stats' target/logs/"$target"-*.log | tail -n "$jobs" || true
}

run_target walk "$walk_runs"
run_target scenario_json "$json_runs"
exit "$status"
