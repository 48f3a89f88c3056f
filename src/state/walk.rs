//! Which walk the centre animates, and what the centre shows: the steps of each walk of a query's
//! result, and how many decisions KVM's trace records.

use atwalk_core::eval::QueryResult;
use atwalk_core::kvm::{KvmLogic, KvmStep};
use atwalk_core::trace::Step;

/// Which walk the centre animates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WalkSource {
    /// The architecture: what the AT instruction does on hardware (`hw_par`).
    Hardware,
    /// KVM's fast path: the real CPU's walk through the shadow stage 2.
    KvmFast,
    /// KVM's slow path: the software walk, handle_at_slow().
    KvmSlow,
}

impl WalkSource {
    /// Every source, in the order of the selector.
    pub const ALL: [WalkSource; 3] = [
        WalkSource::Hardware,
        WalkSource::KvmFast,
        WalkSource::KvmSlow,
    ];

    /// The selector's button.
    pub const fn short_label(self) -> &'static str {
        match self {
            WalkSource::Hardware => "Hardware",
            WalkSource::KvmFast => "KVM fast path",
            WalkSource::KvmSlow => "KVM slow path",
        }
    }

    /// A name for tests and styles.
    pub const fn short(self) -> &'static str {
        match self {
            WalkSource::Hardware => "hw",
            WalkSource::KvmFast => "fast",
            WalkSource::KvmSlow => "slow",
        }
    }

    /// What the walk is, in words.
    pub const fn label(self) -> &'static str {
        match self {
            WalkSource::Hardware => "What the hardware does (the architecture)",
            WalkSource::KvmFast => {
                "KVM's fast path: the real CPU walks, through KVM's shadow stage 2"
            }
            WalkSource::KvmSlow => "KVM's slow path: KVM walks the tables in software",
        }
    }
}

/// What the centre column shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CentreTab {
    /// The walk animated step by step.
    Walk,
    /// KVM's decision: the flowchart of both logics, lit decision by decision.
    Decision,
    /// The hardware's walk and KVM's two walks side by side.
    Compare,
}

/// How many decisions KVM's trace for this query records.
pub fn decisions(r: &QueryResult) -> usize {
    r.kvm_trace
        .steps
        .iter()
        .filter(|s| matches!(s, KvmStep::Decision { .. }))
        .count()
}

/// The steps of `source` for one query: the hardware trace, or the fast or slow walk from KVM's trace.
pub fn walk_steps(r: &QueryResult, source: WalkSource) -> Vec<Step> {
    match source {
        WalkSource::Hardware => r.trace.clone(),
        WalkSource::KvmFast => r
            .kvm_trace
            .steps
            .iter()
            .filter_map(|s| match s {
                KvmStep::FastWalk { steps, .. } => Some(steps.clone()),
                _ => None,
            })
            .flatten()
            .collect(),
        WalkSource::KvmSlow => r
            .kvm_trace
            .steps
            .iter()
            .filter_map(|s| match s {
                KvmStep::SlowWalk { steps, .. } => Some(steps.clone()),
                _ => None,
            })
            .flatten()
            .collect(),
    }
}

/// The other KVM logic.
pub const fn other_logic(l: KvmLogic) -> KvmLogic {
    match l {
        KvmLogic::Merged => KvmLogic::V1,
        KvmLogic::V1 => KvmLogic::Merged,
    }
}
