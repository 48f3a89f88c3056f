//! What the tables view gets from the app and what its cards and rows share.

use atwalk_core::layout::PlacedTable;
use atwalk_core::scenario::Scenario;
use yew::prelude::*;

use crate::state::Shared;

/// Properties of the tables view ([`super::Tables`]).
#[derive(Properties, PartialEq)]
pub struct TablesProps {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// The tables the architectural walk of the query on show reads, placed by the core.
    pub tables: Shared<Vec<PlacedTable>>,
    /// The descriptor the current step looks at, and the fields it decides by.
    pub current: Option<(u64, &'static [&'static str])>,
    /// Receives the memory words written, `(address, value)`: the reducer writes them (an edit
    /// of a few words, which undo keeps as those words).
    pub on_words: Callback<Vec<(u64, u64)>>,
}

/// What a card and its rows need besides the table.
pub struct Ctx<'a> {
    /// The view's properties.
    pub props: &'a TablesProps,
    /// The last byte of the tables on show.
    pub used: u64,
    /// The entries (by PA) opened by hand: only an open entry draws its editor.
    pub expanded: &'a UseStateHandle<Vec<u64>>,
}
