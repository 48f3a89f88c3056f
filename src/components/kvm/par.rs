//! The result: the PAR_EL1 the hardware writes (the architecture) and the one KVM writes, with the
//! test hooks `hw-par`, `final-par` and `kvm-path`; each in a few words; whether KVM gives the same
//! answer (a difference in a field the architecture leaves UNKNOWN or IMPLEMENTATION DEFINED is
//! not a different answer), why not, and each PAR field by field.

use atwalk_core::at::AtOutcome;
use atwalk_core::editing::choices;
use atwalk_core::eval::QueryResult;
use atwalk_core::fault::describe_fsc;
use atwalk_core::granule::Granule;
use atwalk_core::kvm::KvmStep;
use atwalk_core::regs::{MemAttr, ParEl1};
use atwalk_core::trace::{Step, StepKind};
use yew::prelude::*;

use crate::components::walk::Steps;
use crate::components::walk::par_fields::ParFields;
use crate::components::walk::step::{body, citation};
use crate::state::{Evaluated, Shared, WalkSource, walk_steps};
use crate::view::hex64;

/// The hardware's outcome as the `hw-par` hook shows it.
pub fn hw_text(hw: &AtOutcome) -> String {
    match hw {
        AtOutcome::Par { par } => hex64(par.0),
        AtOutcome::Abort { dfsc, .. } => format!(
            "Data Abort (DFSC 0x{dfsc:02x}: {}), PAR_EL1 not written",
            describe_fsc(*dfsc)
        ),
        AtOutcome::Undefined { feature } => {
            format!("UNDEFINED (the CPU lacks {})", feature.name())
        }
    }
}

/// A PAR in a few words: the address, memory type and shareability, or the fault.
pub fn par_words(par: ParEl1) -> String {
    match (par.ok(), par.fault()) {
        (Some(ok), _) => format!(
            "translated: address 0x{:x}, {}, {}",
            ok.address(),
            MemAttr::decode(ok.attr()),
            choices::meaning("SH", Granule::K4, u64::from(ok.sh())).unwrap_or("")
        ),
        (_, Some(f)) => format!(
            "failed: {}{}",
            describe_fsc(f.fst()),
            if f.s() {
                " in stage 2 (the hypervisor's tables)"
            } else {
                ""
            }
        ),
        _ => String::new(),
    }
}

/// The steps where KVM's software walk parts from the architecture.
pub fn differs(r: &QueryResult) -> Vec<Step> {
    walk_steps(r, WalkSource::KvmSlow)
        .into_iter()
        .filter(|s| matches!(s.kind, StepKind::KvmDiffers { .. }))
        .collect()
}

/// Properties of [`ParCompare`].
#[derive(Properties, PartialEq)]
pub struct ParCompareProps {
    /// The evaluation.
    pub eval: Shared<Evaluated>,
    /// The query on show.
    pub query: usize,
}

/// The hardware's PAR, KVM's, whether they are the same answer, and why not.
#[function_component]
pub fn ParCompare(props: &ParCompareProps) -> Html {
    let Some(r) = props.eval.get(props.query) else {
        return html! {};
    };
    let hw_par = r.hw.par();
    // The fields in which the two PARs differ, each with whether the architecture fixes it.
    let diff = hw_par
        .map(|h| h.differing_fields(r.par))
        .unwrap_or_default();
    let same = hw_par.is_some_and(|h| h.same_answer(r.par));
    let free_only = same && !diff.is_empty();
    let diffs = Steps::new(Shared::new(differs(r)));
    let model_notes: Vec<String> = r
        .kvm_trace
        .steps
        .iter()
        .filter(|s| matches!(s, KvmStep::Model { .. }))
        .map(|s| s.student())
        .collect();
    let path = r.path.name();
    let hw_words = match &r.hw {
        AtOutcome::Par { par } => par_words(*par),
        AtOutcome::Abort { .. } => "the AT instruction itself faults: no PAR_EL1".to_string(),
        AtOutcome::Undefined { .. } => "this CPU has no such AT instruction".to_string(),
    };
    html! {
        <section class="panel result" aria-labelledby="h-par">
            <h2 id="h-par">{ "Result: PAR_EL1" }</h2>
            <div class="parbox hw">
                <span class="plabel">{ "The hardware (the architecture) writes" }</span>
                <code class="pval" data-testid="hw-par">{ hw_text(&r.hw) }</code>
                <span class="pmean">{ crate::components::glossary::linkify(&hw_words) }</span>
            </div>
            <div class={classes!("parbox", "kvm", (!same).then_some("differs"))}>
                <span class="plabel">{ "KVM, emulating the AT for the nested guest, writes" }</span>
                <code class="pval" data-testid="final-par">{ hex64(r.par.0) }</code>
                <span class="ppath">
                    { if same { "the same answer, " } else { "a different answer, " } }
                    { "on its " }<strong class={classes!("path", path)} data-testid="kvm-path">{ path }</strong>{ " path" }
                </span>
            </div>
            if free_only {
                <p class="muted small" data-testid="par-free-diff">
                    { format!("The two PARs differ only in {}, which the architecture leaves UNKNOWN or IMPLEMENTATION DEFINED here: both are correct.",
                        diff.iter().map(|(f, _)| f.name).collect::<Vec<_>>().join(" and ")) }
                </p>
            }
            if !same {
                <div class="why" role="note">
                    <h3>{ "Why KVM's answer differs" }</h3>
                    if diffs.is_empty() && model_notes.is_empty() {
                        <p>{ "KVM's answer came from a path that recorded no difference step: compare the hardware's walk with KVM's (the walk buttons above the step)." }</p>
                    }
                    { for model_notes.iter().map(|n| html! { <p>{ crate::components::glossary::linkify(n) }</p> }) }
                    { for diffs.iter().enumerate().map(|(i, s)| html! {
                        <div class="diffstep">
                            <p>{ s.student() }</p>
                            { body(&diffs, i, false) }
                            { citation(s, false) }
                        </div>
                    }) }
                </div>
            }
            <details>
                <summary>{ "PAR_EL1 field by field" }</summary>
                if let Some(p) = hw_par {
                    <ParFields par={p.0} />
                }
                if !same || hw_par.is_none() {
                    <p class="small"><strong>{ "KVM's:" }</strong></p>
                    <ParFields par={r.par.0} />
                }
            </details>
        </section>
    }
}
