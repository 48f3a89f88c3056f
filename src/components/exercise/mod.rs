//! Exercises: the student reads the scenario and the question, predicts the outcome (or, for KVM,
//! the path and the PAR_EL1 KVM returns), then the walk animates and each prediction is marked
//! right or wrong with the step that decides it. The question, the answer and the marks are
//! `atwalk_teach::exercise`'s (the command line's `atwalk exercise`); this panel only reads the
//! prediction and shows the marks.

pub mod menu;

use atwalk_core::fault::FaultKind;
use atwalk_core::kvm::KvmPath;
use atwalk_teach::exercise::{Mark, Outcome, Prediction, StepRef};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::state::exercise::{ExerciseRun, step_place};
use crate::state::{Action, CentreTab};

/// The kinds of fault a student may predict, in the words on screen.
const FAULTS: [FaultKind; 5] = [
    FaultKind::Translation,
    FaultKind::AddressSize,
    FaultKind::AccessFlag,
    FaultKind::Permission,
    FaultKind::SyncExternalOnWalk,
];

/// Properties of [`ExercisePanel`].
#[derive(Properties, PartialEq)]
pub struct ExerciseProps {
    /// The exercise under way.
    pub run: std::rc::Rc<ExerciseRun>,
    /// Sends actions.
    pub dispatch: Callback<Action>,
}

/// A number as a student types it: hex with or without `0x` (underscores and spaces ignored).
fn number(field: &str, text: &str) -> Result<u64, String> {
    let t: String = text
        .chars()
        .filter(|c| *c != '_' && !c.is_whitespace())
        .collect();
    let t = t.strip_prefix("0x").or(t.strip_prefix("0X")).unwrap_or(&t);
    if t.is_empty() {
        return Err(format!("{field}: type an address in hex, e.g. 0x40400234"));
    }
    u64::from_str_radix(t, 16).map_err(|_| {
        format!("{field}: {text:?} is not a hex number of at most 16 digits, e.g. 0x40400234")
    })
}

fn value(r: &NodeRef) -> String {
    if let Some(i) = r.cast::<HtmlInputElement>() {
        if i.type_() == "radio" || i.type_() == "checkbox" {
            return if i.checked() {
                "1".into()
            } else {
                String::new()
            };
        }
        return i.value();
    }
    r.cast::<HtmlSelectElement>()
        .map(|s| s.value())
        .unwrap_or_default()
}

/// The prediction in the form, or the message naming the field that is wrong.
fn read(kvm: bool, f: &[NodeRef; 9]) -> Result<Prediction, String> {
    let [ok, fault, abort, undef, addr, kind, level, extra, dfsc] = f;
    if kvm {
        let path = match value(ok).as_str() {
            "1" => KvmPath::Fast,
            _ if value(fault) == "1" => KvmPath::Slow,
            _ => return Err("KVM's path: choose fast or slow".into()),
        };
        let par = number("KVM's PAR_EL1", &value(addr))?;
        return Ok(Prediction {
            path: Some(path),
            kvm_par: Some(par),
            ..Prediction::default()
        });
    }
    let outcome = if value(ok) == "1" {
        Outcome::Output {
            addr: number("Output address", &value(addr))?,
        }
    } else if value(fault) == "1" {
        let k = value(kind)
            .parse::<usize>()
            .ok()
            .and_then(|i| FAULTS.get(i));
        let level = value(level)
            .parse::<i8>()
            .ok()
            .filter(|l| (-1..=3).contains(l));
        match (k, level) {
            (Some(&kind), Some(level)) => Outcome::Fault {
                kind,
                level,
                stage2: value(extra) == "1",
            },
            (None, _) => return Err("Fault: choose its kind".into()),
            (_, None) => return Err("Level: choose the level, -1 to 3".into()),
        }
    } else if value(abort) == "1" {
        let dfsc = number("DFSC", &value(dfsc))?;
        Outcome::DataAbort {
            dfsc: u8::try_from(dfsc).map_err(|_| "DFSC: at most 0x3f".to_string())?,
        }
    } else if value(undef) == "1" {
        Outcome::Undefined
    } else {
        return Err("The outcome: choose one".into());
    };
    Ok(Prediction {
        outcome: Some(outcome),
        ..Prediction::default()
    })
}

/// The deciding step in a student's words: the walk's sentence, or KVM's step without C names (the
/// names are in the expert fold).
fn words(run: &ExerciseRun, m: &Mark) -> String {
    match m.step {
        StepRef::Kvm(i) => run
            .ex
            .answer
            .result
            .kvm_trace
            .steps
            .get(i)
            .map_or_else(|| m.because.clone(), |s| s.student()),
        StepRef::Walk(_) => m.because.clone(),
    }
}

fn what(m: &Mark) -> &'static str {
    match m.what {
        "outcome" => "The outcome",
        "path" => "KVM's path",
        _ => "KVM's PAR_EL1",
    }
}

/// The question and the prediction form, or, once predicted, the marks.
#[function_component]
pub fn ExercisePanel(props: &ExerciseProps) -> Html {
    let ExerciseProps { run, dispatch } = props;
    let fields: [NodeRef; 9] = (*use_memo((), |_| -> [NodeRef; 9] { Default::default() })).clone();
    let error = use_state(|| None::<String>);
    let kvm = run.ex.kvm;
    let leave = dispatch.reform(|_| Action::Exercise(None));
    let head = html! {
        <div class="exhead">
            <h2>{ "Exercise" }</h2>
            <button onclick={leave} data-testid="exercise-leave">{ "Leave the exercise" }</button>
        </div>
    };
    let question = html! { <p class="question" data-testid="exercise-question">{ run.ex.question.clone() }</p> };
    if let Some(marks) = &run.marks {
        let answer = atwalk_teach::exercise::answer_text(&run.ex);
        let answer = answer.lines().next().unwrap_or_default().to_owned();
        return html! {
            <section class="panel exercise" aria-label="Exercise" data-testid="exercise">
                { head }{ question }
                <ul class="marks">
                    { for marks.iter().map(|m| {
                        let (tab, at) = step_place(run, m.step);
                        let d = dispatch.clone();
                        let show = Callback::from(move |_: MouseEvent| {
                            d.emit(Action::Tab(tab));
                            d.emit(if tab == CentreTab::Walk { Action::JumpStep(at) } else { Action::Jump(Some(at)) });
                            // The step on show, in view.
                            gloo::timers::callback::Timeout::new(0, || {
                                let Some(w) = web_sys::window() else { return };
                                if let Some(e) = w.document().and_then(|d| d.query_selector(".panel.walk, .flowhead").ok().flatten()) {
                                    e.scroll_into_view();
                                    // Its column scrolls; the page itself stays where it was.
                                    w.scroll_to_with_x_and_y(0.0, 0.0);
                                }
                            }).forget();
                        });
                        html! {
                            <li class={if m.right { "right" } else { "wrong" }} data-testid={format!("mark-{}", m.what)}>
                                <strong>{ format!("{} {}: {}", if m.right { "✓" } else { "✗" }, what(m),
                                    if m.right { "right" } else { "wrong" }) }</strong>
                                <span>{ format!(" Decided by: {}", words(run, m)) }</span>
                                <button onclick={show} data-testid="mark-step">{ "Show this step" }</button>
                                if matches!(m.step, StepRef::Kvm(_)) {
                                    <details class="expert"><summary>{ "In KVM's code" }</summary>{ m.because.clone() }</details>
                                }
                            </li>
                        }
                    }) }
                </ul>
                <p data-testid="exercise-answer">{ answer }</p>
            </section>
        };
    }
    let on_check = {
        let (fields, error, d) = (fields.clone(), error.clone(), dispatch.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match read(kvm, &fields) {
                Ok(p) => {
                    error.set(None);
                    d.emit(Action::Predict(p));
                }
                Err(why) => error.set(Some(why)),
            }
        })
    };
    let [ok, fault, abort, undef, addr, kind, level, extra, dfsc] = fields;
    let radio = |r: NodeRef, label: &str, id: &str| {
        html! { <label><input type="radio" name="outcome" ref={r} data-testid={format!("predict-{id}")} />{ format!(" {label}") }</label> }
    };
    let form = if kvm {
        html! { <>
            <fieldset><legend>{ "KVM answers on its" }</legend>
                { radio(ok, "fast path (the hardware's AT, through the shadow stage 2)", "fast") }
                { radio(fault, "slow path (its own software walk)", "slow") }
            </fieldset>
            <label>{ "PAR_EL1 the guest hypervisor reads back " }
                <input type="text" ref={addr} placeholder="0x…" spellcheck="false" data-testid="predict-par" /></label>
        </> }
    } else {
        html! {
            <fieldset><legend>{ "The outcome" }</legend>
                <div>{ radio(ok, "It succeeds; output address", "ok") }
                    <input type="text" ref={addr} placeholder="0x…" spellcheck="false" aria-label="Output address" data-testid="predict-addr" /></div>
                <div>{ radio(fault, "It faults:", "fault") }
                    <select ref={kind} aria-label="Fault" data-testid="predict-kind">
                        { for FAULTS.iter().enumerate().map(|(i, k)| html! { <option value={i.to_string()} selected={i == 0}>{ k.name() }</option> }) }
                    </select>
                    <label>{ " at level " }<select ref={level} data-testid="predict-level">
                        { for (-1..=3).map(|l| html! { <option value={l.to_string()} selected={l == 0}>{ l }</option> }) }
                    </select></label>
                    <label><input type="checkbox" ref={extra} data-testid="predict-stage2" />{ " at stage 2, on the stage 1 walk" }</label></div>
                <div>{ radio(abort, "No PAR_EL1: a Data Abort, DFSC", "abort") }
                    <input type="text" ref={dfsc} placeholder="0x…" size="6" spellcheck="false" aria-label="DFSC" data-testid="predict-dfsc" /></div>
                <div>{ radio(undef, "The instruction is UNDEFINED on this CPU", "undef") }</div>
            </fieldset>
        }
    };
    html! {
        <section class="panel exercise" aria-label="Exercise" data-testid="exercise">
            { head }{ question }
            <form onsubmit={on_check}>
                { form }
                if let Some(e) = &*error { <p class="error" role="alert" data-testid="exercise-error">{ e.clone() }</p> }
                <button type="submit" class="primary" data-testid="predict-check">{ "Check my prediction" }</button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_name_the_field() {
        assert_eq!(number("X", "0x4040_0234"), Ok(0x4040_0234));
        assert_eq!(number("X", " 81f "), Ok(0x81f));
        assert!(
            number("Output address", "")
                .unwrap_err()
                .starts_with("Output address:")
        );
        assert!(
            number("X", "0xZZ")
                .unwrap_err()
                .contains("not a hex number")
        );
        assert!(number("X", "0x11112222333344445").is_err());
    }
}
