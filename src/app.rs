//! The root component: one reducer ([`AppState`]), the toolbar (examples, import, export, share,
//! undo/redo, theme, large type), and the three columns: machine state, the walk, the result.

use atwalk_core::scenario::Scenario;
use gloo::events::EventListener;
use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast as _;
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use crate::components::editors::memory::Tables;
use crate::components::editors::meta::{ExpectView, ScenarioMeta};
use crate::components::editors::query::Queries;
use crate::components::editors::registers::Registers;
use crate::components::kvm::flow::{KvmFlow, current_sentence, logic_name};
use crate::components::kvm::host::KvmHostEditor;
use crate::components::kvm::par::ParCompare;
use crate::components::walk::chain::TableChain;
use crate::components::walk::controls::Controls;
use crate::components::walk::step::{StepCard, StepList};
use crate::components::walk::{deciding_fields, descriptor_at};
use crate::examples::EXAMPLES;
use crate::state::{Action, AppState, CentreTab, Notice, Prefs, Shared, Theme, WalkSource};
use crate::{dom, share, storage};

/// The state a page load starts with: a share link in the URL, else the autosave, else the
/// default example. A bad link or autosave leaves a message and falls back.
fn initial_state() -> AppState {
    let prefs = storage::load_prefs();
    let default = || {
        Scenario::from_json(EXAMPLES[0].json)
            .expect("the default example loads (a unit test checks it)")
    };
    let saved = storage::load_scenario();
    let mut notice = None;
    let fallback = match saved {
        Some(Ok(s)) => s,
        Some(Err(e)) => {
            notice = Some(Notice {
                error: true,
                text: format!("{e}; showing the default scenario instead."),
            });
            default()
        }
        None => default(),
    };
    let hash = dom::hash();
    let scenario = if share::is_share(&hash) {
        let s = match share::decode(&hash) {
            Ok(s) => {
                notice = Some(Notice {
                    error: false,
                    text: format!("Opened the shared scenario \u{201c}{}\u{201d}.", s.title),
                });
                s
            }
            Err(e) => {
                notice = Some(Notice {
                    error: true,
                    text: format!("{e}. Your scenario is unchanged."),
                });
                fallback
            }
        };
        dom::clear_hash();
        s
    } else {
        fallback
    };
    AppState::new(scenario, prefs, notice)
}

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

/// The whole page.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let dispatch: Callback<Action> = {
        let d = state.dispatcher();
        Callback::from(move |a| d.dispatch(a))
    };
    let on_edit: Callback<Scenario> = dispatch.reform(Action::Edit);

    // Autosave the scenario and the preferences.
    use_effect_with(state.scenario.clone(), |s| storage::save_scenario(s));
    use_effect_with(state.prefs, |p| {
        storage::save_prefs(p);
        dom::set_root_attr("data-theme", p.theme.name());
        dom::set_root_attr("data-large", if p.large { "1" } else { "0" });
    });
    // Mark the first interactive render for the benchmark.
    use_effect_with((), |_| dom::mark("atwalk-interactive"));

    // Keyboard: space plays, arrows step, Home/End jump, Ctrl+Z/Ctrl+Y undo and redo.
    {
        let d = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                EventListener::new(&doc, "keydown", move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    let ctrl = e.ctrl_key() || e.meta_key();
                    let field = in_field(e);
                    let action = match (e.key().as_str(), ctrl) {
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
                    };
                    if let Some(a) = action {
                        e.prevent_default();
                        d.dispatch(a);
                    }
                })
            });
            move || drop(listener)
        });
    }

    // A share link pasted into the address bar of an open page.
    {
        let d = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    let hash = dom::hash();
                    if !share::is_share(&hash) {
                        return;
                    }
                    match share::decode(&hash) {
                        Ok(s) => {
                            let note =
                                format!("Opened the shared scenario \u{201c}{}\u{201d}.", s.title);
                            d.dispatch(Action::Load(s, note));
                        }
                        Err(e) => d.dispatch(Action::Notice(Some(Notice {
                            error: true,
                            text: format!("{e}. Your scenario is unchanged."),
                        }))),
                    }
                    dom::clear_hash();
                })
            });
            move || drop(listener)
        });
    }

    // Playback: a gloo Interval kept in a mutable ref while playing.
    let timer = use_mut_ref(|| None::<Interval>);
    {
        let d = state.dispatcher();
        let timer = timer.clone();
        use_effect_with(
            (state.playing, state.prefs.speed_ms),
            move |(playing, ms)| {
                *timer.borrow_mut() =
                    playing.then(|| Interval::new(*ms, move || d.dispatch(Action::Tick)));
                move || {
                    timer.borrow_mut().take();
                }
            },
        );
    }

    let index = state.cursor_index();
    let upto = index + 1;
    let current_desc = state
        .walk
        .get(index)
        .and_then(|s| descriptor_at(&state.walk, index).map(|d| (d.at, deciding_fields(&s.kind))));
    let hw_walk = state
        .result()
        .map(|r| Shared::new(r.trace.clone()))
        .unwrap_or_else(|| Shared::new(Vec::new()));
    let on_jump = dispatch.reform(|i| Action::Jump(Some(i)));
    let on_select = dispatch.reform(Action::SelectQuery);

    html! {
        <div class="app">
            <Toolbar state={Shared::new((*state).clone())} dispatch={dispatch.clone()} />
            if let Some(n) = &state.notice {
                <div class={classes!("notice", n.error.then_some("error"))}
                    role={if n.error { "alert" } else { "status" }} data-testid="notice">
                    <span>{ n.text.clone() }</span>
                    <button onclick={dispatch.reform(|_| Action::Notice(None))} aria-label="Dismiss">{ "×" }</button>
                </div>
            }
            <main class="columns">
                <aside class="col left" aria-label="Machine state">
                    <Queries scenario={state.scenario.clone()} query={state.query} walk={hw_walk.clone()}
                        on_edit={on_edit.clone()} {on_select} />
                    <Registers scenario={state.scenario.clone()} on_edit={on_edit.clone()} />
                    <KvmHostEditor scenario={state.scenario.clone()} hw_walk={hw_walk.clone()} prefs={state.prefs}
                        on_edit={on_edit.clone()} dispatch={dispatch.clone()} />
                    <Tables scenario={state.scenario.clone()} hw_walk={hw_walk.clone()} current={current_desc}
                        on_edit={on_edit.clone()} />
                </aside>
                <section class="col centre" aria-label="The walk">
                    { kvm_summary(&state, &dispatch) }
                    <div class="tabs" role="tablist" aria-label="Centre view">
                        <button role="tab" aria-selected={(state.tab == CentreTab::Walk).to_string()} data-testid="tab-walk"
                            class={classes!((state.tab == CentreTab::Walk).then_some("on"))}
                            onclick={dispatch.reform(|_| Action::Tab(CentreTab::Walk))}>{ "The walk" }</button>
                        <button role="tab" aria-selected={(state.tab == CentreTab::Decision).to_string()} data-testid="tab-flow"
                            class={classes!((state.tab == CentreTab::Decision).then_some("on"))}
                            onclick={dispatch.reform(|_| Action::Tab(CentreTab::Decision))}>{ "KVM's decision (flowchart)" }</button>
                    </div>
                    if state.tab == CentreTab::Walk {
                    <section class="panel walk" aria-labelledby="h-walk">
                        <h2 id="h-walk">{ format!("The walk: {}", state.source.label()) }</h2>
                        <Controls n={state.walk.len()} {index} playing={state.playing} prefs={state.prefs}
                            source={Some(state.source)} dispatch={dispatch.clone()} />
                        if state.walk.is_empty() && state.source != WalkSource::Hardware {
                            <p class="muted">{ "KVM did not take this path for this query." }</p>
                        }
                        <StepCard steps={state.walk.clone()} {index} />
                        <TableChain steps={state.walk.clone()} {index} on_jump={on_jump.clone()} />
                        <details class="allsteps" data-testid="allsteps">
                            <summary>{ "Every step so far" }</summary>
                            <StepList steps={state.walk.clone()} {upto} current={Some(index)} on_jump={Some(on_jump)} />
                        </details>
                    </section>
                    } else {
                    <div class="flowhead">
                        <Controls n={state.anim_len()} {index} playing={state.playing} prefs={state.prefs}
                            source={None::<WalkSource>} dispatch={dispatch.clone()} />
                        { flow_now(&state) }
                    </div>
                    <KvmFlow eval={state.eval.clone()} other={state.other.clone()} logic={state.prefs.kvm}
                        query={state.query} source={state.source} cursor={state.cursor} dispatch={dispatch.clone()} />
                    }
                </section>
                <aside class="col right" aria-label="Result">
                    <ParCompare eval={state.eval.clone()} query={state.query} />
                    <ExpectView scenario={state.scenario.clone()} query={state.query} eval={state.eval.clone()}
                        on_edit={on_edit.clone()} />
                    <ScenarioMeta scenario={state.scenario.clone()} on_edit={on_edit.clone()} />
                </aside>
            </main>
        </div>
    }
}

/// One line with KVM's answer under each logic, linking to the flowchart: the decision is on
/// screen without scrolling the centre column.
fn kvm_summary(state: &AppState, dispatch: &Callback<Action>) -> Html {
    let (merged, v1) = match state.prefs.kvm {
        atwalk_core::kvm::KvmLogic::Merged => (&state.eval, &state.other),
        atwalk_core::kvm::KvmLogic::V1 => (&state.other, &state.eval),
    };
    let one = |name: &str, e: &atwalk_core::eval::Evaluation| {
        e.results.get(state.query).map(|r| {
            let path = match r.path {
                atwalk_core::kvm::KvmPath::Fast => "fast path",
                atwalk_core::kvm::KvmPath::Slow => "slow path",
            };
            format!(
                "{name}: {path}, PAR {}",
                crate::components::editors::hex64(r.par.0)
            )
        })
    };
    let (Some(m), Some(v)) = (one("merged", merged), one("v1", v1)) else {
        return html! {};
    };
    html! {
        <p class="kvmsum" data-testid="kvm-summary">
            <span class="klabel">{ "KVM's decision: " }</span>
            <span>{ m }</span>{ " · " }<span>{ v }</span>{ " " }
            if state.tab == CentreTab::Walk {
                <button class="linkish" onclick={dispatch.reform(|_| Action::Tab(CentreTab::Decision))}>{ "see the flowchart" }</button>
            } else {
                <button class="linkish" onclick={dispatch.reform(|_| Action::Tab(CentreTab::Walk))}>{ "back to the walk" }</button>
            }
        </p>
    }
}

/// The decision on show in words, kept in view above the flowchart while it scrolls.
fn flow_now(state: &AppState) -> Html {
    let Some((k, total, text)) = current_sentence(&state.eval, state.query, state.cursor) else {
        return html! {};
    };
    html! {
        <p class="fnow" aria-live="polite" data-testid="flow-now">
            <span class="forder">{ k }</span>
            { format!("{} decision {k} of {total}: ", logic_name(state.prefs.kvm)) }<strong>{ text }</strong>
        </p>
    }
}

/// Properties of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// The state.
    pub state: Shared<AppState>,
    /// Sends actions.
    pub dispatch: Callback<Action>,
}

/// Examples, import, export, share, undo/redo, theme and type size.
#[function_component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let ToolbarProps { state, dispatch } = props;
    let reader = use_mut_ref(|| None::<FileReader>);
    let link = use_state(|| None::<String>);
    let prefs = state.prefs;

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
            let file = gloo::file::File::from(file);
            let d = d.clone();
            let task = gloo::file::callbacks::read_as_text(&file, move |res| {
                let action = match res {
                    Ok(text) => match Scenario::from_json(&text) {
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
        let s = state.scenario.clone();
        Callback::from(move |_: MouseEvent| dom::download("scenario.json", &s.to_json()))
    };
    let on_share = {
        let (s, link) = (state.scenario.clone(), link.clone());
        Callback::from(move |_: MouseEvent| {
            let url = format!("{}{}", dom::page_url(), share::encode(&s));
            dom::copy(&url);
            link.set(Some(url));
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
                <button onclick={on_export} title="Save this scenario as an at-scenario/1 file">{ "Export" }</button>
                <button onclick={on_share} title="A link that carries the whole scenario" data-testid="share">{ "Share link" }</button>
                <button onclick={dispatch.reform(|_| Action::Undo)} disabled={state.undo.is_empty()}
                    title="Undo (Ctrl+Z)" data-testid="undo">{ "Undo" }</button>
                <button onclick={dispatch.reform(|_| Action::Redo)} disabled={state.redo.is_empty()}
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
            if let Some(url) = &*link {
                <div class="sharebox" role="status">
                    <label for="share-url">{ "Share link (copied to the clipboard):" }</label>
                    <input id="share-url" type="text" readonly=true value={url.clone()} data-testid="share-url" />
                    <button onclick={close_link} aria-label="Close">{ "×" }</button>
                </div>
            }
        </header>
    }
}
