//! The app's effects as hooks: playback's timer, the keyboard shortcuts, share links pasted into
//! an open page, and the autosave. Each sends actions to the reducer and keeps nothing else.

pub mod autosave;
pub mod playback;
pub mod share_link;
pub mod shortcuts;

pub use autosave::use_autosave;
pub use playback::use_playback;
pub use share_link::use_share_link;
pub use shortcuts::use_shortcuts;
