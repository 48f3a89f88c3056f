//! The Exercise menu: a generated exercise (topic, difficulty, seed: the same as `atwalk exercise
//! --topic T --difficulty D --seed N`), the scenario on show as an exercise, and an exercise's link
//! for students (its answer hidden).

use std::rc::Rc;

use atwalk_core::scenario::Scenario;
use atwalk_teach::exercise::{self, Difficulty, Exercise, Topic};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::dom;
use crate::hooks::exercise_link as link;
use crate::state::exercise::ExerciseRun;
use crate::state::{Action, Notice, Shared};

/// Properties of [`ExerciseMenu`].
#[derive(Properties, PartialEq)]
pub struct ExerciseMenuProps {
    /// The scenario on show.
    pub scenario: Shared<Scenario>,
    /// The query on show.
    pub query: usize,
    /// The exercise under way, if any.
    pub run: Option<Rc<ExerciseRun>>,
    /// Sends actions.
    pub dispatch: Callback<Action>,
}

/// What a topic is about, in the menu.
const fn topic_label(t: Topic) -> &'static str {
    match t {
        Topic::Levels => "Levels: where does the walk end?",
        Topic::Faults => "Faults: which, at which level?",
        Topic::Permissions => "Permissions: EL1 and EL0",
        Topic::Pan => "PAN",
        Topic::Stage2 => "Stage 2 under the walk",
        Topic::Kvm => "KVM: fast or slow path?",
    }
}

/// The scenario on show as an exercise on query `query`, or why not.
fn this_one(s: &Scenario, query: usize, kvm: bool) -> Result<Exercise, Notice> {
    exercise::from_scenario(s, query, kvm).ok_or_else(|| Notice {
        error: true,
        text: format!(
            "queries: the scenario has no query {} to ask about; add one in the machine state.",
            query + 1
        ),
    })
}

/// The menu and the exercise link box.
#[function_component]
pub fn ExerciseMenu(props: &ExerciseMenuProps) -> Html {
    let ExerciseMenuProps {
        scenario,
        query,
        run,
        dispatch,
    } = props;
    let (topic, diff, seed, kvm) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let link = use_state(|| None::<Result<String, String>>);
    let start = {
        let (topic, diff, seed, d) = (topic.clone(), diff.clone(), seed.clone(), dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let v = |r: &NodeRef| {
                r.cast::<HtmlSelectElement>()
                    .map(|s| s.value())
                    .unwrap_or_default()
            };
            let n = seed
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let spec = format!("{}/{}/{}", v(&topic), v(&diff), n.trim());
            match link::spec(&spec) {
                Ok((t, df, s)) => {
                    let d = d.clone();
                    link::open(link::Link::Generated(t, df, s), move |a| d.emit(a));
                }
                Err(e) => d.emit(Action::Notice(Some(Notice {
                    error: true,
                    text: e.replace("exercise link: ", "New exercise: "),
                }))),
            }
        })
    };
    let kvm_on = {
        let kvm = kvm.clone();
        move || kvm.cast::<HtmlInputElement>().is_some_and(|i| i.checked())
    };
    let this = {
        let (s, q, d, kvm_on) = (scenario.clone(), *query, dispatch.clone(), kvm_on.clone());
        Callback::from(move |_: MouseEvent| {
            d.emit(match this_one(&s, q, kvm_on()) {
                Ok(ex) => Action::Exercise(Some(Box::new(ex))),
                Err(n) => Action::Notice(Some(n)),
            })
        })
    };
    let share = {
        let (s, q, d, run, link) = (
            scenario.clone(),
            *query,
            dispatch.clone(),
            run.clone(),
            link.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let ex = match &run {
                Some(r) if r.scenario == s => r.ex.clone(),
                _ => match this_one(&s, q, kvm_on()) {
                    Ok(ex) => ex,
                    Err(n) => return d.emit(Action::Notice(Some(n))),
                },
            };
            let link = link.clone();
            link::make(&ex, dom::page_url(), move |url| {
                if let Ok(u) = &url {
                    dom::copy(u);
                }
                link.set(Some(url));
            });
        })
    };
    let close = {
        let link = link.clone();
        Callback::from(move |_: MouseEvent| link.set(None))
    };
    html! { <>
        <button popovertarget="menu-exercise" data-testid="menu-exercise">{ "Exercise ▾" }</button>
        <div id="menu-exercise" class="menu exmenu" popover="auto">
            <fieldset><legend>{ "A new exercise" }</legend>
                <label>{ "Topic " }<select ref={topic} data-testid="ex-topic">
                    { for Topic::ALL.iter().map(|t| html! { <option value={t.name()}>{ topic_label(*t) }</option> }) }
                </select></label>
                <label>{ "Difficulty " }<select ref={diff} data-testid="ex-difficulty">
                    { for [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard].iter().map(|d| html! {
                        <option value={d.name()}>{ d.name() }</option> }) }
                </select></label>
                <label title="The same topic, difficulty and seed give the same exercise, here and with atwalk exercise">
                    { "Seed " }<input ref={seed} type="number" min="0" value="1" size="8" data-testid="ex-seed" /></label>
                <button onclick={start} data-testid="ex-start">{ "Start" }</button>
            </fieldset>
            <fieldset><legend>{ "This scenario" }</legend>
                <label><input type="checkbox" ref={kvm} data-testid="ex-kvm" />{ " ask for KVM's answer" }</label>
                <button onclick={this} data-testid="ex-this">{ format!("Query {} as an exercise", query + 1) }</button>
                <button onclick={share} data-testid="ex-share"
                    title="A link that opens this exercise with its answer hidden">{ "Exercise link for students" }</button>
            </fieldset>
        </div>
        if let Some(Ok(url)) = &*link {
            <div class="sharebox" role="status">
                <label for="exercise-url">{ "Exercise link (copied to the clipboard):" }</label>
                <input id="exercise-url" type="text" readonly=true value={url.clone()} data-testid="exercise-url" />
                <button onclick={close} aria-label="Close">{ "×" }</button>
            </div>
        } else if let Some(Err(why)) = &*link {
            <div class="sharebox" role="alert">
                <span>{ why.clone() }</span>
                <button onclick={close} aria-label="Close">{ "×" }</button>
            </div>
        }
    </> }
}
