#!/usr/bin/env bash
# Checks that the repository explains itself: no tracked file may refer to a file outside it.
# A tracked file may cite files inside the repository and public sources (the Arm ARM by its
# release, Linux and QEMU by commit or release, public repositories by URL), never a path on the
# machine it was written on or a document that only exists next to the repository.
#
# Usage: bash scripts/check-self-contained.sh   (from anywhere inside the repository)
# Exit status: 0 when no tracked text file matches; 1 listing every match as FILE:LINE:TEXT.
#
# The patterns (each has one letter in brackets, so that this script does not match itself):
#   the steering directory beside the repository (as a relative path, or by a document in it);
#   the names of documents that only exist outside the repository (the KVM emulation brief, the
#   house style); paths on a build machine (the work directory, a home directory, root's home).
# Not checked: /tmp/ (commands may name a scratch file, e.g. tools/conformance/README.md writes
# vectors there; that is an instruction, not a reference), /usr/ (system tools such as
# /usr/bin/chromium). Every tracked file is searched, binary files aside; nothing is excluded.
set -euo pipefail

cd "$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)"

patterns=(
  -e '\.\./share[d]'
  -e 'share[d]/(scenario-format|seeds|hooks)'
  -e 'kvm-at-emulatio[n]'
  -e 'house-styl[e]'
  -e '/wor[k]/'
  -e '/hom[e]/'
  -e '/roo[t]/'
)

if hits=$(git grep -n -I -E "${patterns[@]}"); then
  echo "check-self-contained: tracked files refer to files outside the repository:" >&2
  echo "$hits" >&2
  exit 1
fi
echo "check-self-contained: no tracked file refers outside the repository"
