//! What can happen, and the reducer: each action makes the next state from the last.

use std::rc::Rc;

use atwalk_core::scenario::Scenario;
use yew::prelude::*;

use super::model::AppState;
use super::prefs::{Notice, Prefs};
use super::walk::{CentreTab, WalkSource};
use crate::limits;

/// What can happen.
pub enum Action {
    /// An editor changed the scenario (undoable).
    Edit(Scenario),
    /// Memory words written, `(address, value)`; a zero word is dropped (undoable, and undo keeps
    /// just these words).
    SetWords(Vec<(u64, u64)>),
    /// A whole scenario arrived (example, file, link): undoable, with a note.
    Load(Scenario, String),
    /// Undo the last edit.
    Undo,
    /// Redo.
    Redo,
    /// Answer as a release and open its walk where it parts from its neighbouring release
    /// ("through the releases"; undoable).
    OpenRelease(
        atwalk_core::kvm::KvmRelease,
        Option<atwalk_core::release_matrix::Parting>,
    ),
    /// Show another query.
    SelectQuery(usize),
    /// Animate another walk (and show it).
    Source(WalkSource),
    /// Show the walk or KVM's decision in the centre.
    Tab(CentreTab),
    /// Open step `i` of a walk.
    Open(WalkSource, usize),
    /// Jump to a step (`None`: the end).
    Jump(Option<usize>),
    /// Jump to top-level step `i` of the walk (from the chain or the list of steps).
    JumpStep(usize),
    /// Step into stage 2 walks, or over them.
    ToggleS2Steps,
    /// Step forward (+1) or back (-1).
    Step(i32),
    /// Play or pause.
    PlayPause,
    /// The animation timer fired.
    Tick,
    /// Preferences changed.
    Prefs(Prefs),
    /// Show a message (or clear it with `None`).
    Notice(Option<Notice>),
    /// Enter or leave presenter mode.
    TogglePresent,
    /// Open or close the machine state beside the walk.
    ToggleDrawer,
    /// Show or hide the list of keyboard shortcuts.
    Help(bool),
    /// Escape: close the shortcut list, else leave presenter mode.
    Escape,
    /// A preset loaded (undoable), as a lesson's step (`true`) or alone; `None`: leave the lesson.
    Preset(Option<Box<super::lesson::Opened>>, bool),
    /// Start an exercise (its scenario loaded), or leave the one under way (`None`).
    Exercise(Option<Box<atwalk_teach::exercise::Exercise>>),
    /// The student's prediction for the exercise under way: mark it, then animate the walk.
    Predict(atwalk_teach::exercise::Prediction),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Edit(scenario) => {
                // An edit that adds words beyond the app's limit is not made.
                if scenario.memory.len() > s.scenario.memory.len()
                    && let Err(why) = limits::check_scenario(&scenario, None)
                {
                    s.notice = Some(Notice {
                        error: true,
                        text: format!("Not changed: {why}."),
                    });
                    return Rc::new(s);
                }
                if !s.replace(scenario) {
                    return self;
                }
            }
            Action::SetWords(words) => match s.write_words(&words) {
                Ok(true) => {}
                Ok(false) => return self,
                Err(why) => {
                    s.notice = Some(Notice {
                        error: true,
                        text: format!("Not changed: {why}."),
                    })
                }
            },
            Action::Load(scenario, note) => {
                s.query = 0;
                s.tab = CentreTab::Walk;
                s.cursor = Some(0);
                s.playing = false;
                s.replace(scenario);
                s.set_lesson(None);
                s.notice = Some(Notice {
                    error: false,
                    text: note,
                });
            }
            Action::Undo | Action::Redo => {
                if !s.undo_redo(matches!(action, Action::Undo)) {
                    return self;
                }
                // The lesson step of the scenario reached: undoing a step's load goes back to the
                // step before (or out of the lesson); undoing the student's own edits keeps it.
                s.lesson = s.lesson_here();
            }
            Action::OpenRelease(r, p) => s.open_release(r, p),
            Action::Preset(p, lesson) => super::lesson::open(&mut s, p.map(|p| *p), lesson),
            Action::SelectQuery(q) => {
                if q == s.query || q >= s.scenario.queries.len() {
                    return self;
                }
                s.query = q;
                s.cursor = Some(0);
                s.playing = false;
                s.evaluate();
            }
            Action::Source(src) => {
                if src == s.source && s.tab == CentreTab::Walk {
                    return self;
                }
                s.source = src;
                s.tab = CentreTab::Walk;
                s.cursor = Some(0);
                s.playing = false;
                s.rewalk();
            }
            Action::Open(src, i) => {
                s.source = src;
                s.tab = CentreTab::Walk;
                s.playing = false;
                s.rewalk();
                let c = s.position_of(i);
                s.cursor = Some(c).filter(|c| c + 1 < s.anim_len());
            }
            Action::Tab(t) => {
                if t == s.tab {
                    return self;
                }
                s.tab = t;
                s.cursor = None;
                s.playing = false;
            }
            Action::JumpStep(i) => {
                let c = s.position_of(i);
                s.cursor = Some(c).filter(|c| c + 1 < s.anim_len());
                s.playing = false;
            }
            Action::ToggleS2Steps => {
                let (top, _) = s.position();
                s.prefs.s2steps = !s.prefs.s2steps;
                s.rewalk();
                let c = s.position_of(top);
                s.cursor = Some(c).filter(|c| c + 1 < s.anim_len());
            }
            Action::Jump(c) => {
                s.cursor = c.filter(|c| c + 1 < s.anim_len());
                s.playing = false;
            }
            Action::Step(d) => {
                let i = s.cursor_index();
                let n = s.anim_len();
                let j = if d < 0 {
                    i.saturating_sub(1)
                } else {
                    (i + 1).min(n.saturating_sub(1))
                };
                s.cursor = if j + 1 >= n { None } else { Some(j) };
                s.playing = false;
            }
            Action::PlayPause => {
                if s.playing {
                    s.playing = false;
                } else {
                    // From the end, play starts again at the first step.
                    if s.cursor.is_none() {
                        s.cursor = Some(0);
                    }
                    s.playing = s.anim_len() > 1;
                }
            }
            Action::Tick => {
                if !s.playing {
                    return self;
                }
                let next = s.cursor_index() + 1;
                if next + 1 >= s.anim_len() {
                    s.cursor = None;
                    s.playing = false;
                } else {
                    s.cursor = Some(next);
                }
            }
            Action::Prefs(p) => {
                if p == s.prefs {
                    return self;
                }
                let relogic = p.kvm != s.prefs.kvm;
                s.prefs = p;
                if relogic {
                    s.evaluate();
                }
            }
            Action::Notice(n) => {
                if n == s.notice {
                    return self;
                }
                s.notice = n;
            }
            Action::TogglePresent => s.prefs.present = !s.prefs.present,
            Action::ToggleDrawer => s.prefs.drawer = !s.prefs.drawer,
            Action::Help(h) => {
                if h == s.help {
                    return self;
                }
                s.help = h;
            }
            Action::Exercise(ex) => s.start_exercise(ex.map(|e| *e)),
            Action::Predict(p) => s.predict(&p),
            Action::Escape => {
                if s.help {
                    s.help = false;
                } else if s.prefs.present {
                    s.prefs.present = false;
                } else {
                    return self;
                }
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The PAN example: a walk KVM's two logics answer differently.
    fn state() -> AppState {
        let s = crate::fixtures::fixture("pan-blocks-s1e1rp");
        AppState::new(s, Prefs::default(), None)
    }

    #[test]
    fn stage_2_walks_step_through_and_over() {
        let s = crate::fixtures::fixture("stage2-ipa-not-pa");
        let s = Rc::new(AppState::new(s, Prefs::default(), None));
        let top = s.walk.len();
        assert_eq!(s.anim_len(), top);
        // Go to the first Stage2 step, then unfold: the same step, and its walk after it.
        let k = s
            .walk
            .iter()
            .position(|x| matches!(x.kind, atwalk_core::trace::StepKind::Stage2 { .. }))
            .unwrap();
        let s = s.reduce(Action::JumpStep(k)).reduce(Action::ToggleS2Steps);
        assert!(s.anim_len() > top + 20);
        assert_eq!(s.position(), (k, None));
        let s = s.reduce(Action::Step(1));
        assert_eq!(s.position(), (k, Some(0)));
        // Folding again keeps the top-level step.
        let s = s.reduce(Action::ToggleS2Steps);
        assert_eq!(s.position(), (k, None));
        assert_eq!(s.anim_len(), top);
    }

    #[test]
    fn the_default_opens_at_step_one() {
        let s = crate::fixtures::fixture("plain-4k-walk");
        let s = AppState::new(s, Prefs::default(), None);
        assert_eq!(s.cursor_index(), 0);
        assert_eq!(s.tables.len(), 4);
        let r = s.result().unwrap();
        assert_eq!(
            r.hw.par(),
            Some(atwalk_core::regs::ParEl1(0xff00_0000_8034_5b80))
        );
    }

    #[test]
    fn default_example_par() {
        let s = state();
        let r = s.result().unwrap();
        assert_eq!(r.hw.par(), Some(atwalk_core::regs::ParEl1(0x81f)));
        assert!(s.walk.len() > 5);
        assert_eq!(s.cursor_index(), 0);
        assert_eq!(s.tables.len(), 3);
    }

    #[test]
    fn edit_undo_redo() {
        let s = Rc::new(state());
        assert!(!s.history.can_undo());
        let mut sc = (*s.scenario).clone();
        sc.cpu.pstate_pan = false;
        let s = s.reduce(Action::Edit(sc));
        assert!(matches!(
            s.result().unwrap().hw,
            atwalk_core::at::AtOutcome::Par { par: atwalk_core::regs::ParEl1(p) } if p != 0x81f
        ));
        assert!(s.history.can_undo() && !s.history.can_redo());
        let s = s.reduce(Action::Undo);
        assert!(s.scenario.cpu.pstate_pan);
        assert!(!s.history.can_undo() && s.history.can_redo());
        let s = s.reduce(Action::Redo);
        assert!(!s.scenario.cpu.pstate_pan);
    }

    #[test]
    fn unchanged_pieces_keep_their_pointers() {
        // What a child receives stays the same allocation until it changes, so the child skips
        // its render: stepping changes no piece, a change of query no scenario.
        let s = Rc::new(state());
        let t = s.clone().reduce(Action::Step(-1));
        assert!(t.scenario == s.scenario && t.eval == s.eval && t.walk == s.walk);
        assert!(t.hw_walk == s.hw_walk && t.tables == s.tables);
        // A change of query evaluates that query (the app evaluates the query on show alone).
        let q = s.clone().reduce(Action::SelectQuery(1));
        assert!(q.scenario == s.scenario && q.eval != s.eval);
        assert!(q.hw_walk != s.hw_walk && q.tables != s.tables);
        assert_eq!((q.eval.query, s.eval.query), (1, 0));
        assert!(q.result().is_some() && q.eval.get(0).is_none());
    }

    #[test]
    fn words_written_undo_as_words() {
        let s = Rc::new(state());
        let same = s
            .clone()
            .reduce(Action::SetWords(vec![(0x4020_2008, 0x4040_0743)]));
        assert!(
            Rc::ptr_eq(&s, &same),
            "writing a word as it is changes nothing"
        );
        // AP 0b00 (EL1 only): PAN does not apply, S1E1RP succeeds.
        let t = s
            .clone()
            .reduce(Action::SetWords(vec![(0x4020_2008, 0x4040_0703)]));
        assert!(t.result().unwrap().hw.par() != s.result().unwrap().hw.par());
        // A zero word is dropped; undo brings both writes back.
        let u = t.reduce(Action::SetWords(vec![(0x4020_0000, 0)]));
        assert!(!u.scenario.memory.contains_key(&0x4020_0000));
        let v = u.reduce(Action::Undo).reduce(Action::Undo);
        assert_eq!(*v.scenario, *s.scenario);
        assert!(v.reduce(Action::Redo).scenario.memory[&0x4020_2008] == 0x4040_0703);
    }

    #[test]
    fn an_edit_that_changes_nothing_is_not_an_edit() {
        let s = Rc::new(state());
        let t = s.clone().reduce(Action::Edit((*s.scenario).clone()));
        assert!(Rc::ptr_eq(&s, &t) && !t.history.can_undo());
    }

    #[test]
    fn stepping() {
        let s = Rc::new(state());
        let n = s.walk.len();
        let s = s.reduce(Action::Jump(Some(0)));
        assert_eq!(s.cursor, Some(0));
        let s = s.reduce(Action::Step(1));
        assert_eq!(s.cursor_index(), 1);
        let s = s.reduce(Action::Step(-1)).reduce(Action::Step(-1));
        assert_eq!(s.cursor_index(), 0);
        let s = s.reduce(Action::PlayPause);
        assert!(s.playing);
        let mut s = s;
        for _ in 0..n {
            s = s.reduce(Action::Tick);
        }
        assert!(!s.playing);
        assert_eq!(s.cursor, None);
    }

    #[test]
    fn decision_tab_steps_through_decisions() {
        let s = Rc::new(state());
        let s = s.reduce(Action::Jump(Some(0)));
        let s = s.reduce(Action::Tab(CentreTab::Decision));
        assert_eq!(s.cursor, None);
        // The default example: merged decides 6 times (fast path), v1 17 times (slow path).
        assert_eq!(s.anim_len(), 17);
        let s = s.reduce(Action::Jump(Some(0))).reduce(Action::Step(1));
        assert_eq!(s.cursor_index(), 1);
        // Animating a walk from the flowchart goes back to the walk.
        let s = s.reduce(Action::Source(WalkSource::KvmSlow));
        assert_eq!(s.tab, CentreTab::Walk);
        assert_eq!(s.anim_len(), s.walk.len());
    }
}
