//! The rooms: the parts of the page that the first screen leaves out, so that its program is
//! small (the classroom issue's budget). [`App<R>`](crate::app::App) lays the page out and asks
//! `R` for each of them: [`first::First`] gives placeholders that say the part is coming,
//! [`full::Full`] the real ones (the editors, KVM's flowchart and releases, the teaching layer).
//! Each program names one of them, so the other's code is not in it.

pub mod first;
pub mod full;

use atwalk_core::scenario::Scenario;
use yew::prelude::*;

pub use crate::components::toolbar::Menus;
use crate::state::{Action, AppState};
use atwalk_teach::glossary::Entry;

/// What the rooms see of the page: the state on show and the callbacks that change it.
pub struct View<'a> {
    /// The state on show.
    pub state: &'a AppState,
    /// Sends actions.
    pub dispatch: &'a Callback<Action>,
    /// Replaces the scenario with an edited one.
    pub on_edit: &'a Callback<Scenario>,
    /// Shows another query.
    pub on_select: &'a Callback<usize>,
    /// Writes descriptor words (address, value).
    pub on_words: &'a Callback<Vec<(u64, u64)>>,
    /// The descriptor the step on show reads, and the fields that decide it.
    pub current_desc: Option<(u64, &'static [&'static str])>,
    /// Where two releases part, on KVM's decision flowchart.
    pub parts_branch: Option<(usize, AttrValue)>,
    /// The glossary entry on show.
    pub gloss: Option<&'static Entry>,
    /// Closes it.
    pub close_gloss: &'a Callback<()>,
}

/// The parts of the page beyond the first screen.
pub trait Rooms: 'static {
    /// The state the page opens with.
    fn initial_state() -> AppState;
    /// The program's own effects (saving, links, the teaching worker; or the hand-over).
    fn use_effects(
        state: UseReducerHandle<AppState>,
        dispatch: Callback<Action>,
    ) -> impl yew::functional::Hook<Output = ()>;
    /// The machine state's side panel: the editors.
    fn machine(v: &View) -> Html;
    /// Above the walk during an exercise: its question and the predictions.
    fn exercise(v: &View) -> Html;
    /// The centre's "KVM's decision" tab, at animation step `index`.
    fn decision(v: &View, index: usize) -> Html;
    /// The centre's "side by side" tab.
    fn compare(v: &View) -> Html;
    /// Under the walk: the address-space map.
    fn map(v: &View) -> Html;
    /// The result column after PAR_EL1: KVM's two logics and releases, the expected outcome.
    fn result(v: &View) -> Html;
    /// Over the page: the list of shortcuts, the glossary entry on show.
    fn overlays(v: &View) -> Html;
    /// The toolbar's menus.
    fn menus(v: &View) -> Menus;
}
