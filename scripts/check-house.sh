#!/usr/bin/env bash
# The house rules the structure depends on, checked on every run:
# - no source file of the core, the command line or the app, and no
#   integration test file of the crates (tests/, with their support modules),
#   over 500 lines;
# - the architectural walker's files import nothing of KVM (KVM plugs in
#   through the Variant seam, crates/atwalk-core/src/walk/variant.rs);
# - no tracked file refers outside the repository.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
fail=0
while IFS= read -r f; do
    n=$(wc -l < "$f")
    if (( n > 500 )); then
        printf '    %s: %d lines (at most 500: split it along its seams)\n' "$f" "$n"
        fail=1
    fi
done < <(git ls-files 'src/*.rs' 'crates/*/src/*.rs' 'crates/*/tests/*.rs' 'crates/*/tests/*/*.rs')
walker=(crates/atwalk-core/src/walk crates/atwalk-core/src/stage1 crates/atwalk-core/src/stage2
        crates/atwalk-core/src/perms.rs crates/atwalk-core/src/attrs.rs crates/atwalk-core/src/at.rs
        crates/atwalk-core/src/op.rs)
if grep -rn 'crate::kvm' "${walker[@]}"; then
    printf '    the walker imports KVM (above): add a choice point to the Variant trait instead\n'
    fail=1
fi
bash scripts/check-self-contained.sh || fail=1
exit "$fail"
