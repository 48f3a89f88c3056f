//! KVM's decision, __kvm_at_s1e01() and handle_at_slow(), as a flowchart: one box per branch of
//! the core's `kvm::flow` in code order, yes/no arrows to the branch tested next (or to the end,
//! where PAR_EL1 is written), the query's path lit decision by decision from the KvmTrace, the
//! current decision outlined, untaken branches greyed. Merged and v1 side by side.
//!
//! The graph is a CSS grid without measuring anything: box `i` sits in row `2i+1`, the gap under
//! it in row `2i+2`; an arrow to the next box is a "↓" in that gap, an arrow that skips boxes is an
//! element in a lane column to the right spanning the rows from the source's gap to the target's
//! top (one lane per target, shared by every arrow into it).

use atwalk_core::at::AtOutcome;
use atwalk_core::kvm::flow::{FlowNode, flow, next_node};
use atwalk_core::kvm::student::node_words;
use atwalk_core::kvm::{KvmLogic, KvmStep};
use yew::prelude::*;

use crate::state::{Action, Evaluated, Shared, WalkSource, decisions, other_logic};
use crate::view::hex64;

/// The logic's name.
pub const fn logic_name(l: KvmLogic) -> &'static str {
    match l {
        KvmLogic::Merged => "merged: Linux's logic",
        KvmLogic::V1 => "v1: the logic first posted",
    }
}

/// A step of the trace that is not a branch (a walk, the PAR written, a model note), shown inside
/// the box of the branch that led to it.
fn process(s: &KvmStep, source: WalkSource, dispatch: &Callback<Action>) -> Html {
    match s {
        KvmStep::Decision { value, .. } => html! {
            <li class={classes!("fnode", "decision", if *value { "true" } else { "false" })} title={s.sentence()}>
                { s.student() }
            </li>
        },
        KvmStep::FastWalk {
            op,
            pstate_pan,
            steps,
            hw,
            ..
        } => {
            let d = dispatch.clone();
            let onclick =
                Callback::from(move |_: MouseEvent| d.emit(Action::Source(WalkSource::KvmFast)));
            html! {
                <li class={classes!("fnode", "process", "fast", (source == WalkSource::KvmFast).then_some("cur"))}>
                    <span>{ format!("The CPU runs AT {}{}: ", op.name(),
                        if op.access().pan { if *pstate_pan { " with PAN set" } else { " with PAN clear" } } else { "" }) }</span>
                    <span class="fnext">{ match hw {
                        AtOutcome::Par { par } => format!("PAR {}", hex64(par.0)),
                        AtOutcome::Abort { .. } | AtOutcome::Undefined { .. } => "exception".to_string(),
                    } }</span>
                    <button class="small" {onclick}>{ format!("▶ its walk ({})", steps.len()) }</button>
                </li>
            }
        }
        KvmStep::SlowWalk { phase, steps } => {
            let d = dispatch.clone();
            let onclick =
                Callback::from(move |_: MouseEvent| d.emit(Action::Source(WalkSource::KvmSlow)));
            html! {
                <li class={classes!("fnode", "process", "slow", (source == WalkSource::KvmSlow).then_some("cur"))}>
                    <span title={format!("{}()", phase.func())}>{ s.student() }{ " " }</span>
                    <button class="small" {onclick}>{ format!("▶ animate ({})", steps.len()) }</button>
                </li>
            }
        }
        KvmStep::WritePar { .. } | KvmStep::Model { .. } | KvmStep::Compare { .. } => html! {
            <li class={classes!("fnode", if matches!(s, KvmStep::WritePar { .. }) { "terminal" } else { "note" })}
                title={s.sentence()}>
                { s.student() }
            </li>
        },
    }
}

/// Properties of [`KvmFlow`].
#[derive(Properties, PartialEq)]
pub struct KvmFlowProps {
    /// The evaluation with the selected logic.
    pub eval: Shared<Evaluated>,
    /// The evaluation with the other logic.
    pub other: Shared<Evaluated>,
    /// The selected logic.
    pub logic: KvmLogic,
    /// The query on show.
    pub query: usize,
    /// The walk the centre animates (its box in the flow is marked).
    pub source: WalkSource,
    /// The decision on show (0-based); `None`: all of them.
    pub cursor: Option<usize>,
    /// Sends actions (animate a walk).
    pub dispatch: Callback<Action>,
    /// Show the C code of each branch (else its question in words).
    pub expert: bool,
    /// The branch of the selected logic where two releases go different ways (its rank among the
    /// decisions), and the sentence saying so.
    #[prop_or_default]
    pub parts: Option<(usize, AttrValue)>,
}

/// How a query went through one branch of the flow, up to the decision on show.
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

/// One arrow of the graph.
struct Edge {
    from: usize,
    /// The target box, or `None`: the code ends (PAR_EL1 written).
    to: Option<usize>,
    yes: bool,
    taken: bool,
}

/// The lane (0 = nearest the boxes) of each target box that an arrow reaches by skipping boxes:
/// shorter spans inside, no two overlapping spans in one lane.
fn lanes(edges: &[Edge], n: usize) -> (Vec<Option<usize>>, usize) {
    let mut span: Vec<Option<usize>> = vec![None; n];
    for e in edges {
        if let Some(t) = e.to
            && t > e.from + 1
        {
            span[t] = Some(span[t].map_or(e.from, |s: usize| s.min(e.from)));
        }
    }
    let mut lane: Vec<Option<usize>> = vec![None; n];
    let mut used: Vec<Vec<(usize, usize)>> = Vec::new();
    // Shorter spans first (no sort: the graphs are small).
    for len in 2..n {
        for t in len..n {
            let Some(s) = span[t].filter(|s| t - s == len) else {
                continue;
            };
            let k = used
                .iter()
                .position(|l| l.iter().all(|&(a, b)| !(s < b && a < t)))
                .unwrap_or_else(|| {
                    used.push(Vec::new());
                    used.len() - 1
                });
            used[k].push((s, t));
            lane[t] = Some(k);
        }
    }
    (lane, used.len())
}

/// The short label of a box, for an arrow's text.
fn short(n: &FlowNode) -> &'static str {
    node_words(n.id).map_or(n.id, |w| w.short)
}

#[allow(clippy::too_many_arguments)]
fn column(
    e: &Evaluated,
    q: usize,
    logic: KvmLogic,
    selected: bool,
    full: bool,
    expert: bool,
    cursor: Option<usize>,
    source: WalkSource,
    dispatch: &Callback<Action>,
    parts: Option<&(usize, AttrValue)>,
) -> Html {
    let Some(r) = e.get(q) else {
        return html! {};
    };
    let nodes = flow(logic);
    // The box where two releases go different ways.
    let parts = parts.and_then(|(d, words)| {
        let mut ids = r.kvm_trace.steps.iter().filter_map(|s| match s {
            KvmStep::Decision { id, .. } => Some(*id),
            _ => None,
        });
        let id = ids.nth(*d)?;
        Some((nodes.iter().position(|n| n.id == id)?, words.clone()))
    });
    let path = r.path.name();
    let n = nodes.len();
    let total = decisions(r);
    let upto = cursor.map_or(total, |c| (c + 1).min(total));
    let mut taken: Vec<Taken> = nodes.iter().map(|_| Taken::default()).collect();
    let mut before: Vec<usize> = Vec::new();
    let mut last: Option<usize> = None;
    let mut order = 0;
    let mut seen = 0;
    let mut current: Option<(usize, bool)> = None;
    for (i, s) in r.kvm_trace.steps.iter().enumerate() {
        match s {
            KvmStep::Decision { id, value, .. } => {
                seen += 1;
                if seen > upto {
                    break;
                }
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
                    current = Some((k, *value));
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
    let ended = upto == total;
    let edges: Vec<Edge> = nodes
        .iter()
        .enumerate()
        .flat_map(|(i, nd)| {
            [true, false].map(|yes| Edge {
                from: i,
                to: next_node(logic, nd, yes).and_then(|t| nodes.iter().position(|m| m.id == t.id)),
                yes,
                taken: if yes { taken[i].yes } else { taken[i].no },
            })
        })
        .collect();
    let (lane_of, lanes_n) = lanes(&edges, n);
    let steps = &r.kvm_trace.steps;
    let proc = |i: &usize| {
        steps
            .get(*i)
            .map(|s| process(s, source, dispatch))
            .unwrap_or_default()
    };
    // The path as "ID:yes|no|both" in decision order (for tests and tools).
    let mut path_ids: Vec<String> = vec![String::new(); order];
    for (k, t) in taken.iter().enumerate() {
        if let Some(o) = t.order {
            let val = match (t.yes, t.no) {
                (true, false) => "yes",
                (false, true) => "no",
                _ => "both",
            };
            path_ids[o - 1] = format!("{}:{val}", nodes[k].id);
        }
    }
    let boxes = nodes.iter().zip(taken.iter()).enumerate().map(|(i, (nd, t))| {
        let lit = t.order.is_some();
        let cur = current.map(|(k, _)| k) == Some(i);
        let here = parts.as_ref().filter(|(k, _)| *k == i).map(|(_, w)| w.clone());
        let row = format!("grid-row: {}", 2 * i + 1);
        let edge = |yes: bool| {
            let e = &edges[2 * i + usize::from(!yes)];
            let to = match e.to {
                Some(j) => format!("↓ {}", short(&nodes[j])),
                None => "■ PAR_EL1 written".to_string(),
            };
            let words = node_words(nd.id);
            let action = match (words, yes) {
                (Some(w), true) if !expert => w.yes,
                (Some(w), false) if !expert => w.no,
                _ => nd.next(yes),
            };
            let say = e.taken || full;
            html! {
                <span class={classes!("edge", if yes { "yes" } else { "no" }, if e.taken { "taken" } else { "untaken" }, e.to.is_none().then_some("end"))}
                    data-taken={e.taken.to_string()} title={(!say && !action.is_empty()).then(|| action.to_string())}>
                    <b>{ if yes { "yes" } else { "no" } }</b>
                    if say && !action.is_empty() { { format!(" {action} ") } } else { { " " } }
                    <span class="fto">{ to }</span>
                </span>
            }
        };
        html! {
            <div class={classes!("fnode", "decision", "fbox", if lit { "lit" } else { "unreached" }, cur.then_some("current"), here.is_some().then_some("parts-here"), (!lit && !full).then_some("folded"))}
                style={row} data-node={nd.id} data-order={t.order.map(|o| o.to_string())}
                aria-current={cur.then_some("step")}
                title={format!("{}: {}{}", nd.location(), nd.cond, if lit { "" } else { " (not reached)" })}>
                <span class="fq">
                    if let Some(o) = t.order { <span class="forder">{ o }</span> }
                    { node_words(nd.id).map_or(nd.cond, |w| w.question) }
                </span>
                if expert {
                    <span class="floc">{ nd.location() }</span>
                    <code class="fcond">{ nd.cond }</code>
                }
                if let Some(w) = &here { <span class="partsnote" data-testid="parts-branch">{ w }</span> }
                if lit || full {
                    <span class="edges">{ edge(true) }{ edge(false) }</span>
                }
                if !t.after.is_empty() {
                    <ul class="fafter">{ for t.after.iter().map(proc) }</ul>
                }
            </div>
        }
    });
    // Arrows to the next box, in the gap under the source.
    let gaps = (0..n.saturating_sub(1)).map(|i| {
        let near: Vec<&Edge> = edges
            .iter()
            .filter(|e| e.from == i && e.to == Some(i + 1))
            .collect();
        html! {
            <div class="fgap" style={format!("grid-row: {}", 2 * i + 2)}>
                { for near.iter().map(|e| html! {
                    <span class={classes!("farrow", "down", if e.yes { "yes" } else { "no" }, if e.taken { "taken" } else { "untaken" })}
                        data-from={nodes[e.from].id} data-to={nodes[i + 1].id}>
                        { if e.yes { "↓ yes" } else { "↓ no" } }
                    </span>
                }) }
            </div>
        }
    });
    // Arrows that skip boxes, in their target's lane (taken ones drawn on top).
    let far = edges.iter().filter_map(|e| {
        let t = e.to.filter(|t| *t > e.from + 1)?;
        let k = lane_of[t]?;
        let style = format!(
            "grid-row: {} / {}; grid-column: 2 / {}",
            2 * e.from + 2,
            2 * t + 1,
            k + 3
        );
        Some(html! {
            <div class={classes!("farrow", "lane", if e.yes { "yes" } else { "no" }, if e.taken { "taken" } else { "untaken" })}
                {style} data-from={nodes[e.from].id} data-to={nodes[t].id}>
                <i class="head">{ "◀" }</i>
            </div>
        })
    });
    let end_row = format!("grid-row: {}", 2 * n + 1);
    html! {
        <div class={classes!("flowcol", selected.then_some("selected"))} data-logic={logic_name(logic)}
            data-path={path_ids.join(" ")} data-ended={ended.to_string()}>
            <h3>{ logic_name(logic) }</h3>
            <p class="flowsum">{ format!("PAR_EL1 {} · {path} path · {} software walk(s) · {} hardware AT(s)",
                hex64(r.par.0), r.slow_walks, r.hw_ats) }</p>
            if !before.is_empty() {
                <ul class="fafter">{ for before.iter().map(proc) }</ul>
            }
            <div class="fgraph" style={format!("grid-template-columns: minmax(0, 1fr) repeat({lanes_n}, 0.55em) 0.2em")}>
                { for boxes }
                { for gaps }
                { for far }
                <div class={classes!("fend", ended.then_some("lit"))} style={end_row} data-testid="flow-end">
                    { if ended { format!("■ PAR_EL1 written: {}", hex64(r.par.0)) } else { "■ PAR_EL1 written".to_string() } }
                </div>
            </div>
        </div>
    }
}

/// The decision on show (the selected logic's), for the line above the graphs: in words and as
/// the C code says it.
pub fn current_sentence(
    e: &Evaluated,
    q: usize,
    cursor: Option<usize>,
) -> Option<(String, String)> {
    let r = e.get(q)?;
    let total = decisions(r);
    let k = cursor.map_or(total, |c| (c + 1).min(total));
    let s = r
        .kvm_trace
        .steps
        .iter()
        .filter(|s| matches!(s, KvmStep::Decision { .. }))
        .nth(k.checked_sub(1)?)?;
    Some((s.student(), s.sentence()))
}

/// Both logics' flowcharts side by side, the selected one marked.
#[function_component]
pub fn KvmFlow(props: &KvmFlowProps) -> Html {
    let KvmFlowProps {
        eval,
        other,
        logic,
        query,
        source,
        cursor,
        dispatch,
        expert,
        parts,
    } = props;
    let full = use_state(|| false);
    let on_full = {
        let full = full.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            full.set(el.checked());
        })
    };
    let other_logic = other_logic(*logic);
    let (merged, v1) = match logic {
        KvmLogic::Merged => ((eval, true), (other, false)),
        KvmLogic::V1 => ((other, false), (eval, true)),
    };
    let differ = match (eval.get(*query), other.get(*query)) {
        (Some(a), Some(b)) => (!a.par.same_answer(b.par), a.slow_walks != b.slow_walks),
        _ => (false, false),
    };
    // During playback keep the current box of the answering logic in view, scrolling the centre
    // column only (never the page).
    use_effect_with((*cursor, *query), |(cursor, _)| {
        if cursor.is_some() {
            crate::dom::reveal_in_centre(".flowcol.selected .fbox.current");
        }
    });
    html! {
        <section class="panel kvmflow" aria-labelledby="h-flow">
            <h2 id="h-flow" class="sr-only">{ "KVM's decision, branch by branch" }</h2>
            <p class="muted small">
                if differ.0 { <strong>{ "The two logics return different PARs. " }</strong> }
                else if differ.1 { <strong>{ "The same answer, but one logic walks the tables in software for nothing. " }</strong> }
                <span class="edge yes taken"><b>{ "yes" }</b></span>{ " / " }
                <span class="edge no taken"><b>{ "no" }</b></span>
                { " taken, numbered in order; greyed: not taken or not reached. " }
                <label><input type="checkbox" checked={*full} onchange={on_full} data-testid="flow-full" />
                    { " every branch in full" }</label>
                { format!(" Answering: {}; switch to {} on the left (KVM logic).", logic_name(*logic), logic_name(other_logic)) }
            </p>
            <div class="flows">
                { column(merged.0, *query, KvmLogic::Merged, merged.1, *full, *expert, *cursor, *source, dispatch,
                    parts.as_ref().filter(|_| merged.1)) }
                { column(v1.0, *query, KvmLogic::V1, v1.1, *full, *expert, *cursor, *source, dispatch,
                    parts.as_ref().filter(|_| v1.1)) }
            </div>
        </section>
    }
}
