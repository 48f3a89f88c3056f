//! The root component: one reducer ([`AppState`]), its effects as hooks ([`crate::hooks`]), the
//! toolbar, and three regions: the machine state (a side panel that can be closed), the walk (the
//! widest), and the result (beside the walk when there is room, else under it). Presenter mode
//! shows the walk and the result alone, large.
//!
//! `App<R>` is the layout; [`Rooms`] fills the parts the first screen leaves out (the editors,
//! KVM's flowchart, the teaching layer): placeholders on the first screen, the real ones in the
//! full app ([`crate::takeover`]).

use atwalk_core::scenario::Scenario;
use atwalk_core::trace::StepKind;
use yew::prelude::*;

use crate::components::glossary::set_opener;
use crate::components::kvm::par::ParCompare;
use crate::components::lesson::Lesson;
use crate::components::toolbar::Toolbar;
use crate::components::walk::Steps;
use crate::components::walk::chain::TableChain;
use crate::components::walk::controls::Controls;
use crate::components::walk::step::{StepCard, StepList};
use crate::components::walk::{deciding_fields, descriptor_at};
use crate::dom;
use crate::hooks::{autosave, use_playback, use_prefs_on_page, use_shortcuts};
use crate::rooms::{Rooms, View};
use crate::state::{Action, AppState, CentreTab, WalkSource};

/// What the step on show means beyond its sentence: on KVM's fast path, a stage 2 fault because
/// KVM's shadow stage 2 has no page for a table (the core's words).
fn step_note(state: &AppState, index: usize) -> Option<AttrValue> {
    if state.source != WalkSource::KvmFast {
        return None;
    }
    let s = state.walk.get(index)?;
    atwalk_core::kvm::student::shadow_miss(&state.scenario.kvm.shadow_s2, s).map(AttrValue::from)
}

/// The whole page, with the rooms `R`.
#[function_component]
pub fn App<R: Rooms>() -> Html {
    let state = use_reducer(R::initial_state);
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

    R::use_effects(state.clone(), dispatch.clone());
    use_prefs_on_page(state.prefs);
    use_shortcuts(state.dispatcher());
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
    let v = View {
        state: &state,
        dispatch: &dispatch,
        on_edit: &on_edit,
        on_select: &on_select,
        on_words: &on_words,
        current_desc,
        parts_branch,
        gloss: *gloss,
        close_gloss: &close_gloss,
    };

    html! {
        <div class="app">
            <a class="skip" href="#walk" data-testid="skip">{ "Skip to the walk" }</a>
            if !present {
                <Toolbar scenario={state.scenario.clone()} prefs={state.prefs} can_undo={state.history.can_undo()}
                    can_redo={state.history.can_redo()} dispatch={dispatch.clone()} menus={R::menus(&v)} />
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
                    { R::machine(&v) }
                </aside>
                }
                <div class="mainarea"><div class="maingrid">
                <section class="col centre" id="walk" tabindex="-1" aria-label="The walk" data-testid="region-walk">
                    // During an exercise its panel asks the question (the scenario's notes are the
                    // same question and its instructions).
                    if state.exercise_on().is_some() {
                        { R::exercise(&v) }
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
                        { R::compare(&v) }
                    } else {
                        { R::decision(&v, index) }
                    }
                    { R::map(&v) }
                </section>
                <aside class="col right" aria-label="Result" data-testid="region-result">
                    <ParCompare eval={state.eval.clone()} query={state.query} />
                    { R::result(&v) }
                </aside>
                </div></div>
            </main>
            { R::overlays(&v) }
        </div>
    }
}
