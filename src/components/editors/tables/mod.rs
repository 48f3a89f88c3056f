//! The translation tables: every table the walk uses (stage 1 at each level, and the stage 2 tables
//! when stage 2 is on), each as its indexed entry and its non-empty neighbours with the empty runs
//! folded ([`card`]); each descriptor editable as hex or field by field, and "make a page/block
//! here" and "create next-level table here" on an empty slot ([`entry`]); tables added by hand;
//! and every word of guest memory, a page at a time ([`words`]).
//!
//! The core lays the tables out (`atwalk_core::layout`): which tables, where each entry is in guest
//! memory (piece by piece when stage 2 splits a table), which rows to show, and the descriptors the
//! buttons write. The state computes the walk's tables once per evaluation; this only draws them.

mod card;
mod entry;
mod props;
mod window;
mod words;

use atwalk_core::fault::Stage;
use atwalk_core::granule::{FINAL_LEVEL, Granule};
use atwalk_core::layout::{PlacedTable, TableInfo, free_table};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::view::{hex64, parse_num, quoted};
use props::Ctx;

pub use props::TablesProps;

/// Every table the walk uses, the tables added by hand, and all of memory.
#[function_component]
pub fn Tables(props: &TablesProps) -> Html {
    let list = &props.tables;
    let opened = use_state(Vec::<(u64, u64)>::new);
    let added = use_state(Vec::<PlacedTable>::new);
    let add_error = use_state(|| None::<String>);
    let new_ref = use_node_ref();
    let new_level_ref = use_node_ref();
    let used = list
        .iter()
        .chain(added.iter())
        .filter_map(|t| t.info.last_byte())
        .max()
        .unwrap_or(0);
    let expanded = use_state(Vec::<u64>::new);
    let ctx = Ctx {
        props,
        used,
        expanded: &expanded,
    };
    let s1 = list.iter().find(|t| t.info.stage == Stage::S1);
    let suggested = free_table(&props.scenario, used)
        .map(hex64)
        .unwrap_or_default();
    let on_add_table = {
        let (added, new_ref, new_level_ref, add_error, sc) = (
            added.clone(),
            new_ref.clone(),
            new_level_ref.clone(),
            add_error.clone(),
            props.scenario.clone(),
        );
        let (granule, ds, pa52) = s1.map_or((Granule::K4, false, false), |t| {
            (t.info.granule, t.info.ds, t.info.pa52)
        });
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(a), Some(l)) = (
                new_ref.cast::<HtmlInputElement>(),
                new_level_ref.cast::<HtmlSelectElement>(),
            ) else {
                return;
            };
            let level: i8 = l.value().parse().unwrap_or(FINAL_LEVEL);
            let Some(at) = parse_num(&a.value()) else {
                add_error.set(Some(format!(
                    "new table: \"{}\" is not an address such as 0x40210000",
                    quoted(&a.value())
                )));
                return;
            };
            match TableInfo::by_hand(at, level, granule, ds, pa52) {
                Some(info) => {
                    add_error.set(None);
                    let mut v = (*added).clone();
                    v.retain(|t| t.info.pa != Some(at));
                    v.push(PlacedTable::new(&sc, info));
                    added.set(v);
                }
                None => add_error.set(Some(format!(
                    "new table: {} is not aligned to the {} granule",
                    quoted(&a.value()),
                    granule.name()
                ))),
            }
        })
    };
    let extra: Vec<&PlacedTable> = added
        .iter()
        .filter(|a| !list.iter().any(|t| t.info.pa == a.info.pa))
        .collect();
    html! {
        <section class="panel tables" aria-labelledby="h-tables">
            <h2 id="h-tables">{ "Translation tables" }</h2>
            if list.is_empty() {
                <p class="muted">{ "This walk reads no table." }</p>
            }
            { for list.iter().map(|t| card::table_card(&ctx, t, &opened, false)) }
            { for extra.iter().map(|t| card::table_card(&ctx, t, &opened, true)) }
            <form class="addtable" onsubmit={on_add_table}>
                <label for="new-table">{ "Add a table at" }</label>
                <input id="new-table" type="text" class="hex" ref={new_ref} value={suggested} spellcheck="false"
                    data-testid="new-table-addr" />
                <label for="new-table-level" class="sr-only">{ "its level" }</label>
                <select id="new-table-level" ref={new_level_ref}>
                    { for (0..=FINAL_LEVEL).map(|l| html! {
                        <option value={l.to_string()} selected={l == FINAL_LEVEL}>{ format!("level {l}") }</option>
                    }) }
                </select>
                <button type="submit" data-testid="add-table">{ "Add table" }</button>
            </form>
            if !extra.is_empty() {
                <p class="muted small">{ "An added table is used once a table descriptor's NLTA (or the TTBR) points at it." }</p>
            }
            <words::AllWords scenario={props.scenario.clone()} on_words={props.on_words.clone()} />
            if let Some(e) = &*add_error { <p class="ferr" role="alert">{ e.clone() }</p> }
        </section>
    }
}
