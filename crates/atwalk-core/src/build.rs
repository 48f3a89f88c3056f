//! Building translation tables from nothing: a blank scenario ([`blank`]), and one VA mapped to a
//! PA ([`map_va`]) by walking the VA as the hardware does and creating each table that is missing
//! on the way (a table that is there is reused), then writing the leaf. Every descriptor comes
//! from the descriptor constructors and typed views; every table address from the walk's own
//! trace; new tables go at free addresses ([`free_table`]).

use std::fmt;

use crate::addr::bits;
use crate::at::at_hw;
use crate::descriptor::{DescKind, S1LeafDesc, S1TableDesc, block_allowed};
use crate::editing::{address_of, place_address};
use crate::granule::{FINAL_LEVEL, Granule};
use crate::layout::free_table;
use crate::machine::{Machine, Regs};
use crate::memory::{GuestMemory, RamRange};
use crate::op::AtOp;
use crate::regs::{FieldInfo, MairEl1, SctlrEl1, TcrEl1, Ttbr};
use crate::scenario::{Cpu, KvmHost, Query, Scenario};
use crate::trace::{Step, StepKind};

/// Where a new scenario's first table and RAM start.
const RAM_BASE: u64 = 0x4000_0000;
/// A new scenario's RAM: 1 GB.
const RAM_SIZE: u64 = 0x4000_0000;

fn set(word: u64, f: FieldInfo, v: u64) -> u64 {
    f.set(word, v).expect("the builder writes values that fit")
}

/// A scenario with empty tables and one query: stage 1 on, 4KB granule, 48-bit VAs from
/// TTBR0_EL1 (its level 0 table empty at the start of RAM), TTBR1 walks off, MAIR_EL1 with Normal
/// Write-Back memory (Attr0), Device-nGnRnE (Attr1) and Normal Non-cacheable (Attr2).
pub fn blank() -> Scenario {
    let tcr = [
        (TcrEl1::T0SZ, 16),
        (TcrEl1::TG0, Granule::K4.tg0()),
        (TcrEl1::IRGN0, 0b01),
        (TcrEl1::ORGN0, 0b01),
        (TcrEl1::SH0, 0b11),
        (TcrEl1::EPD1, 1),
        (TcrEl1::TG1, Granule::K4.tg1()),
        (TcrEl1::IPS, 0b101),
    ]
    .iter()
    .fold(0, |w, (f, v)| set(w, *f, *v));
    let mair = [(MairEl1::Attr0, 0xff), (MairEl1::Attr2, 0x44)];
    Scenario {
        title: "A new scenario".into(),
        notes: "Empty translation tables. Map this VA (in the machine state) builds a mapping: every table on the way is created, then the page or block.".into(),
        cpu: Cpu {
            tcr_el1: tcr,
            ttbr0_el1: RAM_BASE,
            mair_el1: mair.iter().fold(0, |w, (f, v)| set(w, *f, *v)),
            sctlr_el1: set(set(0, SctlrEl1::M, 1), SctlrEl1::C, 1),
            ..Cpu::default()
        },
        memory: Default::default(),
        ram: Some(vec![RamRange {
            base: RAM_BASE,
            size: RAM_SIZE,
        }]),
        kvm: KvmHost::default(),
        features: None,
        pa_bits: None,
        queries: vec![Query {
            op: AtOp::S1E1R,
            va: 0,
            expect: None,
        }],
    }
}

/// One mapping to make: the VA, where it goes, and the leaf's level and fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mapping {
    /// The virtual address.
    pub va: u64,
    /// The physical (output) address of the page or block: a multiple of its size.
    pub pa: u64,
    /// The granule of the VA's range (written to TCR_EL1.TG0 or TG1).
    pub granule: Granule,
    /// The leaf's level: the last level for a page, above it for a block.
    pub level: i8,
    /// AP[2:1].
    pub ap: u8,
    /// Unprivileged execute-never.
    pub uxn: bool,
    /// Privileged execute-never.
    pub pxn: bool,
    /// MAIR_EL1 attribute index.
    pub attr_indx: u8,
    /// Shareability.
    pub sh: u8,
}

/// Why a mapping could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildError {
    /// The PA is not a multiple of the leaf's size.
    Misaligned {
        /// The bytes a leaf maps, as a power of two.
        size_bits: u8,
    },
    /// No leaf is allowed at this level with this granule.
    NoLeafHere,
    /// Stage 2 is on: new tables would be IPAs that stage 2 may not map.
    Stage2On,
    /// The walk stopped before reaching a table: the step's sentence says why.
    Walk(String),
    /// A leaf already maps the VA at another level, or a table sits where the leaf goes.
    InTheWay {
        /// What is there.
        kind: DescKind,
        /// Its level.
        level: i8,
    },
    /// No free memory for a new table.
    NoRoom,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Misaligned { size_bits } => write!(
                f,
                "the PA must be a multiple of the leaf's size, 2^{size_bits} bytes"
            ),
            BuildError::NoLeafHere => {
                f.write_str("this granule allows no block at that level: pick another level")
            }
            BuildError::Stage2On => f.write_str(
                "stage 2 is on (HCR_EL2.VM): new tables would be IPAs the guest hypervisor's stage 2 may not map; turn stage 2 off first, or build the tables by hand",
            ),
            BuildError::Walk(why) => write!(f, "the walk stops before any table: {why}"),
            BuildError::InTheWay { kind, level } => write!(
                f,
                "a {} descriptor at level {level} is already in the way of this mapping: change or clear it first",
                kind.name()
            ),
            BuildError::NoRoom => f.write_str("no free memory is left for a new table"),
        }
    }
}

impl std::error::Error for BuildError {}

/// A mapping made: the new scenario and what was done, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Built {
    /// The scenario with the mapping.
    pub scenario: Scenario,
    /// Each thing done, in order ("created the level 1 table at 0x40010000", ...).
    pub done: Vec<String>,
}

/// The levels where a leaf may be with `granule` on the scenario's CPU (and its TCR_EL1.DS), last
/// level first, each with the log2 of the bytes it maps.
pub fn leaf_levels(s: &Scenario, granule: Granule) -> Vec<(i8, u8)> {
    let ds = Regs::from(&s.cpu).tcr.ds();
    let pa52 = s.cpu_model().pa_bits >= 52;
    (0..=FINAL_LEVEL)
        .rev()
        .filter(|l| *l == FINAL_LEVEL || block_allowed(granule, *l, ds, pa52))
        .map(|l| (l, granule.leaf_bits(l)))
        .collect()
}

/// The stage 1 walk of `va` in `s` as the hardware does it (no permission check needed, so the
/// translation of an EL1 read).
fn walk(s: &Scenario, va: u64) -> Vec<Step> {
    let mem = GuestMemory::new(&s.memory, s.ram.as_deref());
    let m = Machine {
        regs: Regs::from(&s.cpu),
        cpu: s.cpu_model(),
        mem: &mem,
    };
    let mut steps = Vec::new();
    at_hw(&m, AtOp::S1E1R, va, &mut steps);
    steps
}

/// The last descriptor read of a stage 1 walk, or why the walk stopped before one.
enum Last {
    Read { at: u64, kind: DescKind, level: i8 },
    NoMemory(u64),
    Stopped(String),
}

fn last_read(steps: &[Step]) -> Last {
    let mut last = None;
    for st in steps {
        match &st.kind {
            StepKind::Read { at, kind, .. } => {
                last = Some(Last::Read {
                    at: at.0,
                    kind: *kind,
                    level: st.level.unwrap_or(0),
                })
            }
            StepKind::ReadAbort { at } => return Last::NoMemory(at.0),
            StepKind::Fault { .. } if last.is_none() => {
                return Last::Stopped(
                    steps
                        .iter()
                        .rev()
                        .find(|s| !s.ok && !matches!(s.kind, StepKind::Fault { .. }))
                        .unwrap_or(st)
                        .sentence(),
                );
            }
            _ => {}
        }
    }
    last.unwrap_or_else(|| Last::Stopped("stage 1 is off".into()))
}

/// Maps `m.va` to `m.pa` in `s`: sets the VA's range up (stage 1 on, the granule, walks through
/// its TTBR enabled, a first table if the TTBR has none), then walks the VA, creating each missing
/// table and reusing each one there, and writes the leaf.
pub fn map_va(s: &Scenario, m: &Mapping) -> Result<Built, BuildError> {
    let size_bits = m.granule.leaf_bits(m.level);
    if m.level > FINAL_LEVEL || m.level < 0 {
        return Err(BuildError::NoLeafHere);
    }
    if bits(m.pa, size_bits - 1, 0) != 0 {
        return Err(BuildError::Misaligned { size_bits });
    }
    let mut s = s.clone();
    let mut done = Vec::new();
    let regs = Regs::from(&s.cpu);
    if regs.hcr.vm() {
        return Err(BuildError::Stage2On);
    }
    let ds = regs.tcr.ds();
    let pa52 = s.cpu_model().pa_bits >= 52;
    if m.level != FINAL_LEVEL && !block_allowed(m.granule, m.level, ds, pa52) {
        return Err(BuildError::NoLeafHere);
    }
    // The VA's range: stage 1 on, its granule, its walks enabled.
    if !regs.sctlr.m() {
        s.cpu.sctlr_el1 = set(s.cpu.sctlr_el1, SctlrEl1::M, 1);
        done.push("turned stage 1 on (SCTLR_EL1.M = 1)".to_string());
    }
    let upper = bits(m.va, 55, 55) == 1;
    let (tg, tg_value, epd, txsz) = if upper {
        (TcrEl1::TG1, m.granule.tg1(), TcrEl1::EPD1, TcrEl1::T1SZ)
    } else {
        (TcrEl1::TG0, m.granule.tg0(), TcrEl1::EPD0, TcrEl1::T0SZ)
    };
    let tcr = s.cpu.tcr_el1;
    let mut new_tcr = set(set(tcr, tg, tg_value), epd, 0);
    if txsz.get(tcr) == 0 {
        new_tcr = set(new_tcr, txsz, 16);
    }
    if new_tcr != tcr {
        s.cpu.tcr_el1 = new_tcr;
        done.push(format!(
            "set TCR_EL1 for the {} range: {} granule, walks on",
            if upper { "TTBR1" } else { "TTBR0" },
            m.granule.name()
        ));
    }
    let ttbr = if upper {
        &mut s.cpu.ttbr1_el1
    } else {
        &mut s.cpu.ttbr0_el1
    };
    let table_bytes = 1u64 << m.granule.bits();
    let base = address_of(&Ttbr::BADDR, *ttbr);
    // The last byte of the tables placed so far: new tables go above it.
    let mut used = base.saturating_add(table_bytes - 1);
    if base == 0 {
        let t = free_table(&s, 0).ok_or(BuildError::NoRoom)?;
        let ttbr = if upper {
            &mut s.cpu.ttbr1_el1
        } else {
            &mut s.cpu.ttbr0_el1
        };
        *ttbr = place_address(&Ttbr::BADDR, *ttbr, t).word;
        used = t + table_bytes - 1;
        done.push(format!(
            "created the first table at 0x{t:x} (TTBR{})",
            u8::from(upper)
        ));
    }
    // Walk, creating each missing table, until the leaf's level.
    for _ in 0..=FINAL_LEVEL + 2 {
        let steps = walk(&s, m.va);
        let (at, kind, level) = match last_read(&steps) {
            Last::Read { at, kind, level } => (at, kind, level),
            Last::NoMemory(at) => {
                return Err(BuildError::Walk(format!("no memory exists at 0x{at:x}")));
            }
            Last::Stopped(why) => return Err(BuildError::Walk(why)),
        };
        match kind {
            DescKind::Invalid | DescKind::Reserved if level < m.level => {
                let t = free_table(&s, used).ok_or(BuildError::NoRoom)?;
                used = t + table_bytes - 1;
                s.memory.insert(at, S1TableDesc::pointing_to(t).0);
                done.push(format!(
                    "created the level {} table at 0x{t:x}, pointed to by the level {level} entry at 0x{at:x}",
                    level + 1
                ));
            }
            DescKind::Table if level < m.level => {
                // The walk stopped after this table without reading the next one.
                let why = steps.iter().find(|s| !s.ok).map(Step::sentence);
                return Err(BuildError::Walk(why.unwrap_or_default()));
            }
            _ if level == m.level && kind != DescKind::Table => {
                let leaf = [
                    (S1LeafDesc::AP, u64::from(m.ap)),
                    (S1LeafDesc::UXN, u64::from(m.uxn)),
                    (S1LeafDesc::PXN, u64::from(m.pxn)),
                    (S1LeafDesc::AttrIndx, u64::from(m.attr_indx)),
                    (S1LeafDesc::SH, u64::from(m.sh)),
                ]
                .iter()
                .fold(S1LeafDesc::mapping(m.level, m.pa).0, |w, (f, v)| {
                    set(w, *f, *v)
                });
                let what = DescKind::leaf_at(m.level).name();
                let replaced = kind != DescKind::Invalid;
                s.memory.insert(at, leaf);
                done.push(format!(
                    "{} the level {level} {what} descriptor at 0x{at:x}: VA 0x{:x} → PA 0x{:x}",
                    if replaced { "replaced" } else { "wrote" },
                    m.va,
                    m.pa
                ));
                return Ok(Built { scenario: s, done });
            }
            _ => return Err(BuildError::InTheWay { kind, level }),
        }
    }
    Err(BuildError::NoRoom)
}
