//! A descriptor's 64 bits as a grid, grouped by the fields of its view (FieldInfo), with the
//! fields the current step decides by highlighted. Fields too narrow for their name show a letter,
//! keyed under the grid with the field's name linked to its glossary entry.

use atwalk_core::editing::{address_field, address_of, field_exists};
use atwalk_core::granule::Granule;
use atwalk_core::regs::FieldInfo;
use yew::prelude::*;

use crate::view::fields::{field_text, range_text};

/// Properties of [`BitGrid`].
#[derive(Properties, PartialEq)]
pub struct BitGridProps {
    /// The descriptor.
    pub raw: u64,
    /// Its view's fields.
    pub fields: &'static [FieldInfo],
    /// Fields to highlight.
    pub highlight: &'static [&'static str],
    /// A caption.
    pub caption: AttrValue,
    /// The view's core `NAME` (its fields link to the glossary).
    #[prop_or_default]
    pub view: &'static str,
    /// The walk's granule and DS: a field that does not exist for them is not drawn.
    #[prop_or_default]
    pub walk: Option<(Granule, bool)>,
}

/// The first field (in declaration order) that holds bit `b` and exists for the walk.
fn field_of(
    fields: &'static [FieldInfo],
    b: u8,
    walk: Option<(Granule, bool)>,
) -> Option<&'static FieldInfo> {
    fields
        .iter()
        .find(|f| f.lo <= b && b <= f.hi && walk.is_none_or(|(g, ds)| field_exists(f.name, g, ds)))
}

/// A field's value as a student reads it: an address field as the address it holds.
fn value_text(f: &FieldInfo, raw: u64, walk: Option<(Granule, bool)>) -> String {
    let g = walk.map_or(Granule::K4, |(g, _)| g);
    match address_field(f, g) {
        Some(a) => format!("0x{:x}", address_of(&a, raw)),
        None => field_text(f, f.get(raw)),
    }
}

/// Two rows of 32 bits, each cut into runs of one field.
#[function_component]
pub fn BitGrid(props: &BitGridProps) -> Html {
    let BitGridProps {
        raw,
        fields,
        highlight,
        caption,
        walk,
        ..
    } = props;
    let bits: Vec<char> = format!("{raw:064b}").chars().collect();
    // Runs of consecutive bits that belong to the same field (or to none), for the rows that
    // start at bit 63 and at bit 31.
    let runs_of = |top: u8| {
        let mut runs: Vec<(Option<&'static FieldInfo>, u8, u8)> = Vec::new();
        for k in 0..32u8 {
            let b = top - k;
            let f = field_of(fields, b, *walk);
            match runs.last_mut() {
                Some((g, _, lo)) if g.map(|x| x.name) == f.map(|x| x.name) => *lo = b,
                _ => runs.push((f, b, b)),
            }
        }
        runs
    };
    let rows = [runs_of(63), runs_of(31)];
    // Fields too narrow for their name get a letter in the grid and a key under it.
    let mut narrow: Vec<&'static FieldInfo> = Vec::new();
    for (f, hi, lo) in rows.iter().flatten() {
        if let Some(f) = f
            && usize::from(hi - lo + 1) < f.name.len().div_ceil(2)
            && !narrow.iter().any(|g| g.name == f.name)
        {
            narrow.push(f);
        }
    }
    let key = |name: &str| {
        narrow
            .iter()
            .position(|g| g.name == name)
            .and_then(|i| char::from_u32(u32::from(b'a') + u32::try_from(i).ok()?))
    };
    let row = |runs: &[(Option<&'static FieldInfo>, u8, u8)]| {
        html! {
            <div class="bitrow">
                { for runs.iter().map(|(f, hi, lo)| {
                    let hl = f.is_some_and(|f| highlight.contains(&f.name));
                    let name = f.map_or("", |f| f.name);
                    let title = f.map_or_else(
                        || format!("bits [{hi}:{lo}]: not a field of this view (ignored or RES0)"),
                        |f| format!("{} [{}:{}] = {}: {}", f.name, f.hi, f.lo, field_text(f, f.get(*raw)), f.doc),
                    );
                    let n = usize::from(hi - lo + 1);
                    let label = match key(name) {
                        Some(k) if !name.is_empty() => html! { <span class="runkey">{ k }</span> },
                        _ => html! { { name } },
                    };
                    html! {
                        <div class={classes!("run", hl.then_some("hl"), f.is_none().then_some("nofield"))}
                            style={format!("flex-grow:{n}")} {title}>
                            <div class="runname">{ label }</div>
                            <div class="runbits">
                                { for (*lo..=*hi).rev().map(|b| html! {
                                    <span class="bit">{ bits[usize::from(63 - b)] }</span>
                                }) }
                            </div>
                            <div class="runnum">{ if hi == lo { hi.to_string() } else { format!("{hi}:{lo}") } }</div>
                        </div>
                    }
                }) }
            </div>
        }
    };
    html! {
        <figure class="bitgrid" aria-label={caption.clone()}>
            <figcaption>{ caption.clone() }</figcaption>
            { row(&rows[0]) }
            { row(&rows[1]) }
            if !narrow.is_empty() {
                <p class="runkeys">
                    { for narrow.iter().enumerate().map(|(i, f)| html! {
                        <span><span class="runkey">{ key(f.name).unwrap_or('?') }</span>{ " " }
                            { crate::components::glossary::field_term(props.view, f.name) }
                            { format!(" {} = {}", range_text(f), field_text(f, f.get(*raw))) }
                            if i + 1 < narrow.len() { { " · " } }
                        </span>
                    }) }
                </p>
            }
            <ul class="hlfields">
                { for fields.iter().filter(|f| highlight.contains(&f.name)
                    && walk.is_none_or(|(g, ds)| field_exists(f.name, g, ds))).map(|f| html! {
                    <li><strong>{ crate::components::glossary::field_term(props.view, f.name) }</strong>{ format!(" {} = {}: ", range_text(f), value_text(f, *raw, *walk)) }
                        <span class="fdoc">{ f.doc }</span></li>
                }) }
            </ul>
        </figure>
    }
}
