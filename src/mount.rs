//! Which app renders where: the first screen into a new element at the end of the page, and after
//! it the full app, once the first screen has handed over ([`crate::takeover`]) and gone.

use crate::app::App;
use crate::rooms::{first::First, full::Full};
use crate::takeover;

/// A new element at the end of the page's body, to render an app into.
fn new_root() -> Option<web_sys::Element> {
    let doc = web_sys::window()?.document()?;
    let root = doc.create_element("div").ok()?;
    doc.body()?.append_child(&root).ok()?;
    Some(root)
}

/// Renders the first screen (`atwalk-app`'s main); at the hand-over it is destroyed and its
/// element removed, in the same task as the full app's first render.
pub fn show_first() {
    let Some(root) = new_root() else { return };
    let app = yew::Renderer::<App<First>>::with_root(root.clone()).render();
    takeover::on_hand_over(Box::new(move || {
        app.destroy();
        root.remove();
    }));
}

/// Renders the full app (`atwalk-app-full`'s main), with what the first screen hands over.
pub fn show_full() {
    takeover::receive();
    let Some(root) = new_root() else { return };
    yew::Renderer::<App<Full>>::with_root(root).render();
}
