//! Structured input for the walker: arbitrary registers, feature set, PA
//! size, RAM ranges and AT queries, and a small memory image of arbitrary
//! words. A word's address is derived from the registers' table bases
//! (TTBR0_EL1, TTBR1_EL1, VTTBR_EL2) or from the word placed before (so
//! that a table descriptor can point at the next word's table), or, for a
//! "follow" word, is the next address the walk reads that holds no word yet
//! (found by walking the queries once over a memory that hands out the
//! follow words in read order), so that walks go deep. Every query is then
//! evaluated with and without its trace; neither may panic or loop, both
//! must agree, and the result must agree with its trace.
//!
//! Every 2^20 runs (per process) it prints how deep the walks went (to check that the
//! fuzzer gets past the first table).
#![no_main]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use arbitrary::Arbitrary;
use atwalk_core::addr::mask;
use atwalk_core::at::{AtOp, at_hw};
use atwalk_core::eval::{EvalOptions, evaluate};
use atwalk_core::at::AtOutcome;
use atwalk_core::regs::ParEl1;
use atwalk_core::fault::{FaultKind, Stage};
use atwalk_core::features::{Feature, PA_BITS_LEGAL};
use atwalk_core::kvm::KvmLogic;
use atwalk_core::machine::{Machine, Regs};
use atwalk_core::memory::PhysMem;
use atwalk_core::scenario::{Cpu, KvmHost, Query, RamRange, Scenario};
use atwalk_core::trace::{NoTrace, Step, StepKind};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    tcr: u64,
    ttbr0: u64,
    ttbr1: u64,
    mair: u64,
    sctlr: u64,
    hcr: u64,
    vtcr: u64,
    vttbr: u64,
    pstate_pan: bool,
    /// Feature bits (`Feature::ALL` order); `None`: the default CPU.
    features: Option<u16>,
    /// Index into `PA_BITS_LEGAL`; `None`: the default.
    pa_bits: Option<u8>,
    /// (base, size) pairs; `None`: all memory present.
    ram: Option<Vec<(u64, u64)>>,
    /// (op, VA) pairs.
    queries: Vec<(u8, u64)>,
    words: Vec<MemWord>,
}

/// One memory word: where (a base register or the previous word, and an
/// index into the table there) and what.
#[derive(Arbitrary, Debug)]
struct MemWord {
    /// Bits [1:0]: TTBR0, TTBR1, VTTBR or the previous word; bit 2: keep
    /// the base's bits [11:3] (a small first table) instead of clearing
    /// them; bits [4:3] = 0b00: a follow word (placed where the walk reads).
    base: u8,
    /// Entry index, modulo 8192 (the largest table, 64KB).
    index: u16,
    value: u64,
}

const MAX_WORDS: usize = 64;
const MAX_QUERIES: usize = 4;
const MAX_RAM: usize = 4;

/// Memory that hands out `follow` words, in order, to reads of addresses
/// that hold no word yet, and remembers where they went.
struct FollowMem<'a> {
    words: RefCell<BTreeMap<u64, u64>>,
    follow: RefCell<std::slice::Iter<'a, u64>>,
    ram: Option<&'a [RamRange]>,
}

impl PhysMem for FollowMem<'_> {
    fn read(&self, pa: u64) -> Option<u64> {
        if let Some(ram) = self.ram
            && !ram.iter().any(|r| pa >= r.base && pa - r.base < r.size)
        {
            return None;
        }
        let mut words = self.words.borrow_mut();
        if let Some(w) = words.get(&pa) {
            return Some(*w);
        }
        // Memory that holds no word reads as 0.
        let w = self.follow.borrow_mut().next().copied();
        if let Some(w) = w {
            words.insert(pa, w);
        }
        Some(w.unwrap_or(0))
    }
}

fn scenario(inp: &Input) -> Scenario {
    let mut memory = BTreeMap::new();
    let mut follow = Vec::new();
    let mut prev = 0u64;
    for w in inp.words.iter().take(MAX_WORDS) {
        if w.base & 0x18 == 0 {
            follow.push(w.value);
            continue;
        }
        let src = match w.base & 3 {
            0 => inp.ttbr0,
            1 => inp.ttbr1,
            2 => inp.vttbr,
            _ => prev,
        };
        let lo = if w.base & 4 != 0 { 3 } else { 12 };
        let addr = (src & mask(51, lo)) + u64::from(w.index % 8192) * 8;
        memory.insert(addr, w.value);
        prev = w.value;
    }
    let features = inp.features.map(|bits| {
        Feature::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(_, f)| f.into())
            .collect()
    });
    let ram = inp.ram.as_ref().map(|v| {
        v.iter()
            .take(MAX_RAM)
            .map(|&(base, size)| RamRange {
                base,
                // Non-zero and not past 2^64, as the loader requires.
                size: size.clamp(1, (u64::MAX - base).saturating_add(1)),
            })
            .collect()
    });
    let mut s = Scenario {
        title: String::new(),
        notes: String::new(),
        cpu: Cpu {
            tcr_el1: inp.tcr,
            ttbr0_el1: inp.ttbr0,
            ttbr1_el1: inp.ttbr1,
            mair_el1: inp.mair,
            sctlr_el1: inp.sctlr,
            hcr_el2: inp.hcr,
            vtcr_el2: inp.vtcr,
            vttbr_el2: inp.vttbr,
            pstate_pan: inp.pstate_pan,
        },
        memory: memory.into(),
        ram,
        kvm: KvmHost::default(),
        features,
        pa_bits: inp
            .pa_bits
            .map(|i| PA_BITS_LEGAL[usize::from(i) % PA_BITS_LEGAL.len()]),
        queries: inp
            .queries
            .iter()
            .take(MAX_QUERIES)
            .map(|&(op, va)| Query {
                op: AtOp::ALL[usize::from(op) % AtOp::ALL.len()],
                va,
                expect: None,
            })
            .collect(),
    };
    if !follow.is_empty() {
        let mem = FollowMem {
            words: RefCell::new(std::mem::take(&mut s.memory)),
            follow: RefCell::new(follow.iter()),
            ram: s.ram.as_deref(),
        };
        let m = Machine {
            regs: Regs::from(&s.cpu),
            cpu: s.cpu_model(),
            mem: &mem,
        };
        for q in &s.queries {
            let _ = at_hw(&m, q.op, q.va, &mut NoTrace);
        }
        s.memory = mem.words.into_inner().into();
    }
    s
}

/// Descriptor reads in a trace, stage 2 ones included.
fn reads(steps: &[Step]) -> usize {
    steps
        .iter()
        .map(|s| match &s.kind {
            StepKind::Read { .. } | StepKind::ReadAbort { .. } => 1,
            StepKind::Stage2 { steps, .. } => reads(steps),
            _ => 0,
        })
        .sum()
}

fn check_levels(steps: &[Step]) {
    for s in steps {
        if let Some(l) = s.level {
            assert!((-1..=3).contains(&l), "a step at level {l}");
        }
        match &s.kind {
            StepKind::Stage2 { steps, .. } => check_levels(steps),
            StepKind::Fault { fault } => assert!((-1..=3).contains(&fault.level)),
            _ => {}
        }
    }
}

static RUNS: AtomicU64 = AtomicU64::new(0);
static WALKS: AtomicU64 = AtomicU64::new(0);
static LEAVES: AtomicU64 = AtomicU64::new(0);
static L3: AtomicU64 = AtomicU64::new(0);
static S2: AtomicU64 = AtomicU64::new(0);

fuzz_target!(|inp: Input| {
    let s = scenario(&inp);
    let traced = evaluate(
        &s,
        &EvalOptions {
            kvm: KvmLogic::Merged,
            trace: true,
        },
    );
    let bare = evaluate(
        &s,
        &EvalOptions {
            kvm: KvmLogic::Merged,
            trace: false,
        },
    );
    let cpu = s.cpu_model();
    let stage2_on = s.cpu.hcr_el2 & 1 != 0 || s.cpu.hcr_el2 & (1 << 12) != 0;
    assert_eq!(traced.results.len(), s.queries.len());
    for (r, b) in traced.results.iter().zip(&bare.results) {
        assert_eq!((r.par, r.path, r.hw), (b.par, b.path, b.hw));
        let t = &r.trace;
        // At most five stage 1 reads, each after at most five stage 2 reads.
        assert!(reads(t) <= 30 && t.len() <= 80, "{} steps", t.len());
        check_levels(t);
        let has_s2 = t.iter().any(|s| matches!(s.kind, StepKind::Stage2 { .. }));
        assert!(!has_s2 || stage2_on, "stage 2 steps with stage 2 off");
        WALKS.fetch_add(1, Relaxed);
        if t.iter().any(|s| matches!(s.kind, StepKind::Leaf { .. })) {
            LEAVES.fetch_add(1, Relaxed);
        }
        if t.iter()
            .any(|s| s.level == Some(3) && matches!(s.kind, StepKind::Read { .. }))
        {
            L3.fetch_add(1, Relaxed);
        }
        if has_s2 {
            S2.fetch_add(1, Relaxed);
        }
        let n = t.len();
        let before = t.get(n.wrapping_sub(2)).map(|s| &s.kind);
        match r.hw {
            AtOutcome::Par { par: ParEl1(par) } => {
                assert!(par & (1 << 11) != 0, "PAR {par:#x} without bit 11");
                assert!(
                    matches!(t.last().map(|s| &s.kind), Some(StepKind::Par { par: p }) if p.0 == par)
                );
                let faulted = matches!(before, Some(StepKind::Fault { .. }));
                assert_eq!(par & 1 != 0, faulted, "PAR {par:#x} after {before:?}");
                if let Some(StepKind::Fault { fault }) = before {
                    assert_eq!((par >> 1) & 0x3f, u64::from(fault.fsc()));
                    assert_eq!(par >> 9 & 1 == 1, fault.stage == Stage::S2);
                    assert_ne!(fault.kind, FaultKind::SyncExternalOnWalk);
                } else {
                    let pa = par & mask(51, 12);
                    assert_eq!(pa >> cpu.pa_bits, 0, "PA {pa:#x}");
                    let (size_bits, oa) = t
                        .iter()
                        .find_map(|s| match s.kind {
                            StepKind::Leaf { size_bits, oa, .. } if s.stage == Stage::S1 => {
                                Some((size_bits, oa.0))
                            }
                            _ => None,
                        })
                        .unwrap_or((64, r.va & mask(55, 0)));
                    assert_eq!(oa & mask(51, 12), pa);
                    assert_eq!((oa ^ r.va) & mask(size_bits.min(52) - 1, 0), 0);
                }
            }
            AtOutcome::Abort { dfsc, .. } => {
                let Some(StepKind::Fault { fault }) = before else {
                    panic!("an abort after {before:?}");
                };
                assert_eq!(fault.kind, FaultKind::SyncExternalOnWalk);
                assert_eq!(fault.fsc(), dfsc);
                assert!(s.ram.is_some());
            }
            AtOutcome::Undefined { feature } => {
                assert_eq!(r.op.needs(), Some(feature));
                assert!(!cpu.has(feature));
            }
        }
    }
    let runs = RUNS.fetch_add(1, Relaxed) + 1;
    if runs.is_multiple_of(1 << 20) {
        eprintln!(
            "walk stats after {runs} runs: {} walks, {} reach a leaf, {} read level 3, {} use stage 2",
            WALKS.load(Relaxed),
            LEAVES.load(Relaxed),
            L3.load(Relaxed),
            S2.load(Relaxed)
        );
    }
});
