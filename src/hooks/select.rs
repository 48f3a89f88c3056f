//! A `<select>` that shows the state's value. Yew writes an option's `selected` attribute, which
//! picks the option only until the user has touched the select; after that the element keeps its
//! own choice, so a select could show one op while the walk shows another. (And Yew inserts a
//! list's options last first, so a select with no option marked shows its last one.) This hook
//! sets the element's value after every render, so the select always shows what the state says.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// A node ref for a `<select>` whose value is kept at `value` after every render.
#[hook]
pub fn use_synced_select(value: String) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect(move || {
            if let Some(el) = node.cast::<HtmlSelectElement>()
                && el.value() != value
            {
                el.set_value(&value);
            }
        });
    }
    node
}
