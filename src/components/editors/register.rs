//! A 64-bit register (or descriptor) editor: the raw hex value and one [`FieldEditor`] per field,
//! kept in sync both ways (each writes the whole word).

use atwalk_core::regs::FieldInfo;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::field::FieldEditor;
use crate::view::{hex64, parse_num, quoted};

/// How to explain field values beside them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Annotate {
    /// Each field is a MAIR attribute byte: decode it (MemAttr::decode).
    MairAttr,
}

impl Annotate {
    fn note(self, v: u64) -> Option<String> {
        match self {
            Annotate::MairAttr => u8::try_from(v)
                .ok()
                .map(|b| atwalk_core::regs::MemAttr::decode(b).to_string()),
        }
    }
}

/// Properties of [`WordEditor`].
#[derive(Properties, PartialEq)]
pub struct WordProps {
    /// The Arm name shown (`TCR_EL1`).
    pub name: AttrValue,
    /// A unique id prefix.
    pub id: AttrValue,
    /// The value.
    pub value: u64,
    /// Its fields.
    pub fields: &'static [FieldInfo],
    /// Receives the new value.
    pub on_change: Callback<u64>,
    /// Fields to highlight.
    #[prop_or_default]
    pub highlight: &'static [&'static str],
    /// Explains field values.
    #[prop_or_default]
    pub annotate: Option<Annotate>,
}

/// The raw value as a hex input, then every field.
#[function_component]
pub fn WordEditor(props: &WordProps) -> Html {
    let WordProps {
        name,
        id,
        value,
        fields,
        on_change,
        highlight,
        annotate,
    } = props;
    let error = use_state(|| None::<String>);
    let onchange = {
        let (on_change, error, name) = (on_change.clone(), error.clone(), name.clone());
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            match parse_num(&el.value()) {
                Some(v) => {
                    error.set(None);
                    on_change.emit(v);
                }
                None => error.set(Some(format!(
                    "{name}: \"{}\" is not a 64-bit hex value such as 0x0000000040200000",
                    quoted(&el.value())
                ))),
            }
        })
    };
    let raw_id = format!("{id}-raw");
    html! {
        <div class="word">
            <div class={classes!("field", "raw", error.is_some().then_some("bad"))}>
                <label for={raw_id.clone()}><span class="fname">{ "raw" }</span>
                    <span class="frange">{ "[63:0]" }</span></label>
                <input type="text" id={raw_id} class="hex" spellcheck="false" value={hex64(*value)}
                    {onchange} aria-label={format!("{name} raw value")} data-testid={format!("{id}-raw")} />
                if let Some(e) = &*error { <span class="ferr" role="alert">{ e.clone() }</span> }
            </div>
            { for fields.iter().map(|f| {
                let note = annotate.and_then(|a| a.note(f.get(*value))).map(AttrValue::from);
                html! {
                    <FieldEditor info={*f} word={*value} on_set={on_change.clone()} id={id.clone()}
                        highlight={highlight.contains(&f.name)} {note} />
                }
            }) }
        </div>
    }
}

/// Properties of [`RegisterEditor`].
#[derive(Properties, PartialEq)]
pub struct RegisterProps {
    /// The Arm name.
    pub name: AttrValue,
    /// The value.
    pub value: u64,
    /// Its fields.
    pub fields: &'static [FieldInfo],
    /// Receives the new value.
    pub on_change: Callback<u64>,
    /// Open at first.
    #[prop_or_default]
    pub open: bool,
    /// Explains field values.
    #[prop_or_default]
    pub annotate: Option<Annotate>,
}

/// A foldable register: the name and value as summary, the [`WordEditor`] inside.
#[function_component]
pub fn RegisterEditor(props: &RegisterProps) -> Html {
    let RegisterProps {
        name,
        value,
        fields,
        on_change,
        open,
        annotate,
    } = props;
    html! {
        <details class="reg" open={*open} data-reg={name.clone()}>
            <summary><span class="rname">{ name.clone() }</span>
                <code class="rval">{ hex64(*value) }</code></summary>
            <WordEditor name={name.clone()} id={name.clone()} value={*value} fields={*fields}
                on_change={on_change.clone()} annotate={*annotate} />
        </details>
    }
}
