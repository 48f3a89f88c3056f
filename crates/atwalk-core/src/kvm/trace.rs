//! KVM's decision trace: every branch KVM's emulation takes, in order,
//! with the fast path's hardware walks and the slow path's software walk
//! in between, so that a UI can light a flowchart of __kvm_at_s1e01()
//! and handle_at_slow() and a student can follow it line by line.

use crate::addr::Word;
use crate::at::AtOutcome;
use crate::kvm::{FastPathPan, KvmLogic, KvmPath};
use crate::op::AtOp;
use crate::trace::Step;
use serde::Serialize;

/// A phase of handle_at_slow(), each a function of at.c.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Phase {
    /// setup_s1_walk(): registers, the level 0 checks, the walk parameters.
    SetupS1Walk,
    /// walk_s1(): the table walk, the virtual stage 2 of each table, the leaf.
    WalkS1,
    /// compute_s1_permissions() and the op's check.
    ComputeS1Permissions,
    /// compute_par_s1(): attributes and PAR_EL1.
    ComputeParS1,
}

impl Phase {
    /// The C function.
    pub const fn func(self) -> &'static str {
        match self {
            Phase::SetupS1Walk => "setup_s1_walk",
            Phase::WalkS1 => "walk_s1",
            Phase::ComputeS1Permissions => "compute_s1_permissions",
            Phase::ComputeParS1 => "compute_par_s1",
        }
    }
}

/// One step of KVM's emulation.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kvm")]
pub enum KvmStep {
    /// A branch of KVM's C code: the condition, its value and where it goes.
    Decision {
        /// The branch's node in [`super::flow`].
        id: &'static str,
        /// The C function.
        func: &'static str,
        /// Its exact line in the release's at.c (0: not established for that release; v1: the test's order in the patch).
        line: u16,
        /// The condition as the C code tests it.
        cond: &'static str,
        /// Its value here.
        value: bool,
        /// Where the code goes next.
        next: &'static str,
    },
    /// The real CPU runs an AT instruction through the shadow stage 2.
    FastWalk {
        /// The C function that issues it.
        func: &'static str,
        /// The op the CPU runs (v1 runs S1E1R/W for S1E1RP/WP).
        op: AtOp,
        /// The PSTATE.PAN the CPU runs it with.
        pstate_pan: bool,
        /// The hardware walk's steps.
        steps: Vec<Step>,
        /// Its outcome: PAR_EL1, or an exception (a Data Abort or UNDEFINED),
        /// which __kvm_at() reports to KVM as a failure.
        hw: AtOutcome,
    },
    /// A phase of KVM's software walk.
    SlowWalk {
        /// Which function.
        phase: Phase,
        /// Its walk steps (KVM's differences from the architecture among them).
        steps: Vec<Step>,
    },
    /// The guest hypervisor's PAR_EL1 is written.
    WritePar {
        /// The function.
        func: &'static str,
        /// Its exact line in the release's at.c (0: not established).
        line: u16,
        /// The value.
        par: Word,
    },
    /// A model switch that decided this answer, stated where it applies.
    Model {
        /// The fast path's PSTATE.PAN model.
        fast_path_pan: FastPathPan,
        /// The guest hypervisor's PSTATE.PAN.
        guest_pan: bool,
        /// What the CPU runs with.
        hw_pan: bool,
    },
    /// The other logic's answer to the same query, and whether it differs.
    Compare {
        /// The other logic.
        logic: KvmLogic,
        /// Its final PAR_EL1.
        par: Word,
        /// Its path.
        path: KvmPath,
        /// How many software walks it did.
        slow_walks: u32,
        /// Whether its PAR differs from this logic's.
        differs: bool,
    },
}

impl KvmStep {
    /// The decision step of `node` with the condition's value.
    pub const fn decision(node: &'static super::flow::FlowNode, value: bool) -> KvmStep {
        KvmStep::Decision {
            id: node.id,
            func: node.func,
            line: node.line,
            cond: node.cond,
            value,
            next: node.next(value),
        }
    }

    /// The decision step of `node` as `release` cites it: its at.c line
    /// where that release's lines are known ([`super::KvmRelease::line`]).
    pub const fn decision_in(
        node: &'static super::flow::FlowNode,
        value: bool,
        release: super::KvmRelease,
    ) -> KvmStep {
        let line = if node.v1() {
            node.line
        } else {
            release.line(node.line)
        };
        KvmStep::Decision {
            id: node.id,
            func: node.func,
            line,
            cond: node.cond,
            value,
            next: node.next(value),
        }
    }
}

/// KVM's emulation of one AT instruction, step by step.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct KvmTrace {
    /// The steps in order.
    pub steps: Vec<KvmStep>,
}
