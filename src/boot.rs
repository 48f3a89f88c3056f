//! How a page load starts: the state the first screen opens with, and where its scenario came
//! from, which the first screen hands over to the full app ([`crate::takeover`]).
//!
//! The first screen does the load's work once (it reads and clears a share link, marks the load
//! for the autosave's crash guard, takes the recovery flag); the full app takes the result over
//! and does none of it again. A lesson link is the full app's: it needs the teaching worker.

use atwalk_core::scenario::Scenario;
use atwalk_teach::exercise::from_scenario;

use crate::hooks::exercise_link::{self as link, Link};
use crate::hooks::share_link::take_share_link;
use crate::state::{AppState, Notice};
use crate::storage;

/// Where the scenario a page opened with came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The default preset (the plain 4-level walk).
    Default,
    /// The autosave.
    Autosave,
    /// A share link, or an exercise link that carries its scenario.
    Link,
}

/// The default preset's scenario.
pub fn default_scenario() -> Scenario {
    Scenario::from_json(atwalk_teach::presets::first_text())
        .expect("the default preset loads (atwalk-teach's tests)")
}

/// Where the scenario a page opened with came from, and for an exercise link's, where the scenario
/// it replaced came from (Undo brings that one back).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Booted {
    /// The scenario on show.
    pub origin: Origin,
    /// The scenario an exercise link's exercise replaced.
    pub under: Option<Origin>,
}

/// The state a page load starts with: a share link in the URL, else the autosave, else the
/// default preset (the plain 4-level walk). An exercise under way on the autosave comes back with
/// its answer hidden. A bad link or autosave leaves a message and falls back.
pub fn first_state() -> (AppState, Booted) {
    let prefs = storage::load_prefs();
    let mut notice = None;
    let mut origin = Origin::Default;
    let fallback = match storage::load_scenario() {
        Some(Ok(s)) => {
            origin = Origin::Autosave;
            s
        }
        Some(Err(e)) => {
            notice = Some(Notice {
                error: true,
                text: format!("{e}; showing the default scenario instead."),
            });
            default_scenario()
        }
        None => default_scenario(),
    };
    let exercise = link::take();
    let scenario = match take_share_link() {
        Some(Ok((s, note))) => {
            origin = Origin::Link;
            notice = Some(Notice {
                error: false,
                text: note,
            });
            s
        }
        Some(Err(n)) => {
            notice = Some(n);
            fallback
        }
        None => fallback,
    };
    if storage::take_recovered() && notice.is_none() {
        notice = Some(Notice {
            error: false,
            text: "The page was reloaded after an internal error, with the last scenario that \
                   worked."
                .into(),
        });
    }
    let mut state = AppState::new(scenario, prefs, notice);
    let mut under = None;
    match exercise {
        Some(Ok(Link::Ready(ex))) => {
            under = Some(origin);
            origin = Origin::Link;
            state.start_exercise(Some(*ex));
        }
        Some(Ok(Link::Generated(t, d, s))) => link::defer(t, d, s),
        Some(Err(n)) => state.notice = Some(n),
        None if origin == Origin::Autosave => resume_exercise(&mut state),
        None => {}
    }
    (state, Booted { origin, under })
}

/// Brings back the exercise that was under way on the autosaved scenario, if one was.
fn resume_exercise(state: &mut AppState) {
    let saved = storage::load_exercise();
    if let Some(ex) = saved.and_then(|(q, kvm)| from_scenario(&state.scenario, q, kvm)) {
        state.start_exercise(Some(ex));
    }
}
