//! KVM's paths with the merged decision: what stays on the fast path, what
//! goes slow, and the slow path's answer.
//! PARs in hex: F=bit 0, FST=[6:1], PTW=8, S=9, bit 11 RES1; on success
//! ATTR=[63:56], PA=[47:12], NS=9, SH=[8:7].

mod kvm_support;
use kvm_support::*;

use KvmPath::{Fast, Slow};

// --- A complete shadow stage 2 -------------------------------------------

#[test]
fn complete_shadow_success_stays_fast() {
    let r = Sc::example().run("S1E1R", VA);
    check(&r, HW_OK, Fast, HW_OK);
    assert_eq!(r.slow_walks, 0);
    assert_eq!(r.hw_ats, 1);
}

#[test]
fn complete_shadow_s1_permission_fault_stays_fast() {
    // AP=0b11: EL1 read-only. S1E1W: Permission fault level 3,
    // PAR 0x81f = F, FST=0b001111.
    let s = Sc::example().word(L3 + 8, PAGE | 0xc0);
    let r = s.run("S1E1W", VA);
    check(&r, 0x81f, Fast, 0x81f);
    assert_eq!(r.slow_walks, 0);
}

#[test]
fn complete_shadow_access_flag_fault_stays_fast() {
    // AF=0: Access flag fault level 3, FST=0b001011: 0x817.
    let s = Sc::example().word(L3 + 8, PAGE & !0x400);
    check(&s.run("S1E1R", VA), 0x817, Fast, 0x817);
}

#[test]
fn complete_shadow_translation_fault_goes_slow_with_the_same_par() {
    // L3 entry 2 is invalid: Translation fault level 3, FST=0b000111: 0x80f.
    let r = Sc::example().run("S1E1R", VA + 0x1000);
    check(&r, 0x80f, Slow, 0x80f);
    assert_eq!(r.slow_walks, 1);
    assert!(diff_names(&r).is_empty(), "{:?}", diff_names(&r));
    // The decision: F set, not a permission fault, not an AF fault.
    let decisions: Vec<(bool, &str)> = r
        .kvm_trace
        .steps
        .iter()
        .filter_map(|k| match k {
            KvmStep::Decision {
                func: "__kvm_at_s1e01",
                value,
                next,
                ..
            } => Some((*value, *next)),
            _ => None,
        })
        .collect();
    assert_eq!(
        decisions,
        [
            (true, "check the fault type"),
            (true, "check for an access flag fault"),
            (true, "par = handle_at_slow(vcpu, op, vaddr)"),
        ]
    );
}

#[test]
fn complete_shadow_address_size_fault_goes_slow_with_the_same_par() {
    // IPS=0b000 (32 bits) and a level 2 table at 0x1_0000_0000: Address
    // size fault at level 2 (the table descriptor's level), FST=0b000010: 0x805.
    let s = Sc::example()
        .reg("TCR_EL1", TCR & !(0b111 << 32))
        .word(L2 + 8, 0x1_0000_0000 | 3);
    check(&s.run("S1E1R", VA), 0x805, Slow, 0x805);
}

// --- A table page missing from the shadow ----------------------------------

#[test]
fn shadow_miss_fast_path_reports_s2_ptw_then_slow_walk_succeeds() {
    // The level 3 table's page is not in the shadow: the hardware walk takes
    // a stage 2 Translation fault on the walk, level 3 (the model's shadow
    // miss level): 0xb0f = F, FST=0b000111, PTW, S, bit 11.
    let s = Sc::example().shadow(&[L1, L2]);
    let r = s.run("S1E1R", VA);
    let fast = r.kvm_trace.steps.iter().find_map(|k| match k {
        KvmStep::FastWalk { hw, .. } => Some(*hw),
        _ => None,
    });
    assert_eq!(
        fast,
        Some(atwalk_core::at::AtOutcome::Par {
            par: atwalk_core::regs::ParEl1(0xb0f)
        })
    );
    // The slow path walks the guest's memory and succeeds; KVM writes NS=0.
    check(&r, KVM_OK, Slow, HW_OK);
    assert_eq!(diff_names(&r), ["ParEncoding"]);
}

#[test]
fn shadow_miss_with_guest_stage2_walks_the_virtual_stage2() {
    let s = Sc::example().guest_s2().shadow(&[L1, L2]);
    let r = s.run("S1E1R", VA);
    check(&r, KVM_OK, Slow, HW_OK);
    // Each of the three table reads went through the virtual stage 2.
    let s2_walks = r
        .kvm_trace
        .steps
        .iter()
        .filter_map(|k| match k {
            KvmStep::SlowWalk { steps, .. } => Some(steps),
            _ => None,
        })
        .flatten()
        .filter(|s| matches!(s.kind, StepKind::Stage2 { .. }))
        .count();
    assert_eq!(s2_walks, 3);
}

#[test]
fn shadow_miss_on_a_page_the_guest_stage2_does_not_map() {
    // The level 3 table moves to 0x40600000, in a 2MB region the guest's
    // stage 2 does not map: its level 1 entry 1 is a table whose level 2
    // entry 3 is invalid. Hardware: stage 2 Translation fault at stage 2
    // level 2, FST=0b000110: 0xb0d. KVM: the same fault type at the stage 1
    // level 3: 0xb0f.
    let l3 = 0x4060_0000;
    let s = Sc::example()
        .guest_s2()
        .word(0x4800_0008, 0x4800_1003)
        .word(0x4800_1000, 0x4000_0000 | 0x4fd)
        .word(0x4800_1008, 0x4020_0000 | 0x4fd)
        .word(0x4800_1010, 0x4040_0000 | 0x4fd)
        .word(L2 + 8, l3 | 3)
        .word(l3 + 8, PAGE)
        .shadow(&[L1, L2]);
    let r = s.run("S1E1R", VA);
    check(&r, 0xb0f, Slow, 0xb0d);
    assert_eq!(diff_names(&r), ["S2FaultAtS1Level"]);
}

// --- No usable shadow -------------------------------------------------------

#[test]
fn empty_shadow_goes_straight_to_the_slow_path() {
    let r = Sc::example().shadow(&[]).run("S1E1R", VA);
    check(&r, KVM_OK, Slow, HW_OK);
}

#[test]
fn no_shadow_mmu_gives_par_f_alone_then_the_slow_path() {
    let r = Sc::example().no_mmu().run("S1E1R", VA);
    check(&r, KVM_OK, Slow, HW_OK);
    // No AT ran on the CPU.
    assert_eq!(r.hw_ats, 0);
    assert!(
        !r.kvm_trace
            .steps
            .iter()
            .any(|k| matches!(k, KvmStep::FastWalk { .. }))
    );
}

#[test]
fn fast_path_runs_under_kvms_hcr_not_the_guests() {
    // The guest hypervisor's HCR_EL2.DC=1 disables its nested guest's stage
    // 1 (AArch64.S1Enabled()): flat, Normal WB (0xff), Non-shareable. The
    // real CPU runs under KVM's HCR_EL2 and walks stage 1: KVM keeps its
    // success (notes 7.19).
    let s = Sc::example().reg("HCR_EL2", 1 << 12);
    let r = s.run("S1E1R", VA);
    check(&r, HW_OK, Fast, 0xff00_0000_0020_1a00);
    // With no shadow MMU, handle_at_slow() sees DC: the flat map, NS=0.
    let r = s.no_mmu().run("S1E1R", VA);
    check(&r, 0xff00_0000_0020_1800, Slow, 0xff00_0000_0020_1a00);
}

#[test]
fn trace_lists_every_branch_in_order() {
    let r = Sc::example().no_mmu().run("S1E1R", VA + 0x1000);
    let kinds: Vec<String> = r
        .kvm_trace
        .steps
        .iter()
        .map(|k| match k {
            KvmStep::Decision { func, cond, .. } => format!("{func}: {cond}"),
            KvmStep::SlowWalk { phase, .. } => format!("walk {}", phase.func()),
            KvmStep::FastWalk { op, .. } => format!("hw {}", op.name()),
            KvmStep::WritePar { .. } => "write".into(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "kvm_handle_sys_reg: the AT op is implemented (its FEAT_ is present)",
            "__kvm_at_s1e01_fast: vcpu_el2_e2h_is_set(vcpu) && vcpu_el2_tge_is_set(vcpu)",
            "__kvm_at_s1e01_fast: !mmu: lookup_s2_mmu() found no shadow MMU for VTTBR_EL2/VTCR_EL2",
            "__kvm_at_s1e01: par & SYS_PAR_EL1_F",
            "__kvm_at_s1e01: !par_check_s1_perm_fault(par): not (FST a Permission fault && PAR.S == 0)",
            "__kvm_at_s1e01: !par_check_s1_access_fault(par): not (FST an Access flag fault && PAR.S == 0)",
            "handle_at_slow: wi.as_el0 = (op == OP_AT_S1E0R || op == OP_AT_S1E0W)",
            "handle_at_slow: wi.pan = (op == OP_AT_S1E1RP || op == OP_AT_S1E1WP) && (*vcpu_cpsr(vcpu) & PSR_PAN_BIT)",
            "walk setup_s1_walk",
            "handle_at_slow: setup_s1_walk() failed",
            "handle_at_slow: wr.level == S1_MMU_DISABLED",
            "walk walk_s1",
            "handle_at_slow: walk_s1() failed",
            "walk compute_par_s1",
            "write",
        ]
    );
    // Every step reads as a sentence.
    for k in &r.kvm_trace.steps {
        assert!(!k.sentence().is_empty());
    }
    let json = serde_json::to_string(&r.kvm_trace).unwrap();
    assert!(json.contains("\"kvm\":\"Decision\""), "{json}");
}
