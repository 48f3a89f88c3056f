//! One generic editor for a named bit field ([`FieldInfo`]): its Arm name, bit range and meaning,
//! and its value as a checkbox (one bit) or a number. Every register and descriptor editor is a
//! list of these.

use atwalk_core::regs::FieldInfo;
use web_sys::HtmlInputElement;
use yew::prelude::*;

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
    } = props;
    let error = use_state(|| None::<String>);
    let value = info.get(*word);
    let input_id = format!("{id}-{}", info.name);
    let class = classes!(
        "field",
        highlight.then_some("hl"),
        error.is_some().then_some("bad")
    );
    let label = html! {
        <label for={input_id.clone()} title={info.doc}>
            <span class="fname">{ info.name }</span>
            <span class="frange">{ range_text(info) }</span>
        </label>
    };
    let editor = if info.width() == 1 {
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
    } else {
        let onchange = {
            let (info, word, on_set, error) = (*info, *word, on_set.clone(), error.clone());
            Callback::from(move |e: Event| {
                let el: HtmlInputElement = e.target_unchecked_into();
                match parse_num(&el.value()) {
                    None => error.set(Some(format!(
                        "{}: \"{}\" is not a number (write 25, 0x19 or 0b11001)",
                        info.name,
                        quoted(&el.value())
                    ))),
                    Some(v) => match info.set(word, v) {
                        Ok(w) => {
                            error.set(None);
                            on_set.emit(w);
                        }
                        Err(e) => error.set(Some(e.to_string())),
                    },
                }
            })
        };
        html! {
            <input type="text" id={input_id.clone()} class="num" spellcheck="false"
                value={field_text(info, value)} {onchange} aria-description={info.doc}
                aria-invalid={error.is_some().then_some("true")} />
        }
    };
    html! {
        <div {class} data-field={info.name}>
            { label }
            { editor }
            <span class="fdoc">{ info.doc }</span>
            if let Some(n) = note { <span class="fnote">{ n.clone() }</span> }
            if let Some(e) = &*error { <span class="ferr" role="alert">{ e.clone() }</span> }
        </div>
    }
}
