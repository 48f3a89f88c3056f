//! `atwalk compare`'s release matrix, exact output: a 4KB level 0 block
//! with TCR_EL1.DS = 1 (tests/data/ds-level0-block.json, no shadow stage 2)
//! splits the modelled releases in three: v6.12..v6.15 (a level 0
//! Translation fault with PAR.PTW set, 0x909), v6.16 and v6.17 (the same
//! fault without PTW, 0x809; their walk parts from v6.18's where KVM reads
//! the 48-bit format) and v6.18..v7.0 (the block translates; PAR with
//! NS = 0 and SH from TCR_EL1.SH0). v1 walks with v6.17's walk.

use std::path::Path;
use std::process::Command;

#[test]
fn release_matrix_groups_releases_by_behaviour() {
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ds-level0-block.json");
    let o = Command::new(env!("CARGO_BIN_EXE_atwalk"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["compare", "tests/data/ds-level0-block.json"])
        .output()
        .expect("runs");
    assert!(f.exists());
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    let expected = concat!(
        r#"{"format":"at-compare/1","file":"tests/data/ds-level0-block.json","results":[{"op":"S1E1R","va":"0x0000000000201234","#,
        r#""merged":{"par":"0xff00000000201980","path":"slow","slow_walks":1,"hw_ats":0},"#,
        r#""v1":{"par":"0x0000000000000809","path":"slow","slow_walks":1,"hw_ats":0},"same_par":false,"releases":["#,
        r#"{"releases":["v6.12","v6.13","v6.14","v6.15"],"par":"0x0000000000000909","path":"slow","#,
        r#""parts_at":"step 5: __kvm_at_s1e01(): `!par_check_s1_perm_fault(par): not (FST a Permission fault && PAR.S == 0); an Access flag fault is not kept before v6.16` is true: par = handle_at_slow(vcpu, op, vaddr)."},"#,
        r#"{"releases":["v6.16","v6.17"],"par":"0x0000000000000809","path":"slow","#,
        r#""parts_at":"step 9, walk step 8: KVM differs: TCR_EL1.DS = 1 is in effect, but KVM reads descriptors and TTBRs in the 48-bit format: no OA[51:48], blocks at 4KB level 0 and 16KB level 1 rejected, desc[9:8] read as SH. [KVM: setup_s1_walk() in at.c; architecture: R_QQQSJ, AArch64.PhysicalAddressSize().]"},"#,
        r#"{"releases":["v6.18","v6.19","v7.0"],"par":"0xff00000000201980","path":"slow","parts_at":null}]}]}"#,
        "\n",
        r#"{"format":"at-compare/1","total":{"files":1,"queries":1,"merged":{"slow_walks":1,"fast":0,"slow":1},"v1":{"slow_walks":1,"fast":0,"slow":1},"par_differs":1}}"#,
        "\n",
    );
    assert_eq!(out, expected);
}
