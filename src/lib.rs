//! atwalk-app: the browser front end of atwalk, built by Trunk into WebAssembly, as two programs
//! over this library:
//!
//! - `atwalk-app` (src/main.rs), the first screen: the walk, the result and the toolbar, small so
//!   that it is on show and answering the keyboard within the classroom issue's budget;
//! - `atwalk-app-full` (src/bin/atwalk-app-full.rs), the whole app: the editors, KVM's flowchart,
//!   the teaching layer. The first screen fetches it once it is on show, and hands over to it
//!   ([`takeover`]): the scenario and what is on show carry over, and the full app goes on.
//!
//! Both render [`app::App`], with the parts the first screen leaves out ([`rooms`]) as
//! placeholders or as the real thing; [`mount`] puts each on the page. On a native target nothing renders, so `cargo build
//! --workspace`, clippy and the unit tests still check the app's code on the host.

// Natively nothing renders App, so the components would count as dead code.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

pub mod app;
mod boot;
mod components;
pub mod dom;
#[cfg(test)]
mod fixtures;
mod handover;
mod hooks;
mod library;
mod limits;
pub mod mount;
mod oom;
pub mod rooms;
pub mod share;
mod state;
mod storage;
pub mod takeover;
mod view;
mod worker;
