//! Turns the teaching data into Rust statics at build time, so that the
//! library (which the app runs as wasm) parses no JSON and carries no
//! deserializer for it:
//!
//! - `$OUT_DIR/presets.rs`: `presets/index.json` as `CHAPTERS`, each preset
//!   with its title; the files' texts, as `include_str!`s, in a table of
//!   their own (`TEXTS`, in index order), and the first preset's text as
//!   `FIRST_TEXT`;
//! - `$OUT_DIR/glossary.rs`: `data/glossary.json` as `ENTRIES` (the words
//!   that find an entry) and `EXPLAINED` (each entry's Arm ARM name and
//!   explanation, in the same order).
//!
//! The words and the texts are apart so that a program that only links words
//! and lists titles (the app's first load) does not carry the texts: the
//! app asks the teaching worker for them.
//!
//! A malformed index or glossary stops the build with the reason. The
//! tests check the rest (the index and the directory agree, every preset
//! loads, every field has a glossary entry).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn read(path: &Path) -> Value {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn str_of<'a>(v: &'a Value, key: &str, what: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: \"{key}\" must be a string"))
}

fn opt(v: &Value, key: &str, what: &str) -> String {
    match &v[key] {
        Value::Null => "None".to_owned(),
        Value::String(s) => format!("Some({s:?})"),
        other => panic!("{what}: \"{key}\" must be a string, not {other}"),
    }
}

fn strs(v: &Value, key: &str, what: &str) -> String {
    let items: Vec<String> = match &v[key] {
        Value::Null => Vec::new(),
        Value::Array(a) => a
            .iter()
            .map(|x| {
                format!(
                    "{:?}",
                    x.as_str()
                        .unwrap_or_else(|| panic!("{what}: \"{key}\" holds strings"))
                )
            })
            .collect(),
        other => panic!("{what}: \"{key}\" must be an array, not {other}"),
    };
    format!("&[{}]", items.join(", "))
}

fn logic(v: &Value, what: &str) -> String {
    match v["kvm"].as_str() {
        None => "None".into(),
        Some("merged") => "Some(KvmLogic::Merged)".into(),
        Some("v1") => "Some(KvmLogic::V1)".into(),
        Some(o) => panic!("{what}: unknown kvm {o:?}"),
    }
}

fn pan(v: &Value, what: &str) -> String {
    match v["fast_path_pan"].as_str() {
        None => "None".into(),
        Some("as-merged") => "Some(FastPathPan::AsMerged)".into(),
        Some("intended") => "Some(FastPathPan::Intended)".into(),
        Some(o) => panic!("{what}: unknown fast_path_pan {o:?}"),
    }
}

fn presets(root: &Path) -> String {
    let index = read(&root.join("index.json"));
    assert_eq!(
        index["format"], "atwalk-presets/1",
        "presets/index.json: format"
    );
    let mut o = String::from(
        "/// The chapters of presets/index.json, in order.\npub static CHAPTERS: &[Chapter] = &[\n",
    );
    let mut texts = String::from(
        "/// Every preset file's text, in index order ([`Entry::n`]).\nstatic TEXTS: &[&str] = &[\n",
    );
    let mut first = None;
    let mut n = 0usize;
    for c in index["chapters"]
        .as_array()
        .expect("presets/index.json: chapters")
    {
        let what = format!("chapter {}", c["id"]);
        let _ = writeln!(
            o,
            "    Chapter {{ id: {:?}, title: {:?}, summary: {:?}, presets: &[",
            str_of(c, "id", &what),
            str_of(c, "title", &what),
            str_of(c, "summary", &what)
        );
        for p in c["presets"].as_array().expect("presets") {
            let what = format!("preset {}", p["file"]);
            let file = str_of(p, "file", &what);
            let path: PathBuf = root.join(file);
            println!("cargo:rerun-if-changed={}", path.display());
            assert!(path.is_file(), "{what}: no such file");
            let mut also = String::new();
            for run in p["also"].as_array().into_iter().flatten() {
                let mut exp = String::new();
                for e in run["expect"].as_array().expect("also: expect") {
                    let dfsc = match &e["hw_abort"] {
                        Value::Null => "None".to_owned(),
                        a => opt(a, "dfsc", &what),
                    };
                    let _ = write!(
                        exp,
                        "AlsoExpect {{ par: {:?}, path: {:?}, hw_par: {}, hw_abort_dfsc: {dfsc} }}, ",
                        str_of(e, "par", &what),
                        str_of(e, "path", &what),
                        opt(e, "hw_par", &what)
                    );
                }
                let _ = write!(
                    also,
                    "AlsoRun {{ kvm: {}, fast_path_pan: {}, expect: &[{exp}] }}, ",
                    logic(run, &what),
                    pan(run, &what)
                );
            }
            let title = {
                let v = read(&path);
                str_of(&v, "title", &what).to_owned()
            };
            let _ = writeln!(
                o,
                "        Entry {{ n: {n}, id: {:?}, file: {file:?}, title: {title:?}, kvm: {}, fast_path_pan: {}, also: &[{also}], shows: {} }},",
                str_of(p, "id", &what),
                logic(p, &what),
                pan(p, &what),
                strs(p, "shows", &what),
            );
            let include = format!("include_str!({:?})", path.display().to_string());
            let _ = writeln!(texts, "    {include},");
            first.get_or_insert(include);
            n += 1;
        }
        o.push_str("    ] },\n");
    }
    o.push_str("];\n");
    texts.push_str("];\n");
    o.push_str(&texts);
    let _ = writeln!(
        o,
        "/// The first preset's text (the app's default scenario).\npub static FIRST_TEXT: &str = {};",
        first.expect("presets/index.json lists a preset")
    );
    o
}

fn glossary(path: &Path) -> String {
    let data = read(path);
    let mut o = String::from(
        "/// The entries of data/glossary.json, in order.\npub static ENTRIES: &[Entry] = &[\n",
    );
    let mut explained = String::from(
        "/// Each entry's Arm ARM name and explanation ([`Entry::n`]).\nstatic EXPLAINED: &[Explained] = &[\n",
    );
    for (n, e) in data
        .as_array()
        .expect("data/glossary.json: an array")
        .iter()
        .enumerate()
    {
        let what = format!("glossary entry {}", e["term"]);
        let _ = writeln!(
            o,
            "    Entry {{ n: {n}, term: {:?}, fields: {}, aliases: {} }},",
            str_of(e, "term", &what),
            strs(e, "fields", &what),
            strs(e, "aliases", &what)
        );
        let _ = writeln!(
            explained,
            "    Explained {{ arm: {:?}, text: {:?} }},",
            str_of(e, "arm", &what),
            str_of(e, "text", &what),
        );
    }
    o.push_str("];\n");
    explained.push_str("];\n");
    o.push_str(&explained);
    o
}

fn main() {
    // Read when the script runs, not baked in when it is compiled: Cargo reuses a compiled build
    // script for another checkout of the same package that shares the target directory (a git
    // worktree), whose presets are elsewhere.
    let here = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let root = here
        .join("../../presets")
        .canonicalize()
        .expect("presets/ exists");
    println!("cargo:rerun-if-changed={}", root.display());
    for d in std::fs::read_dir(&root).expect("presets/ is readable") {
        println!(
            "cargo:rerun-if-changed={}",
            d.expect("an entry").path().display()
        );
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("presets.rs"), presets(&root)).expect("OUT_DIR is writable");
    let g = glossary(&here.join("data/glossary.json"));
    std::fs::write(out.join("glossary.rs"), g).expect("OUT_DIR is writable");
}
