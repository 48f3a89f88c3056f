//! The trace: an ordered list of typed steps, each with the values it
//! computed, its outcome, the rule that decides it, and (from
//! [`Step::sentence`]) one sentence a student can read. The UI animates
//! these; tests assert on them.

mod differs;
mod kind;

use crate::fault::Stage;
use crate::rules::Rule;
use serde::Serialize;

pub use crate::op::AccessCheck;
pub use crate::perms::Perms;
pub use differs::{KvmAddr, KvmDiff, KvmSite, S2NoStatus};
pub use kind::{StepKind, TableLimits};

/// One step of a walk.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    /// The translation stage the step belongs to.
    pub stage: Stage,
    /// The lookup level, for steps that belong to one.
    pub level: Option<i8>,
    /// Whether the step passed (false: it produced the fault that follows, or, for the final
    /// `Par` step, the PAR reports a fault).
    pub ok: bool,
    /// The rule or pseudocode function that decides it.
    pub rule: Rule,
    /// What was computed.
    #[serde(flatten)]
    pub kind: StepKind,
}

/// Which register field a step read.
pub type FieldName = &'static str;

/// What an address size check looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AddrWhat {
    /// The first table's address, from the TTBR.
    Ttbr,
    /// The next-level table address in a table descriptor.
    Table,
    /// The final output address.
    Output,
}

/// Where steps go: a `Vec` collects them, [`NoTrace`] drops them at no cost.
pub trait Sink {
    /// Whether steps are kept; when false, callers skip building them.
    const ENABLED: bool;
    /// Records one step.
    fn push(&mut self, step: Step);
}

impl Sink for Vec<Step> {
    const ENABLED: bool = true;
    fn push(&mut self, step: Step) {
        Vec::push(self, step);
    }
}

/// A sink that keeps nothing (benchmarks, fuzzing, KVM's decision-only runs).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoTrace;

impl Sink for NoTrace {
    const ENABLED: bool = false;
    fn push(&mut self, _step: Step) {}
}

/// Records the step `make` builds, building it only when the sink keeps steps.
#[inline(always)]
pub fn record<S: Sink>(sink: &mut S, make: impl FnOnce() -> Step) {
    if S::ENABLED {
        sink.push(make());
    }
}
