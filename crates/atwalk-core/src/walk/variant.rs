//! The seam between the architecture's walk and an implementation of it
//! that answers differently (KVM's software walk, in the kvm module).
//!
//! The walker asks a [`Variant`] at each point where an implementation may
//! choose otherwise. Each method receives what the architecture would use
//! and returns a [`Choice`]: the value the walk goes on with and, when that
//! parts from the architecture, the step that says so, which the walker
//! records where the trace needs it. Every method's default is the
//! architecture; [`Arch`] overrides nothing. The walker's files know of no
//! variant but this trait.

use crate::addr::{Va, mask};
use crate::attrs::OutputAttrs;
use crate::descriptor::{DescKind, decode_kind, leaf_base, next_table_base};
use crate::fault::{Fault, Stage};
use crate::granule::Granule;
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::op::Access;
use crate::trace::{Sink, Step};
use crate::walk::format::Format;
use crate::walk::s2_start::{S2Config, S2Fail, S2Start};

/// A value the variant chose, and the step that records where it parts
/// from the architecture (none when it does not).
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub struct Choice<T> {
    /// What the walk goes on with.
    pub value: T,
    /// The variant's step, when its value differs from the architecture's
    /// (boxed: the architecture's answer, by far the most common, carries a
    /// null pointer, not a step's worth of bytes).
    pub differs: Option<Box<Step>>,
}

impl<T> Choice<T> {
    /// The architecture's value, nothing to record.
    pub const fn arch(value: T) -> Choice<T> {
        Choice {
            value,
            differs: None,
        }
    }

    /// `value`, with `step` recorded when `differs` holds.
    pub fn unless(value: T, differs: bool, step: impl FnOnce() -> Step) -> Choice<T> {
        Choice {
            value,
            differs: differs.then(|| Box::new(step())),
        }
    }

    /// Records the variant's step (if any) and returns the value.
    pub fn take<S: Sink>(self, sink: &mut S) -> T {
        if let Some(s) = self.differs
            && S::ENABLED
        {
            sink.push(*s);
        }
        self.value
    }

    /// The value and the step, to record the step later.
    pub fn split(self) -> (T, Option<Box<Step>>) {
        (self.value, self.differs)
    }
}

/// Records a step a [`Choice`] held back.
pub fn record_later<S: Sink>(sink: &mut S, step: Option<Box<Step>>) {
    if let Some(s) = step
        && S::ENABLED
    {
        sink.push(*s);
    }
}

/// What a walk knows at one of its levels, for the variant's answers.
#[derive(Clone, Copy, Debug)]
pub struct At<'f> {
    /// Stage 1 or 2.
    pub stage: Stage,
    /// The level.
    pub level: i8,
    /// The granule.
    pub granule: Granule,
    /// The format the walk uses.
    pub fmt: &'f Format,
    /// The format the architecture would use.
    pub arch: &'f Format,
}

/// An implementation of the translation walk, asked at each choice point.
/// Every default is the architecture's answer.
pub trait Variant {
    /// Checks made before anything else of stage 1 (the architecture has none).
    ///
    /// # Errors
    /// The variant's fault.
    fn before_s1<M: PhysMem, S: Sink>(
        &self,
        _m: &Machine<'_, M>,
        _va: Va,
        _sink: &mut S,
    ) -> Result<(), Fault> {
        Ok(())
    }

    /// The PA size a flat (stage 1 off) output is checked against.
    fn flat_pa_bits<M: PhysMem>(
        &self,
        _m: &Machine<'_, M>,
        _va: Va,
        _addr_top: u8,
        arch_bits: u8,
    ) -> Choice<u8> {
        Choice::arch(arch_bits)
    }

    /// The granule a reserved TGx encoding selects. IMPLEMENTATION
    /// DEFINED: the architecture model takes 4KB, the smallest, as QEMU's
    /// `-cpu max` does.
    fn reserved_granule(&self, _stage: Stage, _field: &'static str, _tg: u8) -> Choice<Granule> {
        Choice::arch(Granule::K4)
    }

    /// The legal TxSZ range (`arch`: AArch64.S1MinTxSZ(), AArch64.MaxTxSZ()).
    fn txsz_limits<M: PhysMem>(
        &self,
        _m: &Machine<'_, M>,
        _granule: Granule,
        _tcr_ds: bool,
        _txsz: u8,
        arch: (u8, u8),
    ) -> Choice<(u8, u8)> {
        Choice::arch(arch)
    }

    /// Whether EPDn is tested before E0PDn (the architecture: after).
    fn epd_before_e0pd<M: PhysMem>(
        &self,
        _m: &Machine<'_, M>,
        _acc: &Access,
        _epd: bool,
        _e0pd: bool,
    ) -> Choice<bool> {
        Choice::arch(false)
    }

    /// The level of a Translation fault the stage 1 set-up finds (an
    /// illegal TxSZ, a VA out of range, EPD, E0PD): level 0.
    fn setup_fault_level(&self, _granule: Granule, _txsz: u8) -> Choice<i8> {
        Choice::arch(0)
    }

    /// The output size the walk's address checks use
    /// (`arch_bits`: AArch64.PhysicalAddressSize()).
    fn output_size(&self, _stage: Stage, _ps: u8, arch_bits: u8) -> Choice<u8> {
        Choice::arch(arch_bits)
    }

    /// Stage 1's descriptor format and first table base, given the
    /// architecture's (`ttbr`, `table_bits` to compute its own base).
    fn s1_format<S: Sink>(
        &self,
        arch: Format,
        arch_base: u64,
        _ttbr: u64,
        _table_bits: u8,
        _sink: &mut S,
    ) -> (Format, u64) {
        (arch, arch_base)
    }

    /// What a descriptor is at this level: which blocks are allowed
    /// (AArch64.DecodeDescriptorType(), AArch64.BlockDescSupported()).
    fn descriptor(&self, at: At<'_>, raw: u64) -> Choice<DescKind> {
        Choice::arch(decode_kind(
            raw,
            at.granule,
            at.level,
            at.fmt.ds,
            at.fmt.pa52,
        ))
    }

    /// The next-level table address in a table descriptor (AArch64.NextTableBase()).
    fn next_table(&self, at: At<'_>, raw: u64) -> Choice<u64> {
        Choice::arch(next_table_base(raw, at.granule, at.fmt.oa52))
    }

    /// A block's or page's base (AArch64.S1LeafBase(), AArch64.S2LeafBase()).
    fn leaf_base(&self, at: At<'_>, raw: u64) -> Choice<u64> {
        Choice::arch(leaf_base(raw, at.granule, at.level, at.fmt.oa52))
    }

    /// The output address: the base with the input address's offset into
    /// the leaf (StageOA()). IMPLEMENTATION DEFINED (AArch64.ContiguousBit()):
    /// the architecture model treats the Contiguous bit as 0, as QEMU does,
    /// so it never widens the offset.
    fn output_address(&self, at: At<'_>, raw: u64, base: u64, ia: u64) -> Choice<u64> {
        let _ = raw;
        Choice::arch(base | (ia & mask(at.granule.leaf_bits(at.level) - 1, 0)))
    }

    /// The address the final output size check tests (AArch64.S1Walk(),
    /// AArch64.S2Walk(): "Detect Address Size Fault by final output").
    fn final_check_address(&self, _at: At<'_>, _base: u64, oa: u64, _oa_bits: u8) -> Choice<u64> {
        Choice::arch(oa)
    }

    /// Whether the walk checks the access flag at all (the architecture:
    /// always; a release of KVM before v6.16 does not).
    fn checks_af(&self, _at: At<'_>, _af: bool) -> Choice<bool> {
        Choice::arch(true)
    }

    /// Whether hardware manages the access flag (R_SWTYY): the format's HA.
    fn hardware_af(&self, at: At<'_>, _raw: u64) -> Choice<bool> {
        Choice::arch(at.fmt.ha)
    }

    /// Whether a DBM descriptor counts as writable (TCR_EL1.HD).
    fn dirty_state(&self, at: At<'_>, dbm: bool) -> Choice<bool> {
        Choice::arch(dbm && at.fmt.hd)
    }

    /// The attributes PAR_EL1 reports (`arch`: ReportedPARAttrs()); `desc_sh`
    /// is the shareability of the walk's format (the descriptor's SH, or
    /// TCR_EL1.SHn when the format has DS).
    fn par_attrs(
        &self,
        _level: i8,
        _desc_sh: u8,
        _sctlr_c: bool,
        arch: OutputAttrs,
    ) -> Choice<OutputAttrs> {
        Choice::arch(arch)
    }

    /// A stage 2 walk of its own from VTCR_EL2 to the first entry, in place
    /// of the architecture's (AArch64.S2Translate()'s checks): `None` walks
    /// as the architecture does.
    fn s2_setup<M: PhysMem, S: Sink>(
        &self,
        _m: &Machine<'_, M>,
        _ipa: u64,
        _arch: &S2Config,
        _sink: &mut S,
    ) -> Option<Result<S2Start, S2Fail>> {
        None
    }

    /// How a stage 2 descriptor read that finds no memory fails.
    fn s2_read_abort(&self, level: i8) -> S2Fail {
        S2Fail::Fault(Fault::s2_on_walk(
            crate::fault::FaultKind::SyncExternalOnWalk,
            level,
        ))
    }

    /// The checks at a stage 2 leaf for a table read (HCR_EL2.PTW, S2AP):
    /// `None` checks as the architecture does.
    fn s2_leaf_checks<M: PhysMem, S: Sink>(
        &self,
        _m: &Machine<'_, M>,
        _level: i8,
        _raw: u64,
        _sink: &mut S,
    ) -> Option<()> {
        None
    }
}

/// The architecture: every answer is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Arch;

impl Variant for Arch {}
