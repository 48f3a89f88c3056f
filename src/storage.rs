//! Autosave: the scenario (as at-scenario/1 text) and the display preferences in localStorage, so
//! a reload loses nothing. Storage that is missing or full is ignored: the app still works.

use atwalk_core::kvm::KvmLogic;
use atwalk_core::scenario::Scenario;
use gloo::storage::{LocalStorage, Storage};

use crate::state::{Prefs, Theme};

/// The key of the autosaved scenario.
pub const SCENARIO_KEY: &str = "atwalk.scenario.v1";
/// The key of the preferences.
pub const PREFS_KEY: &str = "atwalk.prefs.v1";

fn raw() -> Option<web_sys::Storage> {
    // LocalStorage::raw() panics where there is no window (natively); storage is a browser matter.
    web_sys::window()?;
    Some(LocalStorage::raw())
}

/// Saves the scenario.
pub fn save_scenario(s: &Scenario) {
    if let Some(st) = raw() {
        let _ = st.set_item(SCENARIO_KEY, &s.to_json());
    }
}

/// The saved scenario: `None` if there is none; an error message if it no longer loads.
pub fn load_scenario() -> Option<Result<Scenario, String>> {
    let text = raw()?.get_item(SCENARIO_KEY).ok()??;
    Some(Scenario::from_json(&text).map_err(|e| format!("the autosaved scenario: {e}")))
}

/// Saves the preferences.
pub fn save_prefs(p: &Prefs) {
    if let Some(st) = raw() {
        let _ = st.set_item(PREFS_KEY, &prefs_to_text(p));
    }
}

/// The saved preferences, or the defaults.
pub fn load_prefs() -> Prefs {
    raw()
        .and_then(|st| st.get_item(PREFS_KEY).ok().flatten())
        .map(|t| prefs_from_text(&t))
        .unwrap_or_default()
}

/// `theme=dark;large=1;kvm=v1;speed=700;drawer=1;intro=0;expert=0` (presenter mode is not saved).
pub fn prefs_to_text(p: &Prefs) -> String {
    format!(
        "theme={};large={};kvm={};speed={};drawer={};intro={};expert={}",
        p.theme.name(),
        u8::from(p.large),
        match p.kvm {
            KvmLogic::Merged => "merged",
            KvmLogic::V1 => "v1",
        },
        p.speed_ms,
        u8::from(p.drawer),
        u8::from(p.intro),
        u8::from(p.expert)
    )
}

/// The inverse of [`prefs_to_text`]; unknown parts keep their defaults.
pub fn prefs_from_text(text: &str) -> Prefs {
    let mut p = Prefs::default();
    for part in text.split(';') {
        match part.split_once('=') {
            Some(("theme", v)) => p.theme = Theme::from_name(v),
            Some(("large", v)) => p.large = v == "1",
            Some(("kvm", "v1")) => p.kvm = KvmLogic::V1,
            Some(("drawer", v)) => p.drawer = v == "1",
            Some(("intro", v)) => p.intro = v == "1",
            Some(("expert", v)) => p.expert = v == "1",
            Some(("speed", v)) => {
                if let Ok(ms) = v.parse::<u32>() {
                    p.speed_ms = ms.clamp(50, 5000);
                }
            }
            _ => {}
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefs_round_trip() {
        let p = Prefs {
            theme: Theme::Dark,
            large: true,
            kvm: KvmLogic::V1,
            speed_ms: 300,
            drawer: false,
            intro: false,
            expert: true,
            present: false,
            s2steps: false,
        };
        assert_eq!(prefs_from_text(&prefs_to_text(&p)), p);
        assert_eq!(prefs_from_text("garbage"), Prefs::default());
    }
}
