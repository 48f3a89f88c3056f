//! The built-in scenarios, embedded in the app (no network after load). The first is the default
//! that a first visit shows.

/// One built-in scenario.
pub struct Example {
    /// A short name for the menu.
    pub name: &'static str,
    /// Its at-scenario/1 text.
    pub json: &'static str,
}

/// Every built-in scenario; the first is the default.
pub const EXAMPLES: &[Example] = &[
    Example {
        name: "PAN blocks AT S1E1RP (default)",
        json: include_str!("../presets/kvm/fast-path-pan.json"),
    },
    Example {
        name: "Shadow stage-2 miss: the slow path",
        json: include_str!("../presets/kvm/shadow-miss.json"),
    },
    Example {
        name: "Stage 2 under the walk (v1's redundant walk)",
        json: include_str!("../presets/stage2/under-the-walk.json"),
    },
    Example {
        name: "Non-canonical VA: KVM differs",
        json: include_str!("../presets/kvm-vs-hw/non-canonical-va.json"),
    },
    Example {
        name: "Access flag fault: the fast path stands",
        json: include_str!("../presets/faults/access-flag.json"),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use atwalk_core::scenario::Scenario;

    #[test]
    fn every_example_loads() {
        for e in EXAMPLES {
            Scenario::from_json(e.json).unwrap_or_else(|err| panic!("{}: {err}", e.name));
        }
    }
}
