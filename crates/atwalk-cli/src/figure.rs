//! `atwalk figure FILE [--query N] [--flow] [--kvm merged|v1] [--dark]`:
//! the walk of one query (or KVM's decision flowchart for it) as an SVG for
//! a 16:9 slide, on standard output; atwalk-teach draws it, the same figure
//! the app exports.

use std::ffi::OsString;

use atwalk_core::kvm::KvmLogic;
use atwalk_teach::figure::{self, Theme};

use crate::scenario_file::{load, print};
use crate::usage_error;

/// Runs `atwalk figure` with the arguments after `figure`; returns the exit status.
pub fn run(args: &[OsString]) -> i32 {
    let mut query = 0usize;
    let mut flow = false;
    let mut theme = Theme::Light;
    let mut logic = KvmLogic::Merged;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.to_str() {
            Some("--flow") => flow = true,
            Some("--dark") => theme = Theme::Dark,
            Some("--light") => theme = Theme::Light,
            Some("--query") => match it.next().and_then(|v| v.to_str()?.parse().ok()) {
                Some(n) => query = n,
                None => return usage_error("figure: --query needs a query number (from 0)"),
            },
            Some("--kvm") => match it.next().and_then(|v| v.to_str()) {
                Some("merged") => logic = KvmLogic::Merged,
                Some("v1") => logic = KvmLogic::V1,
                _ => return usage_error("figure: --kvm takes merged or v1"),
            },
            Some(s) if s.starts_with("--") => {
                return usage_error(&format!("figure: unknown option {s:?}"));
            }
            _ => files.push(a),
        }
    }
    let [file] = files.as_slice() else {
        return usage_error("figure: give exactly one FILE");
    };
    let s = match load(file) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let svg = if flow {
        figure::flow_svg(&s, query, logic, theme)
    } else {
        figure::walk_svg(&s, query, theme)
    };
    match svg {
        Ok(svg) => print(&svg),
        Err(e) => {
            eprintln!("atwalk: {}: {e}", file.to_string_lossy());
            2
        }
    }
}
