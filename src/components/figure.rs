//! Figures for slides, in the File menu: the walk of the query on show and KVM's decision
//! flowchart for it, as SVG (`atwalk_teach::figure`, the same bytes as `atwalk figure FILE --query
//! N [--flow] [--dark]`) or as PNG at 1920x1080, drawn from that SVG by the browser (a canvas).
//!
//! The drawing runs in the teaching worker ([`crate::worker`]): the app's own module carries none
//! of the drawing code.

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
            let req = crate::worker::request(&[
                ("scenario", s.to_json().into()),
                ("query", (q as f64).into()),
                ("flow", flow.into()),
                ("dark", dark.into()),
                (
                    "logic",
                    if logic == KvmLogic::V1 {
                        "v1"
                    } else {
                        "merged"
                    }
                    .into(),
                ),
            ]);
            let d = d.clone();
            crate::worker::ask(&req, move |svg| match svg {
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
