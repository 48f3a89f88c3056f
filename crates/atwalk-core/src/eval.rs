//! A scenario in, one result per query out: the architectural answer with
//! its trace, and KVM's answer and path.

use crate::at::{AtOp, AtOutcome, at_hw};
use crate::features::Feature;
use crate::kvm::{self, KvmLogic, KvmPath};
use crate::machine::{Machine, Regs};
use crate::memory::GuestMemory;
use crate::scenario::Scenario;
use crate::trace::{NoTrace, Step};

/// How to evaluate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EvalOptions {
    /// Which KVM decision logic.
    pub kvm: KvmLogic,
    /// Whether to keep the steps.
    pub trace: bool,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            kvm: KvmLogic::Merged,
            trace: true,
        }
    }
}

/// What the hardware does: PAR_EL1, a Data Abort, or UNDEFINED.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HwOutcome {
    /// PAR_EL1 is written.
    Par(u64),
    /// A synchronous Data Abort with this DFSC.
    Abort {
        /// ESR_EL2.DFSC.
        dfsc: u8,
    },
    /// The instruction is UNDEFINED: the modelled CPU lacks `feature`.
    Undefined {
        /// The missing feature.
        feature: Feature,
    },
}

/// The result of one query.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryResult {
    /// The op.
    pub op: AtOp,
    /// The VA.
    pub va: u64,
    /// The PAR_EL1 KVM returns to the guest hypervisor.
    pub par: u64,
    /// Which of KVM's paths answered.
    pub path: KvmPath,
    /// What the hardware does.
    pub hw: HwOutcome,
    /// The architectural walk's steps (empty unless asked for).
    pub trace: Vec<Step>,
}

/// The results of a scenario, in query order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Evaluation {
    /// One per query.
    pub results: Vec<QueryResult>,
}

/// Evaluates every query of `s`.
pub fn evaluate(s: &Scenario, opts: &EvalOptions) -> Evaluation {
    let mem = GuestMemory::new(&s.memory, s.ram.as_deref());
    let m = Machine {
        regs: Regs::from(&s.cpu),
        cpu: s.cpu_model(),
        mem: &mem,
    };
    let results = s
        .queries
        .iter()
        .map(|q| {
            let mut trace = Vec::new();
            let hw_out = if opts.trace {
                at_hw(&m, q.op, q.va, &mut trace)
            } else {
                at_hw(&m, q.op, q.va, &mut NoTrace)
            };
            let hw = match hw_out {
                AtOutcome::Par { par } => HwOutcome::Par(par.0),
                AtOutcome::Abort { dfsc, .. } => HwOutcome::Abort { dfsc },
                AtOutcome::Undefined { feature } => HwOutcome::Undefined { feature },
            };
            // KVM's decision from the fast path's PAR (the merged logic); the
            // slow path's own deviations from the architecture are modelled
            // by the KVM issue: until then KVM's answer is the architecture's.
            let fast = kvm::fast_path(&m, q.op, q.va, &s.kvm.shadow_s2, s.kvm.s2_mmu);
            let path = if kvm::merged_keeps_fast(fast) {
                KvmPath::Fast
            } else {
                KvmPath::Slow
            };
            let par = match hw_out {
                AtOutcome::Par { par } => par.0,
                // KVM's slow walk reports an External abort in PAR_EL1.FST.
                AtOutcome::Abort { fault, .. } => kvm::slow_par_for_abort(&fault).0,
                AtOutcome::Undefined { .. } => 1,
            };
            let _ = opts.kvm;
            QueryResult {
                op: q.op,
                va: q.va,
                par,
                path,
                hw,
                trace,
            }
        })
        .collect();
    Evaluation { results }
}
