//! The root component: one reducer ([`AppState`]), its effects as hooks ([`crate::hooks`]), the
//! toolbar, and the three columns: machine state, the walk, the result.

use atwalk_core::scenario::Scenario;
use yew::prelude::*;

use crate::components::editors::meta::{ExpectView, ScenarioMeta};
use crate::components::editors::query::Queries;
use crate::components::editors::registers::Registers;
use crate::components::editors::tables::Tables;
use crate::components::kvm::flow::KvmFlow;
use crate::components::kvm::host::KvmHostEditor;
use crate::components::kvm::par::ParCompare;
use crate::components::kvm::summary::{flow_now, kvm_summary};
use crate::components::toolbar::Toolbar;
use crate::components::walk::Steps;
use crate::components::walk::chain::TableChain;
use crate::components::walk::controls::Controls;
use crate::components::walk::step::{StepCard, StepList};
use crate::components::walk::{deciding_fields, descriptor_at};
use crate::examples::EXAMPLES;
use crate::hooks::share_link::take_share_link;
use crate::hooks::{autosave, use_autosave, use_playback, use_share_link, use_shortcuts};
use crate::state::{Action, AppState, CentreTab, Notice, WalkSource};
use crate::{dom, storage};

/// The state a page load starts with: a share link in the URL, else the autosave, else the
/// default example. A bad link or autosave leaves a message and falls back.
fn initial_state() -> AppState {
    let prefs = storage::load_prefs();
    let default = || {
        Scenario::from_json(EXAMPLES[0].json)
            .expect("the default example loads (a unit test checks it)")
    };
    let mut notice = None;
    let fallback = match storage::load_scenario() {
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
    let scenario = match take_share_link() {
        Some(Ok((s, note))) => {
            notice = Some(Notice {
                error: false,
                text: note,
            });
            s
        }
        Some(Err(n)) => {
            notice = Some(n);
            fallback
        }
        None => fallback,
    };
    if storage::take_recovered() && notice.is_none() {
        notice = Some(Notice {
            error: false,
            text: "The page was reloaded after an internal error, with the last scenario that \
                   worked."
                .into(),
        });
    }
    AppState::new(scenario, prefs, notice)
}

/// The whole page.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    // Callbacks made once: children whose other props did not change skip their render.
    let (dispatch, on_edit, on_jump, on_select, on_words) = (*use_memo((), {
        let d = state.dispatcher();
        move |_| {
            let dispatch = Callback::from(move |a: Action| {
                // Before a whole scenario replaces this one, the autosave holds this one.
                if matches!(a, Action::Load(..)) {
                    autosave::flush();
                }
                d.dispatch(a)
            });
            let on_edit: Callback<Scenario> = dispatch.reform(Action::Edit);
            let on_jump: Callback<usize> = dispatch.reform(|i| Action::Jump(Some(i)));
            let on_select: Callback<usize> = dispatch.reform(Action::SelectQuery);
            let on_words: Callback<Vec<(u64, u64)>> = dispatch.reform(Action::SetWords);
            (dispatch, on_edit, on_jump, on_select, on_words)
        }
    }))
    .clone();

    use_autosave(&state.scenario, state.prefs, state.dispatcher());
    // Mark the first interactive render for the benchmark.
    use_effect_with((), |_| dom::mark("atwalk-interactive"));
    use_shortcuts(state.dispatcher());
    use_share_link(state.dispatcher());
    use_playback(state.dispatcher(), state.playing, state.prefs.speed_ms);

    let index = state.cursor_index();
    let upto = index + 1;
    let current_desc = state
        .walk
        .get(index)
        .and_then(|s| descriptor_at(&state.walk, index).map(|d| (d.at, deciding_fields(&s.kind))));
    let tab = |t: CentreTab| classes!((state.tab == t).then_some("on"));

    html! {
        <div class="app">
            <Toolbar scenario={state.scenario.clone()} prefs={state.prefs} can_undo={state.history.can_undo()}
                can_redo={state.history.can_redo()} dispatch={dispatch.clone()} />
            if let Some(n) = &state.notice {
                <div class={classes!("notice", n.error.then_some("error"))}
                    role={if n.error { "alert" } else { "status" }} data-testid="notice">
                    <span>{ n.text.clone() }</span>
                    <button onclick={dispatch.reform(|_| Action::Notice(None))} aria-label="Dismiss">{ "×" }</button>
                </div>
            }
            <main class="columns">
                <aside class="col left" aria-label="Machine state">
                    <Queries scenario={state.scenario.clone()} query={state.query} walk={state.hw_walk.clone()}
                        on_edit={on_edit.clone()} {on_select} />
                    <Registers scenario={state.scenario.clone()} on_edit={on_edit.clone()} />
                    <KvmHostEditor scenario={state.scenario.clone()} hw_walk={state.hw_walk.clone()} prefs={state.prefs}
                        on_edit={on_edit.clone()} dispatch={dispatch.clone()} />
                    <Tables scenario={state.scenario.clone()} tables={state.tables.clone()} current={current_desc}
                        {on_words} />
                </aside>
                <section class="col centre" aria-label="The walk">
                    { kvm_summary(&state, &dispatch) }
                    <div class="tabs" role="tablist" aria-label="Centre view">
                        <button role="tab" aria-selected={(state.tab == CentreTab::Walk).to_string()} data-testid="tab-walk"
                            class={tab(CentreTab::Walk)}
                            onclick={dispatch.reform(|_| Action::Tab(CentreTab::Walk))}>{ "The walk" }</button>
                        <button role="tab" aria-selected={(state.tab == CentreTab::Decision).to_string()} data-testid="tab-flow"
                            class={tab(CentreTab::Decision)}
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
                            <StepList steps={Steps::new(state.walk.clone())} {upto} current={Some(index)} on_jump={Some(on_jump)} />
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
