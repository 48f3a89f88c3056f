//! Real CPU feature lists: a scenario may list every feature a real CPU
//! reports. Here that is every feature QEMU 10.0.2's `-cpu max` reports
//! (`tests/spec/qemu-10.0.2-cpu-max-features.txt`): such a scenario loads,
//! and gives the same PARs, hardware's and KVM's, for every query as the
//! same scenario listing only the modelled names among them; adding the
//! names the model does not use to a scenario changes none of its answers.
//! The scenarios: every preset in `presets/` and the first conformance
//! vectors. Also: unmodelled names round-trip, and `features` holds up to
//! as many entries as there are Arm features.

use std::path::Path;

use atwalk_core::at::AtOutcome;
use atwalk_core::eval::{EvalOptions, evaluate};

use atwalk_core::features::{
    ACCEPTED_NAME_COUNT, ARM_FEATURE_COUNT, ArmFeature, CpuModel, FORMER_NAMES, Feature,
};
use atwalk_core::kvm::{KvmLogic, KvmPath};
use atwalk_core::scenario::Scenario;

/// The example of scenario-format.md, verbatim.
const SPEC_EXAMPLE: &str = include_str!("../../../tests/spec/scenario-format-example.json");
const QEMU_MAX: &str = include_str!("../../../tests/spec/qemu-10.0.2-cpu-max-features.txt");
const VECTORS: &str = include_str!("../../../tests/conformance/vectors-1.jsonl");
/// How many conformance vectors to run each way.
const VECTORS_USED: usize = 500;

/// The spec's example with `"features": LIST`.
fn variant_with(list: &str) -> String {
    SPEC_EXAMPLE.replacen(
        "\"queries\"",
        &format!("\"features\": {list}, \"queries\""),
        1,
    )
}

/// QEMU's names, each of which must be an Arm ARM name.
fn qemu_max() -> Vec<ArmFeature> {
    QEMU_MAX
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|n| {
            ArmFeature::from_name(n)
                .unwrap_or_else(|| panic!("{n}, listed for QEMU -cpu max, is not an Arm feature"))
        })
        .collect()
}

/// Every preset of `presets/` and the first conformance vectors.
fn scenarios() -> Vec<(String, Scenario)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../presets");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("presets/ is readable")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .flat_map(|d| std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no scenarios in {}", dir.display());
    let mut out: Vec<(String, Scenario)> = files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.display().to_string(), s)
        })
        .collect();
    for (i, line) in VECTORS.lines().take(VECTORS_USED).enumerate() {
        let s = Scenario::from_json(line).unwrap_or_else(|e| panic!("vector {i}: {e}"));
        out.push((format!("vectors-1.jsonl line {}", i + 1), s));
    }
    out
}

/// Every query's answers under both KVM logics: (KVM's PAR, its path, the
/// hardware's outcome).
fn answers(s: &Scenario) -> Vec<(atwalk_core::regs::ParEl1, KvmPath, AtOutcome)> {
    [KvmLogic::Merged, KvmLogic::V1]
        .into_iter()
        .flat_map(|kvm| {
            let opts = EvalOptions { kvm, trace: false };
            evaluate(s, &opts)
                .results
                .into_iter()
                .map(|r| (r.par, r.path, r.hw))
        })
        .collect()
}

/// The scenario with `features`, written as a file and read back.
fn with_features(s: &Scenario, features: Vec<ArmFeature>) -> Scenario {
    let changed = Scenario {
        features: Some(features),
        ..s.clone()
    };
    let text = changed.to_json();
    let loaded = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(loaded, changed, "the names survive a round trip");
    loaded
}

#[test]
fn qemu_cpu_max_list_gives_the_pars_of_its_modelled_names() {
    let qemu = qemu_max();
    let modelled: Vec<ArmFeature> = qemu
        .iter()
        .copied()
        .filter(|f| f.modelled().is_some())
        .collect();
    let names: Vec<&str> = modelled.iter().map(|f| f.name()).collect();
    assert_eq!(
        names,
        [
            "FEAT_E0PD",
            "FEAT_HAFDBS",
            "FEAT_HPDS",
            "FEAT_LPA",
            "FEAT_LPA2",
            "FEAT_LVA",
            "FEAT_PAN",
            "FEAT_PAN2",
            "FEAT_PAN3",
            "FEAT_TTST",
        ],
        "QEMU 10.0.2 -cpu max has every modelled feature but FEAT_ATS1A"
    );
    let mut queries = 0;
    for (name, s) in scenarios() {
        let full = with_features(&s, qemu.clone());
        assert_eq!(
            full.features_not_modelled().len(),
            qemu.len() - modelled.len(),
            "{name}"
        );
        let only = with_features(&s, modelled.clone());
        assert!(only.features_not_modelled().is_empty(), "{name}");
        assert_eq!(full.cpu_model(), only.cpu_model(), "{name}");
        let got = answers(&full);
        assert_eq!(got, answers(&only), "{name}");
        queries += got.len();
    }
    assert!(queries > 1000, "only {queries} answers compared");
}

#[test]
fn names_the_model_does_not_use_change_no_answer() {
    let unmodelled: Vec<ArmFeature> = qemu_max()
        .into_iter()
        .filter(|f| f.modelled().is_none())
        .collect();
    for (name, s) in scenarios() {
        // The scenario's own features (the default CPU's when absent) with
        // every name QEMU reports that the model does not use.
        let own: Vec<ArmFeature> = match &s.features {
            Some(f) => f.clone(),
            None => s
                .cpu_model()
                .features()
                .into_iter()
                .map(Into::into)
                .collect(),
        };
        let mut more = unmodelled.clone();
        more.extend(own);
        let widened = with_features(&s, more);
        assert_eq!(widened.cpu_model(), s.cpu_model(), "{name}");
        assert_eq!(answers(&widened), answers(&s), "{name}");
    }
}

#[test]
fn qemu_bbm_is_accepted_as_a_former_name() {
    let text = r#"{"format":"at-scenario/1","cpu":{},"memory":{},"queries":[],
        "features":["FEAT_PAN","FEAT_BBM"]}"#;
    let s = Scenario::from_json(text).expect("FEAT_BBM is a former Arm name");
    let bbm = s.features.as_ref().unwrap()[1];
    assert_eq!(bbm.name(), "FEAT_BBM");
    assert_eq!(bbm.modelled(), None);
    assert_eq!(bbm.now_named(), Some("FEAT_BBML1 and FEAT_BBML2"));
    let unused: Vec<&str> = s.features_not_modelled().iter().map(|f| f.name()).collect();
    assert_eq!(unused, vec!["FEAT_BBM"]);
    // It round-trips as written.
    let again = Scenario::from_json(&s.to_json()).unwrap();
    assert_eq!(again.features, s.features);
}

#[test]
fn unmodelled_features_are_kept_and_change_no_model() {
    let s = Scenario::from_json(&variant_with(
        r#"["FEAT_TTL", "FEAT_PAN3", "FEAT_HPDS2", "FEAT_AdvSIMD", "FEAT_PAN"]"#,
    ))
    .unwrap();
    let names: Vec<&str> = s.features.iter().flatten().map(|f| f.name()).collect();
    assert_eq!(
        names,
        [
            "FEAT_TTL",
            "FEAT_PAN3",
            "FEAT_HPDS2",
            "FEAT_AdvSIMD",
            "FEAT_PAN"
        ]
    );
    let unmodelled: Vec<&str> = s.features_not_modelled().iter().map(|f| f.name()).collect();
    assert_eq!(unmodelled, ["FEAT_TTL", "FEAT_HPDS2", "FEAT_AdvSIMD"]);
    assert_eq!(
        s.cpu_model(),
        CpuModel::new(&[Feature::Pan, Feature::Pan3], 48)
    );
    let text = s.to_json();
    assert!(
        text.contains(
            r#""features": ["FEAT_TTL", "FEAT_PAN3", "FEAT_HPDS2", "FEAT_AdvSIMD", "FEAT_PAN"]"#
        ),
        "{text}"
    );
    assert_eq!(Scenario::from_json(&text), Ok(s));
}

#[test]
fn features_limit_is_the_number_of_accepted_names() {
    let mut every: Vec<String> = ArmFeature::all().map(|f| format!("\"{f}\"")).collect();
    assert_eq!(every.len(), ARM_FEATURE_COUNT);
    every.extend(FORMER_NAMES.iter().map(|(n, _)| format!("\"{n}\"")));
    let s = Scenario::from_json(&variant_with(&format!("[{}]", every.join(", ")))).unwrap();
    assert_eq!(s.features.as_ref().map(Vec::len), Some(ACCEPTED_NAME_COUNT));
    assert_eq!(s.cpu_model(), CpuModel::default());
    assert_eq!(
        s.features_not_modelled().len(),
        ACCEPTED_NAME_COUNT - Feature::ALL.len()
    );
    let one_more = format!("[{}, \"FEAT_PAN\"]", every.join(", "));
    let e = Scenario::from_json(&variant_with(&one_more)).expect_err("one entry too many");
    assert_eq!(e.field, "features");
    assert_eq!(
        e.message,
        format!(
            "too many entries: {} (at most {ACCEPTED_NAME_COUNT})",
            ACCEPTED_NAME_COUNT + 1
        )
    );
}
