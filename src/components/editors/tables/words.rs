//! Every word of guest memory, a page at a time (a memory dump may hold 250,000 words: only the page
//! on show is drawn, and only while the list is open), each editable, a jump to any address, and a
//! form to set any word.

use atwalk_core::layout::DESC_BYTES;
use atwalk_core::scenario::Scenario;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::editors::pager::{PAGE, Pager, shown};
use crate::state::Shared;
use crate::view::{hex64, parse_num, quoted};

/// Properties of [`AllWords`].
#[derive(Properties, PartialEq)]
pub struct AllWordsProps {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// Receives the words written.
    pub on_words: Callback<Vec<(u64, u64)>>,
}

/// The folded list of all memory words, [`PAGE`] at a time, with a jump to the words from an
/// address; a form sets any word (and shows its page).
#[function_component]
pub fn AllWords(props: &AllWordsProps) -> Html {
    let open = use_state(|| false);
    let from = use_state(|| 0usize);
    let error = use_state(|| None::<String>);
    let (addr_ref, val_ref) = (use_node_ref(), use_node_ref());
    let mem = &props.scenario.memory;
    // The index of the first word at or above `at` (a walk over the words before it).
    let index_of = {
        let sc = props.scenario.clone();
        move |at: u64| sc.memory.range(..at).count()
    };
    let on_add = {
        let (on_words, error, from, index_of) = (
            props.on_words.clone(),
            error.clone(),
            from.clone(),
            index_of.clone(),
        );
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
                    from.set(index_of(at));
                    on_words.emit(vec![(at, val)]);
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
                    from.set(index_of(a));
                }
                None => error.set(Some(format!(
                    "memory: \"{}\" is not an address such as 0x40200000",
                    quoted(&el.value())
                ))),
            }
        })
    };
    // Only the page on show is drawn, and only while the list is open.
    let r = shown(mem.len(), *from);
    let page = mem.iter().skip(r.start).take(if *open { PAGE } else { 0 });
    html! {
        <details class="allmem" open={*open} {ontoggle} data-testid="allmem">
            <summary>{ format!("All guest memory ({} words)", mem.len()) }</summary>
            if *open && mem.len() > PAGE {
                <Pager n={mem.len()} start={r.start} on_start={Callback::from(move |i| from.set(i))} what="words" />
                <input type="text" class="hex" placeholder="from 0x…" onchange={on_goto}
                    aria-label="show the words from this address" data-testid="mem-goto" />
            }
            <table class="memtable">
                <thead><tr><th scope="col">{ "address" }</th><th scope="col">{ "value" }</th></tr></thead>
                <tbody>
                { for page.map(|(&at, &v)| {
                    let on_words = props.on_words.clone();
                    let onchange = Callback::from(move |e: Event| {
                        let el: HtmlInputElement = e.target_unchecked_into();
                        if let Some(v) = parse_num(&el.value()) {
                            on_words.emit(vec![(at, v)]);
                        }
                    });
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
