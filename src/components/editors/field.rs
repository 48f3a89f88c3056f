//! One generic editor for a named bit field ([`FieldInfo`]): its Arm name, bit range and meaning,
//! and its value in the shape the core gives it (`editing::shape`): a checkbox for one bit, a
//! menu that says what each value means for an encoded field, a whole address for an address
//! field (typed and shown as the address, the bits it cannot hold reported), else a number. Every
//! register and descriptor editor is a list of these.

use atwalk_core::descriptor::S1LeafDesc;
use atwalk_core::editing::{Shape, address_of, place_address};
use atwalk_core::regs::{FieldInfo, MairEl1, MemAttr};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::hooks::use_synced_select;
use crate::view::fields::{field_text, range_text};
use crate::view::{parse_num, quoted};

/// Properties of [`FieldEditor`].
#[derive(Properties, PartialEq)]
pub struct FieldProps {
    /// The field.
    pub info: FieldInfo,
    /// The whole register or descriptor.
    pub word: u64,
    /// Receives the whole word with the field changed.
    pub on_set: Callback<u64>,
    /// A unique id prefix for the input (label association).
    pub id: AttrValue,
    /// The walk's current step reads this field.
    #[prop_or_default]
    pub highlight: bool,
    /// An explanation of the value (e.g. a decoded MAIR attribute).
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// How to show the value (the core's `editing::shape`).
    #[prop_or(Shape::Number)]
    pub shape: Shape,
    /// The register's or descriptor view's core `NAME` (the field's name links to the glossary).
    #[prop_or_default]
    pub view: &'static str,
    /// MAIR_EL1, for an AttrIndx field: a menu of the attributes it selects.
    #[prop_or_default]
    pub mair: Option<u64>,
}

/// A message under a field: an error (nothing changed) or a warning (changed, with a caveat).
#[derive(Clone, PartialEq)]
struct Message {
    error: bool,
    text: String,
}

/// What typing `addr` into the address field `a` of `word` does: the new word, and a message when
/// bits of `addr` are not stored (too large: refused; below the field: kept out, with a warning).
fn place(a: &FieldInfo, word: u64, addr: u64) -> (Option<u64>, Option<Message>) {
    let p = place_address(a, word, addr);
    if p.above != 0 {
        let text = format!(
            "0x{addr:x} does not fit: {} holds address bits [{}:{}]",
            a.name, a.hi, a.lo
        );
        return (None, Some(Message { error: true, text }));
    }
    let warn = (p.below != 0).then(|| Message {
        error: false,
        text: format!(
            "bits [{}:0] of 0x{addr:x} (0x{:x}) are not part of {}: they hold the word's other fields, which stay as they were; {} = 0x{:x}",
            a.lo - 1,
            p.below,
            a.name,
            a.name,
            address_of(a, p.word)
        ),
    });
    (Some(p.word), warn)
}

/// One field: name, bit range, meaning (hover and screen readers), value.
#[function_component]
pub fn FieldEditor(props: &FieldProps) -> Html {
    let FieldProps {
        info,
        word,
        on_set,
        id,
        highlight,
        note,
        shape,
        mair,
        ..
    } = props;
    let message = use_state(|| None::<Message>);
    let value = info.get(*word);
    let select = use_synced_select(value.to_string());
    let input_id = format!("{id}-{}", info.name);
    let class = classes!(
        "field",
        highlight.then_some("hl"),
        message
            .as_ref()
            .map(|m| if m.error { "bad" } else { "warn" })
    );
    let label = html! {
        <label for={input_id.clone()} title={info.doc}>
            <span class="fname">{ crate::components::glossary::field_term(props.view, info.name) }</span>
            <span class="frange">{ if matches!(shape, Shape::Address(_)) { "address".to_string() } else { range_text(info) } }</span>
        </label>
    };
    let attr_menu = mair.filter(|_| info.name == S1LeafDesc::AttrIndx.name);
    let editor = match *shape {
        Shape::Number if attr_menu.is_some() => {
            let mair = MairEl1(attr_menu.unwrap_or_default());
            let onchange = {
                let (info, word, on_set) = (*info, *word, on_set.clone());
                Callback::from(move |e: Event| {
                    let el: HtmlSelectElement = e.target_unchecked_into();
                    if let Some(w) = el.value().parse().ok().and_then(|v| info.set(word, v).ok()) {
                        on_set.emit(w);
                    }
                })
            };
            html! {
                <select id={input_id.clone()} ref={select} {onchange} aria-description={info.doc}>
                    { for (0..8u8).map(|i| html! {
                        <option value={i.to_string()}>{ format!("{i}: MAIR_EL1.Attr{i} = 0x{:02x}, {}", mair.attr(i), MemAttr::decode(mair.attr(i))) }</option>
                    }) }
                </select>
            }
        }
        Shape::Flag => {
            let onchange = {
                let (info, word, on_set) = (*info, *word, on_set.clone());
                Callback::from(move |e: Event| {
                    let el: HtmlInputElement = e.target_unchecked_into();
                    if let Ok(w) = info.set(word, u64::from(el.checked())) {
                        on_set.emit(w);
                    }
                })
            };
            html! {
                <input type="checkbox" id={input_id.clone()} checked={value != 0} {onchange}
                    aria-description={info.doc} />
            }
        }
        Shape::Choice(list) => {
            let onchange = {
                let (info, word, on_set) = (*info, *word, on_set.clone());
                Callback::from(move |e: Event| {
                    let el: HtmlSelectElement = e.target_unchecked_into();
                    if let Some(w) = el.value().parse().ok().and_then(|v| info.set(word, v).ok()) {
                        on_set.emit(w);
                    }
                })
            };
            html! {
                <select id={input_id.clone()} ref={select} {onchange} aria-description={info.doc}>
                    { for list.iter().map(|c| html! {
                        <option value={c.value.to_string()}>{ format!("{}: {}", field_text(info, c.value), c.text) }</option>
                    }) }
                </select>
            }
        }
        Shape::Address(_) | Shape::Number => {
            let address = match *shape {
                Shape::Address(a) => Some(a),
                _ => None,
            };
            let onchange = {
                let (info, word, on_set, message) = (*info, *word, on_set.clone(), message.clone());
                Callback::from(move |e: Event| {
                    let el: HtmlInputElement = e.target_unchecked_into();
                    let Some(v) = parse_num(&el.value()) else {
                        message.set(Some(Message {
                            error: true,
                            text: format!(
                                "{}: \"{}\" is not a number (write 25, 0x19 or 0b11001)",
                                info.name,
                                quoted(&el.value())
                            ),
                        }));
                        return;
                    };
                    let (w, m) = match address {
                        Some(a) => place(&a, word, v),
                        None => match info.set(word, v) {
                            Ok(w) => (Some(w), None),
                            Err(e) => (
                                None,
                                Some(Message {
                                    error: true,
                                    text: e.to_string(),
                                }),
                            ),
                        },
                    };
                    message.set(m);
                    if let Some(w) = w {
                        on_set.emit(w);
                    }
                })
            };
            let shown = match address {
                Some(a) => format!("0x{:x}", address_of(&a, *word)),
                None => field_text(info, value),
            };
            html! {
                <input type="text" id={input_id.clone()} class="num" spellcheck="false"
                    value={shown} {onchange} aria-description={info.doc}
                    aria-invalid={message.as_ref().is_some_and(|m| m.error).then_some("true")} />
            }
        }
    };
    html! {
        <div {class} data-field={info.name}>
            { label }
            { editor }
            <span class="fdoc">{ info.doc }</span>
            if let Some(n) = note { <span class="fnote">{ n.clone() }</span> }
            if let Some(m) = &*message {
                <span class="ferr" role={if m.error { "alert" } else { "status" }}>{ m.text.clone() }</span>
            }
        </div>
    }
}
