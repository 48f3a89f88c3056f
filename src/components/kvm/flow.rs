//! KVM's decision, __kvm_at_s1e01() and handle_at_slow(), as a flow lit step by step from the
//! core's KvmTrace: each branch with its condition and value, the fast path's hardware AT, the
//! slow path's phases, the PAR written. Merged and v1 side by side.

use atwalk_core::eval::Evaluation;
use atwalk_core::kvm::flow::{FlowNode, flow};
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

fn node(s: &KvmStep, source: WalkSource, dispatch: &Callback<Action>) -> Html {
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
                <li class={classes!("fnode", "process", "fast", (source == WalkSource::KvmFast).then_some("cur"))}>
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
                <li class={classes!("fnode", "process", "slow", (source == WalkSource::KvmSlow).then_some("cur"))}>
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
    /// The walk the centre animates (its box in the flow is marked).
    pub source: WalkSource,
    /// Sends actions (switch logic, animate a walk).
    pub dispatch: Callback<Action>,
}

/// How a query went through one branch of the flow.
#[derive(Default)]
struct Taken {
    /// The order of its first decision among the trace's decisions (1-based).
    order: Option<usize>,
    /// The condition was true at least once.
    yes: bool,
    /// The condition was false at least once.
    no: bool,
    /// The steps that ran after it (walks, the PAR written, model notes).
    after: Vec<usize>,
}

/// One branch of the flowchart: lit where the query went, greyed (and folded to one line unless
/// `full`) where it did not.
fn branch(n: &FlowNode, t: &Taken, full: bool) -> Html {
    let lit = t.order.is_some();
    let edge = |yes: bool, target: &'static str| {
        let taken = if yes { t.yes } else { t.no };
        html! {
            <span class={classes!("edge", if yes { "yes" } else { "no" }, if taken { "taken" } else { "untaken" })}
                data-taken={taken.to_string()}>
                <b>{ if yes { "yes" } else { "no" } }</b>{ format!(" → {target}") }
            </span>
        }
    };
    html! {
        <li class={classes!("fnode", "decision", if lit { "lit" } else { "unreached" }, (!lit && !full).then_some("folded"))}
            data-node={n.id} title={(!lit).then(|| format!("{}() ≈line {}: {} (not reached by this query)", n.func, n.line, n.cond))}>
            <span class="floc">
                if let Some(o) = t.order { <span class="forder">{ o }</span> }
                { if n.line == 0 { format!("{}()", n.func) } else { format!("{}() ≈line {}", n.func, n.line) } }
            </span>
            <code class="fcond">{ n.cond }</code>
            if lit || full {
                <span class="edges">
                    { edge(true, n.yes) }
                    { edge(false, n.no) }
                </span>
            }
        </li>
    }
}

fn column(
    e: &Evaluation,
    q: usize,
    logic: KvmLogic,
    selected: bool,
    full: bool,
    source: WalkSource,
    dispatch: &Callback<Action>,
) -> Html {
    let Some(r) = e.results.get(q) else {
        return html! {};
    };
    let path = match r.path {
        KvmPath::Fast => "fast",
        KvmPath::Slow => "slow",
    };
    let nodes = flow(logic);
    let mut taken: Vec<Taken> = nodes.iter().map(|_| Taken::default()).collect();
    let mut before: Vec<usize> = Vec::new();
    let mut last: Option<usize> = None;
    let mut order = 0;
    for (i, s) in r.kvm_trace.steps.iter().enumerate() {
        match s {
            KvmStep::Decision { id, value, .. } => {
                if let Some(k) = nodes.iter().position(|n| n.id == *id) {
                    let t = &mut taken[k];
                    if t.order.is_none() {
                        order += 1;
                        t.order = Some(order);
                    }
                    if *value {
                        t.yes = true;
                    } else {
                        t.no = true;
                    }
                    last = Some(k);
                } else {
                    // A branch the static flow does not list: shown where it happened.
                    match last {
                        Some(k) => taken[k].after.push(i),
                        None => before.push(i),
                    }
                }
            }
            KvmStep::Compare { .. } => {}
            _ => match last {
                Some(k) => taken[k].after.push(i),
                None => before.push(i),
            },
        }
    }
    let steps = &r.kvm_trace.steps;
    let process = |i: &usize| {
        steps
            .get(*i)
            .map(|s| node(s, source, dispatch))
            .unwrap_or_default()
    };
    html! {
        <div class={classes!("flowcol", selected.then_some("selected"))} data-logic={logic_name(logic)}>
            <h3>{ logic_name(logic) }</h3>
            <p class="flowsum">{ format!("PAR_EL1 {} · {path} path · {} software walk(s) · {} hardware AT(s)",
                hex64(r.par), r.slow_walks, r.hw_ats) }</p>
            <ol class="flow">
                { for before.iter().map(process) }
                { for nodes.iter().zip(taken.iter()).map(|(n, t)| html! {
                    <>
                    { branch(n, t, full) }
                    { for t.after.iter().map(process) }
                    </>
                }) }
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
        source,
        dispatch,
    } = props;
    let full = use_state(|| false);
    let on_full = {
        let full = full.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            full.set(el.checked());
        })
    };
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
            <p class="flowlegend small">
                <span class="edge yes taken"><b>{ "yes" }</b></span>{ " / " }
                <span class="edge no taken"><b>{ "no" }</b></span>{ " the branch this query took, numbered in order; greyed: not taken or not reached. " }
                <label><input type="checkbox" checked={*full} onchange={on_full} data-testid="flow-full" />
                    { " every branch in full" }</label>
            </p>
            <div class="flows">
                { column(merged.0, *query, KvmLogic::Merged, merged.1, *full, *source, dispatch) }
                { column(v1.0, *query, KvmLogic::V1, v1.1, *full, *source, dispatch) }
            </div>
            <p class="muted small">{ format!("Switch the answering logic to {} with the KVM logic control on the left.", logic_name(other_logic)) }</p>
        </section>
    }
}
