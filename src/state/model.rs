//! [`AppState`]: everything the app shows, and how it follows a change of scenario, logic, query
//! or walk: the evaluation once per edit, then what the view needs of the query on show.

use atwalk_core::eval::{EvalOptions, Evaluation, QueryResult, evaluate};
use atwalk_core::layout::{PlacedTable, walk_tables};
use atwalk_core::scenario::Scenario;
use atwalk_core::trace::{Step, StepKind};

use super::history::History;
use super::prefs::{Notice, Prefs};
use super::shared::Shared;
use super::walk::{CentreTab, WalkSource, decisions, other_logic, walk_steps};

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
    /// The architectural walk of the query on show (its VA bits, tables and table pages).
    pub hw_walk: Shared<Vec<Step>>,
    /// The tables that walk reads, placed in guest memory by the core.
    pub tables: Shared<Vec<PlacedTable>>,
    /// Which walk the centre animates.
    pub source: WalkSource,
    /// The steps of that walk (top level; stage 2 walks nest inside).
    pub walk: Shared<Vec<Step>>,
    /// The places the walk tab steps through: each top-level step and, when stage 2 walks are
    /// unfolded, each step of each stage 2 walk after its `Stage2` step.
    pub positions: Shared<Vec<(usize, Option<usize>)>>,
    /// What the centre shows: the walk, or KVM's decision.
    pub tab: CentreTab,
    /// The animation step on show (a walk step, or a decision on the decision tab); `None`: the
    /// end. A new scenario, query or walk opens at step 1.
    pub cursor: Option<usize>,
    /// Whether the animation is playing.
    pub playing: bool,
    /// Earlier scenarios and scenarios undone.
    pub history: History,
    /// Preferences.
    pub prefs: Prefs,
    /// A message on show.
    pub notice: Option<Notice>,
    /// The list of keyboard shortcuts is on show.
    pub help: bool,
}

impl AppState {
    /// The state for `scenario` with `prefs`.
    pub fn new(scenario: Scenario, prefs: Prefs, notice: Option<Notice>) -> AppState {
        let mut s = AppState {
            scenario: Shared::new(scenario),
            eval: Shared::new(Evaluation::default()),
            other: Shared::new(Evaluation::default()),
            query: 0,
            hw_walk: Shared::new(Vec::new()),
            tables: Shared::new(Vec::new()),
            source: WalkSource::Hardware,
            walk: Shared::new(Vec::new()),
            positions: Shared::new(Vec::new()),
            tab: CentreTab::Walk,
            // A walk opens at its first step, so a student reads it from the start.
            cursor: Some(0),
            playing: false,
            history: History::default(),
            prefs,
            notice,
            help: false,
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
            CentreTab::Walk | CentreTab::Compare => self.positions.len(),
            CentreTab::Decision => [&self.eval, &self.other]
                .iter()
                .filter_map(|e| e.results.get(self.query))
                .map(decisions)
                .max()
                .unwrap_or(0),
        }
    }

    /// The walk step on show: its top-level index, and the step of its stage 2 walk when the
    /// animation is inside one.
    pub fn position(&self) -> (usize, Option<usize>) {
        self.positions
            .get(self.cursor_index())
            .copied()
            .unwrap_or((self.cursor_index(), None))
    }

    /// The animation position of top-level step `i`.
    pub fn position_of(&self, i: usize) -> usize {
        self.positions
            .iter()
            .position(|p| *p == (i, None))
            .unwrap_or(i)
    }

    /// The step index on show (an index into [`AppState::positions`] on the walk tab).
    pub fn cursor_index(&self) -> usize {
        let last = self.anim_len().saturating_sub(1);
        self.cursor.map_or(last, |c| c.min(last))
    }

    /// Re-evaluates after a change of scenario or logic (once per edit).
    pub(super) fn evaluate(&mut self) {
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
        self.requery();
    }

    /// Recomputes what the view needs of the query on show: its architectural walk and the
    /// tables it reads, then the animated walk.
    pub(super) fn requery(&mut self) {
        let hw = self.result().map(|r| r.trace.clone()).unwrap_or_default();
        self.tables = Shared::new(walk_tables(&self.scenario, &hw));
        self.hw_walk = Shared::new(hw);
        self.rewalk();
    }

    /// Recomputes the animated walk (the architectural one is `hw_walk` itself); a cursor past the
    /// new end goes to the end.
    pub(super) fn rewalk(&mut self) {
        self.walk = match (self.source, self.result()) {
            (WalkSource::Hardware, _) => self.hw_walk.clone(),
            (source, r) => Shared::new(r.map(|r| walk_steps(r, source)).unwrap_or_default()),
        };
        let mut pos = Vec::with_capacity(self.walk.len());
        for (i, s) in self.walk.iter().enumerate() {
            pos.push((i, None));
            if let StepKind::Stage2 { steps, .. } = &s.kind
                && self.prefs.s2steps
            {
                pos.extend((0..steps.len()).map(|j| (i, Some(j))));
            }
        }
        self.positions = Shared::new(pos);
        if let Some(c) = self.cursor
            && c + 1 >= self.anim_len()
        {
            self.cursor = None;
            self.playing = false;
        }
    }

    /// An edit or a load: the scenario replaced (undoable) and evaluated.
    pub(super) fn replace(&mut self, scenario: Scenario) {
        self.history.push(self.scenario.clone());
        self.scenario = Shared::new(scenario);
        self.evaluate();
    }
}
