//! Keyboard shortcuts: space plays, arrows step, Home/End jump, Ctrl+Z/Ctrl+Y undo and redo.

use gloo::events::EventListener;
use wasm_bindgen::JsCast as _;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::state::{Action, AppState};

/// Whether a key event belongs to the element it comes from rather than to the app's shortcuts.
/// Buttons and summaries keep space and Enter (they activate them); text fields keep every key.
fn in_field(e: &KeyboardEvent) -> bool {
    let tag = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| el.tag_name())
        .unwrap_or_default();
    match tag.as_str() {
        "INPUT" | "SELECT" | "TEXTAREA" => true,
        "BUTTON" | "SUMMARY" => matches!(e.key().as_str(), " " | "Enter"),
        _ => false,
    }
}

/// The action a key press asks for, if any.
fn action_of(e: &KeyboardEvent) -> Option<Action> {
    let ctrl = e.ctrl_key() || e.meta_key();
    let field = in_field(e);
    match (e.key().as_str(), ctrl) {
        ("z" | "Z", true) if !field => Some(if e.shift_key() {
            Action::Redo
        } else {
            Action::Undo
        }),
        ("y" | "Y", true) if !field => Some(Action::Redo),
        (" ", false) if !field => Some(Action::PlayPause),
        ("ArrowRight", false) if !field => Some(Action::Step(1)),
        ("ArrowLeft", false) if !field => Some(Action::Step(-1)),
        ("Home", false) if !field => Some(Action::Jump(Some(0))),
        ("End", false) if !field => Some(Action::Jump(None)),
        _ => None,
    }
}

/// Listens for the shortcuts on the document for the page's lifetime.
#[hook]
pub fn use_shortcuts(dispatcher: UseReducerDispatcher<AppState>) {
    use_effect_with((), move |_| {
        let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
            EventListener::new(&doc, "keydown", move |e| {
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
