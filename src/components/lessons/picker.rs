//! The presets menu in the toolbar: the preset library by chapter (`atwalk_teach::presets`), loaded
//! only by an explicit choice (the Load button, or Enter in the menu); the Lesson button follows
//! the picked preset's chapter as a lesson from that preset on.

use atwalk_teach::presets::{self, Preset};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::hooks::use_synced_select;
use crate::state::Action;

/// Properties of [`PresetPicker`].
#[derive(Properties, PartialEq)]
pub struct PickerProps {
    /// Sends actions.
    pub dispatch: Callback<Action>,
    /// The lesson step on show: picked when it changes.
    #[prop_or_default]
    pub current: Option<Preset>,
}

/// The menu's options: one group per chapter, each preset by its title, valued by its route.
fn options() -> Html {
    html! {
        { for presets::chapters().iter().map(|c| html! {
            <optgroup label={c.title}>
                { for (1..=c.presets.len()).filter_map(|n| presets::lesson(c.id, n)).map(|p| html! {
                    <option value={p.route()}>{ format!("{}. {}", p.step, p.entry.title) }</option>
                }) }
            </optgroup>
        }) }
    }
}

/// The presets menu with its Load and Lesson buttons.
#[function_component]
pub fn PresetPicker(props: &PickerProps) -> Html {
    // The preset picked (not loaded until Load or Enter): the first at first.
    let picked = use_state(|| "basics/1".to_string());
    {
        let picked = picked.clone();
        use_effect_with(props.current.map(|p| p.route()), move |r| {
            if let Some(r) = r {
                picked.set(r.clone());
            }
        });
    }
    let pick = use_synced_select((*picked).clone());
    // The menu's options are built once, from the index (the presets' texts are the worker's).
    let opts = use_memo((), |_| options());
    let on_pick = {
        let picked = picked.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            picked.set(el.value());
        })
    };
    let chosen = {
        let pick = pick.clone();
        move || -> Option<Preset> { presets::find(&pick.cast::<HtmlSelectElement>()?.value()) }
    };
    let load = {
        let (d, chosen) = (props.dispatch.clone(), chosen.clone());
        move |lesson: bool| {
            if let Some(p) = chosen() {
                crate::library::open_preset(p, lesson, d.clone());
            }
        }
    };
    let on_load = {
        let load = load.clone();
        Callback::from(move |_: MouseEvent| load(false))
    };
    let on_lesson = {
        let load = load.clone();
        Callback::from(move |_: MouseEvent| load(true))
    };
    let on_key = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            e.prevent_default();
            load(false);
        }
    });
    // The menu is narrow (the toolbar keeps one line): the picked preset's whole title in its tip.
    let title = format!(
        "{}\nPick a preset, then Load (or Enter), or follow its chapter as a lesson",
        presets::find(&picked).map_or("", |p| p.entry.title)
    );
    html! {
        <span class="expick">
            <label class="sr-only" for="examples">{ "Presets, by chapter" }</label>
            <select id="examples" ref={pick} onchange={on_pick} onkeydown={on_key} data-testid="examples"
                {title}>
                { (*opts).clone() }
            </select>
            <button onclick={on_load} data-testid="examples-load"
                title="Load the preset picked (replaces the scenario; Undo brings it back)">{ "Load" }</button>
            <button onclick={on_lesson} data-testid="lesson-start"
                title="Follow the picked preset's chapter as a lesson, from this preset on (Undo brings your scenario back)">
                { "Lesson" }</button>
        </span>
    }
}
