//! The root component: one reducer ([`AppState`]), its effects as hooks ([`crate::hooks`]), the
//! toolbar, and three regions: the machine state (a side panel that can be closed), the walk (the
//! widest), and the result (beside the walk when there is room, else under it). Presenter mode
//! shows the walk and the result alone, large.

use atwalk_core::scenario::Scenario;
use atwalk_core::trace::StepKind;
use atwalk_teach::exercise::from_scenario;
use yew::prelude::*;

use crate::components::editors::build::MapVa;
use crate::components::editors::meta::{ExpectView, ScenarioMeta};
use crate::components::editors::query::Queries;
use crate::components::editors::registers::Registers;
use crate::components::editors::tables::Tables;
use crate::components::exercise::ExercisePanel;
use crate::components::glossary::{GlossaryPanel, set_opener};
use crate::components::help::Help;
use crate::components::kvm::flow::KvmFlow;
use crate::components::kvm::host::KvmHostEditor;
use crate::components::kvm::par::ParCompare;
use crate::components::kvm::summary::{flow_now, kvm_summary};
use crate::components::lesson::Lesson;
use crate::components::map::MapPanel;
use crate::components::toolbar::Toolbar;
use crate::components::walk::Steps;
use crate::components::walk::chain::TableChain;
use crate::components::walk::compare::compare;
use crate::components::walk::controls::Controls;
use crate::components::walk::step::{StepCard, StepList};
use crate::components::walk::{deciding_fields, descriptor_at, walk_granule, walk_upper};
use crate::hooks::exercise_link::{self as link, Link};
use crate::hooks::share_link::take_share_link;
use crate::hooks::{
    autosave, lesson_route, use_autosave, use_lesson_route, use_playback, use_share_link,
    use_shortcuts,
};
use crate::state::{Action, AppState, CentreTab, Notice, WalkSource};
use crate::{dom, storage};

/// How long after the first screen the teaching worker starts loading.
const WORKER_AFTER_MS: u32 = 2_000;

/// The state a page load starts with: a share link in the URL, else the autosave, else the
/// default preset (the plain 4-level walk); a lesson link opens its step over it. An exercise
/// under way on the autosave comes back with its answer hidden. A bad link or autosave leaves a
/// message and falls back.
fn initial_state() -> AppState {
    let prefs = storage::load_prefs();
    let default = || {
        Scenario::from_json(atwalk_teach::presets::first_text())
            .expect("the default preset loads (atwalk-teach's tests)")
    };
    let mut notice = None;
    let mut autosaved = false;
    let fallback = match storage::load_scenario() {
        Some(Ok(s)) => {
            autosaved = true;
            s
        }
        Some(Err(e)) => {
            notice = Some(Notice {
                error: true,
                text: format!("{e}; showing the default scenario instead."),
            });
            default()
        }
        None => default(),
    };
    let exercise = link::take();
    let scenario = match take_share_link() {
        Some(Ok((s, note))) => {
            autosaved = false;
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
    let mut state = AppState::new(scenario, prefs, notice);
    match exercise {
        Some(Ok(Link::Ready(ex))) => state.start_exercise(Some(*ex)),
        Some(Ok(Link::Generated(t, d, s))) => link::defer(t, d, s),
        Some(Err(n)) => state.notice = Some(n),
        None if autosaved => {
            let saved = storage::load_exercise();
            if let Some(ex) = saved.and_then(|(q, kvm)| from_scenario(&state.scenario, q, kvm)) {
                state.start_exercise(Some(ex));
            }
        }
        None => {}
    }
    lesson_route::initial(state)
}

/// What the step on show means beyond its sentence: on KVM's fast path, a stage 2 fault because
/// KVM's shadow stage 2 has no page for a table (the core's words).
fn step_note(state: &AppState, index: usize) -> Option<AttrValue> {
    if state.source != WalkSource::KvmFast {
        return None;
    }
    let s = state.walk.get(index)?;
    atwalk_core::kvm::student::shadow_miss(&state.scenario.kvm.shadow_s2, s).map(AttrValue::from)
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
                // Before a whole scenario replaces this one (a file or link, a preset, an
                // exercise), the autosave holds this one.
                if matches!(
                    a,
                    Action::Load(..) | Action::Preset(Some(_), _) | Action::Exercise(Some(_))
                ) {
                    autosave::flush();
                }
                d.dispatch(a)
            });
            let on_edit: Callback<Scenario> = dispatch.reform(Action::Edit);
            let on_jump: Callback<usize> = dispatch.reform(Action::JumpStep);
            let on_select: Callback<usize> = dispatch.reform(Action::SelectQuery);
            let on_words: Callback<Vec<(u64, u64)>> = dispatch.reform(Action::SetWords);
            (dispatch, on_edit, on_jump, on_select, on_words)
        }
    }))
    .clone();

    let exercise = state.exercise_on().map(|r| (r.ex.query, r.ex.kvm));
    use_autosave(&state.scenario, exercise, state.prefs, state.dispatcher());
    use_effect_with(state.prefs.present, |p| {
        dom::set_root_attr("data-present", if *p { "1" } else { "0" });
    });
    // Mark the first interactive render for the benchmark. The side panel's lower part (the
    // tables, KVM's host side, the scenario's own fields: below the fold) is built in the next
    // task, so the first screen is on show and working sooner. A moment later the teaching worker
    // (presets, glossary, figures) loads, not on the first screen's path but before the network
    // may be gone: the page then works offline for the rest of the lesson.
    let later = use_state(|| false);
    {
        let later = later.clone();
        use_effect_with((), move |_| {
            dom::mark("atwalk-interactive");
            gloo::timers::callback::Timeout::new(0, move || later.set(true)).forget();
            gloo::timers::callback::Timeout::new(WORKER_AFTER_MS, crate::worker::start).forget();
        });
    }
    use_shortcuts(state.dispatcher());
    use_share_link(dispatch.clone());
    use_lesson_route(dispatch.clone(), state.lesson);
    // The glossary entry on show, opened by any word that links to it.
    let gloss = use_state(|| None);
    let close_gloss = use_memo((), {
        let gloss = gloss.setter();
        move |_| {
            let open = Callback::from(move |e| gloss.set(e));
            set_opener(open.clone());
            open.reform(|()| None)
        }
    });
    link::use_pending(dispatch.clone());
    use_playback(state.dispatcher(), state.playing, state.prefs.speed_ms);

    // The animation's position, and the walk step it shows (with its stage 2 step, if inside one).
    let index = state.cursor_index();
    let (top, sub) = state.position();
    let upto = top + 1;
    let current_desc = state
        .walk
        .get(top)
        .and_then(|s| descriptor_at(&state.walk, top).map(|d| (d.at, deciding_fields(&s.kind))));
    let s2 = state
        .walk
        .iter()
        .any(|s| matches!(s.kind, StepKind::Stage2 { .. }))
        .then_some(state.prefs.s2steps);
    // Where two releases part ("through the releases"), marked on its walk step and its branch.
    let parts_step = state
        .parts
        .as_ref()
        .filter(|m| sub.is_none() && m.walk == Some((state.source, top)))
        .map(|m| AttrValue::from(m.step_words()));
    let parts_branch = state
        .parts
        .as_ref()
        .and_then(|m| Some((m.decision?, AttrValue::from(m.branch_words()))));
    use_effect_with((state.parts.clone(), state.tab), |(p, _)| {
        if p.is_some() {
            dom::reveal_in_centre(".parts-here");
        }
    });
    let tab = |t: CentreTab| classes!((state.tab == t).then_some("on"));
    let present = state.prefs.present;
    let drawer = state.prefs.drawer && !present;

    html! {
        <div class="app">
            <a class="skip" href="#walk" data-testid="skip">{ "Skip to the walk" }</a>
            if !present {
                <Toolbar scenario={state.scenario.clone()} query={state.query} run={state.exercise.clone()} prefs={state.prefs} can_undo={state.history.can_undo()}
                    can_redo={state.history.can_redo()} dispatch={dispatch.clone()} lesson={state.lesson} />
            } else {
                <div class="presentbar">
                    <span class="logo">{ "atwalk" }</span>
                    <button onclick={dispatch.reform(|_| Action::TogglePresent)}
                        data-testid="present-exit">{ "✕ Leave presenter mode (Esc)" }</button>
                </div>
            }
            if let Some(n) = &state.notice {
                <div class={classes!("notice", n.error.then_some("error"))}
                    role={if n.error { "alert" } else { "status" }} data-testid="notice">
                    <span>{ n.text.clone() }</span>
                    <button onclick={dispatch.reform(|_| Action::Notice(None))} aria-label="Dismiss">{ "×" }</button>
                </div>
            }
            <main class={classes!("columns", drawer.then_some("drawer"), state.quiz().then_some("quiz"))}>
                if drawer {
                <aside class="col left" id="machine" aria-label="Machine state" data-testid="region-machine">
                    <Queries scenario={state.scenario.clone()} query={state.query} walk={state.hw_walk.clone()}
                        on_edit={on_edit.clone()} {on_select} />
                    <MapVa scenario={state.scenario.clone()} query={state.query} granule={walk_granule(&state.hw_walk)}
                        dispatch={dispatch.clone()} />
                    <Registers scenario={state.scenario.clone()} on_edit={on_edit.clone()} upper={walk_upper(&state.hw_walk)} />
                    if *later {
                        <Tables scenario={state.scenario.clone()} tables={state.tables.clone()} current={current_desc}
                            {on_words} />
                        <KvmHostEditor scenario={state.scenario.clone()} query={state.query} hw_walk={state.hw_walk.clone()} prefs={state.prefs}
                            on_edit={on_edit.clone()} dispatch={dispatch.clone()} />
                        <ScenarioMeta scenario={state.scenario.clone()} on_edit={on_edit.clone()} />
                    }
                </aside>
                }
                <div class="mainarea"><div class="maingrid">
                <section class="col centre" id="walk" tabindex="-1" aria-label="The walk" data-testid="region-walk">
                    // During an exercise its panel asks the question (the scenario's notes are the
                    // same question and its instructions).
                    if let Some(run) = state.exercise_on() {
                        <ExercisePanel run={run.clone()} dispatch={dispatch.clone()} />
                    } else {
                        <Lesson scenario={state.scenario.clone()} prefs={state.prefs} dispatch={dispatch.clone()} lesson={state.lesson} />
                    }
                    <div class="tabs" role="tablist" aria-label="Centre view">
                        <button role="tab" aria-selected={(state.tab == CentreTab::Walk).to_string()} data-testid="tab-walk"
                            class={tab(CentreTab::Walk)}
                            onclick={dispatch.reform(|_| Action::Tab(CentreTab::Walk))}>{ "The walk" }</button>
                        <button role="tab" aria-selected={(state.tab == CentreTab::Decision).to_string()} data-testid="tab-flow"
                            class={tab(CentreTab::Decision)}
                            onclick={dispatch.reform(|_| Action::Tab(CentreTab::Decision))}>{ "KVM's decision" }</button>
                        <button role="tab" aria-selected={(state.tab == CentreTab::Compare).to_string()} data-testid="tab-compare"
                            class={tab(CentreTab::Compare)}
                            onclick={dispatch.reform(|_| Action::Tab(CentreTab::Compare))}>{ "Side by side" }</button>
                    </div>
                    if state.tab == CentreTab::Walk {
                    <section class="panel walk" aria-label={format!("The walk: {}", state.source.label())}>
                        <Controls n={state.anim_len()} {index} playing={state.playing} prefs={state.prefs}
                            source={Some(state.source)} dispatch={dispatch.clone()} {s2} />
                        if state.walk.is_empty() && state.source != WalkSource::Hardware {
                            <p class="muted">{ "KVM did not take this path for this query." }</p>
                        }
                        <StepCard steps={state.walk.clone()} index={top} {sub} expert={state.prefs.expert} note={step_note(&state, top)} parts={parts_step} />
                        <TableChain steps={state.walk.clone()} index={top} on_jump={on_jump.clone()} />
                        <details class="allsteps" data-testid="allsteps">
                            <summary>{ "Every step so far" }</summary>
                            <StepList steps={Steps::new(state.walk.clone())} {upto} current={Some(top)} on_jump={Some(on_jump)} />
                        </details>
                    </section>
                    } else if state.tab == CentreTab::Compare {
                        if let Some(r) = state.result() { { compare(r, &dispatch) } }
                    } else {
                    <div class="flowhead">
                        <Controls n={state.anim_len()} {index} playing={state.playing} prefs={state.prefs}
                            source={None::<WalkSource>} dispatch={dispatch.clone()} />
                        { flow_now(&state) }
                    </div>
                    <KvmFlow eval={state.eval.clone()} other={state.other.clone()} logic={state.prefs.kvm}
                        query={state.query} source={state.source} cursor={state.cursor} dispatch={dispatch.clone()}
                        expert={state.prefs.expert} parts={parts_branch} />
                    }
                    <MapPanel scenario={state.scenario.clone()} query={state.query} on_edit={on_edit.clone()} />
                </section>
                <aside class="col right" aria-label="Result" data-testid="region-result">
                    <ParCompare eval={state.eval.clone()} query={state.query} />
                    { kvm_summary(&state, &dispatch, &on_edit) }
                    if !present {
                        <ExpectView scenario={state.scenario.clone()} query={state.query} eval={state.eval.clone()}
                            on_edit={on_edit.clone()} />
                    }
                </aside>
                </div></div>
            </main>
            if state.help {
                <Help dispatch={dispatch.clone()} />
            }
            if let Some(entry) = *gloss {
                <GlossaryPanel {entry} on_close={(*close_gloss).clone()} />
            }
        </div>
    }
}
