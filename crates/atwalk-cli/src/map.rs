//! `atwalk map [--json] FILE`: every mapping the scenario's tables define,
//! one row per contiguous region, as atwalk-teach's map draws it (the same
//! table the app shows).

use std::ffi::OsString;

use atwalk_teach::map;

use crate::scenario_file::{load, print};
use crate::usage_error;

/// Runs `atwalk map` with the arguments after `map`; returns the exit status.
pub fn run(args: &[OsString]) -> i32 {
    let mut json = false;
    let mut files = Vec::new();
    for a in args {
        match a.to_str() {
            Some("--json") => json = true,
            Some(s) if s.starts_with("--") => {
                return usage_error(&format!("map: unknown option {s:?}"));
            }
            _ => files.push(a),
        }
    }
    let [file] = files.as_slice() else {
        return usage_error("map: give exactly one FILE");
    };
    let s = match load(file) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let m = map::map(&s);
    if json {
        for n in &m.notes {
            eprintln!("atwalk: {}: note: {}", file.to_string_lossy(), n.text);
        }
        if m.truncated {
            eprintln!(
                "atwalk: {}: note: the map is incomplete",
                file.to_string_lossy()
            );
        }
        print(&map::to_json(&m))
    } else {
        print(&map::to_text(&m))
    }
}
