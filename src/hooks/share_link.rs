//! Share links: a scenario carried in the URL's fragment, read when the page loads and when a link
//! is pasted into the address bar of an open page. The browser decodes the link's data
//! ([`share::read_hash`]), a moment before these functions take what came of it: `main` renders the
//! app once the page's own fragment is decoded, and the `hashchange` listener waits likewise.

use atwalk_core::scenario::Scenario;
use gloo::events::EventListener;
use yew::prelude::*;

use crate::hooks::autosave;
use crate::state::{Action, Notice};
use crate::{dom, share, storage};

/// The scenario that a share link in the address bar carries, with the note that says so, or
/// the notice of why it did not load; `None` when the address holds no share link (as
/// [`share::read_hash`] read it). A share link is cleared from the address once read.
pub fn take_share_link() -> Option<Result<(Scenario, String), Notice>> {
    let scenario = share::take_opened(|o| Some(share::scenario(o.inflated.as_ref()?)))?;
    storage::booting_link();
    autosave::save_first();
    let out = match scenario {
        Ok(s) => {
            let note = format!("Opened the shared scenario \u{201c}{}\u{201d}.", s.title);
            Ok((s, note))
        }
        Err(e) => Err(Notice {
            error: true,
            text: format!("{e}. Your scenario is unchanged."),
        }),
    };
    dom::clear_hash();
    Some(out)
}

/// Loads the scenario of a share link pasted into the address bar of the open page, once the
/// browser has decoded it. A link already there when the full app starts was pasted while the
/// first screen was on show (the first screen takes the page's own link away once read): it is
/// read then.
#[hook]
pub fn use_share_link(dispatch: Callback<Action>) {
    use_effect_with((), move |_| {
        // A fragment that is no link (none, a lesson's) opens nothing.
        let read = move || {
            let dispatch = dispatch.clone();
            share::read_hash(move || opened(&dispatch));
        };
        read();
        let listener =
            web_sys::window().map(|w| EventListener::new(&w, "hashchange", move |_| read()));
        move || drop(listener)
    });
}

/// Opens what the fragment [`share::read_hash`] read carries: an exercise, or a scenario.
fn opened(dispatch: &Callback<Action>) {
    match super::exercise_link::take() {
        Some(Ok(l)) => {
            let d = dispatch.clone();
            return super::exercise_link::open(l, move |a| d.emit(a));
        }
        Some(Err(n)) => return dispatch.emit(Action::Notice(Some(n))),
        None => {}
    }
    match take_share_link() {
        // The app's dispatch saves the scenario on show first, as before any load.
        Some(Ok((s, note))) => dispatch.emit(Action::Load(s, note)),
        Some(Err(n)) => dispatch.emit(Action::Notice(Some(n))),
        None => {}
    }
}
