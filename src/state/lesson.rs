//! Presets and lessons in the reducer: a preset replaces the scenario as any load does (undoable:
//! the user's own scenario is one Undo away), with the KVM logic its expectations are for; as a
//! lesson's step it is remembered, so the page shows the lesson's bar and its route in the URL.

use atwalk_core::scenario::Scenario;
use atwalk_teach::presets::Preset;

use super::model::AppState;
use super::prefs::Notice;
use super::walk::CentreTab;

/// A preset with its scenario (whose text the teaching worker sent: `crate::library`).
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    /// The preset.
    pub preset: Preset,
    /// Its scenario.
    pub scenario: Scenario,
}

impl Opened {
    /// Preset `preset` with the scenario its text gives.
    pub fn new(preset: Preset, scenario: Scenario) -> Box<Self> {
        Box::new(Self { preset, scenario })
    }
}

/// Opens a preset (as a lesson's step when `lesson`), or leaves the lesson (`None`).
pub fn open(s: &mut AppState, opened: Option<Opened>, lesson: bool) {
    let Some(Opened {
        preset: p,
        scenario,
    }) = opened
    else {
        s.set_lesson(None);
        return;
    };
    let was_lesson = s.lesson.is_some();
    s.query = 0;
    s.tab = CentreTab::Walk;
    s.cursor = Some(0);
    s.playing = false;
    // The KVM logic the preset's `expect` is for (merged unless the index says otherwise), as
    // the tests evaluate it, so the screen shows what the preset teaches; the KVM release
    // (`kvm.version`) is part of the scenario itself, and every preset's fast-path PAN model is
    // the app's own (as-merged).
    s.prefs.kvm = p.kvm().0;
    let title = scenario.title.clone();
    let changed = s.replace(scenario);
    if !changed {
        // The same scenario: the logic may still have changed.
        s.evaluate();
    }
    s.set_lesson(lesson.then_some(p));
    s.notice = match (lesson, was_lesson) {
        // Inside a lesson its bar says where the student is.
        (true, true) => None,
        (true, false) => Some(format!(
            "The lesson \u{201c}{}\u{201d}. Undo brings back the scenario you had.",
            p.chapter.title
        )),
        (false, _) => Some(format!("Loaded the preset \u{201c}{title}\u{201d}.")),
    }
    .map(|text| Notice { error: false, text });
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use atwalk_teach::presets;
    use yew::Reducible;

    use super::*;
    use crate::state::{Action, Prefs};

    /// The action the app dispatches once the worker has sent `p`'s text.
    fn preset(p: Option<presets::Preset>, lesson: bool) -> Action {
        Action::Preset(p.map(|p| Opened::new(p, p.scenario())), lesson)
    }

    #[test]
    fn undo_and_redo_follow_the_lesson_steps() {
        let mine = presets::find("faults/1").unwrap().scenario();
        let v1 = Prefs {
            kvm: atwalk_core::kvm::KvmLogic::V1,
            ..Prefs::default()
        };
        let s = Rc::new(AppState::new(mine.clone(), v1, None));
        let p = presets::find("kvm/3").unwrap();
        let s = s.reduce(preset(Some(p), true));
        assert_eq!(s.lesson, Some(p));
        assert_eq!(*s.scenario, p.scenario());
        // The logic its expectations are for.
        assert_eq!(s.prefs.kvm, p.kvm().0);
        let s = s.reduce(preset(p.next(), true));
        assert_eq!(s.lesson.map(|l| l.step), Some(4));
        assert!(s.notice.is_none());
        // Undo goes back to step 3, in the lesson; Redo to step 4; two Undos out of it.
        let s = s.reduce(Action::Undo);
        assert_eq!((s.lesson, &*s.scenario), (Some(p), &p.scenario()));
        let s = s.reduce(Action::Redo);
        assert_eq!(s.lesson.map(|l| l.step), Some(4));
        let s = s.reduce(Action::Undo).reduce(Action::Undo);
        assert_eq!(s.lesson, None);
        assert_eq!(*s.scenario, mine);
        // A new edit after an Undo forgets the steps undone: Redo has nothing to bring back.
        let s = s.reduce(Action::Redo);
        assert_eq!(s.lesson, Some(p));
        let mut edited = (*s.scenario).clone();
        edited.title = "mine now".into();
        let s = s.reduce(Action::Edit(edited)).reduce(Action::Undo);
        assert_eq!(s.lesson, Some(p));
        let s = s.reduce(Action::Undo);
        assert_eq!(s.lesson, None);
    }

    #[test]
    fn undoing_the_students_own_edits_keeps_the_lesson() {
        let mine = presets::find("faults/1").unwrap().scenario();
        let s = Rc::new(AppState::new(mine.clone(), Prefs::default(), None));
        let p = presets::find("basics/2").unwrap();
        let s = s.reduce(preset(Some(p), true));
        let mut edited = (*s.scenario).clone();
        edited.title = "my experiment".into();
        let s = s.reduce(Action::Edit(edited.clone()));
        let s = s.reduce(Action::Undo);
        assert_eq!((s.lesson, &*s.scenario), (Some(p), &p.scenario()));
        let s = s.reduce(Action::Redo);
        assert_eq!((s.lesson, &*s.scenario), (Some(p), &edited));
        // Undoing the step's own load leaves the lesson, with the scenario from before.
        let s = s.reduce(Action::Undo).reduce(Action::Undo);
        assert_eq!((s.lesson, &*s.scenario), (None, &mine));
    }

    #[test]
    fn every_preset_meets_its_expectations_as_the_app_evaluates_it() {
        let mut s = Rc::new(AppState::new(
            atwalk_core::build::blank(),
            Prefs::default(),
            None,
        ));
        for p in presets::all() {
            s = s.reduce(preset(Some(p), false));
            for (q, query) in s.scenario.queries.iter().enumerate() {
                let s = s.clone().reduce(Action::SelectQuery(q));
                if let (Some(x), Some(r)) = (&query.expect, s.result()) {
                    assert!(r.mismatches(x).is_empty(), "{} query {q}", p.name());
                }
            }
        }
    }
}
