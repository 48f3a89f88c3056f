//! v6.19's access flag swap and its address (docs/kvm-model.md,
//! "Releases"): before 0496acc42fb5 (CVE-2026-31553, fixed in v7.0)
//! __kvm_at_swap_desc() computed `(u64 __user *)hva + offset`, 8 x the
//! descriptor's offset into its 4 KiB page. Exact `par`, `path` and
//! `hw_par` on both sides: the model keeps the walk's answer (what KVM does
//! with a failed compare was not read), the trace says where the swap went
//! and what the compare found there.

mod kvm_support;
use kvm_support::*;

use KvmPath::Slow;
use KvmRelease::*;

/// The scenario of `tcr_ha_lets_the_slow_walk_set_the_access_flag_from_v6_19`
/// (kvm_releases_later.rs): TCR_EL1.HA=1, AF=0 in the level 3 entry of VA
/// (L3 + 8), the level 3 table missing from the shadow, so KVM walks.
fn ha_af_clear() -> Sc {
    Sc::example()
        .reg("TCR_EL1", TCR | (1 << 39))
        .word(L3 + 8, PAGE & !0x400)
        .shadow(&[L1, L2])
}

/// The `SwapWrongAddress` step's fields, as JSON, if the trace has one.
fn swap_step(q: &QueryResult) -> Option<serde_json::Value> {
    kvm_diffs(q).into_iter().find_map(|s| {
        let v = serde_json::to_value(s).unwrap();
        (v["what"]["diff"] == "SwapWrongAddress").then(|| v["what"].clone())
    })
}

/// The sentence of the `SwapWrongAddress` step.
fn swap_sentence(q: &QueryResult) -> String {
    kvm_diffs(q)
        .into_iter()
        .map(|s| s.sentence())
        .find(|t| t.contains("the swap goes to"))
        .unwrap_or_default()
}

#[test]
fn v6_19_swaps_at_8_times_the_offset_until_v7_0() {
    let s = ha_af_clear();
    // v6.18: no swap (HAFDBS hidden), the Access flag fault.
    check(&s.run_in("S1E1R", VA, V6_18), 0x817, Slow, HW_OK);
    // v6.19: the entry is at 0x40202008, offset 8 into its page, so the swap
    // goes to 0x40202000 + 64 = 0x40202040, which holds 0: the compare fails.
    let q = s.run_in("S1E1R", VA, V6_19);
    check(&q, KVM_OK, Slow, HW_OK);
    let v = swap_step(&q).expect("v6.19 records the swap address");
    assert_eq!(v["desc"], "0x0000000040202008", "{v}");
    assert_eq!(v["target"], "0x0000000040202040", "{v}");
    assert_eq!(v["found"], "0x0000000000000000", "{v}");
    assert_eq!(v["matches"], false, "{v}");
    let text = swap_sentence(&q);
    assert!(text.contains("is not the descriptor"), "{text}");
    assert!(text.contains("without writing PAR_EL1"), "{text}");
    // v7.0: the swap is at the descriptor; the same answer, no such step.
    let q = s.run_in("S1E1R", VA, V7_0);
    check(&q, KVM_OK, Slow, HW_OK);
    assert!(swap_step(&q).is_none());
    assert_eq!(diff_names(&q), ["AfSwap", "ParEncoding"]);
}

#[test]
fn v6_19_swap_finds_a_copy_of_the_descriptor() {
    // The same descriptor also at 0x40202040 (the level 3 entry of VA +
    // 8 pages): v6.19's compare succeeds there and writes AF = 1 over it.
    let s = ha_af_clear().word(L3 + 64, PAGE & !0x400);
    let q = s.run_in("S1E1R", VA, V6_19);
    check(&q, KVM_OK, Slow, HW_OK);
    let v = swap_step(&q).expect("v6.19 records the swap address");
    assert_eq!(v["target"], "0x0000000040202040", "{v}");
    assert_eq!(v["found"], "0x0000000040400343", "{v}");
    assert_eq!(v["matches"], true, "{v}");
    assert!(swap_sentence(&q).contains("the swap succeeds"));
    let q = s.run_in("S1E1R", VA, V7_0);
    check(&q, KVM_OK, Slow, HW_OK);
    assert!(swap_step(&q).is_none());
}

#[test]
fn an_entry_at_offset_0_is_swapped_in_place_in_every_release_that_swaps() {
    // VA 0x200234: level 3 index 0, the entry at 0x40202000, offset 0, so
    // hva + 8 x 0 is the descriptor: no difference between v6.19 and v7.0.
    let va = 0x0000_0000_0020_0234;
    let s = ha_af_clear().word(L3, PAGE & !0x400);
    check(&s.run_in("S1E1R", va, V6_18), 0x817, Slow, HW_OK);
    for r in [V6_19, V7_0] {
        let q = s.run_in("S1E1R", va, r);
        check(&q, KVM_OK, Slow, HW_OK);
        assert!(swap_step(&q).is_none(), "{r}");
        assert_eq!(diff_names(&q), ["AfSwap", "ParEncoding"], "{r}");
    }
}

#[test]
fn the_flag_is_set_from_v7_0_only() {
    for r in KvmRelease::ALL {
        assert_eq!(r.behaviour().swap_desc_addr_fixed, r >= V7_0, "{r}");
    }
}

// --- v6.19: the stage 2 write check before the swap -------------------------

/// The guest hypervisor's stage 2 of `guest_s2()` with its 1GB block
/// read-only (S2AP = 0b01): the tables can be read, not written.
fn read_only_s2() -> Sc {
    ha_af_clear()
        .guest_s2()
        .word(0x4800_0008, (S2_BLOCK_1G & !0xc0) | 0x40)
}

#[test]
fn a_read_only_stage_2_stops_the_swap_from_v6_19() {
    let s = read_only_s2();
    // v6.18: HAFDBS hidden, the Access flag fault at level 3 (0x817).
    let q = s.run_in("S1E1R", VA, V6_18);
    check(&q, 0x817, Slow, HW_OK);
    // v6.19 and v7.0: walk_s1() finds no S2AP write on the level 3 table's
    // page (stage 2 level 1) and reports ESR_ELx_FSC_PERM_L(3) with S=1,
    // PTW=1: FST 0b001111, PAR 0xb1f; no swap, so no swap address step.
    // The hardware's AT does not update the flag (R_XQSMX): as if AF = 1.
    for r in [V6_19, V7_0] {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, 0xb1f, Slow, HW_OK);
        assert_eq!(diff_names(&q), ["SwapS2NotWritable"], "{r}");
        let text: Vec<String> = kvm_diffs(&q).iter().map(|s| s.sentence()).collect();
        assert!(text[0].contains("stage 2 level 1"), "{text:?}");
        assert!(text[0].contains("stage 1 level 3"), "{text:?}");
    }
}

#[test]
fn a_writable_stage_2_lets_the_swap_through() {
    // The same walk under the read-write block: the swap is made.
    let s = ha_af_clear().guest_s2();
    check(&s.run_in("S1E1R", VA, V6_18), 0x817, Slow, HW_OK);
    for r in [V6_19, V7_0] {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, KVM_OK, Slow, HW_OK);
        assert!(diff_names(&q).contains(&"AfSwap".to_string()), "{r}");
        assert!(
            !diff_names(&q).contains(&"SwapS2NotWritable".to_string()),
            "{r}"
        );
    }
}

#[test]
fn with_af_set_a_read_only_stage_2_is_no_fault() {
    // AF = 1 already: no swap, no write, so no check (every release).
    let s = read_only_s2().word(L3 + 8, PAGE);
    for r in KvmRelease::ALL.into_iter().filter(|r| *r >= V6_16) {
        check(&s.run_in("S1E1R", VA, r), KVM_OK, Slow, HW_OK);
    }
    for r in KvmRelease::ALL {
        assert_eq!(r.behaviour().swap_checks_s2_write, r >= V6_19, "{r}");
    }
}

// --- v6.19: the stage 2 walk sets the stage 2 access flag -------------------

#[test]
fn vtcr_ha_lets_the_stage_2_walk_set_its_access_flag_from_v6_19() {
    // The guest hypervisor's 1GB stage 2 block with AF = 0 and
    // VTCR_EL2.HA = 1 (bit 21) on a PE with FEAT_HAFDBS; the level 3 table
    // missing from the shadow, so KVM walks in software.
    let s = Sc::example()
        .guest_s2()
        .reg("VTCR_EL2", 0x2_0059 | (1 << 21))
        .word(0x4800_0008, S2_BLOCK_1G & !0x400)
        .shadow(&[L1, L2]);
    // Before v6.19: a stage 2 Access flag fault on the walk of the level 1
    // table (stage 2 level 1, reported at stage 1 level 1): FST 0b001001,
    // S=1, PTW=1, PAR 0xb13. From v6.19 nested.c swaps in the AF at each
    // stage 2 walk (three table reads; atwalk does not write memory, so each
    // walk sees AF = 0 again where KVM's first swap would have set it) and
    // the translation succeeds. The hardware manages the AF itself.
    let (before, after) = split_at(V6_19);
    for r in before {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, 0xb13, Slow, HW_OK);
        assert_eq!(diff_names(&q), ["NoHardwareAf"], "{r}");
    }
    // v6.19's swap of the stage 2 entry at 0x48000008 (offset 8) goes to
    // 0x48000040 (CVE-2026-31553, also for swap_guest_s2_desc()); v7.0's
    // to the entry.
    for r in after {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, KVM_OK, Slow, HW_OK);
        let names: &[&str] = if r < V7_0 {
            &[
                "AfSwap",
                "SwapWrongAddress",
                "AfSwap",
                "SwapWrongAddress",
                "AfSwap",
                "SwapWrongAddress",
                "ParEncoding",
            ]
        } else {
            &["AfSwap", "AfSwap", "AfSwap", "ParEncoding"]
        };
        assert_eq!(diff_names(&q), names, "{r}");
        if r < V7_0 {
            let v = swap_step(&q).expect("the stage 2 swap address");
            assert_eq!(v["desc"], "0x0000000048000008", "{v}");
            assert_eq!(v["target"], "0x0000000048000040", "{v}");
        }
        assert!(r.behaviour().s2_walk_sets_af, "{r}");
    }
}
