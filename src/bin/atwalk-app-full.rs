//! atwalk-app-full, the whole app (see the library's documentation): the first screen fetches it
//! once it is on show; it takes the scenario and what is on show over from the first screen
//! (`takeover`) and renders the app with every part in place.

#[cfg(target_arch = "wasm32")]
use atwalk_app::{dom, mount};

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        dom::install_panic_hook();
        mount::show_full();
    }
}
