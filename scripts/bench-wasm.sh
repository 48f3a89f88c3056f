#!/usr/bin/env bash
# scripts/bench-wasm.sh: what running the walker as wasm costs, measured against native in one run.
#
#   bash scripts/bench-wasm.sh [--rounds N] [atwalk bench ARGS...]   (default: --rounds 5 --batches 10)
#
# The workload is `atwalk bench` itself (crates/atwalk-cli/src/bench.rs: evaluate() of a 4-level
# walk with and without its traces, stage 2 off and on, and its parts), the same code built as:
#   native   cargo build --release (opt-level 3), run directly;
#   shipped  wasm32-wasip1 as the app ships its wasm: profile wasm-release (opt-level "z"), then
#            wasm-opt -Oz (binaryen 132 from node_modules, as Trunk runs it);
#   core-s   the same but for the walker's crate, atwalk-core, at opt-level "s" (a profile
#            override, [profile.wasm-release.package.atwalk-core], that Cargo.toml does not have);
#   O3       profile release (opt-level 3), then wasm-opt -O3;
# each wasm run in headless Chromium (the browser the app's tests use) and in node, both V8,
# through the WASI shim of scripts/wasi-run.mjs. All run in turn, --rounds times (default 5).
# For each row of `atwalk bench` the table gives the lowest over the rounds of its median ns per
# evaluation (the median of a run resists a disturbed batch, the lowest run a busy moment of a
# machine shared with other work), and wasm / native. The app's wasm is the same Rust code for wasm32-unknown-unknown: the walker's
# code is the same, its allocator is Rust's dlmalloc there and wasi-libc's malloc here.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

rounds=5
bench_args=()
while (($#)); do
    case "$1" in
    --rounds)
        rounds="${2:?--rounds needs a number}"
        shift 2
        ;;
    *)
        bench_args+=("$1")
        shift
        ;;
    esac
done

if ((${#bench_args[@]} == 0)); then bench_args=(--batches 10); fi
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

for ((r = 1; r <= rounds; r++)); do
    echo "round $r of $rounds: native; Chromium and node: shipped, core-s, O3" >&2
    "$target_dir/release/atwalk" bench "${bench_args[@]}" >"$work/native.$r.txt"
    for engine in chromium node; do
        flag=()
        if [[ $engine == chromium ]]; then flag=(--chromium); fi
        for build in shipped core-s o3; do
            CHROMIUM="$chromium" node scripts/wasi-run.mjs "${flag[@]}" "$work/$build.wasm" bench \
                "${bench_args[@]}" >"$work/$engine-$build.$r.txt"
        done
    done
done

python3 - "$work" "$rounds" "$(node --version)" "$("$chromium" --version 2>/dev/null || echo Chromium)" \
    "$(wasm-opt --version)" <<'PY'
import os, statistics, sys

work, rounds, node, chromium, wasm_opt = sys.argv[1:]
rounds = int(rounds)
BUILDS = ["shipped", "core-s", "o3"]
RUNS = ["native"] + ["%s/%s" % (e, b) for e in ("chromium", "node") for b in BUILDS]
NAMES = {"shipped": "shipped", "core-s": "core-s", "o3": "O3"}


def rows(path):
    """`atwalk bench`'s rows: (scenario, measured) -> (median ns, min ns); and its first line."""
    out = {}
    with open(path) as f:
        lines = f.read().splitlines()
    for line in lines[2:]:
        if len(line) > 61:
            cells = line.split()
            out[(line[:22].strip(), line[23:61].strip())] = (float(cells[-2]), float(cells[-1]))
    return out, lines[0]


runs = {k: [rows(os.path.join(work, "%s.%d.txt" % (k.replace("/", "-"), r))) for r in range(1, rounds + 1)]
        for k in RUNS}
keys = list(runs["native"][0][0])
low = {k: {key: min(r[0][key][0] for r in runs[k]) for key in keys} for k in RUNS}
mid = {k: {key: statistics.median(r[0][key][0] for r in runs[k]) for key in keys} for k in RUNS}
least = {k: {key: min(r[0][key][1] for r in runs[k]) for key in keys} for k in RUNS}
size = {b: os.path.getsize(os.path.join(work, b + ".wasm")) for b in BUILDS}

print("native:   %s" % runs["native"][0][1])
print("wasm:     wasm32-wasip1, %s: shipped = profile wasm-release (opt-level z) + wasm-opt -Oz, %d bytes;"
      % (wasm_opt, size["shipped"]))
print("          core-s = the same with atwalk-core at opt-level s, %d bytes; O3 = profile release (opt-level 3)"
      " + wasm-opt -O3, %d bytes" % (size["core-s"], size["o3"]))
print("engines:  %s (headless) and node %s, both V8, through scripts/wasi-run.mjs" % (chromium, node))
print("ns per evaluation: the lowest of %d rounds' medians; x = wasm / native" % rounds)
head = "%-58s %8s" % ("row", "native")
for k in RUNS[1:]:
    engine, build = k.split("/")
    head += " %15s" % ("%s %s" % ("Chromium" if engine == "chromium" else "node", NAMES[build]))
print(head)
for key in keys:
    n = low["native"][key]
    print("%-58s %8.1f" % ("%s: %s" % key, n)
          + "".join(" %8.1f %5.2fx" % (low[k][key], low[k][key] / n) for k in RUNS[1:]))

key = ("4-level, no stage 2", "evaluate(), trace: true")
if key in low["native"]:
    for label, t in (("lowest median", low), ("median of medians", mid), ("minimum", least)):
        n = t["native"][key]
        print("4-level walk, evaluate() with trace (%s): native %.1f ns; " % (label, n)
              + "; ".join("%s %s %.1f ns = %.2fx" % ("Chromium" if k.startswith("chromium") else "node",
                                                     NAMES[k.split("/")[1]], t[k][key], t[k][key] / n)
                          for k in RUNS[1:]))
PY
