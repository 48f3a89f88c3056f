//! The machine state's side panel: the queries, Map this VA, the registers, and below the fold
//! the tables, KVM's host side and the scenario's own fields.

use atwalk_core::layout::PlacedTable;
use atwalk_core::scenario::Scenario;
use atwalk_core::trace::Step;
use yew::prelude::*;

use super::build::MapVa;
use super::meta::ScenarioMeta;
use super::query::Queries;
use super::registers::Registers;
use super::tables::Tables;
use crate::components::kvm::host::KvmHostEditor;
use crate::components::walk::{walk_granule, walk_upper};
use crate::state::{Action, Prefs, Shared};

/// Properties of [`Machine`].
#[derive(Properties, PartialEq)]
pub struct MachineProps {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// The query on show.
    pub query: usize,
    /// Its architectural walk.
    pub hw_walk: Shared<Vec<Step>>,
    /// The tables that walk reads, placed by the core.
    pub tables: Shared<Vec<PlacedTable>>,
    /// The descriptor the step on show reads, and the fields that decide it.
    pub current: Option<(u64, &'static [&'static str])>,
    /// Preferences.
    pub prefs: Prefs,
    /// Receives an edited scenario.
    pub on_edit: Callback<Scenario>,
    /// Shows another query.
    pub on_select: Callback<usize>,
    /// Receives descriptor words written.
    pub on_words: Callback<Vec<(u64, u64)>>,
    /// Sends actions.
    pub dispatch: Callback<Action>,
}

/// The side panel. Its lower part (below the fold) is built a task after the upper part, so the
/// page is on show and answering sooner.
#[function_component]
pub fn Machine(props: &MachineProps) -> Html {
    let p = props;
    let later = use_state(|| false);
    {
        let later = later.clone();
        use_effect_with((), move |_| {
            let t = gloo::timers::callback::Timeout::new(0, move || later.set(true));
            move || drop(t)
        });
    }
    html! { <>
        <Queries scenario={p.scenario.clone()} query={p.query} walk={p.hw_walk.clone()}
            on_edit={p.on_edit.clone()} on_select={p.on_select.clone()} />
        <MapVa scenario={p.scenario.clone()} query={p.query} granule={walk_granule(&p.hw_walk)}
            dispatch={p.dispatch.clone()} />
        <Registers scenario={p.scenario.clone()} on_edit={p.on_edit.clone()} upper={walk_upper(&p.hw_walk)} />
        if *later {
            <Tables scenario={p.scenario.clone()} tables={p.tables.clone()} current={p.current}
                on_words={p.on_words.clone()} />
            <KvmHostEditor scenario={p.scenario.clone()} query={p.query} hw_walk={p.hw_walk.clone()} prefs={p.prefs}
                on_edit={p.on_edit.clone()} dispatch={p.dispatch.clone()} />
            <ScenarioMeta scenario={p.scenario.clone()} on_edit={p.on_edit.clone()} />
        }
    </> }
}
