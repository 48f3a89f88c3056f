#!/usr/bin/env bash
# scripts/run-app.sh: set up (scripts/setup.sh), then build the app and serve it with `trunk serve`,
# rebuilding on every change. Address and port: TRUNK_SERVE_ADDRESS (127.0.0.1) and
# TRUNK_SERVE_PORT (8080); other arguments go to trunk serve. Ctrl-C stops it.
set -euo pipefail

# shellcheck source=scripts/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
atwalk_setup
cd "$ATWALK_ROOT"

address="${TRUNK_SERVE_ADDRESS:-127.0.0.1}"
port="${TRUNK_SERVE_PORT:-8080}"
say "trunk serve --offline: building, then serving atwalk at http://$address:$port/ (Ctrl-C to stop)"
exec trunk serve --offline --address "$address" --port "$port" "$@"
