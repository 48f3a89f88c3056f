//! atwalk-teach's figures, exercise generator, preset texts and glossary explanations in a web
//! worker. The app starts the worker two seconds after its first screen (or when one is asked for
//! sooner), so that their code and data (`atwalk_teach::figure`, the same as `atwalk figure`;
//! `atwalk_teach::exercise::generate`, the same as `atwalk exercise`; the preset library's files;
//! the glossary's explanations) are not part of the app's first load.
//!
//! Requests are objects with an `id`, answered by `{id, out}` or `{id, error}` (a sentence naming
//! the field); the worker says `{ready}` once it can take them:
//!
//! - `{op: "figure", scenario, query, flow, logic, dark}`: `scenario` the at-scenario/1 text,
//!   `query` from 0, `flow` for KVM's decision flowchart (else the walk), `logic` `"merged"` or
//!   `"v1"`, `dark` for the dark theme; `out` is the SVG.
//! - `{op: "generate", topic, difficulty, seed}` (names as on the command line, the seed as a
//!   decimal string); `out` is the generated exercise's scenario as at-scenario/1 text.
//! - `{op: "preset", route}` (`faults/3` or `faults/permission`): `out` is the preset's
//!   at-scenario/1 text.
//! - `{op: "glossary", term}` (an entry's term): `out` is its Arm ARM name, a newline, and its
//!   explanation.

use atwalk_core::kvm::KvmLogic;
use atwalk_core::scenario::Scenario;
use atwalk_teach::exercise::{self, Difficulty, Topic};
use atwalk_teach::figure::{self, Theme};
use atwalk_teach::{glossary, presets};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast as _, JsValue};

/// The text a request asks for, or why there is none.
fn answer(req: &JsValue) -> Result<String, String> {
    let get = |k: &str| Reflect::get(req, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let op = get("op").as_string();
    if op.as_deref() == Some("preset") {
        let r = get("route").as_string().unwrap_or_default();
        let p = presets::find(&r).ok_or_else(|| format!("preset {r:?}: no such preset"))?;
        return Ok(p.text().to_owned());
    }
    if op.as_deref() == Some("glossary") {
        let t = get("term").as_string().unwrap_or_default();
        let e = glossary::entries()
            .iter()
            .find(|e| e.term == t)
            .ok_or_else(|| format!("glossary term {t:?}: no such entry"))?;
        let x = e.explained();
        return Ok(format!("{}\n{}", x.arm, x.text));
    }
    if op.as_deref() == Some("generate") {
        let text = |k: &str| get(k).as_string().unwrap_or_default();
        let (t, d, s) = (text("topic"), text("difficulty"), text("seed"));
        let topic = Topic::from_name(&t).ok_or_else(|| format!("topic {t:?}: no such topic"))?;
        let difficulty = Difficulty::from_name(&d)
            .ok_or_else(|| format!("difficulty {d:?}: no such difficulty"))?;
        let seed = s
            .parse::<u64>()
            .map_err(|_| format!("seed {s:?}: not a number from 0 to 2^64-1"))?;
        return Ok(exercise::generate(topic, difficulty, seed)
            .scenario
            .to_json());
    }
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
                Ok(out) => ("out", out),
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
