//! Figures for slides, in the File menu: the walk of the query on show and KVM's decision
//! flowchart for it, as SVG (`atwalk_teach::figure`, the same bytes as `atwalk figure FILE --query
//! N [--flow] [--dark]`) or as PNG at 1920x1080, drawn from that SVG by the browser (a canvas).
//!
//! The drawing runs in a web worker (`crates/atwalk-figure-worker`) that the page starts the first
//! time a figure is asked for: the app's own module carries none of the drawing code.

use atwalk_core::kvm::KvmLogic;
use atwalk_core::scenario::Scenario;
use wasm_bindgen::JsCast as _;
use wasm_bindgen::JsValue;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::{Action, Notice, Shared};

/// Downloads `svg` as `name`.svg, or as `name`.png drawn at 1920x1080 (the SVG is 1600x900).
const SAVE: &str = "const d = (b, n) => { const a = document.createElement('a'); \
    a.href = URL.createObjectURL(b); a.download = n; document.body.appendChild(a); a.click(); a.remove(); \
    setTimeout(() => URL.revokeObjectURL(a.href), 10000); }; \
    const b = new Blob([svg], { type: 'image/svg+xml' }); \
    if (!png) return d(b, name + '.svg'); \
    const img = new Image(); const u = URL.createObjectURL(b); \
    img.onload = () => { const c = document.createElement('canvas'); c.width = 1920; c.height = 1080; \
      c.getContext('2d').drawImage(img, 0, 0, 1920, 1080); URL.revokeObjectURL(u); \
      c.toBlob((p) => d(p, name + '.png'), 'image/png'); }; \
    img.src = u;";

/// Sends `req` to the figure worker (started on first use) and gives its answer, `{svg}` or
/// `{error}`, to `done`. Requests made while the worker loads wait for its `{ready}`.
const ASK: &str = "let t = window.__atwalkFigure; \
    if (!t) { \
      t = window.__atwalkFigure = { ready: false, queue: [], n: 0, wait: {}, \
        w: new Worker(new URL('atwalk-figure-worker_loader.js', document.baseURI)) }; \
      t.w.onmessage = (e) => { const m = e.data; \
        if (m.ready) { t.ready = true; t.queue.forEach((q) => t.w.postMessage(q)); t.queue = []; return; } \
        const f = t.wait[m.id]; delete t.wait[m.id]; if (f) f(m); }; \
      t.w.onerror = (e) => { const w = t.wait; window.__atwalkFigure = null; \
        for (const k in w) w[k]({ error: 'the figure worker did not start (' + (e.message || 'an error') + ')' }); }; \
    } \
    const id = ++t.n; t.wait[id] = done; req.id = id; \
    if (t.ready) t.w.postMessage(req); else t.queue.push(req);";

fn ask(req: &js_sys::Object, done: impl FnOnce(Result<String, String>) + 'static) {
    let done = wasm_bindgen::closure::Closure::once_into_js(move |m: JsValue| {
        let get = |k: &str| {
            js_sys::Reflect::get(&m, &k.into())
                .ok()
                .and_then(|v| v.as_string())
        };
        done(match (get("svg"), get("error")) {
            (Some(svg), _) => Ok(svg),
            (_, e) => Err(e.unwrap_or_else(|| "the figure worker gave no answer".into())),
        });
    });
    let f = js_sys::Function::new_with_args("req, done", ASK);
    if f.call2(&JsValue::NULL, req, &done).is_err() {
        // The page cannot start a worker: nothing is drawn, and nothing throws into Rust.
    }
}

fn save(svg: &str, name: &str, png: bool) {
    let f = js_sys::Function::new_with_args("svg, name, png", SAVE);
    let _ = f
        .dyn_ref::<js_sys::Function>()
        .map(|f| f.call3(&JsValue::NULL, &svg.into(), &name.into(), &png.into()));
}

/// Properties of [`FigureMenu`].
#[derive(Properties, PartialEq)]
pub struct FigureProps {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// The query on show.
    pub query: usize,
    /// KVM's logic on show (the flowchart's).
    pub logic: KvmLogic,
    /// Sends actions (a message when there is no figure).
    pub dispatch: Callback<Action>,
}

/// The File menu's figure buttons.
#[function_component]
pub fn FigureMenu(props: &FigureProps) -> Html {
    let dark = use_node_ref();
    let button = |flow: bool, png: bool| {
        let (s, q, logic, d, dark) = (
            props.scenario.clone(),
            props.query,
            props.logic,
            props.dispatch.clone(),
            dark.clone(),
        );
        let onclick = Callback::from(move |_: MouseEvent| {
            let dark = dark.cast::<HtmlInputElement>().is_some_and(|i| i.checked());
            let req = js_sys::Object::new();
            let set = |k: &str, v: JsValue| {
                let _ = js_sys::Reflect::set(&req, &k.into(), &v);
            };
            set("scenario", s.to_json().into());
            set("query", (q as f64).into());
            set("flow", flow.into());
            set("dark", dark.into());
            set(
                "logic",
                if logic == KvmLogic::V1 {
                    "v1"
                } else {
                    "merged"
                }
                .into(),
            );
            let d = d.clone();
            ask(&req, move |svg| match svg {
                Ok(svg) => save(&svg, if flow { "kvm-decision" } else { "walk" }, png),
                Err(e) => d.emit(Action::Notice(Some(Notice {
                    error: true,
                    text: format!("No figure: {e}."),
                }))),
            });
        });
        let id = format!(
            "figure-{}-{}",
            if flow { "flow" } else { "walk" },
            if png { "png" } else { "svg" }
        );
        html! { <button {onclick} data-testid={id}>{ if png { "PNG" } else { "SVG" } }</button> }
    };
    html! {
        <div class="figmenu" role="group" aria-label="Figures for slides">
            <span class="muted small">{ "Figure for slides (16:9)" }</span>
            <span>{ "The walk: " }{ button(false, false) }{ button(false, true) }</span>
            <span>{ "KVM's decision: " }{ button(true, false) }{ button(true, true) }</span>
            <label><input type="checkbox" ref={dark} data-testid="figure-dark" />{ " dark" }</label>
        </div>
    }
}
