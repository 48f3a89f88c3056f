//! The VA's 64 bits, each coloured by the lookup level whose Index step uses it (from the trace),
//! with the offset bits below the leaf and the bits above the input size set apart.

use atwalk_core::fault::Stage;
use atwalk_core::trace::{Step, StepKind};
use yew::prelude::*;

use crate::state::Shared;
use crate::view::level_class;

/// One level's slice of the VA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slice {
    /// The level.
    pub level: Option<i8>,
    /// Highest bit.
    pub hi: u8,
    /// Lowest bit.
    pub lo: u8,
    /// The index it gives.
    pub index: u64,
}

/// The stage 1 Index steps of a walk, as slices of the VA.
pub fn slices(steps: &[Step]) -> Vec<Slice> {
    steps
        .iter()
        .filter(|s| s.stage == Stage::S1)
        .filter_map(|s| match &s.kind {
            StepKind::Index { hi, lo, index, .. } => Some(Slice {
                level: s.level,
                hi: *hi,
                lo: *lo,
                index: *index,
            }),
            _ => None,
        })
        .collect()
}

/// Properties of [`VaBits`].
#[derive(Properties, PartialEq)]
pub struct VaBitsProps {
    /// The VA.
    pub va: u64,
    /// The walk.
    pub walk: Shared<Vec<Step>>,
    /// The bits the step on show uses, outlined.
    #[prop_or_default]
    pub hl: Option<(u8, u8)>,
}

/// The VA's bits in rows of 16 (two to a line where there is room), coloured by level, and a
/// legend.
#[function_component]
pub fn VaBits(props: &VaBitsProps) -> Html {
    let sl = slices(&props.walk);
    let bits: Vec<char> = format!("{:064b}", props.va).chars().collect();
    // The offset into the page or block: below the leaf's size, from the Leaf step.
    let low = props.walk.iter().find_map(|s| match &s.kind {
        StepKind::Leaf { size_bits, .. } if s.stage == Stage::S1 => Some(*size_bits),
        _ => None,
    });
    let high = sl.iter().map(|s| s.hi).max();
    let class_of = |b: u8| -> String {
        if let Some(s) = sl.iter().find(|s| s.lo <= b && b <= s.hi) {
            level_class(s.level)
        } else if low.is_some_and(|l| b < l) {
            "offset".into()
        } else if high.is_some_and(|h| b > h) {
            "top".into()
        } else {
            "lvlx".into()
        }
    };
    let row = |hi: u8| {
        html! {
            <div class="varow">
                { for (0..16u8).map(|k| {
                    let b = hi - k;
                    let c = bits[usize::from(63 - b)];
                    let on = props.hl.is_some_and(|(hi, lo)| lo <= b && b <= hi);
                    html! { <span class={classes!("vb", class_of(b), b.is_multiple_of(4).then_some("nib"), on.then_some("on"))}
                        title={format!("VA[{b}]")}>{ c }</span> }
                }) }
                <span class="varange">{ format!("[{hi}:{}]", hi - 15) }</span>
            </div>
        }
    };
    html! {
        <figure class="vabits" aria-label="The VA's bits, coloured by the level that uses them">
            <div class="vagrid">{ row(63) }{ row(47) }{ row(31) }{ row(15) }</div>
            <figcaption class="legend">
                if high.is_some() { <span class="lg top">{ "above the input size" }</span> }
                { for sl.iter().map(|s| html! {
                    <span class={classes!("lg", level_class(s.level))}>
                        { format!("L{} VA[{}:{}] → index {}", s.level.unwrap_or(0), s.hi, s.lo, s.index) }
                    </span>
                }) }
                if let Some(l) = low { <span class="lg offset">{ format!("offset into the page or block VA[{}:0]", l.saturating_sub(1)) }</span> }
            </figcaption>
        </figure>
    }
}
