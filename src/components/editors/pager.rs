//! Long lists a page at a time: a scenario may hold 10,000 RAM ranges or 100,000 shadow stage 2
//! pages, and a list draws [`PAGE`] of them with a [`Pager`] to move through the others. A list of
//! at most [`PAGE`] items draws them all, without a pager.

use std::ops::Range;

use yew::prelude::*;

use crate::limits::thousands;

/// Items a page of a long list draws.
pub const PAGE: usize = 32;

/// The items of a list of `n` to draw from `start` (clamped into the list).
pub fn shown(n: usize, start: usize) -> Range<usize> {
    let start = start.min(n.saturating_sub(1)) / PAGE * PAGE;
    start..(start + PAGE).min(n)
}

/// Properties of [`Pager`].
#[derive(Properties, PartialEq)]
pub struct PagerProps {
    /// How many items the list holds.
    pub n: usize,
    /// The first drawn.
    pub start: usize,
    /// Receives the first item of the page to draw.
    pub on_start: Callback<usize>,
    /// What the items are, e.g. "ranges".
    pub what: AttrValue,
}

/// "◀ 33–64 of 10,000 ranges ▶" under a long list; nothing under a short one.
#[function_component]
pub fn Pager(props: &PagerProps) -> Html {
    let PagerProps {
        n,
        start,
        on_start,
        what,
    } = props;
    if *n <= PAGE {
        return html! {};
    }
    let r = shown(*n, *start);
    let (back, on) = (r.start.checked_sub(PAGE), Some(r.end).filter(|e| e < n));
    let go = |to: Option<usize>| {
        let on_start = on_start.clone();
        Callback::from(move |_: MouseEvent| on_start.emit(to.unwrap_or_default()))
    };
    html! {
        <div class="addword" data-testid="pager">
            <button onclick={go(back)} disabled={back.is_none()} title="The page before">{ "◀" }</button>
            <span class="muted small">{ format!("{}–{} of {} {what}", thousands(r.start + 1), thousands(r.end), thousands(*n)) }</span>
            <button onclick={go(on)} disabled={on.is_none()} title="The page after">{ "▶" }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_at_a_time() {
        assert_eq!(shown(0, 0), 0..0);
        assert_eq!(shown(10, 5), 0..10);
        assert_eq!(shown(100, 40), 32..64);
        assert_eq!(shown(100, 99), 96..100);
        assert_eq!(shown(100, 1000), 96..100);
    }
}
