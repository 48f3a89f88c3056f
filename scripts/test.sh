#!/usr/bin/env bash
# scripts/test.sh: set up (scripts/setup.sh), then run every test of atwalk:
#   cargo fmt --check, clippy with -D warnings, cargo test --workspace, a wasm32 build of atwalk-core,
#   a release build of the app with Trunk, a second one under the sub-path /some/path/, and the
#   browser tests (tests/browser/*.test.mjs: playwright-core driving Debian's headless Chromium,
#   installed here by setup_chromium). Every step runs even when an earlier one fails; the
#   last line sums up, and the exit status is 1 if any step failed. CI runs this (.ci/run).
set -euo pipefail

# shellcheck source=scripts/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
atwalk_setup
cd "$ATWALK_ROOT"

passed=()
failed=()
# run_step NAME COMMAND...: run one step, time it and record the outcome.
run_step() {
    local name="$1" start=$SECONDS
    shift
    say "$name: $*"
    if "$@"; then
        passed+=("$name ($((SECONDS - start)) s)")
    else
        printf '    FAILED: %s (exit %s)\n' "$name" "$?"
        failed+=("$name")
    fi
}

# The gzip size of the built app, the number a lecture hall's network pays for.
dist_size() {
    local total=0 n=0 f
    while IFS= read -r -d '' f; do
        total=$((total + $(gzip -c "$f" | wc -c)))
        n=$((n + 1))
    done < <(find dist -type f -print0)
    printf '    dist/: %d files, %d bytes gzipped\n' "$n" "$total"
}

# The UI renders the core's trace and never re-implements a rule: no bit shifts of architectural
# values under src/ (house style). FieldInfo get/set is the only way the app touches bits.
ui_has_no_shifts() {
    if grep -rnE '[]A-Za-z0-9_)] (<<|>>)=? [A-Za-z0-9_(]' src/; then
        printf '    the app shifts bits itself (above): use the core (FieldInfo, the trace) instead\n'
        return 1
    fi
}

run_step fmt cargo fmt --all -- --check
run_step ui-no-rules ui_has_no_shifts
run_step house bash scripts/check-house.sh
run_step clippy cargo clippy --quiet --workspace --all-targets -- -D warnings
run_step test cargo test --quiet --workspace
run_step wasm32-core cargo build --quiet -p atwalk-core -p atwalk-teach --target wasm32-unknown-unknown
run_step app-release trunk build --release --offline
if [[ -d dist ]]; then dist_size; fi
run_step first-load node scripts/check-first-load.mjs dist
subpath_dist="$ATWALK_ROOT/target/atwalk-subpath-dist"
run_step app-subpath trunk build --release --offline --public-url /some/path/ --dist "$subpath_dist"
run_step chromium setup_chromium
run_step browser env ATWALK_SUBPATH_DIST="$subpath_dist" node --test tests/browser/

total=$((${#passed[@]} + ${#failed[@]}))
printf '\n'
for p in "${passed[@]}"; do printf '    ok: %s\n' "$p"; done
if ((${#failed[@]})); then
    printf 'atwalk tests: FAILED %d of %d steps: %s\n' "${#failed[@]}" "$total" "${failed[*]}"
    printf 'steps: %d passed, %d failed\n' "${#passed[@]}" "${#failed[@]}"
    exit 1
fi
printf 'atwalk tests: all %d steps passed in %d s\n' "$total" "$SECONDS"
printf 'steps: %d passed, %d failed\n' "${#passed[@]}" 0
