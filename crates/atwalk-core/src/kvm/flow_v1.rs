//! The branches of __kvm_at_s1e01() as first posted (v1, July 2024: patch
//! 10/12 with the base emulation's check_at_pan(), and patch 12/12's
//! S1E1A), as [`super::flow::FlowNode`]s. `line` is the test's order in the
//! patch as posted; where the posting's text gives an exact at.c line (the
//! S1E1A cases of patch 12/12), the condition cites it.

use super::flow::FlowNode;

/// `V1_NO_MMU`.
pub const V1_NO_MMU: FlowNode = FlowNode {
    id: "V1_NO_MMU",
    func: "__kvm_at_s1e01 (v1)",
    line: 1,
    cond: "lookup_s2_mmu(vcpu) == NULL",
    yes: "retry_slow = true; goto out",
    no: "load the guest's MMU context",
    yes_to: Some("V1_RETRY_SLOW"),
    no_to: Some("V1_OP_KNOWN"),
};

/// `V1_OP_KNOWN`. Patch 12/12 adds `case OP_AT_S1E1A: fail =
/// __kvm_at(OP_AT_S1E1A, vaddr);` (at.c lines 800-802 after the patch, by
/// its hunk `@@ -794,6 +797,9 @@`), so every op of the EL1&0 regime is known.
pub const V1_OP_KNOWN: FlowNode = FlowNode {
    id: "V1_OP_KNOWN",
    func: "__kvm_at_s1e01 (v1)",
    line: 2,
    cond: "op is one v1 knows (S1E1A too, from patch 12/12)",
    yes: "fail = __kvm_at(op without P)",
    no: "fail = true",
    yes_to: Some("V1_AT_FAILED"),
    no_to: Some("V1_AT_FAILED"),
};

/// `V1_AT_FAILED`.
pub const V1_AT_FAILED: FlowNode = FlowNode {
    id: "V1_AT_FAILED",
    func: "__kvm_at_s1e01 (v1)",
    line: 3,
    cond: "fail (the AT took an exception)",
    yes: "par = SYS_PAR_EL1_F",
    no: "par = read_sysreg_par()",
    yes_to: Some("V1_RETRY_SLOW_SET"),
    no_to: Some("V1_RETRY_SLOW_SET"),
};

/// `V1_RETRY_SLOW_SET`.
pub const V1_RETRY_SLOW_SET: FlowNode = FlowNode {
    id: "V1_RETRY_SLOW_SET",
    func: "__kvm_at_s1e01 (v1)",
    line: 4,
    cond: "retry_slow = !fail",
    yes: "retry_slow is true",
    no: "retry_slow is false",
    yes_to: Some("V1_PAR_F"),
    no_to: Some("V1_PAR_F"),
};

/// `V1_PAR_F`.
pub const V1_PAR_F: FlowNode = FlowNode {
    id: "V1_PAR_F",
    func: "__kvm_at_s1e01 (v1)",
    line: 6,
    cond: "par & SYS_PAR_EL1_F",
    yes: "goto nopan",
    no: "check PSTATE.PAN",
    yes_to: Some("V1_RETRY_SLOW"),
    no_to: Some("V1_NO_PAN"),
};

/// `V1_NO_PAN`.
pub const V1_NO_PAN: FlowNode = FlowNode {
    id: "V1_NO_PAN",
    func: "__kvm_at_s1e01 (v1)",
    line: 7,
    cond: "!(*vcpu_cpsr(vcpu) & PSR_PAN_BIT): no PAN? goto nopan (with retry_slow still true: the reviewer's finding)",
    yes: "goto nopan",
    no: "switch (op)",
    yes_to: Some("V1_RETRY_SLOW"),
    no_to: Some("V1_P_OP"),
};

/// `V1_P_OP`.
pub const V1_P_OP: FlowNode = FlowNode {
    id: "V1_P_OP",
    func: "__kvm_at_s1e01 (v1)",
    line: 8,
    cond: "op is OP_AT_S1E1RP or OP_AT_S1E1WP",
    yes: "retry_slow = false; check_at_pan()",
    no: "default: goto nopan",
    yes_to: Some("V1_CHECK_AT_PAN_S1E0R"),
    no_to: Some("V1_RETRY_SLOW"),
};

/// `V1_CHECK_AT_PAN_S1E0R`.
pub const V1_CHECK_AT_PAN_S1E0R: FlowNode = FlowNode {
    id: "V1_CHECK_AT_PAN_S1E0R",
    func: "check_at_pan",
    line: 0,
    cond: "AT S1E0R faulted",
    yes: "AT S1E0W",
    no: "",
    yes_to: Some("V1_CHECK_FAILED"),
    no_to: Some("V1_CHECK_FAILED"),
};

/// `V1_CHECK_FAILED`.
pub const V1_CHECK_FAILED: FlowNode = FlowNode {
    id: "V1_CHECK_FAILED",
    func: "__kvm_at_s1e01 (v1)",
    line: 9,
    cond: "fail (check_at_pan() took an exception)",
    yes: "PAR_EL1 = SYS_PAR_EL1_F; goto nopan",
    no: "look at the EL0 result",
    yes_to: Some("V1_RETRY_SLOW"),
    no_to: Some("V1_EL0_PAR_F"),
};

/// `V1_EL0_PAR_F`.
pub const V1_EL0_PAR_F: FlowNode = FlowNode {
    id: "V1_EL0_PAR_F",
    func: "__kvm_at_s1e01 (v1)",
    line: 11,
    cond: "par & SYS_PAR_EL1_F (EL0 has neither read nor write)",
    yes: "check the FST type",
    no: "retry_slow = true: EL0 may access, PAN must fail it",
    yes_to: Some("V1_NOT_PERM"),
    no_to: Some("V1_RETRY_SLOW"),
};

/// `V1_NOT_PERM`.
pub const V1_NOT_PERM: FlowNode = FlowNode {
    id: "V1_NOT_PERM",
    func: "__kvm_at_s1e01 (v1)",
    line: 12,
    cond: "(fst & ESR_ELx_FSC_TYPE) != ESR_ELx_FSC_PERM",
    yes: "retry_slow = true",
    no: "PAN does not apply: PAR_EL1 keeps the EL1 result",
    yes_to: Some("V1_PAR_NOT_UPDATED"),
    no_to: Some("V1_RETRY_SLOW"),
};

/// `V1_PAR_NOT_UPDATED`: the review's finding on the branch above (Alexandru
/// Elisei, 10 July 2024: "Shouldn't VCPU's PAR_EL1 register be updated
/// here?"). Not a test in the code: the place where no write happens,
/// always reached with `true` after V1_NOT_PERM's yes.
pub const V1_PAR_NOT_UPDATED: FlowNode = FlowNode {
    id: "V1_PAR_NOT_UPDATED",
    func: "__kvm_at_s1e01 (v1)",
    line: 12,
    cond: "vcpu PAR_EL1 not updated: it still holds the EL1 AT's result (no vcpu_write_sys_reg() on this branch)",
    yes: "go on to the slow walk, which writes PAR_EL1",
    no: "",
    yes_to: Some("V1_RETRY_SLOW"),
    no_to: Some("V1_RETRY_SLOW"),
};

/// `V1_RETRY_SLOW`.
pub const V1_RETRY_SLOW: FlowNode = FlowNode {
    id: "V1_RETRY_SLOW",
    func: "__kvm_at_s1e01 (v1)",
    line: 13,
    cond: "retry_slow",
    yes: "par = handle_at_slow(vcpu, op, vaddr)",
    no: "done: PAR_EL1 stands",
    yes_to: Some("SLOW_AS_EL0"),
    no_to: None,
};
