//! The golden corpus: what `atwalk eval --trace` prints for every scenario
//! the project has (the QEMU conformance vectors, the presets of `presets/`
//! and the scenario-format example), under each KVM logic,
//! recorded before a redesign so that the redesign can prove nothing a user
//! sees changed.
//!
//! The `merged` runs are pinned to `--kvm v6.17`, the release whose
//! behaviour atwalk modelled first, so the corpus proves that v6.17 is that
//! model whatever the default (`--kvm latest`) becomes; the presets are
//! also recorded under `--kvm v6.12` (the oldest release), and
//! `default_is_the_latest_release` ties the default to the newest release.
//!
//! - `tests/golden/vectors-1.hashes`: one line per conformance scenario,
//!   `LINE MERGED V1 INTENDED`, each an FNV-1a 64-bit hash of that run's
//!   output line (the `file` field replaced by the scenario's label).
//! - `tests/golden/presets/NAME.CONFIG.txt`: the full output of each small
//!   scenario, a step a line, so that a change reads as a diff.
//!
//! `ATWALK_GOLDEN_WRITE=1 cargo test -p atwalk-cli --test golden` rewrites
//! them; the commit that does so says which steps changed and why.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The runs recorded for each scenario: a name and the `eval` options.
const CONFIGS: [(&str, &[&str]); 3] = [
    ("merged", &["--kvm", "v6.17"]),
    ("v1", &["--kvm", "v1"]),
    (
        "intended",
        &["--kvm", "v6.17", "--fast-path-pan", "intended"],
    ),
];

/// Runs recorded for the presets only.
const PRESET_CONFIGS: [(&str, &[&str]); 1] = [("v6.12", &["--kvm", "v6.12"])];

/// The newest modelled release: the default must answer as it does.
const LATEST: &str = "v7.0";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// FNV-1a, 64 bits: stable across platforms and Rust releases.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A scratch directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("atwalk-golden-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `atwalk eval --trace OPTS` over `texts` (one scenario each) and
/// returns one output line per scenario, with `"file"` set to its label.
fn eval_all(dir: &TempDir, labels: &[String], texts: &[String], opts: &[&str]) -> Vec<String> {
    let mut files = Vec::with_capacity(texts.len());
    for (i, text) in texts.iter().enumerate() {
        let path = dir.0.join(format!("{i:05}.json"));
        std::fs::write(&path, text).unwrap();
        files.push(path);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_atwalk"))
        .arg("eval")
        .arg("--trace")
        .args(opts)
        .args(&files)
        .output()
        .expect("atwalk runs");
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "atwalk eval failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), texts.len(), "one line per scenario");
    lines
        .iter()
        .zip(&files)
        .zip(labels)
        .map(|((line, file), label)| {
            let from = serde_json::to_string(&file.to_string_lossy()).unwrap();
            let to = serde_json::to_string(label).unwrap();
            assert!(line.contains(&from), "{label}: file name in the output");
            line.replacen(&from, &to, 1)
        })
        .collect()
}

/// One result line laid out for review: the file's fields, then per query
/// its outcome on one line and each step (architecture, then KVM) on a line
/// of its own, in compact JSON.
fn layout(line: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    let mut o = String::new();
    let mut head = v.clone();
    head.as_object_mut().unwrap().remove("results");
    let _ = writeln!(o, "{head}");
    for (i, r) in v["results"].as_array().unwrap().iter().enumerate() {
        let mut q = r.clone();
        let obj = q.as_object_mut().unwrap();
        let trace = obj.remove("trace").unwrap_or_default();
        let kvm = obj.remove("kvm_trace").unwrap_or_default();
        let _ = writeln!(o, "query {i}: {q}");
        for (name, steps) in [("trace", trace), ("kvm_trace", kvm)] {
            let _ = writeln!(o, "  {name}:");
            for s in steps.as_array().into_iter().flatten() {
                let _ = writeln!(o, "    {s}");
            }
        }
    }
    o
}

/// The small scenarios: (label, text), in a stable order.
fn presets() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut dirs: Vec<String> = std::fs::read_dir(root().join("presets"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| format!("presets/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    dirs.sort();
    dirs.push("tests/spec".to_owned());
    for dir in dirs {
        let mut names: Vec<PathBuf> = std::fs::read_dir(root().join(&dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        names.sort();
        for p in names {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            let label = format!("{}-{stem}", dir.replace('/', "-"));
            out.push((label, std::fs::read_to_string(&p).unwrap()));
        }
    }
    out
}

fn write_mode() -> bool {
    std::env::var_os("ATWALK_GOLDEN_WRITE").is_some_and(|v| v == "1")
}

/// Compares `got` with the file at `path` (or writes it in write mode);
/// returns a description of the difference.
fn check_file(path: &Path, got: &str) -> Option<String> {
    if write_mode() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, got).unwrap();
        return None;
    }
    let want = std::fs::read_to_string(path).unwrap_or_default();
    if want == got {
        return None;
    }
    let first = want
        .lines()
        .zip(got.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(want.lines().count().min(got.lines().count()));
    Some(format!(
        "{}: differs from line {}:\n  want: {}\n  got:  {}",
        path.display(),
        first + 1,
        want.lines().nth(first).unwrap_or("(end)"),
        got.lines().nth(first).unwrap_or("(end)")
    ))
}

#[test]
fn presets_trace_as_recorded() {
    let dir = TempDir::new("presets");
    let (labels, texts): (Vec<String>, Vec<String>) = presets().into_iter().unzip();
    let mut diffs = Vec::new();
    for (config, opts) in CONFIGS.iter().chain(&PRESET_CONFIGS) {
        let lines = eval_all(&dir, &labels, &texts, opts);
        for (label, line) in labels.iter().zip(&lines) {
            let path = root().join(format!("tests/golden/presets/{label}.{config}.txt"));
            diffs.extend(check_file(&path, &layout(line)));
        }
    }
    assert!(
        diffs.is_empty(),
        "{} preset traces changed (ATWALK_GOLDEN_WRITE=1 records them; say why in the commit):\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

#[test]
fn conformance_vectors_trace_as_recorded() {
    let dir = TempDir::new("vectors");
    let text = std::fs::read_to_string(root().join("tests/conformance/vectors-1.jsonl")).unwrap();
    let texts: Vec<String> = text.lines().map(str::to_owned).collect();
    let labels: Vec<String> = (0..texts.len())
        .map(|i| format!("vectors-1.jsonl:{i}"))
        .collect();
    let runs: Vec<Vec<String>> = CONFIGS
        .iter()
        .map(|(_, opts)| eval_all(&dir, &labels, &texts, opts))
        .collect();
    let mut got = String::from(
        "# LINE MERGED V1 INTENDED: FNV-1a 64 of `atwalk eval --trace` per KVM config\n",
    );
    for i in 0..texts.len() {
        let _ = write!(got, "{i}");
        for run in &runs {
            let _ = write!(got, " {:016x}", fnv1a(run[i].as_bytes()));
        }
        got.push('\n');
    }
    let path = root().join("tests/golden/vectors-1.hashes");
    if let Some(d) = check_file(&path, &got) {
        panic!(
            "conformance traces changed (ATWALK_GOLDEN_WRITE=1 records them; say why in the commit):\n{d}"
        );
    }
}

#[test]
fn default_is_the_latest_release() {
    let dir = TempDir::new("latest");
    // A preset that names its release (kvm.version) answers as that release
    // by default; the others as the newest.
    let (labels, texts): (Vec<String>, Vec<String>) = presets()
        .into_iter()
        .filter(|(_, t)| !t.contains("\"version\""))
        .unzip();
    let pinned = eval_all(&dir, &labels, &texts, &["--kvm", LATEST]);
    for opts in [&[][..], &["--kvm", "latest"], &["--kvm", "merged"]] {
        assert_eq!(eval_all(&dir, &labels, &texts, opts), pinned, "{opts:?}");
    }
}
