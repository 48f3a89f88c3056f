//! A lesson's bar above its step: where the student is ("Faults, 3 of 5"), Previous and Next,
//! and a way out of the lesson (the scenario stays; Undo brings back the one from before).

use atwalk_teach::presets::Preset;
use yew::prelude::*;

use crate::state::Action;

/// Properties of [`LessonBar`].
#[derive(Properties, PartialEq)]
pub struct BarProps {
    /// The step on show.
    pub preset: Preset,
    /// Sends actions.
    pub dispatch: Callback<Action>,
}

/// Previous, where, Next, Leave.
#[function_component]
pub fn LessonBar(props: &BarProps) -> Html {
    let p = props.preset;
    let go = |to: Option<Preset>| {
        let d = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(to) = to {
                crate::library::open_preset(to, true, d.clone());
            }
        })
    };
    let leave = props
        .dispatch
        .reform(|_: MouseEvent| Action::Preset(None, false));
    html! {
        <nav class="lessonbar" aria-label="Lesson" data-testid="lesson-bar">
            <button onclick={go(p.prev())} disabled={p.prev().is_none()} data-testid="lesson-prev"
                title="The lesson's previous step">{ "← Previous" }</button>
            <span class="where" data-testid="lesson-where" aria-live="polite">
                <strong>{ p.chapter.title }</strong>{ format!(", {} of {}", p.step, p.of()) }</span>
            <button onclick={go(p.next())} disabled={p.next().is_none()} data-testid="lesson-next"
                title="The lesson's next step">{ "Next →" }</button>
            <button class="linkish small" onclick={leave} data-testid="lesson-leave"
                title="Keep this scenario and leave the lesson (Undo brings back the scenario before each step)">
                { "Leave the lesson" }</button>
        </nav>
    }
}
