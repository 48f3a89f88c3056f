//! The at-scenario/1 file format: everything needed to replay one trapped AT
//! instruction (the vCPU's registers, the guest memory holding its tables,
//! the host's side of KVM's fast path, the modelled CPU and the AT
//! operations), as defined in `docs/scenario-format.md`.
//!
//! [`Scenario::from_json`] reads a file and [`Scenario::to_json`] writes one;
//! `Scenario::from_json(&s.to_json()) == Ok(s)` for every scenario the loader
//! accepts.
//!
//! # What the loader accepts
//!
//! A file is rejected whole, never half-loaded, with a [`ScenarioError`]
//! whose `field` is a JSON path (`cpu.TCR_EL1`, `memory."0x40200004"`,
//! `queries[2].op`, `ram[1].size`, `kvm.shadow_s2[3]`, `features[0]`,
//! `pa_bits`, `format`) and whose `message` says why. The choices the spec
//! leaves open are made here:
//!
//! - `format`, `cpu`, `memory` and `queries` are required; `queries` may be
//!   an empty list, `cpu` and `memory` empty objects. `title`, `notes`,
//!   `ram`, `kvm`, `features` and `pa_bits` are optional.
//! - Every object rejects keys it does not know, and a key given twice.
//! - A hex string is `"0x"` (lower-case x) followed by 1 to 16 hex digits
//!   (either case), nothing else: no sign, spaces or `_`. More than 16
//!   digits is an error even with leading zeros; one that needs more than 64
//!   bits is reported as too wide. A number where a hex string belongs is a
//!   type error: 64-bit values do not survive JSON numbers.
//! - Memory keys must be multiples of 8; two keys naming the same address
//!   (`"0x08"` and `"0x8"`) are an error.
//! - A `ram` range has a non-zero size and ends at or below 2^64; ranges may
//!   overlap; `"ram": []` means no guest memory at all.
//! - `kvm.shadow_s2` is `"all"` or a list of distinct 4 KiB-aligned IPAs.
//! - `features` lists distinct feature names of the Arm ARM
//!   ([`ArmFeature::from_name`]: every `FEAT_` name that DDI 0487 M.a.a
//!   defines, spelt exactly as there, and the former names of
//!   [`FORMER_NAMES`] such as `FEAT_BBM`; at most [`ACCEPTED_NAME_COUNT`]). Only the eleven the model uses ([`Feature`]) shape the modelled
//!   CPU; the others are kept (written back by [`Scenario::to_json`]) and
//!   listed by [`Scenario::features_not_modelled`], but change no answer.
//!   A name that is not an Arm feature is an error whose message gives up to
//!   three closest real names; so is a withdrawn one (`FEAT_TME`).
//! - `pa_bits` is a JSON integer in [`PA_BITS_LEGAL`].
//! - A query's `expect` may hold `par` (hex), `path` (`"fast"`/`"slow"`) and
//!   `hw_par`: a hex string, or `null` for a synchronous Data Abort, in which
//!   case `"hw_abort": {"dfsc": "0x15"}` may give the fault status code
//!   (0x00 to 0x3f).
//!
//! # Limits
//!
//! So that no input can exhaust memory or hang the loader: at most
//! [`MAX_MEMORY_WORDS`] memory words, [`MAX_QUERIES`] queries,
//! [`MAX_RAM_RANGES`] RAM ranges, [`MAX_SHADOW_PAGES`] shadow stage 2 pages,
//! [`MAX_TEXT_BYTES`] bytes each of `title` and `notes`, and
//! [`MAX_JSON_VALUES`] JSON values in the whole file (checked while parsing,
//! so the work is linear in the input). JSON nesting deeper than 128 levels
//! is refused by the JSON parser.

mod hex;
mod json;
mod load;
mod queries;
mod write;

use std::fmt;

#[cfg(doc)]
use crate::features::{ACCEPTED_NAME_COUNT, FORMER_NAMES, PA_BITS_LEGAL};
use crate::features::{ArmFeature, CpuModel, Feature};
use crate::kvm::KvmPath;
use crate::machine::Regs;
use crate::op::AtOp;
use crate::regs::{HcrEl2, MairEl1, SctlrEl1, TcrEl1, Ttbr, VtcrEl2, VttbrEl2};

pub use crate::kvm::host::{KvmHost, ShadowS2};
pub use crate::memory::{RamRange, Words};

/// The `format` string of this version of the scenario format.
pub const FORMAT: &str = "at-scenario/1";

/// At most this many words in `memory`.
pub const MAX_MEMORY_WORDS: usize = 1_000_000;
/// At most this many entries in `queries`.
pub const MAX_QUERIES: usize = 10_000;
/// At most this many entries in `ram`.
pub const MAX_RAM_RANGES: usize = 10_000;
/// At most this many pages in `kvm.shadow_s2`.
pub const MAX_SHADOW_PAGES: usize = 100_000;
/// At most this many bytes (UTF-8) in each of `title` and `notes`.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;
/// At most this many JSON values (each scalar, array, object and object
/// member counts) in a whole file: room for the largest legal scenario.
pub const MAX_JSON_VALUES: usize = 3 * MAX_MEMORY_WORDS;

/// One AT scenario: the vCPU state, guest memory, host state, modelled CPU
/// and the AT operations to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// Short title; `""` when absent.
    pub title: String,
    /// Free text shown beside the scenario; `""` when absent.
    pub notes: String,
    /// The vCPU's registers when the guest hypervisor executed the AT.
    pub cpu: Cpu,
    /// Guest physical memory: 8-byte-aligned address to 64-bit little-endian
    /// word. Words not listed read as 0. Shared between copies of the
    /// scenario until one of them writes ([`Words`]).
    pub memory: Words,
    /// Where guest physical memory exists; `None`: every address below the
    /// output size exists.
    pub ram: Option<Vec<RamRange>>,
    /// The host's side, for KVM's fast/slow path model.
    pub kvm: KvmHost,
    /// The features the CPU implements, as the file lists them (Arm ARM
    /// names, modelled or not, in the file's order); `None`: the default
    /// CPU's. Only the modelled ones make up [`Scenario::cpu_model`].
    pub features: Option<Vec<ArmFeature>>,
    /// Implemented physical address size in bits, one of [`PA_BITS_LEGAL`];
    /// `None`: the default CPU's.
    pub pa_bits: Option<u8>,
    /// The AT operations to run, in order.
    pub queries: Vec<Query>,
}

/// The vCPU registers a scenario sets. An absent register is 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cpu {
    /// TCR_EL1 of the nested guest's EL1&0 regime.
    pub tcr_el1: u64,
    /// TTBR0_EL1.
    pub ttbr0_el1: u64,
    /// TTBR1_EL1.
    pub ttbr1_el1: u64,
    /// MAIR_EL1.
    pub mair_el1: u64,
    /// SCTLR_EL1.
    pub sctlr_el1: u64,
    /// The guest hypervisor's (virtual) HCR_EL2.
    pub hcr_el2: u64,
    /// The guest hypervisor's (virtual) VTCR_EL2.
    pub vtcr_el2: u64,
    /// The guest hypervisor's (virtual) VTTBR_EL2.
    pub vttbr_el2: u64,
    /// The guest hypervisor's PSTATE.PAN.
    pub pstate_pan: bool,
}

/// One AT operation to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Query {
    /// The AT instruction.
    pub op: AtOp,
    /// The virtual address it translates.
    pub va: u64,
    /// The outcome the scenario's author states, if any.
    pub expect: Option<Expect>,
}

/// The outcome a query's author states; each part is checked only if given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Expect {
    /// The PAR_EL1 KVM returns.
    pub par: Option<u64>,
    /// Which of KVM's paths answers.
    pub path: Option<KvmPath>,
    /// What hardware implementing the architecture exactly gives.
    pub hw_par: Option<HwExpect>,
}

/// The expected hardware outcome of an AT instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HwExpect {
    /// PAR_EL1 is written with this value (JSON `"hw_par": "0x..."`).
    Par(u64),
    /// A synchronous Data Abort (JSON `"hw_par": null`), with the fault
    /// status code from `"hw_abort": {"dfsc": "0x15"}` if given.
    Abort {
        /// The abort's DFSC, 0x00 to 0x3f; `None`: any.
        dfsc: Option<u8>,
    },
}

/// Why a scenario file was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// JSON path of the offending part, e.g. `cpu.TCR_EL1`,
    /// `memory."0x40200004"`, `queries[2].op`; `""` when the file as a whole
    /// is at fault (not JSON, not an object).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    /// `field: message`, or just the message when `field` is empty.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

impl Scenario {
    /// The modelled CPU: `features` and `pa_bits` where given, the default
    /// CPU's ([`CpuModel::default`]) where not.
    /// Of the listed features only the modelled ones count.
    pub fn cpu_model(&self) -> CpuModel {
        let mut model = match &self.features {
            Some(features) => {
                let modelled: Vec<Feature> = features.iter().filter_map(|f| f.modelled()).collect();
                CpuModel::new(&modelled, CpuModel::default().pa_bits)
            }
            None => CpuModel::default(),
        };
        if let Some(pa_bits) = self.pa_bits {
            model.pa_bits = pa_bits;
        }
        model
    }

    /// The listed features the model does not use, in the file's order:
    /// they change nothing atwalk computes. Empty when `features` is absent.
    pub fn features_not_modelled(&self) -> Vec<ArmFeature> {
        self.features
            .iter()
            .flatten()
            .copied()
            .filter(|f| f.modelled().is_none())
            .collect()
    }
}

/// The file's registers become the machine's typed registers.
impl From<&Cpu> for Regs {
    fn from(c: &Cpu) -> Self {
        Regs {
            tcr: TcrEl1(c.tcr_el1),
            ttbr0: Ttbr(c.ttbr0_el1),
            ttbr1: Ttbr(c.ttbr1_el1),
            mair: MairEl1(c.mair_el1),
            sctlr: SctlrEl1(c.sctlr_el1),
            hcr: HcrEl2(c.hcr_el2),
            vtcr: VtcrEl2(c.vtcr_el2),
            vttbr: VttbrEl2(c.vttbr_el2),
            pstate_pan: c.pstate_pan,
        }
    }
}
