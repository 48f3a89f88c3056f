//! What both decision logics share: the trace recorder and the UNDEFINED
//! check before anything runs.

use super::flow;
use super::{KvmOutcome, KvmPath, KvmRelease, KvmStep, KvmTrace};
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::op::AtOp;
use crate::regs::ParEl1;

/// Records decisions only when tracing.
pub(crate) struct Rec {
    pub(crate) on: bool,
    pub(crate) steps: Vec<KvmStep>,
    /// The release whose lines the decisions cite.
    pub(crate) release: KvmRelease,
}

impl Rec {
    pub(crate) fn decide(&mut self, node: &'static flow::FlowNode, value: bool) {
        if self.on {
            self.steps
                .push(KvmStep::decision_in(node, value, self.release));
        }
    }

    pub(crate) fn push(&mut self, s: KvmStep) {
        if self.on {
            self.steps.push(s);
        }
    }

    pub(crate) fn extend(&mut self, s: Vec<KvmStep>) {
        if self.on {
            self.steps.extend(s);
        }
    }
}

/// The op is UNDEFINED on the modelled CPU: the guest hypervisor takes an
/// exception and PAR_EL1 keeps its old value, shown as PAR.F alone.
pub(crate) fn undefined<M: PhysMem>(
    m: &Machine<'_, M>,
    op: AtOp,
    rec: &mut Rec,
) -> Option<KvmOutcome> {
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
