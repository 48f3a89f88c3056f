//! PAR_EL1 composed from its sources: a bar of its fields, each field coloured, and under it
//! where each value comes from: the leaf's output address (without the VA's offset bits, which
//! PAR_EL1 drops), the MAIR_EL1 attribute the descriptor's AttrIndx selects, the descriptor's
//! shareability, and the bits the architecture leaves to the implementation. Every value is the
//! trace's.

use atwalk_core::editing::choices;
use atwalk_core::fault::{Stage, describe_fsc};
use atwalk_core::granule::{Granule, size_name};
use atwalk_core::regs::{FieldInfo, MemAttr, ParEl1, ParEl1Ok};
use atwalk_core::trace::StepKind;
use yew::prelude::*;

use super::Steps;
use super::par_fields::ParFields;
use crate::view::fields::range_text;

/// One field of the bar and where its value comes from.
fn row(f: &FieldInfo, par: u64, class: &'static str, from: String) -> (Html, Html) {
    let v = f.get(par);
    let bar = html! {
        <span class={classes!("pseg", class)} style={format!("flex-grow:{}", f.width())}
            title={format!("{} {} = 0x{v:x}", f.name, range_text(f))}>{ f.name }</span>
    };
    let src = html! {
        <li class={classes!("psrc", class)}>
            <span class="pkey">{ format!("{} {}", f.name, range_text(f)) }</span>
            <code>{ format!("0x{v:x}") }</code>{ " ← " }{ from }
        </li>
    };
    (bar, src)
}

/// The PAR of a walk's last step, composed from the walk's leaf and attributes.
pub fn par_parts(steps: &Steps, par: u64) -> Html {
    let p = ParEl1(par);
    let Some(ok) = p.ok() else {
        // A fault: FST says which and where.
        let fault = p.fault().map(|f| describe_fsc(f.fst())).unwrap_or_default();
        return html! {
            <>
                <p class="pcompose">{ format!("F = 1: the translation failed; FST = {fault}.") }</p>
                <ParFields {par} />
            </>
        };
    };
    let leaf = steps.iter().find_map(|s| match &s.kind {
        StepKind::Leaf {
            base,
            oa,
            size_bits,
            ..
        } if s.stage == Stage::S1 => Some((base.0, oa.0, *size_bits)),
        _ => None,
    });
    let attrs = steps.iter().find_map(|s| match &s.kind {
        StepKind::Attrs {
            attr_indx,
            mair_attr,
            sh,
            sh_from_tcr,
            reported_attr,
            ..
        } => Some((*attr_indx, *mair_attr, *sh, *sh_from_tcr, *reported_attr)),
        _ => None,
    });
    let mut rows = Vec::new();
    if let Some((ai, mair, _, _, rep)) = attrs {
        let note = if rep == mair {
            ""
        } else {
            " (as the architecture reports it)"
        };
        rows.push(row(&ParEl1Ok::ATTR, par, "pattr", format!(
            "MAIR_EL1.Attr{ai} = 0x{mair:02x}, selected by the descriptor's AttrIndx = {ai}: {}{note}",
            MemAttr::decode(mair)
        )));
    }
    let pa = ok.address();
    rows.push(row(&ParEl1Ok::PA, par, "ppa", match leaf {
        Some((base, oa, bits)) => format!(
            "the output address 0x{oa:x} (the {} {} at 0x{base:x}) without its low 12 bits: 0x{:x} is dropped, PAR_EL1 holds 4 KB-aligned addresses",
            size_name(bits),
            if bits == Granule::K4.bits() { "page" } else { "leaf" },
            oa.wrapping_sub(pa)
        ),
        None => format!("the output address 0x{pa:x}"),
    }));
    rows.push(row(
        &ParEl1Ok::NS,
        par,
        "pfree",
        "UNKNOWN for this (Non-secure) regime: this model writes 1".into(),
    ));
    if let Some((_, _, sh, from_tcr, _)) = attrs {
        rows.push(row(
            &ParEl1Ok::SH,
            par,
            "psh",
            format!(
                "{} SH = 0b{sh:02b}: {}",
                if from_tcr {
                    "TCR_EL1's"
                } else {
                    "the descriptor's"
                },
                choices::meaning("SH", Granule::K4, u64::from(sh)).unwrap_or("")
            ),
        ));
    }
    rows.push(row(
        &ParEl1Ok::F,
        par,
        "pf",
        "0: the translation succeeded".into(),
    ));
    html! {
        <figure class="pcompose" aria-label="PAR_EL1 and where each field comes from">
            <div class="pbar">{ for rows.iter().map(|(b, _)| b.clone()) }</div>
            <ul class="psrcs">{ for rows.iter().map(|(_, s)| s.clone()) }</ul>
        </figure>
    }
}
