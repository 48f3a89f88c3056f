//! Every branch of KVM's emulation, as data: one node per condition that
//! __kvm_at_s1e01() (merged or v1), __kvm_at_s1e01_fast(), check_at_pan()
//! and handle_at_slow() test. A `KvmStep::Decision` in a trace names its
//! node by `id`, so a flowchart can draw all the branches of a logic and
//! light the ones a query takes. Lines are exact for at.c at a508d5afb708
//! (v6.17; [`super::KvmRelease::line`] gives each release's); v1's are the
//! order of the tests in the patch as posted.

use super::{KvmLogic, KvmRelease};
use serde::Serialize;

pub use super::flow_v1::*;

/// One condition KVM's code tests, and where each outcome leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FlowNode {
    /// A stable identifier, e.g. `MERGED_PAR_F`.
    pub id: &'static str,
    /// The C function.
    pub func: &'static str,
    /// Its exact line in v6.17's at.c (v1: the test's order in the patch;
    /// 0: not in at.c).
    pub line: u16,
    /// The condition as the C code tests it.
    pub cond: &'static str,
    /// Where the code goes when the condition holds.
    pub yes: &'static str,
    /// Where it goes when it does not.
    pub no: &'static str,
    /// The node the code tests next when the condition holds (`None`: it
    /// ends, or the next test depends on the logic, see [`next_node`]).
    pub yes_to: Option<&'static str>,
    /// The node it tests next when the condition does not hold.
    pub no_to: Option<&'static str>,
}

/// Where a branch is in KVM's code, in words: `func() line N` for at.c,
/// `func, test N of the patch` for v1, `func()` where no line is known
/// (or not established for the release).
pub fn location(func: &str, line: u16) -> String {
    if func.ends_with("(v1)") {
        format!("{func}, test {line} of the patch")
    } else if line == 0 {
        format!("{func}()")
    } else {
        format!("{func}() line {line}")
    }
}

/// v6.17's at.c line where __kvm_at_s1e01() writes PAR_EL1.
pub const WRITE_PAR_LINE: u16 = 1329;

impl FlowNode {
    /// Where this branch is in KVM's code, in words ([`location`]).
    pub fn location(&self) -> String {
        location(self.func, self.line)
    }

    /// Whether this is a test of the v1 patch (its line is the test's order).
    pub const fn v1(&self) -> bool {
        let f = self.func.as_bytes();
        f.len() > 4 && f[f.len() - 1] == b')' && f[f.len() - 3] == b'v' && f[f.len() - 4] == b'('
    }

    /// Where the code goes for `value`.
    pub const fn next(&self, value: bool) -> &'static str {
        if value { self.yes } else { self.no }
    }
}

/// `UNDEFINED`.
pub const UNDEFINED: FlowNode = FlowNode {
    id: "UNDEFINED",
    func: "kvm_handle_sys_reg",
    line: 0,
    cond: "the AT op is implemented (its FEAT_ is present)",
    yes: "__kvm_at_s1e01()",
    no: "UNDEFINED: no AT emulation, PAR_EL1 not written (shown as 0x1)",
    yes_to: Some("FAST_E2H_TGE"),
    no_to: None,
};

/// `FAST_E2H_TGE`.
pub const FAST_E2H_TGE: FlowNode = FlowNode {
    id: "FAST_E2H_TGE",
    func: "__kvm_at_s1e01_fast",
    line: 1222,
    cond: "vcpu_el2_e2h_is_set(vcpu) && vcpu_el2_tge_is_set(vcpu)",
    yes: "goto skip_mmu_switch (EL2&0 regime: modelled as the EL1&0 walk)",
    no: "mmu = lookup_s2_mmu(vcpu)",
    yes_to: Some("FAST_P_OP"),
    no_to: Some("FAST_NO_MMU"),
};

/// `FAST_NO_MMU`.
pub const FAST_NO_MMU: FlowNode = FlowNode {
    id: "FAST_NO_MMU",
    func: "__kvm_at_s1e01_fast",
    line: 1231,
    cond: "!mmu: lookup_s2_mmu() found no shadow MMU for VTTBR_EL2/VTCR_EL2",
    yes: "return par (SYS_PAR_EL1_F alone)",
    no: "load the guest's TTBR0/1, TCR, MAIR, SCTLR and the shadow stage 2; HCR_EL2 = vcpu->arch.hcr_el2",
    yes_to: Some("MERGED_PAR_F"),
    no_to: Some("FAST_P_OP"),
};

/// `FAST_P_OP`.
pub const FAST_P_OP: FlowNode = FlowNode {
    id: "FAST_P_OP",
    func: "__kvm_at_s1e01_fast",
    line: 1259,
    cond: "op is OP_AT_S1E1RP or OP_AT_S1E1WP",
    yes: "fail = at_s1e1p_fast(vcpu, op, vaddr): PAN register = *vcpu_cpsr(vcpu) & PSTATE_PAN",
    no: "fail = __kvm_at(op, vaddr)",
    yes_to: Some("FAST_NOT_FAIL"),
    no_to: Some("FAST_NOT_FAIL"),
};

/// `FAST_NOT_FAIL`.
pub const FAST_NOT_FAIL: FlowNode = FlowNode {
    id: "FAST_NOT_FAIL",
    func: "__kvm_at_s1e01_fast",
    line: 1285,
    cond: "!fail (the AT did not take an exception)",
    yes: "par = read_sysreg_par()",
    no: "par stays SYS_PAR_EL1_F",
    yes_to: Some("MERGED_PAR_F"),
    no_to: Some("MERGED_PAR_F"),
};

/// `MERGED_PAR_F`.
pub const MERGED_PAR_F: FlowNode = FlowNode {
    id: "MERGED_PAR_F",
    func: "__kvm_at_s1e01",
    line: 1324,
    cond: "par & SYS_PAR_EL1_F",
    yes: "check the fault type",
    no: "keep the hardware's PAR",
    yes_to: Some("MERGED_NOT_PERM"),
    no_to: None,
};

/// `MERGED_NOT_PERM`.
pub const MERGED_NOT_PERM: FlowNode = FlowNode {
    id: "MERGED_NOT_PERM",
    func: "__kvm_at_s1e01",
    line: 1325,
    cond: "!par_check_s1_perm_fault(par): not (FST a Permission fault && PAR.S == 0)",
    yes: "check for an access flag fault",
    no: "keep the hardware's PAR: the stage 1 walk completed",
    yes_to: Some("MERGED_NOT_AF"),
    no_to: None,
};

/// `MERGED_NOT_AF`.
pub const MERGED_NOT_AF: FlowNode = FlowNode {
    id: "MERGED_NOT_AF",
    func: "__kvm_at_s1e01",
    line: 1326,
    cond: "!par_check_s1_access_fault(par): not (FST an Access flag fault && PAR.S == 0)",
    yes: "par = handle_at_slow(vcpu, op, vaddr)",
    no: "keep the hardware's PAR: the stage 1 walk completed",
    yes_to: Some("SLOW_AS_EL0"),
    no_to: None,
};

/// `MERGED_NOT_PERM_ONLY`: the condition's last test before v6.16, which
/// added the access flag test (v6.12-era at.c: one line,
/// `(par & SYS_PAR_EL1_F) && !par_check_s1_perm_fault(par)`).
pub const MERGED_NOT_PERM_ONLY: FlowNode = FlowNode {
    id: "MERGED_NOT_PERM_ONLY",
    func: "__kvm_at_s1e01",
    line: 0,
    cond: "!par_check_s1_perm_fault(par): not (FST a Permission fault && PAR.S == 0); an Access flag fault is not kept before v6.16",
    yes: "par = handle_at_slow(vcpu, op, vaddr)",
    no: "keep the hardware's PAR: the stage 1 walk completed",
    yes_to: Some("SLOW_AS_EL0"),
    no_to: None,
};

/// `SLOW_AS_EL0`.
pub const SLOW_AS_EL0: FlowNode = FlowNode {
    id: "SLOW_AS_EL0",
    func: "handle_at_slow",
    line: 1139,
    cond: "wi.as_el0 = (op == OP_AT_S1E0R || op == OP_AT_S1E0W)",
    yes: "an EL0 access",
    no: "an EL1 access",
    yes_to: Some("SLOW_PAN"),
    no_to: Some("SLOW_PAN"),
};

/// `SLOW_PAN`.
pub const SLOW_PAN: FlowNode = FlowNode {
    id: "SLOW_PAN",
    func: "handle_at_slow",
    line: 1140,
    cond: "wi.pan = (op == OP_AT_S1E1RP || op == OP_AT_S1E1WP) && (*vcpu_cpsr(vcpu) & PSR_PAN_BIT)",
    yes: "PAN applies in compute_s1_permissions()",
    no: "PAN does not apply",
    yes_to: Some("SLOW_SETUP_FAILED"),
    no_to: Some("SLOW_SETUP_FAILED"),
};

/// `SLOW_SETUP_FAILED`.
pub const SLOW_SETUP_FAILED: FlowNode = FlowNode {
    id: "SLOW_SETUP_FAILED",
    func: "handle_at_slow",
    line: 1144,
    cond: "setup_s1_walk() failed",
    yes: "goto compute_par",
    no: "continue",
    yes_to: None,
    no_to: Some("SLOW_MMU_DISABLED"),
};

/// `SLOW_MMU_DISABLED`.
pub const SLOW_MMU_DISABLED: FlowNode = FlowNode {
    id: "SLOW_MMU_DISABLED",
    func: "handle_at_slow",
    line: 1147,
    cond: "wr.level == S1_MMU_DISABLED",
    yes: "goto compute_par",
    no: "walk_s1()",
    yes_to: None,
    no_to: Some("SLOW_WALK_FAILED"),
};

/// `SLOW_WALK_FAILED`.
pub const SLOW_WALK_FAILED: FlowNode = FlowNode {
    id: "SLOW_WALK_FAILED",
    func: "handle_at_slow",
    line: 1156,
    cond: "walk_s1() failed",
    yes: "goto compute_par",
    no: "compute_s1_permissions()",
    yes_to: None,
    no_to: Some("SLOW_PERM_FAIL"),
};

/// `SLOW_PERM_FAIL`.
pub const SLOW_PERM_FAIL: FlowNode = FlowNode {
    id: "SLOW_PERM_FAIL",
    func: "handle_at_slow",
    line: 1185,
    cond: "perm_fail (S1E1R/RP: !wr.pr, S1E1W/WP: !wr.pw, S1E0R: !wr.ur, S1E0W: !wr.uw, S1E1A: never)",
    yes: "fail_s1_walk(ESR_ELx_FSC_PERM_L(wr.level))",
    no: "compute_par_s1()",
    yes_to: None,
    no_to: None,
};

/// The branches of the merged logic, in the order the code tests them.
pub const MERGED: &[FlowNode] = &[
    UNDEFINED,
    FAST_E2H_TGE,
    FAST_NO_MMU,
    FAST_P_OP,
    FAST_NOT_FAIL,
    MERGED_PAR_F,
    MERGED_NOT_PERM,
    MERGED_NOT_AF,
    SLOW_AS_EL0,
    SLOW_PAN,
    SLOW_SETUP_FAILED,
    SLOW_MMU_DISABLED,
    SLOW_WALK_FAILED,
    SLOW_PERM_FAIL,
];

/// The branches of the merged logic before v6.16 (no access flag test).
pub const MERGED_BEFORE_V6_16: &[FlowNode] = &[
    UNDEFINED,
    FAST_E2H_TGE,
    FAST_NO_MMU,
    FAST_P_OP,
    FAST_NOT_FAIL,
    MERGED_PAR_F,
    MERGED_NOT_PERM_ONLY,
    SLOW_AS_EL0,
    SLOW_PAN,
    SLOW_SETUP_FAILED,
    SLOW_MMU_DISABLED,
    SLOW_WALK_FAILED,
    SLOW_PERM_FAIL,
];

/// The branches of the v1 logic, in the order the code tests them.
pub const V1: &[FlowNode] = &[
    UNDEFINED,
    V1_NO_MMU,
    V1_OP_KNOWN,
    V1_AT_FAILED,
    V1_RETRY_SLOW_SET,
    V1_PAR_F,
    V1_NO_PAN,
    V1_P_OP,
    V1_CHECK_AT_PAN_S1E0R,
    V1_CHECK_FAILED,
    V1_EL0_PAR_F,
    V1_NOT_PERM,
    V1_PAR_NOT_UPDATED,
    V1_RETRY_SLOW,
    SLOW_AS_EL0,
    SLOW_PAN,
    SLOW_SETUP_FAILED,
    SLOW_MMU_DISABLED,
    SLOW_WALK_FAILED,
    SLOW_PERM_FAIL,
];

/// The branches of `logic`.
pub const fn flow(logic: KvmLogic) -> &'static [FlowNode] {
    match logic {
        KvmLogic::Merged => MERGED,
        KvmLogic::V1 => V1,
    }
}

/// The branches of `logic` as `release` has them (v1: its own).
pub const fn flow_in(logic: KvmLogic, release: KvmRelease) -> &'static [FlowNode] {
    match logic {
        KvmLogic::Merged if !release.behaviour().fast_keeps_af => MERGED_BEFORE_V6_16,
        _ => flow(logic),
    }
}

/// The node `logic` tests after `node` when its condition is `value`.
/// (`UNDEFINED` is the first test of both logics and leads to each one's
/// own next test.)
pub fn next_node(logic: KvmLogic, node: &FlowNode, value: bool) -> Option<&'static FlowNode> {
    let to = if node.id == UNDEFINED.id && value {
        match logic {
            KvmLogic::Merged => Some(FAST_E2H_TGE.id),
            KvmLogic::V1 => Some(V1_NO_MMU.id),
        }
    } else if value {
        node.yes_to
    } else {
        node.no_to
    };
    to.and_then(self::node)
}

/// The node with this `id`, in either logic.
pub fn node(id: &str) -> Option<&'static FlowNode> {
    MERGED
        .iter()
        .chain(V1.iter())
        .chain(core::iter::once(&MERGED_NOT_PERM_ONLY))
        .find(|n| n.id == id)
}
