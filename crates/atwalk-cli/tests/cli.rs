//! `atwalk` as a user runs it: the built binary on temporary files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SPEC_EXAMPLE: &str = include_str!("../../../tests/spec/scenario-format-example.json");

/// A scratch directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("atwalk-cli-{}-{name}", std::process::id()));
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

fn atwalk<P: AsRef<Path>>(args: &[&str], files: &[P]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atwalk"))
        .args(args)
        .args(files.iter().map(AsRef::as_ref))
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn variant(from: &str, to: &str) -> String {
    assert!(SPEC_EXAMPLE.contains(from), "{from:?}");
    SPEC_EXAMPLE.replacen(from, to, 1)
}

// WALKER: the spec example through the walker. The hardware (hw_par)
// gives the level 3 Permission fault. KVM's fast path at 0090c0a247cd runs
// AT S1E1RP with PSTATE.PAN = 0 (at_s1e1p_fast() masks the guest's PSTATE
// with PSTATE_PAN = 0x80, not PSR_PAN_BIT), so by default (as-merged) KVM
// keeps the hardware's success; with `--fast-path-pan intended` it is 0x81f.
#[test]
fn walker_spec_example_gives_081f() {
    let dir = TempDir::new("walker");
    let f = dir.file("pan.json", SPEC_EXAMPLE);
    let o = atwalk(&["eval"], &[&f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    // PAR_EL1 0x0000_0000_0000_081f: F=1, FST=0b001111 (permission fault,
    // level 3), PTW=0, S=0.
    assert!(out.contains(r#""hw_par":"0x000000000000081f""#), "{out}");
    // KVM (as merged): 0xff00_0000_4040_0b80: ATTR=0xff, PA=0x40400000,
    // bit 11, NS=1 and SH=0b11 as the hardware reports them; the fast path.
    assert!(
        out.contains(r#""par":"0xff00000040400b80","path":"fast""#),
        "{out}"
    );
    for args in [
        &["eval", "--fast-path-pan", "intended"][..],
        &["eval", "--fast-path-pan=intended", "--kvm", "v1"],
        &["eval", "--kvm", "v1"],
    ] {
        let o = atwalk(args, &[&f]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(
            out.contains(r#""par":"0x000000000000081f""#),
            "{args:?} {out}"
        );
    }
}

/// `atwalk compare` over a batch of random successful queries: the merged
/// logic never walks in software, v1 walks once per query (PSTATE.PAN clear:
/// the reviewer's finding).
#[test]
fn compare_counts_slow_walks_of_each_logic() {
    let dir = TempDir::new("compare");
    // 4KB, T0SZ=25 (39-bit VA, start level 1), IPS 40 bits, EPD1: level 1
    // table at 0x40200000 -> level 2 table at 0x40201000 -> 2MB blocks.
    let mut files = Vec::new();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for i in 0..8 {
        let mut mem = String::from(r#""0x40200000": "0x0000000040201003""#);
        let mut queries = Vec::new();
        for q in 0..16 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let l2 = seed % 512;
            let ap = (seed >> 20) & 0b11;
            let off = (seed >> 32) & 0x1f_ffff;
            mem.push_str(&format!(
                r#", "0x{:x}": "0x{:016x}""#,
                0x4020_1000 + l2 * 8,
                (0x4000_0000 + (l2 << 21)) | 0x401 | (ap << 6)
            ));
            let op = ["S1E1R", "S1E0R", "S1E1W", "S1E1RP"][q % 4];
            let op = match op {
                "S1E0R" if ap & 1 == 0 => "S1E1R",
                "S1E1W" if ap & 2 != 0 => "S1E1R",
                o => o,
            };
            // S1E1RP only with PSTATE.PAN clear: success in both logics.
            queries.push(format!(
                r#"{{"op": "{op}", "va": "0x{:016x}"}}"#,
                (l2 << 21) | off
            ));
        }
        let text = format!(
            r#"{{"format": "at-scenario/1", "cpu": {{"TCR_EL1": "0x0000000200800019", "TTBR0_EL1": "0x0000000040200000", "MAIR_EL1": "0x00000000000000ff", "SCTLR_EL1": "0x0000000000000005"}}, "memory": {{{mem}}}, "queries": [{}]}}"#,
            queries.join(", ")
        );
        files.push(dir.file(&format!("r{i}.json"), &text));
    }
    let o = atwalk(&["compare"], &files);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 9, "{out}");
    for l in &lines[..8] {
        for r in l["results"].as_array().unwrap() {
            assert_eq!(r["merged"]["path"], "fast", "{r}");
            assert_eq!(r["merged"]["slow_walks"], 0, "{r}");
            assert_eq!(r["v1"]["path"], "slow", "{r}");
            assert_eq!(r["v1"]["slow_walks"], 1, "{r}");
            let par = r["merged"]["par"].as_str().unwrap();
            assert!(
                par.ends_with(['0', '2', '4', '6', '8', 'a', 'c', 'e']),
                "success: {r}"
            );
        }
    }
    let t = &lines[8]["total"];
    assert_eq!(t["files"], 8);
    assert_eq!(t["queries"], 128);
    assert_eq!(t["merged"]["slow_walks"], 0);
    assert_eq!(t["v1"]["slow_walks"], 128);
    assert_eq!(t["v1"]["slow"], 128);
    println!("{}", out.lines().last().unwrap());
}

#[test]
fn result_line_shape() {
    let dir = TempDir::new("shape");
    let f = dir.file("pan.json", SPEC_EXAMPLE);
    let o = atwalk(&["eval"], &[&f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(out.trim_end()).unwrap();
    assert_eq!(v["format"], "at-result/1");
    assert_eq!(v["file"], f.to_str().unwrap());
    let r = &v["results"][0];
    assert_eq!(r["op"], "S1E1RP");
    assert_eq!(r["va"], "0x0000000000201234");
    for key in ["par", "hw_par"] {
        let s = r[key].as_str().unwrap();
        assert!(s.len() == 18 && s.starts_with("0x"), "{key}: {s}");
    }
    assert!(r["path"] == "fast" || r["path"] == "slow");
    assert!(r.get("trace").is_none() && r.get("expect_ok").is_none());

    let o = atwalk(&["eval", "--trace", "--kvm", "v1"], &[&f]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim_end()).unwrap();
    assert!(v["results"][0]["trace"].is_array());
    assert_eq!(
        atwalk(&["eval", "--kvm=merged"], &[&f]).status.code(),
        Some(0)
    );
}

#[test]
fn expectations_checked() {
    let dir = TempDir::new("expect");
    let impossible = variant(
        r#""va": "0x0000000000201234""#,
        r#""va": "0x0000000000201234", "expect": {"par": "0xffffffffffffffff"}"#,
    );
    let f = dir.file("bad-expect.json", &impossible);
    let o = atwalk(&["eval"], &[&f]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim_end()).unwrap();
    assert_eq!(v["results"][0]["expect_ok"], false);
    let why = v["results"][0]["expect_mismatch"].as_str().unwrap();
    assert!(
        why.starts_with("par: expected 0xffffffffffffffff got 0x"),
        "{why}"
    );

    // An empty expect states nothing, so it holds.
    let f = dir.file(
        "empty-expect.json",
        &variant(
            r#""va": "0x0000000000201234""#,
            r#""va": "0x1", "expect": {}"#,
        ),
    );
    let o = atwalk(&["eval"], &[&f]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains(r#""expect_ok":true"#));
}

/// Each malformed variant: exit 2, file and field named on stderr, and the
/// good file after it still evaluated.
#[test]
fn malformed_files_exit_2_naming_file_and_field() {
    let cases = [
        (
            "bad-hex",
            variant("0x0000000040201003", "0x00000000402010g3"),
            r#"memory."0x40200000": malformed hex"#,
        ),
        (
            "misaligned",
            variant("\"0x40201008\"", "\"0x40201004\""),
            r#"memory."0x40201004": address 0x40201004 is not 8-byte aligned"#,
        ),
        (
            "unknown-op",
            variant("\"S1E1RP\"", "\"S1E3R\""),
            "queries[0].op: unknown op \"S1E3R\"",
        ),
        (
            "unknown-register",
            variant("\"MAIR_EL1\"", "\"MAIR_EL2\""),
            "cpu.MAIR_EL2: unknown register",
        ),
        (
            "wrong-format",
            variant("at-scenario/1", "at-scenario/0"),
            "format: unknown format \"at-scenario/0\"",
        ),
        (
            "truncated",
            SPEC_EXAMPLE[..300].to_owned(),
            "not valid JSON: EOF while parsing",
        ),
        (
            "wide-va",
            variant("0x0000000000201234", "0x100000000000201234"),
            "queries[0].va: value \"0x100000000000201234\" is wider than 64 bits",
        ),
    ];
    let dir = TempDir::new("malformed");
    let good = dir.file("good.json", SPEC_EXAMPLE);
    for (name, text, want) in &cases {
        let f = dir.file(&format!("{name}.json"), text);
        let o = atwalk(&["eval"], &[&f, &good]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = stderr(&o);
        let line = format!("atwalk: {}: {want}", f.display());
        assert!(
            err.starts_with(&line),
            "{name}: {err:?} does not start with {line:?}"
        );
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        let out = stdout(&o);
        assert_eq!(out.lines().count(), 1, "{name}: the good file still runs");
        assert!(out.contains("good.json"), "{name}");
    }
}

#[test]
fn unreadable_and_non_utf8_files() {
    let dir = TempDir::new("unreadable");
    let missing = dir.0.join("missing.json");
    let o = atwalk(&["eval"], &[&missing]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with(&format!("atwalk: {}: ", missing.display())));
    let latin1 = dir.0.join("latin1.json");
    std::fs::write(&latin1, b"{\"title\": \"caf\xe9\"}").unwrap();
    let o = atwalk(&["eval"], &[&latin1]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not UTF-8"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    let none: [&str; 0] = [];
    for args in [
        &[][..],
        &["eval"],
        &["eval", "--kvm"],
        &["eval", "--kvm", "v2", "x"],
        &["eval", "--kvm", "v7.1", "x"],
        &["eval", "--kvm", "v6.11", "x"],
        &["eval", "--fast", "x"],
        &["frobnicate"],
    ] {
        let o = atwalk(args, &none);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&o).is_empty(), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    let o = atwalk(&["--help"], &none);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("atwalk eval [--trace] [--kvm latest|merged|v1|vX.Y] FILE..."));
    let o = atwalk(&["bench"], &none);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn batch_of_2000_files_in_one_call() {
    let dir = TempDir::new("batch");
    let files: Vec<PathBuf> = (0..2000)
        .map(|i| {
            let text = variant(
                "0x0000000000201234",
                &format!("0x{:016x}", 0x20_0000 + 8 * i),
            );
            dir.file(&format!("s{i:04}.json"), &text)
        })
        .collect();
    let o = atwalk(&["eval"], &files);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2000);
    for (i, line) in lines.iter().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["file"], files[i].to_str().unwrap(), "in order");
        assert_eq!(
            v["results"][0]["va"],
            format!("0x{:016x}", 0x20_0000 + 8 * i)
        );
    }
}

/// Many files, some bad: the lines and the errors come in the order of the
/// files, and the exit status is the worst: 2 with a bad file, else 1 with
/// an unmet expectation.
#[test]
fn large_batch_keeps_order_of_lines_and_errors() {
    let dir = TempDir::new("order");
    let mut files = Vec::new();
    let mut bad = Vec::new();
    for i in 0..500usize {
        let path = if i % 37 == 5 {
            // Alternately missing and malformed.
            bad.push(i);
            if bad.len() % 2 == 0 {
                dir.0.join(format!("missing{i:04}.json"))
            } else {
                dir.file(&format!("bad{i:04}.json"), "{\"format\":")
            }
        } else {
            let text = variant(
                "0x0000000000201234",
                &format!("0x{:016x}", 0x20_0000 + 8 * i),
            );
            dir.file(&format!("s{i:04}.json"), &text)
        };
        files.push(path);
    }
    let o = atwalk(&["eval"], &files);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let err_lines: Vec<&str> = err.lines().collect();
    assert_eq!(err_lines.len(), bad.len(), "{err}");
    for (line, &i) in err_lines.iter().zip(&bad) {
        let want = format!("atwalk: {}: ", files[i].display());
        assert!(line.starts_with(&want), "{line:?} is not about {want:?}");
    }
    let out = stdout(&o);
    let good: Vec<usize> = (0..files.len()).filter(|i| !bad.contains(i)).collect();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), good.len());
    for (line, &i) in lines.iter().zip(&good) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["file"], files[i].to_str().unwrap(), "in order");
        assert_eq!(
            v["results"][0]["va"],
            format!("0x{:016x}", 0x20_0000 + 8 * i)
        );
    }

    // No bad file, one unmet expectation among many: exit 1.
    let unmet = dir.file(
        "unmet.json",
        &variant(
            r#""va": "0x0000000000201234""#,
            r#""va": "0x0000000000201234", "expect": {"par": "0xffffffffffffffff"}"#,
        ),
    );
    let mut some: Vec<PathBuf> = good.iter().map(|&i| files[i].clone()).collect();
    some.insert(200, unmet);
    let o = atwalk(&["eval"], &some);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), some.len());
}

#[test]
fn standard_input_as_dash() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_atwalk"))
        .args(["eval", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(SPEC_EXAMPLE.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).starts_with(r#"{"format":"at-result/1","file":"-","results":[{"op":"S1E1RP""#)
    );
}

/// RAM ending below the level-3 table: the hardware walk takes a
/// synchronous external abort, printed as `hw_par: null` plus `hw_abort`;
/// an `expect` of `"hw_par": null` is met by any abort.
#[test]
fn hardware_abort_is_null_with_hw_abort() {
    let dir = TempDir::new("abort");
    let text = variant(r#""size": "0x40000000""#, r#""size": "0x201000""#).replacen(
        r#""va": "0x0000000000201234""#,
        r#""va": "0x0000000000201234", "expect": {"hw_par": null}"#,
        1,
    );
    let f = dir.file("abort.json", &text);
    let o = atwalk(&["eval"], &[&f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim_end()).unwrap();
    let r = &v["results"][0];
    assert!(r["hw_par"].is_null(), "{r}");
    let dfsc = r["hw_abort"]["dfsc"].as_str().unwrap();
    assert!(dfsc.len() == 4 && dfsc.starts_with("0x"), "{dfsc}");
    assert_eq!(r["expect_ok"], true);
}

/// AT S1E1A on a CPU without FEAT_ATS1A is UNDEFINED: `hw_par: null` plus
/// `hw_undefined` naming the feature (docs/scenario-format.md).
#[test]
fn undefined_op_names_the_missing_feature() {
    let dir = TempDir::new("undefined");
    let text = variant("\"S1E1RP\"", "\"S1E1A\"").replacen(
        "\"queries\"",
        "\"features\": [\"FEAT_PAN\"], \"queries\"",
        1,
    );
    let f = dir.file("undef.json", &text);
    let o = atwalk(&["eval"], &[&f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim_end()).unwrap();
    let r = &v["results"][0];
    assert!(r["hw_par"].is_null() && r.get("hw_abort").is_none(), "{r}");
    assert_eq!(r["hw_undefined"]["feature"], "FEAT_ATS1A");
}

#[test]
fn kvm_release_selects_the_answer() {
    // The access flag example: v6.12 walks in software and, with no access
    // flag check in its walk_s1(), succeeds; v6.17 keeps the hardware's
    // Access flag fault.
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../presets/faults/access-flag.json");
    let f = f.to_str().unwrap();
    let run = |k: &str| stdout(&atwalk(&["eval", "--kvm", k], &[f]));
    assert!(run("v6.12").contains("\"par\":\"0xff00000040400980\",\"path\":\"slow\""));
    assert!(run("v6.17").contains("\"par\":\"0x0000000000000817\",\"path\":\"fast\""));
    assert_eq!(run("latest"), run("v7.0"));
    assert_eq!(run("merged"), run("v7.0"));
    let c = stdout(&atwalk(&["compare"], &[f]));
    assert!(
        c.contains("\"releases\":[{\"releases\":[\"v6.12\",\"v6.13\",\"v6.14\",\"v6.15\"],\"par\":\"0xff00000040400980\",\"path\":\"slow\",\"parts_at\":\"step 8: __kvm_at_s1e01(): "),
        "{c}"
    );
    assert!(
        c.contains("{\"releases\":[\"v6.16\",\"v6.17\",\"v6.18\",\"v6.19\",\"v7.0\"],\"par\":\"0x0000000000000817\",\"path\":\"fast\",\"parts_at\":null}"),
        "{c}"
    );
}
