//! Which Linux release KVM answers as (the scenario's `kvm.version`, an ordinary undoable edit),
//! and "through the releases": the query on show under every modelled release, the releases
//! grouped by answer (the core's `release_matrix`), built only while its fold is open; each row
//! opens a release of its group where it parts from the neighbouring release of another group.

use atwalk_core::kvm::{KvmModel, KvmRelease};
use atwalk_core::release_matrix::{ReleaseGroup, release_matrix};
use atwalk_core::scenario::Scenario;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::hooks::use_synced_select;
use crate::state::{Action, Shared};
use crate::view::hex64;

/// `scenario` answering as `version` (`None`: the newest release), as an edit.
fn with_version(scenario: &Scenario, version: Option<KvmRelease>) -> Scenario {
    let mut s = scenario.clone();
    s.kvm.version = version;
    s
}

/// Properties of [`ReleasePicker`].
#[derive(Properties, PartialEq)]
pub struct ReleaseProps {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// Receives the edited scenario.
    pub on_edit: Callback<Scenario>,
}

/// Properties of [`ThroughReleases`].
#[derive(Properties, PartialEq)]
pub struct ThroughProps {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// The query on show.
    pub query: usize,
    /// Sends [`Action::OpenRelease`].
    pub dispatch: Callback<Action>,
}

/// The release KVM answers as: the newest, or one of [`KvmRelease::ALL`].
#[function_component]
pub fn ReleasePicker(props: &ReleaseProps) -> Html {
    let ReleaseProps { scenario, on_edit } = props;
    let value = scenario.kvm.version.map_or("", |r| r.tag()).to_string();
    let select = use_synced_select(value.clone());
    let onchange = {
        let (sc, on_edit) = (scenario.clone(), on_edit.clone());
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            let version = KvmRelease::parse(&el.value());
            if version != sc.kvm.version {
                on_edit.emit(with_version(&sc, version));
            }
        })
    };
    html! {
        <label class="release" title="The scenario's kvm.version: KVM's AT emulation (arch/arm64/kvm/at.c and nested.c) as that Linux release has it. Newest: the scenario names no release. The v1 logic always runs over v6.17's software walk.">
            <span>{ "Linux release KVM answers as " }</span>
            <select ref={select} {onchange} data-testid="kvm-release">
                <option value="" selected={value.is_empty()}>
                    { format!("newest ({})", KvmRelease::LATEST.tag()) }</option>
                { for KvmRelease::ALL.iter().map(|r| html! {
                    <option value={r.tag()} selected={value == r.tag()}>{ r.label() }</option>
                }) }
            </select>
        </label>
    }
}

/// One row: the releases that answer alike, their PAR and path, the release of another group
/// they part from, and a button opening the walk of the release of this group that parts from it
/// (the first release when no other group answers differently).
fn row(g: &ReleaseGroup, i: usize, sc: &Shared<Scenario>, dispatch: &Callback<Action>) -> Html {
    let open = g.neighbour.as_ref().map_or(g.releases[0], |p| p.ours);
    let tags: Vec<&str> = g.releases.iter().map(|r| r.tag()).collect();
    let onclick = {
        let (d, p) = (dispatch.clone(), g.neighbour.clone());
        Callback::from(move |_: MouseEvent| d.emit(Action::OpenRelease(open, p.clone())))
    };
    let current = sc.kvm.version.unwrap_or(KvmRelease::LATEST);
    let parts = g.neighbour.as_ref().map_or_else(
        || "every release answers alike".to_string(),
        |p| format!("{} and {}", p.ours.tag(), p.theirs.tag()),
    );
    // The first difference from the newest release, as the code says it: for the expert, in the
    // tooltip.
    let expert = g.parts_at.as_ref().map_or_else(
        || "The newest release's group.".to_string(),
        |w| format!("Where this group's trace first differs from the newest release's: {w}"),
    );
    html! {
        <tr data-testid={format!("release-group-{i}")} class={classes!(g.releases.contains(&current).then_some("hl"))}>
            <td>{ tags.join(", ") }</td>
            <td><code>{ hex64(g.par.0) }</code></td>
            <td>{ g.path.name() }</td>
            <td title={expert}>{ parts }</td>
            <td><button class="linkish" {onclick} data-testid={format!("release-use-{i}")}
                title={format!("Answer as {} (the scenario's kvm.version) and open its walk where it parts", open.tag())}>
                { format!("open {}'s walk", open.tag()) }</button></td>
        </tr>
    }
}

/// "Through the releases": the query on show under every release, grouped by answer.
#[function_component]
pub fn ThroughReleases(props: &ThroughProps) -> Html {
    let ThroughProps {
        scenario,
        query,
        dispatch,
    } = props;
    let open = use_state(|| false);
    // Open: the table is built; closed: dropped, so edits do not evaluate nine times unseen.
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            open.set(el.has_attribute("open"));
        })
    };
    // Nine evaluations of the scenario: only while the fold is open, once per scenario and query.
    let groups = use_memo((scenario.clone(), *query, *open), |(s, q, open)| {
        open.then(|| {
            release_matrix(s, KvmModel::default())
                .into_iter()
                .nth(*q)
                .unwrap_or_default()
        })
    });
    html! {
        <details class="releases" {ontoggle} data-testid="through-releases">
            <summary>{ "Through the releases: this query as each Linux release answers it" }</summary>
            if let Some(groups) = &*groups {
                <table class="memtable">
                    <thead><tr>
                        <th scope="col">{ "releases" }</th><th scope="col">{ "KVM's PAR_EL1" }</th>
                        <th scope="col">{ "path" }</th><th scope="col">{ "where two releases part" }</th>
                        <th scope="col"></th>
                    </tr></thead>
                    <tbody>{ for groups.iter().enumerate().map(|(i, g)| row(g, i, scenario, dispatch)) }</tbody>
                </table>
            }
        </details>
    }
}
