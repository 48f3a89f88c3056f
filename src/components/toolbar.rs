//! The toolbar: the machine state's side panel, the presets menu (loaded only by an explicit
//! choice: the Load button or Enter; [`PresetPicker`]), import and export of at-scenario/1 files and the share link
//! (in the File menu), undo/redo, the colour theme and expert details (in the View menu), large
//! type, presenter mode and the list of shortcuts.

use atwalk_core::scenario::Scenario;
use gloo::file::callbacks::FileReader;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::hooks::use_synced_select;
use crate::state::{Action, Notice, Prefs, Shared, Theme};
use crate::{dom, limits, share};

/// The toolbar's menus that belong to the full app (presets and lessons, figures, exercises):
/// the rooms fill them ([`crate::rooms`]).
#[derive(Clone, PartialEq, Default)]
pub struct Menus {
    /// The presets menu with its Load and Lesson buttons.
    pub presets: Html,
    /// Figures for slides (in the File menu).
    pub figures: Html,
    /// The exercise menu.
    pub exercises: Html,
}

/// Properties of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// The scenario (export, share).
    pub scenario: Shared<Scenario>,
    /// The preferences (theme, type size).
    pub prefs: Prefs,
    /// There is an edit to undo.
    pub can_undo: bool,
    /// There is an edit to redo.
    pub can_redo: bool,
    /// Sends actions.
    pub dispatch: Callback<Action>,
    /// The menus of the full app (presets, figures, exercises).
    #[prop_or_default]
    pub menus: Menus,
}

/// Presets, import, export, share, undo/redo, theme and type size.
#[function_component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let ToolbarProps {
        scenario,
        prefs,
        can_undo,
        can_redo,
        dispatch,
        menus,
    } = props;
    let reader = use_mut_ref(|| None::<FileReader>);
    let link = use_state(|| None::<Result<String, String>>);
    let prefs = *prefs;

    let on_import = {
        let (d, reader) = (dispatch.clone(), reader.clone());
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = el.files().and_then(|f| f.get(0)) else {
                return;
            };
            el.set_value("");
            let name = file.name();
            // A file beyond the app's limit is refused before it is read.
            if let Err(why) = limits::check_file(file.size() as usize, &name) {
                d.emit(Action::Notice(Some(Notice {
                    error: true,
                    text: format!("{name} was not loaded: {why}. Your scenario is unchanged."),
                })));
                return;
            }
            let file = gloo::file::File::from(file);
            let d = d.clone();
            let task = gloo::file::callbacks::read_as_text(&file, move |res| {
                let action = match res {
                    Ok(text) => match limits::load_text(&text, Some(&name)) {
                        Ok(s) => Action::Load(s, format!("Imported {name}.")),
                        Err(err) => Action::Notice(Some(Notice {
                            error: true,
                            text: format!(
                                "{name} was not loaded: {err}. Your scenario is unchanged."
                            ),
                        })),
                    },
                    Err(err) => Action::Notice(Some(Notice {
                        error: true,
                        text: format!(
                            "{name} could not be read: {err}. Your scenario is unchanged."
                        ),
                    })),
                };
                d.emit(action);
            });
            *reader.borrow_mut() = Some(task);
        })
    };
    let on_export = {
        let s = scenario.clone();
        Callback::from(move |_: MouseEvent| dom::download("scenario.json", &s.to_json()))
    };
    let on_share = {
        let (s, link) = (scenario.clone(), link.clone());
        Callback::from(move |_: MouseEvent| {
            let link = link.clone();
            share::make_link(&s, dom::page_url(), move |url| {
                if let Ok(url) = &url {
                    dom::copy(url);
                }
                link.set(Some(url));
            });
        })
    };
    let on_theme = {
        let d = dispatch.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            d.emit(Action::Prefs(Prefs {
                theme: Theme::from_name(&el.value()),
                ..prefs
            }));
        })
    };
    let theme_ref = use_synced_select(prefs.theme.name().to_string());
    let on_expert = {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            d.emit(Action::Prefs(Prefs {
                expert: !prefs.expert,
                ..prefs
            }))
        })
    };
    let on_large = {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            d.emit(Action::Prefs(Prefs {
                large: !prefs.large,
                ..prefs
            }))
        })
    };
    let close_link = {
        let link = link.clone();
        Callback::from(move |_: MouseEvent| link.set(None))
    };
    // A new scenario, with the machine state open to build it.
    let on_new = {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            d.emit(Action::Load(
                atwalk_core::build::blank(),
                "A new scenario: empty tables. Map this VA (in the machine state) builds a mapping."
                    .into(),
            ));
            if !prefs.drawer {
                d.emit(Action::ToggleDrawer);
            }
        })
    };
    html! {
        <header class="toolbar">
            <button class="drawerbtn" onclick={dispatch.reform(|_| Action::ToggleDrawer)} aria-controls="machine"
                aria-pressed={prefs.drawer.to_string()} title="Show or hide the machine state (M)"
                data-testid="drawer-toggle">{ "☰ Machine state" }</button>
            <h1><span class="logo">{ "atwalk" }</span>
                <span class="sub">{ "AArch64 address translation, step by step" }</span></h1>
            <div class="tools" role="toolbar" aria-label="Scenario">
                { menus.presets.clone() }
                <button onclick={on_new}
                    title="Empty tables and one query (Undo brings the scenario back)" data-testid="new-scenario">{ "New" }</button>
                <button popovertarget="menu-file" data-testid="menu-file">{ "File ▾" }</button>
                <div id="menu-file" class="menu" popover="auto">
                    <label class="button" for="import" title="Load an at-scenario/1 file">{ "Import a file…" }</label>
                    <input id="import" class="sr-only" type="file" accept=".json,application/json"
                        onchange={on_import} data-testid="import" />
                    <button onclick={on_export.clone()} title="Save this scenario as an at-scenario/1 file" data-testid="export">{ "Export to a file" }</button>
                    <button onclick={on_share} title="A link that carries the whole scenario" data-testid="share">{ "Share link" }</button>
                    { menus.figures.clone() }
                </div>
                { menus.exercises.clone() }
                <button onclick={dispatch.reform(|_| Action::Undo)} disabled={!*can_undo}
                    title="Undo (Ctrl+Z)" data-testid="undo">{ "Undo" }</button>
                <button onclick={dispatch.reform(|_| Action::Redo)} disabled={!*can_redo}
                    title="Redo (Ctrl+Y)" data-testid="redo">{ "Redo" }</button>
                <button popovertarget="menu-view" data-testid="menu-view">{ "View ▾" }</button>
                <div id="menu-view" class="menu" popover="auto">
                    <label for="theme">{ "Colours " }
                        <select id="theme" ref={theme_ref} onchange={on_theme}>
                            <option value="system">{ "as the system" }</option>
                            <option value="light">{ "light" }</option>
                            <option value="dark">{ "dark" }</option>
                        </select>
                    </label>
                    <button onclick={on_expert} aria-pressed={prefs.expert.to_string()} data-testid="expert"
                        title="Unfold the C functions, source lines and Arm ARM rule IDs everywhere">{ "Expert details" }</button>
                </div>
                <button onclick={on_large} aria-pressed={prefs.large.to_string()} title="Large type for projectors"
                    data-testid="large" aria-label="Large type">{ "A+" }<span class="wide">{ " Large type" }</span></button>
                <button onclick={dispatch.reform(|_| Action::TogglePresent)} title="The walk and the result alone, large; step with ← → or a clicker (P)"
                    data-testid="present">{ "▶ Present" }</button>
                <button onclick={dispatch.reform(|_| Action::Help(true))} title="Keyboard shortcuts (?)"
                    aria-label="Keyboard shortcuts" data-testid="help-open">{ "?" }</button>
            </div>
            if let Some(Ok(url)) = &*link {
                <div class="sharebox" role="status">
                    <label for="share-url">{ "Share link (copied to the clipboard):" }</label>
                    <input id="share-url" type="text" readonly=true value={url.clone()} data-testid="share-url" />
                    <button onclick={close_link} aria-label="Close">{ "×" }</button>
                </div>
            } else if let Some(Err(why)) = &*link {
                <div class="sharebox" role="alert">
                    <span data-testid="share-too-large">{ why.clone() }</span>
                    <button onclick={on_export.clone()} data-testid="share-export">{ "Export instead" }</button>
                    <button onclick={close_link} aria-label="Close">{ "×" }</button>
                </div>
            }
        </header>
    }
}
