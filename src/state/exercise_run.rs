//! An exercise under way, as data: the exercise, the scenario it loaded and the student's marks,
//! and where a step of its answer is on screen. What the state does with it is [`super::exercise`].

use atwalk_core::kvm::KvmStep;
use atwalk_core::scenario::Scenario;
use atwalk_teach::exercise::{Exercise, Mark, StepRef};

use super::shared::Shared;
use super::walk::CentreTab;

/// An exercise under way.
#[derive(Debug, PartialEq)]
pub struct ExerciseRun {
    /// The exercise (its answer hidden until the student predicts).
    pub ex: Exercise,
    /// The scenario it loaded: the exercise lasts while this is the one on show.
    pub scenario: Shared<Scenario>,
    /// The marks, once the student predicted.
    pub marks: Option<Vec<Mark>>,
}

/// Where a step of the answer is on screen: the centre tab and the animation position to jump to
/// (the walk's top-level step, or the KVM decision on show when the step was reached).
pub fn step_place(run: &ExerciseRun, step: StepRef) -> (CentreTab, usize) {
    match step {
        StepRef::Walk(i) => (CentreTab::Walk, i),
        StepRef::Kvm(i) => {
            let steps = &run.ex.answer.result.kvm_trace.steps;
            let before = steps
                .iter()
                .take(i)
                .filter(|s| matches!(s, KvmStep::Decision { .. }))
                .count();
            let at = matches!(steps.get(i), Some(KvmStep::Decision { .. }));
            (
                CentreTab::Decision,
                if at { before } else { before.saturating_sub(1) },
            )
        }
    }
}
