//! Shared builders for the table-driven architecture tests: register field
//! constants, descriptor constructors, a machine set-up with a memory
//! image, a path placer, and the row checker.
//!
//! Every expected value in the test files is derived by hand from the Arm
//! ARM (DDI0487 M.a.a) pseudocode; these helpers only build inputs and
//! compare, they never compute an expected PAR.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

pub use atwalk_core::at::AtOp;
pub use atwalk_core::at::AtOutcome;
#[allow(unused_imports)]
pub use atwalk_core::descriptor::DescKind;
pub use atwalk_core::eval::{EvalOptions, QueryResult, evaluate};
pub use atwalk_core::fault::{Fault, FaultKind, Stage};
use atwalk_core::features::ArmFeature;
pub use atwalk_core::features::Feature;
#[allow(unused_imports)]
pub use atwalk_core::regs::ParEl1;
pub use atwalk_core::rules::Rule;
pub use atwalk_core::scenario::{Cpu, KvmHost, Query, RamRange, Scenario};
#[allow(unused_imports)]
pub use atwalk_core::trace::{AddrWhat, Step, StepKind};

// ---------------------------------------------------------------------------
// TCR_EL1 fields.

/// TCR_EL1.T0SZ, bits [5:0].
pub const fn t0sz(n: u64) -> u64 {
    n
}
/// TCR_EL1.T1SZ, bits [21:16].
pub const fn t1sz(n: u64) -> u64 {
    n << 16
}
/// TCR_EL1.TG0 = 0b00: 4KB.
pub const TG0_4K: u64 = 0;
/// TCR_EL1.TG0 = 0b01: 64KB.
pub const TG0_64K: u64 = 1 << 14;
/// TCR_EL1.TG0 = 0b10: 16KB.
pub const TG0_16K: u64 = 2 << 14;
/// TCR_EL1.TG0 = 0b11: reserved.
pub const TG0_RES: u64 = 3 << 14;
/// TCR_EL1.TG1 = 0b00: reserved.
pub const TG1_RES: u64 = 0;
/// TCR_EL1.TG1 = 0b01: 16KB.
pub const TG1_16K: u64 = 1 << 30;
/// TCR_EL1.TG1 = 0b10: 4KB.
pub const TG1_4K: u64 = 2 << 30;
/// TCR_EL1.TG1 = 0b11: 64KB.
pub const TG1_64K: u64 = 3 << 30;
/// TCR_EL1.EPD0, bit 7.
pub const EPD0: u64 = 1 << 7;
/// TCR_EL1.EPD1, bit 23.
pub const EPD1: u64 = 1 << 23;
/// TCR_EL1.IPS, bits [34:32].
pub const fn ips(n: u64) -> u64 {
    n << 32
}
/// TCR_EL1.SH0, bits [13:12].
pub const fn sh0(n: u64) -> u64 {
    n << 12
}
/// TCR_EL1.SH1, bits [29:28].
pub const fn sh1(n: u64) -> u64 {
    n << 28
}
/// TCR_EL1.TBI0, bit 37.
pub const TBI0: u64 = 1 << 37;
/// TCR_EL1.TBI1, bit 38.
pub const TBI1: u64 = 1 << 38;
/// TCR_EL1.HA, bit 39.
pub const HA: u64 = 1 << 39;
/// TCR_EL1.HPD0, bit 41.
pub const HPD0: u64 = 1 << 41;
/// TCR_EL1.HPD1, bit 42.
pub const HPD1: u64 = 1 << 42;
/// TCR_EL1.E0PD0, bit 55.
pub const E0PD0: u64 = 1 << 55;
/// TCR_EL1.E0PD1, bit 56.
pub const E0PD1: u64 = 1 << 56;
/// TCR_EL1.DS, bit 59.
pub const DS: u64 = 1 << 59;

// SCTLR_EL1.
/// SCTLR_EL1.M, bit 0.
pub const SCTLR_M: u64 = 1;
/// SCTLR_EL1.C, bit 2.
pub const SCTLR_C: u64 = 1 << 2;
/// SCTLR_EL1.WXN, bit 19.
pub const SCTLR_WXN: u64 = 1 << 19;
/// SCTLR_EL1.EE, bit 25.
pub const SCTLR_EE: u64 = 1 << 25;
/// SCTLR_EL1.EPAN, bit 57.
pub const SCTLR_EPAN: u64 = 1 << 57;

// HCR_EL2.
/// HCR_EL2.VM, bit 0.
pub const HCR_VM: u64 = 1;
/// HCR_EL2.PTW, bit 2.
pub const HCR_PTW: u64 = 1 << 2;
/// HCR_EL2.DC, bit 12.
pub const HCR_DC: u64 = 1 << 12;
/// HCR_EL2.TGE, bit 27.
pub const HCR_TGE: u64 = 1 << 27;

// VTCR_EL2.
/// VTCR_EL2.T0SZ, bits [5:0].
pub const fn vt0sz(n: u64) -> u64 {
    n
}
/// VTCR_EL2.SL0, bits [7:6].
pub const fn sl0(n: u64) -> u64 {
    n << 6
}
/// VTCR_EL2.TG0 = 0b00: 4KB.
pub const VTG0_4K: u64 = 0;
/// VTCR_EL2.TG0 = 0b01: 64KB.
pub const VTG0_64K: u64 = 1 << 14;
/// VTCR_EL2.TG0 = 0b10: 16KB.
pub const VTG0_16K: u64 = 2 << 14;
/// VTCR_EL2.PS, bits [18:16].
pub const fn vps(n: u64) -> u64 {
    n << 16
}
/// VTCR_EL2.HA, bit 21.
pub const VHA: u64 = 1 << 21;
/// VTCR_EL2.DS, bit 32.
pub const VDS: u64 = 1 << 32;
/// VTCR_EL2.SL2, bit 33.
pub const VSL2: u64 = 1 << 33;

// ---------------------------------------------------------------------------
// Descriptors.

/// bits[1:0] = 0b11: a table (levels 0-2) or a page (level 3).
pub const TABLE: u64 = 0b11;
/// bits[1:0] = 0b11 at level 3.
pub const PAGE: u64 = 0b11;
/// bits[1:0] = 0b01: a block.
pub const BLOCK: u64 = 0b01;
/// The Access flag, bit 10.
pub const AF: u64 = 1 << 10;
/// AP[2:1], bits [7:6].
pub const fn ap(n: u64) -> u64 {
    n << 6
}
/// SH[1:0], bits [9:8].
pub const fn sh(n: u64) -> u64 {
    n << 8
}
/// AttrIndx[2:0], bits [4:2].
pub const fn attr(n: u64) -> u64 {
    n << 2
}
/// UXN, bit 54.
pub const UXN: u64 = 1 << 54;
/// PXN, bit 53.
pub const PXN: u64 = 1 << 53;
/// Contiguous, bit 52.
pub const CONT: u64 = 1 << 52;
/// nG, bit 11.
pub const NG: u64 = 1 << 11;
/// APTable, bits [62:61].
pub const fn ap_table(n: u64) -> u64 {
    n << 61
}
/// UXNTable, bit 60.
pub const UXN_TABLE: u64 = 1 << 60;
/// PXNTable, bit 59.
pub const PXN_TABLE: u64 = 1 << 59;
/// Stage 2 S2AP, bits [7:6].
pub const fn s2ap(n: u64) -> u64 {
    n << 6
}
/// Stage 2 MemAttr, bits [5:2].
pub const fn memattr(n: u64) -> u64 {
    n << 2
}
/// A stage 2 leaf's usual attributes: Normal WB (MemAttr 0b1111), S2AP RW,
/// Inner Shareable, AF.
pub const S2_RW_NORMAL: u64 = memattr(0b1111) | s2ap(0b11) | sh(0b11) | AF;

/// MAIR_EL1 used unless a row says otherwise:
/// Attr0 0xff Normal WB, Attr1 0x00 Device-nGnRnE, Attr2 0x44 Normal NC,
/// Attr3 0x04 Device-nGnRE, Attr4 0xbb Normal WT, Attr5 0x40 Normal NC XS=0,
/// Attr6 0x0c Device-GRE, Attr7 0x4f Normal oNC/iWB.
pub const MAIR: u64 = 0x4f0c_40bb_0444_00ff;

/// A common leaf: AF, Inner Shareable, AttrIndx 0 (Normal WB), AP=0b00.
pub const LEAF_ATTRS: u64 = AF | sh(0b11) | attr(0);

/// Where the path placer puts the tables below the first one: 64KB-aligned
/// slots from here.
pub const NEXT_TABLES: u64 = 0x4100_0000;

// ---------------------------------------------------------------------------
// The machine.

/// Registers, memory and CPU model of one row.
#[derive(Clone, Debug)]
pub struct Setup {
    /// Registers.
    pub cpu: Cpu,
    /// Memory words.
    pub mem: BTreeMap<u64, u64>,
    /// RAM ranges.
    pub ram: Option<Vec<RamRange>>,
    /// CPU features (None: default, all).
    pub features: Option<Vec<Feature>>,
    /// PA size (None: default, 48).
    pub pa_bits: Option<u8>,
}

impl Setup {
    /// TCR_EL1 and TTBR0_EL1 as given, SCTLR_EL1 = M|C, MAIR_EL1 = [`MAIR`].
    pub fn new(tcr: u64, ttbr0: u64) -> Setup {
        Setup {
            cpu: Cpu {
                tcr_el1: tcr,
                ttbr0_el1: ttbr0,
                mair_el1: MAIR,
                sctlr_el1: SCTLR_M | SCTLR_C,
                ..Cpu::default()
            },
            mem: BTreeMap::new(),
            ram: None,
            features: None,
            pa_bits: None,
        }
    }
    /// TTBR1_EL1.
    pub fn ttbr1(mut self, v: u64) -> Setup {
        self.cpu.ttbr1_el1 = v;
        self
    }
    /// TCR_EL1.
    pub fn tcr(mut self, v: u64) -> Setup {
        self.cpu.tcr_el1 = v;
        self
    }
    /// MAIR_EL1.
    pub fn mair(mut self, v: u64) -> Setup {
        self.cpu.mair_el1 = v;
        self
    }
    /// SCTLR_EL1.
    pub fn sctlr(mut self, v: u64) -> Setup {
        self.cpu.sctlr_el1 = v;
        self
    }
    /// HCR_EL2.
    pub fn hcr(mut self, v: u64) -> Setup {
        self.cpu.hcr_el2 = v;
        self
    }
    /// VTCR_EL2.
    pub fn vtcr(mut self, v: u64) -> Setup {
        self.cpu.vtcr_el2 = v;
        self
    }
    /// VTTBR_EL2.
    pub fn vttbr(mut self, v: u64) -> Setup {
        self.cpu.vttbr_el2 = v;
        self
    }
    /// PSTATE.PAN.
    pub fn pan(mut self, v: bool) -> Setup {
        self.cpu.pstate_pan = v;
        self
    }
    /// One memory word.
    pub fn word(mut self, addr: u64, v: u64) -> Setup {
        assert_eq!(addr % 8, 0, "misaligned word 0x{addr:x}");
        let old = self.mem.insert(addr, v);
        assert!(
            old.is_none() || old == Some(v),
            "word 0x{addr:x} placed twice"
        );
        self
    }
    /// Adds a RAM range (memory exists only inside the ranges given).
    pub fn ram(mut self, base: u64, size: u64) -> Setup {
        self.ram
            .get_or_insert_with(Vec::new)
            .push(RamRange { base, size });
        self
    }
    /// Exactly these features.
    pub fn features(mut self, f: &[Feature]) -> Setup {
        self.features = Some(f.to_vec());
        self
    }
    /// Every modelled feature but these.
    pub fn without(mut self, f: &[Feature]) -> Setup {
        self.features = Some(
            Feature::ALL
                .into_iter()
                .filter(|x| !f.contains(x))
                .collect(),
        );
        self
    }
    /// The PA size.
    pub fn pa_bits(mut self, n: u8) -> Setup {
        self.pa_bits = Some(n);
        self
    }

    /// Places the stage 1 (or stage 2) path of `va` for a walk with
    /// `granule_bits` (12, 14, 16) and an input size of `ia_bits`: a table
    /// descriptor at every level from the start level to `leaf_level - 1`
    /// (the first table at `table0`, later ones at 64KB slots from
    /// [`NEXT_TABLES`] + `slot` * 0x10000), and `leaf` at `leaf_level`.
    /// `table_extra` is ORed into every table descriptor.
    #[allow(clippy::too_many_arguments)]
    pub fn path_ex(
        mut self,
        granule_bits: u8,
        ia_bits: u8,
        table0: u64,
        slot: u64,
        va: u64,
        leaf_level: i8,
        leaf: u64,
        table_extra: &[u64],
    ) -> Setup {
        let g = i64::from(granule_bits);
        let stride = g - 3;
        let ia = i64::from(ia_bits);
        let start = 3 - (ia - 1 - g) / stride;
        let mut table = table0;
        let mut n = 0;
        for level in start..=i64::from(leaf_level) {
            let lo = (3 - level) * stride + g;
            let hi = if level == start {
                ia - 1
            } else {
                lo + stride - 1
            };
            let width = hi - lo + 1;
            let index = (va >> lo) & ((1u64 << width) - 1);
            let entry = table + 8 * index;
            if level == i64::from(leaf_level) {
                self = self.word(entry, leaf);
            } else {
                let next = NEXT_TABLES + (slot + n) * 0x1_0000;
                let extra = table_extra.get(n as usize).copied().unwrap_or(0);
                self = self.word(entry, next | TABLE | extra);
                table = next;
                n += 1;
            }
        }
        self
    }

    /// [`Setup::path_ex`] with no table bits and slot 0.
    pub fn path(
        self,
        granule_bits: u8,
        ia_bits: u8,
        table0: u64,
        va: u64,
        leaf_level: i8,
        leaf: u64,
    ) -> Setup {
        self.path_ex(granule_bits, ia_bits, table0, 0, va, leaf_level, leaf, &[])
    }

    /// Places a path through the tables at `tables` (the first one the
    /// start level's): each entry on `va`'s path holds a table descriptor
    /// for the next table (`| TABLE`), and the entry in the last table
    /// holds `leaf`.
    pub fn path_at(
        mut self,
        granule_bits: u8,
        ia_bits: u8,
        tables: &[u64],
        va: u64,
        leaf: u64,
    ) -> Setup {
        let g = i64::from(granule_bits);
        let stride = g - 3;
        let ia = i64::from(ia_bits);
        let start = 3 - (ia - 1 - g) / stride;
        for (i, table) in tables.iter().enumerate() {
            let level = start + i as i64;
            let lo = (3 - level) * stride + g;
            let hi = if level == start {
                ia - 1
            } else {
                lo + stride - 1
            };
            let index = (va >> lo) & ((1u64 << (hi - lo + 1)) - 1);
            let v = match tables.get(i + 1) {
                Some(next) => next | TABLE,
                None => leaf,
            };
            self = self.word(table + 8 * index, v);
        }
        self
    }

    /// The scenario with one query.
    pub fn scenario(&self, op: AtOp, va: u64) -> Scenario {
        Scenario {
            title: String::new(),
            notes: String::new(),
            cpu: self.cpu,
            memory: self.mem.clone().into(),
            ram: self.ram.clone(),
            kvm: KvmHost::default(),
            features: self
                .features
                .as_ref()
                .map(|f| f.iter().copied().map(ArmFeature::from).collect()),
            pa_bits: self.pa_bits,
            queries: vec![Query {
                op,
                va,
                expect: None,
            }],
        }
    }

    /// Runs one AT op.
    pub fn run(&self, op: AtOp, va: u64) -> QueryResult {
        let e = evaluate(&self.scenario(op, va), &EvalOptions::default());
        e.results.into_iter().next().expect("one result")
    }
}

// ---------------------------------------------------------------------------
// Rows.

/// The expected hardware outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    /// PAR_EL1.
    Par(u64),
    /// A synchronous Data Abort with this DFSC.
    Abort(u8),
    /// UNDEFINED for lack of this feature.
    Undef(Feature),
}

/// One table row.
#[derive(Clone, Debug)]
pub struct Row {
    /// What it pins.
    pub name: &'static str,
    /// The machine.
    pub setup: Setup,
    /// The op.
    pub op: AtOp,
    /// The VA.
    pub va: u64,
    /// The outcome.
    pub want: Want,
    /// The rule of the step that decides a fault (the first failing step,
    /// inside a Stage2 step for a stage 2 fault); None: not checked.
    pub rule: Option<Rule>,
}

/// A row.
pub fn row(name: &'static str, setup: Setup, op: AtOp, va: u64, want: Want) -> Row {
    Row {
        name,
        setup,
        op,
        va,
        want,
        rule: None,
    }
}

impl Row {
    /// With the deciding rule.
    pub fn rule(mut self, r: Rule) -> Row {
        self.rule = Some(r);
        self
    }
}

/// The first failing step, descending into a failing Stage2 step.
pub fn first_failing(steps: &[Step]) -> Option<&Step> {
    let s = steps.iter().find(|s| !s.ok)?;
    if let StepKind::Stage2 { steps: inner, .. } = &s.kind
        && let Some(i) = first_failing(inner)
    {
        return Some(i);
    }
    Some(s)
}

/// The Fault step of a trace.
pub fn fault_step(steps: &[Step]) -> Option<Fault> {
    steps.iter().find_map(|s| match &s.kind {
        StepKind::Fault { fault } => Some(*fault),
        _ => None,
    })
}

/// Decodes a fault PAR's FST into (kind, level), by the EncodeLDFSC() table.
pub fn decode_fst(fst: u8) -> (FaultKind, i8) {
    match fst {
        0b10_1001 => (FaultKind::AddressSize, -1),
        0b10_1011 => (FaultKind::Translation, -1),
        0b01_0011 => (FaultKind::SyncExternalOnWalk, -1),
        0b00_0000..=0b00_0011 => (FaultKind::AddressSize, (fst & 3) as i8),
        0b00_0100..=0b00_0111 => (FaultKind::Translation, (fst & 3) as i8),
        0b00_1000..=0b00_1011 => (FaultKind::AccessFlag, (fst & 3) as i8),
        0b00_1100..=0b00_1111 => (FaultKind::Permission, (fst & 3) as i8),
        0b01_0100..=0b01_0111 => (FaultKind::SyncExternalOnWalk, (fst & 3) as i8),
        _ => panic!("unexpected FST 0b{fst:06b}"),
    }
}

/// Checks one row; returns a description of every mismatch.
pub fn check_row(r: &Row) -> Vec<String> {
    let got = r.setup.run(r.op, r.va);
    let mut errs = Vec::new();
    let met = match (r.want, &got.hw) {
        (Want::Par(p), AtOutcome::Par { par }) => par.0 == p,
        (Want::Abort(d), AtOutcome::Abort { dfsc, .. }) => *dfsc == d,
        (Want::Undef(f), AtOutcome::Undefined { feature }) => *feature == f,
        _ => false,
    };
    if !met {
        let want = match r.want {
            Want::Par(p) => format!("Par(0x{p:016x})"),
            w => format!("{w:?}"),
        };
        errs.push(format!(
            "{}: {} va=0x{:016x}: want {want}, got {}",
            r.name,
            r.op.name(),
            r.va,
            got.hw.describe()
        ));
        return errs;
    }
    // The Fault step agrees with the PAR (or the abort).
    let f = fault_step(&got.trace);
    match r.want {
        Want::Par(p) if p & 1 == 1 => {
            let (kind, level) = decode_fst(((p >> 1) & 0x3f) as u8);
            let stage = if p & (1 << 9) != 0 {
                Stage::S2
            } else {
                Stage::S1
            };
            let ptw = p & (1 << 8) != 0;
            match f {
                Some(f)
                    if f.kind == kind && f.level == level && f.stage == stage && f.s1ptw == ptw => {
                }
                other => errs.push(format!(
                    "{}: Fault step {other:?}, want {kind:?} level {level} {stage:?} ptw={ptw}",
                    r.name
                )),
            }
        }
        Want::Par(_) | Want::Undef(_) => {
            if f.is_some() {
                errs.push(format!("{}: unexpected Fault step {f:?}", r.name));
            }
        }
        Want::Abort(d) => match f {
            Some(f) if f.kind == FaultKind::SyncExternalOnWalk && f.fsc() == d => {}
            other => errs.push(format!("{}: abort with Fault step {other:?}", r.name)),
        },
    }
    if let Some(rule) = r.rule {
        match first_failing(&got.trace) {
            Some(s) if s.rule == rule => {}
            other => errs.push(format!(
                "{}: deciding rule {:?}, want {rule:?}",
                r.name,
                other.map(|s| s.rule)
            )),
        }
    }
    errs
}

/// Checks every row, then fails listing every mismatch.
pub fn check_rows(rows: &[Row]) {
    let mut names = BTreeSet::new();
    for r in rows {
        assert!(names.insert(r.name), "duplicate row name {}", r.name);
    }
    let errs: Vec<String> = rows.iter().flat_map(check_row).collect();
    assert!(
        errs.is_empty(),
        "{} of {} rows failed:\n{}",
        errs.len(),
        rows.len(),
        errs.join("\n")
    );
}
