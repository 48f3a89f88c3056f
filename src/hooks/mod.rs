//! The app's effects as hooks: playback's timer, the keyboard shortcuts, share links and exercise
//! links pasted into an open page, the autosave, and selects that follow the state. Each sends
//! actions to the reducer and keeps nothing else.

pub mod autosave;
pub mod exercise_link;
pub mod lesson_route;
pub mod playback;
pub mod select;
pub mod share_link;
pub mod shortcuts;

pub use autosave::{use_autosave, use_prefs_on_page};
pub use lesson_route::use_lesson_route;
pub use playback::use_playback;
pub use select::use_synced_select;
pub use share_link::use_share_link;
pub use shortcuts::use_shortcuts;
