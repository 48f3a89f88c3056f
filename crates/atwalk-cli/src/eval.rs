//! `atwalk eval`: at-scenario/1 files in, one at-result/1 line per file out.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use atwalk_core::eval::{EvalOptions, evaluate_with};
use atwalk_core::kvm::{FastPathPan, KvmLogic, KvmModel, KvmRelease};
use atwalk_core::scenario::Scenario;

use crate::result::write_result;

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
                let value = it
                    .next()
                    .ok_or("--kvm needs a value: latest, merged, v1 or a release such as v6.12")?;
                (opts.kvm, model.release) = kvm_choice(value.to_str().unwrap_or(""))?;
            }
            _ if text.starts_with("--kvm=") => {
                (opts.kvm, model.release) = kvm_choice(&text["--kvm=".len()..])?;
            }
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

/// Parses a `--kvm` value: `latest` or `merged` (the default: a
/// scenario's `kvm.version`, else the newest modelled release), `v1` (the
/// posting the review discusses) or a modelled release tag (`v6.12`).
pub(crate) fn kvm_choice(name: &str) -> Result<(KvmLogic, Option<KvmRelease>), String> {
    match name {
        "latest" | "merged" => Ok((KvmLogic::Merged, None)),
        "v1" => Ok((KvmLogic::V1, None)),
        _ => KvmRelease::parse(name)
            .map(|r| (KvmLogic::Merged, Some(r)))
            .ok_or_else(|| {
                format!(
                    "--kvm takes latest, merged, v1 or a modelled release ({}), not {name:?}",
                    KvmRelease::tags()
                )
            }),
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
    let threads = worker_threads(&args.files);
    let written = if threads > 1 {
        run_parallel(&args, threads, &mut out)
    } else {
        run_serial(&args, &mut out)
    };
    match written.and_then(|status| out.flush().map(|()| status)) {
        Ok(status) => status,
        Err(e) => stdout_failed(&e),
    }
}

/// Files per block of work a thread takes at a time.
const BLOCK_FILES: usize = 32;
/// Blocks that may be evaluated ahead of the one being written, so that a
/// slow reader of standard output does not make evaluated lines pile up.
const BLOCKS_AHEAD: usize = 8;

/// How many threads evaluate the files: one per CPU this process may run on
/// (`taskset -c 0 atwalk eval ...` makes it one), at most 8, and one for
/// fewer than two blocks of files or when standard input (`-`) is among them.
fn worker_threads(files: &[OsString]) -> usize {
    if files.len() < 2 * BLOCK_FILES || files.iter().any(|f| f == "-") {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// Evaluated files, in order: their result lines one after the other in
/// `text`, and for each file the end of its line and whether its every
/// `expect` was met, or the message for a file that could not be read or
/// parsed.
#[derive(Default)]
struct Block {
    text: String,
    files: Vec<Result<(usize, bool), String>>,
}

impl Block {
    /// Reads and evaluates one file and appends its line (or its error).
    fn eval_file(&mut self, file: &OsStr, buf: &mut Vec<u8>, args: &Args) {
        let loaded = read_file(file, buf)
            .and_then(|text| Scenario::from_json(text).map_err(|e| e.to_string()));
        let outcome = match loaded {
            Ok(scenario) => {
                let evaluation = evaluate_with(&scenario, &args.opts, args.model);
                let all_met = write_result(
                    &mut self.text,
                    &file.to_string_lossy(),
                    &scenario,
                    &evaluation.results,
                    args.opts.trace,
                );
                Ok((self.text.len(), all_met))
            }
            Err(e) => Err(format!("atwalk: {}: {e}", file.to_string_lossy())),
        };
        self.files.push(outcome);
    }

    /// Writes the lines to `out` and the errors to standard error, in order
    /// (flushing `out` before an error, so that a terminal shows them in
    /// order), and folds each file's outcome into the exit `status`: 2 for a
    /// bad file, else 1 for an unmet expectation.
    fn write(&self, out: &mut impl Write, status: &mut i32) -> io::Result<()> {
        let mut start = 0;
        for outcome in &self.files {
            match outcome {
                Ok((end, all_met)) => {
                    if !all_met && *status == 0 {
                        *status = 1;
                    }
                    out.write_all(&self.text.as_bytes()[start..*end])?;
                    start = *end;
                }
                Err(message) => {
                    *status = 2;
                    let _ = out.flush();
                    eprintln!("{message}");
                }
            }
        }
        Ok(())
    }

    fn clear(&mut self) {
        self.text.clear();
        self.files.clear();
    }
}

/// Evaluates the files one after the other on this thread; returns the exit
/// status, or the error writing `out`.
fn run_serial(args: &Args, out: &mut impl Write) -> io::Result<i32> {
    let mut buf = Vec::new();
    let mut block = Block::default();
    let mut status = 0;
    for file in &args.files {
        block.clear();
        block.eval_file(file, &mut buf, args);
        block.write(out, &mut status)?;
    }
    Ok(status)
}

/// What the threads of `run_parallel` share.
struct Shared {
    state: Mutex<Progress>,
    /// A block was evaluated, or a thread stopped.
    evaluated: Condvar,
    /// A block was written, or the writer stopped.
    written: Condvar,
}

struct Progress {
    /// Evaluated blocks not yet written, by index.
    done: BTreeMap<usize, Block>,
    /// Written blocks, cleared, for the threads to fill again.
    spare: Vec<Block>,
    /// The index of the next block to write.
    next_to_write: usize,
    /// The writer gave up (standard output failed) or a thread panicked.
    stop: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Progress> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn stop(&self) {
        self.lock().stop = true;
        self.evaluated.notify_all();
        self.written.notify_all();
    }
}

/// Stops the others if its thread unwinds, so that none waits forever.
struct StopOnPanic<'a>(&'a Shared);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

/// Evaluates the files on `threads` threads, `BLOCK_FILES` at a time, and
/// writes the blocks in order from this thread: the same bytes on standard
/// output and error, in the same order, as `run_serial`.
fn run_parallel(args: &Args, threads: usize, out: &mut impl Write) -> io::Result<i32> {
    let blocks: Vec<&[OsString]> = args.files.chunks(BLOCK_FILES).collect();
    let next_block = AtomicUsize::new(0);
    let shared = Shared {
        state: Mutex::new(Progress {
            done: BTreeMap::new(),
            spare: Vec::new(),
            next_to_write: 0,
            stop: false,
        }),
        evaluated: Condvar::new(),
        written: Condvar::new(),
    };
    let worker = || {
        let _guard = StopOnPanic(&shared);
        let mut buf = Vec::new();
        loop {
            let i = next_block.fetch_add(1, Ordering::Relaxed);
            let Some(files) = blocks.get(i) else {
                return;
            };
            let mut block = {
                let mut state = shared.lock();
                while !state.stop && i >= state.next_to_write + BLOCKS_AHEAD {
                    state = shared
                        .written
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                if state.stop {
                    return;
                }
                state.spare.pop().unwrap_or_default()
            };
            for file in *files {
                block.eval_file(file, &mut buf, args);
            }
            shared.lock().done.insert(i, block);
            shared.evaluated.notify_one();
        }
    };
    std::thread::scope(|scope| {
        let _guard = StopOnPanic(&shared);
        for _ in 0..threads {
            scope.spawn(worker);
        }
        let mut status = 0;
        for i in 0..blocks.len() {
            let mut block = {
                let mut state = shared.lock();
                loop {
                    if let Some(block) = state.done.remove(&i) {
                        break block;
                    }
                    if state.stop {
                        // A thread panicked: the scope raises its panic again.
                        return Ok(status);
                    }
                    state = shared
                        .evaluated
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            };
            if let Err(e) = block.write(out, &mut status) {
                shared.stop();
                return Err(e);
            }
            block.clear();
            let mut state = shared.lock();
            state.spare.push(block);
            state.next_to_write = i + 1;
            drop(state);
            shared.written.notify_all();
        }
        Ok(status)
    })
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
