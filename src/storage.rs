//! Autosave: the scenario (as at-scenario/1 text) and the display preferences in localStorage, so
//! a reload loses nothing. A scenario too large for the browser's storage, or one the browser
//! refuses (its quota is full), is not saved, and [`save_scenario`] says why; storage that is
//! missing (a browser that blocks it) is ignored: the app still works.

use atwalk_core::kvm::KvmLogic;
use atwalk_core::scenario::Scenario;

use crate::limits::{self, megabytes};
use crate::state::{Prefs, Theme};

/// The key of the autosaved scenario.
pub const SCENARIO_KEY: &str = "atwalk.scenario.v1";
/// The key of the preferences.
pub const PREFS_KEY: &str = "atwalk.prefs.v1";
/// The key of the exercise under way on the autosaved scenario: its query and whether it asks for
/// KVM's answer (`2` or `2,kvm`), written with the scenario.
pub const EXERCISE_KEY: &str = "atwalk.exercise.v1";
/// Where the autosave goes when it stopped the app while a page was opening it (it is kept, and
/// not tried again).
pub const FAILED_KEY: &str = "atwalk.scenario.failed.v1";
/// The session key of a page load under way: what it opens (`autosave` or `link`), removed once
/// the page has been shown ([`booted`]).
const BOOT_KEY: &str = "atwalk.booting";
/// The session key index.html's recovery sets before it reloads the page.
const RECOVERED_KEY: &str = "atwalk.recovered";

/// The most text the autosave stores, in characters. Browsers keep about 5 MiB of text per site
/// (Chromium 5,242,880 characters, keys included) and the preferences need a little room.
pub const MAX_AUTOSAVE_CHARS: usize = 4 * 1024 * 1024;

/// The fewest characters a memory word takes in a saved scenario (`"0x0": "0x0000000000000000",`
/// and its indentation), for a quick bound before writing the text.
const MIN_WORD_CHARS: usize = 30;

/// Why a scenario was not saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotSaved {
    /// Its text would be this many characters (or, when `true`, at least this many: the text was
    /// not even written), more than [`MAX_AUTOSAVE_CHARS`].
    TooLarge(usize, bool),
    /// The browser refused to store it (its quota is full, or storage failed): its error.
    Refused(String),
}

impl std::fmt::Display for NotSaved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotSaved::TooLarge(chars, at_least) => write!(
                f,
                "this scenario is {}{} as text, and the app autosaves at most {} (browsers keep \
                 about 5 MB per site)",
                if *at_least { "at least " } else { "" },
                megabytes(*chars),
                megabytes(MAX_AUTOSAVE_CHARS)
            ),
            NotSaved::Refused(e) => write!(f, "the browser refused to store it ({e})"),
        }
    }
}

/// The page's localStorage; `None` natively, or where the browser blocks it (reading
/// `window.localStorage` then throws: never unwrapped).
fn raw() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The name and message of a JavaScript error, e.g. `QuotaExceededError: ...`.
pub fn js_error(e: &wasm_bindgen::JsValue) -> String {
    // Reflect.get throws (caught: `Err`) on a value that is not an object; nothing here throws
    // into Rust.
    let field = |k: &str| {
        js_sys::Reflect::get(e, &k.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    match (field("name"), field("message")) {
        (Some(n), Some(m)) => format!("{n}: {m}"),
        (Some(n), None) => n,
        _ => e.as_string().unwrap_or_else(|| "an unknown error".into()),
    }
}

/// Saves the scenario, unless its text is too large for the browser or the browser refuses it:
/// then the last one saved stays, and the error says why. Without storage, nothing happens.
///
/// # Errors
/// [`NotSaved`] when it was not saved.
pub fn save_scenario(s: &Scenario) -> Result<(), NotSaved> {
    let Some(st) = raw() else { return Ok(()) };
    let bound = s.memory.len().saturating_mul(MIN_WORD_CHARS);
    if bound > MAX_AUTOSAVE_CHARS {
        return Err(NotSaved::TooLarge(bound, true));
    }
    let text = s.to_json();
    if text.len() > MAX_AUTOSAVE_CHARS {
        return Err(NotSaved::TooLarge(text.len(), false));
    }
    st.set_item(SCENARIO_KEY, &text)
        .map_err(|e| NotSaved::Refused(js_error(&e)))
}

/// The tab's sessionStorage, as [`raw`].
fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Marks the page load under way as opening `what`; returns what the previous load of this tab
/// was opening if it never got to show it (the app stopped on the way).
fn booting(what: &str) -> Option<String> {
    let st = session()?;
    let before = st.get_item(BOOT_KEY).ok().flatten();
    let _ = st.set_item(BOOT_KEY, what);
    before
}

/// The page load under way opens a share link rather than the autosave.
pub fn booting_link() {
    if let Some(st) = session()
        && st.get_item(BOOT_KEY).ok().flatten().is_some()
    {
        let _ = st.set_item(BOOT_KEY, "link");
    }
}

/// The page has been shown: the load is over.
pub fn booted() {
    if let Some(st) = session() {
        let _ = st.remove_item(BOOT_KEY);
    }
}

/// Whether this load is index.html's recovery after the app stopped (asked once).
pub fn take_recovered() -> bool {
    session()
        .and_then(|st| {
            let v = st.get_item(RECOVERED_KEY).ok().flatten();
            let _ = st.remove_item(RECOVERED_KEY);
            v
        })
        .is_some()
}

/// The saved scenario: `None` if there is none; an error message if it no longer loads, or if it
/// stopped the app while the last page load of this tab was opening it (then it is set aside
/// under [`FAILED_KEY`], not tried again).
pub fn load_scenario() -> Option<Result<Scenario, String>> {
    let st = raw()?;
    let text = st.get_item(SCENARIO_KEY).ok()??;
    if booting("autosave").as_deref() == Some("autosave") {
        let _ = st.set_item(FAILED_KEY, &text);
        let _ = st.remove_item(SCENARIO_KEY);
        return Some(Err(format!(
            "the autosaved scenario stopped the app while the page was opening it, so it was set \
             aside (it is kept in this browser as {FAILED_KEY})"
        )));
    }
    Some(parse_saved(&text))
}

/// The saved scenario, read again without the crash guard's mark: the full app reads it when the
/// first screen, which did the guarding, hands over to it.
pub fn saved_scenario() -> Option<Result<Scenario, String>> {
    let text = raw()?.get_item(SCENARIO_KEY).ok()??;
    Some(parse_saved(&text))
}

/// The saved scenario's text, loaded.
fn parse_saved(text: &str) -> Result<Scenario, String> {
    limits::load_text(text, None).map_err(|e| format!("the autosaved scenario: {e}"))
}

/// Saves which exercise is under way on the scenario just saved (`None`: none). An error is
/// ignored: a reload then shows the scenario without its exercise.
pub fn save_exercise(ex: Option<(usize, bool)>) {
    let Some(st) = raw() else { return };
    let _ = match ex {
        Some((q, kvm)) => st.set_item(
            EXERCISE_KEY,
            &format!("{q}{}", if kvm { ",kvm" } else { "" }),
        ),
        None => st.remove_item(EXERCISE_KEY),
    };
}

/// The exercise under way on the autosaved scenario, if one was: its query and whether it asks
/// for KVM's answer.
pub fn load_exercise() -> Option<(usize, bool)> {
    let text = raw()?.get_item(EXERCISE_KEY).ok()??;
    let (q, kvm) = match text.split_once(',') {
        Some((q, "kvm")) => (q, true),
        Some(_) => return None,
        None => (text.as_str(), false),
    };
    Some((q.parse().ok()?, kvm))
}

/// Saves the preferences (a few bytes; an error is ignored: they are kept for the page).
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
