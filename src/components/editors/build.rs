//! Building from nothing: "Map this VA". The VA and the PA are the only numbers typed; the
//! granule, the leaf's size, who may access and execute it, its memory type and shareability are
//! menus that say what each value means. The core's `build::map_va()` creates or reuses every
//! table on the way and writes the leaf; the current query then asks for that VA.

use atwalk_core::build::{Mapping, leaf_levels, map_va};
use atwalk_core::editing::choices::{self, Choice};
use atwalk_core::granule::{Granule, size_name};
use atwalk_core::regs::{MairEl1, MemAttr};
use atwalk_core::scenario::Scenario;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::register::unfolds;
use crate::state::{Action, Notice, Shared};
use crate::view::parse_num;

/// Properties of [`MapVa`].
#[derive(Properties, PartialEq)]
pub struct MapProps {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// The query on show (it asks for the mapped VA afterwards).
    pub query: usize,
    /// The granule the walk uses now.
    pub granule: Granule,
    /// Sends actions.
    pub dispatch: Callback<Action>,
}

const GRANULES: [Granule; 3] = [Granule::K4, Granule::K16, Granule::K64];

fn options(list: &[Choice], selected: u64) -> Html {
    html! {
        { for list.iter().map(|c| html! {
            <option value={c.value.to_string()} selected={c.value == selected}>{ c.text }</option>
        }) }
    }
}

fn value_of(r: &NodeRef) -> u64 {
    r.cast::<HtmlSelectElement>()
        .and_then(|e| e.value().parse().ok())
        .unwrap_or(0)
}

/// The form.
#[function_component]
pub fn MapVa(props: &MapProps) -> Html {
    let MapProps {
        scenario,
        query,
        granule,
        dispatch,
    } = props;
    let error = use_state(|| None::<String>);
    let picked = use_state(|| *granule);
    let shown = use_state(|| false);
    let refs: [NodeRef; 8] = Default::default();
    let [va, pa, level, ap, exec, attr, sh, _] = refs.clone();
    let g = *picked;
    let on_granule = {
        let picked = picked.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            picked.set(GRANULES[el.selected_index().clamp(0, 2) as usize]);
        })
    };
    let on_map = {
        let (sc, q, d, error, refs) = (
            scenario.clone(),
            *query,
            dispatch.clone(),
            error.clone(),
            refs.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|e| e.value())
                    .unwrap_or_default()
            };
            let (Some(v), Some(p)) = (parse_num(&text(&refs[0])), parse_num(&text(&refs[1])))
            else {
                error.set(Some(
                    "Write the VA and the PA as addresses, e.g. 0x7f1234567000 and 0x80345000."
                        .into(),
                ));
                return;
            };
            let (uxn, pxn) = choices::uxn_pxn(value_of(&refs[4]));
            let m = Mapping {
                va: v,
                pa: p,
                granule: g,
                level: value_of(&refs[2]) as i8,
                ap: value_of(&refs[3]) as u8,
                uxn,
                pxn,
                attr_indx: value_of(&refs[5]) as u8,
                sh: value_of(&refs[6]) as u8,
            };
            match map_va(&sc, &m) {
                Ok(b) => {
                    error.set(None);
                    let mut s = b.scenario;
                    if let Some(query) = s.queries.get_mut(q) {
                        query.va = v;
                        query.expect = None;
                    }
                    d.emit(Action::Edit(s));
                    d.emit(Action::Notice(Some(Notice {
                        error: false,
                        text: format!("Mapped VA 0x{v:x}: {}.", b.done.join("; ")),
                    })));
                }
                Err(e) => error.set(Some(format!("Not mapped: {e}."))),
            }
        })
    };
    let mair = MairEl1(scenario.cpu.mair_el1);
    let va_now = scenario
        .queries
        .get(*query)
        .map(|q| format!("0x{:x}", q.va))
        .unwrap_or_default();
    html! {
        <details class="panel build" open={scenario.memory.is_empty()} data-testid="map-va"
            ontoggle={unfolds(&shown)}>
            <summary><h2>{ "Map this VA" }</h2></summary>
            if *shown || scenario.memory.is_empty() {
            <p class="muted small">{ "Every table on the way is created (or reused if it is there), then the page or block." }</p>
            <form class="mapform" onsubmit={on_map}>
                <label>{ "VA" }<input type="text" class="hex" ref={va} value={va_now} spellcheck="false" data-testid="map-va-va" /></label>
                <label>{ "→ PA" }<input type="text" class="hex" ref={pa} placeholder="0x80345000" spellcheck="false" data-testid="map-va-pa" /></label>
                <label>{ "Pages of" }
                    <select onchange={on_granule} data-testid="map-va-granule">
                        { for GRANULES.iter().map(|x| html! { <option selected={*x == g}>{ size_name(x.bits()) }</option> }) }
                    </select></label>
                <label>{ "Maps" }
                    <select ref={level} data-testid="map-va-level">
                        // Yew inserts options last first, so an unmarked select would show its last.
                        { for leaf_levels(scenario, g).iter().enumerate().map(|(i, (l, b))| html! {
                            <option value={l.to_string()} selected={i == 0}>{ format!("a {} {} (level {l})", size_name(*b), if *l == 3 { "page" } else { "block" }) }</option>
                        }) }
                    </select></label>
                <label>{ "Access" }<select ref={ap} data-testid="map-va-ap">{ options(choices::AP, 0) }</select></label>
                <label>{ "Execute" }<select ref={exec}>{ options(choices::EXECUTE, 0b11) }</select></label>
                <label>{ "Memory" }
                    <select ref={attr}>
                        { for (0..8u8).map(|i| html! {
                            <option value={i.to_string()} selected={i == 0}>{ format!("Attr{i}: {}", MemAttr::decode(mair.attr(i))) }</option>
                        }) }
                    </select></label>
                <label>{ "Shared" }<select ref={sh}>{ options(choices::SH, 0b11) }</select></label>
                <button type="submit" class="create" data-testid="map-va-go">{ "Map" }</button>
            </form>
            if let Some(e) = &*error { <p class="ferr" role="alert">{ e.clone() }</p> }
            }
        </details>
    }
}
