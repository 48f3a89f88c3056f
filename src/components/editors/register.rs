//! A 64-bit register (or descriptor) editor: the raw hex value and one [`FieldEditor`] per field,
//! kept in sync both ways (each writes the whole word). The fields a walk uses come first, each in
//! its shape (a menu, an address, a flag, a number); the rest are folded; a descriptor's fields
//! that do not exist for the walk's granule and DS are not shown.

use atwalk_core::editing::{field_exists, shape, split_fields};
use atwalk_core::granule::Granule;
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
    /// The view's Arm name (`TcrEl1::NAME`...), which says which fields a walk uses.
    #[prop_or_default]
    pub view: &'static str,
    /// The granule of the walk the register or descriptor serves.
    #[prop_or(Granule::K4)]
    pub granule: Granule,
    /// A descriptor of a walk with DS = 1 (its fields then differ).
    #[prop_or_default]
    pub ds: bool,
    /// A descriptor: fields that do not exist for the granule and DS are hidden.
    #[prop_or_default]
    pub descriptor: bool,
    /// The walk's range is TTBR1's (TCR_EL1's TTBR1 fields first).
    #[prop_or_default]
    pub upper: bool,
    /// MAIR_EL1, for a leaf descriptor's AttrIndx menu.
    #[prop_or_default]
    pub mair: Option<u64>,
}

/// The raw value as a hex input, then the fields a walk uses, then the others folded.
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
        view,
        granule,
        ds,
        descriptor,
        upper,
        mair,
    } = props;
    let error = use_state(|| None::<String>);
    let more = use_state(|| false);
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
    let (mut first, mut rest) = split_fields(fields, view, *upper);
    if *descriptor {
        first.retain(|f| field_exists(f.name, *granule, *ds));
        rest.retain(|f| field_exists(f.name, *granule, *ds));
    }
    let field = |f: &FieldInfo| {
        let note = annotate
            .and_then(|a| a.note(f.get(*value)))
            .map(AttrValue::from);
        html! {
            <FieldEditor info={*f} word={*value} on_set={on_change.clone()} id={id.clone()}
                highlight={highlight.contains(&f.name)} {note} shape={shape(f, *granule)} mair={*mair} view={*view} />
        }
    };
    html! {
        <div class="word">
            <div class={classes!("field", "raw", error.is_some().then_some("bad"))}>
                <label for={raw_id.clone()}><span class="fname">{ "raw" }</span>
                    <span class="frange">{ "[63:0]" }</span></label>
                <input type="text" id={raw_id} class="hex" spellcheck="false" value={hex64(*value)}
                    {onchange} aria-label={format!("{name} raw value")} data-testid={format!("{id}-raw")} />
                if let Some(e) = &*error { <span class="ferr" role="alert">{ e.clone() }</span> }
            </div>
            { for first.iter().map(field) }
            if !rest.is_empty() {
                <details class="morefields" ontoggle={unfolds(&more)}>
                    <summary>{ format!("{} more field{}", rest.len(), if rest.len() == 1 { "" } else { "s" }) }</summary>
                    if *more { { for rest.iter().map(field) } }
                </details>
            }
        </div>
    }
}

/// A `<details>` toggle handler that sets `shown` once the details are opened: what a fold
/// holds is built when it is first opened.
pub fn unfolds(shown: &UseStateHandle<bool>) -> Callback<Event> {
    let shown = shown.clone();
    Callback::from(move |e: Event| {
        let el: web_sys::Element = e.target_unchecked_into();
        if el.has_attribute("open") && !*shown {
            shown.set(true);
        }
    })
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
    /// The view's Arm name (which fields a walk uses).
    #[prop_or_default]
    pub view: &'static str,
    /// The granule (what SL0 means).
    #[prop_or(Granule::K4)]
    pub granule: Granule,
    /// The walk's range is TTBR1's.
    #[prop_or_default]
    pub upper: bool,
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
        view,
        granule,
        upper,
    } = props;
    // A folded register's fields are made when it is first opened: the first screen builds only
    // what it shows.
    let shown = use_state(|| *open);
    html! {
        <details class="reg" open={*open} data-reg={name.clone()} ontoggle={unfolds(&shown)}>
            <summary><span class="rname">{ name.clone() }</span>
                <code class="rval">{ hex64(*value) }</code></summary>
            if *shown {
                <WordEditor name={name.clone()} id={name.clone()} value={*value} fields={*fields}
                    on_change={on_change.clone()} annotate={*annotate} {view} granule={*granule} upper={*upper} />
            }
        </details>
    }
}
