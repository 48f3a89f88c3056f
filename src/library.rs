//! The teaching library's texts, which the app's first load does not carry: a preset's scenario
//! and a glossary entry's explanation come from the teaching worker ([`crate::worker`]), which
//! holds `atwalk_teach`'s data. The app itself keeps what it shows before anything is opened:
//! the presets' index (chapters, titles, routes), the glossary's words, and the first preset (the
//! default scenario). `scripts/test.sh` checks that no other preset's text is in the app's wasm.

use atwalk_core::scenario::Scenario;
use atwalk_teach::presets::Preset;
use yew::Callback;

use crate::state::{Action, Notice, lesson::Opened};
use crate::worker;

/// Asks the worker for preset `p`'s text, then opens it (as a lesson's step when `lesson`) through
/// `dispatch` (the app's, which saves the current scenario first, as before any load). If the text
/// does not come, a message says why and the scenario stays.
pub fn open_preset(p: Preset, lesson: bool, dispatch: Callback<Action>) {
    let req = worker::request(&[("op", "preset".into()), ("route", p.route().into())]);
    worker::ask(&req, move |text| {
        match text.and_then(|t| Scenario::from_json(&t).map_err(|e| e.to_string())) {
            Ok(scenario) => dispatch.emit(Action::Preset(Some(Opened::new(p, scenario)), lesson)),
            Err(e) => dispatch.emit(Action::Notice(Some(Notice {
                error: true,
                text: format!(
                    "The preset \u{201c}{}\u{201d} could not be opened: {e}. Your scenario is \
                     unchanged.",
                    p.entry.title
                ),
            }))),
        }
    });
}

/// A glossary entry's explanation: its Arm ARM name and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explained {
    /// Its name in the Arm ARM.
    pub arm: String,
    /// The explanation.
    pub text: String,
}

/// Asks the worker for the explanation of the glossary entry `term`, given to `done`.
pub fn explain(term: &str, done: impl FnOnce(Result<Explained, String>) + 'static) {
    let req = worker::request(&[("op", "glossary".into()), ("term", term.into())]);
    worker::ask(&req, move |out| {
        done(out.map(|t| {
            let (arm, text) = t.split_once('\n').unwrap_or(("", &t));
            Explained {
                arm: arm.to_owned(),
                text: text.to_owned(),
            }
        }))
    });
}
