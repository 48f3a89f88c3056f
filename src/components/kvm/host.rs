//! The KVM host side: which table pages KVM's shadow stage 2 maps (each page the walk touches can
//! be toggled, and the other pages listed, a page of them at a time), whether lookup_s2_mmu()
//! finds a shadow MMU, the merged or v1 logic, and KVM's answer through the releases (the release
//! selector itself sits beside KVM's answer, [`super::summary`]).

use std::collections::BTreeSet;

use atwalk_core::kvm::{KvmLogic, table_pages};
use atwalk_core::scenario::{Scenario, ShadowS2};
use atwalk_core::trace::Step;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::release::ThroughReleases;
use crate::components::editors::pager::{Pager, shown};
use crate::state::{Action, Prefs, Shared};
use crate::view::hex64;

/// The pages holding the stage 1 table entries a walk reads (the core's `kvm::table_pages`).
pub fn touched_pages(steps: &[Step]) -> BTreeSet<u64> {
    table_pages(steps)
}

/// Properties of [`KvmHostEditor`].
#[derive(Properties, PartialEq)]
pub struct KvmHostProps {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// The query on show (for "through the releases").
    pub query: usize,
    /// The architectural walk (its table pages).
    pub hw_walk: Shared<Vec<Step>>,
    /// Preferences (the logic).
    pub prefs: Prefs,
    /// Receives the edited scenario.
    pub on_edit: Callback<Scenario>,
    /// Sends actions.
    pub dispatch: Callback<Action>,
}

/// The shadow stage 2's pages, the shadow MMU, and the logic.
#[function_component]
pub fn KvmHostEditor(props: &KvmHostProps) -> Html {
    let KvmHostProps {
        scenario,
        query,
        hw_walk,
        prefs,
        on_edit,
        dispatch,
    } = props;
    let touched = touched_pages(hw_walk);
    let all = matches!(scenario.kvm.shadow_s2, ShadowS2::All);
    let mapped = |p: u64| match &scenario.kvm.shadow_s2 {
        ShadowS2::All => true,
        ShadowS2::Pages(set) => set.contains(&p),
    };
    // The walk's pages, then the other pages listed (up to 100,000), a page of them at a time.
    let from = use_state(|| 0usize);
    let (others, drawn): (usize, Vec<u64>) = match &scenario.kvm.shadow_s2 {
        ShadowS2::All => (0, Vec::new()),
        ShadowS2::Pages(set) => {
            let n = set.len() - touched.iter().filter(|p| set.contains(p)).count();
            let r = shown(n, *from);
            let rest = set.iter().filter(|p| !touched.contains(p));
            (n, rest.skip(r.start).take(r.len()).copied().collect())
        }
    };
    let on_all = {
        let (sc, on_edit, touched) = (scenario.clone(), on_edit.clone(), touched.clone());
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            let mut s = (*sc).clone();
            s.kvm.shadow_s2 = if el.checked() {
                ShadowS2::All
            } else {
                ShadowS2::Pages(touched.clone())
            };
            on_edit.emit(s);
        })
    };
    let on_mmu = {
        let (sc, on_edit) = (scenario.clone(), on_edit.clone());
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            let mut s = (*sc).clone();
            s.kvm.s2_mmu = el.checked();
            on_edit.emit(s);
        })
    };
    let on_logic = |l: KvmLogic| {
        let (d, p) = (dispatch.clone(), *prefs);
        Callback::from(move |_: Event| d.emit(Action::Prefs(Prefs { kvm: l, ..p })))
    };
    html! {
        <section class="panel" aria-labelledby="h-host">
            <h2 id="h-host">{ "KVM host side" }</h2>
            <fieldset class="logic">
                <legend>{ "KVM's decision logic" }</legend>
                <label><input type="radio" name="kvm-logic" checked={prefs.kvm == KvmLogic::Merged}
                    onchange={on_logic(KvmLogic::Merged)} data-testid="logic-merged" />{ " merged (Linux)" }</label>
                <label><input type="radio" name="kvm-logic" checked={prefs.kvm == KvmLogic::V1}
                    onchange={on_logic(KvmLogic::V1)} data-testid="logic-v1" />{ " v1 (first posted)" }</label>
            </fieldset>
            <ThroughReleases scenario={scenario.clone()} query={*query} dispatch={dispatch.clone()} />
            <label class="toggle" title="lookup_s2_mmu() finds KVM's shadow MMU for the guest's VTTBR_EL2; if not, KVM goes straight to the slow path.">
                <input type="checkbox" checked={scenario.kvm.s2_mmu} onchange={on_mmu} data-testid="s2-mmu" />
                <span>{ "KVM has a shadow stage 2 for this guest" }</span>
            </label>
            <label class="toggle" title="The shadow stage 2 maps every page of the guest's IPA space.">
                <input type="checkbox" checked={all} onchange={on_all} data-testid="shadow-all" />
                <span>{ "the shadow stage 2 maps every page" }</span>
            </label>
            <ul class="pages" aria-label="Table pages in the shadow stage 2">
                { for touched.iter().chain(drawn.iter()).map(|p| {
                    let p = *p;
                    let onchange = {
                        let (sc, on_edit, touched) = (scenario.clone(), on_edit.clone(), touched.clone());
                        Callback::from(move |e: Event| {
                            let el: HtmlInputElement = e.target_unchecked_into();
                            let mut s = (*sc).clone();
                            let mut set = match &s.kvm.shadow_s2 {
                                ShadowS2::All => touched.clone(),
                                ShadowS2::Pages(set) => set.clone(),
                            };
                            if el.checked() { set.insert(p); } else { set.remove(&p); }
                            s.kvm.shadow_s2 = ShadowS2::Pages(set);
                            on_edit.emit(s);
                        })
                    };
                    html! {
                        <li class={classes!((!touched.contains(&p)).then_some("untouched"))}>
                            <label>
                                <input type="checkbox" checked={mapped(p)} {onchange}
                                    data-testid={format!("shadow-page-{}", hex_short(p))} />
                                <code>{ hex64(p) }</code>
                                { if touched.contains(&p) { " table page of this walk" } else { " (not read by this walk)" } }
                            </label>
                        </li>
                    }
                }) }
            </ul>
            <Pager n={others} start={*from} on_start={Callback::from(move |i| from.set(i))}
                what="other pages listed" />
        </section>
    }
}

/// `0x40202000`: the short hex of a page, for test ids.
pub fn hex_short(v: u64) -> String {
    format!("0x{v:x}")
}
