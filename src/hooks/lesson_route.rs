//! A lesson's step in the URL: `#lesson=faults/3` (a route of `atwalk_teach::presets`), so a
//! teacher can link straight to "Faults, 3 of 5". The page opens such a link at that step, over
//! the scenario it would have shown (one Undo brings that back), and a link pasted into an open
//! page does the same. While a lesson is followed the address shows its step; leaving the lesson
//! takes the route away. The address is rewritten in place (no history entry, no `hashchange`),
//! as share links are cleared. The step's scenario comes from the teaching worker
//! ([`crate::library::open_preset`]), so a lesson link opens its step a moment after the first
//! screen.

use std::cell::Cell;

use atwalk_teach::presets::{self, Preset};
use gloo::events::EventListener;
use yew::prelude::*;

use crate::dom;
use crate::library::open_preset;
use crate::state::{Action, AppState, Notice};

thread_local! {
    /// The lesson step the page was opened at, opened once the app runs.
    static PENDING: Cell<Option<Preset>> = const { Cell::new(None) };
}

/// The fragment's key.
const KEY: &str = "#lesson=";

/// The preset a fragment names: `chapter/step`, `chapter/id`, or a chapter alone (its step 1).
pub fn route(hash: &str) -> Option<Result<Preset, Notice>> {
    let r = hash.strip_prefix(KEY)?;
    let r = js_sys::decode_uri_component(r)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| r.to_owned());
    Some(
        presets::find(&r)
            .or_else(|| presets::lesson(r.trim_matches('/'), 1))
            .ok_or_else(|| Notice {
                error: true,
                text: format!(
                    "There is no lesson step \u{201c}{r}\u{201d}. Your scenario is unchanged."
                ),
            }),
    )
}

/// The state a page load starts with, given the one it would show: if the address names a
/// lesson's step, the step is opened once the app runs (over this state: one Undo brings it back)
/// and the teaching worker starts loading now.
pub fn initial(s: AppState) -> AppState {
    match route(&dom::hash()) {
        None => s,
        Some(Ok(p)) => {
            PENDING.with(|c| c.set(Some(p)));
            crate::worker::start();
            s
        }
        Some(Err(n)) => {
            dom::clear_hash();
            AppState {
                notice: Some(n),
                ..s
            }
        }
    }
}

/// Writes `#lesson=route` into the address (or takes it away), without a history entry.
fn show(route: Option<&str>) {
    let Some(w) = web_sys::window() else { return };
    let here = dom::hash();
    match route {
        Some(r) if here != format!("{KEY}{r}") => {
            let url = format!("{}{KEY}{r}", dom::page_url());
            if let Ok(h) = w.history() {
                let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
        }
        None if here.starts_with(KEY) => dom::clear_hash(),
        _ => {}
    }
}

/// Keeps the address at the lesson's step, opens the step the page was opened at, and opens a
/// lesson link pasted into the open page.
#[hook]
pub fn use_lesson_route(dispatch: Callback<Action>, lesson: Option<Preset>) {
    use_effect_with(lesson.map(|p| p.route()), |r| show(r.as_deref()));
    use_effect_with((), move |_| {
        if let Some(p) = PENDING.with(Cell::take) {
            open_preset(p, true, dispatch.clone());
        }
        let listener = web_sys::window().map(|w| {
            EventListener::new(&w, "hashchange", move |_| match route(&dom::hash()) {
                Some(Ok(p)) => open_preset(p, true, dispatch.clone()),
                Some(Err(n)) => {
                    dom::clear_hash();
                    dispatch.emit(Action::Notice(Some(n)))
                }
                None => {}
            })
        });
        move || drop(listener)
    });
}
