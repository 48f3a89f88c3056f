//! The hardware's walk and KVM's fast and slow walks side by side, the same step of each in one
//! row ([`crate::state::align`]); a step where KVM's walk says something else than the hardware's
//! is marked, and KVM's own differences sit in rows of their own. A click opens that step.

use atwalk_core::eval::QueryResult;
use atwalk_core::trace::{Step, StepKind};
use yew::prelude::*;

use crate::state::align::rows;
use crate::state::{Action, WalkSource, walk_steps};

/// The three walks of `r` in aligned rows.
pub fn compare(r: &QueryResult, dispatch: &Callback<Action>) -> Html {
    let walks = WalkSource::ALL.map(|w| walk_steps(r, w));
    let rows = rows(&walks[0], &walks[1], &walks[2]);
    let cell = |col: usize, i: Option<usize>, hw: Option<&Step>| -> Html {
        let Some(i) = i else {
            return html! { <td class="none" /> };
        };
        let s = &walks[col][i];
        let text = s.student();
        let differs = col > 0 && hw.is_none_or(|h| h.student() != text || h.ok != s.ok);
        let source = WalkSource::ALL[col];
        let onclick = dispatch.reform(move |_: MouseEvent| Action::Open(source, i));
        html! {
            <td class={classes!((!s.ok).then_some("bad"), differs.then_some("differs"),
                matches!(s.kind, StepKind::KvmDiffers { .. }).then_some("kvmdiffers"))}>
                <button class="cmpstep" {onclick} title="Open this step in its walk">
                    <span class="cmpno">{ i + 1 }</span>{ text }
                </button>
            </td>
        }
    };
    html! {
        <section class="panel compare" aria-label="The three walks side by side" data-testid="compare">
            <p class="muted small">{ "The same step of each walk in one row; a step where KVM's walk says something else than the hardware's is marked, and a step only KVM takes has a row of its own. Click a step to open it in its walk." }</p>
            <table class="cmp">
                <thead><tr>{ for WalkSource::ALL.iter().zip(walks.iter()).map(|(w, steps)| html! {
                    <th scope="col">{ w.short_label() }{ format!(" ({} steps)", steps.len()) }</th>
                }) }</tr></thead>
                <tbody>
                { for rows.iter().map(|r| {
                    let hw = r[0].map(|i| &walks[0][i]);
                    html! { <tr>{ cell(0, r[0], None) }{ cell(1, r[1], hw) }{ cell(2, r[2], hw) }</tr> }
                }) }
                </tbody>
            </table>
        </section>
    }
}
