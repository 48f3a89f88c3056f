//! An exercise under way: the scenario it loaded, the student's marks once they predicted. The
//! answer and the marks come from `atwalk_teach::exercise`; the app computes neither.
//!
//! An exercise lasts while its scenario is the one on show: an edit, an undo or another load makes
//! a new scenario, and the exercise is over (its answer was for the scenario it loaded).

use atwalk_teach::exercise::{self, Exercise, Prediction};

use super::model::AppState;
use super::walk::{CentreTab, WalkSource};

pub use super::exercise_run::{ExerciseRun, step_place};

impl AppState {
    /// The exercise under way, if its scenario is the one on show.
    pub fn exercise_on(&self) -> Option<&std::rc::Rc<ExerciseRun>> {
        self.exercise
            .as_ref()
            .filter(|r| r.scenario == self.scenario)
    }

    /// An exercise is under way and the student has not predicted yet: the walk and the result
    /// stay hidden.
    pub fn quiz(&self) -> bool {
        self.exercise_on().is_some_and(|r| r.marks.is_none())
    }

    /// Starts an exercise (its scenario loaded, undoably, at its query), or leaves the one under
    /// way (`None`).
    pub fn start_exercise(&mut self, ex: Option<Exercise>) {
        let Some(ex) = ex else {
            self.exercise = None;
            return;
        };
        self.tab = CentreTab::Walk;
        self.source = WalkSource::Hardware;
        self.cursor = Some(0);
        self.playing = false;
        let query = ex.query;
        if !self.replace(ex.scenario.clone()) {
            self.evaluate();
        }
        if query != self.query && query < self.scenario.queries.len() {
            self.query = query;
            self.evaluate();
        }
        self.notice = None;
        self.exercise = Some(std::rc::Rc::new(ExerciseRun {
            ex,
            scenario: self.scenario.clone(),
            marks: None,
        }));
    }

    /// Marks the student's prediction, then animates the walk (or, for KVM, its decision) from
    /// the first step.
    pub fn predict(&mut self, p: &Prediction) {
        let Some(run) = self.exercise_on() else {
            return;
        };
        let marks = exercise::mark(&run.ex, p);
        let kvm = run.ex.kvm;
        self.exercise = Some(std::rc::Rc::new(ExerciseRun {
            ex: run.ex.clone(),
            scenario: run.scenario.clone(),
            marks: Some(marks),
        }));
        self.query = self.exercise.as_ref().map_or(0, |r| r.ex.query);
        self.source = WalkSource::Hardware;
        self.tab = if kvm {
            CentreTab::Decision
        } else {
            CentreTab::Walk
        };
        self.evaluate();
        self.cursor = Some(0);
        self.playing = self.anim_len() > 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Action, Prefs};
    use atwalk_teach::exercise::{Difficulty, Outcome, Topic, generate};
    use std::rc::Rc;
    use yew::prelude::*;

    fn start(ex: &Exercise) -> Rc<AppState> {
        let s = crate::fixtures::fixture("plain-4k-walk");
        Rc::new(AppState::new(s, Prefs::default(), None))
            .reduce(Action::Exercise(Some(Box::new(ex.clone()))))
    }

    #[test]
    fn the_answer_is_hidden_until_the_student_predicts() {
        let ex = generate(Topic::Faults, Difficulty::Easy, 7);
        let s = start(&ex);
        assert!(s.quiz());
        assert_eq!(*s.scenario, ex.scenario);
        assert_eq!(s.query, ex.query);
        let right = Prediction {
            outcome: Some(ex.answer.outcome),
            ..Prediction::default()
        };
        let t = s.clone().reduce(Action::Predict(right));
        assert!(!t.quiz());
        let marks = t.exercise_on().unwrap().marks.clone().unwrap();
        assert!(marks.len() == 1 && marks[0].right);
        let wrong = Prediction {
            outcome: Some(Outcome::Undefined),
            ..Prediction::default()
        };
        let w = s.clone().reduce(Action::Predict(wrong));
        assert!(!w.exercise_on().unwrap().marks.as_ref().unwrap()[0].right);
        // An edit ends it.
        let mut sc = (*s.scenario).clone();
        sc.title = "changed".into();
        assert!(s.reduce(Action::Edit(sc)).exercise_on().is_none());
    }

    #[test]
    fn kvm_steps_point_at_a_decision() {
        let ex = generate(Topic::Kvm, Difficulty::Easy, 3);
        let s = start(&ex);
        let run = s.exercise_on().unwrap();
        let (tab, i) = step_place(run, ex.answer.path_step);
        assert_eq!(tab, CentreTab::Decision);
        assert!(i < crate::state::decisions(&ex.answer.result));
    }
}
