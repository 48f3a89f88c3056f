//! PAR_EL1 decoded field by field (ParEl1Ok or ParEl1Fault FIELDS), and KVM's PAR beside the
//! hardware's with the test hooks `final-par`, `hw-par` and `kvm-path`.

use atwalk_core::at::AtOutcome;
use atwalk_core::eval::QueryResult;
use atwalk_core::fault::describe_fsc;
use atwalk_core::kvm::KvmPath;
use atwalk_core::regs::{FieldInfo, MemAttr, ParEl1, ParEl1Fault, ParEl1Ok};
use atwalk_core::trace::{Step, StepKind};
use yew::prelude::*;

use crate::components::editors::field::{field_text, range_text};
use crate::components::editors::hex64;

/// What a PAR field's value means, where the core can say it.
fn meaning(par: ParEl1, f: &FieldInfo, v: u64) -> String {
    if par.is_fault() && f.name == ParEl1Fault::FST.name {
        u8::try_from(v).map(describe_fsc).unwrap_or_default()
    } else if !par.is_fault() && f.name == ParEl1Ok::ATTR.name {
        u8::try_from(v)
            .map(|b| MemAttr::decode(b).to_string())
            .unwrap_or_default()
    } else {
        f.doc.to_string()
    }
}

/// A PAR field's value: binary up to 6 bits (FST reads as the Arm ARM's 0b001111), else as editors show it.
fn par_text(f: &FieldInfo, v: u64) -> String {
    if (2..=6).contains(&f.width()) {
        format!("0b{v:0w$b}", w = usize::from(f.width()))
    } else {
        field_text(f, v)
    }
}

/// Properties of [`ParFields`].
#[derive(Properties, PartialEq)]
pub struct ParFieldsProps {
    /// The PAR_EL1 value.
    pub par: u64,
}

/// Every field of PAR_EL1 in the format its F bit picks.
#[function_component]
pub fn ParFields(props: &ParFieldsProps) -> Html {
    let par = ParEl1(props.par);
    html! {
        <table class="parfields">
            <caption>{ if par.is_fault() { "PAR_EL1, F=1: the translation failed" } else { "PAR_EL1, F=0: the translation succeeded" } }</caption>
            <tbody>
            { for par.fields().iter().map(|f| {
                let v = f.get(par.0);
                html! {
                    <tr>
                        <th scope="row" title={f.doc}>{ f.name }<span class="frange">{ range_text(f) }</span></th>
                        <td><code>{ par_text(f, v) }</code></td>
                        <td class="fdoc">{ meaning(par, f, v) }</td>
                    </tr>
                }
            }) }
            </tbody>
        </table>
    }
}

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
    crate::state::walk_steps(r, crate::state::WalkSource::KvmSlow)
        .into_iter()
        .filter(|s| matches!(s.kind, StepKind::KvmDiffers { .. }))
        .collect()
}

/// Properties of [`ParCompare`].
#[derive(Properties, PartialEq)]
pub struct ParCompareProps {
    /// The evaluation.
    pub eval: crate::state::Shared<atwalk_core::eval::Evaluation>,
    /// The query on show.
    pub query: usize,
}

/// KVM's PAR, the hardware's, the path, and why they differ.
#[function_component]
pub fn ParCompare(props: &ParCompareProps) -> Html {
    let Some(r) = props.eval.results.get(props.query) else {
        return html! {};
    };
    let same = r.hw.par() == Some(r.par);
    let diffs = differs(r);
    let model_notes: Vec<String> = r
        .kvm_trace
        .steps
        .iter()
        .filter(|s| matches!(s, atwalk_core::kvm::KvmStep::Model { .. }))
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
                    { for diffs.iter().map(|s| html! {
                        <div class="diffstep">
                            <p>{ s.sentence() }</p>
                            { crate::components::walk::step::body(std::slice::from_ref(s), 0, false) }
                        </div>
                    }) }
                    { for model_notes.iter().map(|n| html! { <p>{ n.clone() }</p> }) }
                </div>
            }
            <details open=true>
                <summary>{ "KVM's PAR_EL1, field by field" }</summary>
                <ParFields par={r.par.0} />
            </details>
            if let AtOutcome::Par { par: ParEl1(p) } = r.hw {
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
