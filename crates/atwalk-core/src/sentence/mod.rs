//! One sentence per trace step, for the command line and the app alike:
//! what was computed, from which bits, and what followed. One file per
//! phase of the walk; KVM's differences in [`differs`].

mod differs;
mod end;
mod leaf;
mod setup;
mod walk;

use crate::fault::Stage;
use crate::trace::{AccessCheck, Perms, Step, StepKind};

/// A permission string and its words: `RW- (read and write, not execute)`, `--- (no access)`.
pub(super) fn rw(p: &Perms, el0: bool) -> String {
    let (r, w, x) = if el0 {
        (p.ur, p.uw, p.ux)
    } else {
        (p.pr, p.pw, p.px)
    };
    let mut s = String::new();
    s.push(if r { 'R' } else { '-' });
    s.push(if w { 'W' } else { '-' });
    s.push(if x { 'X' } else { '-' });
    let may: Vec<&str> = [(r, "read"), (w, "write"), (x, "execute")]
        .iter()
        .filter(|(ok, _)| *ok)
        .map(|(_, what)| *what)
        .collect();
    let words = match may.as_slice() {
        [] => "no access".to_string(),
        [a] => format!("{a} only"),
        [a, b] => format!("{a} and {b}"),
        _ => "read, write and execute".to_string(),
    };
    format!("{s} ({words})")
}

pub(super) fn check_word(c: AccessCheck) -> &'static str {
    match c {
        AccessCheck::Read => "read",
        AccessCheck::Write => "write",
        AccessCheck::None => "translation without a permission check",
    }
}

impl Step {
    /// The step in one sentence a student can read.
    pub fn sentence(&self) -> String {
        let stage = match self.stage {
            Stage::S1 => "Stage 1",
            Stage::S2 => "Stage 2",
        };
        match &self.kind {
            StepKind::Access { .. }
            | StepKind::Undefined { .. }
            | StepKind::S1Enable { .. }
            | StepKind::Flat { .. }
            | StepKind::SelectTtbr { .. }
            | StepKind::GranuleDecode { .. }
            | StepKind::TxSz { .. }
            | StepKind::VaRange { .. }
            | StepKind::E0pd { .. }
            | StepKind::Epd { .. }
            | StepKind::WalkParams { .. } => setup::sentence(self, stage),
            StepKind::Index { .. }
            | StepKind::AddressSize { .. }
            | StepKind::Stage2 { .. }
            | StepKind::Read { .. }
            | StepKind::ReadAbort { .. }
            | StepKind::Table { .. }
            | StepKind::Leaf { .. }
            | StepKind::AccessFlag { .. } => walk::sentence(self),
            StepKind::Perms { .. } | StepKind::Attrs { .. } => leaf::sentence(self),
            StepKind::S2Config { .. }
            | StepKind::IpaRange { .. }
            | StepKind::S2Perms { .. }
            | StepKind::Fault { .. }
            | StepKind::Par { .. }
            | StepKind::Abort { .. } => end::sentence(self),
            StepKind::KvmDiffers { kvm, arch, what } => {
                let c = arch.citation();
                format!(
                    "KVM differs: {} [KVM: {kvm}; architecture: {}, {}.]",
                    differs::sentence(what),
                    arch.id(),
                    c.pseudocode
                )
            }
        }
    }
}

impl Step {
    /// The sentence a student reads first: [`Step::sentence`] without KVM's function names and
    /// the rule behind a difference, which [`Step::expert`] gives.
    pub fn student(&self) -> String {
        match &self.kind {
            StepKind::KvmDiffers { what, .. } => {
                format!("KVM differs here: {}", differs::sentence(what))
            }
            _ => self.sentence(),
        }
    }

    /// The expert's details of a step, beyond its rule citation: where in KVM's code a
    /// difference is, and the architecture's rule it parts from.
    pub fn expert(&self) -> Option<String> {
        match &self.kind {
            StepKind::KvmDiffers { kvm, arch, .. } => {
                let c = arch.citation();
                Some(format!(
                    "KVM: {kvm}; architecture: {}, {}.",
                    arch.id(),
                    c.pseudocode
                ))
            }
            _ => None,
        }
    }
}

/// A step with its sentence and citation, as the command line's `--trace`
/// and exported traces show it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ExplainedStep<'a> {
    /// The step.
    #[serde(flatten)]
    pub step: &'a Step,
    /// [`Step::sentence`].
    pub sentence: String,
    /// The rule ID, or the pseudocode function where no ID exists.
    pub cite: &'static str,
    /// The pseudocode function that decides the step.
    pub pseudocode: &'static str,
    /// Nested stage 2 steps, explained (for `Stage2` steps).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stage2: Vec<ExplainedStep<'a>>,
}

impl Step {
    /// This step with its sentence and citation.
    pub fn explained(&self) -> ExplainedStep<'_> {
        let c = self.rule.citation();
        let stage2 = match &self.kind {
            StepKind::Stage2 { steps, .. } => steps.iter().map(Step::explained).collect(),
            _ => Vec::new(),
        };
        ExplainedStep {
            step: self,
            sentence: self.sentence(),
            cite: self.rule.id(),
            pseudocode: c.pseudocode,
            stage2,
        }
    }
}
