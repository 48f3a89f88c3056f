//! `atwalk compare`: every query under both of KVM's decision logics, the
//! merged one and v1 as first posted, to show the review's point: v1 walks
//! the tables in software after a successful hardware walk; and every
//! query through the modelled Linux releases (`releases`: one entry per
//! distinct PAR and path, the releases grouped, with the first step where
//! each group's trace parts from the newest release's: `step N: ...`, or
//! `step N, walk step M: ...` inside a walk phase both traces run).
//!
//! Output: one JSON line per file, then one line with the totals:
//!
//! ```text
//! {"format":"at-compare/1","file":"F","results":[{"op":"S1E1R","va":"0x...",
//!   "merged":{"par":"0x...","path":"fast","slow_walks":0,"hw_ats":1},
//!   "v1":{"par":"0x...","path":"slow","slow_walks":1,"hw_ats":1},"same_par":true,
//!   "releases":[{"releases":["v6.12",...],"par":"0x...","path":"slow","parts_at":"step 7: ..."},
//!               {"releases":["v6.16","v6.17"],"par":"0x...","path":"fast","parts_at":null}]}]}
//! {"format":"at-compare/1","total":{"files":1,"queries":1,
//!   "merged":{"slow_walks":0,"fast":1,"slow":0},"v1":{"slow_walks":1,"fast":0,"slow":1},
//!   "par_differs":0}}
//! ```

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};

use atwalk_core::eval::{EvalOptions, QueryResult, evaluate_with};
use atwalk_core::kvm::{KvmLogic, KvmModel, KvmPath};
use atwalk_core::release_matrix::release_matrix;

use crate::eval::{fast_path_pan, load_or_report, stdout_failed};
use crate::result::json_string;

#[derive(Default)]
struct Tally {
    slow_walks: u64,
    fast: u64,
    slow: u64,
}

impl Tally {
    fn add(&mut self, r: &QueryResult) {
        self.slow_walks += u64::from(r.slow_walks);
        match r.path {
            KvmPath::Fast => self.fast += 1,
            KvmPath::Slow => self.slow += 1,
        }
    }

    fn json(&self) -> String {
        format!(
            "{{\"slow_walks\":{},\"fast\":{},\"slow\":{}}}",
            self.slow_walks, self.fast, self.slow
        )
    }
}

fn one(r: &QueryResult) -> String {
    format!(
        "{{\"par\":\"0x{:016x}\",\"path\":\"{}\",\"slow_walks\":{},\"hw_ats\":{}}}",
        r.par,
        r.path.name(),
        r.slow_walks,
        r.hw_ats
    )
}

/// Runs `atwalk compare` with the arguments after `compare`; returns the
/// exit status: 0 all files read, 2 a bad file or usage.
pub fn run(args: &[OsString]) -> i32 {
    let mut model = KvmModel::default();
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let text = arg.to_str().unwrap_or("");
        match text {
            "-h" | "--help" => {
                print!("{}", crate::USAGE);
                return 0;
            }
            "--fast-path-pan" => {
                let Some(v) = it.next() else {
                    return crate::usage_error(
                        "--fast-path-pan needs a value: as-merged or intended",
                    );
                };
                match fast_path_pan(v.to_str().unwrap_or("")) {
                    Ok(p) => model.fast_path_pan = p,
                    Err(e) => return crate::usage_error(&e),
                }
            }
            _ if text.starts_with("--fast-path-pan=") => {
                match fast_path_pan(&text["--fast-path-pan=".len()..]) {
                    Ok(p) => model.fast_path_pan = p,
                    Err(e) => return crate::usage_error(&e),
                }
            }
            _ if text.starts_with('-') && text != "-" => {
                return crate::usage_error(&format!("compare: unknown option {text:?}"));
            }
            _ => files.push(arg.clone()),
        }
    }
    if files.is_empty() {
        return crate::usage_error("compare: no files given");
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut buf = Vec::new();
    let (mut merged_t, mut v1_t) = (Tally::default(), Tally::default());
    let (mut n_files, mut queries, mut differs) = (0u64, 0u64, 0u64);
    let mut status = 0;
    for file in &files {
        let name = file.to_string_lossy();
        let Some(s) = load_or_report(file, &mut buf, &mut out) else {
            status = 2;
            continue;
        };
        let opts = |kvm| EvalOptions { kvm, trace: false };
        let m = evaluate_with(&s, &opts(KvmLogic::Merged), model);
        let v = evaluate_with(&s, &opts(KvmLogic::V1), model);
        let matrix = release_matrix(&s, model);
        let mut line = String::from("{\"format\":\"at-compare/1\",\"file\":");
        line.push_str(&json_string(&name));
        line.push_str(",\"results\":[");
        for (i, (a, b)) in m.results.iter().zip(&v.results).enumerate() {
            if i > 0 {
                line.push(',');
            }
            let _ = write!(
                line,
                "{{\"op\":\"{}\",\"va\":\"0x{:016x}\",\"merged\":{},\"v1\":{},\"same_par\":{},\"releases\":{}}}",
                a.op.name(),
                a.va,
                one(a),
                one(b),
                a.par == b.par,
                serde_json::to_string(&matrix[i]).unwrap_or_else(|e| json_string(&e.to_string()))
            );
            merged_t.add(a);
            v1_t.add(b);
            queries += 1;
            differs += u64::from(a.par != b.par);
        }
        line.push_str("]}\n");
        n_files += 1;
        if let Err(e) = out.write_all(line.as_bytes()) {
            return stdout_failed(&e);
        }
    }
    let total = format!(
        "{{\"format\":\"at-compare/1\",\"total\":{{\"files\":{n_files},\"queries\":{queries},\"merged\":{},\"v1\":{},\"par_differs\":{differs}}}}}\n",
        merged_t.json(),
        v1_t.json()
    );
    if let Err(e) = out.write_all(total.as_bytes()).and_then(|()| out.flush()) {
        return stdout_failed(&e);
    }
    status
}
