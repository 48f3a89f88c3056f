//! Above the walk: the first screen's introduction (until dismissed) and the scenario's own title
//! and notes, so that what a scenario is about is read before its walk. Notes written as a preset's
//! (`Notes::split`: a question, its explanation, expert detail) show the question first and the
//! detail in an expert fold; in a lesson the lesson's bar is above them and the explanation is
//! folded until the student has followed the walk.

use atwalk_core::scenario::Scenario;
use atwalk_teach::presets::{Notes, Preset};
use yew::prelude::*;

use crate::components::glossary::linkify;
use crate::components::lessons::bar::LessonBar;
use crate::state::{Action, Prefs, Shared};

/// Properties of [`Lesson`].
#[derive(Properties, PartialEq)]
pub struct LessonProps {
    /// The scenario (title, notes).
    pub scenario: Shared<Scenario>,
    /// Preferences (the introduction on show or not).
    pub prefs: Prefs,
    /// Sends actions (dismiss the introduction, a lesson's steps).
    pub dispatch: Callback<Action>,
    /// The lesson step on show, if any.
    #[prop_or_default]
    pub lesson: Option<Preset>,
}

/// The introduction and the scenario's notes.
#[function_component]
pub fn Lesson(props: &LessonProps) -> Html {
    let LessonProps {
        scenario,
        prefs,
        dispatch,
        lesson,
    } = props;
    let notes = Notes::split(&scenario.notes);
    // Long notes show their first lines until unfolded.
    let more = use_state(|| false);
    let long = notes.explanation.len() > 220;
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
        if let Some(p) = lesson {
            <LessonBar preset={*p} dispatch={dispatch.clone()} />
        }
        <div class="lesson">
            <h2 data-testid="scenario-title">{ scenario.title.clone() }</h2>
            if !notes.question.is_empty() {
                <p class="question" data-testid="lesson-question">{ linkify(notes.question) }</p>
            }
            if notes.explanation.is_empty() {
            } else if lesson.is_some() {
                <details class="explain" data-testid="lesson-explain">
                    <summary>{ "The answer, explained (after the walk)" }</summary>
                    <p class="notes-text" data-testid="scenario-notes">{ linkify(notes.explanation) }</p>
                </details>
            } else {
                <p class={classes!("notes-text", (long && !*more).then_some("clamp"))} data-testid="scenario-notes">
                    { linkify(notes.explanation) }
                </p>
                if long {
                    <button class="linkish small" onclick={on_more} aria-expanded={more.to_string()}>
                        { if *more { "less" } else { "read all" } }</button>
                }
            }
            if let Some(d) = notes.detail {
                <details class="expert" open={prefs.expert} data-testid="lesson-detail">
                    <summary>{ "In detail (for experts)" }</summary>
                    <p class="notes-text">{ d }</p>
                </details>
            }
        </div>
        </>
    }
}
