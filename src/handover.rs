//! The hand-over's content and its text (`atwalk-handover/1`): what the first screen gives the
//! full app ([`crate::takeover`]), one `key value` per line, the scenario's at-scenario/1 text last
//! when it has to travel (a share link's, or one the first screen loaded); the autosave and the
//! default preset are read again where they are.

use atwalk_core::scenario::Scenario;
use atwalk_teach::exercise::from_scenario;
use yew::Reducible as _;

use crate::boot::{self, Booted, Origin};
use crate::hooks::autosave;
use crate::hooks::exercise_link as link;
use crate::state::{Action, AppState, CentreTab, Notice, Prefs, Shared, WalkSource};
use crate::{limits, storage};

/// The first line of a hand-over.
const MAGIC: &str = "atwalk-handover/1";

/// Where the full app finds the scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioFrom {
    /// The default preset.
    Default,
    /// The autosave.
    Autosave,
    /// This at-scenario/1 text.
    Text(String),
}

/// What the first screen hands over.
#[derive(Clone, Debug, PartialEq)]
pub struct Handover {
    /// The scenario.
    pub scenario: ScenarioFrom,
    /// The scenario an exercise link's exercise replaced (the default preset or the autosave):
    /// Undo brings it back.
    pub under: Option<ScenarioFrom>,
    /// The autosave is to save it (it came from a link).
    pub save_first: bool,
    /// The preferences, presenter mode and stage 2 stepping included.
    pub prefs: Prefs,
    /// The message on show.
    pub notice: Option<Notice>,
    /// The exercise under way: its query, and whether it asks for KVM's answer.
    pub exercise: Option<(usize, bool)>,
    /// A generated exercise the page opened with, not yet asked for (`topic/difficulty/seed`).
    pub generated: Option<String>,
    /// The query, walk, tab and animation step on show; whether it plays; the shortcut list.
    pub query: usize,
    /// The walk on show.
    pub source: WalkSource,
    /// The centre's tab.
    pub tab: CentreTab,
    /// The animation step (`None`: the end).
    pub cursor: Option<usize>,
    /// The animation plays.
    pub playing: bool,
    /// The list of shortcuts is open.
    pub help: bool,
}

fn tab_code(t: CentreTab) -> u8 {
    match t {
        CentreTab::Walk => 0,
        CentreTab::Decision => 1,
        CentreTab::Compare => 2,
    }
}

fn tab_from(code: &str) -> CentreTab {
    match code {
        "1" => CentreTab::Decision,
        "2" => CentreTab::Compare,
        _ => CentreTab::Walk,
    }
}

fn bit(b: bool) -> char {
    if b { '1' } else { '0' }
}

impl Handover {
    /// A page as it opens with the scenario `from`: the default preferences, no message, the
    /// first query's hardware walk at step 1.
    pub fn opening(scenario: ScenarioFrom) -> Self {
        Handover {
            scenario,
            under: None,
            save_first: false,
            prefs: Prefs::default(),
            notice: None,
            exercise: None,
            generated: None,
            query: 0,
            source: WalkSource::Hardware,
            tab: CentreTab::Walk,
            cursor: Some(0),
            playing: false,
            help: false,
        }
    }

    /// What `state` hands over; `booted` is the scenario the page opened with and where it came
    /// from (it need not travel if it is still the one on show).
    pub fn of(
        state: &AppState,
        booted: Option<&(Shared<Scenario>, Booted)>,
        save_first: bool,
    ) -> Self {
        // Still the scenario the page opened with: where it came from, else its text.
        let same = booted
            .filter(|(s, _)| *s == state.scenario)
            .map(|(_, b)| *b);
        let from = |o: Origin| match o {
            Origin::Default => Some(ScenarioFrom::Default),
            Origin::Autosave => Some(ScenarioFrom::Autosave),
            Origin::Link => None,
        };
        let scenario = same
            .and_then(|b| from(b.origin))
            .unwrap_or_else(|| ScenarioFrom::Text(state.scenario.to_json()));
        let exercise = state.exercise_on().map(|r| (r.ex.query, r.ex.kvm));
        let under = same
            .and_then(|b| b.under)
            .filter(|_| exercise.is_some() && state.history.can_undo())
            .and_then(from);
        Handover {
            scenario,
            under,
            save_first,
            prefs: state.prefs,
            notice: state.notice.clone(),
            exercise,
            generated: link::pending_spec(),
            query: state.query,
            source: state.source,
            tab: state.tab,
            cursor: state.cursor,
            playing: state.playing,
            help: state.help,
        }
    }

    /// The hand-over as text.
    pub fn to_text(&self) -> String {
        let mut t = format!("{MAGIC}\nprefs {}\n", storage::prefs_to_text(&self.prefs));
        let src = WalkSource::ALL
            .iter()
            .position(|w| *w == self.source)
            .unwrap_or(0);
        let cursor = self.cursor.map_or("end".to_string(), |c| c.to_string());
        t += &format!(
            "view {} {src} {} {cursor}\n",
            self.query,
            tab_code(self.tab)
        );
        let flags = [
            self.prefs.present,
            self.prefs.s2steps,
            self.playing,
            self.help,
            self.save_first,
        ];
        t += &format!("flags {}\n", flags.map(bit).iter().collect::<String>());
        if let Some(n) = &self.notice {
            // A message is one line: its line breaks travel as spaces.
            t += &format!("notice {} {}\n", bit(n.error), n.text.replace('\n', " "));
        }
        if let Some((q, kvm)) = self.exercise {
            t += &format!("exercise {q} {}\n", bit(kvm));
        }
        match &self.under {
            Some(ScenarioFrom::Default) => t += "under default\n",
            Some(ScenarioFrom::Autosave) => t += "under autosave\n",
            _ => {}
        }
        if let Some(g) = &self.generated {
            t += &format!("generated {g}\n");
        }
        match &self.scenario {
            ScenarioFrom::Default => t += "scenario default\n",
            ScenarioFrom::Autosave => t += "scenario autosave\n",
            ScenarioFrom::Text(s) => {
                t += "scenario text\n";
                t += s;
            }
        }
        t
    }

    /// The inverse of [`Handover::to_text`]; `None` if `text` is not a hand-over.
    pub fn from_text(text: &str) -> Option<Self> {
        let rest = text.strip_prefix(MAGIC)?.strip_prefix('\n')?;
        let mut h = Handover::opening(ScenarioFrom::Default);
        let mut rest = rest;
        while let Some((line, after)) = rest.split_once('\n') {
            rest = after;
            let (key, value) = line.split_once(' ').unwrap_or((line, ""));
            match key {
                "prefs" => h.prefs = storage::prefs_from_text(value),
                "view" => {
                    let v: Vec<&str> = value.split(' ').collect();
                    let [q, src, tab, cursor] = v[..] else {
                        return None;
                    };
                    h.query = q.parse().ok()?;
                    h.source = *WalkSource::ALL.get(src.parse::<usize>().ok()?)?;
                    h.tab = tab_from(tab);
                    h.cursor = if cursor == "end" {
                        None
                    } else {
                        Some(cursor.parse().ok()?)
                    };
                }
                "flags" => {
                    let f: Vec<bool> = value.chars().map(|c| c == '1').collect();
                    let [present, s2steps, playing, help, save_first] = f[..] else {
                        return None;
                    };
                    (h.prefs.present, h.prefs.s2steps) = (present, s2steps);
                    (h.playing, h.help, h.save_first) = (playing, help, save_first);
                }
                "notice" => {
                    let (error, text) = value.split_once(' ')?;
                    h.notice = Some(Notice {
                        error: error == "1",
                        text: text.to_string(),
                    });
                }
                "exercise" => {
                    let (q, kvm) = value.split_once(' ')?;
                    h.exercise = Some((q.parse().ok()?, kvm == "1"));
                }
                "generated" => h.generated = Some(value.to_string()),
                "under" => {
                    h.under = match value {
                        "default" => Some(ScenarioFrom::Default),
                        "autosave" => Some(ScenarioFrom::Autosave),
                        _ => return None,
                    }
                }
                "scenario" => {
                    h.scenario = match value {
                        "default" => ScenarioFrom::Default,
                        "autosave" => ScenarioFrom::Autosave,
                        "text" => ScenarioFrom::Text(rest.to_string()),
                        _ => return None,
                    };
                    return Some(h);
                }
                _ => {}
            }
        }
        None
    }

    /// The full app's state: the scenario loaded again, the exercise taken up (over the scenario
    /// it replaced, if that was handed over, so Undo brings that back), then the same view as the
    /// first screen's. (A lesson link is still in the address: the full app reads it.)
    pub fn into_state(self) -> AppState {
        let mut notice = None;
        let mut load = |from: ScenarioFrom| {
            let mut fall_back = |why: String| {
                notice = Some(Notice {
                    error: true,
                    text: format!("{why}; showing the default scenario instead."),
                });
                boot::default_scenario()
            };
            match from {
                ScenarioFrom::Default => boot::default_scenario(),
                ScenarioFrom::Autosave => match storage::saved_scenario() {
                    Some(Ok(s)) => s,
                    Some(Err(e)) => fall_back(e),
                    None => fall_back("the autosaved scenario is gone".into()),
                },
                ScenarioFrom::Text(t) => limits::load_text(&t, None)
                    .unwrap_or_else(|e| fall_back(format!("the scenario handed over: {e}"))),
            }
        };
        let scenario = load(self.scenario);
        let exercise = self
            .exercise
            .and_then(|(q, kvm)| from_scenario(&scenario, q, kvm));
        let first = match (&exercise, self.under) {
            (Some(_), Some(under)) => load(under),
            _ => scenario,
        };
        if self.save_first {
            autosave::save_first();
        }
        let mut s = AppState::new(first, self.prefs, notice.or(self.notice));
        if exercise.is_some() {
            s.start_exercise(exercise);
        }
        if let Some((t, d, seed)) = self.generated.and_then(|g| link::spec(&g).ok()) {
            link::defer(t, d, seed);
        }
        let mut s = std::rc::Rc::new(s);
        for a in [
            Action::SelectQuery(self.query),
            Action::Source(self.source),
            Action::Tab(self.tab),
            Action::Jump(self.cursor),
            Action::Help(self.help),
        ] {
            s = s.reduce(a);
        }
        if self.playing {
            s = s.reduce(Action::PlayPause);
        }
        std::rc::Rc::unwrap_or_clone(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(scenario: ScenarioFrom) -> Handover {
        Handover {
            scenario,
            under: Some(ScenarioFrom::Autosave),
            save_first: true,
            prefs: Prefs {
                large: true,
                present: true,
                expert: true,
                ..Prefs::default()
            },
            notice: Some(Notice {
                error: true,
                text: "two\nlines".into(),
            }),
            exercise: Some((1, true)),
            generated: Some("faults/easy/7".into()),
            query: 1,
            source: WalkSource::KvmSlow,
            tab: CentreTab::Compare,
            cursor: None,
            playing: true,
            help: true,
        }
    }

    #[test]
    fn a_handover_reads_back_as_written() {
        let text = crate::fixtures::fixture("stage2-ipa-not-pa").to_json();
        for from in [
            ScenarioFrom::Default,
            ScenarioFrom::Autosave,
            ScenarioFrom::Text(text),
        ] {
            let h = sample(from);
            let back = Handover::from_text(&h.to_text()).expect("reads back");
            let mut want = h.clone();
            want.notice.as_mut().unwrap().text = "two lines".into();
            assert_eq!(back, want);
        }
    }

    #[test]
    fn a_text_that_is_not_a_handover_is_refused() {
        assert_eq!(Handover::from_text(""), None);
        assert_eq!(
            Handover::from_text("atwalk-handover/2\nscenario default\n"),
            None
        );
        assert_eq!(
            Handover::from_text("atwalk-handover/1\nview 0 9 0 0\nscenario default\n"),
            None
        );
        assert_eq!(
            Handover::from_text("atwalk-handover/1\nprefs theme=dark\n"),
            None
        );
    }

    #[test]
    fn the_full_app_opens_on_the_view_handed_over() {
        let s = crate::fixtures::fixture("stage2-ipa-not-pa");
        let steps = AppState::new(s.clone(), Prefs::default(), None).anim_len();
        let h = Handover {
            cursor: Some(steps - 2),
            help: true,
            ..Handover::opening(ScenarioFrom::Text(s.to_json()))
        };
        let st = Handover::from_text(&h.to_text()).unwrap().into_state();
        assert_eq!(*st.scenario, s);
        assert_eq!(
            (st.cursor, st.help, st.tab),
            (Some(steps - 2), true, CentreTab::Walk)
        );
    }

    #[test]
    fn an_exercise_link_s_exercise_stays_undoable_after_the_hand_over() {
        let s = crate::fixtures::fixture("stage2-ipa-not-pa");
        let h = Handover {
            under: Some(ScenarioFrom::Default),
            exercise: Some((0, false)),
            ..Handover::opening(ScenarioFrom::Text(s.to_json()))
        };
        let st = Handover::from_text(&h.to_text()).unwrap().into_state();
        // The exercise's own scenario (from_scenario's), over the default one.
        assert!(st.exercise_on().is_some() && st.quiz());
        assert_eq!(st.scenario.memory, s.memory);
        let back = std::rc::Rc::new(st).reduce(Action::Undo);
        assert_eq!(*back.scenario, boot::default_scenario());
        assert!(back.exercise_on().is_none());
    }
}
