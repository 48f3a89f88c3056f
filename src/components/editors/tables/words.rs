//! Every word of guest memory, a page at a time (a memory dump may hold a million words: only the
//! page on show is drawn, and only while the list is open), each editable, and a form to set any
//! word.

use std::ops::Bound;

use atwalk_core::layout::DESC_BYTES;
use atwalk_core::scenario::Scenario;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::Shared;
use crate::view::{hex64, parse_num, quoted};

/// Words on a page of the list.
pub const PAGE: usize = 32;

/// Properties of [`AllWords`].
#[derive(Properties, PartialEq)]
pub struct AllWordsProps {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// Receives the words written.
    pub on_words: Callback<Vec<(u64, u64)>>,
}

/// A button that shows the page from `to` (disabled without one).
fn nav(
    label: &'static str,
    title: &'static str,
    to: Option<u64>,
    from: &UseStateHandle<u64>,
) -> Html {
    let from = from.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        if let Some(a) = to {
            from.set(a);
        }
    });
    html! { <button {onclick} disabled={to.is_none()} {title}>{ label }</button> }
}

/// The folded list of all memory words, a page at a time from an address, with the previous and
/// next pages and a jump to any address; a form sets any word (and shows its page).
#[function_component]
pub fn AllWords(props: &AllWordsProps) -> Html {
    let open = use_state(|| false);
    let from = use_state(|| 0u64);
    let error = use_state(|| None::<String>);
    let (addr_ref, val_ref) = (use_node_ref(), use_node_ref());
    let mem = &props.scenario.memory;
    let on_add = {
        let (on_words, error, from) = (props.on_words.clone(), error.clone(), from.clone());
        let (addr_ref, val_ref) = (addr_ref.clone(), val_ref.clone());
        Callback::from(move |_| {
            let (Some(a), Some(v)) = (
                addr_ref.cast::<HtmlInputElement>(),
                val_ref.cast::<HtmlInputElement>(),
            ) else {
                return;
            };
            match (parse_num(&a.value()), parse_num(&v.value())) {
                (Some(at), Some(val)) if at.is_multiple_of(DESC_BYTES) => {
                    error.set(None);
                    on_words.emit(vec![(at, val)]);
                    from.set(at);
                }
                (Some(_), Some(_)) => error.set(Some(format!(
                    "memory: {} is not 8-byte aligned",
                    quoted(&a.value())
                ))),
                _ => error.set(Some(
                    "memory: write the address and the value in hex, e.g. 0x40202010 and 0x40401743"
                        .into(),
                )),
            }
        })
    };
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            open.set(el.has_attribute("open"));
        })
    };
    let on_goto = {
        let (from, error) = (from.clone(), error.clone());
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            match parse_num(&el.value()) {
                Some(a) => {
                    error.set(None);
                    from.set(a);
                }
                None => error.set(Some(format!(
                    "memory: \"{}\" is not an address such as 0x40200000",
                    quoted(&el.value())
                ))),
            }
        })
    };
    // Only the page on show is read: a few steps into the map whatever its size.
    let page: Vec<(u64, u64)> = if *open {
        mem.range(*from..)
            .take(PAGE)
            .map(|(a, v)| (*a, *v))
            .collect()
    } else {
        Vec::new()
    };
    let prev = mem.range(..*from).rev().take(PAGE).last().map(|(a, _)| *a);
    let next = page.last().and_then(|(a, _)| {
        mem.range((Bound::Excluded(*a), Bound::Unbounded))
            .next()
            .map(|(a, _)| *a)
    });
    html! {
        <details class="allmem" open={*open} {ontoggle} data-testid="allmem">
            <summary>{ format!("All guest memory ({} words)", mem.len()) }</summary>
            if mem.len() > PAGE && *open {
                <div class="addword" data-testid="mem-pager">
                    { nav("◀", "The words before", prev, &from) }
                    <span class="muted small">{ match (page.first(), page.last()) {
                        (Some((a, _)), Some((b, _))) => format!("{} … {}: {} of {} words", hex64(*a), hex64(*b), page.len(), mem.len()),
                        _ => format!("no word at or above {}", hex64(*from)),
                    } }</span>
                    { nav("▶", "The words after", next, &from) }
                    <input type="text" class="hex" placeholder="from 0x…" onchange={on_goto}
                        aria-label="show the words from this address" />
                </div>
            }
            <table class="memtable">
                <thead><tr><th scope="col">{ "address" }</th><th scope="col">{ "value" }</th></tr></thead>
                <tbody>
                { for page.into_iter().map(|(at, v)| {
                    let onchange = {
                        let on_words = props.on_words.clone();
                        Callback::from(move |e: Event| {
                            let el: HtmlInputElement = e.target_unchecked_into();
                            if let Some(v) = parse_num(&el.value()) {
                                on_words.emit(vec![(at, v)]);
                            }
                        })
                    };
                    html! {
                        <tr key={at.to_string()}>
                            <td><code>{ hex64(at) }</code></td>
                            <td><input type="text" class="hex" value={hex64(v)} {onchange}
                                aria-label={format!("memory word at {}", hex64(at))} /></td>
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
            if let Some(e) = &*error { <p class="ferr" role="alert">{ e.clone() }</p> }
        </details>
    }
}
