//! KVM's emulation steps in words: each decision, the fast path's
//! hardware walks, the slow path's phases and the PAR written.

use crate::at::AtOutcome;
use crate::kvm::{FastPathPan, KvmLogic, KvmStep};
use crate::sentence::ExplainedStep;
use crate::trace::Step;

impl KvmStep {
    /// The step in one sentence a student can read.
    pub fn sentence(&self) -> String {
        match self {
            KvmStep::Decision {
                func,
                line,
                cond,
                value,
                next,
                ..
            } => {
                let at = crate::kvm::flow::location(func, *line);
                format!("{at}: `{cond}` is {value}: {next}.")
            }
            KvmStep::FastWalk {
                func,
                op,
                pstate_pan,
                steps,
                hw,
            } => {
                let what = match hw {
                    AtOutcome::Par { par } => format!("PAR_EL1 = {par}"),
                    AtOutcome::Abort { .. } | AtOutcome::Undefined { .. } => {
                        "the AT takes an exception, so KVM sees a failure".to_string()
                    }
                };
                format!(
                    "{func}(): the real CPU runs AT {} with PSTATE.PAN={} through KVM's shadow stage 2 ({} steps): {what}.",
                    op.name(),
                    u8::from(*pstate_pan),
                    steps.len()
                )
            }
            KvmStep::SlowWalk { phase, steps } => format!(
                "{}(): KVM's software walk, {} steps.",
                phase.func(),
                steps.len()
            ),
            KvmStep::WritePar { func, line, par } => format!(
                "{}: the guest hypervisor's PAR_EL1 = {par}.",
                crate::kvm::flow::location(func, *line)
            ),
            KvmStep::Model {
                fast_path_pan,
                guest_pan,
                hw_pan,
            } => match fast_path_pan {
                FastPathPan::AsMerged => format!(
                    "Model FastPathPan::AsMerged (default): at_s1e1p_fast() writes *vcpu_cpsr(vcpu) & PSTATE_PAN, and PSTATE_PAN is the MSR-immediate encoding 0x80, not PSR_PAN_BIT: the CPU runs with PSTATE.PAN={} although the guest hypervisor's PSTATE.PAN is {}.",
                    u8::from(*hw_pan),
                    u8::from(*guest_pan)
                ),
                FastPathPan::Intended => format!(
                    "Model FastPathPan::Intended: the CPU runs with the guest hypervisor's PSTATE.PAN={}, as the patch series intends (docs/kvm-model.md; at 0090c0a247cd the code passes 0).",
                    u8::from(*hw_pan)
                ),
            },
            KvmStep::Compare {
                logic,
                par,
                path,
                slow_walks,
                differs,
            } => {
                let l = match logic {
                    KvmLogic::Merged => "the merged logic",
                    KvmLogic::V1 => "the v1 logic",
                };
                let p = path.name();
                if *differs {
                    format!(
                        "The final PAR_EL1 differs from {l}'s: it answers {par} ({p} path, {slow_walks} software walk(s))."
                    )
                } else {
                    format!(
                        "{l} gives the same PAR_EL1 {par} ({p} path, {slow_walks} software walk(s))."
                    )
                }
            }
        }
    }
}

/// A KVM step with its sentence, and the walk it holds explained, as the
/// command line's `--trace` shows it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ExplainedKvmStep<'a> {
    /// The step.
    #[serde(flatten)]
    pub step: &'a crate::kvm::trace::KvmStep,
    /// [`crate::kvm::trace::KvmStep::sentence`].
    pub sentence: String,
    /// The hardware or software walk of a `FastWalk` or `SlowWalk` step, explained.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub walk: Vec<ExplainedStep<'a>>,
}

impl crate::kvm::trace::KvmStep {
    /// This step with its sentence, and its walk's steps explained.
    pub fn explained(&self) -> ExplainedKvmStep<'_> {
        use crate::kvm::trace::KvmStep;
        let walk = match self {
            KvmStep::FastWalk { steps, .. } | KvmStep::SlowWalk { steps, .. } => {
                steps.iter().map(Step::explained).collect()
            }
            _ => Vec::new(),
        };
        ExplainedKvmStep {
            step: self,
            sentence: self.sentence(),
            walk,
        }
    }
}
