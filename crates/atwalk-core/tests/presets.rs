//! The preset library (`presets/index.json` and the files it lists): every
//! preset loads, has a title, a question and an explanation in the form the
//! teaching layer reads, states `par`, `path` and `hw_par` for every query,
//! and meets them, under the KVM logic and fast-path PAN model the index
//! gives it (merged and as-merged by default) and under each of its `also`
//! runs. A preset of the "KVM versus hardware" chapter also names the
//! differences it shows (`shows`), and KVM's trace must record each of them.
//! The index and the directory agree: every file under `presets/<chapter>/`
//! is listed once, as `<chapter>/<id>.json`.
//!
//! This test reads the index with serde_json alone, independently of the
//! atwalk-teach crate that embeds it, so the data is checked twice over.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use atwalk_core::at::AtOutcome;
use atwalk_core::eval::{EvalOptions, QueryResult, evaluate_with};
use atwalk_core::kvm::{FastPathPan, KvmLogic, KvmModel};
use atwalk_core::scenario::Scenario;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../presets")
}

fn index() -> Value {
    let text = std::fs::read_to_string(root().join("index.json")).expect("presets/index.json");
    serde_json::from_str(&text).expect("index.json is JSON")
}

/// Every preset entry: (chapter id, entry).
fn entries(index: &Value) -> Vec<(String, Value)> {
    assert_eq!(index["format"], "atwalk-presets/1");
    let mut out = Vec::new();
    for chapter in index["chapters"].as_array().expect("chapters") {
        let id = chapter["id"].as_str().expect("chapter id").to_owned();
        assert!(
            chapter["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{id}: title"
        );
        assert!(
            chapter["summary"].as_str().is_some_and(|t| !t.is_empty()),
            "{id}: summary"
        );
        for p in chapter["presets"].as_array().expect("presets") {
            out.push((id.clone(), p.clone()));
        }
    }
    out
}

/// The options a preset's (or an `also` run's) expectations are for.
fn options(v: &Value) -> (EvalOptions, KvmModel) {
    let kvm = match v["kvm"].as_str() {
        None | Some("merged") => KvmLogic::Merged,
        Some("v1") => KvmLogic::V1,
        Some(other) => panic!("unknown kvm {other}"),
    };
    let fast_path_pan = match v["fast_path_pan"].as_str() {
        None | Some("as-merged") => FastPathPan::AsMerged,
        Some("intended") => FastPathPan::Intended,
        Some(other) => panic!("unknown fast_path_pan {other}"),
    };
    (
        EvalOptions { kvm, trace: true },
        KvmModel {
            fast_path_pan,
            ..KvmModel::default()
        },
    )
}

/// A result as at-result/1 spells it: par, path, hw_par, hw_abort's DFSC.
fn spelt(r: &QueryResult) -> (String, String, Option<String>, Option<String>) {
    let (hw, abort) = match r.hw {
        AtOutcome::Par { par } => (Some(par.to_string()), None),
        AtOutcome::Abort { dfsc, .. } => (None, Some(format!("0x{dfsc:02x}"))),
        AtOutcome::Undefined { .. } => panic!("a preset query is UNDEFINED"),
    };
    (
        format!("0x{:016x}", r.par),
        r.path.name().to_owned(),
        hw,
        abort,
    )
}

/// The paragraphs of `notes`: question, explanation, optional detail.
fn paragraphs(notes: &str) -> Vec<&str> {
    notes.split("\n\n").collect()
}

/// Words a student reads carry no C or pseudocode function names and no
/// Arm ARM rule IDs (those belong in the "In detail:" paragraph).
fn plain(text: &str) -> Result<(), String> {
    let bytes = text.as_bytes();
    for (i, w) in text.match_indices("()") {
        let before = &text[..i];
        if before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("a function name before \"{w}\" at byte {i}"));
        }
    }
    for i in 0..bytes.len().saturating_sub(6) {
        let id = &bytes[i..i + 7];
        if (id[0] == b'R' || id[0] == b'I')
            && id[1] == b'_'
            && id[2..].iter().all(u8::is_ascii_uppercase)
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
        {
            return Err(format!("a rule ID at byte {i}"));
        }
    }
    Ok(())
}

#[test]
fn index_and_directory_agree() {
    let index = index();
    let mut listed = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for (chapter, p) in entries(&index) {
        let id = p["id"].as_str().expect("id");
        let file = p["file"].as_str().expect("file");
        assert_eq!(
            file,
            format!("{chapter}/{id}.json"),
            "the file is <chapter>/<id>.json"
        );
        assert!(
            ids.insert(format!("{chapter}/{id}")),
            "{chapter}/{id} listed twice"
        );
        listed.insert(file.to_owned());
    }
    let mut found = BTreeSet::new();
    for dir in std::fs::read_dir(root()).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            let rel = f
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .into_owned();
            assert!(
                rel.ends_with(".json"),
                "{rel}: only presets live in presets/"
            );
            found.insert(rel);
        }
    }
    assert_eq!(
        listed, found,
        "presets/index.json lists exactly the files of presets/*/"
    );
    assert!(listed.len() >= 24, "{} presets", listed.len());
}

#[test]
fn every_preset_teaches_what_it_says() {
    let index = index();
    let mut queries = 0;
    for (chapter, p) in entries(&index) {
        let file = p["file"].as_str().unwrap();
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{file}: {e}"));

        // Title, question, explanation, and expert detail only at the end.
        assert!(!s.title.trim().is_empty(), "{file}: title");
        let paras = paragraphs(&s.notes);
        assert!(
            (2..=3).contains(&paras.len()),
            "{file}: question, explanation and at most one detail paragraph"
        );
        assert!(
            paras[0].trim_end().ends_with('?'),
            "{file}: the question comes first"
        );
        assert!(paras[1].len() > 200, "{file}: a paragraph of explanation");
        for para in &paras[..2] {
            plain(para).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert!(
                !para.starts_with("In detail:"),
                "{file}: detail before explanation"
            );
        }
        if let Some(detail) = paras.get(2) {
            assert!(
                detail.starts_with("In detail: "),
                "{file}: the last paragraph"
            );
        }

        // Every query states par, path and hw_par, and meets them.
        assert!(!s.queries.is_empty(), "{file}: no queries");
        for (i, q) in s.queries.iter().enumerate() {
            let e = q
                .expect
                .unwrap_or_else(|| panic!("{file} query {i}: no expect"));
            assert!(
                e.par.is_some() && e.path.is_some() && e.hw_par.is_some(),
                "{file} query {i}: expect needs par, path and hw_par"
            );
        }
        let (opts, model) = options(&p);
        let ev = evaluate_with(&s, &opts, model);
        for (i, (q, r)) in s.queries.iter().zip(&ev.results).enumerate() {
            let bad = r.mismatches(&q.expect.unwrap());
            assert!(bad.is_empty(), "{file} query {i} ({:?}): {bad:?}", q.op);
            queries += 1;
        }

        // The other runs the index records.
        for run in p["also"].as_array().into_iter().flatten() {
            let (opts, model) = options(run);
            let ev = evaluate_with(&s, &opts, model);
            let want = run["expect"].as_array().expect("also: expect");
            assert_eq!(want.len(), s.queries.len(), "{file}: also {run}");
            for (w, r) in want.iter().zip(&ev.results) {
                let got = spelt(r);
                let want = (
                    w["par"].as_str().unwrap().to_owned(),
                    w["path"].as_str().unwrap().to_owned(),
                    w["hw_par"].as_str().map(str::to_owned),
                    w["hw_abort"]["dfsc"].as_str().map(str::to_owned),
                );
                assert_eq!(got, want, "{file}: also {}", run["kvm"]);
            }
        }

        // The differences a KVM versus hardware preset shows are in KVM's trace.
        let shows: Vec<&str> = p["shows"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(
            chapter == "kvm-vs-hw",
            !shows.is_empty(),
            "{file}: `shows` is for the KVM versus hardware chapter"
        );
        for diff in &shows {
            let found = ev.results.iter().any(|r| {
                let trace = serde_json::to_string(&r.kvm_trace).unwrap();
                trace.contains(&format!("\"diff\":\"{diff}\""))
            });
            assert!(found, "{file}: KVM's trace shows no {diff}");
        }
        if !shows.is_empty() {
            let differs = ev.results.iter().any(|r| {
                let (par, _, hw, _) = spelt(r);
                hw.as_deref() != Some(par.as_str())
            });
            assert!(
                differs,
                "{file}: KVM's PAR equals the hardware's for every query"
            );
        }
    }
    assert!(queries >= 24, "{queries} queries");
}
