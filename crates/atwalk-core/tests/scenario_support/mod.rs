//! What the scenario format's tests share: the example of
//! docs/scenario-format.md and ways to vary it and check a rejection.

#![allow(dead_code)]

use atwalk_core::scenario::Scenario;

/// The example of docs/scenario-format.md, verbatim.
pub const SPEC_EXAMPLE: &str = include_str!("../../../../tests/spec/scenario-format-example.json");

/// The example, parsed.
pub fn example() -> Scenario {
    Scenario::from_json(SPEC_EXAMPLE).expect("the spec's example parses")
}

/// Replaces the first occurrence of `from` in the spec's example.
pub fn variant(from: &str, to: &str) -> String {
    assert!(SPEC_EXAMPLE.contains(from), "{from:?} not in the example");
    SPEC_EXAMPLE.replacen(from, to, 1)
}

/// Parses `text`, which must fail at `field` with `fragment` in the message.
#[track_caller]
pub fn rejects(text: &str, field: &str, fragment: &str) {
    let e = Scenario::from_json(text).expect_err("must be rejected");
    assert_eq!(e.field, field, "field of {e}");
    assert!(e.message.contains(fragment), "{fragment:?} not in {e}");
}
