//! The level loop both stages share (AArch64.S1Walk(), AArch64.S2Walk()):
//! read the entry, decode it, follow a table descriptor to the next level,
//! stop at a block or page. What differs between the stages (how the entry
//! is reached, what a table descriptor adds, how a fault is reported) is
//! the [`Stage`] a walk implements.

use super::format::Format;
use super::geometry::{Entry, Geometry};
use super::step;
use super::variant::{At, Variant, record_later};
use crate::addr::{Pa, Word, any_at_or_above};
use crate::descriptor::DescKind;
use crate::fault::{self, FaultKind};
use crate::rules::Rule;
use crate::trace::{AddrWhat, Sink, Step, StepKind, record};

/// One stage's part in the level loop.
pub trait Stage {
    /// How the walk fails.
    type Fail;
    /// Which stage.
    const STAGE: fault::Stage;
    /// The rule an Index step cites.
    const INDEX_RULE: Rule;

    /// The fault of `kind` at `level`.
    fn fault(&self, kind: FaultKind, level: i8) -> Self::Fail;

    /// Reads the descriptor at the entry address `entry` for `level`: the
    /// PA read and the descriptor as the walk sees it, `None` where no
    /// memory answers.
    ///
    /// # Errors
    /// A fault reaching the entry (stage 2 under a stage 1 walk).
    fn read<S: Sink>(
        &mut self,
        entry: u64,
        level: i8,
        sink: &mut S,
    ) -> Result<(u64, Option<u64>), Self::Fail>;

    /// The failure of a read that found no memory at `level`.
    fn read_abort(&self, level: i8) -> Self::Fail;

    /// Whether descriptors are read big-endian.
    fn big_endian(&self) -> bool {
        false
    }

    /// A table descriptor at `level` pointing at `next`: its step.
    fn table<S: Sink>(&mut self, level: i8, raw: u64, next: u64, sink: &mut S);
}

/// What the level loop walks with.
#[derive(Clone, Copy, Debug)]
pub struct Walk<'f> {
    /// The geometry.
    pub geometry: Geometry,
    /// The output size the address checks use.
    pub oa_bits: u8,
    /// The format the walk uses.
    pub fmt: &'f Format,
    /// The format the architecture would use.
    pub arch: &'f Format,
}

impl Walk<'_> {
    /// The walk at `level` of `stage`, for the variant's answers.
    pub fn at(&self, stage: fault::Stage, level: i8) -> At<'_> {
        At {
            stage,
            level,
            granule: self.geometry.granule,
            fmt: self.fmt,
            arch: self.arch,
        }
    }
}

/// Where the level loop stopped: the leaf.
#[derive(Clone, Copy, Debug)]
pub struct Reached {
    /// Its level.
    pub level: i8,
    /// The descriptor.
    pub raw: u64,
    /// The entry's address as the stage addresses it (at stage 1 under a
    /// stage 2, an IPA).
    pub entry: u64,
    /// The PA the descriptor was read from.
    pub pa: u64,
}

/// From the entry `first` at the start level to the leaf.
///
/// # Errors
/// The stage's fault: a Translation fault for an invalid or reserved
/// descriptor, an Address size fault for a next table above the output size,
/// a read that fails.
pub fn walk<W: Stage, V: Variant, S: Sink>(
    v: &V,
    w: &mut W,
    walk: &Walk<'_>,
    ia: u64,
    first: u64,
    sink: &mut S,
) -> Result<Reached, W::Fail> {
    let mut level = walk.geometry.start;
    let mut entry = first;
    loop {
        let (pa, word) = w.read(entry, level, sink)?;
        let Some(raw) = word else {
            record(sink, || {
                step(
                    W::STAGE,
                    Some(level),
                    false,
                    Rule::ExternalAbortOnWalk,
                    StepKind::ReadAbort { at: Pa(pa) },
                )
            });
            return Err(w.read_abort(level));
        };
        let at = walk.at(W::STAGE, level);
        let (kind, differs) = v.descriptor(at, raw).split();
        record(sink, || {
            step(
                W::STAGE,
                Some(level),
                !matches!(kind, DescKind::Invalid | DescKind::Reserved),
                match kind {
                    DescKind::Invalid => Rule::InvalidDescriptor,
                    DescKind::Reserved => Rule::ReservedDescriptor,
                    _ => Rule::DescriptorType,
                },
                StepKind::Read {
                    at: Pa(pa),
                    raw: Word(raw),
                    big_endian: w.big_endian(),
                    kind,
                },
            )
        });
        record_later(sink, differs);
        match kind {
            // R_DYNYQ, R_KRMJZ: a Translation fault at this level.
            DescKind::Invalid | DescKind::Reserved => {
                return Err(w.fault(FaultKind::Translation, level));
            }
            DescKind::Block | DescKind::Page => {
                return Ok(Reached {
                    level,
                    raw,
                    entry,
                    pa,
                });
            }
            DescKind::Table => {}
        }
        let next = v.next_table(at, raw).take(sink);
        w.table(level, raw, next, sink);
        let e = walk.geometry.entry(next, ia, level + 1);
        // R_BFHQH: a next-level table address above the output size faults
        // at the level of the table descriptor that holds it.
        if !size_check(W::STAGE, AddrWhat::Table, e.addr, walk.oa_bits, level, sink) {
            return Err(w.fault(FaultKind::AddressSize, level));
        }
        level += 1;
        record(sink, || index_step(W::STAGE, W::INDEX_RULE, level, ia, &e));
        entry = e.addr;
    }
}

/// The first entry: its Index step and its check against the output size
/// (R_CVSBH, R_BFHQH); false when it does not fit.
pub fn first_entry<W: Stage, S: Sink>(
    _w: &W,
    walk: &Walk<'_>,
    ia: u64,
    e: &Entry,
    sink: &mut S,
) -> bool {
    let level = walk.geometry.start;
    record(sink, || index_step(W::STAGE, W::INDEX_RULE, level, ia, e));
    size_check(W::STAGE, AddrWhat::Ttbr, e.addr, walk.oa_bits, level, sink)
}

/// Checks `addr` against the output size, with its step; true when it fits.
pub fn size_check<S: Sink>(
    stage: fault::Stage,
    what: AddrWhat,
    addr: u64,
    oa_bits: u8,
    level: i8,
    sink: &mut S,
) -> bool {
    let fits = !any_at_or_above(addr, oa_bits);
    record(sink, || {
        step(
            stage,
            Some(level),
            fits,
            match what {
                AddrWhat::Output => Rule::AddressSizeOutput,
                _ => Rule::AddressSizeTable,
            },
            StepKind::AddressSize {
                what,
                addr: Word(addr),
                oa_bits,
            },
        )
    });
    fits
}

/// The Index step of the entry `e` at `level`.
pub fn index_step(stage: fault::Stage, rule: Rule, level: i8, ia: u64, e: &Entry) -> Step {
    step(
        stage,
        Some(level),
        true,
        rule,
        StepKind::Index {
            ia: Word(ia),
            hi: e.hi,
            lo: e.lo,
            index: crate::addr::bits(ia, e.hi, e.lo),
            table: Word(e.table),
            entry: Word(e.addr),
        },
    )
}
