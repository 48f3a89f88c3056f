//! Scenarios the unit tests use: the browser tests' fixtures (tests/browser/fixtures/, the app's
//! built-in examples before the preset library replaced them), whose exact values tests pin.

/// Every fixture: its file name without `.json`, and its text.
const ALL: &[(&str, &str)] = &[
    (
        "plain-4k-walk",
        include_str!("../tests/browser/fixtures/plain-4k-walk.json"),
    ),
    (
        "pan-blocks-s1e1rp",
        include_str!("../tests/browser/fixtures/pan-blocks-s1e1rp.json"),
    ),
    (
        "shadow-miss-slow-path",
        include_str!("../tests/browser/fixtures/shadow-miss-slow-path.json"),
    ),
    (
        "stage2-nested-walk",
        include_str!("../tests/browser/fixtures/stage2-nested-walk.json"),
    ),
    (
        "stage2-ipa-not-pa",
        include_str!("../tests/browser/fixtures/stage2-ipa-not-pa.json"),
    ),
    (
        "non-canonical-va",
        include_str!("../tests/browser/fixtures/non-canonical-va.json"),
    ),
];

/// The fixture named `name`.
pub fn fixture(name: &str) -> atwalk_core::scenario::Scenario {
    let (_, json) = ALL.iter().find(|(n, _)| *n == name).expect("a fixture");
    atwalk_core::scenario::Scenario::from_json(json).expect("a fixture loads")
}
