//! `atwalk presets`: the preset library, chapter by chapter, one line per
//! preset: its route (`faults/3`, for links to a lesson's step), its name
//! (`faults/permission`), its file under presets/ and its title.

use std::ffi::OsString;
use std::fmt::Write as _;

use atwalk_teach::presets;

use crate::scenario_file::print;
use crate::usage_error;

/// Runs `atwalk presets`; returns the exit status.
pub fn run(args: &[OsString]) -> i32 {
    if let Some(a) = args.first() {
        return usage_error(&format!(
            "presets: unexpected argument {:?}",
            a.to_string_lossy()
        ));
    }
    let mut o = String::new();
    for c in presets::chapters() {
        let _ = writeln!(
            o,
            "{}: {} ({} presets). {}",
            c.id,
            c.title,
            c.presets.len(),
            c.summary
        );
        for step in 1..=c.presets.len() {
            let p = presets::lesson(c.id, step).expect("an indexed preset");
            let _ = writeln!(
                o,
                "  {:<14} {:<30} presets/{:<38} {}",
                p.route(),
                p.name(),
                p.entry.file,
                p.scenario().title
            );
        }
    }
    print(&o)
}
