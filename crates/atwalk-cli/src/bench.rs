//! `atwalk bench`: what one evaluation of a 4-level walk costs, with its
//! full trace and without, with stage 2 off and on.
//!
//! Run it optimized: `cargo run --release --bin atwalk -- bench` (the
//! release profile is opt-level 3; the wasm app has its own size-optimized
//! `wasm-release` profile, which `--profile wasm-release` measures natively).
//!
//! Two scenarios are built in memory:
//!
//! - a 4KB stage 1 walk with T0SZ = 16 (start level 0) through four tables
//!   to a page, with stage 2 off: four descriptor reads;
//! - the same with HCR_EL2.VM = 1 and a 4-level 4KB stage 2 (VTCR_EL2.T0SZ
//!   = 16, SL0 = 0b10), so each of the four stage 1 table reads first walks
//!   four stage 2 tables: twenty descriptor reads.
//!
//! Each is measured as `atwalk_core::eval::evaluate` (the whole public
//! entry point: memory view, the architectural walk, KVM's fast path and
//! decision, the result) with `EvalOptions { trace: true }` and `false`;
//! then the parts: the architectural walk `at::at_hw` into a fresh `Vec`
//! of steps and into `NoTrace`, and `kvm::fast_path` with the merged
//! decision. A measurement runs a calibrated number of iterations per batch
//! (about `--batch-ms`), one batch to warm up, then `--batches` batches,
//! and reports the median and the minimum nanoseconds per evaluation.

use std::hint::black_box;
use std::time::{Duration, Instant};

use atwalk_core::at::{AtOp, AtOutcome, at_hw};
use atwalk_core::eval::{EvalOptions, evaluate};
use atwalk_core::kvm::{self, KvmLogic};
use atwalk_core::machine::{Machine, Regs};
use atwalk_core::memory::GuestMemory;
use atwalk_core::regs::ParEl1;
use atwalk_core::scenario::{Cpu, KvmHost, Query, RamRange, Scenario, ShadowS2};
use atwalk_core::trace::{NoTrace, Step, StepKind};

/// The usage text of `atwalk bench --help`.
const USAGE: &str = "\
Usage: atwalk bench [--batches N] [--batch-ms MS] [--only TEXT]

Times one evaluation of a 4-level 4KB walk to a page, with and without its
trace, with stage 2 off and on (a 4-level stage 2 under each table read).
Prints the median and minimum ns per evaluation over N batches (default 20)
of about MS milliseconds each (default 20), after one warm-up batch.
--only TEXT runs only the rows whose scenario or description contains TEXT
(for a profiler: --only \"no stage 2 evaluate(), trace: true\").
Build it optimized: cargo run --release --bin atwalk -- bench
";

/// The VA every query translates: index 1 at level 0, 2 at level 1, 3 at
/// level 2, 4 at level 3, page offset 0x567.
const VA: u64 = (1 << 39) | (2 << 30) | (3 << 21) | (4 << 12) | 0x567;
/// The page the walk ends in.
const PAGE: u64 = 0x8000_0000;
/// Stage 1 tables, level 0 to 3, 4 KiB apart.
const S1_TABLES: u64 = 0x4000_0000;
/// Stage 2 tables, level 0 to 3.
const S2_TABLES: u64 = 0x5000_0000;
/// TCR_EL1: T0SZ = 16, TG0 = 4KB, IPS = 48 bits, EPD1 = 1.
const TCR: u64 = 16 | (1 << 23) | (0b101 << 32);
/// SCTLR_EL1: M and C.
const SCTLR: u64 = 0b101;
/// MAIR_EL1: Attr0 Normal Write-Back, Attr1 Device-nGnRE.
const MAIR: u64 = 0x04ff;
/// VTCR_EL2: T0SZ = 16, SL0 = 0b10 (start level 0), TG0 = 4KB, PS = 48 bits.
const VTCR: u64 = 16 | (0b10 << 6) | (0b101 << 16);

/// A table descriptor pointing at `next`.
const fn table(next: u64) -> u64 {
    next | 0b11
}

/// The two scenarios: a 4-level walk, without and with stage 2.
fn scenario(stage2: bool) -> Scenario {
    let mut memory = std::collections::BTreeMap::new();
    // Stage 1: level l's table at S1_TABLES + l * 4K, entry index l + 1.
    for level in 0..3u64 {
        let at = S1_TABLES + level * 0x1000 + (level + 1) * 8;
        memory.insert(at, table(S1_TABLES + (level + 1) * 0x1000));
    }
    // The page: AF, Inner Shareable, AP = 0b01 (EL1 and EL0 read/write), Attr0.
    let page = PAGE | (1 << 10) | (0b11 << 8) | (0b01 << 6) | 0b11;
    memory.insert(S1_TABLES + 3 * 0x1000 + 4 * 8, page);
    if stage2 {
        // The stage 1 tables' IPAs 0x4000_0000..0x4000_3fff: index 0 at
        // level 0, 1 at level 1, 0 at level 2, 0..3 at level 3.
        memory.insert(S2_TABLES, table(S2_TABLES + 0x1000));
        memory.insert(S2_TABLES + 0x1000 + 8, table(S2_TABLES + 0x2000));
        memory.insert(S2_TABLES + 0x2000, table(S2_TABLES + 0x3000));
        for i in 0..4 {
            // Identity pages: AF, Inner Shareable, S2AP read/write, Normal Write-Back.
            let ipa = S1_TABLES + i * 0x1000;
            let s2_page = ipa | (1 << 10) | (0b11 << 8) | (0b11 << 6) | (0b1111 << 2) | 0b11;
            memory.insert(S2_TABLES + 0x3000 + i * 8, s2_page);
        }
    }
    Scenario {
        title: String::new(),
        notes: String::new(),
        cpu: Cpu {
            tcr_el1: TCR,
            ttbr0_el1: S1_TABLES,
            ttbr1_el1: 0,
            mair_el1: MAIR,
            sctlr_el1: SCTLR,
            hcr_el2: u64::from(stage2),
            vtcr_el2: if stage2 { VTCR } else { 0 },
            vttbr_el2: if stage2 { S2_TABLES } else { 0 },
            pstate_pan: false,
        },
        memory: memory.into(),
        ram: Some(vec![RamRange {
            base: 0x4000_0000,
            size: 0x4000_0000,
        }]),
        kvm: KvmHost::default(),
        features: None,
        pa_bits: None,
        queries: vec![Query {
            op: AtOp::S1E1R,
            va: VA,
            expect: None,
        }],
    }
}

/// The PAR_EL1 both scenarios must give: PA, ATTR 0xff, Inner Shareable,
/// NS, RES1.
const EXPECTED_PAR: u64 = (0xff << 56) | PAGE | (1 << 11) | (1 << 9) | (0b11 << 7);

/// Steps in a trace, the stage 2 walks' included.
fn count_steps(steps: &[Step]) -> usize {
    steps
        .iter()
        .map(|s| match &s.kind {
            StepKind::Stage2 { steps, .. } => 1 + count_steps(steps),
            _ => 1,
        })
        .sum()
}

/// Descriptor reads in a trace, the stage 2 walks' included.
fn count_reads(steps: &[Step]) -> usize {
    steps
        .iter()
        .map(|s| match &s.kind {
            StepKind::Read { .. } => 1,
            StepKind::Stage2 { steps, .. } => count_reads(steps),
            _ => 0,
        })
        .sum()
}

/// Nanoseconds per call of `f`: median and minimum over the batches.
struct Timing {
    median: f64,
    min: f64,
}

fn measure(batches: usize, batch: Duration, mut f: impl FnMut()) -> Timing {
    // Calibrate: double the count until one batch takes `batch`.
    let mut n: u64 = 1;
    loop {
        let t = Instant::now();
        for _ in 0..n {
            f();
        }
        let e = t.elapsed();
        if e >= batch || n >= 1 << 40 {
            let scale = batch.as_secs_f64() / e.as_secs_f64().max(1e-9);
            n = ((n as f64 * scale) as u64).max(1);
            break;
        }
        n *= 2;
    }
    // One warm-up batch, then the measured ones.
    let mut ns: Vec<f64> = (0..=batches)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..n {
                f();
            }
            t.elapsed().as_nanos() as f64 / n as f64
        })
        .skip(1)
        .collect();
    ns.sort_by(f64::total_cmp);
    Timing {
        median: ns[ns.len() / 2],
        min: ns[0],
    }
}

/// What `atwalk bench` was asked for.
struct Args {
    batches: usize,
    batch: Duration,
    only: Option<String>,
}

/// Parses the arguments, or returns the exit status.
fn parse_args(args: &[String]) -> Result<Args, i32> {
    let mut batches = 20usize;
    let mut batch_ms = 20u64;
    let mut only = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => {
                print!("{USAGE}");
                return Err(0);
            }
            "--only" => {
                let Some(v) = it.next() else {
                    return Err(crate::usage_error("bench: --only needs a text"));
                };
                only = Some(v.clone());
            }
            "--batches" | "--batch-ms" => {
                let Some(v) = it.next().and_then(|v| v.parse::<u64>().ok()) else {
                    return Err(crate::usage_error(&format!(
                        "bench: {a} needs a whole number"
                    )));
                };
                if v == 0 || v > 1_000_000 {
                    return Err(crate::usage_error(&format!(
                        "bench: {a} {v} is out of range (1 to 1000000)"
                    )));
                }
                if a == "--batches" {
                    batches = v as usize;
                } else {
                    batch_ms = v;
                }
            }
            other => {
                return Err(crate::usage_error(&format!(
                    "bench: unknown argument {other:?}"
                )));
            }
        }
    }
    Ok(Args {
        batches,
        batch: Duration::from_millis(batch_ms),
        only,
    })
}

/// Runs `atwalk bench` with the arguments after `bench`; returns the exit
/// status.
pub fn run(args: &[String]) -> i32 {
    let Args {
        batches,
        batch,
        only,
    } = match parse_args(args) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let nproc = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "atwalk bench: nproc {nproc}, {} build, {batches} batches of ~{} ms after a warm-up",
        if cfg!(debug_assertions) {
            "DEBUG (not representative; use --release)"
        } else {
            "optimized"
        },
        batch.as_millis()
    );
    println!(
        "{:<22} {:<38} {:>5} {:>5} {:>10} {:>10}",
        "scenario", "measured", "steps", "reads", "median ns", "min ns"
    );
    const TRACE: EvalOptions = EvalOptions {
        kvm: KvmLogic::Merged,
        trace: true,
    };
    const NO_TRACE: EvalOptions = EvalOptions {
        kvm: KvmLogic::Merged,
        trace: false,
    };
    for stage2 in [false, true] {
        let s = scenario(stage2);
        let name = if stage2 {
            "4-level, stage 2 on"
        } else {
            "4-level, no stage 2"
        };
        // Check the scenario does what it says before timing it.
        let check = evaluate(&s, &TRACE);
        let r = &check.results[0];
        if r.hw.par() != Some(ParEl1(EXPECTED_PAR)) || r.par != ParEl1(EXPECTED_PAR) {
            eprintln!(
                "atwalk: bench: {name}: expected PAR 0x{EXPECTED_PAR:016x}, got {:?} (KVM 0x{:016x})",
                r.hw, r.par
            );
            return 1;
        }
        let (steps, reads) = (count_steps(&r.trace), count_reads(&r.trace));

        let mem = GuestMemory::new(&s.memory, s.ram.as_deref());
        let m = Machine {
            regs: Regs::from(&s.cpu),
            cpu: s.cpu_model(),
            mem: &mem,
        };
        let shadow = ShadowS2::All;
        type Row<'a> = (&'static str, bool, Box<dyn FnMut() + 'a>);
        let rows: Vec<Row<'_>> = vec![
            (
                "evaluate(), trace: true",
                true,
                Box::new(|| {
                    black_box(evaluate(black_box(&s), &TRACE));
                }),
            ),
            (
                "evaluate(), trace: false",
                false,
                Box::new(|| {
                    black_box(evaluate(black_box(&s), &NO_TRACE));
                }),
            ),
            (
                "walk only: at_hw() into Vec<Step>",
                true,
                Box::new(|| {
                    let mut trace = Vec::new();
                    let out = at_hw(black_box(&m), AtOp::S1E1R, black_box(VA), &mut trace);
                    black_box((out, trace));
                }),
            ),
            (
                "walk only: at_hw() into NoTrace",
                false,
                Box::new(|| {
                    let out: AtOutcome =
                        at_hw(black_box(&m), AtOp::S1E1R, black_box(VA), &mut NoTrace);
                    black_box(out);
                }),
            ),
            (
                "KVM fast_path() + merged decision",
                false,
                Box::new(|| {
                    let par = kvm::fast_path(
                        black_box(&m),
                        AtOp::S1E1R,
                        black_box(VA),
                        black_box(&shadow),
                        true,
                    );
                    black_box(kvm::merged_keeps_fast(par));
                }),
            ),
        ];
        for (what, traced, mut f) in rows {
            if only
                .as_ref()
                .is_some_and(|o| !format!("{name} {what}").contains(o.as_str()))
            {
                continue;
            }
            let t = measure(batches, batch, &mut f);
            let steps = if traced {
                steps.to_string()
            } else {
                "-".into()
            };
            println!(
                "{name:<22} {what:<38} {steps:>5} {reads:>5} {:>10.1} {:>10.1}",
                t.median, t.min
            );
        }
    }
    0
}
