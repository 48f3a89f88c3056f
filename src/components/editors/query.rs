//! The AT operations: which one is on show, its op and VA, adding and removing queries.

use atwalk_core::at::AtOp;
use atwalk_core::scenario::{Query, Scenario};
use atwalk_core::trace::Step;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::walk::va::VaBits;
use crate::hooks::use_synced_select;
use crate::state::Shared;
use crate::view::{hex64, parse_num, quoted};

/// Properties of [`Queries`].
#[derive(Properties, PartialEq)]
pub struct QueriesProps {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// The query on show.
    pub query: usize,
    /// The walk on show (for the VA's colours).
    pub walk: Shared<Vec<Step>>,
    /// Receives the edited scenario.
    pub on_edit: Callback<Scenario>,
    /// Selects a query.
    pub on_select: Callback<usize>,
}

/// The op and VA of the query on show, the list of queries, and the VA's bits.
#[function_component]
pub fn Queries(props: &QueriesProps) -> Html {
    let QueriesProps {
        scenario,
        query,
        walk,
        on_edit,
        on_select,
    } = props;
    let error = use_state(|| None::<String>);
    // The selects show the state's query and op whatever the user last picked (see the hook).
    let q0 = scenario.queries.get(*query).copied();
    let op_ref = use_synced_select(q0.map(|q| q.op.name().to_string()).unwrap_or_default());
    let pick_ref = use_synced_select(query.to_string());
    let Some(q) = q0 else {
        return html! {};
    };
    let edit_query = {
        let (sc, on_edit, qi) = (scenario.clone(), on_edit.clone(), *query);
        move |f: Box<dyn Fn(&mut Query)>| {
            let mut s = (*sc).clone();
            if let Some(q) = s.queries.get_mut(qi) {
                f(q);
            }
            on_edit.emit(s);
        }
    };
    let on_op = {
        let edit = edit_query.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            if let Some(op) = AtOp::from_name(&el.value()) {
                edit(Box::new(move |q| {
                    q.op = op;
                    q.expect = None;
                }));
            }
        })
    };
    let on_va = {
        let (edit, error) = (edit_query.clone(), error.clone());
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            match parse_num(&el.value()) {
                Some(va) => {
                    error.set(None);
                    edit(Box::new(move |q| {
                        q.va = va;
                        q.expect = None;
                    }));
                }
                None => error.set(Some(format!(
                    "VA: \"{}\" is not a 64-bit hex address such as 0x0000000000201234",
                    quoted(&el.value())
                ))),
            }
        })
    };
    let on_pick = {
        let on_select = on_select.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = el.value().parse() {
                on_select.emit(i);
            }
        })
    };
    let on_go = {
        let (on_select, n) = (on_select.clone(), scenario.queries.len());
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            if let Some(k) = parse_num(&el.value()).and_then(|k| usize::try_from(k).ok())
                && (1..=n).contains(&k)
            {
                on_select.emit(k - 1);
                el.set_value("");
            }
        })
    };
    let on_add = {
        let (sc, on_edit, on_select) = (scenario.clone(), on_edit.clone(), on_select.clone());
        Callback::from(move |_| {
            let mut s = (*sc).clone();
            s.queries.push(Query { expect: None, ..q });
            let n = s.queries.len() - 1;
            on_edit.emit(s);
            on_select.emit(n);
        })
    };
    let on_remove = {
        let (sc, on_edit, qi) = (scenario.clone(), on_edit.clone(), *query);
        Callback::from(move |_| {
            let mut s = (*sc).clone();
            if s.queries.len() > 1 {
                s.queries.remove(qi);
                on_edit.emit(s);
            }
        })
    };
    let n = scenario.queries.len();
    html! {
        <section class="panel" aria-labelledby="h-at">
            <h2 id="h-at">{ "The AT instruction" }</h2>
            <div class="at-line">
                <label for="at-op">{ "AT" }</label>
                <select id="at-op" ref={op_ref} onchange={on_op} data-testid="at-op">
                    { for AtOp::ALL.iter().map(|o| html! {
                        <option value={o.name()}>{ o.name() }</option>
                    }) }
                </select>
                <label for="at-va" class="sr-only">{ "Virtual address" }</label>
                <input id="at-va" type="text" class={classes!("hex", error.is_some().then_some("bad"))}
                    spellcheck="false" value={hex64(q.va)} onchange={on_va} data-testid="at-va"
                    aria-description="The virtual address the AT instruction translates" />
            </div>
            if let Some(e) = &*error { <p class="ferr" role="alert">{ e.clone() }</p> }
            <VaBits va={q.va} walk={walk.clone()} />
            <div class="query-list">
                <label for="query-pick">{ format!("Query {} of {n}", query + 1) }</label>
                if n > 1 {
                    // A scenario may hold 10,000 queries: the menu lists the 100 around this one.
                    <select id="query-pick" ref={pick_ref} onchange={on_pick} data-testid="query-pick">
                        { for scenario.queries.iter().enumerate().skip(query.saturating_sub(50)).take(100).map(|(i, q)| html! {
                            <option value={i.to_string()}>
                                { format!("{}: AT {} 0x{:x}", i + 1, q.op.name(), q.va) }
                            </option>
                        }) }
                    </select>
                }
                if n > 100 {
                    <input type="text" class="num" size="6" placeholder={format!("1–{n}")} onchange={on_go}
                        aria-label="show query number" data-testid="query-go" />
                }
                <button onclick={on_add} title="Add a query (a copy of this one)">{ "+ query" }</button>
                if n > 1 { <button onclick={on_remove} title="Remove this query">{ "− query" }</button> }
            </div>
        </section>
    }
}
