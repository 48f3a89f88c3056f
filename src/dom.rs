//! Small browser helpers: the URL fragment, downloads, the clipboard, attributes on <html>, the
//! panic hook. Each does nothing where there is no window (natively).

use wasm_bindgen::JsCast as _;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Scrolls the centre column (never the page) so that the first element matching `selector` is in
/// view, a third of the way down, if it is not in view already.
pub fn reveal_in_centre(selector: &str) {
    let Some(doc) = window().and_then(|w| w.document()) else {
        return;
    };
    let Some(el) = doc
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let Some(col) = el
        .closest(".col.centre")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let (top, h) = (el.offset_top(), el.offset_height());
    let (st, ch) = (col.scroll_top(), col.client_height());
    if top < st || top + h > st + ch {
        col.set_scroll_top((top - ch / 3).max(0));
    }
}

/// The URL fragment, with its `#` (empty if none).
pub fn hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Removes the fragment from the address bar without reloading or adding a history entry, so that
/// a reload shows the autosaved edits rather than the link's original scenario.
pub fn clear_hash() {
    let Some(w) = window() else { return };
    let loc = w.location();
    let (Ok(path), Ok(search)) = (loc.pathname(), loc.search()) else {
        return;
    };
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&(path + &search)));
    }
}

/// The page's URL without its fragment.
pub fn page_url() -> String {
    let Some(w) = window() else {
        return String::new();
    };
    let href = w.location().href().unwrap_or_default();
    match href.split_once('#') {
        Some((base, _)) => base.to_string(),
        None => href,
    }
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str) {
    let Some(doc) = window().and_then(|w| w.document()) else {
        return;
    };
    let blob = gloo::file::Blob::new_with_options(text, Some("application/json"));
    let url = gloo::file::ObjectUrl::from(blob);
    if let Ok(a) = doc.create_element("a")
        && let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        a.set_href(&url);
        a.set_download(name);
        if let Some(body) = doc.body() {
            let _ = body.append_child(&a);
            a.click();
            let _ = body.remove_child(&a);
        }
    }
    // Keep the object URL alive until the download has started.
    gloo::timers::callback::Timeout::new(10_000, move || drop(url)).forget();
}

/// Copies `text` to the clipboard (best effort: the link is also shown on screen).
pub fn copy(text: &str) {
    if let Some(w) = window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Sets an attribute on the <html> element (theme, type size).
pub fn set_root_attr(name: &str, value: &str) {
    if let Some(el) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute(name, value);
    }
}

/// A performance mark (the benchmark reads `atwalk-interactive`).
pub fn mark(name: &str) {
    if let Some(p) = window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Calls the page's `window.<name>(arg)` (index.html's last line of defence), if it is there.
/// Nothing here throws into Rust.
fn call_page(name: &str, arg: &wasm_bindgen::JsValue) {
    let f = js_sys::Reflect::get(&js_sys::global(), &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(f) = f {
        let _ = f.call1(&wasm_bindgen::JsValue::NULL, arg);
    }
}

/// Compresses `text` with raw DEFLATE in the browser (index.html's `atwalkDeflate`, a
/// CompressionStream) and gives the bytes to `done`, a moment later; `None` where the browser
/// cannot.
pub fn deflate_raw(text: &str, done: impl FnOnce(Option<Vec<u8>>) + 'static) {
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let call = {
        let done = done.clone();
        wasm_bindgen::closure::Closure::once_into_js(move |v: wasm_bindgen::JsValue| {
            if let Some(f) = done.take() {
                f(v.dyn_into::<js_sys::Uint8Array>().ok().map(|a| a.to_vec()));
            }
        })
    };
    let f = js_sys::Reflect::get(&js_sys::global(), &"atwalkDeflate".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let called = f.is_some_and(|f| {
        f.call2(&wasm_bindgen::JsValue::NULL, &text.into(), &call)
            .is_ok()
    });
    if !called && let Some(f) = done.take() {
        f(None);
    }
}

/// If the app ever panics, the page says so and offers to reload with the last scenario that
/// worked (index.html's `atwalkStopped`), and the console has the panic. The release build aborts
/// after the hook: the page then answers nothing more. Set through Yew, whose first render would
/// otherwise replace it with its console-only hook.
pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys_console_error(&format!("atwalk stopped: {msg}"));
        call_page("atwalkStopped", &msg.as_str().into());
    }));
}

/// Tells the page that wasm memory ran out (an allocation of `bytes` failed), so that its message
/// says so: the abort that follows runs no panic hook. Allocates nothing in Rust.
pub fn out_of_memory(bytes: usize) {
    call_page(
        "atwalkOutOfMemory",
        &wasm_bindgen::JsValue::from_f64(bytes as f64),
    );
}

fn web_sys_console_error(msg: &str) {
    // Through js_sys to avoid another web-sys feature.
    let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).ok();
    if let Some(c) = console
        && let Ok(f) = js_sys::Reflect::get(&c, &"error".into())
        && let Ok(f) = f.dyn_into::<js_sys::Function>()
    {
        let _ = f.call1(&c, &msg.into());
    }
}
