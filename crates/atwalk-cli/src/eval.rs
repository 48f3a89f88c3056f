//! `atwalk eval`: at-scenario/1 files in, one at-result/1 line per file out.

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};

use atwalk_core::eval::{EvalOptions, HwOutcome, QueryResult, evaluate_with};
use atwalk_core::kvm::{FastPathPan, KvmLogic, KvmModel};
use atwalk_core::scenario::Scenario;

/// Files larger than this are refused unread (the largest legal scenario,
/// a million memory words, is about 40 MB).
const MAX_FILE_BYTES: u64 = 256 << 20;

/// What `atwalk eval` was asked to do.
struct Args {
    opts: EvalOptions,
    model: KvmModel,
    files: Vec<OsString>,
}

/// Parses the arguments after `eval`: options anywhere before `--`.
fn parse_args(args: &[OsString]) -> Result<Args, String> {
    let mut opts = EvalOptions {
        kvm: KvmLogic::Merged,
        trace: false,
    };
    let mut model = KvmModel::default();
    let mut files = Vec::new();
    let mut it = args.iter();
    let mut options_done = false;
    while let Some(arg) = it.next() {
        let text = arg.to_str().unwrap_or("");
        if options_done || text == "-" || !text.starts_with('-') {
            files.push(arg.clone());
            continue;
        }
        match text {
            "--" => options_done = true,
            "--trace" => opts.trace = true,
            "--kvm" => {
                let value = it.next().ok_or("--kvm needs a value: merged or v1")?;
                opts.kvm = kvm_logic(value.to_str().unwrap_or(""))?;
            }
            _ if text.starts_with("--kvm=") => opts.kvm = kvm_logic(&text["--kvm=".len()..])?,
            "--fast-path-pan" => {
                let value = it
                    .next()
                    .ok_or("--fast-path-pan needs a value: as-merged or intended")?;
                model.fast_path_pan = fast_path_pan(value.to_str().unwrap_or(""))?;
            }
            _ if text.starts_with("--fast-path-pan=") => {
                model.fast_path_pan = fast_path_pan(&text["--fast-path-pan=".len()..])?;
            }
            _ => return Err(format!("eval: unknown option {text:?}")),
        }
    }
    if files.is_empty() {
        return Err("eval: no files given".into());
    }
    Ok(Args { opts, model, files })
}

/// Parses a `--fast-path-pan` value.
pub(crate) fn fast_path_pan(name: &str) -> Result<FastPathPan, String> {
    match name {
        "as-merged" => Ok(FastPathPan::AsMerged),
        "intended" => Ok(FastPathPan::Intended),
        _ => Err(format!(
            "--fast-path-pan takes as-merged or intended, not {name:?}"
        )),
    }
}

fn kvm_logic(name: &str) -> Result<KvmLogic, String> {
    match name {
        "merged" => Ok(KvmLogic::Merged),
        "v1" => Ok(KvmLogic::V1),
        _ => Err(format!("--kvm takes merged or v1, not {name:?}")),
    }
}

/// Runs `atwalk eval` with the arguments after `eval`; returns the exit
/// status: 0 all good, 1 an expectation not met, 2 a bad file or usage.
pub fn run(args: &[OsString]) -> i32 {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{}", crate::USAGE);
        return 0;
    }
    let args = match parse_args(args) {
        Ok(a) => a,
        Err(e) => return crate::usage_error(&e),
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut buf = Vec::new();
    let mut line = String::new();
    let mut status = 0;
    for file in &args.files {
        let name = file.to_string_lossy();
        let Some(scenario) = load_or_report(file, &mut buf, &mut out) else {
            status = 2;
            continue;
        };
        let evaluation = evaluate_with(&scenario, &args.opts, args.model);
        line.clear();
        let all_met = write_result(
            &mut line,
            &name,
            &scenario,
            &evaluation.results,
            args.opts.trace,
        );
        if !all_met && status == 0 {
            status = 1;
        }
        if let Err(e) = out.write_all(line.as_bytes()) {
            return stdout_failed(&e);
        }
    }
    if let Err(e) = out.flush() {
        return stdout_failed(&e);
    }
    status
}

pub(crate) fn stdout_failed(e: &io::Error) -> i32 {
    // A closed pipe (`atwalk eval ... | head`) is the reader's choice: quiet.
    if e.kind() != io::ErrorKind::BrokenPipe {
        eprintln!("atwalk: standard output: {e}");
    }
    2
}

/// Reads `file` (`-`: standard input) into `buf` as UTF-8 text.
/// Reads and parses one scenario file; a bad one is reported on stderr as
/// `atwalk: FILE: FIELD: MESSAGE` (after flushing `out`, so that a terminal
/// shows lines in order) and gives `None`.
pub(crate) fn load_or_report(
    file: &OsStr,
    buf: &mut Vec<u8>,
    out: &mut impl Write,
) -> Option<Scenario> {
    let loaded =
        read_file(file, buf).and_then(|text| Scenario::from_json(text).map_err(|e| e.to_string()));
    match loaded {
        Ok(s) => Some(s),
        Err(e) => {
            let _ = out.flush();
            eprintln!("atwalk: {}: {e}", file.to_string_lossy());
            None
        }
    }
}

pub(crate) fn read_file<'b>(file: &OsStr, buf: &'b mut Vec<u8>) -> Result<&'b str, String> {
    buf.clear();
    let read = if file == "-" {
        io::stdin().lock().take(MAX_FILE_BYTES + 1).read_to_end(buf)
    } else {
        File::open(file).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(buf))
    };
    read.map_err(|e| e.to_string())?;
    if buf.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "larger than {} MiB, the most a scenario file may be",
            MAX_FILE_BYTES >> 20
        ));
    }
    std::str::from_utf8(buf)
        .map_err(|e| format!("not UTF-8 text: invalid byte at offset {}", e.valid_up_to()))
}

/// Appends one at-result/1 line; returns whether every `expect` was met.
fn write_result(
    o: &mut String,
    file: &str,
    s: &Scenario,
    results: &[QueryResult],
    trace: bool,
) -> bool {
    let mut all_met = true;
    o.push_str("{\"format\":\"at-result/1\",\"file\":");
    o.push_str(&json_string(file));
    o.push_str(",\"results\":[");
    for (i, r) in results.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"op\":\"");
        o.push_str(r.op.name());
        o.push_str("\",\"va\":");
        push_hex16(o, r.va);
        o.push_str(",\"par\":");
        push_hex16(o, r.par);
        o.push_str(",\"path\":\"");
        o.push_str(r.path.name());
        o.push_str("\",");
        match r.hw {
            HwOutcome::Par(v) => {
                o.push_str("\"hw_par\":");
                push_hex16(o, v);
            }
            HwOutcome::Abort { dfsc } => {
                let _ = write!(
                    o,
                    "\"hw_par\":null,\"hw_abort\":{{\"dfsc\":\"0x{dfsc:02x}\"}}"
                );
            }
            // Not in scenario-format.md yet: the op is UNDEFINED on the
            // modelled CPU (it lacks the feature), so nothing is written.
            HwOutcome::Undefined { feature } => {
                let _ = write!(
                    o,
                    "\"hw_par\":null,\"hw_undefined\":{{\"feature\":\"{}\"}}",
                    feature.name()
                );
            }
        }
        if let Some(expect) = s.queries.get(i).and_then(|q| q.expect) {
            let mismatches = r.mismatches(&expect);
            if mismatches.is_empty() {
                o.push_str(",\"expect_ok\":true");
            } else {
                all_met = false;
                o.push_str(",\"expect_ok\":false,\"expect_mismatch\":");
                o.push_str(&json_string(&mismatches.join("; ")));
            }
        }
        if trace {
            o.push_str(",\"trace\":");
            // Serializing the trace to a String cannot fail: its types are
            // plain data with string keys.
            // Each step with its sentence and Arm ARM citation (Step::explained()).
            let steps: Vec<_> = r.trace.iter().map(|s| s.explained()).collect();
            o.push_str(
                &serde_json::to_string(&steps).unwrap_or_else(|e| json_string(&e.to_string())),
            );
            o.push_str(",\"kvm_trace\":");
            let kvm: Vec<_> = r.kvm_trace.steps.iter().map(|s| s.explained()).collect();
            o.push_str(
                &serde_json::to_string(&kvm).unwrap_or_else(|e| json_string(&e.to_string())),
            );
        }
        o.push('}');
    }
    o.push_str("]}\n");
    all_met
}

/// Appends `"0x%016x"` (a quoted 64-bit value), without core::fmt: every
/// result has three.
fn push_hex16(o: &mut String, v: u64) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = *b"\"0x0000000000000000\"";
    for (i, c) in text[3..19].iter_mut().enumerate() {
        *c = DIGITS[((v >> (60 - 4 * i)) & 0xf) as usize];
    }
    // Cannot fail: ASCII.
    o.push_str(std::str::from_utf8(&text).unwrap_or_default());
}

/// A JSON string literal.
pub(crate) fn json_string(s: &str) -> String {
    // Serializing a str cannot fail.
    serde_json::to_string(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::push_hex16;

    #[test]
    fn hex16_is_format_016x_quoted() {
        for v in [0, 1, 0x80, 0xdead_beef, 0x0123_4567_89ab_cdef, u64::MAX] {
            let mut o = String::from("x");
            push_hex16(&mut o, v);
            assert_eq!(o, format!("x\"0x{v:016x}\""));
        }
    }
}
