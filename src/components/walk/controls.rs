//! Playback: which walk to animate (the hardware's, KVM's fast or slow path), first, back,
//! play/pause, forward, last, a slider to jump to any step, and the speed.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::hooks::use_synced_select;
use crate::state::{Action, Prefs, WalkSource};

/// Properties of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// How many steps.
    pub n: usize,
    /// The step on show.
    pub index: usize,
    /// Playing.
    pub playing: bool,
    /// Preferences (speed).
    pub prefs: Prefs,
    /// The walk animated (`None`: KVM's decisions, no walk selector).
    pub source: Option<WalkSource>,
    /// Sends actions.
    pub dispatch: Callback<Action>,
    /// Whether the animation steps into stage 2 walks (`None`: the walk has none).
    #[prop_or_default]
    pub s2: Option<bool>,
}

const SPEEDS: [(u32, &str); 4] = [
    (1500, "slow"),
    (700, "normal"),
    (300, "fast"),
    (100, "very fast"),
];

/// The playback bar.
#[function_component]
pub fn Controls(props: &ControlsProps) -> Html {
    let ControlsProps {
        n,
        index,
        playing,
        prefs,
        source,
        dispatch,
        s2,
    } = props;
    let act = |a: fn() -> Action| {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(a()))
    };
    let on_slider = {
        let d = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            if let Ok(i) = el.value().parse::<usize>() {
                d.emit(Action::Jump(Some(i)));
            }
        })
    };
    let on_speed = {
        let (d, prefs) = (dispatch.clone(), *prefs);
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(ms) = el.value().parse() {
                d.emit(Action::Prefs(Prefs {
                    speed_ms: ms,
                    ..prefs
                }));
            }
        })
    };
    let speed_ref = use_synced_select(prefs.speed_ms.to_string());
    let last = n.saturating_sub(1);
    let unit = if source.is_some() { "step" } else { "decision" };
    html! {
        <div class="controls" role="toolbar" aria-label="Walk playback">
            if let Some(source) = source {
                <span class="sources" role="group" aria-label="Which walk" data-testid="walk-source">
                    { for WalkSource::ALL.iter().map(|s| {
                        let s = *s;
                        html! {
                            <button class={classes!("src", (s == *source).then_some("on"))} aria-pressed={(s == *source).to_string()}
                                onclick={dispatch.reform(move |_| Action::Source(s))} title={s.label()}
                                data-source={s.short()}>{ s.short_label() }</button>
                        }
                    }) }
                </span>
            }
            <button onclick={act(|| Action::Jump(Some(0)))} title="First step (Home)" aria-label="First step">{ "|◀" }</button>
            <button onclick={act(|| Action::Step(-1))} title="Step back (←)" aria-label="Step back" data-testid="step-back">{ "◀" }</button>
            <button class="play" onclick={act(|| Action::PlayPause)} title="Play or pause (space)"
                aria-label={if *playing { "Pause" } else { "Play" }} aria-pressed={playing.to_string()} data-testid="play">
                { if *playing { "⏸ Pause" } else { "▶ Play" } }
            </button>
            <button onclick={act(|| Action::Step(1))} title="Step forward (→)" aria-label="Step forward" data-testid="step-fwd">{ "▶" }</button>
            <button onclick={act(|| Action::Jump(None))} title="Last step (End)" aria-label="Last step">{ "▶|" }</button>
            <label class="sr-only" for="walk-slider">{ "Jump to step" }</label>
            <input id="walk-slider" type="range" min="0" max={last.to_string()} value={index.to_string()}
                oninput={on_slider} aria-valuetext={format!("{unit} {} of {n}", index + 1)} />
            <span class="stepno" data-testid="step-index" aria-live="polite">{ format!("{unit} {} / {n}", index + 1) }</span>
            if let Some(on) = s2 {
                <button onclick={dispatch.reform(|_| Action::ToggleS2Steps)} aria-pressed={on.to_string()}
                    data-testid="s2-steps" title="Step through each stage 2 walk of a table address, or over it">
                    { if *on { "Stage 2 walks: step through" } else { "Stage 2 walks: step over" } }</button>
            }
            <label for="walk-speed" class="sr-only">{ "Speed" }</label>
            <select id="walk-speed" ref={speed_ref} onchange={on_speed} title="Animation speed">
                { for SPEEDS.iter().map(|(ms, name)| html! {
                    <option value={ms.to_string()}>{ *name }</option>
                }) }
            </select>
        </div>
    }
}
