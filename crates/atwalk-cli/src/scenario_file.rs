//! Reading one scenario file for the teaching commands (`map`, `figure`,
//! `exercise --from`): the same limits and messages as `atwalk eval`
//! (`atwalk: FILE: FIELD: MESSAGE` on standard error, exit status 2).

use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, Read, Write};

use atwalk_core::scenario::Scenario;

/// The largest file read, as `atwalk eval`'s limit.
const MAX_FILE_BYTES: u64 = 256 << 20;

/// Reads and loads `file` (`-`: standard input); on failure reports it on
/// standard error and returns exit status 2.
pub(crate) fn load(file: &OsStr) -> Result<Scenario, i32> {
    let name = file.to_string_lossy();
    let mut buf = Vec::new();
    let read = if file == "-" {
        io::stdin()
            .lock()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut buf)
    } else {
        File::open(file).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut buf))
    };
    let text = match read {
        Err(e) => Err(e.to_string()),
        Ok(_) if buf.len() as u64 > MAX_FILE_BYTES => Err(format!(
            "larger than {} MiB, the most a scenario file may be",
            MAX_FILE_BYTES >> 20
        )),
        Ok(_) => std::str::from_utf8(&buf)
            .map_err(|e| format!("not UTF-8 text: invalid byte at offset {}", e.valid_up_to())),
    };
    text.and_then(|t| Scenario::from_json(t).map_err(|e| e.to_string()))
        .map_err(|e| {
            eprintln!("atwalk: {name}: {e}");
            2
        })
}

/// Writes `text` to standard output; a closed pipe is quiet, another error
/// is reported. Returns the exit status.
pub(crate) fn print(text: &str) -> i32 {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 2,
        Err(e) => {
            eprintln!("atwalk: standard output: {e}");
            2
        }
    }
}
