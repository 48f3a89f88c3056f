//! PSTATE.PAN with AT S1E1RP under both fast-path PAN models and both
//! decision logics, the reviewer's finding (v1's redundant software walk),
//! and where v1's final PAR differs from the merged logic's.

mod kvm_support;
use kvm_support::*;

use FastPathPan::{AsMerged, Intended};
use KvmLogic::{Merged, V1};
use KvmPath::{Fast, Slow};

/// AP=0b00: EL1 RW, no EL0 access; UXN=0 (EL0-executable).
const PAGE_EL1_ONLY: u64 = PAGE & !0xc0;

fn compare_step(r: &QueryResult) -> Option<(u64, KvmPath, bool)> {
    r.kvm_trace.steps.iter().find_map(|k| match k {
        KvmStep::Compare {
            par, path, differs, ..
        } => Some((par.0, *path, *differs)),
        _ => None,
    })
}

#[test]
fn pan_s1e1rp_on_an_el0_accessible_page() {
    let s = Sc::example().pan(true);
    // The hardware: Permission fault level 3 (R_XTSQH), 0x81f.
    // Merged, as at 0090c0a247cd: the CPU runs AT S1E1RP with PSTATE.PAN=0
    // (PSTATE_PAN is 0x80), succeeds, and KVM keeps the success.
    let r = s.run_with("S1E1RP", VA, Merged, AsMerged);
    check(&r, HW_OK, Fast, 0x81f);
    assert!(r.kvm_trace.steps.iter().any(|k| matches!(
        k,
        KvmStep::Model {
            fast_path_pan: AsMerged,
            guest_pan: true,
            hw_pan: false
        }
    )));
    // Merged as intended: the CPU applies PAN; the fault stands (fast).
    check(
        &s.run_with("S1E1RP", VA, Merged, Intended),
        0x81f,
        Fast,
        0x81f,
    );
    // v1: S1E1R succeeds, PAN is set, check_at_pan()'s S1E0R succeeds, so
    // the slow walk gives the fault with its level, under either model.
    for pan in [AsMerged, Intended] {
        let r = s.run_with("S1E1RP", VA, V1, pan);
        check(&r, 0x81f, Slow, 0x81f);
        assert_eq!((r.slow_walks, r.hw_ats), (1, 2));
    }
    // v1 differs from the as-merged logic here, and says so.
    let r = s.run_with("S1E1RP", VA, V1, AsMerged);
    assert_eq!(compare_step(&r), Some((HW_OK, Fast, true)));
    let r = s.run_with("S1E1RP", VA, V1, Intended);
    assert_eq!(compare_step(&r), Some((0x81f, Fast, false)));
}

#[test]
fn pan_s1e1rp_on_a_page_el0_cannot_access() {
    let s = Sc::example().pan(true).word(L3 + 8, PAGE_EL1_ONLY);
    for pan in [AsMerged, Intended] {
        let r = s.run_with("S1E1RP", VA, Merged, pan);
        check(&r, HW_OK, Fast, HW_OK);
        // v1: S1E0R and S1E0W both take Permission faults: PAN does not
        // apply and PAR_EL1 keeps the S1E1R success; no software walk.
        let r = s.run_with("S1E1RP", VA, V1, pan);
        check(&r, HW_OK, Fast, HW_OK);
        assert_eq!((r.slow_walks, r.hw_ats), (0, 3));
    }
}

#[test]
fn reviewers_finding_v1_walks_again_after_a_successful_walk() {
    // PSTATE.PAN clear, S1E1R succeeds on the hardware.
    let s = Sc::example();
    let merged = s.run_with("S1E1R", VA, Merged, AsMerged);
    check(&merged, HW_OK, Fast, HW_OK);
    assert_eq!(merged.slow_walks, 0);
    // v1: retry_slow = !fail is true, "no PAN? goto nopan": a software walk
    // anyway, whose PAR even differs (KVM writes NS=0).
    let v1 = s.run_with("S1E1R", VA, V1, AsMerged);
    check(&v1, KVM_OK, Slow, HW_OK);
    assert_eq!(v1.slow_walks, 1);
    let finding = v1.kvm_trace.steps.iter().any(|k| {
        matches!(k, KvmStep::Decision { cond, value: true, next: "goto nopan", .. }
            if cond.contains("reviewer"))
    });
    assert!(finding, "{:#?}", v1.kvm_trace);
    assert_eq!(compare_step(&v1), Some((HW_OK, Fast, true)));
    // The same for a non-P op with PAN set ("default: goto nopan").
    let v1 = s.pan(true).run_with("S1E0R", VA, V1, AsMerged);
    check(&v1, KVM_OK, Slow, HW_OK);
}

#[test]
fn epan_el0_executable_page_v1_differs_from_merged() {
    // SCTLR_EL1.EPAN (FEAT_PAN3): PAN also covers a page EL0 can only
    // execute. Hardware: Permission fault level 3.
    let s = Sc::example()
        .pan(true)
        .reg("SCTLR_EL1", 0x5 | (1 << 57))
        .word(L3 + 8, PAGE_EL1_ONLY);
    check(
        &s.run_with("S1E1RP", VA, Merged, Intended),
        0x81f,
        Fast,
        0x81f,
    );
    // v1's check_at_pan() asks only about EL0 read and write: both fault,
    // so the S1E1R success stands.
    let r = s.run_with("S1E1RP", VA, V1, Intended);
    check(&r, HW_OK, Fast, 0x81f);
    assert_eq!(compare_step(&r), Some((0x81f, Fast, true)));
    // The merged code as at 0090c0a247cd misses it too (PAN 0 on the CPU).
    check(
        &s.run_with("S1E1RP", VA, Merged, AsMerged),
        HW_OK,
        Fast,
        0x81f,
    );
    // The slow path applies EPAN (no shadow MMU).
    check(
        &s.no_mmu().run_with("S1E1RP", VA, Merged, AsMerged),
        0x81f,
        Slow,
        0x81f,
    );
}

#[test]
fn v1_par_f_only_branches() {
    // v1's patch 12/12 adds S1E1A to __kvm_at_s1e01(): the CPU runs AT
    // S1E1A, which succeeds; retry_slow = !fail stays true (no PAN test
    // for a non-P op), so KVM walks in software as well and its PAR
    // (NS=0) replaces the hardware's. The merged logic keeps the hardware's.
    let r = Sc::example().run_with("S1E1A", VA, V1, AsMerged);
    check(&r, KVM_OK, Slow, HW_OK);
    assert_eq!((r.hw_ats, r.slow_walks), (1, 1));
    assert_eq!(compare_step(&r), Some((HW_OK, Fast, true)));
    check(
        &Sc::example().run_with("S1E1A", VA, Merged, AsMerged),
        HW_OK,
        Fast,
        HW_OK,
    );
    // The hardware AT takes an exception (no RAM at the level 3 table):
    // v1 leaves PAR_EL1 = F; merged walks in software and reports the
    // External abort in FST (0x82f).
    let s = Sc::example().ram(0x4000_0000, 0x20_2000);
    let v1 = s.run_with("S1E1R", VA, V1, AsMerged);
    assert_eq!((v1.par.0, v1.path, v1.slow_walks), (0x1, Fast, 0));
    let m = s.run_with("S1E1R", VA, Merged, AsMerged);
    assert_eq!((m.par.0, m.path, m.slow_walks), (0x82f, Slow, 1));
}

#[test]
fn v1_leaves_par_el1_stale_when_el0_fault_is_not_a_permission_fault() {
    // PSTATE.PAN set, TCR_EL1.E0PD0 (FEAT_E0PD): AT S1E1R succeeds, so the
    // guest's PAR_EL1 is written with that success; check_at_pan()'s AT
    // S1E0R and S1E0W take a level 0 Translation fault (E0PD), not a
    // permission fault: retry_slow = true, and no PAR_EL1 write on that
    // branch (the review's finding, a step of its own). The slow walk
    // applies PAN to the EL0-accessible page: Permission fault level 3.
    let s = Sc::example().pan(true).reg("TCR_EL1", TCR | (1 << 55));
    let r = s.run_with("S1E1RP", VA, V1, AsMerged);
    check(&r, 0x81f, Slow, 0x81f);
    let ids: Vec<&str> = r
        .kvm_trace
        .steps
        .iter()
        .filter_map(|k| match k {
            KvmStep::Decision { id, value, .. } => Some((*id, *value)),
            _ => None,
        })
        .skip_while(|(id, _)| *id != "V1_NOT_PERM")
        .map(|(id, value)| {
            assert!(value, "{id}");
            id
        })
        .take(3)
        .collect();
    assert_eq!(ids, ["V1_NOT_PERM", "V1_PAR_NOT_UPDATED", "V1_RETRY_SLOW"]);
    // The PAR_EL1 written before: the S1E1R success, still there.
    let first = r.kvm_trace.steps.iter().find_map(|k| match k {
        KvmStep::WritePar { par, .. } => Some(par.0),
        _ => None,
    });
    assert_eq!(first, Some(HW_OK));
}

#[test]
fn v1_goes_slow_for_any_hardware_fault() {
    // A stage 1 permission fault stays fast in the merged logic; v1 goes
    // slow for any fault and gets the same PAR.
    let s = Sc::example().word(L3 + 8, PAGE | 0xc0);
    check(
        &s.run_with("S1E1W", VA, Merged, AsMerged),
        0x81f,
        Fast,
        0x81f,
    );
    check(&s.run_with("S1E1W", VA, V1, AsMerged), 0x81f, Slow, 0x81f);
    // No shadow MMU: retry_slow = true, straight to the slow path.
    let r = Sc::example().no_mmu().run_with("S1E1R", VA, V1, AsMerged);
    check(&r, KVM_OK, Slow, HW_OK);
    assert_eq!(r.hw_ats, 0);
}
