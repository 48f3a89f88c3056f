//! Autosave: the scenario and the preferences saved on every change, and the preferences applied
//! to the page (theme, large type).

use atwalk_core::scenario::Scenario;
use yew::prelude::*;

use crate::state::{Prefs, Shared};
use crate::{dom, storage};

/// Saves `scenario` and `prefs` whenever they change, and puts the theme and type size on the
/// document's root element.
#[hook]
pub fn use_autosave(scenario: &Shared<Scenario>, prefs: Prefs) {
    use_effect_with(scenario.clone(), |s| storage::save_scenario(s));
    use_effect_with(prefs, |p| {
        storage::save_prefs(p);
        dom::set_root_attr("data-theme", p.theme.name());
        dom::set_root_attr("data-large", if p.large { "1" } else { "0" });
    });
}
