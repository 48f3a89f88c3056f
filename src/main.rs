//! atwalk-app: the browser front end of atwalk, built by Trunk into WebAssembly.
//!
//! `main` only installs the panic hook and renders [`app::App`], once the browser has decoded a
//! share link the page was opened with ([`share::read_hash`]); everything else lives in modules.
//! The allocator ([`oom`]) tells the page when memory runs out; index.html's last line of defence
//! says the app stopped, and offers the last scenario that worked, whatever stopped it.
//! On a native target `main` does nothing, so `cargo build --workspace`, clippy and the unit tests
//! still check the app's code on the host.

// Natively nothing renders App, so the components would count as dead code.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

mod app;
mod components;
mod dom;
#[cfg(test)]
mod fixtures;
mod hooks;
mod library;
mod limits;
mod oom;
mod share;
mod state;
mod storage;
mod view;
mod worker;

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        // The benchmark's marks: the wasm runs (here), the first screen works (app.rs).
        dom::mark("atwalk-start");
        dom::install_panic_hook();
        share::read_hash(|| {
            yew::Renderer::<app::App>::new().render();
        });
    }
}
