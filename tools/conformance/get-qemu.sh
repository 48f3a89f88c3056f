#!/bin/sh
# Fetch QEMU 10 (qemu-system-aarch64) from Debian bookworm-backports into
# tools/conformance/.qemu/ WITHOUT touching the system's apt configuration.
#
# Idempotent: does nothing if .qemu/usr/bin/qemu-system-aarch64 already runs
# and reports version 10.  Needs: apt-get, dpkg-deb, network to the Debian
# mirror.  Installs (as root, with the system's own apt configuration)
# Debian's qemu-system-arm 7.2 for its shared libraries, and
# binutils-aarch64-linux-gnu for assembling the payload, if missing.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DEST="$HERE/.qemu"
QEMU="$DEST/usr/bin/qemu-system-aarch64"

if [ -x "$QEMU" ] && "$QEMU" --version 2>/dev/null | grep -q 'version 10\.'; then
    echo "get-qemu: $("$QEMU" --version | head -1) already at $QEMU"
    exit 0
fi

# 1. System packages (their libraries and the cross assembler).
need=""
command -v aarch64-linux-gnu-as >/dev/null 2>&1 || need="$need binutils-aarch64-linux-gnu"
dpkg -s qemu-system-arm >/dev/null 2>&1 || need="$need qemu-system-arm"
if [ -n "$need" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "get-qemu: please install:$need (needs root)" >&2; exit 1
    fi
    if [ ! -f "$DEST/.apt-updated" ]; then apt-get update; mkdir -p "$DEST"; touch "$DEST/.apt-updated"; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y $need
fi

# 2. A private apt state that knows bookworm-backports on the same mirror as
#    the system's configured bookworm suite.
MIRROR=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '
      /^deb / && $3 ~ /^bookworm$/ { print $2; exit }
      /^URIs:/ { uri=$2 }
      /^Suites:/ { for (i=2;i<=NF;i++) if ($i=="bookworm") { print uri; exit } }
    ')
[ -n "$MIRROR" ] || MIRROR=http://deb.debian.org/debian
echo "get-qemu: mirror $MIRROR, suite bookworm-backports"

APT="$DEST/apt"
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$DEST/debs"
echo "deb $MIRROR bookworm-backports main" > "$APT/sources.list"
# The backports index alone is enough: the libraries come from the installed
# system; we only need the .debs that carry the QEMU 10 binary and its data.
APTOPTS="-o Dir::Etc::sourcelist=$APT/sources.list -o Dir::Etc::sourceparts=- \
 -o Dir::State::Lists=$APT/lists -o Dir::Cache=$APT/cache -o APT::Get::List-Cleanup=0 \
 -o Debug::NoLocking=1 -o APT::Sandbox::User=root"
# shellcheck disable=SC2086
apt-get $APTOPTS update

cd "$DEST/debs"
# shellcheck disable=SC2086
for pkg in qemu-system-arm qemu-system-data qemu-system-common; do
    if ! ls ${pkg}_*bpo12*.deb >/dev/null 2>&1; then
        ver=$(apt-cache $APTOPTS madison "$pkg" | awk '/bpo12/ {print $3; exit}')
        [ -n "$ver" ] || { echo "get-qemu: no bookworm-backports version of $pkg" >&2; exit 1; }
        apt-get $APTOPTS download "$pkg=$ver"
    fi
done
for deb in ./*.deb; do dpkg-deb -x "$deb" "$DEST"; done

if ! "$QEMU" --version >/dev/null 2>&1; then
    echo "get-qemu: $QEMU does not start; missing libraries:" >&2
    ldd "$QEMU" | grep 'not found' >&2 || true
    exit 1
fi
echo "get-qemu: $("$QEMU" --version | head -1) at $QEMU"
