//! The preset library in the app: the presets menu ([`picker`]) and a lesson's bar ([`bar`]).
//! The presets themselves, their chapters and routes are `atwalk_teach::presets`' (data compiled
//! in); the reducer loads them ([`crate::state::lesson`]) and the address carries a lesson's step
//! ([`crate::hooks::lesson_route`]).

pub mod bar;
pub mod picker;
