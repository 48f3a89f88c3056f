//! The result: KVM's PAR beside the hardware's with the test hooks `final-par`, `hw-par` and
//! `kvm-path`, why they differ, and each PAR_EL1 field by field.

use atwalk_core::at::AtOutcome;
use atwalk_core::eval::QueryResult;
use atwalk_core::fault::describe_fsc;
use atwalk_core::kvm::{KvmPath, KvmStep};
use atwalk_core::trace::{Step, StepKind};
use yew::prelude::*;

use crate::components::walk::Steps;
use crate::components::walk::step::body;
use crate::state::{Evaluated, Shared, WalkSource, walk_steps};
use crate::view::hex64;
use crate::view::par::ParFields;

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

/// KVM's PAR, the hardware's, the path, and why they differ.
#[function_component]
pub fn ParCompare(props: &ParCompareProps) -> Html {
    let Some(r) = props.eval.get(props.query) else {
        return html! {};
    };
    let same = r.hw.par() == Some(r.par);
    let diffs = Steps::new(Shared::new(differs(r)));
    let model_notes: Vec<String> = r
        .kvm_trace
        .steps
        .iter()
        .filter(|s| matches!(s, KvmStep::Model { .. }))
        .map(|s| s.sentence())
        .collect();
    let path = match r.path {
        KvmPath::Fast => "fast",
        KvmPath::Slow => "slow",
    };
    html! {
        <section class="panel result" aria-labelledby="h-par">
            <h2 id="h-par">{ "Result" }</h2>
            <div class="pars">
                <div class="parbox kvm">
                    <span class="plabel">{ "PAR_EL1 from KVM" }</span>
                    <code class="pval" data-testid="final-par">{ hex64(r.par.0) }</code>
                    <span class="ppath">{ "path: " }<strong class={classes!("path", path)} data-testid="kvm-path">{ path }</strong></span>
                </div>
                <div class={classes!("parbox", "hw", (!same).then_some("differs"))}>
                    <span class="plabel">{ "on hardware (architecture)" }</span>
                    <code class="pval" data-testid="hw-par">{ hw_text(&r.hw) }</code>
                    <span class="ppath">{ if same { "same as KVM" } else { "differs from KVM" } }</span>
                </div>
            </div>
            if !same {
                <div class="why" role="note">
                    <h3>{ "Why KVM and the hardware differ" }</h3>
                    if diffs.is_empty() && model_notes.is_empty() {
                        <p>{ "KVM's answer came from a path that did not record a difference step; compare the two walks in the centre (walk selector)." }</p>
                    }
                    { for diffs.iter().enumerate().map(|(i, s)| html! {
                        <div class="diffstep">
                            <p>{ s.sentence() }</p>
                            { body(&diffs, i, false) }
                        </div>
                    }) }
                    { for model_notes.iter().map(|n| html! { <p>{ n.clone() }</p> }) }
                </div>
            }
            <details open=true>
                <summary>{ "KVM's PAR_EL1, field by field" }</summary>
                <ParFields par={r.par.0} />
            </details>
            if let AtOutcome::Par { par: atwalk_core::regs::ParEl1(p) } = r.hw {
                if !same {
                    <details open=true>
                        <summary>{ "The hardware's PAR_EL1, field by field" }</summary>
                        <ParFields par={p} />
                    </details>
                }
            }
        </section>
    }
}
