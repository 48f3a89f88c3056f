//! The address-space map, in the style of Linux's ptdump: every mapping the
//! scenario's tables define, for each TTBR, one row per contiguous region
//! (VA range, size, output address, level, block or page, memory type, EL1
//! and EL0 permissions), with the guest hypervisor's stage 2 applied when it
//! is on.
//!
//! Nothing here re-implements a rule of the walker: the set-up of each half
//! is the core's [`atwalk_core::stage1::setup_phase`], descriptors are
//! decoded with [`atwalk_core::descriptor`], the leaf's output address and
//! access flag are [`atwalk_core::walk::leaf::output`], permissions are
//! [`atwalk_core::perms`], attributes [`atwalk_core::attrs::output`], and
//! every stage 2 translation is the core's [`atwalk_core::stage2::s2_walk`].
//! The tests walk an address of every region with the core's AT
//! instruction and compare.
//!
//! The work is bounded: at most [`MapOptions::max_entries`] descriptors are
//! looked at (tables may be shared, so a small memory can describe a huge
//! tree) and at most [`MapOptions::max_rows`] rows kept; `truncated` says
//! when a bound was hit.

mod enumerate;
mod full_tree;
mod leaf;
mod render;

use atwalk_core::fault::FaultKind;
use atwalk_core::regs::MemAttr;
use atwalk_core::scenario::Scenario;

pub use full_tree::full_tree_4k;
pub use render::{kind_text, mem_text, s2_text, size_text, to_json, to_text};

/// Bounds on the work of [`map`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MapOptions {
    /// At most this many descriptors are examined.
    pub max_entries: usize,
    /// At most this many rows are kept.
    pub max_rows: usize,
    /// At most this many stage 2 walks split outputs by stage 2 leaves.
    pub max_s2_walks: usize,
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions {
            max_entries: 4_000_000,
            max_rows: 1_000_000,
            max_s2_walks: 1_000_000,
        }
    }
}

/// Read, write and execute permission at one Exception level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rwx {
    /// Read.
    pub r: bool,
    /// Write.
    pub w: bool,
    /// Execute.
    pub x: bool,
}

impl Rwx {
    /// `rwx`, with `-` for each permission missing.
    pub fn text(self) -> String {
        [(self.r, 'r'), (self.w, 'w'), (self.x, 'x')]
            .iter()
            .map(|&(on, c)| if on { c } else { '-' })
            .collect()
    }
}

/// A block or a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeafKind {
    /// A block descriptor.
    Block,
    /// A page descriptor (level 3).
    Page,
}

/// What stage 2 does with a region's output (stage 2 on only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum S2Map {
    /// Stage 2 maps it with S2AP (bit 0 read, bit 1 write).
    Mapped {
        /// S2AP.
        s2ap: u8,
    },
    /// Stage 2 does not map it: this fault, at this stage 2 level.
    Fault {
        /// The fault.
        kind: FaultKind,
        /// Its level.
        level: i8,
    },
}

/// One row: a contiguous run of leaves with the same properties.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    /// 0 for TTBR0_EL1, 1 for TTBR1_EL1.
    pub ttbr: u8,
    /// The first VA.
    pub va: u64,
    /// Bytes mapped.
    pub size: u64,
    /// The stage 1 output of `va`: what PAR_EL1.PA reports (an IPA when
    /// stage 2 is on).
    pub oa: u64,
    /// The PA of `va`: `oa` when stage 2 is off, stage 2's output when it is
    /// on (`None`: stage 2 does not map it).
    pub pa: Option<u64>,
    /// The leaves' level.
    pub level: i8,
    /// Block or page.
    pub kind: LeafKind,
    /// The leaves have the Contiguous bit.
    pub contiguous: bool,
    /// PAR_EL1.ATTR of a translation here (the MAIR_EL1 byte).
    pub attr: u8,
    /// The memory type in effect (Normal Non-cacheable when SCTLR_EL1.C = 0).
    pub mem: MemAttr,
    /// EL1's permissions (WXN applied; PAN not).
    pub el1: Rwx,
    /// EL0's permissions (WXN and E0PD applied).
    pub el0: Rwx,
    /// With PSTATE.PAN set, AT S1E1RP/WP (and PAN-aware EL1 accesses) may
    /// not read or write here.
    pub pan: bool,
    /// A walk to this leaf faults at the leaf (Access flag, Address size).
    pub fault: Option<FaultKind>,
    /// Stage 2's part (stage 2 on only).
    pub s2: Option<S2Map>,
}

/// Something about a half or a table that the rows cannot show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapNote {
    /// 0 or 1: the TTBR the note is about.
    pub ttbr: u8,
    /// What happened, in a sentence (the core's own sentence where it has one).
    pub text: String,
}

/// The walk parameters of one half, for the table's heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HalfInfo {
    /// 0 or 1.
    pub ttbr: u8,
    /// The granule's log2 size (12, 14, 16).
    pub granule_bits: u8,
    /// The VA size (64 - TxSZ).
    pub ia_bits: u8,
    /// The start level.
    pub start_level: i8,
    /// The output address size of the checks.
    pub oa_bits: u8,
    /// The first table's base.
    pub baddr: u64,
}

/// The whole map.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddressMap {
    /// The rows, TTBR0_EL1's first, each half in VA order.
    pub rows: Vec<Region>,
    /// The halves that were walked.
    pub halves: Vec<HalfInfo>,
    /// What the rows cannot show: halves not walked, tables not readable.
    pub notes: Vec<MapNote>,
    /// Stage 2 is on: `oa` is an IPA.
    pub stage2: bool,
    /// A bound of [`MapOptions`] was hit: the map is incomplete.
    pub truncated: bool,
    /// Descriptors examined.
    pub entries: usize,
}

/// The map of `s` with the default bounds.
pub fn map(s: &Scenario) -> AddressMap {
    map_with(s, MapOptions::default())
}

/// The map of `s` within `opts`.
pub fn map_with(s: &Scenario, opts: MapOptions) -> AddressMap {
    enumerate::run(s, opts)
}

impl Region {
    /// The last VA of the region.
    pub fn va_end(&self) -> u64 {
        self.va.wrapping_add(self.size - 1)
    }

    /// A VA in the middle of the region, for "walk an address here".
    pub fn sample(&self) -> u64 {
        self.va + self.size / 2
    }
}
