//! KVM after v6.17 (docs/kvm-model.md, "Releases"): exact `par`, `path`
//! and `hw_par` on both sides of each change, v6.18 (set-up faults at the
//! start level), v6.19 (the walk sets the access flag), v7.0 (nested.c's
//! stage 2 walk reports its faults), and the fast path's PSTATE.PAN in
//! every release. PARs in hex: F=bit 0, FST=[6:1], PTW=8, S=9, bit 11 RES1.

mod kvm_support;
use kvm_support::*;

use KvmPath::{Fast, Slow};
use KvmRelease::*;

/// The hardware's abort, as `(dfsc, level)` (panics on a PAR).
fn hw_abort(q: &QueryResult) -> (u8, i8) {
    match q.hw {
        AtOutcome::Abort { dfsc, fault } => (dfsc, fault.level),
        other => panic!("hardware gave {other:?}"),
    }
}

// --- v6.18: set-up faults at the start level ------------------------------

#[test]
fn epd_fault_is_reported_at_the_start_level_from_v6_18() {
    // EPD0=1: a Translation fault of setup_s1_walk(). T0SZ=25 with 4KB:
    // wi->sl = 3 - (38 - 12) / 9 = 1, so from v6.18 FST 0b000101 (0x80b);
    // before, level 0 (0x809), as the architecture.
    let s = Sc::example().reg("TCR_EL1", TCR | 0x80);
    let (before, after) = split_at(V6_18);
    for r in before {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, 0x809, Slow, 0x809);
        assert!(diff_names(&q).is_empty(), "{r}");
    }
    for r in after {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, 0x80b, Slow, 0x809);
        assert_eq!(diff_names(&q), ["SetupFaultAtStartLevel"], "{r}");
    }
}

#[test]
fn t0sz_8_reports_level_minus_1_from_v6_18() {
    // T0SZ=8 is below the smallest TxSZ (16): a Translation fault. From
    // v6.18 wi->sl is computed from that very T0SZ, 3 - (55 - 12) / 9 = -1,
    // and ESR_ELx_FSC_FAULT_L(-1) is 0b101011: PAR 0x857.
    let s = Sc::example().reg("TCR_EL1", (TCR & !0x3f) | 8);
    let (before, after) = split_at(V6_18);
    for r in before {
        check(&s.run_in("S1E1R", VA, r), 0x809, Slow, 0x809);
    }
    for r in after {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, 0x857, Slow, 0x809);
        assert_eq!(diff_names(&q), ["SetupFaultAtStartLevel"], "{r}");
    }
}

#[test]
fn address_size_faults_of_the_set_up_stay_at_level_0() {
    // A non-canonical VA (TBI0=0): setup_s1_walk()'s addrsz label, level 0
    // in every release (0x801); the hardware's level 0 Translation fault.
    for r in KvmRelease::ALL {
        check(
            &Sc::example().run_in("S1E1R", 0x0100_0000_0020_1234, r),
            0x801,
            Slow,
            0x809,
        );
    }
}

// --- v6.19: the software walk sets the access flag ------------------------

#[test]
fn tcr_ha_lets_the_slow_walk_set_the_access_flag_from_v6_19() {
    // TCR_EL1.HA=1 on a PE with FEAT_HAFDBS, AF=0 at level 3, the level 3
    // table missing from the shadow: the hardware AT faults on stage 2, so
    // KVM walks in software. Before v6.19 FEAT_HAFDBS is hidden from the
    // VM: Access flag fault (0x817) from v6.16 (before, walk_s1() has no
    // AF check at all: kvm_releases.rs); from v6.19 walk_s1() swaps in
    // AF=1 and the translation succeeds (KVM's PAR: NS=0).
    let s = Sc::example()
        .reg("TCR_EL1", TCR | (1 << 39))
        .word(L3 + 8, PAGE & !0x400)
        .shadow(&[L1, L2]);
    let (before, after) = split_at(V6_19);
    for r in before.into_iter().filter(|r| *r >= V6_16) {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, 0x817, Slow, HW_OK);
        assert_eq!(diff_names(&q), ["NoHardwareAf"], "{r}");
    }
    for r in after {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, KVM_OK, Slow, HW_OK);
        // v6.19's swap goes to 8 x the offset (CVE-2026-31553, fixed in
        // v7.0): its own step, kvm_releases_swap.rs.
        let names: &[&str] = if r < V7_0 {
            &["AfSwap", "SwapWrongAddress", "ParEncoding"]
        } else {
            &["AfSwap", "ParEncoding"]
        };
        assert_eq!(diff_names(&q), names, "{r}");
        // The write KVM makes is the step: the descriptor, old and new.
        let text: Vec<String> = kvm_diffs(&q).iter().map(|s| s.sentence()).collect();
        assert!(text[0].contains("0x0000000040400343"), "{text:?}");
        assert!(text[0].contains("0x0000000040400743"), "{text:?}");
    }
}

#[test]
fn without_tcr_ha_every_release_faults_on_af_clear() {
    let s = Sc::example().word(L3 + 8, PAGE & !0x400).shadow(&[L1, L2]);
    for r in split_at(V6_16).1 {
        check(&s.run_in("S1E1R", VA, r), 0x817, Slow, 0x817);
    }
}

// --- v7.0: nested.c reports its faults -------------------------------------

#[test]
fn failed_stage2_descriptor_read_is_an_external_abort_from_v7_0() {
    // VTTBR_EL2 at 0x70000000, where there is no RAM: nested.c's read of
    // the stage 2 level 1 entry fails. Before v7.0 it returns an error with
    // no status, which at.c reports as an Address size fault at the stage 1
    // level 1 (0xb03); from v7.0 ESR_ELx_FSC_SEA_TTW(level): FST 0b010101,
    // S=1, PTW=1 (0xb2b). The hardware takes a Data Abort (DFSC 0x15).
    let s = Sc::example()
        .guest_s2()
        .reg("VTTBR_EL2", 0x7000_0000)
        .ram(0x4000_0000, 0x1000_0000);
    let (before, after) = split_at(V7_0);
    for r in before {
        let q = s.run_in("S1E1R", VA, r);
        assert_eq!(
            (q.par.0, q.path, hw_abort(&q)),
            (0xb03, Slow, (0x15, 1)),
            "{r}"
        );
        assert_eq!(diff_names(&q), ["S2NoStatus"], "{r}");
    }
    for r in after {
        let q = s.run_in("S1E1R", VA, r);
        assert_eq!(
            (q.par.0, q.path, hw_abort(&q)),
            (0xb2b, Slow, (0x15, 1)),
            "{r}"
        );
        assert_eq!(diff_names(&q), ["AbortInPar"], "{r}");
    }
}

#[test]
fn bad_stage2_start_level_is_a_translation_fault_from_v7_0() {
    // VTCR_EL2.SL0=2 with 4KB and T0SZ=25: start level 0, which
    // check_base_s2_limits() rejects. Before v7.0: no status, an Address
    // size fault at the stage 1 level (0xb03); from v7.0 a level 0
    // Translation fault, which at.c moves to the stage 1 level 1 (0xb0b).
    // The hardware: stage 2 level 0 Translation fault (0xb09).
    let s = Sc::example().guest_s2().reg("VTCR_EL2", 0x2_0099);
    let (before, after) = split_at(V7_0);
    for r in before {
        check(&s.run_in("S1E1R", VA, r), 0xb03, Slow, 0xb09);
    }
    for r in after {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, 0xb0b, Slow, 0xb09);
        assert_eq!(diff_names(&q), ["S2FaultAtS1Level"], "{r}");
    }
}

#[test]
fn stage2_limits_follow_the_guests_pa_size_from_v7_0() {
    // A 36-bit PE with the 39-bit stage 2 input (T0SZ=25): before v7.0
    // check_base_s2_limits() compares the input size with itself and the
    // walk succeeds; from v7.0 the input size above kvm_get_pa_bits()
    // fails: Translation fault at the stage 1 level (0xb0b). The
    // hardware faults at stage 2 level 0 (0xb09).
    let s = Sc::example().guest_s2().pa_bits(36);
    let (before, after) = split_at(V7_0);
    for r in before {
        check(&s.run_in("S1E1R", VA, r), KVM_OK, Slow, 0xb09);
    }
    for r in after {
        check(&s.run_in("S1E1R", VA, r), 0xb0b, Slow, 0xb09);
    }
}

// --- Unchanged: the fast path's PSTATE.PAN ---------------------------------

#[test]
fn fast_path_runs_s1e1rp_with_pan_clear_in_every_release() {
    // at_s1e1p_fast() writes *vcpu_cpsr(vcpu) & PSTATE_PAN (0x80, not bit
    // 22) to PSTATE.PAN: read in the v6.12-era copy, in v6.17's (at.c @
    // a508d5afb708) and in the newest stored copy (klarasm/linux @
    // 9aa89dec8507, after v7.0); the releases between are taken to have
    // it too (the function is the same at both ends). PSTATE.PAN=1 and an
    // EL0-accessible page: the hardware would give a level 3 Permission
    // fault (0x81f); KVM's fast path succeeds.
    let s = Sc::example().pan(true);
    for r in KvmRelease::ALL {
        check(&s.run_in("S1E1RP", VA, r), HW_OK, Fast, 0x81f);
    }
    let v1 = s.run_with("S1E1RP", VA, KvmLogic::V1, FastPathPan::AsMerged);
    assert_eq!(v1.par.0, 0x81f, "v1 emulates PAN with EL0 ATs");
}

#[test]
fn v6_17_keeps_its_answers() {
    // The model atwalk had first: a v6.17 run is the default run of the
    // tests (kvm_support::Sc::run) and the golden corpus's merged run.
    let s = Sc::example().word(L3 + 8, PAGE & !0x400);
    let q = s.run("S1E1R", VA);
    check(&q, 0x817, Fast, 0x817);
    assert_eq!(KvmRelease::LATEST, V7_0);
    assert_ne!(
        s.run_in("S1E1R", VA, V6_12).par,
        q.par,
        "the AF fault goes slow before v6.16"
    );
}
