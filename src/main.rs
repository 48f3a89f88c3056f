//! atwalk-app: the browser front end of atwalk, built by Trunk into WebAssembly.
//!
//! `main` only renders [`app::App`]; everything else lives in modules. On a native target `main` does
//! nothing, so `cargo build --workspace` and clippy still check the app's code on the host.

// Natively nothing renders App, so the component would count as dead code.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod app;

fn main() {
    #[cfg(target_arch = "wasm32")]
    yew::Renderer::<app::App>::new().render();
}
