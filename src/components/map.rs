//! The address-space map under the walk, folded until opened (and only then computed): every
//! mapping the scenario's tables define, ptdump-style, from `atwalk_teach::map` (the same rows as
//! `atwalk map FILE`). A page of rows at a time; a region's button walks an address in it (the
//! query's VA becomes that address: an edit, undoable).

use atwalk_core::scenario::Scenario;
use atwalk_teach::map::{self, AddressMap, kind_text, mem_text, s2_text, size_text};
use yew::prelude::*;

use crate::components::editors::pager::{Pager, shown};
use crate::limits::thousands;
use crate::state::Shared;

/// Properties of [`MapPanel`].
#[derive(Properties, PartialEq)]
pub struct MapProps {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// The query on show (a region's button sets its VA).
    pub query: usize,
    /// Receives the scenario edited.
    pub on_edit: Callback<Scenario>,
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// A duration in milliseconds to a tenth (`12.3`), in integers as [`crate::limits::megabytes`]
/// writes sizes: the app formats no floating-point number, so the formatter for them stays out.
fn tenths_ms(ms: f64) -> String {
    let tenths = (ms * 10.0).round().max(0.0) as u64;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The fold; the map is built when it is opened.
#[function_component]
pub fn MapPanel(props: &MapProps) -> Html {
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            open.set(el.has_attribute("open"));
        })
    };
    html! {
        <details class="panel addrmap" ontoggle={toggle} data-testid="map">
            <summary>{ "Address-space map: every mapping the tables define" }</summary>
            if *open { <MapTable scenario={props.scenario.clone()} query={props.query} on_edit={props.on_edit.clone()} /> }
        </details>
    }
}

fn hex(v: u64) -> String {
    format!("0x{v:x}")
}

/// The map's table, a page at a time.
#[function_component]
fn MapTable(props: &MapProps) -> Html {
    let MapProps {
        scenario,
        query,
        on_edit,
    } = props;
    let built = use_memo(scenario.clone(), |s| {
        let t0 = now();
        let m = map::map(s);
        (m, now() - t0)
    });
    let start = use_state(|| 0usize);
    {
        let start = start.clone();
        use_effect_with(scenario.clone(), move |_| start.set(0));
    }
    let (m, ms): &(AddressMap, f64) = &built;
    let rows = shown(m.rows.len(), *start);
    let walk = |va: u64| {
        let (s, q, on_edit) = (scenario.clone(), *query, on_edit.clone());
        Callback::from(move |_: MouseEvent| {
            let mut s = (*s).clone();
            if let Some(query) = s.queries.get_mut(q) {
                query.va = va;
                on_edit.emit(s);
            }
        })
    };
    let stage2 = m.stage2;
    html! { <>
        <p class="muted small" data-testid="map-time" data-ms={tenths_ms(*ms)} data-rows={m.rows.len().to_string()}>
            { format!("{} regions from {} descriptors, mapped in {} ms. Click a VA range to walk an address in it.", thousands(m.rows.len()), thousands(m.entries), tenths_ms(*ms)) }
            { if stage2 { " Stage 2 is on: the output of stage 1 is an IPA; PA is after stage 2." } else { "" } }
            { if m.truncated { " The map is incomplete: it stopped at a bound on its work." } else { "" } }
        </p>
        <div class="maptable"><table>
            <thead><tr>
                <th>{ "VA range" }</th>
                <th>{ if stage2 { "IPA" } else { "PA" } }</th>
                if stage2 { <th>{ "PA" }</th><th>{ "Stage 2" }</th> }
                <th>{ "Leaf, memory" }</th><th>{ "EL1" }</th><th>{ "EL0" }</th>
            </tr></thead>
            <tbody>
            { for m.rows[rows.clone()].iter().enumerate().map(|(i, r)| html! { <>
                if i == 0 || m.rows[rows.start + i - 1].ttbr != r.ttbr {
                    <tr class="half"><th colspan={if stage2 { "7" } else { "5" }}>
                        { if r.ttbr == 0 { "TTBR0_EL1: the lower addresses" } else { "TTBR1_EL1: the upper addresses" } }</th></tr>
                }
                <tr data-testid="map-row">
                    <td><button class="walkva mono" onclick={walk(r.sample())} data-testid="map-walk"
                        title={format!("Walk {} (the query's VA becomes it)", hex(r.sample()))}>
                        { format!("{}–", hex(r.va)) }<br />{ hex(r.va_end()) }</button></td>
                    <td class="mono">{ hex(r.oa) }</td>
                    if stage2 {
                        <td class="mono">{ r.pa.map_or_else(|| "none".to_owned(), hex) }</td>
                        <td>{ r.s2.map_or_else(String::new, s2_text) }</td>
                    }
                    <td>{ format!("{} {}, level {}", size_text(r.size), kind_text(r), r.level) }
                        <br />{ mem_text(r.mem) }
                        if let Some(f) = r.fault { <br /><span class="error">{ f.name() }</span> }</td>
                    <td class="mono">{ r.el1.text() }
                        if r.pan { <abbr title="With PSTATE.PAN set, EL1 may not read or write here (an EL0 page)">{ " PAN" }</abbr> }</td>
                    <td class="mono">{ r.el0.text() }</td>
                </tr>
            </> }) }
            </tbody>
        </table></div>
        <Pager n={m.rows.len()} start={*start} on_start={Callback::from(move |i| start.set(i))} what="regions" />
        { for m.notes.iter().map(|n| html! { <p class="muted small">{ n.text.clone() }</p> }) }
    </> }
}
