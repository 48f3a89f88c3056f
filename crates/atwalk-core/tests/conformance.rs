//! Conformance: the walker core against real AT instructions.
//!
//! `tests/conformance/vectors-*.jsonl` hold at-scenario/1 scenarios (one per
//! line) whose queries carry `expect.hw_par`: the PAR_EL1 (or the Data
//! Abort) that `qemu-system-aarch64` 10.0.2 `-cpu max` gave for the same AT
//! instruction, recorded by `tools/conformance/run.py` (see
//! tools/conformance/README.md, which also says how to regenerate them).
//! This test needs no QEMU: it evaluates every scenario with the core and
//! compares the core's `hw` outcome with QEMU's on the architectural fields:
//!
//! - on a fault (PAR.F = 1): F, FST, S, PTW;
//! - on success (PAR.F = 0): F, PA (bits [51:12]), ATTR, SH;
//! - on a Data Abort: the DFSC.
//!
//! The other PAR bits are IMPLEMENTATION DEFINED, UNKNOWN or reserved; the
//! test counts how often they differ and prints it, but does not fail on
//! them (the README says which bits and why).
//!
//! Where QEMU is wrong, the vector is listed in `<vectors>.known` with the
//! reason, and the test checks that the core gives the architectural answer
//! for that reason instead (see [`Reason`]). The list is exact: a listed
//! vector that agrees again, a disagreement that is not listed, or a listed
//! one whose reason no longer fits, all fail. With
//! `ATWALK_CONFORMANCE_WRITE_KNOWN=1` the test rewrites the `.known` files
//! from what it finds (and still fails on anything unexplained).
//! `ATWALK_CONFORMANCE_VECTORS=a.jsonl:b.jsonl` checks other vector files
//! (for example a larger run made with run.py) instead of the committed ones.
//!
//! The comparison, the reasons and their checks: conformance_support/
//! (mod.rs, reasons.rs, checks.rs).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use atwalk_core::eval::{EvalOptions, evaluate};
use atwalk_core::scenario::Scenario;

mod conformance_support;
use conformance_support::*;

// ---------------------------------------------------------------------------

fn vector_files() -> Vec<PathBuf> {
    if let Ok(list) = std::env::var("ATWALK_CONFORMANCE_VECTORS") {
        return list
            .split(':')
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .collect();
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "jsonl")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("vectors-"))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no tests/conformance/vectors-*.jsonl");
    files
}

fn known_path(vectors: &Path) -> PathBuf {
    vectors.with_extension("known")
}

/// `scenario query reason` lines; `#` starts a comment.
fn read_known(path: &Path) -> BTreeMap<(usize, usize), Reason> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap().trim();
        if line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        let bad = || {
            panic!(
                "{}:{}: expected `SCENARIO QUERY REASON`",
                path.display(),
                n + 1
            )
        };
        if f.len() != 3 {
            bad();
        }
        let (Ok(i), Ok(j), Some(r)) = (f[0].parse(), f[1].parse(), Reason::from_id(f[2])) else {
            bad()
        };
        out.insert((i, j), r);
    }
    out
}

fn write_known(path: &Path, vectors: &Path, found: &BTreeMap<(usize, usize), Reason>) {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "# Vectors of {} where QEMU 10.0.2 is not the architecture.\n\
         # SCENARIO (0-based line) QUERY (0-based) REASON; the reasons are\n\
         # explained in crates/atwalk-core/tests/conformance.rs and\n\
         # tools/conformance/README.md. Written by ATWALK_CONFORMANCE_WRITE_KNOWN=1.",
        vectors.file_name().unwrap().to_string_lossy()
    );
    for ((i, j), r) in found {
        let _ = writeln!(text, "{i} {j} {}", r.id());
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Counts of differences in the bits the comparison leaves out.
#[derive(Default)]
struct Ignored {
    ok_ns: usize,
    ok_bit10: usize,
    ok_bit11: usize,
    ok_res0: usize,
    fault_impdef: usize,
    fault_other: usize,
}

#[test]
fn core_agrees_with_qemu_on_every_golden_vector() {
    let write = std::env::var_os("ATWALK_CONFORMANCE_WRITE_KNOWN").is_some();
    // ATWALK_CONFORMANCE_ALL=1: list every unexplained disagreement, not the first 20.
    let shown = if std::env::var_os("ATWALK_CONFORMANCE_ALL").is_some() {
        usize::MAX
    } else {
        20
    };
    let mut failures: Vec<String> = Vec::new();
    let mut report = String::new();
    for path in vector_files() {
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let scenarios: Vec<Scenario> = text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                Scenario::from_json(l)
                    .unwrap_or_else(|e| panic!("{} line {}: {e}", path.display(), i + 1))
            })
            .collect();
        let listed = read_known(&known_path(&path));

        let opts = EvalOptions {
            trace: false,
            ..Default::default()
        };
        let t0 = Instant::now();
        let evals: Vec<_> = scenarios.iter().map(|s| evaluate(s, &opts)).collect();
        let secs = t0.elapsed().as_secs_f64();

        let mut queries = 0usize;
        let mut agreed = 0usize;
        let mut ign = Ignored::default();
        let mut found: BTreeMap<(usize, usize), Reason> = BTreeMap::new();
        let mut unexplained: Vec<String> = Vec::new();
        for (i, (s, ev)) in scenarios.iter().zip(&evals).enumerate() {
            for (j, (q, r)) in s.queries.iter().zip(&ev.results).enumerate() {
                let Some(exp) = q.expect.and_then(|e| e.hw_par) else {
                    continue;
                };
                queries += 1;
                let qemu = qemu_outcome(exp);
                let core = core_outcome(r.hw);
                if agree(qemu, core) {
                    agreed += 1;
                    if let (Outcome::Par(a), Outcome::Par(b)) = (qemu, core) {
                        let d = a ^ b;
                        if a & F == 0 {
                            ign.ok_ns += (d >> 9 & 1) as usize;
                            ign.ok_bit10 += (d >> 10 & 1) as usize;
                            ign.ok_bit11 += (d >> 11 & 1) as usize;
                            ign.ok_res0 += (d & (0xf << 52 | 0x3f << 1) != 0) as usize;
                        } else {
                            ign.fault_impdef += (d >> 48 != 0) as usize;
                            ign.fault_other += (d & !FAULT_FIELDS & ((1 << 48) - 1) != 0) as usize;
                        }
                    }
                    if let Some(reason) = listed.get(&(i, j)) {
                        failures.push(format!(
                            "{} scenario {i} query {j}: listed as {} but the core now agrees with QEMU; remove it from {}",
                            path.display(),
                            reason.id(),
                            known_path(&path).display()
                        ));
                    }
                    continue;
                }
                // A disagreement: which known QEMU difference explains it?
                let traced = evaluate(
                    s,
                    &EvalOptions {
                        trace: true,
                        ..Default::default()
                    },
                );
                let tr = &traced.results[j];
                let head = format!(
                    "{} scenario {i} (\"{}\") query {j}: AT {} 0x{:016x}\n      QEMU: {}\n      core: {}",
                    path.file_name().unwrap().to_string_lossy(),
                    s.title,
                    q.op.name(),
                    q.va,
                    describe(qemu),
                    describe(core)
                );
                match (listed.get(&(i, j)), classify(s, tr, qemu)) {
                    (Some(&want), _) if !write => match check_reason(want, s, tr, qemu) {
                        Ok(()) => {
                            found.insert((i, j), want);
                        }
                        Err(why) => {
                            failures
                                .push(format!("{head}\n      listed as {} but: {why}", want.id()));
                        }
                    },
                    (_, Some(reason)) => {
                        found.insert((i, j), reason);
                        if !write {
                            failures.push(format!(
                                "{head}\n      not listed in {}; it fits the known QEMU difference {}",
                                known_path(&path).display(),
                                reason.id()
                            ));
                        }
                    }
                    (_, None) => unexplained.push(head),
                }
            }
        }
        if write {
            write_known(&known_path(&path), &path, &found);
        }
        let mut by_reason: BTreeMap<Reason, usize> = BTreeMap::new();
        for r in found.values() {
            *by_reason.entry(*r).or_default() += 1;
        }
        let _ = writeln!(
            report,
            "{}: {} scenarios, {queries} queries: {agreed} agree with QEMU on the architectural fields, \
             {} known QEMU differences, {} unexplained disagreements; core: {:.0} scenarios/s",
            path.display(),
            scenarios.len(),
            found.len(),
            unexplained.len(),
            scenarios.len() as f64 / secs.max(1e-9)
        );
        for (r, n) in &by_reason {
            let _ = writeln!(report, "    {n:5}  {}", r.id());
        }
        let _ = writeln!(
            report,
            "    bits left out of the comparison that differ (agreeing queries): success: NS {} bit10 {} bit11 {} RES0 {}; \
             fault: IMPDEF[63:48] {} other {}",
            ign.ok_ns, ign.ok_bit10, ign.ok_bit11, ign.ok_res0, ign.fault_impdef, ign.fault_other
        );
        if !unexplained.is_empty() {
            failures.push(format!(
                "{} unexplained disagreements in {} (first {}):\n  {}",
                unexplained.len(),
                path.display(),
                shown.min(unexplained.len()),
                unexplained
                    .iter()
                    .take(shown)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ));
        }
    }
    println!("{report}");
    if !failures.is_empty() {
        let n = failures.len();
        let shown: Vec<String> = failures.into_iter().take(25).collect();
        panic!(
            "{report}\n{n} conformance failures:\n  {}",
            shown.join("\n  ")
        );
    }
}
