//! One step of the walk: its sentence and rule citation (from the core), and a view picked by an
//! exhaustive `match` over the step's kind, so that a new kind of step does not compile until it
//! has a view here.

use atwalk_core::fault::{Stage, describe_fsc};
use atwalk_core::trace::{Perms, Step, StepKind};
use yew::prelude::*;

use super::bits::BitGrid;
use super::par::par_parts;
use super::va::VaBits;
use super::{Steps, deciding_fields, descriptor_at, walk_va};
use crate::state::Shared;
use crate::view::fields::desc_fields;
use crate::view::{hex64, level_class};

/// "stage 1, level 2".
pub fn where_text(s: &Step) -> String {
    let stage = match s.stage {
        Stage::S1 => "stage 1",
        Stage::S2 => "stage 2",
    };
    match s.level {
        Some(l) => format!("{stage}, level {l}"),
        None => stage.to_string(),
    }
}

/// The rule citation, folded as an expert's detail: the rule's title, its ID (or pseudocode
/// function), the pseudocode, the section, and for a KVM difference KVM's function.
pub fn citation(s: &Step, open: bool) -> Html {
    let c = s.rule.citation();
    html! {
        <details class="expert" {open}>
            <summary>{ format!("The rule: {}", c.title) }</summary>
            <div class="cite" data-testid="step-rule">
                <span class="cid">{ s.rule.id() }</span>
                if c.id.is_some() { <code class="cpseudo">{ c.pseudocode }</code> }
                <span class="csect">{ format!("Arm ARM {}", c.section) }</span>
                if !c.also.is_empty() { <span class="calso">{ format!("see also {}", c.also.join(", ")) }</span> }
                if let Some(x) = s.expert() { <span class="cexpert">{ x }</span> }
            </div>
        </details>
    }
}

fn perms_table(rows: &[(&str, &Perms)]) -> Html {
    let cell = |b: bool| html! { <td class={if b { "yes" } else { "no" }}>{ if b { "✓" } else { "✗" } }</td> };
    html! {
        <table class="perms">
            <thead><tr><th></th>
                <th scope="col" title="EL1 read">{"EL1 R"}</th><th scope="col" title="EL1 write">{"EL1 W"}</th>
                <th scope="col" title="EL1 execute">{"EL1 X"}</th><th scope="col" title="EL0 read">{"EL0 R"}</th>
                <th scope="col" title="EL0 write">{"EL0 W"}</th><th scope="col" title="EL0 execute">{"EL0 X"}</th>
            </tr></thead>
            <tbody>
            { for rows.iter().map(|(name, p)| html! {
                <tr><th scope="row">{ *name }</th>
                    { cell(p.pr) }{ cell(p.pw) }{ cell(p.px) }{ cell(p.ur) }{ cell(p.uw) }{ cell(p.ux) }</tr>
            }) }
            </tbody>
        </table>
    }
}

/// The descriptor the step at `i` of `steps` looks at, as a bit grid, with the fields its walk's
/// granule and DS have.
fn grid(steps: &[Step], i: usize) -> Html {
    let Some(d) = descriptor_at(steps, i) else {
        return html! {};
    };
    let (view, fields) = desc_fields(d.stage, d.kind);
    let walk = steps.iter().find_map(|s| match &s.kind {
        StepKind::WalkParams { granule, ds, .. } if s.stage == d.stage => Some((*granule, *ds)),
        _ => None,
    });
    html! {
        <BitGrid raw={d.raw} {fields} highlight={deciding_fields(&steps[i].kind)} {walk} {view}
            caption={format!("{view} at {} = {}", hex64(d.at), hex64(d.raw))} />
    }
}

/// The view of step `i` of `steps` (a top-level walk or a stage 2 sub-walk).
pub fn body(steps: &Steps, i: usize, cursor_in: bool) -> Html {
    let s = &steps[i];
    match &s.kind {
        StepKind::Access { .. }
        | StepKind::SelectTtbr { .. }
        | StepKind::TxSz { .. }
        | StepKind::VaRange { .. }
        | StepKind::WalkParams { .. }
            if s.stage == Stage::S1 && cursor_in =>
        {
            match walk_va(steps) {
                Some(va) => html! { <VaBits {va} walk={steps.walk.clone()} /> },
                None => html! {},
            }
        }
        StepKind::Access { .. }
        | StepKind::Undefined { .. }
        | StepKind::S1Enable { .. }
        | StepKind::Flat { .. }
        | StepKind::SelectTtbr { .. }
        | StepKind::GranuleDecode { .. }
        | StepKind::TxSz { .. }
        | StepKind::VaRange { .. }
        | StepKind::E0pd { .. }
        | StepKind::Epd { .. }
        | StepKind::WalkParams { .. }
        | StepKind::S2Config { .. }
        | StepKind::IpaRange { .. }
        | StepKind::ReadAbort { .. }
        | StepKind::Abort { .. } => html! {},
        StepKind::Index {
            ia,
            hi,
            lo,
            index,
            table,
            entry,
        } => {
            let what = if s.stage == Stage::S1 { "VA" } else { "IPA" };
            html! {
                <>
                <div class="arith" aria-label="the entry's address">
                    <span class="term"><span class="tl">{ "the table" }</span><code>{ format!("0x{:x}", table.0) }</code></span>
                    <span class="op">{ "+" }</span>
                    <span class="term"><span class="tl">{ format!("{what}[{hi}:{lo}]") }</span><code>{ index }</code></span>
                    <span class="op">{ "× 8 bytes =" }</span>
                    <span class="term"><span class="tl">{ "the entry" }</span><code>{ format!("0x{:x}", entry.0) }</code></span>
                </div>
                if s.stage == Stage::S1 && s.level.is_some() {
                    <VaBits va={ia.0} walk={steps.walk.clone()} hl={Some((*hi, *lo))} />
                }
                </>
            }
        }
        StepKind::Read { .. }
        | StepKind::Table { .. }
        | StepKind::Leaf { .. }
        | StepKind::AccessFlag { .. }
        | StepKind::Attrs { .. }
        | StepKind::S2Perms { .. }
        | StepKind::AddressSize { .. } => grid(steps, i),
        StepKind::Perms {
            base, after_pan, ..
        } => html! {
            <>
                { grid(steps, i) }
                { perms_table(&[("AP/XN/tables", base), ("after PAN", after_pan)]) }
                <p class="legend small">{ "R read, W write, X execute; - where it is not allowed: RW- may read and write, not execute; --- no access at all. ✓ allowed, ✗ not." }</p>
            </>
        },
        StepKind::Stage2 { steps: sub, .. } => html! {
            <details class="s2walk" open={cursor_in}>
                <summary>{ format!("The stage 2 walk of this table address ({} step{})", sub.len(), if sub.len() == 1 { "" } else { "s" }) }</summary>
                <StepList steps={steps.nested(i)} upto={sub.len()} current={None::<usize>} nested=true />
            </details>
        },
        StepKind::Fault { fault } => html! {
            // The sentence above names the fault; this line reads its code, as PAR_EL1.FST will hold it.
            <p class="faultline">{ format!("Fault status code (FSC) 0b{:06b} means: {}.", fault.fsc(), describe_fsc(fault.fsc())) }</p>
        },
        StepKind::Par { par } => par_parts(steps, par.0),
        // Where KVM's code is and the rule it parts from: in the rule's fold (Step::expert()).
        StepKind::KvmDiffers { .. } => html! {},
    }
}

/// Properties of [`StepCard`].
#[derive(Properties, PartialEq)]
pub struct StepCardProps {
    /// The walk.
    pub steps: Shared<Vec<Step>>,
    /// The step on show.
    pub index: usize,
    /// The step of its stage 2 walk on show, when the animation steps through it.
    #[prop_or_default]
    pub sub: Option<usize>,
    /// Unfold the expert details.
    #[prop_or_default]
    pub expert: bool,
    /// What this step means here, when the walk's own sentence does not say it (the fast path's
    /// shadow stage 2 miss).
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// Two releases part at this step: in words (opened from "through the releases").
    #[prop_or_default]
    pub parts: Option<AttrValue>,
}

/// The current step, large: where, sentence, its view, and the rule folded.
#[function_component]
pub fn StepCard(props: &StepCardProps) -> Html {
    let top = Steps::new(props.steps.clone());
    let (steps, i) = match props.sub {
        Some(j) => (top.nested(props.index), j),
        None => (top, props.index),
    };
    let Some(s) = steps.get(i) else {
        return html! { <p class="muted">{ "No steps: nothing to walk." }</p> };
    };
    html! {
        <article class={classes!("stepcard", (!s.ok).then_some("bad"), level_class(s.level), props.parts.is_some().then_some("parts-here"))}
            aria-live="polite" data-testid="step-card">
            <header>
                <span class="where">{ where_text(s) }
                    if let Some(j) = props.sub { { format!(" · inside the stage 2 walk of the table entry's IPA, step {} of {}", j + 1, steps.len()) } }
                </span>
                if matches!(s.kind, StepKind::KvmDiffers { .. }) {
                    <span class="okbadge differs" data-testid="kvm-differs-here">{ "KVM differs here" }</span>
                } else {
                    <span class={classes!("okbadge", if s.ok { "ok" } else { "fail" })}>
                        { if s.ok { "passes" } else { "faults" } }</span>
                }
            </header>
            <p class="sentence" data-testid="step-sentence">{ crate::components::glossary::linkify(&s.student()) }</p>
            if let Some(n) = &props.note { <p class="stepnote" data-testid="step-note">{ crate::components::glossary::linkify(n) }</p> }
            if let Some(p) = &props.parts { <p class="stepnote partsnote" data-testid="parts-here">{ crate::components::glossary::linkify(p) }</p> }
            { body(&steps, i, true) }
            { citation(s, props.expert) }
        </article>
    }
}

/// Properties of [`StepList`].
#[derive(Properties, PartialEq)]
pub struct StepListProps {
    /// The steps.
    pub steps: Steps,
    /// Show steps before this index; later ones are summarised.
    pub upto: usize,
    /// The current step.
    pub current: Option<usize>,
    /// Jumps to a step (top level only).
    #[prop_or_default]
    pub on_jump: Option<Callback<usize>>,
    /// A stage 2 sub-walk.
    #[prop_or_default]
    pub nested: bool,
}

/// Every step so far, in order, each clickable.
#[function_component]
pub fn StepList(props: &StepListProps) -> Html {
    let StepListProps {
        steps,
        upto,
        current,
        on_jump,
        nested,
    } = props;
    let shown = (*upto).min(steps.len());
    // During playback the newest step is the last one shown: keep it in view by scrolling the
    // list itself (never the page or the column). A list folded away (in a closed <details>) is
    // left alone: reading its height would make the browser lay the page out there and then, a
    // cost the first screen would pay before it is on show.
    let list_ref = use_node_ref();
    {
        let list_ref = list_ref.clone();
        use_effect_with((shown, *current, steps.clone()), move |_| {
            if let Some(el) = list_ref.cast::<web_sys::Element>()
                && !matches!(el.closest("details:not([open])"), Ok(Some(_)))
            {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    html! {
        <ol class={classes!("steplist", nested.then_some("nested"))} ref={list_ref}>
            { for steps.iter().take(shown).enumerate().map(|(i, s)| {
                let cur = *current == Some(i);
                let onclick = on_jump.clone().map(|j| Callback::from(move |_: MouseEvent| j.emit(i)));
                html! {
                    <li class={classes!("step", cur.then_some("cur"), (!s.ok).then_some("bad"), level_class(s.level),
                        matches!(s.kind, StepKind::KvmDiffers { .. }).then_some("kvmdiffers"))}
                        aria-current={cur.then_some("step")}>
                        if let Some(onclick) = onclick {
                            <button class="jump" {onclick} aria-label={format!("Go to step {}", i + 1)}>{ i + 1 }</button>
                        } else {
                            <span class="jump">{ i + 1 }</span>
                        }
                        <div class="stext">
                            <span class="where">{ where_text(s) }</span>
                            <span class="sentence">{ s.student() }</span>
                            if matches!(s.kind, StepKind::Stage2 { .. }) { { body(steps, i, cur) } }
                        </div>
                    </li>
                }
            }) }
            if shown < steps.len() {
                <li class="more muted">{ format!("{} more step(s) to come", steps.len() - shown) }</li>
            }
        </ol>
    }
}
