//! The app's state: the scenario, its evaluation and what the view needs of it (computed once per
//! edit and shared), the query on show, the animation cursor, undo/redo, and the display
//! preferences. One reducer ([`actions`]) owns it all; [`model`] says what the state is.
//!
//! Every piece a child component receives is a [`Shared`] made when the piece changes, so a child
//! whose pieces did not change skips its render.

pub mod actions;
pub mod align;
pub mod exercise;
pub mod exercise_run;
pub mod history;
pub mod lesson;
pub mod model;
pub mod parts;
pub mod parts_mark;
pub mod prefs;
pub mod shared;
pub mod walk;

pub use actions::Action;
pub use model::{AppState, Evaluated};
pub use prefs::{Notice, Prefs, Theme};
pub use shared::Shared;
pub use walk::{CentreTab, WalkSource, decisions, other_logic, walk_steps};
