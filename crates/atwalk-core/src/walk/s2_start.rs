//! What a stage 2 walk's set-up hands to its level loop, and how a stage 2
//! walk fails: the types a variant's own stage 2 set-up also produces.

use super::format::Format;
use super::geometry::Geometry;
use crate::fault::Fault;
use crate::granule::Granule;
use crate::trace::S2NoStatus;

/// VTCR_EL2 as the architecture reads it, for a variant's own set-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct S2Config {
    /// The granule (after the variant's choice for a reserved TG0).
    pub granule: Granule,
    /// VTCR_EL2.T0SZ.
    pub t0sz: u8,
    /// VTCR_EL2.SL0.
    pub sl0: u8,
    /// VTCR_EL2.PS.
    pub ps: u8,
    /// 64 - T0SZ.
    pub ia_bits: u8,
    /// The architecture's effective DS.
    pub ds: bool,
    /// The architecture accepts T0SZ and the start level (AArch64.S2TxSZFaults(),
    /// AArch64.S2InvalidSL(), AArch64.S2InconsistentSL()).
    pub ok: bool,
}

/// A stage 2 walk ready for its first read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct S2Start {
    /// The geometry.
    pub geometry: Geometry,
    /// The output size the checks use.
    pub oa_bits: u8,
    /// The format the walk reads descriptors with.
    pub fmt: Format,
    /// The format the architecture would use.
    pub arch: Format,
    /// The first entry's address.
    pub first_entry: u64,
}

/// How a stage 2 walk failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum S2Fail {
    /// A stage 2 fault on the walk, at the stage 2 level.
    Fault(Fault),
    /// An error with no fault status (KVM's nested.c: -EFAULT and friends).
    NoStatus(S2NoStatus),
}
