//! One entry of a table: its index, value and kind as a summary, and once opened (by hand, or as
//! the descriptor the step on show reads) the descriptor editable as hex or field by field in the
//! view that fits what it is, and on an empty slot the buttons that make a page or block, or a
//! next-level table, at a free address (descriptors from the core). A closed entry other than the
//! walked one draws its summary alone: a card may list dozens.

use atwalk_core::descriptor::DescKind;
use atwalk_core::granule::FINAL_LEVEL;
use atwalk_core::layout::{TableInfo, free_table};
use yew::prelude::*;

use super::props::Ctx;
use crate::components::editors::register::WordEditor;
use crate::view::fields::desc_fields;
use crate::view::hex64;

/// Entry `k` of table `t`, at the PA `at`.
pub fn entry_row(c: &Ctx<'_>, t: &TableInfo, at: u64, k: u64) -> Html {
    let p = c.props;
    let raw = p.scenario.memory.get(&at).copied().unwrap_or(0);
    let kind = t.kind(raw);
    let (view, fields) = desc_fields(t.stage, kind);
    let on_change = p.on_words.reform(move |v: u64| vec![(at, v)]);
    let empty = kind == DescKind::Invalid;
    let level = t.level;
    // A new table or page at a free address: the descriptor (from the core) pointing at it.
    let make = |desc: fn(&TableInfo, u64) -> u64| {
        let (t, sc, on_words, used) = (t.clone(), p.scenario.clone(), p.on_words.clone(), c.used);
        Callback::from(move |_: MouseEvent| {
            if let Some(next) = free_table(&sc, used) {
                on_words.emit(vec![(at, desc(&t, next))]);
            }
        })
    };
    let make_table = (empty && t.holds_tables()).then(|| make(TableInfo::new_table));
    let make_leaf = (empty && t.holds_leaves()).then(|| make(TableInfo::new_leaf));
    let current = p.current.filter(|(a, _)| *a == at);
    let walked = t.index == Some(k);
    // Rows are keyed, so a row's element (and whether the browser shows it open) stays with it.
    let open = current.is_some() || c.expanded.contains(&at);
    // Opening or closing by hand is remembered; a toggle that only follows `open` is not.
    let ontoggle = {
        let expanded = c.expanded.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            let now = el.has_attribute("open");
            if now != open {
                let mut set: Vec<u64> = expanded.iter().copied().filter(|a| *a != at).collect();
                if now {
                    set.push(at);
                }
                expanded.set(set);
            }
        })
    };
    html! {
        <details key={format!("e{k}")} class={classes!("desc", "trow", current.is_some().then_some("hl"), walked.then_some("walked"))}
            {open} {ontoggle} data-at={hex64(at)} data-index={k.to_string()}>
            <summary>
                <span class="idx">{ format!("[{k}]") }</span>
                <code class="rval">{ hex64(raw) }</code>
                <span class="dkind">{ kind.name() }</span>
                if walked { <span class="badge walkbadge" title="The entry this walk indexes">{ "← walk" }</span> }
            </summary>
            if open || walked {
            <p class="dview">{ format!("@ {} · fields as a {view}", hex64(at)) }</p>
            if make_leaf.is_some() || make_table.is_some() {
                <div class="slotacts">
                    if let Some(onclick) = make_leaf {
                        <button class="create" {onclick} data-testid="make-leaf">
                            { if level == FINAL_LEVEL { "Make a page here" } else { "Make a block here" } }
                        </button>
                    }
                    if let Some(onclick) = make_table {
                        <button class="create" {onclick} data-testid="create-table">
                            { "Create next-level table here" }
                        </button>
                    }
                </div>
            }
            <WordEditor name={format!("descriptor at {}", hex64(at))} id={format!("desc-{at:x}")} value={raw}
                {fields} {on_change} highlight={current.map_or(&[][..], |c| c.1)}
                {view} granule={t.granule} ds={t.ds} descriptor=true mair={Some(p.scenario.cpu.mair_el1)} />
            }
        </details>
    }
}
