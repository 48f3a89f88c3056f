//! KVM's emulation of AT S1E* for a nested guest: the fast path through the
//! shadow stage 2, the decision (as merged in Linux, or as first posted in
//! v1), and the software slow path, modelled on arch/arm64/kvm/at.c @
//! 0090c0a247cd and nested.c @ 001e032c0f3f (docs/kvm-model-notes.md).
//!
//! - [`fast`]: the real CPU's AT through the shadow stage 2, under KVM's own HCR_EL2.
//! - [`slow`]: handle_at_slow(), the architecture's walker run with KVM's
//!   variant ([`walk`], [`walk_s2`]).
//! - [`emulate`]: __kvm_at_s1e01() with either decision, and its trace ([`trace`]).
//! - [`diff`]: where KVM's walk parts from the architecture; [`nv`]: the ID
//!   registers KVM reads under NV.

pub mod diff;
pub mod fast;
pub mod flow;
pub mod host;
pub mod nested_s2;
pub mod nv;
pub mod sentence;
pub mod slow;
pub mod trace;
pub mod walk;
pub mod walk_s2;

use serde::{Deserialize, Serialize};

use crate::addr::Word;
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::op::AtOp;
use crate::regs::ParEl1;
pub use host::{KvmHost, ShadowS2};

pub use fast::{SHADOW_MISS_LEVEL, SHADOW_PAGE_BITS, ShadowStage2, shadow_page, table_pages};
pub use trace::{HwAt, KvmStep, KvmTrace, Phase};

/// Which of KVM's two ways answered the trapped AT instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KvmPath {
    /// The hardware AT instruction, through the shadow stage 2.
    Fast,
    /// KVM's software walk, handle_at_slow().
    Slow,
}

impl KvmPath {
    /// `fast` or `slow`, as the result format spells it.
    pub const fn name(self) -> &'static str {
        match self {
            KvmPath::Fast => "fast",
            KvmPath::Slow => "slow",
        }
    }
}

/// Which version of KVM's decision to model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KvmLogic {
    /// The logic merged in Linux (arch/arm64/kvm/at.c).
    #[default]
    Merged,
    /// The patch as first posted (v1, July 2024).
    V1,
}

/// What PSTATE.PAN the real CPU runs AT S1E1RP/S1E1WP with on the fast path.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FastPathPan {
    /// The code at 0090c0a247cd (the default): at_s1e1p_fast() writes
    /// `*vcpu_cpsr(vcpu) & PSTATE_PAN` to the PAN register, and PSTATE_PAN
    /// is the MSR-immediate encoding pstate_field(0, 4) = 0x80, not
    /// PSR_PAN_BIT (bit 22): the CPU always runs with PSTATE.PAN = 0.
    #[default]
    AsMerged,
    /// What the code means to do (docs/kvm-model.md, "Intended
    /// behaviour"): the guest hypervisor's PSTATE.PAN is applied by the
    /// hardware.
    Intended,
}

/// The model switches of KVM's emulation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KvmModel {
    /// The fast path's PSTATE.PAN.
    pub fast_path_pan: FastPathPan,
}

/// KVM's answer to one trapped AT instruction.
#[derive(Clone, Debug, PartialEq)]
pub struct KvmOutcome {
    /// The PAR_EL1 the guest hypervisor reads back.
    pub par: ParEl1,
    /// Whether the final PAR_EL1 came from the software walk.
    pub path: KvmPath,
    /// How many software walks (handle_at_slow()) ran.
    pub slow_walks: u32,
    /// How many AT instructions the real CPU ran.
    pub hw_ats: u32,
    /// The steps (empty unless asked for).
    pub trace: KvmTrace,
}

/// The fast path's PAR: the hardware AT through the shadow stage 2, or
/// PAR.F alone when lookup_s2_mmu() finds no shadow MMU, with the default
/// [`KvmModel`].
pub fn fast_path<M: PhysMem>(
    m: &Machine<'_, M>,
    op: AtOp,
    va: u64,
    shadow: &ShadowS2,
    s2_mmu: bool,
) -> ParEl1 {
    let host = KvmHost {
        shadow_s2: shadow.clone(),
        s2_mmu,
    };
    fast::kvm_at_s1e01_fast(m, &host, op, va, KvmModel::default(), false).0
}

/// The merged decision (__kvm_at_s1e01()): a fast-path PAR stands when it
/// succeeded or reports a stage 1 Permission or Access flag fault
/// (par_check_s1_perm_fault(), par_check_s1_access_fault()); anything else
/// goes slow.
pub fn merged_keeps_fast(par: ParEl1) -> bool {
    match par.fault() {
        None => true,
        Some(f) => !f.s() && matches!(f.fst() & 0b11_1100, 0b00_1100 | 0b00_1000),
    }
}

/// KVM's emulation of AT `op` at `va` with the decision `logic`.
pub fn emulate<M: PhysMem>(
    m: &Machine<'_, M>,
    host: &KvmHost,
    op: AtOp,
    va: u64,
    logic: KvmLogic,
    model: KvmModel,
    trace: bool,
) -> KvmOutcome {
    let mut out = match logic {
        KvmLogic::Merged => merged(m, host, op, va, model, trace),
        KvmLogic::V1 => v1(m, host, op, va, model, trace),
    };
    if trace && logic == KvmLogic::V1 {
        let other = merged(m, host, op, va, model, false);
        out.trace.steps.push(KvmStep::Compare {
            logic: KvmLogic::Merged,
            par: Word(other.par.0),
            path: other.path,
            slow_walks: other.slow_walks,
            differs: other.par != out.par,
        });
    }
    out
}

/// Records decisions only when tracing.
struct Rec {
    on: bool,
    steps: Vec<KvmStep>,
}

impl Rec {
    fn decide(&mut self, node: &'static flow::FlowNode, value: bool) {
        if self.on {
            self.steps.push(KvmStep::decision(node, value));
        }
    }

    fn push(&mut self, s: KvmStep) {
        if self.on {
            self.steps.push(s);
        }
    }

    fn extend(&mut self, s: Vec<KvmStep>) {
        if self.on {
            self.steps.extend(s);
        }
    }
}

/// The op is UNDEFINED on the modelled CPU: the guest hypervisor takes an
/// exception and PAR_EL1 keeps its old value, shown as PAR.F alone.
fn undefined<M: PhysMem>(m: &Machine<'_, M>, op: AtOp, rec: &mut Rec) -> Option<KvmOutcome> {
    let implemented = op.needs().is_none_or(|f| m.has(f));
    rec.decide(&flow::UNDEFINED, implemented);
    if implemented {
        return None;
    }
    Some(KvmOutcome {
        par: ParEl1(1),
        path: KvmPath::Fast,
        slow_walks: 0,
        hw_ats: 0,
        trace: KvmTrace {
            steps: core::mem::take(&mut rec.steps),
        },
    })
}

/// __kvm_at_s1e01() as merged.
fn merged<M: PhysMem>(
    m: &Machine<'_, M>,
    host: &KvmHost,
    op: AtOp,
    va: u64,
    model: KvmModel,
    trace: bool,
) -> KvmOutcome {
    const F: &str = "__kvm_at_s1e01";
    let mut rec = Rec {
        on: trace,
        steps: Vec::new(),
    };
    if let Some(o) = undefined(m, op, &mut rec) {
        return o;
    }
    let (fast, fsteps, hw_ats) = fast::kvm_at_s1e01_fast(m, host, op, va, model, trace);
    rec.extend(fsteps);
    let f = fast.is_fault();
    rec.decide(&flow::MERGED_PAR_F, f);
    let mut slow_walks = 0;
    let mut path = KvmPath::Fast;
    let par = if f {
        let perm = !merged_keeps_fast_perm(fast).0;
        rec.decide(&flow::MERGED_NOT_PERM, perm);
        let go_slow = perm && {
            let af = !merged_keeps_fast_perm(fast).1;
            rec.decide(&flow::MERGED_NOT_AF, af);
            af
        };
        if go_slow {
            let s = slow::handle_at_slow(m, op, va, trace);
            rec.extend(s.steps);
            slow_walks = 1;
            path = KvmPath::Slow;
            s.par
        } else {
            fast
        }
    } else {
        fast
    };
    rec.push(KvmStep::WritePar {
        func: F,
        line: 1234,
        par: Word(par.0),
    });
    KvmOutcome {
        par,
        path,
        slow_walks,
        hw_ats,
        trace: KvmTrace { steps: rec.steps },
    }
}

/// (par_check_s1_perm_fault(par), par_check_s1_access_fault(par)).
fn merged_keeps_fast_perm(par: ParEl1) -> (bool, bool) {
    match par.fault() {
        None => (false, false),
        Some(f) => (
            !f.s() && f.fst() & 0b11_1100 == 0b00_1100,
            !f.s() && f.fst() & 0b11_1100 == 0b00_1000,
        ),
    }
}

/// __kvm_at_s1e01() as first posted (v1, patch 10/12 of July 2024, with
/// the base emulation's check_at_pan()); the same software walk.
fn v1<M: PhysMem>(
    m: &Machine<'_, M>,
    host: &KvmHost,
    op: AtOp,
    va: u64,
    model: KvmModel,
    trace: bool,
) -> KvmOutcome {
    const F: &str = "__kvm_at_s1e01 (v1)";
    let mut rec = Rec {
        on: trace,
        steps: Vec::new(),
    };
    if let Some(o) = undefined(m, op, &mut rec) {
        return o;
    }
    let _ = model;
    let mut hw_ats = 0;
    let mut guest_par = None;
    // v1 lines are those of the patched function as quoted in the review.
    let retry_slow = 'done: {
        rec.decide(&flow::V1_NO_MMU, !host.s2_mmu);
        if !host.s2_mmu {
            break 'done true;
        }
        // v1 runs the op without P: S1E1R for S1E1RP, S1E1W for S1E1WP; there is no S1E1A.
        let hw_op = match op {
            AtOp::S1E1RP => Some(AtOp::S1E1R),
            AtOp::S1E1WP => Some(AtOp::S1E1W),
            AtOp::S1E1A => None,
            o => Some(o),
        };
        rec.decide(&flow::V1_OP_KNOWN, hw_op.is_some());
        let (hw, steps) = match hw_op {
            Some(o) => {
                hw_ats += 1;
                fast::hw_at(m, host, F, o, va, false, trace)
            }
            None => (HwAt::Exception, Vec::new()),
        };
        rec.extend(steps);
        let fail = hw == HwAt::Exception;
        let par = match hw {
            HwAt::Par { par } => ParEl1(par.0),
            HwAt::Exception => ParEl1(1),
        };
        rec.decide(&flow::V1_AT_FAILED, fail);
        rec.decide(&flow::V1_RETRY_SLOW_SET, !fail);
        let retry = !fail;
        guest_par = Some(par);
        rec.push(KvmStep::WritePar {
            func: F,
            line: 5,
            par: Word(par.0),
        });
        rec.decide(&flow::V1_PAR_F, par.is_fault());
        if par.is_fault() {
            break 'done retry;
        }
        let pan = m.regs.pstate_pan && m.has(crate::features::Feature::Pan);
        rec.decide(&flow::V1_NO_PAN, !pan);
        if !pan {
            break 'done retry;
        }
        let pop = matches!(op, AtOp::S1E1RP | AtOp::S1E1WP);
        rec.decide(&flow::V1_P_OP, pop);
        if !pop {
            break 'done retry;
        }
        // retry_slow = false;
        // check_at_pan(): AT S1E0R; if that faults, AT S1E0W; the EL0 result.
        hw_ats += 1;
        let (r, steps) = fast::hw_at(m, host, "check_at_pan", AtOp::S1E0R, va, false, trace);
        rec.extend(steps);
        let res = match r {
            HwAt::Exception => None,
            HwAt::Par { par } if par.0 & 1 == 0 => Some(ParEl1(par.0)),
            HwAt::Par { .. } => {
                rec.decide(&flow::V1_CHECK_AT_PAN_S1E0R, true);
                hw_ats += 1;
                let (w, steps) =
                    fast::hw_at(m, host, "check_at_pan", AtOp::S1E0W, va, false, trace);
                rec.extend(steps);
                match w {
                    HwAt::Exception => None,
                    HwAt::Par { par } => Some(ParEl1(par.0)),
                }
            }
        };
        rec.decide(&flow::V1_CHECK_FAILED, res.is_none());
        let Some(res) = res else {
            guest_par = Some(ParEl1(1));
            rec.push(KvmStep::WritePar {
                func: F,
                line: 10,
                par: Word(1),
            });
            break 'done false;
        };
        rec.decide(&flow::V1_EL0_PAR_F, res.is_fault());
        if res.is_fault() {
            let fst = (res.0 >> 1) & 0x3f;
            let not_perm = fst & 0x3c != 0x0c;
            rec.decide(&flow::V1_NOT_PERM, not_perm);
            not_perm
        } else {
            true
        }
    };
    rec.decide(&flow::V1_RETRY_SLOW, retry_slow);
    let (par, path, slow_walks) = if retry_slow {
        let s = slow::handle_at_slow(m, op, va, trace);
        rec.extend(s.steps);
        rec.push(KvmStep::WritePar {
            func: F,
            line: 14,
            par: Word(s.par.0),
        });
        (s.par, KvmPath::Slow, 1)
    } else {
        (guest_par.unwrap_or(ParEl1(1)), KvmPath::Fast, 0)
    };
    KvmOutcome {
        par,
        path,
        slow_walks,
        hw_ats,
        trace: KvmTrace { steps: rec.steps },
    }
}
