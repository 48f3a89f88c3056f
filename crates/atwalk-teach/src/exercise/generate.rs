//! The generators: for each topic, a scenario built from the seed. Every
//! scenario is well formed (tables where the walk reads, in RAM, aligned);
//! what happens to its query is left to the walker to say.

use std::collections::{BTreeMap, BTreeSet};

use atwalk_core::addr::mask;
use atwalk_core::descriptor::{S1TableDesc, block_allowed};
use atwalk_core::granule::{FINAL_LEVEL, Granule};
use atwalk_core::op::AtOp;
use atwalk_core::regs::{HcrEl2, SctlrEl1, TcrEl1, VtcrEl2};
use atwalk_core::scenario::{Cpu, KvmHost, Query, RamRange, Scenario, ShadowS2};

use super::build::{LeafBits, RAM_BASE, RAM_SIZE, Tree, leaf, s2_leaf, set, table};
use super::rng::Rng;
use super::{Difficulty, Topic};

/// Where stage 1 tables start.
const TABLES: u64 = 0x4010_0000;
/// MAIR_EL1: Attr0 Normal Write-Back, Attr1 Device-nGnRE, Attr2 Normal Non-cacheable.
const MAIR: u64 = 0x0044_04ff;
/// TCR_EL1.IPS for 40-bit output addresses, and that size.
const IPS_40: u64 = 0b010;
const OA_BITS: u8 = 40;

/// The shape of a walk: granule, VA size, TTBR.
#[derive(Clone, Copy)]
struct Shape {
    granule: Granule,
    ia_bits: u8,
    upper: bool,
}

/// Everything a generator decides before the scenario is assembled.
struct Plan {
    cpu: Cpu,
    tree: Tree,
    memory: BTreeMap<u64, u64>,
    ram: Vec<RamRange>,
    kvm: KvmHost,
    op: AtOp,
    va: u64,
    /// The path's entry addresses, from the start level to the leaf.
    path: Vec<u64>,
    /// The leaf's level.
    level: i8,
    /// The leaf's output address.
    oa: u64,
    /// The leaf's bits.
    bits: LeafBits,
}

fn shape(r: &mut Rng, d: Difficulty, any_granule: bool) -> Shape {
    let granules = [Granule::K4, Granule::K16, Granule::K64];
    match d {
        Difficulty::Easy => Shape {
            granule: Granule::K4,
            ia_bits: r.pick(&[39, 48]),
            upper: false,
        },
        Difficulty::Medium => Shape {
            granule: if any_granule {
                r.pick(&granules)
            } else {
                Granule::K4
            },
            ia_bits: u8::try_from(r.range(32, 48)).expect("small"),
            upper: false,
        },
        Difficulty::Hard => Shape {
            granule: if any_granule {
                r.pick(&granules)
            } else {
                Granule::K4
            },
            ia_bits: u8::try_from(r.range(25, 48)).expect("small"),
            upper: r.chance(1, 3),
        },
    }
}

/// TCR_EL1 for `sh`: the used half's TxSZ and granule, the other half's
/// walks disabled, 40-bit output addresses.
fn tcr(sh: Shape) -> u64 {
    let txsz = u64::from(64 - sh.ia_bits);
    let (tg0, tg1) = match sh.granule {
        Granule::K4 => (0b00, 0b10),
        Granule::K16 => (0b10, 0b01),
        Granule::K64 => (0b01, 0b11),
    };
    let mut t = set(0, TcrEl1::IPS, IPS_40);
    if sh.upper {
        t = set(t, TcrEl1::T1SZ, txsz);
        t = set(t, TcrEl1::TG1, tg1);
        t = set(t, TcrEl1::EPD0, 1);
    } else {
        t = set(t, TcrEl1::T0SZ, txsz);
        t = set(t, TcrEl1::TG0, tg0);
        t = set(t, TcrEl1::EPD1, 1);
    }
    t
}

fn random_va(r: &mut Rng, sh: Shape) -> u64 {
    let low = r.next_u64() & mask(sh.ia_bits - 1, 0);
    if sh.upper {
        low | !mask(sh.ia_bits - 1, 0)
    } else {
        low
    }
}

/// The leaf's level: a page for easy exercises, else any level that may
/// hold a block or page.
fn leaf_level(r: &mut Rng, t: &Tree, d: Difficulty) -> i8 {
    if d == Difficulty::Easy {
        return FINAL_LEVEL;
    }
    let g = t.geometry;
    let levels: Vec<i8> = (g.start.max(0)..=FINAL_LEVEL)
        .filter(|&l| l == FINAL_LEVEL || block_allowed(g.granule, l, false, false))
        .collect();
    r.pick(&levels)
}

/// A random output address for a leaf of `size_bits`, below 2^40.
fn random_oa(r: &mut Rng, size_bits: u8) -> u64 {
    r.below(1u64 << (OA_BITS - size_bits)) << size_bits
}

/// The common start: a tree with one path to a leaf for a random VA, and
/// (above easy) a few other mappings around it.
fn plan(r: &mut Rng, d: Difficulty, any_granule: bool) -> Plan {
    let sh = shape(r, d, any_granule);
    let mut tree = Tree::new(sh.granule, sh.ia_bits, TABLES);
    if d != Difficulty::Easy {
        for _ in 0..r.range(1, 3) {
            let other = random_va(r, sh);
            let level = leaf_level(r, &tree, d);
            let oa = random_oa(r, sh.granule.leaf_bits(level));
            let bits = LeafBits {
                ap: r.below(4),
                ..LeafBits::default()
            };
            tree.map(other, level, leaf(oa, level == FINAL_LEVEL, bits));
        }
    }
    let va = random_va(r, sh);
    let level = leaf_level(r, &tree, d);
    let oa = random_oa(r, sh.granule.leaf_bits(level));
    let bits = LeafBits::default();
    let path = tree.map(va, level, leaf(oa, level == FINAL_LEVEL, bits));
    let cpu = Cpu {
        tcr_el1: tcr(sh),
        ttbr0_el1: if sh.upper { 0 } else { tree.root },
        ttbr1_el1: if sh.upper { tree.root } else { 0 },
        mair_el1: MAIR,
        sctlr_el1: set(set(0, SctlrEl1::M, 1), SctlrEl1::C, 1),
        ..Cpu::default()
    };
    Plan {
        cpu,
        tree,
        memory: BTreeMap::new(),
        ram: vec![RamRange {
            base: RAM_BASE,
            size: RAM_SIZE,
        }],
        kvm: KvmHost::default(),
        op: AtOp::S1E1R,
        va,
        path,
        level,
        oa,
        bits,
    }
}

impl Plan {
    /// Rewrites the leaf with `bits` (and `oa`).
    fn set_leaf(&mut self, oa: u64, bits: LeafBits) {
        self.oa = oa;
        self.bits = bits;
        let e = *self.path.last().expect("a path");
        self.tree
            .memory
            .insert(e, leaf(oa, self.level == FINAL_LEVEL, bits));
    }

    /// A random table entry of the path (not the leaf's), if there is one.
    fn table_entry(&self, r: &mut Rng) -> Option<u64> {
        let n = self.path.len();
        (n > 1).then(|| self.path[usize::try_from(r.below(n as u64 - 1)).expect("small")])
    }

    fn scenario(self) -> Scenario {
        let mut memory = self.tree.memory;
        memory.extend(self.memory);
        let json = r#"{"format":"at-scenario/1","cpu":{},"memory":{},"queries":[]}"#;
        let base = Scenario::from_json(json).expect("a minimal scenario");
        Scenario {
            cpu: self.cpu,
            memory: memory.into(),
            ram: Some(self.ram),
            kvm: self.kvm,
            queries: vec![Query {
                op: self.op,
                va: self.va,
                expect: None,
            }],
            ..base
        }
    }
}

fn levels(r: &mut Rng, d: Difficulty) -> Plan {
    plan(r, d, true)
}

fn faults(r: &mut Rng, d: Difficulty) -> Plan {
    let mut p = plan(r, d, true);
    let kinds: &[u8] = match d {
        Difficulty::Easy => &[0, 1],
        Difficulty::Medium => &[0, 1, 2, 3],
        Difficulty::Hard => &[0, 1, 2, 3, 4, 5, 6],
    };
    let mut kind = r.pick(kinds);
    // A path of one level has no table entry to spoil, a 56-bit range no
    // bit above it: those fall back to an invalid entry.
    if (matches!(kind, 4 | 5) && p.path.len() < 2)
        || (kind == 6 && top_bit_free(p.cpu.tcr_el1, p.va).is_none())
    {
        kind = 0;
    }
    match kind {
        // An invalid entry somewhere on the path.
        0 => {
            let i = usize::try_from(r.below(p.path.len() as u64)).expect("small");
            p.tree.memory.remove(&p.path[i]);
        }
        // A forbidden access: a write to a read-only page, or EL0 on an EL1 page.
        1 => {
            let (ap, op) = r.pick(&[
                (0b10, AtOp::S1E1W),
                (0b00, AtOp::S1E0R),
                (0b00, AtOp::S1E0W),
                (0b11, AtOp::S1E0W),
            ]);
            p.op = op;
            let bits = LeafBits { ap, ..p.bits };
            p.set_leaf(p.oa, bits);
        }
        // The access flag clear.
        2 => {
            let bits = LeafBits {
                af: false,
                ..p.bits
            };
            p.set_leaf(p.oa, bits);
        }
        // An output address above the 40-bit output size.
        3 => p.set_leaf(p.oa | 1 << OA_BITS, p.bits),
        // A next-level table above the output size.
        4 => {
            if let Some(e) = p.table_entry(r) {
                let d = p.tree.memory[&e];
                p.tree.memory.insert(e, d | 1 << OA_BITS);
            }
        }
        // A next-level table outside RAM.
        5 => {
            if let Some(e) = p.table_entry(r) {
                let outside = RAM_BASE + RAM_SIZE + (r.below(256) << 16);
                p.tree.memory.insert(e, table(outside));
            }
        }
        // A VA outside the range.
        _ => {
            let sh_bits = top_bit_free(p.cpu.tcr_el1, p.va);
            if let Some(bit) = sh_bits {
                p.va ^= 1 << bit;
            }
        }
    }
    p
}

/// The lowest bit above the VA range (below 56), if the range leaves one.
fn top_bit_free(tcr: u64, va: u64) -> Option<u8> {
    let t = TcrEl1(tcr);
    let txsz = if va >> 55 & 1 == 1 {
        t.t1sz()
    } else {
        t.t0sz()
    };
    let ia_bits = 64 - txsz;
    (ia_bits < 56).then_some(ia_bits)
}

fn permissions(r: &mut Rng, d: Difficulty) -> Plan {
    let mut p = plan(r, d, d == Difficulty::Hard);
    p.op = r.pick(&[AtOp::S1E1R, AtOp::S1E1W, AtOp::S1E0R, AtOp::S1E0W]);
    let bits = LeafBits {
        ap: r.below(4),
        uxn: r.chance(1, 2),
        ..p.bits
    };
    p.set_leaf(p.oa, bits);
    if d != Difficulty::Easy
        && r.chance(1, 2)
        && let Some(e) = p.table_entry(r)
    {
        let mut desc = p.tree.memory[&e];
        desc = set(desc, S1TableDesc::APTable, r.range(1, 3));
        desc = set(desc, S1TableDesc::UXNTable, r.below(2));
        p.tree.memory.insert(e, desc);
    }
    if d == Difficulty::Hard && r.chance(1, 2) {
        let f = if p.va >> 55 & 1 == 1 {
            TcrEl1::HPD1
        } else {
            TcrEl1::HPD0
        };
        p.cpu.tcr_el1 = set(p.cpu.tcr_el1, f, 1);
    }
    p
}

fn pan(r: &mut Rng, d: Difficulty) -> Plan {
    let mut p = plan(r, d, false);
    p.cpu.pstate_pan = d == Difficulty::Easy || r.chance(3, 4);
    p.op = match d {
        Difficulty::Easy => r.pick(&[AtOp::S1E1RP, AtOp::S1E1RP, AtOp::S1E1R]),
        _ => r.pick(&[AtOp::S1E1RP, AtOp::S1E1WP, AtOp::S1E1R, AtOp::S1E1W]),
    };
    let bits = LeafBits {
        ap: r.below(4),
        uxn: d == Difficulty::Hard && r.chance(1, 2),
        ..p.bits
    };
    p.set_leaf(p.oa, bits);
    if d == Difficulty::Hard && r.chance(1, 2) {
        p.cpu.sctlr_el1 = set(p.cpu.sctlr_el1, SctlrEl1::EPAN, 1);
    }
    p
}

/// Stage 2 under the walk: IPA to PA + 1GB, as one block or as 4KB pages
/// for the stage 1 tables, one of which may be missing, unreadable or (with
/// HCR_EL2.PTW) Device memory.
fn stage2(r: &mut Rng, d: Difficulty) -> Plan {
    const SHIFT: u64 = 0x4000_0000;
    const S2_ROOT: u64 = RAM_BASE;
    let mut p = plan(r, d, false);
    // VTCR_EL2: 40-bit IPAs, 4KB, start level 1, 40-bit PAs.
    let mut vtcr = set(0, VtcrEl2::T0SZ, 24);
    vtcr = set(vtcr, VtcrEl2::SL0, 0b01);
    vtcr = set(vtcr, VtcrEl2::PS, IPS_40);
    p.cpu.vtcr_el2 = vtcr;
    p.cpu.vttbr_el2 = S2_ROOT;
    p.cpu.hcr_el2 = set(0, HcrEl2::VM, 1);
    p.ram = vec![RamRange {
        base: RAM_BASE,
        size: 2 * RAM_SIZE,
    }];
    // The stage 1 tables live at PA = IPA + 1GB.
    let tables: Vec<(u64, u64)> = p.tree.memory.iter().map(|(&a, &w)| (a, w)).collect();
    p.tree.memory.clear();
    for (a, w) in tables {
        p.memory.insert(a + SHIFT, w);
    }
    let ipa_index = |ipa: u64, lo: u8| (ipa >> lo) & 511;
    if d == Difficulty::Easy {
        // One 1GB block: IPA 0x40000000..0x7fffffff to PA 0x80000000.
        let e = S2_ROOT + 8 * ipa_index(RAM_BASE, 30);
        p.memory
            .insert(e, s2_leaf(RAM_BASE + SHIFT, false, 0b11, 0b1111));
        return p;
    }
    let l2 = S2_ROOT + 0x1000;
    let l3 = S2_ROOT + 0x2000;
    p.memory
        .insert(S2_ROOT + 8 * ipa_index(TABLES, 30), table(l2));
    p.memory.insert(l2 + 8 * ipa_index(TABLES, 21), table(l3));
    let pages: BTreeSet<u64> = (TABLES..p.tree.end()).step_by(0x1000).collect();
    let victim = p.path[usize::try_from(r.below(p.path.len() as u64)).expect("small")] & !0xfff;
    let harm = if r.chance(1, 2) {
        r.pick(if d == Difficulty::Hard {
            &[0u8, 1, 2][..]
        } else {
            &[0u8][..]
        })
    } else {
        9
    };
    for page in pages {
        let (s2ap, attr) = match (page == victim, harm) {
            (true, 0) => continue,
            (true, 1) => (0b10, 0b1111),
            (true, 2) => (0b11, 0b0001),
            _ => (0b11, 0b1111),
        };
        p.memory.insert(
            l3 + 8 * ipa_index(page, 12),
            s2_leaf(page + SHIFT, true, s2ap, attr),
        );
    }
    if harm == 2 {
        p.cpu.hcr_el2 = set(p.cpu.hcr_el2, HcrEl2::PTW, 1);
    }
    p
}

/// KVM: a walk the hardware completes or not, with KVM's host state.
fn kvm(r: &mut Rng, d: Difficulty) -> Plan {
    let mut p = plan(r, d, false);
    let cases: &[u8] = match d {
        Difficulty::Easy => &[0, 1, 2, 3],
        Difficulty::Medium => &[0, 1, 2, 3, 4, 5],
        Difficulty::Hard => &[0, 1, 2, 3, 4, 5, 6, 7],
    };
    match r.pick(cases) {
        // A write to a read-only page: a stage 1 Permission fault.
        1 => {
            p.op = AtOp::S1E1W;
            let bits = LeafBits { ap: 0b10, ..p.bits };
            p.set_leaf(p.oa, bits);
        }
        // An invalid entry on the path: a Translation fault.
        2 => {
            let i = usize::try_from(r.below(p.path.len() as u64)).expect("small");
            p.tree.memory.remove(&p.path[i]);
        }
        // A table page missing from the shadow stage 2.
        3 => {
            let pages: BTreeSet<u64> = p.path.iter().map(|e| e & !0xfff).collect();
            let victim =
                p.path[usize::try_from(r.below(p.path.len() as u64)).expect("small")] & !0xfff;
            let kept = pages.into_iter().filter(|&pg| pg != victim).collect();
            p.kvm.shadow_s2 = ShadowS2::Pages(kept);
        }
        // The access flag clear.
        4 => {
            let bits = LeafBits {
                af: false,
                ..p.bits
            };
            p.set_leaf(p.oa, bits);
        }
        // No shadow stage 2 at all.
        5 => p.kvm.s2_mmu = false,
        // PAN and AT S1E1RP on a user page.
        6 => {
            p.cpu.pstate_pan = true;
            p.op = AtOp::S1E1RP;
            let bits = LeafBits { ap: 0b01, ..p.bits };
            p.set_leaf(p.oa, bits);
        }
        // A non-canonical VA (a TTBR0_EL1 one: VA[55] clear).
        7 if p.va >> 55 & 1 == 0 => p.va |= r.range(1, 0x7f) << 56,
        // A plain read: success.
        _ => {}
    }
    p
}

/// The scenario of an exercise (title, notes and the question are the caller's).
pub fn scenario(topic: Topic, d: Difficulty, seed: u64) -> Scenario {
    // The topic and difficulty are part of the stream: the same seed gives
    // unrelated exercises for different topics.
    let mut r = Rng::new(seed ^ ((topic as u64) << 56) ^ ((d as u64) << 48));
    let p = match topic {
        Topic::Levels => levels(&mut r, d),
        Topic::Faults => faults(&mut r, d),
        Topic::Permissions => permissions(&mut r, d),
        Topic::Pan => pan(&mut r, d),
        Topic::Stage2 => stage2(&mut r, d),
        Topic::Kvm => kvm(&mut r, d),
    };
    p.scenario()
}
