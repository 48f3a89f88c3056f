//! What the user sees besides the scenario: the display preferences (saved apart from it) and a
//! message on show.

use atwalk_core::kvm::KvmLogic;

/// The colour scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follow prefers-color-scheme.
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl Theme {
    /// The name stored and put in `data-theme`.
    pub const fn name(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// From [`Theme::name`].
    pub fn from_name(name: &str) -> Theme {
        match name {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// A message for the user: an error (bad file, bad link) or a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// An error rather than a note.
    pub error: bool,
    /// The text.
    pub text: String,
}

/// Display preferences, saved apart from the scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prefs {
    /// Colour scheme.
    pub theme: Theme,
    /// Large type for projectors.
    pub large: bool,
    /// KVM's decision logic.
    pub kvm: KvmLogic,
    /// Milliseconds per animation step.
    pub speed_ms: u32,
    /// The machine state (registers, tables, KVM's host side) is open beside the walk.
    pub drawer: bool,
    /// The first screen's introduction is on show (until dismissed).
    pub intro: bool,
    /// Expert details (C functions, source lines, rule IDs) unfolded by default.
    pub expert: bool,
    /// Presenter mode: the walk and the result large, the editors hidden (not saved).
    pub present: bool,
    /// Step through each stage 2 walk under a table read, not over it (not saved).
    pub s2steps: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            theme: Theme::System,
            large: false,
            kvm: KvmLogic::Merged,
            speed_ms: 700,
            drawer: true,
            intro: true,
            expert: false,
            present: false,
            s2steps: false,
        }
    }
}
