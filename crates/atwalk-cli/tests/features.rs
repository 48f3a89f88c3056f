//! `features` as a user writes it: any Arm ARM feature name is accepted, the
//! ones the model does not use are reported once under `--trace`, and a
//! name that is not an Arm feature stops the file with exit status 2.

use std::path::PathBuf;
use std::process::{Command, Output};

const SPEC_EXAMPLE: &str = include_str!("../../../tests/spec/scenario-format-example.json");

/// A scratch directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("atwalk-features-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn atwalk(args: &[&str], file: &PathBuf) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atwalk"))
        .args(args)
        .arg(file)
        .output()
        .expect("runs")
}

/// The spec's example with `"features": LIST`.
fn with_features(list: &str) -> String {
    SPEC_EXAMPLE.replacen(
        "\"queries\"",
        &format!("\"features\": {list}, \"queries\""),
        1,
    )
}

fn result(o: &Output) -> serde_json::Value {
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    serde_json::from_str(out.trim_end()).unwrap()
}

#[test]
fn misspelt_feature_exits_2_naming_the_entry_and_the_real_names() {
    let dir = TempDir::new("misspelt");
    let cases = [
        (
            r#"["FEAT_PAN", "FEAT_HPDS", "FEAT_PAN9"]"#,
            "features[2]: \"FEAT_PAN9\" is not an Arm feature (DDI 0487 M.a.a); \
             did you mean FEAT_PAN, FEAT_PAN2, FEAT_PAN3?",
        ),
        (
            r#"["PAN3"]"#,
            "features[0]: \"PAN3\" is not an Arm feature (DDI 0487 M.a.a); \
             did you mean FEAT_PAN3?",
        ),
    ];
    for (i, (list, want)) in cases.iter().enumerate() {
        let f = dir.file(&format!("bad{i}.json"), &with_features(list));
        let o = atwalk(&["eval"], &f);
        assert_eq!(o.status.code(), Some(2), "{list}");
        let err = String::from_utf8(o.stderr.clone()).unwrap();
        assert_eq!(err, format!("atwalk: {}: {want}\n", f.display()));
        assert!(o.stdout.is_empty(), "{list}");
    }
}

#[test]
fn trace_reports_the_features_the_model_does_not_use_once() {
    let dir = TempDir::new("trace");
    let f = dir.file(
        "real.json",
        &with_features(r#"["FEAT_PAN", "FEAT_TTL", "FEAT_PAN2", "FEAT_HPDS2", "FEAT_XNX"]"#),
    );
    let traced = atwalk(&["eval", "--trace"], &f);
    assert_eq!(traced.status.code(), Some(0));
    let v = result(&traced);
    assert_eq!(
        v["features_not_modelled"],
        serde_json::json!(["FEAT_TTL", "FEAT_HPDS2", "FEAT_XNX"])
    );
    let text = String::from_utf8(traced.stdout.clone()).unwrap();
    assert_eq!(text.matches("features_not_modelled").count(), 1);

    // Not without --trace, and the answers are those of the modelled names.
    let plain = atwalk(&["eval"], &f);
    assert_eq!(plain.status.code(), Some(0));
    let p = result(&plain);
    assert!(p.get("features_not_modelled").is_none(), "{p}");
    let modelled = dir.file(
        "modelled.json",
        &with_features(r#"["FEAT_PAN", "FEAT_PAN2"]"#),
    );
    let m = result(&atwalk(&["eval"], &modelled));
    assert_eq!(p["results"], m["results"]);

    // Nothing to report: no field.
    let t = result(&atwalk(&["eval", "--trace"], &modelled));
    assert!(t.get("features_not_modelled").is_none(), "{t}");
}
