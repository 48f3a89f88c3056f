//! The app's state: the scenario, its evaluation (computed once per edit and shared), the query on
//! show, the animation cursor, undo/redo, and the display preferences. One reducer owns it all.

use std::rc::Rc;

use atwalk_core::eval::{EvalOptions, Evaluation, QueryResult, evaluate};
use atwalk_core::kvm::{KvmLogic, KvmStep};
use atwalk_core::scenario::Scenario;
use atwalk_core::trace::Step;
use yew::prelude::*;

/// How many edits undo remembers.
const UNDO_DEPTH: usize = 200;

/// An `Rc` that props compare by pointer: a new value is a new allocation, so equality is cheap.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Shared<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Shared(Rc::new(value))
    }
}

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

    /// The selector's label.
    pub const fn label(self) -> &'static str {
        match self {
            WalkSource::Hardware => "Architecture (hardware)",
            WalkSource::KvmFast => "KVM fast path (shadow stage 2)",
            WalkSource::KvmSlow => "KVM slow path (software walk)",
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
}

/// How many decisions KVM's trace for this query records.
pub fn decisions(r: &QueryResult) -> usize {
    r.kvm_trace
        .steps
        .iter()
        .filter(|s| matches!(s, KvmStep::Decision { .. }))
        .count()
}

/// The colour scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follow prefers-color-scheme.
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl Theme {
    /// The name stored and put in `data-theme`.
    pub const fn name(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// From [`Theme::name`].
    pub fn from_name(name: &str) -> Theme {
        match name {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// A message for the user: an error (bad file, bad link) or a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// An error rather than a note.
    pub error: bool,
    /// The text.
    pub text: String,
}

/// Display preferences, saved apart from the scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prefs {
    /// Colour scheme.
    pub theme: Theme,
    /// Large type for projectors.
    pub large: bool,
    /// KVM's decision logic.
    pub kvm: KvmLogic,
    /// Milliseconds per animation step.
    pub speed_ms: u32,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            theme: Theme::System,
            large: false,
            kvm: KvmLogic::Merged,
            speed_ms: 700,
        }
    }
}

/// Everything the app shows.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// The scenario being edited.
    pub scenario: Shared<Scenario>,
    /// Its evaluation with the selected KVM logic.
    pub eval: Shared<Evaluation>,
    /// Its evaluation with the other KVM logic, for the side-by-side view.
    pub other: Shared<Evaluation>,
    /// The query on show.
    pub query: usize,
    /// Which walk the centre animates.
    pub source: WalkSource,
    /// The steps of that walk (top level; stage 2 walks nest inside).
    pub walk: Shared<Vec<Step>>,
    /// What the centre shows: the walk, or KVM's decision.
    pub tab: CentreTab,
    /// The animation step on show (a walk step, or a decision on the decision tab); `None`: the
    /// end.
    pub cursor: Option<usize>,
    /// Whether the animation is playing.
    pub playing: bool,
    /// Earlier scenarios.
    pub undo: Vec<Shared<Scenario>>,
    /// Scenarios undone.
    pub redo: Vec<Shared<Scenario>>,
    /// Preferences.
    pub prefs: Prefs,
    /// A message on show.
    pub notice: Option<Notice>,
}

/// What can happen.
pub enum Action {
    /// An editor changed the scenario (undoable).
    Edit(Scenario),
    /// A whole scenario arrived (example, file, link): undoable, with a note.
    Load(Scenario, String),
    /// Undo the last edit.
    Undo,
    /// Redo.
    Redo,
    /// Show another query.
    SelectQuery(usize),
    /// Animate another walk (and show it).
    Source(WalkSource),
    /// Show the walk or KVM's decision in the centre.
    Tab(CentreTab),
    /// Jump to a step (`None`: the end).
    Jump(Option<usize>),
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

impl AppState {
    /// The state for `scenario` with `prefs`.
    pub fn new(scenario: Scenario, prefs: Prefs, notice: Option<Notice>) -> AppState {
        let mut s = AppState {
            scenario: Shared::new(scenario),
            eval: Shared::new(Evaluation::default()),
            other: Shared::new(Evaluation::default()),
            query: 0,
            source: WalkSource::Hardware,
            walk: Shared::new(Vec::new()),
            tab: CentreTab::Walk,
            cursor: None,
            playing: false,
            undo: Vec::new(),
            redo: Vec::new(),
            prefs,
            notice,
        };
        s.evaluate();
        s
    }

    /// The result of the query on show.
    pub fn result(&self) -> Option<&QueryResult> {
        self.eval.results.get(self.query)
    }

    /// How many steps the animation has: the walk's, or on the decision tab the most decisions
    /// either logic takes for the query.
    pub fn anim_len(&self) -> usize {
        match self.tab {
            CentreTab::Walk => self.walk.len(),
            CentreTab::Decision => [&self.eval, &self.other]
                .iter()
                .filter_map(|e| e.results.get(self.query))
                .map(decisions)
                .max()
                .unwrap_or(0),
        }
    }

    /// The step index on show.
    pub fn cursor_index(&self) -> usize {
        let last = self.anim_len().saturating_sub(1);
        self.cursor.map_or(last, |c| c.min(last))
    }

    /// Re-evaluates after a change of scenario or logic (once per edit).
    fn evaluate(&mut self) {
        let opts = EvalOptions {
            kvm: self.prefs.kvm,
            trace: true,
        };
        self.eval = Shared::new(evaluate(&self.scenario, &opts));
        let other = EvalOptions {
            kvm: other_logic(self.prefs.kvm),
            trace: true,
        };
        self.other = Shared::new(evaluate(&self.scenario, &other));
        if self.query >= self.eval.results.len() {
            self.query = self.eval.results.len().saturating_sub(1);
        }
        self.rewalk();
    }

    /// Recomputes the animated walk; a cursor past the new end goes to the end.
    fn rewalk(&mut self) {
        let steps = self
            .result()
            .map(|r| walk_steps(r, self.source))
            .unwrap_or_default();
        self.walk = Shared::new(steps);
        if let Some(c) = self.cursor
            && c + 1 >= self.anim_len()
        {
            self.cursor = None;
            self.playing = false;
        }
    }

    fn replace(&mut self, scenario: Scenario) {
        self.undo.push(self.scenario.clone());
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.scenario = Shared::new(scenario);
        self.evaluate();
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Edit(scenario) => {
                if scenario == *s.scenario {
                    return self;
                }
                s.replace(scenario);
            }
            Action::Load(scenario, note) => {
                s.replace(scenario);
                s.query = 0;
                s.cursor = None;
                s.playing = false;
                s.rewalk();
                s.notice = Some(Notice {
                    error: false,
                    text: note,
                });
            }
            Action::Undo => {
                let Some(prev) = s.undo.pop() else {
                    return self;
                };
                s.redo.push(std::mem::replace(&mut s.scenario, prev));
                s.evaluate();
            }
            Action::Redo => {
                let Some(next) = s.redo.pop() else {
                    return self;
                };
                s.undo.push(std::mem::replace(&mut s.scenario, next));
                s.evaluate();
            }
            Action::SelectQuery(q) => {
                if q == s.query || q >= s.eval.results.len() {
                    return self;
                }
                s.query = q;
                s.cursor = None;
                s.playing = false;
                s.rewalk();
            }
            Action::Source(src) => {
                if src == s.source && s.tab == CentreTab::Walk {
                    return self;
                }
                s.source = src;
                s.tab = CentreTab::Walk;
                s.cursor = None;
                s.playing = false;
                s.rewalk();
            }
            Action::Tab(t) => {
                if t == s.tab {
                    return self;
                }
                s.tab = t;
                s.cursor = None;
                s.playing = false;
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
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> AppState {
        let s = Scenario::from_json(crate::examples::EXAMPLES[0].json).unwrap();
        AppState::new(s, Prefs::default(), None)
    }

    #[test]
    fn default_example_par() {
        let s = state();
        let r = s.result().unwrap();
        assert_eq!(r.hw.par(), Some(atwalk_core::regs::ParEl1(0x81f)));
        assert!(s.walk.len() > 5);
        assert_eq!(s.cursor_index(), s.walk.len() - 1);
    }

    #[test]
    fn edit_undo_redo() {
        let s = Rc::new(state());
        let mut sc = (*s.scenario).clone();
        sc.cpu.pstate_pan = false;
        let s = s.reduce(Action::Edit(sc));
        assert!(matches!(
            s.result().unwrap().hw,
            atwalk_core::at::AtOutcome::Par { par: atwalk_core::regs::ParEl1(p) } if p != 0x81f
        ));
        let s = s.reduce(Action::Undo);
        assert!(s.scenario.cpu.pstate_pan);
        let s = s.reduce(Action::Redo);
        assert!(!s.scenario.cpu.pstate_pan);
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
