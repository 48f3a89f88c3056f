//! Every word of guest memory, each editable, and a form to set any word.

use atwalk_core::layout::DESC_BYTES;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::props::{TablesProps, set_word};
use crate::view::{hex64, parse_num};

/// The folded list of all memory words; a bad address or value is reported through `error`.
pub fn all_words(
    props: &TablesProps,
    addr_ref: &NodeRef,
    val_ref: &NodeRef,
    error: &UseStateHandle<Option<String>>,
) -> Html {
    let on_add = {
        let (sc, on_edit, error) = (props.scenario.clone(), props.on_edit.clone(), error.clone());
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
                (Some(at), Some(val)) if at.is_multiple_of(DESC_BYTES) => {
                    error.set(None);
                    set_word(&mut s, at, val);
                    on_edit.emit(s);
                }
                (Some(_), Some(_)) => error.set(Some(format!(
                    "memory: {} is not 8-byte aligned",
                    a.value()
                ))),
                _ => error.set(Some(
                    "memory: write the address and the value in hex, e.g. 0x40202010 and 0x40401743"
                        .into(),
                )),
            }
        })
    };
    html! {
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
                <input type="text" class="hex" ref={addr_ref.clone()} placeholder="address 0x…" aria-label="new word's address" />
                <input type="text" class="hex" ref={val_ref.clone()} placeholder="value 0x…" aria-label="new word's value" />
                <button onclick={on_add}>{ "Set word" }</button>
            </div>
        </details>
    }
}
