//! The generators and checks of props.rs: the proptest configuration, a
//! case (registers, features, PA size, RAM, queries and descriptor recipes)
//! and where its queries' VAs go (this file); the register strategies
//! (`regs.rs`); features, PA size and RAM ranges (`platform.rs`); the memory
//! image built by following the walks (`image.rs`); and the checks of an
//! evaluated scenario against its trace (`check.rs`).

use std::collections::BTreeMap;

use atwalk_core::addr::mask;
use atwalk_core::at::AtOp;
use atwalk_core::at::AtOutcome;
use atwalk_core::eval::{EvalOptions, Evaluation, evaluate};
use atwalk_core::fault::{FaultKind, Stage};
use atwalk_core::features::{ArmFeature, Feature, PA_BITS_LEGAL};
use atwalk_core::kvm::KvmLogic;
use atwalk_core::regs::ParEl1;
use atwalk_core::scenario::{Cpu, KvmHost, Query, RamRange, Scenario};
use atwalk_core::trace::{Step, StepKind};
use proptest::prelude::*;

mod check;
mod image;
mod platform;
mod regs;

pub use check::*;
pub use image::*;
pub use platform::*;
pub use regs::*;

/// Cases per property unless `PROPTEST_CASES` says otherwise.
pub const DEFAULT_CASES: u32 = 2_000;

pub fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    ProptestConfig {
        cases,
        // Failures are reported with the shrunk case; no files written.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Where the generated tables live: sixteen 64 KiB-aligned slots (any
/// granule's table fits) in one RAM gigabyte, and now and then one high
/// enough to need 40, 48 or 52 bits of output address, or address 0.
pub fn pool(i: u8) -> u64 {
    const HIGH: [u64; 4] = [
        0x0000_00f0_0000_0000,
        0x0000_ff00_0000_0000,
        0x000f_0000_0001_0000,
        0x0,
    ];
    if i < 244 {
        0x4000_0000 + u64::from(i % 16) * 0x1_0000
    } else {
        HIGH[usize::from(i % 4)]
    }
}

/// The RAM that holds the low pool.
pub const POOL_RAM: RamRange = RamRange {
    base: 0x4000_0000,
    size: 0x4000_0000,
};

/// Everything a case is made of; the memory image comes from the recipes.
#[derive(Clone, Debug)]
pub struct Case {
    cpu: Cpu,
    features: Option<Vec<Feature>>,
    pa_bits: Option<u8>,
    ram: Option<Vec<RamRange>>,
    queries: Vec<Query>,
    recipes: Vec<Recipe>,
}

/// Sets `value` into bits `[hi:lo]` of `word`.
pub fn put(word: u64, hi: u8, lo: u8, value: u64) -> u64 {
    (word & !mask(hi, lo)) | ((value << lo) & mask(hi, lo))
}

pub fn weighted_bool(p_true: f64) -> impl Strategy<Value = bool> {
    proptest::bool::weighted(p_true)
}

/// A query's VA, placed by `mode` from `seed` once the TCR is known: in the
/// TTBR0 range, in the TTBR1 range, near the previous VA, or anything.
#[derive(Clone, Copy, Debug)]
pub struct VaPick {
    pub op: AtOp,
    mode: u8,
    seed: u64,
    top: u8,
}

pub fn va_pick() -> impl Strategy<Value = VaPick> {
    (
        proptest::sample::select(AtOp::ALL.to_vec()),
        any::<u8>(),
        any::<u64>(),
        any::<u8>(),
    )
        .prop_map(|(op, mode, seed, top)| VaPick {
            op,
            mode,
            seed,
            top,
        })
}

pub fn place_va(p: VaPick, tcr: u64, prev: Option<u64>) -> u64 {
    let ia = |txsz: u64| 64 - txsz.clamp(1, 63) as u8;
    let t0 = ia(tcr & 0x3f);
    let t1 = ia((tcr >> 16) & 0x3f);
    let mut va = match (p.mode % 32, prev) {
        (20..=29, Some(prev)) => prev ^ (p.seed & mask(20, 0)),
        (0..=11 | 20..=29, _) => p.seed & mask(t0 - 1, 0),
        (12..=19, _) => p.seed | mask(63, t1 - 1),
        _ => p.seed,
    };
    if p.top & 0x1f == 0 {
        va = put(va, 63, 56, u64::from(p.top));
    }
    va
}

pub fn case() -> impl Strategy<Value = Case> {
    (
        cpu(),
        features(),
        pa_bits(),
        ram(),
        proptest::collection::vec(va_pick(), 1..4),
        proptest::collection::vec(recipe(), 8..48),
    )
        .prop_map(|(cpu, features, pa_bits, ram, picks, recipes)| {
            let mut prev = None;
            let queries = picks
                .into_iter()
                .map(|p| {
                    let va = place_va(p, cpu.tcr_el1, prev);
                    prev = Some(va);
                    Query {
                        op: p.op,
                        va,
                        expect: None,
                    }
                })
                .collect();
            Case {
                cpu,
                features,
                pa_bits,
                ram,
                queries,
                recipes,
            }
        })
}

pub const TRACE: EvalOptions = EvalOptions {
    kvm: KvmLogic::Merged,
    trace: true,
};
pub const NO_TRACE: EvalOptions = EvalOptions {
    kvm: KvmLogic::Merged,
    trace: false,
};
