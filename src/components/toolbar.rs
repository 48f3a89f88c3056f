//! The toolbar: built-in examples, import and export of at-scenario/1 files, the share link,
//! undo/redo, the colour theme and large type.

use atwalk_core::scenario::Scenario;
use gloo::file::callbacks::FileReader;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::examples::EXAMPLES;
use crate::state::{Action, Notice, Prefs, Shared, Theme};
use crate::{dom, limits, share};

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
}

/// Examples, import, export, share, undo/redo, theme and type size.
#[function_component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let ToolbarProps {
        scenario,
        prefs,
        can_undo,
        can_redo,
        dispatch,
    } = props;
    let reader = use_mut_ref(|| None::<FileReader>);
    let link = use_state(|| None::<Result<String, String>>);
    let prefs = *prefs;

    let on_example = {
        let d = dispatch.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            if let Some(ex) = el
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| EXAMPLES.get(i))
            {
                match Scenario::from_json(ex.json) {
                    Ok(s) => d.emit(Action::Load(
                        s,
                        format!("Loaded the example \u{201c}{}\u{201d}.", ex.name),
                    )),
                    Err(err) => d.emit(Action::Notice(Some(Notice {
                        error: true,
                        text: format!("example {}: {err}", ex.name),
                    }))),
                }
            }
            el.set_value("");
        })
    };
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
    html! {
        <header class="toolbar">
            <h1><span class="logo">{ "atwalk" }</span>
                <span class="sub">{ "AArch64 AT walks as KVM emulates them" }</span></h1>
            <div class="tools" role="toolbar" aria-label="Scenario">
                <label class="sr-only" for="examples">{ "Built-in examples" }</label>
                <select id="examples" onchange={on_example} data-testid="examples">
                    <option value="" selected=true>{ "Examples…" }</option>
                    { for EXAMPLES.iter().enumerate().map(|(i, e)| html! {
                        <option value={i.to_string()}>{ e.name }</option>
                    }) }
                </select>
                <label class="button" for="import" title="Load an at-scenario/1 file">{ "Import" }</label>
                <input id="import" class="sr-only" type="file" accept=".json,application/json"
                    onchange={on_import} data-testid="import" />
                <button onclick={on_export.clone()} title="Save this scenario as an at-scenario/1 file">{ "Export" }</button>
                <button onclick={on_share} title="A link that carries the whole scenario" data-testid="share">{ "Share link" }</button>
                <button onclick={dispatch.reform(|_| Action::Undo)} disabled={!*can_undo}
                    title="Undo (Ctrl+Z)" data-testid="undo">{ "Undo" }</button>
                <button onclick={dispatch.reform(|_| Action::Redo)} disabled={!*can_redo}
                    title="Redo (Ctrl+Y)" data-testid="redo">{ "Redo" }</button>
                <label class="sr-only" for="theme">{ "Colour theme" }</label>
                <select id="theme" onchange={on_theme} title="Colour theme">
                    <option value="system" selected={prefs.theme == Theme::System}>{ "Theme: system" }</option>
                    <option value="light" selected={prefs.theme == Theme::Light}>{ "Theme: light" }</option>
                    <option value="dark" selected={prefs.theme == Theme::Dark}>{ "Theme: dark" }</option>
                </select>
                <button onclick={on_large} aria-pressed={prefs.large.to_string()} title="Large type for projectors"
                    data-testid="large">{ "A+ Large type" }</button>
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
