#!/usr/bin/env bash
# scripts/bench-wasm.sh: what running the walker as wasm costs, measured against native in one run.
#
#   bash scripts/bench-wasm.sh [--rounds N] [--batches N] [--batch-ms MS]   (defaults 5, 10, 20)
#
# The workload is `atwalk bench` itself (crates/atwalk-cli/src/bench.rs: evaluate() of a 4-level
# walk with and without its traces, stage 2 off and on, and its parts), the same code built as:
#   native   cargo build --release (opt-level 3), run directly;
#   shipped  wasm32-wasip1 as the app ships its wasm: profile wasm-release (opt-level "z"), then
#            wasm-opt -Oz (binaryen 132 from node_modules, as Trunk runs it);
#   core-s   the same but for the walker's crate, atwalk-core, at opt-level "s" (a profile
#            override, [profile.wasm-release.package.atwalk-core], that Cargo.toml does not have);
#   O3       profile release (opt-level 3), then wasm-opt -O3;
# each wasm in headless Chromium (the browser the app's tests use; a cross-origin isolated page,
# for 5 us timers) and in node, both V8, through the WASI shim of scripts/wasi-shim.mjs.
# scripts/bench-wasm.mjs runs them interleaved row by row (see there) and prints the table and the
# ratios. The app's wasm is the same Rust code for wasm32-unknown-unknown: the walker's code is the
# same, its allocator is Rust's dlmalloc there and wasi-libc's malloc here.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

command -v node >/dev/null || { echo "bench-wasm: node not found" >&2; exit 2; }
command -v wasm-opt >/dev/null || { echo "bench-wasm: wasm-opt not found: npm ci (scripts/setup.sh does)" >&2; exit 2; }
chromium="${CHROMIUM:-/usr/bin/chromium}"
[[ -x $chromium ]] || { echo "bench-wasm: $chromium not found: bash scripts/setup.sh --chromium" >&2; exit 2; }
if ! rustup target list --installed | grep -qx wasm32-wasip1; then
    echo "bench-wasm: rustup target add wasm32-wasip1" >&2
    rustup target add wasm32-wasip1
fi

target_dir="$(cargo metadata --format-version 1 --no-deps |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
echo "building atwalk: native --release; wasm32-wasip1 --profile wasm-release (and core at s), --release" >&2
cargo build --quiet --release --bin atwalk
cargo build --quiet --profile wasm-release --bin atwalk --target wasm32-wasip1
cargo build --quiet --profile wasm-release --config 'profile.wasm-release.package.atwalk-core.opt-level="s"' \
    --bin atwalk --target wasm32-wasip1 --target-dir "$target_dir/bench-wasm-core-s"
cargo build --quiet --release --bin atwalk --target wasm32-wasip1
work="$(mktemp -d -t atwalk-bench-wasm.XXXXXX)"
trap 'rm -rf "$work"' EXIT
wasm-opt -Oz "$target_dir/wasm32-wasip1/wasm-release/atwalk.wasm" --output="$work/shipped.wasm"
wasm-opt -Oz "$target_dir/bench-wasm-core-s/wasm32-wasip1/wasm-release/atwalk.wasm" --output="$work/core-s.wasm"
wasm-opt -O3 "$target_dir/wasm32-wasip1/release/atwalk.wasm" --output="$work/o3.wasm"

echo "engines: node $(node --version), $("$chromium" --version 2>/dev/null); $(wasm-opt --version)"
CHROMIUM="$chromium" node scripts/bench-wasm.mjs --native "$target_dir/release/atwalk" \
    --wasm "shipped=$work/shipped.wasm" --wasm "core-s=$work/core-s.wasm" --wasm "O3=$work/o3.wasm" "$@"
