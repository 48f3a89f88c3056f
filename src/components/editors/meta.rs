//! The scenario's own fields: title and notes, the modelled CPU (`features`, `pa_bits`), the guest's
//! RAM ranges, and a query's `expect` with a pass/fail badge against the evaluation. Every change
//! builds a new scenario and goes through the reducer (undo/redo, autosave).

use atwalk_core::features::{ArmFeature, CpuModel, Feature, PA_BITS_LEGAL};
use atwalk_core::scenario::{Expect, HwExpect, MAX_RAM_RANGES, MAX_TEXT_BYTES, RamRange, Scenario};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::pager::{PAGE, Pager, shown};
use super::{hex64, parse_num};
use crate::hooks::use_synced_select;
use crate::state::{Evaluated, Shared};
use crate::view::quoted;

fn hw_expect_text(h: HwExpect) -> String {
    match h {
        HwExpect::Par(p) => hex64(p),
        HwExpect::Abort { dfsc: Some(d) } => format!("a Data Abort (DFSC 0x{d:02x})"),
        HwExpect::Abort { dfsc: None } => "a Data Abort".into(),
    }
}

/// Properties of [`ExpectView`].
#[derive(Properties, PartialEq)]
pub struct ExpectProps {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// The query on show.
    pub query: usize,
    /// The evaluation (the query's result).
    pub eval: Shared<Evaluated>,
    /// Receives the edited scenario.
    pub on_edit: Callback<Scenario>,
}

/// The query's stated outcome with a pass/fail badge; set it from the result, or clear it.
#[function_component]
pub fn ExpectView(props: &ExpectProps) -> Html {
    let ExpectProps {
        scenario,
        query,
        eval,
        on_edit,
    } = props;
    let (Some(q), Some(r)) = (scenario.queries.get(*query), eval.get(*query)) else {
        return html! {};
    };
    let set = |e: Option<Expect>| {
        let (sc, on_edit, qi) = (scenario.clone(), on_edit.clone(), *query);
        Callback::from(move |_: MouseEvent| {
            let mut s = (*sc).clone();
            if let Some(q) = s.queries.get_mut(qi) {
                q.expect = e;
            }
            on_edit.emit(s);
        })
    };
    let body = match &q.expect {
        None => html! {
            <p class="muted small">{ "No expected outcome is stated for this query." }</p>
        },
        Some(e) => {
            let bad = r.mismatches(e);
            let mut parts = Vec::new();
            if let Some(h) = e.hw_par {
                parts.push(format!("the hardware gives {}", hw_expect_text(h)));
            }
            if let Some(p) = e.par {
                parts.push(format!("KVM gives {}", hex64(p)));
            }
            if let Some(p) = e.path {
                parts.push(format!("on its {} path", p.name()));
            }
            html! {
                <>
                <p class="expectline">
                    if bad.is_empty() {
                        <span class="badge pass" data-testid="expect-badge">{ "✓ pass" }</span>
                    } else {
                        <span class="badge fail" data-testid="expect-badge">{ "✗ fail" }</span>
                    }
                    <span>{ format!(" expected: {}", if parts.is_empty() { "nothing".to_string() } else { parts.join(", ") }) }</span>
                </p>
                if !bad.is_empty() {
                    <ul class="mismatch">{ for bad.iter().map(|b| html! { <li>{ b.clone() }</li> }) }</ul>
                }
                </>
            }
        }
    };
    html! {
        <section class="panel expect" aria-labelledby="h-expect">
            <h2 id="h-expect">{ format!("Expected outcome (query {})", query + 1) }</h2>
            { body }
            <div class="btnrow">
                <button onclick={set(Some(r.as_expect()))} data-testid="expect-set"
                    title="State this query's current result as its expected outcome">{ "Expect this result" }</button>
                if q.expect.is_some() {
                    <button onclick={set(None)} data-testid="expect-clear">{ "Clear" }</button>
                }
            </div>
        </section>
    }
}

/// Properties of [`ScenarioMeta`].
#[derive(Properties, PartialEq)]
pub struct MetaProps {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// Receives the edited scenario.
    pub on_edit: Callback<Scenario>,
}

fn text_error(what: &str, t: &str) -> Option<String> {
    (t.len() > MAX_TEXT_BYTES).then(|| format!("{what}: longer than {MAX_TEXT_BYTES} bytes"))
}

/// A change to the scenario, or why it is refused.
type MetaEdit = Box<dyn Fn(&mut Scenario) -> Result<(), String>>;

/// Turns modelled feature `f` on or off. The other names the file lists,
/// modelled or not, stay as they are; with no list yet, the default CPU's
/// features are the starting point.
fn set_feature(s: &mut Scenario, f: Feature, on: bool) {
    let mut list = s
        .features
        .take()
        .unwrap_or_else(|| Feature::ALL.into_iter().map(ArmFeature::from).collect());
    let a = ArmFeature::from(f);
    list.retain(|g| *g != a);
    if on {
        list.push(a);
    }
    s.features = Some(list);
}

/// The quiet note under the feature checkboxes: the listed features the
/// model does not use, if any.
fn not_modelled_note(s: &Scenario) -> Option<String> {
    let names: Vec<&str> = s.features_not_modelled().iter().map(|f| f.name()).collect();
    let verb = if names.len() == 1 {
        "it changes"
    } else {
        "they change"
    };
    (!names.is_empty()).then(|| {
        format!(
            "Not used by the model: {} — {verb} nothing atwalk computes.",
            names.join(", ")
        )
    })
}

/// Title, notes, the modelled CPU and the RAM ranges.
#[function_component]
pub fn ScenarioMeta(props: &MetaProps) -> Html {
    let pa_ref = use_synced_select(
        props
            .scenario
            .pa_bits
            .map(|b| b.to_string())
            .unwrap_or_default(),
    );
    let MetaProps { scenario, on_edit } = props;
    let error = use_state(|| None::<String>);
    // The RAM ranges (up to 10,000) a page at a time.
    let ram_from = use_state(|| 0usize);
    let edit = |f: MetaEdit| {
        let (sc, on_edit, error) = (scenario.clone(), on_edit.clone(), error.clone());
        move || {
            let mut s = (*sc).clone();
            match f(&mut s) {
                Ok(()) => {
                    error.set(None);
                    on_edit.emit(s);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    };
    let on_title = {
        let sc = scenario.clone();
        let (on_edit, error) = (on_edit.clone(), error.clone());
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            let v = el.value();
            if let Some(err) = text_error("title", &v) {
                error.set(Some(err));
                return;
            }
            let mut s = (*sc).clone();
            s.title = v;
            on_edit.emit(s);
        })
    };
    let on_notes = {
        let sc = scenario.clone();
        let (on_edit, error) = (on_edit.clone(), error.clone());
        Callback::from(move |e: Event| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            let v = el.value();
            if let Some(err) = text_error("notes", &v) {
                error.set(Some(err));
                return;
            }
            let mut s = (*sc).clone();
            s.notes = v;
            on_edit.emit(s);
        })
    };
    let model = scenario.cpu_model();
    let custom_cpu = scenario.features.is_some() || scenario.pa_bits.is_some();
    let not_modelled = not_modelled_note(scenario);
    let on_feature = |f: Feature| {
        let (sc, on_edit) = (scenario.clone(), on_edit.clone());
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            let mut s = (*sc).clone();
            set_feature(&mut s, f, el.checked());
            on_edit.emit(s);
        })
    };
    let on_pa = {
        let (sc, on_edit) = (scenario.clone(), on_edit.clone());
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            let mut s = (*sc).clone();
            s.pa_bits = el.value().parse().ok();
            on_edit.emit(s);
        })
    };
    let on_default_cpu = {
        let (sc, on_edit) = (scenario.clone(), on_edit.clone());
        Callback::from(move |_: MouseEvent| {
            let mut s = (*sc).clone();
            s.features = None;
            s.pa_bits = None;
            on_edit.emit(s);
        })
    };
    let ram = scenario.ram.clone();
    let on_ram_limit = {
        let f = edit(Box::new(|s| {
            s.ram = match s.ram {
                Some(_) => None,
                None => Some(vec![RamRange {
                    base: 0x4000_0000,
                    size: 0x4000_0000,
                }]),
            };
            Ok(())
        }));
        Callback::from(move |_: Event| f())
    };
    let ram_field = |i: usize, base: bool| {
        let (sc, on_edit, error) = (scenario.clone(), on_edit.clone(), error.clone());
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            let what = if base { "base" } else { "size" };
            let Some(v) = parse_num(&el.value()) else {
                error.set(Some(format!(
                    "ram[{i}].{what}: \"{}\" is not a hex number such as 0x40000000",
                    quoted(&el.value())
                )));
                return;
            };
            let mut s = (*sc).clone();
            let Some(r) = s.ram.as_mut().and_then(|r| r.get_mut(i)) else {
                return;
            };
            if base {
                r.base = v;
            } else {
                r.size = v;
            }
            if r.size == 0 {
                error.set(Some(format!("ram[{i}].size: must not be 0")));
            } else if r.base.checked_add(r.size - 1).is_none() {
                error.set(Some(format!("ram[{i}]: the range runs past 2^64")));
            } else {
                error.set(None);
                on_edit.emit(s);
            }
        })
    };
    let ram_remove = |i: usize| {
        let f = edit(Box::new(move |s| {
            if let Some(r) = s.ram.as_mut()
                && i < r.len()
            {
                r.remove(i);
            }
            Ok(())
        }));
        Callback::from(move |_: MouseEvent| f())
    };
    let ram_add = {
        let f = edit(Box::new(|s| {
            let r = s.ram.get_or_insert_with(Vec::new);
            if r.len() >= MAX_RAM_RANGES {
                return Err(format!("ram: at most {MAX_RAM_RANGES} ranges"));
            }
            let base = r
                .iter()
                .filter_map(|x| x.base.checked_add(x.size))
                .max()
                .unwrap_or(0x4000_0000);
            r.push(RamRange {
                base,
                size: 0x1000_0000,
            });
            Ok(())
        }));
        Callback::from(move |_: MouseEvent| f())
    };
    html! {
        <section class="panel meta" aria-labelledby="h-notes">
            <h2 id="h-notes">{ "The scenario" }</h2>
            <details class="metaedit" data-testid="meta-edit">
                <summary>{ "Title, notes, CPU features, RAM" }</summary>
                <label class="block" for="meta-title">{ "Title" }</label>
                <input id="meta-title" type="text" value={scenario.title.clone()} onchange={on_title}
                    data-testid="meta-title" />
                <label class="block" for="meta-notes">{ "Notes" }</label>
                <textarea id="meta-notes" rows="4" value={scenario.notes.clone()} onchange={on_notes}
                    data-testid="meta-notes" />
                <fieldset class="features">
                    <legend>{ if custom_cpu { "The modelled CPU (features)" } else { "The modelled CPU: the default one" } }</legend>
                    { for Feature::ALL.iter().map(|f| html! {
                        <label class="feat">
                            <input type="checkbox" checked={model.has(*f)} onchange={on_feature(*f)}
                                data-testid={format!("feat-{}", f.name())} />
                            { format!(" {}", f.name()) }
                        </label>
                    }) }
                    if let Some(note) = not_modelled {
                        <p class="muted small" data-testid="features-not-modelled">{ note }</p>
                    }
                    <div class="pa">
                        <label for="meta-pa">{ "Physical address size (PARange)" }</label>
                        <select id="meta-pa" ref={pa_ref} onchange={on_pa} data-testid="meta-pa">
                            <option value="">
                                { format!("default ({} bits)", CpuModel::default().pa_bits) }
                            </option>
                            { for PA_BITS_LEGAL.iter().map(|b| html! {
                                <option value={b.to_string()}>
                                    { format!("{b} bits") }
                                </option>
                            }) }
                        </select>
                    </div>
                    if custom_cpu {
                        <button onclick={on_default_cpu}>{ "Back to the default CPU" }</button>
                    }
                </fieldset>
                <fieldset class="ram">
                    <legend>{ "Guest RAM" }</legend>
                    <label class="toggle">
                        <input type="checkbox" checked={ram.is_some()} onchange={on_ram_limit} data-testid="ram-limit" />
                        <span>{ "only these ranges exist (a walk outside them takes an external abort)" }</span>
                    </label>
                    if let Some(list) = &ram {
                        <table class="memtable">
                            <thead><tr><th scope="col">{ "base" }</th><th scope="col">{ "size" }</th><th /></tr></thead>
                            <tbody>
                            { for list.iter().enumerate().skip(shown(list.len(), *ram_from).start).take(PAGE).map(|(i, r)| html! {
                                <tr>
                                    <td><input type="text" class="hex" value={format!("0x{:x}", r.base)}
                                        onchange={ram_field(i, true)} aria-label={format!("RAM range {} base", i + 1)}
                                        data-testid={format!("ram-{i}-base")} /></td>
                                    <td><input type="text" class="hex" value={format!("0x{:x}", r.size)}
                                        onchange={ram_field(i, false)} aria-label={format!("RAM range {} size", i + 1)}
                                        data-testid={format!("ram-{i}-size")} /></td>
                                    <td><button onclick={ram_remove(i)} aria-label={format!("Remove RAM range {}", i + 1)}>{ "−" }</button></td>
                                </tr>
                            }) }
                            </tbody>
                        </table>
                        <Pager n={list.len()} start={*ram_from} on_start={Callback::from(move |i| ram_from.set(i))} what="ranges" />
                        <button onclick={ram_add}>{ "+ range" }</button>
                    } else {
                        <p class="muted small">{ "Every address below the output size exists." }</p>
                    }
                </fieldset>
            </details>
            if let Some(e) = &*error { <p class="ferr" role="alert">{ e.clone() }</p> }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atwalk_core::eval::{EvalOptions, evaluate};

    #[test]
    fn expectation_round_trip() {
        let s = crate::fixtures::fixture("plain-4k-walk");
        let e = evaluate(&s, &EvalOptions::default());
        let r = &e.results[0];
        let want = r.as_expect();
        assert!(r.mismatches(&want).is_empty());
        let wrong = Expect {
            par: Some(0),
            path: None,
            hw_par: Some(HwExpect::Abort { dfsc: None }),
        };
        assert_eq!(r.mismatches(&wrong).len(), 2);
    }

    #[test]
    fn toggling_a_feature_keeps_the_names_the_model_does_not_use() {
        let mut s = crate::fixtures::fixture("plain-4k-walk");
        let arm = |n| ArmFeature::from_name(n).unwrap();
        s.features = Some(vec![arm("FEAT_TTL"), arm("FEAT_PAN"), arm("FEAT_HPDS2")]);
        set_feature(&mut s, Feature::Pan, false);
        set_feature(&mut s, Feature::Pan3, true);
        assert_eq!(
            s.features,
            Some(vec![arm("FEAT_TTL"), arm("FEAT_HPDS2"), arm("FEAT_PAN3")])
        );
        assert_eq!(
            s.features_not_modelled(),
            [arm("FEAT_TTL"), arm("FEAT_HPDS2")]
        );
        assert_eq!(
            not_modelled_note(&s).as_deref(),
            Some(
                "Not used by the model: FEAT_TTL, FEAT_HPDS2 — they change nothing atwalk computes."
            )
        );

        s.features = None;
        assert_eq!(not_modelled_note(&s), None);
        set_feature(&mut s, Feature::Ats1a, false);
        let mut rest = Feature::ALL.to_vec();
        rest.retain(|f| *f != Feature::Ats1a);
        assert_eq!(s.cpu_model(), CpuModel::new(&rest, 48));
    }
}
