//! KVM's decision, __kvm_at_s1e01() and handle_at_slow(), as a flow lit step by step from the
//! core's KvmTrace: each branch with its condition and value, the fast path's hardware AT, the
//! slow path's phases, the PAR written. Merged and v1 side by side.

use atwalk_core::eval::Evaluation;
use atwalk_core::kvm::{HwAt, KvmLogic, KvmPath, KvmStep};
use yew::prelude::*;

use crate::components::editors::hex64;
use crate::state::{Action, Shared, WalkSource};

/// The logic's name.
pub const fn logic_name(l: KvmLogic) -> &'static str {
    match l {
        KvmLogic::Merged => "merged (Linux at.c)",
        KvmLogic::V1 => "v1 (July 2024 patch)",
    }
}

fn node(s: &KvmStep, dispatch: &Callback<Action>) -> Html {
    match s {
        KvmStep::Decision {
            func,
            line,
            cond,
            value,
            next,
            ..
        } => html! {
            <li class={classes!("fnode", "decision", if *value { "true" } else { "false" })}>
                <span class="floc">{ format!("{func}() ≈line {line}") }</span>
                <code class="fcond">{ *cond }</code>
                <span class="fval">{ if *value { "true" } else { "false" } }</span>
                <span class="fnext">{ format!("→ {next}") }</span>
            </li>
        },
        KvmStep::FastWalk {
            func,
            op,
            pstate_pan,
            steps,
            hw,
        } => {
            let d = dispatch.clone();
            let onclick =
                Callback::from(move |_: MouseEvent| d.emit(Action::Source(WalkSource::KvmFast)));
            html! {
                <li class="fnode process fast">
                    <span class="floc">{ format!("{func}()") }</span>
                    <span>{ format!("the real CPU runs AT {} (PSTATE.PAN={}) through the shadow stage 2", op.name(), u8::from(*pstate_pan)) }</span>
                    <span class="fnext">{ match hw {
                        HwAt::Par { par } => format!("PAR_EL1 = {}", hex64(par.0)),
                        HwAt::Exception => "the AT takes an exception".to_string(),
                    } }</span>
                    <button class="small" {onclick}>{ format!("animate its walk ({} steps)", steps.len()) }</button>
                </li>
            }
        }
        KvmStep::SlowWalk { phase, steps } => {
            let d = dispatch.clone();
            let onclick =
                Callback::from(move |_: MouseEvent| d.emit(Action::Source(WalkSource::KvmSlow)));
            html! {
                <li class="fnode process slow">
                    <span class="floc">{ format!("{}()", phase.func()) }</span>
                    <span>{ format!("KVM's software walk: {} steps", steps.len()) }</span>
                    <button class="small" {onclick}>{ "animate" }</button>
                </li>
            }
        }
        KvmStep::WritePar { .. } | KvmStep::Model { .. } | KvmStep::Compare { .. } => html! {
            <li class={classes!("fnode", if matches!(s, KvmStep::WritePar { .. }) { "terminal" } else { "note" })}>
                { s.sentence() }
            </li>
        },
    }
}

/// Properties of [`KvmFlow`].
#[derive(Properties, PartialEq)]
pub struct KvmFlowProps {
    /// The evaluation with the selected logic.
    pub eval: Shared<Evaluation>,
    /// The evaluation with the other logic.
    pub other: Shared<Evaluation>,
    /// The selected logic.
    pub logic: KvmLogic,
    /// The query on show.
    pub query: usize,
    /// Sends actions (switch logic, animate a walk).
    pub dispatch: Callback<Action>,
}

fn column(
    e: &Evaluation,
    q: usize,
    logic: KvmLogic,
    selected: bool,
    dispatch: &Callback<Action>,
) -> Html {
    let Some(r) = e.results.get(q) else {
        return html! {};
    };
    let path = match r.path {
        KvmPath::Fast => "fast",
        KvmPath::Slow => "slow",
    };
    html! {
        <div class={classes!("flowcol", selected.then_some("selected"))}>
            <h3>{ logic_name(logic) }</h3>
            <p class="flowsum">{ format!("PAR_EL1 {} · {path} path · {} software walk(s) · {} hardware AT(s)",
                hex64(r.par), r.slow_walks, r.hw_ats) }</p>
            <ol class="flow">
                { for r.kvm_trace.steps.iter()
                    .filter(|s| !matches!(s, KvmStep::Compare { .. }))
                    .map(|s| node(s, dispatch)) }
            </ol>
        </div>
    }
}

/// Both logics' flows side by side, the selected one first and marked; a switch between them.
#[function_component]
pub fn KvmFlow(props: &KvmFlowProps) -> Html {
    let KvmFlowProps {
        eval,
        other,
        logic,
        query,
        dispatch,
    } = props;
    let other_logic = crate::state::other_logic(*logic);
    let (merged, v1) = match logic {
        KvmLogic::Merged => ((eval, true), (other, false)),
        KvmLogic::V1 => ((other, false), (eval, true)),
    };
    let differ = match (eval.results.get(*query), other.results.get(*query)) {
        (Some(a), Some(b)) => (a.par != b.par, a.slow_walks != b.slow_walks),
        _ => (false, false),
    };
    html! {
        <section class="panel kvmflow" aria-labelledby="h-flow">
            <h2 id="h-flow">{ "KVM's decision: __kvm_at_s1e01()" }</h2>
            <p class="muted">
                { format!("Answering with the {} logic. ", logic_name(*logic)) }
                if differ.0 { <strong>{ "The two logics return different PARs. " }</strong> }
                else if differ.1 { <strong>{ "Same PAR, but one logic walks the tables in software for nothing. " }</strong> }
            </p>
            <div class="flows">
                { column(merged.0, *query, KvmLogic::Merged, merged.1, dispatch) }
                { column(v1.0, *query, KvmLogic::V1, v1.1, dispatch) }
            </div>
            <p class="muted small">{ format!("Switch the answering logic to {} with the KVM logic control on the left.", logic_name(other_logic)) }</p>
        </section>
    }
}
