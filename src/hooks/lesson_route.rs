//! A lesson's step in the URL: `#lesson=faults/3` (a route of `atwalk_teach::presets`), so a
//! teacher can link straight to "Faults, 3 of 5". The page opens such a link at that step, over
//! the scenario it would have shown (one Undo brings that back), and a link pasted into an open
//! page does the same. While a lesson is followed the address shows its step; leaving the lesson
//! takes the route away. The address is rewritten in place (no history entry, no `hashchange`),
//! as share links are cleared.

use std::rc::Rc;

use atwalk_teach::presets::{self, Preset};
use gloo::events::EventListener;
use yew::prelude::*;

use crate::dom;
use crate::state::{Action, AppState, Notice};

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

/// The state a page load starts with, given the one it would show: at a lesson's step if the
/// address names one.
pub fn initial(s: AppState) -> AppState {
    match route(&dom::hash()) {
        None => s,
        Some(Ok(p)) => {
            let r = Rc::new(s).reduce(Action::Preset(Some(p), true));
            Rc::try_unwrap(r).unwrap_or_else(|r| (*r).clone())
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

/// Keeps the address at the lesson's step, and opens a lesson link pasted into the open page.
#[hook]
pub fn use_lesson_route(dispatcher: UseReducerDispatcher<AppState>, lesson: Option<Preset>) {
    use_effect_with(lesson.map(|p| p.route()), |r| show(r.as_deref()));
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|w| {
            EventListener::new(&w, "hashchange", move |_| match route(&dom::hash()) {
                Some(Ok(p)) => {
                    crate::hooks::autosave::flush();
                    dispatcher.dispatch(Action::Preset(Some(p), true))
                }
                Some(Err(n)) => {
                    dom::clear_hash();
                    dispatcher.dispatch(Action::Notice(Some(n)))
                }
                None => {}
            })
        });
        move || drop(listener)
    });
}
