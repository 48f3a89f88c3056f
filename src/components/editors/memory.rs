//! The translation tables: every descriptor the walk reads, editable as hex or field by field
//! (stage 1 table, stage 1 block/page, stage 2 block/page views), with "create next-level table
//! here" on an empty slot; and every word of guest memory.

use atwalk_core::descriptor::{DescKind, S1LeafDesc, S1TableDesc, S2LeafDesc};
use atwalk_core::fault::Stage;
use atwalk_core::granule::FINAL_LEVEL;
use atwalk_core::regs::FieldInfo;
use atwalk_core::scenario::Scenario;
use atwalk_core::trace::Step;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::register::WordEditor;
use super::{hex64, parse_num};
use crate::components::walk::{ReadInfo, reads};
use crate::state::Shared;

/// The largest granule: new tables are aligned to it, so they suit every granule.
const NEW_TABLE_ALIGN: u64 = 0x1_0000;

/// The fields of the descriptor view that fits what the walk found.
pub fn desc_fields(stage: Stage, kind: DescKind) -> (&'static str, &'static [FieldInfo]) {
    match (stage, kind) {
        (_, DescKind::Table) => (S1TableDesc::NAME, S1TableDesc::FIELDS),
        (Stage::S1, _) => (S1LeafDesc::NAME, S1LeafDesc::FIELDS),
        (Stage::S2, _) => (S2LeafDesc::NAME, S2LeafDesc::FIELDS),
    }
}

/// A free, aligned address for a new table: above every word in memory.
fn free_table(s: &Scenario) -> Option<u64> {
    let top = s.memory.keys().next_back().copied().unwrap_or(0);
    let base = s.ram.as_ref().and_then(|r| r.first()).map_or(0, |r| r.base);
    top.max(base)
        .checked_add(1)?
        .checked_next_multiple_of(NEW_TABLE_ALIGN)
}

/// A table descriptor that points at `table`, built field by field.
fn table_descriptor(table: u64) -> Option<u64> {
    let d = S1TableDesc(0)
        .with(S1TableDesc::Valid, 1)
        .ok()?
        .with(S1TableDesc::Type, 1)
        .ok()?;
    d.with(S1TableDesc::NLTA, S1TableDesc::NLTA.get(table))
        .ok()
        .map(|d| d.0)
}

/// Writes one word; a zero word is dropped (absent words read as 0).
pub fn set_word(s: &mut Scenario, at: u64, v: u64) {
    if v == 0 {
        s.memory.remove(&at);
    } else {
        s.memory.insert(at, v);
    }
}

/// Properties of [`Tables`].
#[derive(Properties, PartialEq)]
pub struct TablesProps {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// The walk on show.
    pub walk: Shared<Vec<Step>>,
    /// The descriptor the current step looks at, and the fields it decides by.
    pub current: Option<(u64, &'static [&'static str])>,
    /// Receives the edited scenario.
    pub on_edit: Callback<Scenario>,
}

fn descriptor_row(r: &ReadInfo, p: &TablesProps) -> Html {
    let (view, fields) = desc_fields(r.stage, r.kind);
    let on_change = {
        let (sc, on_edit, at) = (p.scenario.clone(), p.on_edit.clone(), r.at);
        Callback::from(move |v: u64| {
            let mut s = (*sc).clone();
            set_word(&mut s, at, v);
            on_edit.emit(s);
        })
    };
    let current = p.current.filter(|(at, _)| *at == r.at);
    let create =
        (r.kind == DescKind::Invalid && r.level.is_some_and(|l| l < FINAL_LEVEL)).then(|| {
            let (sc, on_edit, at) = (p.scenario.clone(), p.on_edit.clone(), r.at);
            Callback::from(move |_| {
                let mut s = (*sc).clone();
                if let Some(t) = free_table(&s)
                    && let Some(d) = table_descriptor(t)
                {
                    set_word(&mut s, at, d);
                    on_edit.emit(s);
                }
            })
        });
    let stage = match r.stage {
        Stage::S1 => "stage 1",
        Stage::S2 => "stage 2",
    };
    let level = r.level.map(|l| format!("level {l}")).unwrap_or_default();
    let id = format!("desc-{:x}", r.at);
    html! {
        <details class={classes!("desc", current.is_some().then_some("hl"), format!("lvl{}", r.level.unwrap_or(0)))}
            open={current.is_some()} data-at={hex64(r.at)}>
            <summary>
                <span class="dlevel">{ format!("{stage} {level}") }</span>
                <code>{ format!("@{}", hex64(r.at)) }</code>
                <span class="dkind">{ r.kind.name() }</span>
                <code class="rval">{ hex64(r.raw) }</code>
            </summary>
            <p class="dview">{ format!("Fields as a {view}") }</p>
            if let Some(onclick) = create {
                <button class="create" {onclick} data-testid="create-table">
                    { "Create next-level table here" }
                </button>
            }
            <WordEditor name={format!("descriptor at {}", hex64(r.at))} id={id} value={r.raw}
                {fields} {on_change} highlight={current.map_or(&[][..], |c| c.1)} />
        </details>
    }
}

/// The descriptors the walk reads, and all of memory.
#[function_component]
pub fn Tables(props: &TablesProps) -> Html {
    let list = reads(&props.walk);
    let add_error = use_state(|| None::<String>);
    let addr_ref = use_node_ref();
    let val_ref = use_node_ref();
    let on_add = {
        let (sc, on_edit, add_error) = (
            props.scenario.clone(),
            props.on_edit.clone(),
            add_error.clone(),
        );
        let (addr_ref, val_ref) = (addr_ref.clone(), val_ref.clone());
        Callback::from(move |_| {
            let (Some(a), Some(v)) = (
                addr_ref.cast::<HtmlInputElement>(),
                val_ref.cast::<HtmlInputElement>(),
            ) else {
                return;
            };
            let mut s = (*sc).clone();
            match (parse_num(&a.value()), parse_num(&v.value())) {
                (Some(at), Some(val)) if at.is_multiple_of(8) => {
                    add_error.set(None);
                    set_word(&mut s, at, val);
                    on_edit.emit(s);
                }
                (Some(_), Some(_)) => add_error.set(Some(format!(
                    "memory: {} is not 8-byte aligned",
                    a.value()
                ))),
                _ => add_error.set(Some(
                    "memory: write the address and the value in hex, e.g. 0x40202010 and 0x40401743"
                        .into(),
                )),
            }
        })
    };
    html! {
        <section class="panel" aria-labelledby="h-tables">
            <h2 id="h-tables">{ "Translation tables the walk reads" }</h2>
            if list.is_empty() {
                <p class="muted">{ "This walk reads no descriptor." }</p>
            }
            { for list.iter().map(|r| descriptor_row(r, props)) }
            <details class="allmem">
                <summary>{ format!("All guest memory ({} words)", props.scenario.memory.len()) }</summary>
                <table class="memtable">
                    <thead><tr><th scope="col">{ "address" }</th><th scope="col">{ "value" }</th></tr></thead>
                    <tbody>
                    { for props.scenario.memory.iter().map(|(at, v)| {
                        let onchange = {
                            let (sc, on_edit, at) = (props.scenario.clone(), props.on_edit.clone(), *at);
                            Callback::from(move |e: Event| {
                                let el: HtmlInputElement = e.target_unchecked_into();
                                if let Some(v) = parse_num(&el.value()) {
                                    let mut s = (*sc).clone();
                                    set_word(&mut s, at, v);
                                    on_edit.emit(s);
                                }
                            })
                        };
                        html! {
                            <tr>
                                <td><code>{ hex64(*at) }</code></td>
                                <td><input type="text" class="hex" value={hex64(*v)} {onchange}
                                    aria-label={format!("memory word at {}", hex64(*at))} /></td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
                <div class="addword">
                    <input type="text" class="hex" ref={addr_ref} placeholder="address 0x…" aria-label="new word's address" />
                    <input type="text" class="hex" ref={val_ref} placeholder="value 0x…" aria-label="new word's value" />
                    <button onclick={on_add}>{ "Set word" }</button>
                </div>
                if let Some(e) = &*add_error { <p class="ferr" role="alert">{ e.clone() }</p> }
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_table_descriptor() {
        assert_eq!(table_descriptor(0x4041_0000), Some(0x4041_0003));
    }
}
