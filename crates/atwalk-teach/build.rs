//! Embeds the preset library: `presets/index.json` and every
//! `presets/<chapter>/<id>.json`, as `include_str!`s in `$OUT_DIR/presets.rs`,
//! so the library needs no file system at run time (the app runs it as wasm).
//! The index is parsed at run time; `presets::tests` checks that it and the
//! embedded files agree.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../presets");
    let root = root.canonicalize().expect("presets/ exists");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    for chapter in std::fs::read_dir(&root).expect("presets/ is readable") {
        let chapter = chapter.expect("an entry").path();
        if !chapter.is_dir() {
            continue;
        }
        println!("cargo:rerun-if-changed={}", chapter.display());
        for f in std::fs::read_dir(&chapter).expect("a chapter directory") {
            let f = f.expect("an entry").path();
            if f.extension().is_some_and(|e| e == "json") {
                let rel = f.strip_prefix(&root).expect("under presets/");
                let rel = rel.to_str().expect("UTF-8 name").replace('\\', "/");
                files.push((rel, f));
            }
        }
    }
    files.sort();
    let mut out = String::from("/// Every preset file: its path under presets/ and its text.\n");
    out.push_str("pub(crate) static FILES: &[(&str, &str)] = &[\n");
    for (rel, path) in &files {
        let _ = writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    let index = root.join("index.json");
    let _ = writeln!(
        out,
        "/// presets/index.json.\npub(crate) static INDEX: &str = include_str!({:?});",
        index.display().to_string()
    );
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("presets.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
