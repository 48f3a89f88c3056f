//! Small browser helpers: the URL fragment, the share link's codec (index.html's), downloads, the
//! clipboard, attributes on <html>, the panic hook. Each does nothing where there is no window (natively).

use wasm_bindgen::JsCast as _;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Brings the first element matching `selector` in the centre column into view, if it is not in
/// the part of the column on screen already: the browser centres it, scrolling the column and,
/// where the page scrolls too (a projector's size with Large type), the page; an element taller
/// than that part shows from its top.
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
    let view = window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let (r, c) = (
        el.get_bounding_client_rect(),
        col.get_bounding_client_rect(),
    );
    let (top, bottom) = (c.top().max(0.0), c.bottom().min(view));
    if r.top() < top || r.bottom() > bottom {
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(if r.height() > bottom - top {
            web_sys::ScrollLogicalPosition::Start
        } else {
            web_sys::ScrollLogicalPosition::Center
        });
        el.scroll_into_view_with_scroll_into_view_options(&opts);
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
    if let Some(f) = page_fn(name) {
        let _ = f.call1(&wasm_bindgen::JsValue::NULL, arg);
    }
}

/// The page's function `window.<name>`, if it is there.
pub fn page_fn(name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(&js_sys::global(), &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
}

/// Calls the page's `window.<name>(args..., callback)`, the callback giving its one argument to
/// `done` (once), a moment later; `false` if there is no such function or it threw (then `done`
/// is never called).
fn call_back(
    name: &str,
    args: &[wasm_bindgen::JsValue],
    done: impl FnOnce(wasm_bindgen::JsValue) + 'static,
) -> bool {
    let Some(f) = page_fn(name) else {
        return false;
    };
    let call = wasm_bindgen::closure::Closure::once_into_js(done);
    let args: js_sys::Array = args.iter().chain([&call]).collect();
    f.apply(&wasm_bindgen::JsValue::NULL, &args).is_ok()
}

/// Compresses `text` with raw DEFLATE and encodes it as base64url without padding, in the
/// browser (index.html's `atwalkDeflate`: CompressionStream, btoa), and gives the link's data to
/// `done`, a moment later; `None` where the browser cannot.
pub fn deflate_link(text: &str, done: impl FnOnce(Option<String>) + 'static) {
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let d = done.clone();
    let called = call_back("atwalkDeflate", &[text.into()], move |v| {
        if let Some(f) = d.take() {
            f(v.as_string());
        }
    });
    if !called && let Some(f) = done.take() {
        f(None);
    }
}

/// Decodes a share link's data in the browser (index.html's `atwalkInflate`: atob with the
/// base64url alphabet, DecompressionStream, a fatal TextDecoder), inflating at most `limit`
/// bytes, and gives the text to `done`, a moment later; or the stage that failed and why
/// (`base64url`, `deflate`, `limit`, `utf8`, or `browser` where the browser cannot).
pub fn inflate_link(
    data: &str,
    limit: usize,
    done: impl FnOnce(Result<String, (String, String)>) + 'static,
) {
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let d = done.clone();
    let args = [data.into(), wasm_bindgen::JsValue::from_f64(limit as f64)];
    let called = call_back("atwalkInflate", &args, move |v| {
        let Some(f) = d.take() else { return };
        f(v.as_string().ok_or_else(|| {
            let a = js_sys::Array::from(&v);
            let part = |i| a.get(i).as_string().unwrap_or_default();
            (part(0), part(1))
        }))
    });
    if !called && let Some(f) = done.take() {
        f(Err(("browser".into(), "atwalkInflate failed".into())));
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
