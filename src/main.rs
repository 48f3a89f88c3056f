//! atwalk-app, the first screen (see the library's documentation): installs the panic hook and,
//! once the browser has decoded a share link the page was opened with ([`share::read_hash`]),
//! renders the walk, the result and the toolbar ([`mount`]), then fetches the full app and hands
//! over to it. The allocator (`oom`) tells the page when memory runs out; index.html's last
//! line of defence says the app stopped, and offers the last scenario that worked.

#[cfg(target_arch = "wasm32")]
use atwalk_app::{dom, mount, share};

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        // The benchmark's marks: the wasm runs (here), the first screen works (takeover.rs).
        dom::mark("atwalk-start");
        dom::install_panic_hook();
        share::read_hash(mount::show_first);
    }
}
