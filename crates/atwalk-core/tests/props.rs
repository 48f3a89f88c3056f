//! Property tests of the walker: random registers, feature sets, RAM ranges
//! and AT ops, with memory images built by following the walk, so that most
//! cases read several levels of descriptors (and their stage 2 walks) before
//! they end. Every case checks that evaluation terminates without panicking
//! and that the result agrees with its own trace.
//!
//! 2,000 cases by default; more with `PROPTEST_CASES`, e.g.
//! `PROPTEST_CASES=1000000 cargo test --release -p atwalk-core --test props`.
//!
//! How an image is built: the registers and a list of descriptor "recipes"
//! are generated; the scenario is evaluated with its trace, the first
//! descriptor read of an address that holds no word yet gets the next
//! recipe (a table pointing into a small pool of table addresses, a block or
//! page with random attribute bits, an invalid word, or a random word;
//! stage 2 leaves mostly map their IPA to itself), and this repeats until
//! every read hits a placed word or the recipes run out.

use std::collections::BTreeMap;
use std::path::Path;

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

/// Cases per property unless `PROPTEST_CASES` says otherwise.
const DEFAULT_CASES: u32 = 2_000;

fn config() -> ProptestConfig {
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
fn pool(i: u8) -> u64 {
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
const POOL_RAM: RamRange = RamRange {
    base: 0x4000_0000,
    size: 0x4000_0000,
};

/// One descriptor to place where the walk next reads an empty address.
#[derive(Clone, Copy, Debug)]
struct Recipe {
    /// What to write: table, leaf, invalid or any word.
    kind: u8,
    /// Which pool slot (a table) or output address pattern (a leaf).
    target: u8,
    /// Random bits for the attribute and ignored fields.
    bits: u64,
    /// Random choices: AF, S2AP, MemAttr, identity stage 2, 52-bit bits.
    flags: u8,
}

/// Everything a case is made of; the memory image comes from the recipes.
#[derive(Clone, Debug)]
struct Case {
    cpu: Cpu,
    features: Option<Vec<Feature>>,
    pa_bits: Option<u8>,
    ram: Option<Vec<RamRange>>,
    queries: Vec<Query>,
    recipes: Vec<Recipe>,
}

/// Sets `value` into bits `[hi:lo]` of `word`.
fn put(word: u64, hi: u8, lo: u8, value: u64) -> u64 {
    (word & !mask(hi, lo)) | ((value << lo) & mask(hi, lo))
}

/// A TxSZ biased to walk deep: 16 (a 4-level 4KB walk), the legal range,
/// or anything.
fn txsz() -> impl Strategy<Value = u64> {
    prop_oneof![3 => Just(16u64), 3 => 25u64..=39, 2 => 12u64..=48, 1 => 0u64..64]
}

fn weighted_bool(p_true: f64) -> impl Strategy<Value = bool> {
    proptest::bool::weighted(p_true)
}

fn tcr() -> impl Strategy<Value = u64> {
    (
        any::<u64>(),
        (txsz(), txsz()),
        (
            prop_oneof![2 => Just(0u64), 1 => 0u64..4],
            prop_oneof![2 => Just(2u64), 1 => 0u64..4],
        ),
        prop_oneof![2 => Just(0b101u64), 1 => 0u64..8],
        (
            weighted_bool(0.15),
            weighted_bool(0.3),
            weighted_bool(0.5),
            weighted_bool(0.5),
        ),
        (
            weighted_bool(0.04),
            weighted_bool(0.04),
            weighted_bool(0.06),
            weighted_bool(0.06),
        ),
        (weighted_bool(0.3), weighted_bool(0.3)),
    )
        .prop_map(
            |(
                r,
                (t0sz, t1sz),
                (tg0, tg1),
                ips,
                (ds, ha, tbi0, tbi1),
                (epd0, epd1, e0pd0, e0pd1),
                (hpd0, hpd1),
            )| {
                let mut v = r;
                v = put(v, 5, 0, t0sz);
                v = put(v, 21, 16, t1sz);
                v = put(v, 15, 14, tg0);
                v = put(v, 31, 30, tg1);
                v = put(v, 34, 32, ips);
                v = put(v, 59, 59, u64::from(ds));
                v = put(v, 39, 39, u64::from(ha));
                v = put(v, 37, 37, u64::from(tbi0));
                v = put(v, 38, 38, u64::from(tbi1));
                v = put(v, 7, 7, u64::from(epd0));
                v = put(v, 23, 23, u64::from(epd1));
                v = put(v, 55, 55, u64::from(e0pd0));
                v = put(v, 56, 56, u64::from(e0pd1));
                v = put(v, 41, 41, u64::from(hpd0));
                v = put(v, 42, 42, u64::from(hpd1));
                v
            },
        )
}

/// A TTBR: a pool table, sometimes with CnP, BADDR[51:48] or ASID bits,
/// sometimes anything.
fn ttbr() -> impl Strategy<Value = u64> {
    prop_oneof![
        14 => (any::<u8>(), any::<u64>(), any::<u8>()).prop_map(|(i, r, noise)| {
            let base = pool(i);
            match noise % 16 {
                // ASID and CnP.
                0 | 1 => base | (r & (mask(63, 48) | 1)),
                // BADDR[51:48] with DS (or 64KB and 52-bit IPS), low junk.
                2 => base | (r & mask(5, 0)),
                _ => base,
            }
        }),
        1 => any::<u64>(),
    ]
}

fn sctlr() -> impl Strategy<Value = u64> {
    (
        any::<u64>(),
        weighted_bool(0.95),
        weighted_bool(0.15),
        any::<bool>(),
    )
        .prop_map(|(r, m, ee, c)| {
            let v = put(r, 0, 0, u64::from(m));
            let v = put(v, 25, 25, u64::from(ee));
            put(v, 2, 2, u64::from(c))
        })
}

fn hcr() -> impl Strategy<Value = u64> {
    (
        any::<u64>(),
        any::<bool>(),
        weighted_bool(0.04),
        weighted_bool(0.04),
        weighted_bool(0.3),
    )
        .prop_map(|(r, vm, dc, tge, ptw)| {
            let v = put(r, 0, 0, u64::from(vm));
            let v = put(v, 12, 12, u64::from(dc));
            let v = put(v, 27, 27, u64::from(tge));
            put(v, 2, 2, u64::from(ptw))
        })
}

/// VTCR_EL2: mostly a consistent granule, start level and IPA size (the
/// start level encoded in SL0), sometimes anything.
fn vtcr() -> impl Strategy<Value = u64> {
    let consistent = (
        0u8..3,
        any::<u8>(),
        prop_oneof![3 => Just(40u8), 1 => 32u8..=48],
        prop_oneof![2 => Just(0b101u64), 1 => 0u64..8],
        any::<u64>(),
        weighted_bool(0.2),
    )
        .prop_map(|(g, lvl, ia_bits, ps, r, noise)| {
            // (TG0, granule bits, stride, [(start level, SL0)])
            let (tg0, gbits, stride, levels): (u64, u8, u8, &[(u8, u64)]) = match g {
                0 => (0b00, 12, 9, &[(0, 0b10), (1, 0b01), (2, 0b00), (3, 0b11)]),
                1 => (0b10, 14, 11, &[(1, 0b10), (2, 0b01), (3, 0b00)]),
                _ => (0b01, 16, 13, &[(1, 0b10), (2, 0b01), (3, 0b00)]),
            };
            // AArch64.S2InconsistentSL(): the start levels this IPA size allows.
            let fits: Vec<u64> = levels
                .iter()
                .filter(|(start, _)| {
                    let sl_min = (3 - start) * stride + gbits + 1;
                    (sl_min..=sl_min + stride + 3).contains(&ia_bits)
                })
                .map(|(_, sl0)| *sl0)
                .collect();
            let sl0 = fits
                .get(usize::from(lvl) % fits.len().max(1))
                .copied()
                .unwrap_or(u64::from(lvl & 3));
            let mut v = if noise { r & !mask(33, 0) } else { 0 };
            v = put(v, 5, 0, u64::from(64 - ia_bits));
            v = put(v, 7, 6, sl0);
            v = put(v, 15, 14, tg0);
            v = put(v, 18, 16, ps);
            v = put(v, 21, 21, u64::from(r & 7 == 0)); // HA
            v = put(v, 32, 32, u64::from(r & 0x38 == 0)); // DS
            v
        });
    prop_oneof![9 => consistent, 1 => any::<u64>()]
}

fn cpu() -> impl Strategy<Value = Cpu> {
    (
        tcr(),
        ttbr(),
        ttbr(),
        any::<u64>(),
        sctlr(),
        hcr(),
        vtcr(),
        ttbr(),
        any::<bool>(),
    )
        .prop_map(
            |(
                tcr_el1,
                ttbr0_el1,
                ttbr1_el1,
                mair_el1,
                sctlr_el1,
                hcr_el2,
                vtcr_el2,
                vttbr_el2,
                pstate_pan,
            )| Cpu {
                tcr_el1,
                ttbr0_el1,
                ttbr1_el1,
                mair_el1,
                sctlr_el1,
                hcr_el2,
                vtcr_el2,
                vttbr_el2,
                pstate_pan,
            },
        )
}

/// A scenario's `features` naming exactly the modelled `features`.
fn arm(features: &Option<Vec<Feature>>) -> Option<Vec<ArmFeature>> {
    features
        .as_ref()
        .map(|f| f.iter().copied().map(ArmFeature::from).collect())
}

fn features() -> impl Strategy<Value = Option<Vec<Feature>>> {
    prop_oneof![
        1 => Just(None),
        1 => (any::<u16>(), weighted_bool(0.75)).prop_map(|(bits, at_ops)| Some(
            Feature::ALL
                .into_iter()
                .enumerate()
                .filter(|(i, f)| bits & (1 << i) != 0 || (at_ops && f.name() == "FEAT_PAN2") || (at_ops && f.name() == "FEAT_ATS1A"))
                .map(|(_, f)| f)
                .collect()
        )),
    ]
}

fn pa_bits() -> impl Strategy<Value = Option<u8>> {
    prop_oneof![2 => Just(None), 1 => proptest::sample::select(PA_BITS_LEGAL.to_vec()).prop_map(Some)]
}

fn ram_range() -> impl Strategy<Value = RamRange> {
    (any::<u64>(), 1u64..0x1_0000_0000).prop_map(|(base, size)| {
        let base = base & mask(47, 12);
        let size = size.min(u64::MAX - base + 1).max(1);
        RamRange { base, size }
    })
}

fn ram() -> impl Strategy<Value = Option<Vec<RamRange>>> {
    prop_oneof![
        8 => Just(None),
        4 => proptest::collection::vec(ram_range(), 0..3).prop_map(|mut v| {
            v.insert(0, POOL_RAM);
            Some(v)
        }),
        1 => proptest::collection::vec(ram_range(), 0..3).prop_map(Some),
        1 => (0u64..0x10_0000).prop_map(|cut| Some(vec![RamRange { base: POOL_RAM.base, size: cut * 8 + 8 }])),
    ]
}

fn recipe() -> impl Strategy<Value = Recipe> {
    (
        prop_oneof![28 => Just(0u8), 18 => Just(1u8), 2 => Just(2u8), 1 => Just(3u8)],
        any::<u8>(),
        any::<u64>(),
        any::<u8>(),
    )
        .prop_map(|(kind, target, bits, flags)| Recipe {
            kind,
            target,
            bits,
            flags,
        })
}

/// A query's VA, placed by `mode` from `seed` once the TCR is known: in the
/// TTBR0 range, in the TTBR1 range, near the previous VA, or anything.
#[derive(Clone, Copy, Debug)]
struct VaPick {
    op: AtOp,
    mode: u8,
    seed: u64,
    top: u8,
}

fn va_pick() -> impl Strategy<Value = VaPick> {
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

fn place_va(p: VaPick, tcr: u64, prev: Option<u64>) -> u64 {
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

fn case() -> impl Strategy<Value = Case> {
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

/// Stage 1 leaf attribute bits: UXN, PXN, Contiguous, DBM, GP, nG, SH, AP,
/// NS, AttrIndx (and PBHA, ignored).
const S1_LEAF_ATTRS: u64 = 0x7c7c_0000_0000_0000 | 0x0000_0000_0000_0bfc;
/// Stage 2 leaf attribute bits: XN, Contiguous, DBM, SH, S2AP, MemAttr.
const S2_LEAF_ATTRS: u64 = 0x0078_0000_0000_03fc;
/// Table descriptor attribute bits: NSTable, APTable, UXNTable, PXNTable.
const TABLE_ATTRS: u64 = 0xf800_0000_0000_0000;

/// The word a recipe writes for a read at stage `stage` of stage 1 level
/// `level`; `ipa` is the IPA a stage 2 walk translates.
fn descriptor(r: &Recipe, stage: Stage, ipa: Option<u64>, ee: bool) -> u64 {
    let high_bits = |w: u64| {
        // Now and then the 52-bit address fields: DS's bits [49:48] and
        // [9:8], the 64KB granule's bits [15:12].
        if r.flags & 0xe0 == 0 {
            w | (r.bits & (mask(49, 48) | mask(15, 12) | mask(9, 8)))
        } else {
            w
        }
    };
    let w = match r.kind {
        0 => {
            // A table (or, at the last level, a page) into the pool. Bits
            // [7:2], ignored in a table, are a page's AP and AttrIndx at
            // stage 1, its S2AP and MemAttr at stage 2 (mostly readable
            // Normal memory).
            let low = match stage {
                Stage::S1 => r.bits & 0xfc,
                Stage::S2 if (r.bits >> 40) & 3 != 0 => 0b01_1111 << 2,
                Stage::S2 => r.bits & 0xfc,
            };
            let attrs = if r.flags & 1 == 0 {
                r.bits & TABLE_ATTRS
            } else {
                0
            } | low;
            let af = if r.flags & 0x20 == 0 || r.bits & 0x3 != 0 {
                1 << 10
            } else {
                0
            };
            high_bits(pool(r.target) | attrs | af | 0b11)
        }
        1 => {
            let out = match (stage, ipa) {
                // Stage 2 mostly maps the IPA to itself, so the stage 1
                // tables stay where the pool put them.
                (Stage::S2, Some(ipa)) if r.flags & 0x0c != 0 => ipa & mask(47, 12),
                _ => match r.target % 4 {
                    0 => pool(r.target >> 2),
                    1 => pool(r.target >> 2) + (r.bits & mask(29, 12)),
                    2 => r.bits & mask(47, 12),
                    _ => r.bits & mask(31, 12),
                },
            };
            let page_or_block = if r.flags & 0x18 == 0 { 0b01 } else { 0b11 };
            let af_set = r.flags & 0x20 == 0 || r.bits & 0x3 != 0;
            let af = if af_set { 1 << 10 } else { 0 };
            let attrs = match stage {
                Stage::S1 => r.bits & S1_LEAF_ATTRS,
                Stage::S2 => {
                    let mut a = r.bits & S2_LEAF_ATTRS;
                    if r.flags & 0x02 == 0 || (r.bits >> 40) & 3 != 0 {
                        a |= 0b1111 << 2; // MemAttr: Normal Write-Back
                        a |= 0b01 << 6; // S2AP: read
                    }
                    a
                }
            };
            high_bits(out | attrs | af | page_or_block)
        }
        2 => r.bits & !1,
        _ => r.bits,
    };
    if ee && stage == Stage::S1 {
        w.swap_bytes()
    } else {
        w
    }
}

/// The first descriptor read, in trace order, of an address with no word:
/// its address, stage and (for stage 2) the IPA being translated.
fn first_unplaced(
    steps: &[Step],
    memory: &BTreeMap<u64, u64>,
    ipa: Option<u64>,
) -> Option<(u64, Stage, Option<u64>)> {
    for s in steps {
        match &s.kind {
            StepKind::Read { at, .. } if !memory.contains_key(&at.0) => {
                return Some((at.0, s.stage, ipa));
            }
            StepKind::Stage2 { ipa, steps, .. } => {
                if let Some(found) = first_unplaced(steps, memory, Some(ipa.0)) {
                    return Some(found);
                }
            }
            _ => {}
        }
    }
    None
}

const TRACE: EvalOptions = EvalOptions {
    kvm: KvmLogic::Merged,
    trace: true,
};
const NO_TRACE: EvalOptions = EvalOptions {
    kvm: KvmLogic::Merged,
    trace: false,
};

/// The scenario of a case, its memory filled by following the walks.
fn build(c: &Case) -> Scenario {
    let mut s = Scenario {
        title: String::new(),
        notes: String::new(),
        cpu: c.cpu,
        memory: BTreeMap::new().into(),
        ram: c.ram.clone(),
        kvm: KvmHost::default(),
        features: arm(&c.features),
        pa_bits: c.pa_bits,
        queries: c.queries.clone(),
    };
    let ee = c.cpu.sctlr_el1 & (1 << 25) != 0;
    for r in &c.recipes {
        let ev = evaluate(&s, &TRACE);
        let Some((at, stage, ipa)) = ev
            .results
            .iter()
            .find_map(|q| first_unplaced(&q.trace, &s.memory, None))
        else {
            break;
        };
        s.memory.insert(at, descriptor(r, stage, ipa, ee));
    }
    s
}

/// Descriptor reads in a trace, stage 2 ones included.
fn count_reads(steps: &[Step]) -> usize {
    steps
        .iter()
        .map(|s| match &s.kind {
            StepKind::Read { .. } | StepKind::ReadAbort { .. } => 1,
            StepKind::Stage2 { steps, .. } => count_reads(steps),
            _ => 0,
        })
        .sum()
}

/// Every step's level, stage 2 ones included.
fn levels(steps: &[Step], out: &mut Vec<i8>) {
    for s in steps {
        out.extend(s.level);
        if let StepKind::Stage2 { steps, .. } = &s.kind {
            levels(steps, out);
        }
    }
}

/// Checks one evaluated scenario against its trace; `Err` says what broke.
fn check(s: &Scenario, ev: &Evaluation) -> Result<(), String> {
    let cpu = s.cpu_model();
    let hcr = s.cpu.hcr_el2;
    let stage2_on = hcr & 1 != 0 || hcr & (1 << 12) != 0;
    let ds = s.cpu.tcr_el1 & (1 << 59) != 0 || s.cpu.vtcr_el2 & (1 << 32) != 0;
    if ev.results.len() != s.queries.len() {
        return Err("one result per query".into());
    }
    for (i, r) in ev.results.iter().enumerate() {
        let t = &r.trace;
        let ctx = |what: &str| format!("query {i} ({} {:#018x}): {what}", r.op.name(), r.va);
        // A walk reads at most five stage 1 descriptors (levels -1 to 3),
        // each after a stage 2 walk of at most five more.
        let reads = count_reads(t);
        if reads > 30 || t.len() > 80 {
            return Err(ctx(&format!("{reads} reads, {} steps", t.len())));
        }
        let mut lv = Vec::new();
        levels(t, &mut lv);
        if let Some(l) = lv.iter().find(|l| !(-1..=3).contains(*l)) {
            return Err(ctx(&format!("a step at level {l}")));
        }
        if lv.contains(&-1) && !ds {
            return Err(ctx("level -1 without DS"));
        }
        let has_s2 = t.iter().any(|s| matches!(s.kind, StepKind::Stage2 { .. }));
        if has_s2 && !stage2_on {
            return Err(ctx("Stage2 step with HCR_EL2.VM = DC = 0"));
        }
        if t.iter().any(|s| {
            s.stage == Stage::S2
                && !matches!(
                    s.kind,
                    StepKind::Stage2 { .. } | StepKind::Fault { .. } | StepKind::Abort { .. }
                )
        }) {
            return Err(ctx("a stage 2 step outside a Stage2 step"));
        }
        for step in t {
            if let StepKind::Fault { fault } = step.kind
                && !(-1..=3).contains(&fault.level)
            {
                return Err(ctx(&format!("fault at level {}", fault.level)));
            }
        }
        match r.hw {
            AtOutcome::Undefined { feature } => {
                if r.op.needs() != Some(feature) || cpu.has(feature) {
                    return Err(ctx(&format!("UNDEFINED for {feature:?}")));
                }
                if t.len() != 2 {
                    return Err(ctx("UNDEFINED after a walk"));
                }
            }
            AtOutcome::Abort { dfsc, .. } => {
                let n = t.len();
                let (Some(StepKind::Fault { fault }), Some(StepKind::Abort { dfsc: d })) = (
                    t.get(n.wrapping_sub(2)).map(|s| &s.kind),
                    t.last().map(|s| &s.kind),
                ) else {
                    return Err(ctx("an abort not ending Fault, Abort"));
                };
                if fault.kind != FaultKind::SyncExternalOnWalk || fault.fsc() != dfsc || *d != dfsc
                {
                    return Err(ctx(&format!("abort {dfsc:#x} for {fault}")));
                }
                if s.ram.is_none() {
                    return Err(ctx("an external abort with all memory present"));
                }
            }
            AtOutcome::Par { par: ParEl1(par) } => {
                if par & (1 << 11) == 0 {
                    return Err(ctx(&format!("PAR {par:#x} without RES1 bit 11")));
                }
                let n = t.len();
                let Some(StepKind::Par { par: last }) = t.last().map(|s| &s.kind) else {
                    return Err(ctx("a PAR without a final Par step"));
                };
                if last.0 != par {
                    return Err(ctx(&format!("Par step {last} but hw PAR {par:#x}")));
                }
                let before = t.get(n.wrapping_sub(2)).map(|s| &s.kind);
                let faulted = matches!(before, Some(StepKind::Fault { .. }));
                if (par & 1 != 0) != faulted {
                    return Err(ctx(&format!("PAR {par:#x} after {before:?}")));
                }
                if let Some(StepKind::Fault { fault }) = before {
                    let fst = (par >> 1) & 0x3f;
                    let s_bit = par >> 9 & 1 == 1;
                    let ptw = par >> 8 & 1 == 1;
                    if fst != u64::from(fault.fsc())
                        || s_bit != (fault.stage == Stage::S2)
                        || ptw != fault.s1ptw
                        || fault.kind == FaultKind::SyncExternalOnWalk
                    {
                        return Err(ctx(&format!("PAR {par:#x} for {fault}")));
                    }
                    if fault.stage == Stage::S2 && !stage2_on {
                        return Err(ctx("a stage 2 fault with stage 2 off"));
                    }
                } else {
                    let pa = par & mask(51, 12);
                    if pa >> cpu.pa_bits != 0 {
                        return Err(ctx(&format!("PA {pa:#x} beyond {} bits", cpu.pa_bits)));
                    }
                    let leaf = t.iter().find_map(|s| match s.kind {
                        StepKind::Leaf { size_bits, oa, .. } if s.stage == Stage::S1 => {
                            Some((size_bits, oa.0))
                        }
                        _ => None,
                    });
                    let (size_bits, oa) = leaf.unwrap_or((64, r.va & mask(55, 0)));
                    if oa & mask(51, 12) != pa {
                        return Err(ctx(&format!("leaf OA {oa:#x} but PAR {par:#x}")));
                    }
                    if size_bits > 12 && (pa ^ r.va) & mask(size_bits.min(52) - 1, 12) != 0 {
                        return Err(ctx(&format!(
                            "PA {pa:#x} does not keep the VA's low {size_bits} bits"
                        )));
                    }
                    if (oa ^ r.va) & mask(11, 0) != 0 {
                        return Err(ctx(&format!("OA {oa:#x} lost the page offset")));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Evaluates `s` with and without the trace and checks both.
fn run(s: &Scenario) -> Result<(), TestCaseError> {
    let traced = evaluate(s, &TRACE);
    check(s, &traced).map_err(|e| TestCaseError::fail(format!("{e}\n{}", s.to_json())))?;
    let bare = evaluate(s, &NO_TRACE);
    for (a, b) in traced.results.iter().zip(&bare.results) {
        prop_assert!(b.trace.is_empty());
        prop_assert_eq!(
            (a.par, a.path, a.hw),
            (b.par, b.path, b.hw),
            "{}",
            s.to_json()
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Walks of generated scenarios end, without panicking, in a result
    /// that agrees with their trace; the trace does not change the result.
    #[test]
    fn walks_agree_with_their_trace(c in case()) {
        let s = build(&c);
        run(&s)?;
    }

    /// The same with every memory word random (most walks end early).
    #[test]
    fn random_words_agree_with_their_trace(
        cpu in cpu(),
        words in proptest::collection::vec((any::<u8>(), 0u64..512, any::<u64>()), 0..24),
        picks in proptest::collection::vec(va_pick(), 1..3),
        features in features(),
        pa_bits in pa_bits(),
        ram in ram(),
    ) {
        let memory = words
            .into_iter()
            .map(|(i, idx, w)| (pool(i) + idx * 8, w))
            .collect();
        let queries = picks
            .into_iter()
            .map(|p| Query { op: p.op, va: place_va(p, cpu.tcr_el1, None), expect: None })
            .collect();
        let s = Scenario {
            title: String::new(),
            notes: String::new(),
            cpu,
            memory,
            ram,
            kvm: KvmHost::default(),
            features: arm(&features),
            pa_bits,
            queries,
        };
        run(&s)?;
    }
}

/// How deep the generated walks go: a guard that the generator keeps
/// reaching leaves, level 3 and stage 2 tables rather than faulting at the
/// top. `--nocapture` prints the figures and which rule ends the walks.
#[test]
fn generated_walks_go_deep() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut leaves, mut l3_reads, mut s2_reads, mut total) = (0, 0, 0, 0);
    let mut ends = BTreeMap::new();
    for _ in 0..400 {
        let c = case().new_tree(&mut runner).expect("a case").current();
        let s = build(&c);
        for r in evaluate(&s, &TRACE).results {
            total += 1;
            let end = r.trace.iter().find(|s| !s.ok).map(|s| match &s.kind {
                StepKind::Stage2 { steps, .. } => {
                    let inner = steps.iter().find(|s| !s.ok).map(|s| s.rule);
                    format!("Stage2/{inner:?}")
                }
                _ => format!("{:?}", s.rule),
            });
            *ends.entry(end.unwrap_or_else(|| "ok".into())).or_insert(0) += 1;
            let t = &r.trace;
            leaves += usize::from(t.iter().any(|s| matches!(s.kind, StepKind::Leaf { .. })));
            l3_reads += usize::from(
                t.iter()
                    .any(|s| s.level == Some(3) && matches!(s.kind, StepKind::Read { .. })),
            );
            s2_reads += usize::from(t.iter().any(|s| {
                match &s.kind {
                    StepKind::Stage2 { steps, .. } => steps
                        .iter()
                        .any(|s| matches!(s.kind, StepKind::Read { .. })),
                    _ => false,
                }
            }));
        }
    }
    eprintln!(
        "{total} walks: {leaves} reach a leaf, {l3_reads} read level 3, \
         {s2_reads} read stage 2 tables; first failing step: {ends:?}"
    );
    assert!(
        leaves * 100 >= total * 15,
        "{leaves} of {total} reach a leaf"
    );
    assert!(l3_reads * 10 >= total, "{l3_reads} of {total} read level 3");
    assert!(s2_reads * 10 >= total, "{s2_reads} of {total} read stage 2");
}

/// Inputs that once broke the walker (found by fuzzing) replay cleanly:
/// every file under fuzz/regressions/ that is an at-scenario/1 file is
/// evaluated and checked.
#[test]
fn fuzz_regressions_replay() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for e in entries {
        let path = e.expect("a directory entry").path();
        let bytes = std::fs::read(&path).expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(s) = Scenario::from_json(&text) {
            let ev = evaluate(&s, &TRACE);
            if let Err(e) = check(&s, &ev) {
                panic!("{}: {e}", path.display());
            }
        }
    }
}
