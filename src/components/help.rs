//! The "?" overlay: every keyboard shortcut, from the list the shortcuts hook acts on.

use yew::prelude::*;

use crate::hooks::shortcuts::SHORTCUTS;
use crate::state::Action;

/// Properties of [`Help`].
#[derive(Properties, PartialEq)]
pub struct HelpProps {
    /// Sends actions (close).
    pub dispatch: Callback<Action>,
}

/// The list of shortcuts, over the page; Esc, the button or a click outside closes it.
#[function_component]
pub fn Help(props: &HelpProps) -> Html {
    let close = props.dispatch.reform(|_: MouseEvent| Action::Help(false));
    let button = use_node_ref();
    {
        let button = button.clone();
        use_effect_with((), move |_| {
            if let Some(b) = button.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    html! {
        <div class="overlay" onclick={close.clone()}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="h-keys" data-testid="help"
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2 id="h-keys">{ "Keyboard shortcuts" }</h2>
                <table class="keys">
                    <tbody>
                    { for SHORTCUTS.iter().map(|(k, what)| html! {
                        <tr><th scope="row"><kbd>{ *k }</kbd></th><td>{ *what }</td></tr>
                    }) }
                    </tbody>
                </table>
                <p class="muted small">{ "← and → step wherever the focus is, except in a text field. A presentation clicker's buttons send Page Up and Page Down." }</p>
                <button ref={button} onclick={close}>{ "Close" }</button>
            </div>
        </div>
    }
}
