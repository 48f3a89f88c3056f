//! The teaching commands end to end: `atwalk map`, `atwalk figure`,
//! `atwalk exercise` and `atwalk presets`, with exact expected output for the
//! constructed scenario `tests/data/two-halves.json` (every row of its map
//! was checked by hand against the descriptors and the permission rules;
//! the figures are recorded in `tests/data/*.svg`, rewritten with
//! `ATWALK_TEACH_WRITE=1`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn atwalk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atwalk"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .output()
        .expect("atwalk runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8")
}

const TWO_HALVES_JSON: &str = r#"[
  {"ttbr":"TTBR0_EL1","va":"0x0000000000000000","size":"0x10000","pa":"0x0000000040400000","level":3,"kind":"page","contiguous":true,"attr":"0xff","mem":"Normal-WB","el1":"rw-","el0":"rw-","pan":true,"fault":null},
  {"ttbr":"TTBR0_EL1","va":"0x0000000000010000","size":"0x1000","pa":"0x0000000040500000","level":3,"kind":"page","contiguous":false,"attr":"0xff","mem":"Normal-WB","el1":"rw-","el0":"--x","pan":false,"fault":"Access flag fault"},
  {"ttbr":"TTBR0_EL1","va":"0x0000000000011000","size":"0x1000","pa":"0x0000000040501000","level":3,"kind":"page","contiguous":false,"attr":"0x44","mem":"Normal-NC","el1":"rw-","el0":"--x","pan":false,"fault":null},
  {"ttbr":"TTBR0_EL1","va":"0x0000000000200000","size":"0x200000","pa":"0x0000000040200000","level":2,"kind":"block","contiguous":false,"attr":"0xff","mem":"Normal-WB","el1":"r-x","el0":"r-x","pan":true,"fault":null},
  {"ttbr":"TTBR0_EL1","va":"0x0000000040000000","size":"0x40000000","pa":"0x0000000080000000","level":1,"kind":"block","contiguous":false,"attr":"0x04","mem":"Device-nGnRE","el1":"rw-","el0":"---","pan":false,"fault":null},
  {"ttbr":"TTBR1_EL1","va":"0xffffff8000000000","size":"0x200000","pa":"0x0000000040600000","level":2,"kind":"block","contiguous":false,"attr":"0xff","mem":"Normal-WB","el1":"rw-","el0":"--x","pan":false,"fault":null}
]
"#;

const TWO_HALVES_TEXT: &str = "\
---[ TTBR0_EL1: 4KB granule, 39-bit VA, start level 1, 40-bit output, table at 0x0000000040100000 ]---
0x0000000000000000-0x000000000000ffff    64K  PA 0x0000000040400000  L3 page+cont  Normal-WB      EL1 rw- EL0 rw- PAN
0x0000000000010000-0x0000000000010fff     4K  PA 0x0000000040500000  L3 page       Normal-WB      EL1 rw- EL0 --x FAULT: Access flag fault
0x0000000000011000-0x0000000000011fff     4K  PA 0x0000000040501000  L3 page       Normal-NC      EL1 rw- EL0 --x
0x0000000000200000-0x00000000003fffff     2M  PA 0x0000000040200000  L2 block      Normal-WB      EL1 r-x EL0 r-x PAN
0x0000000040000000-0x000000007fffffff     1G  PA 0x0000000080000000  L1 block      Device-nGnRE   EL1 rw- EL0 ---
---[ TTBR1_EL1: 4KB granule, 39-bit VA, start level 1, 40-bit output, table at 0x0000000040110000 ]---
0xffffff8000000000-0xffffff80001fffff     2M  PA 0x0000000040600000  L2 block      Normal-WB      EL1 rw- EL0 --x
";

#[test]
fn map_json_of_the_constructed_scenario() {
    let f = data("two-halves.json");
    let o = atwalk(&["map", "--json", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), TWO_HALVES_JSON);
    assert_eq!(stderr(&o), "");
}

#[test]
fn map_text_of_the_constructed_scenario() {
    let f = data("two-halves.json");
    let o = atwalk(&["map", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), TWO_HALVES_TEXT);
}

#[test]
fn map_notes_and_errors() {
    // A preset with TTBR1 walks disabled: the note goes to standard error with --json.
    let o = atwalk(&["map", "--json", "presets/faults/permission.json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("note: TTBR1_EL1: not walked: TCR_EL1.T1SZ = 0"),
        "{}",
        stderr(&o)
    );
    let o = atwalk(&["map", "no/such/file.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("atwalk: no/such/file.json: "),
        "{}",
        stderr(&o)
    );
    let o = atwalk(&["map", "-"]);
    assert_eq!(o.status.code(), Some(2), "empty standard input is not JSON");
    assert!(
        stderr(&o).contains("atwalk: -: not valid JSON"),
        "{}",
        stderr(&o)
    );
    let o = atwalk(&["map", "--frob", "x.json"]);
    assert_eq!(o.status.code(), Some(2));
    let o = atwalk(&["map"]);
    assert_eq!(o.status.code(), Some(2));
}

/// Compares `got` with the recorded file (or records it with ATWALK_TEACH_WRITE=1).
fn recorded(name: &str, got: &str) {
    let path = data(name);
    if std::env::var_os("ATWALK_TEACH_WRITE").is_some_and(|v| v == "1") {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if want != got {
        let line = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{} differs from line {} (ATWALK_TEACH_WRITE=1 records it; look at it first):\n  want: {}\n  got:  {}",
            path.display(),
            line + 1,
            want.lines().nth(line).unwrap_or("(end)"),
            got.lines().nth(line).unwrap_or("(end)")
        );
    }
}

#[test]
fn figure_of_the_constructed_scenario() {
    let f = data("two-halves.json");
    let f = f.to_str().unwrap();
    let o = atwalk(&["figure", f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let walk = stdout(&o);
    // What the walk of query 0 (S1E1R 0x3456) found, as text in the figure.
    for want in [
        "<title>Two halves: pages, a contiguous run, blocks, Device memory, an AF fault, a table limit</title>",
        ">AT S1E1R, VA 0x0000000000003456: TTBR0_EL1, 4KB granule, 39-bit VA, start level 1<",
        ">[20:12] = 3<",
        ">0x0000000040102018<",
        ">0x0010000040403743<",
        ">page 4K<",
        ">PAR_EL1 = 0xff00000040403b80<",
    ] {
        assert!(walk.contains(want), "{want}");
    }
    recorded("two-halves.walk.svg", &walk);
    let o = atwalk(&["figure", "--flow", "--dark", "--query", "1", f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let flow = stdout(&o);
    assert!(flow.contains("fast path, PAR_EL1 0x000000000000081d"));
    recorded("two-halves.flow-dark.svg", &flow);
    let o = atwalk(&["figure", "--query", "2", f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).ends_with("two-halves.json: queries[2]: no such query (the scenario has 2)\n"),
        "{}",
        stderr(&o)
    );
    let o = atwalk(&["figure", "--query", "x", f]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn exercise_is_the_library_exercise_and_the_same_every_time() {
    use atwalk_teach::exercise::{self, Difficulty, Topic};
    let args = ["exercise", "--topic", "faults", "--seed", "7"];
    let o = atwalk(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert_eq!(
        text,
        stdout(&atwalk(&args)),
        "the same seed, the same exercise"
    );
    let ex = exercise::generate(Topic::Faults, Difficulty::Easy, 7);
    assert!(text.contains(&format!("Question: {}\n", ex.question)));
    assert!(text.starts_with("Exercise: faults, easy, seed 7\n"));
    assert!(!text.contains("Answer:"), "no answer without --answer");
    let o = atwalk(&["exercise", "--topic", "faults", "--seed", "7", "--answer"]);
    let with = stdout(&o);
    assert!(with.starts_with(&text[..text.find("(run again").unwrap()]));
    assert!(with.contains(&exercise::answer_text(&ex)));
    // --json: the scenario loads, the answer only when asked for.
    let o = atwalk(&[
        "exercise",
        "--topic",
        "kvm",
        "--difficulty",
        "hard",
        "--seed",
        "3",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["format"], "atwalk-exercise/1");
    assert_eq!(
        (
            v["topic"].as_str(),
            v["difficulty"].as_str(),
            v["seed"].as_u64()
        ),
        (Some("kvm"), Some("hard"), Some(3))
    );
    assert!(v.get("answer").is_none());
    let s = atwalk_core::scenario::Scenario::from_json(&v["scenario"].to_string()).unwrap();
    assert_eq!(
        s,
        exercise::generate(Topic::Kvm, Difficulty::Hard, 3).scenario
    );
    let o = atwalk(&[
        "exercise",
        "--topic",
        "kvm",
        "--difficulty",
        "3",
        "--seed",
        "3",
        "--json",
        "--answer",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["answer"]["path"], "slow");
    assert_eq!(v["answer"]["par"], "0x000000000000080b");
    // Any scenario as an exercise: its explanation is not shown.
    let o = atwalk(&[
        "exercise",
        "--from",
        "presets/faults/permission.json",
        "--query",
        "1",
        "--answer",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("Exercise\n"), "{text}");
    assert!(
        text.contains("Answer: a Permission fault, level 3 (PAR_EL1 = 0x000000000000081f).\n"),
        "{text}"
    );
    for bad in [
        &["exercise", "--topic", "nope", "--seed", "1"][..],
        &["exercise", "--topic", "faults"],
        &["exercise", "--topic", "faults", "--seed", "x"],
        &[
            "exercise",
            "--topic",
            "faults",
            "--seed",
            "1",
            "--difficulty",
            "4",
        ],
        &[
            "exercise",
            "--from",
            "presets/faults/permission.json",
            "--query",
            "5",
        ],
    ] {
        assert_eq!(atwalk(bad).status.code(), Some(2), "{bad:?}");
    }
}

#[test]
fn presets_lists_every_chapter_and_preset() {
    let o = atwalk(&["presets"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    let chapters = text.lines().filter(|l| !l.starts_with(' ')).count();
    assert_eq!(chapters, atwalk_teach::presets::chapters().len());
    let presets = text.lines().filter(|l| l.starts_with("  ")).count();
    assert_eq!(presets, atwalk_teach::presets::all().count());
    assert!(text.contains(
        "  faults/3       faults/permission              presets/faults/permission.json"
    ));
    assert_eq!(atwalk(&["presets", "x"]).status.code(), Some(2));
}
