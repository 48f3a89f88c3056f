//! Above the walk: the first screen's introduction (until dismissed) and the scenario's own title
//! and notes, so that what a scenario is about is read before its walk.

use atwalk_core::scenario::Scenario;
use yew::prelude::*;

use crate::state::{Action, Prefs, Shared};

/// Properties of [`Lesson`].
#[derive(Properties, PartialEq)]
pub struct LessonProps {
    /// The scenario (title, notes).
    pub scenario: Shared<Scenario>,
    /// Preferences (the introduction on show or not).
    pub prefs: Prefs,
    /// Sends actions (dismiss the introduction).
    pub dispatch: Callback<Action>,
}

/// The introduction and the scenario's notes.
#[function_component]
pub fn Lesson(props: &LessonProps) -> Html {
    let LessonProps {
        scenario,
        prefs,
        dispatch,
    } = props;
    // Long notes show their first lines until unfolded.
    let more = use_state(|| false);
    let long = scenario.notes.len() > 220;
    let on_more = {
        let more = more.clone();
        Callback::from(move |_: MouseEvent| more.set(!*more))
    };
    let dismiss = {
        let p = *prefs;
        dispatch.reform(move |_: MouseEvent| Action::Prefs(Prefs { intro: false, ..p }))
    };
    html! {
        <>
        if prefs.intro && !prefs.present {
            <div class="intro" role="note" data-testid="intro">
                <p>
                    <strong>{ "What you see: " }</strong>
                    { "the CPU translating one virtual address into a physical one, step by step. Press " }
                    <kbd>{ "→" }</kbd>{ " for the next step, " }<kbd>{ "←" }</kbd>{ " to go back, " }
                    <kbd>{ "?" }</kbd>{ " for every key." }
                    <button class="gotit" onclick={dismiss} data-testid="intro-close">{ "Got it" }</button>
                </p>
            </div>
        }
        <div class="lesson">
            <h2 data-testid="scenario-title">{ scenario.title.clone() }</h2>
            if !scenario.notes.is_empty() {
                <p class={classes!("notes-text", (long && !*more).then_some("clamp"))} data-testid="scenario-notes">
                    { scenario.notes.clone() }
                </p>
                if long {
                    <button class="linkish small" onclick={on_more} aria-expanded={more.to_string()}>
                        { if *more { "less" } else { "read all" } }</button>
                }
            }
        </div>
        </>
    }
}
