#!/usr/bin/env bash
# scripts/setup.sh: install what building and testing atwalk needs, each step skipped when it is
# already there at the right version, so running it again costs a few seconds.
#
#   bash scripts/setup.sh              the wasm32 target, rustfmt and clippy, trunk, wasm-bindgen-cli,
#                                      the npm tools (wasm-opt, playwright-core), the crates Cargo.lock names
#   bash scripts/setup.sh --chromium   the same, plus Debian's chromium and chromium-driver
#
# scripts/run-app.sh and scripts/test.sh source this file and call atwalk_setup; sourcing it runs
# nothing by itself. Assumes Debian 12 with Rust from rustup, node and npm; the registries crates.io,
# npm and Debian's mirrors must be reachable the first time.
#
# The versions are facts of the toolchain, see README.md "Set-up facts":
#   trunk 0.21.14            the newest trunk that installs on rustc 1.95 (0.22 does not);
#   wasm-bindgen-cli         exactly the wasm-bindgen crate's version in Cargo.lock, installed without
#                            --locked (its own lockfile pins a crate the registry lacks);
#   wasm-opt                 npm's binaryen (package.json), as Debian's binaryen is too old;
#                            node_modules/.bin goes first on PATH. Trunk runs with --offline, always,
#                            so it never downloads a tool of its own.

set -euo pipefail

ATWALK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ATWALK_TRUNK_VERSION="0.21.14"
ATWALK_WASM_TARGET="wasm32-unknown-unknown"
ATWALK_CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"

say() { printf '==> %s\n' "$*"; }
skip() { printf '    ok: %s\n' "$*"; }
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# PATH: npm's tools first (wasm-opt), then cargo's (trunk, wasm-bindgen), then the rest.
atwalk_path() {
    case ":$PATH:" in
    *":$ATWALK_ROOT/node_modules/.bin:$ATWALK_CARGO_BIN:"*) ;;
    *) export PATH="$ATWALK_ROOT/node_modules/.bin:$ATWALK_CARGO_BIN:$PATH" ;;
    esac
}

# The version a tool prints as the second word of `tool --version` ("trunk 0.21.14"), or nothing.
tool_version() {
    command -v "$1" >/dev/null 2>&1 || return 0
    "$1" --version 2>/dev/null | awk 'NR == 1 { print $2 }'
}

setup_rust() {
    command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust with rustup first"
    if rustup target list --installed 2>/dev/null | grep -qx "$ATWALK_WASM_TARGET"; then
        skip "rust target $ATWALK_WASM_TARGET"
    else
        say "rustup target add $ATWALK_WASM_TARGET"
        rustup target add "$ATWALK_WASM_TARGET"
    fi
    local component
    for component in rustfmt clippy; do
        if rustup component list --installed 2>/dev/null | grep -q "^$component"; then
            skip "rust component $component"
        else
            say "rustup component add $component"
            rustup component add "$component"
        fi
    done
}

setup_trunk() {
    local have
    have="$(tool_version trunk)"
    if [[ "$have" == "$ATWALK_TRUNK_VERSION" ]]; then
        skip "trunk $have"
        return
    fi
    say "cargo install --locked trunk@$ATWALK_TRUNK_VERSION (found: ${have:-none}; about 7 minutes on 2 cores)"
    local start=$SECONDS
    cargo install --quiet --locked --force "trunk@$ATWALK_TRUNK_VERSION"
    say "trunk installed in $((SECONDS - start)) s"
}

# "version_132" from "wasm-opt version 132 (version_132)", as Trunk's [tools] wasm_opt names it.
wasm_opt_version() {
    command -v wasm-opt >/dev/null 2>&1 || return 0
    wasm-opt --version 2>/dev/null | sed -n 's/.*(\(version_[0-9]*\)).*/\1/p'
}

# The version of the wasm-bindgen crate in Cargo.lock (the crate, not wasm-bindgen-macro and co.).
wasm_bindgen_lock_version() {
    awk '
        /^\[\[package\]\]/ { name = "" }
        /^name = "wasm-bindgen"$/ { name = "wasm-bindgen" }
        name == "wasm-bindgen" && /^version = / { gsub(/"/, "", $3); print $3; name = "" }
    ' "$ATWALK_ROOT/Cargo.lock"
}

setup_wasm_bindgen() {
    if [[ ! -f "$ATWALK_ROOT/Cargo.lock" ]]; then
        say "no Cargo.lock: resolving the workspace"
        (cd "$ATWALK_ROOT" && cargo metadata --format-version 1 >/dev/null)
    fi
    local want have count
    want="$(wasm_bindgen_lock_version)"
    count="$(printf '%s\n' "$want" | grep -c . || true)"
    [[ "$count" == 1 ]] || die "expected one wasm-bindgen version in Cargo.lock, found $count: ${want//$'\n'/ }"
    have="$(tool_version wasm-bindgen)"
    if [[ "$have" == "$want" ]]; then
        skip "wasm-bindgen $have (as in Cargo.lock)"
        return
    fi
    # Not --locked: wasm-bindgen-cli's own lockfile pins a crate version the registry no longer has.
    say "cargo install wasm-bindgen-cli@$want (found: ${have:-none}; a few minutes)"
    local start=$SECONDS
    cargo install --quiet --force "wasm-bindgen-cli@$want"
    say "wasm-bindgen-cli installed in $((SECONDS - start)) s"
}

setup_node_tools() {
    command -v npm >/dev/null 2>&1 || die "npm not found: install node and npm first"
    local stamp="$ATWALK_ROOT/node_modules/.atwalk-setup-stamp" want
    want="$(cat "$ATWALK_ROOT/package.json" "$ATWALK_ROOT/package-lock.json" | sha256sum | cut -d' ' -f1)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$ATWALK_ROOT/node_modules/.bin/wasm-opt" ]]; then
        skip "node_modules as package-lock.json says ($(wasm_opt_version))"
        return
    fi
    say "npm ci (binaryen for wasm-opt, playwright-core)"
    (cd "$ATWALK_ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    printf '%s\n' "$want" >"$stamp"
}

# Every crate Cargo.lock names, for all targets: `trunk --offline` passes --offline to cargo.
setup_crates() {
    say "cargo fetch"
    (cd "$ATWALK_ROOT" && cargo fetch --quiet)
}

# Debian's Chromium and ChromeDriver (/usr/bin/chromium, /usr/bin/chromedriver) for browser tests.
# Never `npx playwright install`: playwright-core drives /usr/bin/chromium via executablePath.
setup_chromium() {
    if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
        skip "$(chromium --version 2>/dev/null | head -n1)"
        return
    fi
    local sudo=""
    [[ "$(id -u)" == 0 ]] || sudo="sudo"
    say "apt-get install chromium chromium-driver"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
}

# atwalk_setup [--chromium]: everything the app build and the tests need; PATH set for trunk.
atwalk_setup() {
    local chromium=0 arg
    for arg in "$@"; do
        case "$arg" in
        --chromium) chromium=1 ;;
        -h | --help)
            sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            return 0
            ;;
        *) die "unknown option: $arg" ;;
        esac
    done
    atwalk_path
    # One set-up at a time: two cargo installs of the same tool would trip over each other.
    local lock_fd
    if command -v flock >/dev/null 2>&1; then
        exec {lock_fd}>"${TMPDIR:-/tmp}/atwalk-setup-$(id -u).lock"
        flock "$lock_fd"
    fi
    say "set-up in $ATWALK_ROOT"
    setup_rust
    setup_trunk
    setup_wasm_bindgen
    setup_node_tools
    setup_crates
    if ((chromium)); then setup_chromium; fi
    if [[ -n "${lock_fd:-}" ]]; then exec {lock_fd}>&-; fi
    say "set-up done: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(wasm_opt_version)"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    atwalk_setup "$@"
fi
