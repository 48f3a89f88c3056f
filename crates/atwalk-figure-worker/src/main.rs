//! atwalk's figures for slides in a web worker (the app's File menu, "Figure for slides"). The app
//! starts the worker the first time a figure is asked for, so the drawing code (`atwalk_teach::
//! figure`, the same as `atwalk figure`) is not part of the app's first load.
//!
//! A request is an object `{id, scenario, query, flow, logic, dark}`: `scenario` the at-scenario/1
//! text, `query` from 0, `flow` for KVM's decision flowchart (else the walk), `logic` `"merged"`
//! or `"v1"`, `dark` for the dark theme. The answer is `{id, svg}` or `{id, error}` (a sentence
//! naming the field).

use atwalk_core::kvm::KvmLogic;
use atwalk_core::scenario::Scenario;
use atwalk_teach::figure::{self, Theme};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast as _, JsValue};

/// The SVG a request asks for, or why there is none.
fn answer(req: &JsValue) -> Result<String, String> {
    let get = |k: &str| Reflect::get(req, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let text = get("scenario")
        .as_string()
        .ok_or("figure: no scenario text")?;
    let s = Scenario::from_json(&text).map_err(|e| format!("figure: {e}"))?;
    let query = get("query").as_f64().unwrap_or(0.0) as usize;
    let theme = if get("dark").is_truthy() {
        Theme::Dark
    } else {
        Theme::Light
    };
    let svg = if get("flow").is_truthy() {
        let logic = match get("logic").as_string().as_deref() {
            Some("v1") => KvmLogic::V1,
            _ => KvmLogic::Merged,
        };
        figure::flow_svg(&s, query, logic, theme)
    } else {
        figure::walk_svg(&s, query, theme)
    };
    svg.map_err(|e| e.to_string())
}

fn main() {
    let scope = js_sys::global();
    let post = Reflect::get(&scope, &"postMessage".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let (Some(post), scope) = (post, scope) else {
        return;
    };
    let on_message = Closure::<dyn Fn(JsValue)>::new({
        let (scope, post) = (scope.clone(), post.clone());
        move |e: JsValue| {
            let req = Reflect::get(&e, &"data".into()).unwrap_or(JsValue::UNDEFINED);
            let out = Object::new();
            let _ = Reflect::set(
                &out,
                &"id".into(),
                &Reflect::get(&req, &"id".into()).unwrap_or(JsValue::UNDEFINED),
            );
            let (k, v) = match answer(&req) {
                Ok(svg) => ("svg", svg),
                Err(e) => ("error", e),
            };
            let _ = Reflect::set(&out, &k.into(), &v.into());
            let _ = post.call1(&scope, &out);
        }
    });
    let _ = Reflect::set(&scope, &"onmessage".into(), on_message.as_ref());
    on_message.forget();
    // Requests sent while the module was loading waited in the page: they come now.
    let ready = Object::new();
    let _ = Reflect::set(&ready, &"ready".into(), &JsValue::TRUE);
    let _ = post.call1(&scope, &ready);
}
