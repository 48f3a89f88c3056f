//! PAR_EL1 decoded field by field (ParEl1Ok or ParEl1Fault FIELDS): the result panel shows it, and
//! so does the walk's last step.

use atwalk_core::fault::describe_fsc;
use atwalk_core::regs::{FieldInfo, MemAttr, ParEl1, ParEl1Fault, ParEl1Ok};
use yew::prelude::*;

use crate::view::fields::{field_text, range_text};

/// What a PAR field's value means, where the core can say it.
fn meaning(par: ParEl1, f: &FieldInfo, v: u64) -> String {
    if par.is_fault() && f.name == ParEl1Fault::FST.name {
        u8::try_from(v).map(describe_fsc).unwrap_or_default()
    } else if !par.is_fault() && f.name == ParEl1Ok::ATTR.name {
        u8::try_from(v)
            .map(|b| MemAttr::decode(b).to_string())
            .unwrap_or_default()
    } else {
        f.doc.to_string()
    }
}

/// A PAR field's value: binary up to 6 bits (FST reads as the Arm ARM's 0b001111), else as editors show it.
fn par_text(f: &FieldInfo, v: u64) -> String {
    if (2..=6).contains(&f.width()) {
        format!("0b{v:0w$b}", w = usize::from(f.width()))
    } else {
        field_text(f, v)
    }
}

/// Properties of [`ParFields`].
#[derive(Properties, PartialEq)]
pub struct ParFieldsProps {
    /// The PAR_EL1 value.
    pub par: u64,
}

/// Every field of PAR_EL1 in the format its F bit picks.
#[function_component]
pub fn ParFields(props: &ParFieldsProps) -> Html {
    let par = ParEl1(props.par);
    html! {
        <table class="parfields">
            <caption>{ if par.is_fault() { "PAR_EL1, F=1: the translation failed" } else { "PAR_EL1, F=0: the translation succeeded" } }</caption>
            <tbody>
            { for par.fields().iter().map(|f| {
                let v = f.get(par.0);
                html! {
                    <tr>
                        <th scope="row" title={f.doc}>{ crate::components::glossary::field_term(ParEl1Ok::NAME, f.name) }<span class="frange">{ range_text(f) }</span></th>
                        <td><code>{ par_text(f, v) }</code></td>
                        <td class="fdoc">{ meaning(par, f, v) }</td>
                    </tr>
                }
            }) }
            </tbody>
        </table>
    }
}
