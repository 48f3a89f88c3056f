//! `atwalk`: the command-line side of atwalk.
//!
//! - `atwalk eval [--trace] [--kvm latest|merged|v1|vX.Y] FILE...` evaluates
//!   at-scenario/1 files and prints one at-result/1 JSON object per file.
//! - `atwalk compare FILE...` runs every query under KVM's merged and v1
//!   logics and reports both, per query and in total.
//! - `atwalk bench ...` benchmarks the walker.
//!
//! Arguments are parsed with std alone, to keep builds fast.

mod bench;
mod compare;
mod eval;
mod exercise;
mod figure;
mod map;
mod presets;
mod result;
mod scenario_file;

use std::ffi::OsString;
use std::process::ExitCode;

/// The usage text of `atwalk --help`.
const USAGE: &str = "\
atwalk: AArch64 address translation as KVM emulates AT for nested guests

Usage:
  atwalk eval [--trace] [--kvm latest|merged|v1|vX.Y] FILE...
  atwalk eval ... --fast-path-pan as-merged|intended FILE...
  atwalk compare [--fast-path-pan as-merged|intended] FILE...
  atwalk map [--json] FILE
  atwalk figure FILE [--query N] [--flow] [--kvm merged|v1] [--dark|--light]
  atwalk exercise --topic T [--difficulty D] --seed N [--answer] [--json]
  atwalk exercise --from FILE [--query N] [--kvm] [--answer] [--json]
  atwalk presets
  atwalk bench [ARGS...]
  atwalk --help | --version

eval    Reads each FILE (at-scenario/1; `-` is standard input), runs its
        queries and prints one compact at-result/1 JSON object per line on
        standard output, in the order given:
          {\"format\":\"at-result/1\",\"file\":\"FILE\",\"results\":[{\"op\":\"S1E1RP\",
           \"va\":\"0x...\",\"par\":\"0x...\",\"path\":\"fast\",\"hw_par\":\"0x...\"}]}
        Where hardware takes a Data Abort: \"hw_par\":null,\"hw_abort\":{\"dfsc\":\"0x15\"};
        where the op is UNDEFINED on the modelled CPU:
        \"hw_par\":null,\"hw_undefined\":{\"feature\":\"FEAT_ATS1A\"}.
        A query with \"expect\" adds \"expect_ok\" and, when false,
        \"expect_mismatch\". A bad file is reported on standard error as
        `atwalk: FILE: FIELD: MESSAGE` and the other files still run.
  --trace         add each query's step trace (\"trace\") and KVM's
                  decision trace (\"kvm_trace\") to its result, and to the
                  file's line the listed features the model does not use
                  (\"features_not_modelled\", only if there are any)
  --kvm KVM       which KVM answers: a Linux release from v6.12 to the
                  newest modelled (v6.12 ... v7.0), latest or merged
                  (the default: the scenario's kvm.version if it has one,
                  else the newest modelled release), or v1 (the July 2024
                  posting the review discusses)
  --fast-path-pan MODEL
                  the PSTATE.PAN the fast path's hardware AT S1E1RP/WP runs
                  with: as-merged (default; at.c @0090c0a247cd passes
                  cpsr & PSTATE_PAN = 0x80, so PAN is 0) or intended (the
                  guest hypervisor's PSTATE.PAN)
compare Runs every query of each FILE under both KVM logics (merged and
        v1) and prints one at-compare/1 JSON line per file (each query's
        PAR, path, software walks and hardware ATs under each logic, and
        \"releases\": the modelled Linux releases grouped by PAR and path,
        each group with the first step where it parts from the newest), then
        a line with the totals: how many software walks each logic did.
map     Every mapping FILE's tables define, one row per contiguous region
        (VA range, size, PA, level, kind, memory type, EL1 and EL0
        permissions, stage 2 applied when on), as the app's map shows it;
        --json prints an array of objects with numbers as hex strings.
figure  The walk of query N (default 0), or with --flow KVM's decision
        flowchart for it, as an SVG for a 16:9 slide on standard output
        (the figure the app exports); --dark for the dark theme.
exercise
        A predict-the-outcome exercise: generated from a topic (levels,
        faults, permissions, pan, stage2, kvm), a difficulty and a seed (the
        same exercise the app makes from them), or made from a scenario
        file; --answer adds the answer and the step that decides it.
presets The preset library, chapter by chapter: each preset's route
        (faults/3, for a lesson's link #lesson=faults/3), name, file, title.
bench   Benchmarks the walker.

Exit status: 0 all files read and every expectation met; 1 all files read
but some expectation not met; 2 a file could not be read or parsed, or a
usage error.
";

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let code = match cmd.to_str() {
        Some("eval") => eval::run(&args[1..]),
        Some("compare") => compare::run(&args[1..]),
        Some("map") => map::run(&args[1..]),
        Some("figure") => figure::run(&args[1..]),
        Some("exercise") => exercise::run(&args[1..]),
        Some("presets") => presets::run(&args[1..]),
        Some("bench") => match args[1..]
            .iter()
            .map(|a| a.clone().into_string())
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(rest) => bench::run(&rest),
            Err(bad) => usage_error(&format!("bench: argument {bad:?} is not UTF-8")),
        },
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            0
        }
        Some("-V" | "--version") => {
            println!("atwalk {}", env!("CARGO_PKG_VERSION"));
            0
        }
        _ => usage_error(&format!("unknown command {cmd:?}")),
    };
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}

/// Reports a usage error on standard error; returns exit status 2.
pub(crate) fn usage_error(message: &str) -> i32 {
    eprintln!("atwalk: {message}\nTry `atwalk --help`.");
    2
}
