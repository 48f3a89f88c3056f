//! [`AppState`]: everything the app shows, and how it follows a change of scenario, logic, query
//! or walk: the query on show evaluated once per edit (that query alone, whatever the number of
//! queries), then what the view needs of it.

use atwalk_core::eval::{EvalOptions, QueryResult, evaluate_query};
use atwalk_core::layout::{PlacedTable, walk_tables};
use atwalk_core::scenario::Scenario;
use atwalk_core::trace::{Step, StepKind};

use super::history::{Change, History};
use super::prefs::{Notice, Prefs};
use super::shared::Shared;
use super::walk::{CentreTab, WalkSource, decisions, other_logic, walk_steps};
use crate::limits;

/// The evaluation of the query on show with one KVM logic. The app evaluates no other query: what
/// it shows is that query's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evaluated {
    /// The query evaluated.
    pub query: usize,
    /// Its result; `None` when the scenario has no such query.
    pub result: Option<QueryResult>,
}

impl Evaluated {
    /// The result of query `q`, if it is the one evaluated.
    pub fn get(&self, q: usize) -> Option<&QueryResult> {
        self.result.as_ref().filter(|_| q == self.query)
    }
}

/// Everything the app shows.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// The scenario being edited.
    pub scenario: Shared<Scenario>,
    /// The query on show evaluated with the selected KVM logic.
    pub eval: Shared<Evaluated>,
    /// The same with the other KVM logic, for the side-by-side view.
    pub other: Shared<Evaluated>,
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
    /// The lesson step on show, if a lesson is being followed ([`super::lesson`]).
    pub lesson: Option<atwalk_teach::presets::Preset>,
    /// Where in the history the lesson changed: (the history's depth, the lesson step from there
    /// on), oldest first. Undo and Redo take the lesson of the depth they reach, so undoing a
    /// step's load goes back to the step before, and undoing the student's own edits of a step
    /// keeps it ([`AppState::lesson_here`]).
    pub lesson_trail: Vec<(usize, Option<atwalk_teach::presets::Preset>)>,
    /// An exercise (see [`super::exercise`]).
    pub exercise: Option<std::rc::Rc<super::exercise_run::ExerciseRun>>,
    /// Where the release opened from "through the releases" parts from its neighbour (see
    /// [`super::parts`]); dropped at the next evaluation.
    pub parts: Option<super::parts_mark::PartsMark>,
}

impl AppState {
    /// The state for `scenario` with `prefs`.
    pub fn new(scenario: Scenario, prefs: Prefs, notice: Option<Notice>) -> AppState {
        let mut s = AppState {
            scenario: Shared::new(scenario),
            eval: Shared::new(Evaluated::default()),
            other: Shared::new(Evaluated::default()),
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
            lesson: None,
            lesson_trail: Vec::new(),
            exercise: None,
            parts: None,
        };
        s.evaluate();
        s
    }

    /// The result of the query on show.
    pub fn result(&self) -> Option<&QueryResult> {
        self.eval.get(self.query)
    }

    /// How many steps the animation has: the walk's, or on the decision tab the most decisions
    /// either logic takes for the query.
    pub fn anim_len(&self) -> usize {
        match self.tab {
            CentreTab::Walk | CentreTab::Compare => self.positions.len(),
            CentreTab::Decision => [&self.eval, &self.other]
                .iter()
                .filter_map(|e| e.get(self.query))
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

    /// Re-evaluates the query on show after a change of scenario, query or logic (once per
    /// edit), with both KVM logics, then recomputes what the view needs of it: its architectural
    /// walk and the tables it reads, then the animated walk.
    pub(super) fn evaluate(&mut self) {
        if self.query >= self.scenario.queries.len() {
            self.query = self.scenario.queries.len().saturating_sub(1);
        }
        let run = |kvm| Evaluated {
            query: self.query,
            result: evaluate_query(
                &self.scenario,
                self.query,
                &EvalOptions { kvm, trace: true },
            ),
        };
        self.parts = None;
        self.eval = Shared::new(run(self.prefs.kvm));
        self.other = Shared::new(run(other_logic(self.prefs.kvm)));
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

    /// An edit or a load: the scenario replaced (undoable: the history keeps what changed) and
    /// evaluated; `false` when nothing changed.
    pub(super) fn replace(&mut self, scenario: Scenario) -> bool {
        let Some(back) = Change::between(&self.scenario, &scenario) else {
            return false;
        };
        self.history.push(back);
        self.forget_undone_lessons();
        self.scenario = Shared::new(scenario);
        self.evaluate();
        true
    }

    /// After an edit: the lessons of the scenarios undone before it are gone with their redo.
    fn forget_undone_lessons(&mut self) {
        let d = self.history.depth();
        self.lesson_trail.retain(|(at, _)| *at < d);
    }

    /// Sets the lesson step from the scenario on show on.
    pub(super) fn set_lesson(&mut self, lesson: Option<atwalk_teach::presets::Preset>) {
        self.lesson = lesson;
        self.lesson_trail.push((self.history.depth(), lesson));
    }

    /// The lesson step at the history's current depth (after Undo or Redo).
    pub(super) fn lesson_here(&self) -> Option<atwalk_teach::presets::Preset> {
        let d = self.history.depth();
        self.lesson_trail
            .iter()
            .rev()
            .find(|(at, _)| *at <= d)
            .and_then(|(_, l)| *l)
    }

    /// Writes memory words (a zero word is dropped: absent words read as 0), undoable as those
    /// words alone, and evaluates; `false` when no word changes.
    ///
    /// # Errors
    /// The app's limit on words, if the writes would pass it (nothing is written).
    pub(super) fn write_words(&mut self, words: &[(u64, u64)]) -> Result<bool, String> {
        let mut s = (*self.scenario).clone();
        let mut back = Vec::with_capacity(words.len());
        for &(at, v) in words {
            let was = if v == 0 {
                s.memory.remove(&at)
            } else {
                s.memory.insert(at, v)
            };
            if was != Some(v) && !(was.is_none() && v == 0) {
                back.push((at, was));
            }
        }
        if back.is_empty() {
            return Ok(false);
        }
        if s.memory.len() > self.scenario.memory.len() {
            limits::check_scenario(&s, None)?;
        }
        self.history.push(Change::Words(back));
        self.forget_undone_lessons();
        self.scenario = Shared::new(s);
        self.evaluate();
        Ok(true)
    }

    /// Undo (`true`) or redo (`false`) the last edit, if there is one; `false` if not.
    pub(super) fn undo_redo(&mut self, undo: bool) -> bool {
        let mut s = (*self.scenario).clone();
        let done = if undo {
            self.history.undo(&mut s)
        } else {
            self.history.redo(&mut s)
        };
        if done {
            self.scenario = Shared::new(s);
            self.evaluate();
        }
        done
    }
}
