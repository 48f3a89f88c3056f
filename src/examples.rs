//! The built-in scenarios, embedded in the app (no network after load). The first is the default
//! that a first visit shows: a plain walk, not a corner case.

/// One built-in scenario.
pub struct Example {
    /// A short name for the menu.
    pub name: &'static str,
    /// The menu group: the walk itself, or KVM's corner cases.
    pub kvm: bool,
    /// Its at-scenario/1 text.
    pub json: &'static str,
}

/// Every built-in scenario; the first is the default.
pub const EXAMPLES: &[Example] = &[
    Example {
        name: "A plain 4-level walk (4 KB pages)",
        kvm: false,
        json: include_str!("examples/plain-4k-walk.json"),
    },
    Example {
        name: "A kernel address: TTBR1",
        kvm: false,
        json: include_str!("examples/kernel-ttbr1.json"),
    },
    Example {
        name: "Blocks: 2 MB and 1 GB",
        kvm: false,
        json: include_str!("examples/block-2mb.json"),
    },
    Example {
        name: "Stage 2: IPA is not PA",
        kvm: false,
        json: include_str!("examples/stage2-ipa-not-pa.json"),
    },
    Example {
        name: "PAN blocks AT S1E1RP",
        kvm: true,
        json: include_str!("examples/pan-blocks-s1e1rp.json"),
    },
    Example {
        name: "Shadow stage-2 miss: the slow path",
        kvm: true,
        json: include_str!("examples/shadow-miss-slow-path.json"),
    },
    Example {
        name: "Stage 2 under the walk (v1's redundant walk)",
        kvm: true,
        json: include_str!("examples/stage2-nested-walk.json"),
    },
    Example {
        name: "Non-canonical VA: KVM differs",
        kvm: true,
        json: include_str!("examples/non-canonical-va.json"),
    },
    Example {
        name: "Access flag fault: the fast path stands",
        kvm: true,
        json: include_str!("examples/access-flag-fault.json"),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use atwalk_core::eval::{EvalOptions, evaluate};
    use atwalk_core::scenario::Scenario;

    #[test]
    fn every_example_loads_and_meets_its_expectations() {
        for e in EXAMPLES {
            let s = Scenario::from_json(e.json).unwrap_or_else(|err| panic!("{}: {err}", e.name));
            let ev = evaluate(&s, &EvalOptions::default());
            for (i, r) in ev.results.iter().enumerate() {
                if let Some(x) = &s.queries[i].expect {
                    assert!(r.mismatches(x).is_empty(), "{} query {i}", e.name);
                }
            }
        }
    }
}
