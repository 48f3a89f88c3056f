//! The teaching worker (`crates/atwalk-teach-worker`): `atwalk-teach`'s figures, exercise
//! generator, preset texts and glossary explanations in a web worker that Trunk builds beside the
//! app and the page starts the first time one is asked for (or a lesson link asks it to start at
//! once), so that their code and data are not part of the app's first load.

use wasm_bindgen::JsValue;

/// Starts the worker if it has not started: `t`, its handle, holds the requests that wait for
/// its `{ready}` and the answers awaited.
const START: &str = "let t = window.__atwalkTeach; \
    if (!t) { \
      t = window.__atwalkTeach = { ready: false, queue: [], n: 0, wait: {}, \
        w: new Worker(new URL('atwalk-teach-worker_loader.js', document.baseURI)) }; \
      t.w.onmessage = (e) => { const m = e.data; \
        if (m.ready) { t.ready = true; t.queue.forEach((q) => t.w.postMessage(q)); t.queue = []; return; } \
        const f = t.wait[m.id]; delete t.wait[m.id]; if (f) f(m); }; \
      t.w.onerror = (e) => { const w = t.wait; window.__atwalkTeach = null; \
        for (const k in w) w[k]({ error: 'the teaching worker did not start (' + (e.message || 'an error') + ')' }); }; \
    }";

/// Sends `req` to the worker (started now if it has not been) and gives its answer, `{out}` or `{error}`,
/// to `done`. Requests made while the worker loads wait for its `{ready}`.
const ASK: &str = "const id = ++t.n; t.wait[id] = done; req.id = id; \
    if (t.ready) t.w.postMessage(req); else t.queue.push(req);";

/// Starts loading the worker now, for a request soon to come.
pub fn start() {
    let _ = js_sys::Function::new_no_args(START).call0(&JsValue::NULL);
}

/// A request: an object with these fields.
pub fn request(fields: &[(&str, JsValue)]) -> js_sys::Object {
    let req = js_sys::Object::new();
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&req, &(*k).into(), v);
    }
    req
}

/// Sends `req` and gives the answer's text, or why there is none, to `done`, a moment later.
pub fn ask(req: &js_sys::Object, done: impl FnOnce(Result<String, String>) + 'static) {
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let call = {
        let done = done.clone();
        wasm_bindgen::closure::Closure::once_into_js(move |m: JsValue| {
            let get = |k: &str| {
                js_sys::Reflect::get(&m, &k.into())
                    .ok()
                    .and_then(|v| v.as_string())
            };
            if let Some(f) = done.take() {
                f(match (get("out"), get("error")) {
                    (Some(out), _) => Ok(out),
                    (_, e) => Err(e.unwrap_or_else(|| "the teaching worker gave no answer".into())),
                });
            }
        })
    };
    let f = js_sys::Function::new_with_args("req, done", &format!("{START}; {ASK}"));
    if f.call2(&JsValue::NULL, req, &call).is_err()
        && let Some(f) = done.take()
    {
        f(Err("this browser cannot start the teaching worker".into()));
    }
}
