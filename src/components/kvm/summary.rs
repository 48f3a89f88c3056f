//! KVM's decision in one line each: the answer under both logics above the centre (linking to the
//! flowchart) with the Linux release KVM answers as beside it, and the decision on show in words
//! above the flowchart.

use atwalk_core::kvm::{KvmLogic, KvmPath};
use yew::prelude::*;

use atwalk_core::scenario::Scenario;

use super::flow::{current_sentence, logic_name};
use super::release::ReleasePicker;
use crate::state::{Action, AppState, CentreTab, Evaluated};
use crate::view::hex64;

/// One line with KVM's answer under each logic, linking to the flowchart: the decision is on
/// screen without scrolling the centre column; the release selector under it.
pub fn kvm_summary(
    state: &AppState,
    dispatch: &Callback<Action>,
    on_edit: &Callback<Scenario>,
) -> Html {
    let picker = html! {
        <ReleasePicker scenario={state.scenario.clone()} on_edit={on_edit.clone()} />
    };
    let (merged, v1) = match state.prefs.kvm {
        KvmLogic::Merged => (&state.eval, &state.other),
        KvmLogic::V1 => (&state.other, &state.eval),
    };
    let one = |name: &str, e: &Evaluated| {
        e.get(state.query).map(|r| {
            let path = match r.path {
                KvmPath::Fast => "fast path",
                KvmPath::Slow => "slow path",
            };
            format!("{name}: {path}, PAR {}", hex64(r.par.0))
        })
    };
    let (Some(m), Some(v)) = (one("merged (Linux)", merged), one("v1 (first posted)", v1)) else {
        return picker;
    };
    html! { <>
        <p class="kvmsum" data-testid="kvm-summary">
            <span class="klabel">{ "KVM's two decision logics: " }</span>
            <span>{ m }</span>{ " · " }<span>{ v }</span>{ " " }
            if state.tab == CentreTab::Walk {
                <button class="linkish" onclick={dispatch.reform(|_| Action::Tab(CentreTab::Decision))}>{ "see KVM's decision" }</button>
            } else {
                <button class="linkish" onclick={dispatch.reform(|_| Action::Tab(CentreTab::Walk))}>{ "back to the walk" }</button>
            }
        </p>
        { picker }
    </> }
}

/// The decision on show in words, kept in view above the flowchart while it scrolls.
pub fn flow_now(state: &AppState) -> Html {
    let Some((words, code)) = current_sentence(&state.eval, state.query, state.cursor) else {
        return html! {};
    };
    html! {
        <p class="fnow" aria-live="polite" data-testid="flow-now" title={code.clone()}>
            { format!("{}: ", logic_name(state.prefs.kvm)) }<strong>{ crate::components::glossary::linkify(&words) }</strong>
            if state.prefs.expert { <code class="fcode">{ code }</code> }
        </p>
    }
}
