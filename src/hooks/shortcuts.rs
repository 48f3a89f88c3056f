//! Keyboard shortcuts: ← and → (and a presentation clicker's PageUp/PageDown) always step unless a
//! text field has focus; space plays; Home/End jump; ? lists the keys; P presenter mode; M the
//! machine state; Esc closes; Ctrl+Z/Ctrl+Y undo and redo. [`SHORTCUTS`] is the list the "?"
//! overlay shows, so the two cannot part.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast as _;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::state::{Action, AppState};

/// The keys and what they do, as the "?" overlay lists them.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("→  or  Page Down", "next step"),
    ("←  or  Page Up", "previous step"),
    ("Space", "play or pause"),
    ("Home / End", "first / last step"),
    ("P", "presenter mode: the walk and the result, large"),
    ("M", "show or hide the machine state"),
    ("?", "this list"),
    ("Esc", "close this list, leave presenter mode"),
    ("Ctrl+Z / Ctrl+Y", "undo / redo"),
];

/// Where a key event comes from: a text field keeps every key; a button, a summary or a select
/// keeps the keys that work it (space, Enter, and a select's ↑ ↓), and ← → still step.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Focus {
    Text,
    Control,
    Page,
}

fn focus_of(e: &KeyboardEvent) -> Focus {
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return Focus::Page;
    };
    match el.tag_name().as_str() {
        "TEXTAREA" => Focus::Text,
        "INPUT" => {
            let ty = el.get_attribute("type").unwrap_or_default();
            if matches!(
                ty.as_str(),
                "checkbox" | "radio" | "range" | "button" | "submit" | "file"
            ) {
                Focus::Control
            } else {
                Focus::Text
            }
        }
        "BUTTON" | "SUMMARY" | "SELECT" | "A" => Focus::Control,
        _ if el.get_attribute("contenteditable").is_some() => Focus::Text,
        _ => Focus::Page,
    }
}

/// The action a key press asks for, if any.
fn action_of(e: &KeyboardEvent) -> Option<Action> {
    let ctrl = e.ctrl_key() || e.meta_key();
    let focus = focus_of(e);
    if focus == Focus::Text || e.alt_key() {
        return None;
    }
    let page = focus == Focus::Page;
    match (e.key().as_str(), ctrl) {
        ("z" | "Z", true) => Some(if e.shift_key() {
            Action::Redo
        } else {
            Action::Undo
        }),
        ("y" | "Y", true) => Some(Action::Redo),
        (_, true) => None,
        ("ArrowRight" | "PageDown", _) => Some(Action::Step(1)),
        ("ArrowLeft" | "PageUp", _) => Some(Action::Step(-1)),
        (" ", _) if page => Some(Action::PlayPause),
        ("Home", _) => Some(Action::Jump(Some(0))),
        ("End", _) => Some(Action::Jump(None)),
        ("?", _) => Some(Action::Help(true)),
        ("Escape", _) => Some(Action::Escape),
        ("p" | "P", _) => Some(Action::TogglePresent),
        ("m" | "M", _) => Some(Action::ToggleDrawer),
        _ => None,
    }
}

/// Listens for the shortcuts on the document for the page's lifetime.
#[hook]
pub fn use_shortcuts(dispatcher: UseReducerDispatcher<AppState>) {
    use_effect_with((), move |_| {
        let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
            // Not passive: a step must be able to keep a select from changing.
            let opts = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&doc, "keydown", opts, move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if let Some(a) = action_of(e) {
                    e.prevent_default();
                    dispatcher.dispatch(a);
                }
            })
        });
        move || drop(listener)
    });
}
