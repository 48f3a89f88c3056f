//! The hand-over from the first screen to the full app.
//!
//! The first screen (`atwalk-app`) does the page load's work ([`crate::boot`]) and shows the walk.
//! Once it is on show it fetches the full app (`atwalk-app-full`, Trunk builds it beside the first
//! screen). The full app, when it runs, asks the first screen for a [`Handover`]: the first
//! screen writes one, stops and takes its page away, and the full app renders in its place with
//! the same scenario, the same query, walk, tab and step, the same preferences and message.
//! Which apps render where is `crate::mount`'s; this module knows the state, not the apps.

use std::cell::RefCell;

use atwalk_core::scenario::Scenario;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::boot::{self, Booted};
use crate::handover::Handover;
use crate::hooks::{autosave, lesson_route};
use crate::state::{Action, AppState, Notice, Shared};

/// Fetches the full app (an ES module and its wasm, beside the page) and runs it; `fail` gets why
/// it did not load.
const LOAD: &str = "const u = (f) => new URL(f, document.baseURI); \
    import(u('atwalk-app-full.js')) \
      .then((m) => m.default({ module_or_path: u('atwalk-app-full_bg.wasm') })) \
      .catch((e) => fail(String((e && e.message) || e)));";

thread_local! {
    /// The first screen's scenario as the page opened with it, and where it came from.
    static BOOTED: RefCell<Option<(Shared<Scenario>, Booted)>> = const { RefCell::new(None) };
    /// The first screen's state, as last rendered.
    static LATEST: RefCell<Option<UseReducerHandle<AppState>>> = const { RefCell::new(None) };
    /// What stops the first screen and takes its page away (the app's mount gives it).
    static STOP_FIRST: RefCell<Option<Box<dyn FnOnce()>>> = const { RefCell::new(None) };
    /// The hand-over the full app received.
    static RECEIVED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keeps where the first screen's scenario came from; gives `state` back.
pub fn boot((state, booted): (AppState, Booted)) -> AppState {
    BOOTED.with(|b| *b.borrow_mut() = Some((state.scenario.clone(), booted)));
    autosave::prefs_on_page(&state.prefs);
    state
}

/// Keeps the first screen's state as rendered, for the hand-over.
pub fn keep(state: UseReducerHandle<AppState>) {
    LATEST.with(|l| *l.borrow_mut() = Some(state));
}

/// Keeps what stops the first screen, for the hand-over.
pub fn on_hand_over(stop: Box<dyn FnOnce()>) {
    STOP_FIRST.with(|f| *f.borrow_mut() = Some(stop));
}

/// The first screen is on show: marks it for the benchmark, offers the hand-over to the full app
/// (`window.atwalkHandOver`) and fetches it. If it does not load, a message says so and the first
/// screen stays.
pub fn first_on_show() {
    crate::dom::mark("atwalk-interactive");
    let Some(w) = web_sys::window() else { return };
    // index.html's loading line goes now, after the first render and before the browser shows it:
    // the page is never blank, and the line's fonts are laid out before the app needs them.
    if let Some(line) = w
        .document()
        .and_then(|d| d.query_selector("body > .loading").ok().flatten())
    {
        line.remove();
    }
    let give = wasm_bindgen::closure::Closure::<dyn FnMut() -> JsValue>::new(|| {
        hand_over().map_or(JsValue::NULL, |t| JsValue::from_str(&t))
    });
    let _ = js_sys::Reflect::set(&w, &"atwalkHandOver".into(), give.as_ref());
    give.forget();
    let fail = wasm_bindgen::closure::Closure::once_into_js(|why: String| {
        LATEST.with(|l| {
            if let Some(s) = l.borrow().as_ref() {
                s.dispatch(Action::Notice(Some(Notice {
                    error: true,
                    text: format!(
                        "The editors and the teaching layer did not load ({why}). The walk works; \
                         reload the page to try again."
                    ),
                })));
            }
        })
    });
    let load = js_sys::Function::new_with_args("fail", LOAD);
    let _ = load.call1(&JsValue::NULL, &fail);
}

/// Writes the hand-over, then stops the first screen and takes its page away (once).
fn hand_over() -> Option<String> {
    let state = LATEST.with(|l| l.borrow_mut().take())?;
    let text = BOOTED
        .with(|b| Handover::of(&state, b.borrow().as_ref(), autosave::saves_first()))
        .to_text();
    drop(state);
    if let Some(stop) = STOP_FIRST.with(|f| f.borrow_mut().take()) {
        stop();
    }
    Some(text)
}

/// Asks the first screen for its hand-over (`window.atwalkHandOver`), which stops it, and keeps
/// the text for [`full_state`]. Without a first screen on the page there is none.
pub fn receive() {
    let text = crate::dom::page_fn("atwalkHandOver")
        .and_then(|f| f.call0(&JsValue::NULL).ok())
        .and_then(|t| t.as_string());
    RECEIVED.with(|r| *r.borrow_mut() = text);
}

/// The state the full app opens with: the hand-over's; without one (the full app opened alone),
/// the page load's own.
pub fn full_state() -> AppState {
    let handed = RECEIVED.with(|r| r.borrow_mut().take());
    let state = match handed.as_deref().and_then(Handover::from_text) {
        Some(h) => h.into_state(),
        None => boot::first_state().0,
    };
    lesson_route::initial(state)
}
