//! The root component.

use yew::prelude::*;

/// The whole page: a header with the name and what atwalk is for.
#[function_component]
pub fn App() -> Html {
    html! {
        <main class="app">
            <header class="app-header">
                <h1>{ "atwalk" }</h1>
                <p class="intro">
                    { "A step-by-step view of AArch64 address translation, as KVM emulates AT S1E* \
                       instructions for nested guests." }
                </p>
            </header>
        </main>
    }
}
