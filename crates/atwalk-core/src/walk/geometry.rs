//! The shape of a walk: which input bits index the table at each level,
//! where the entry is, the start level, the first table's size and base.
//! One geometry serves both stages.

use crate::addr::{bits, mask};
use crate::features::Feature;
use crate::granule::{DESC_SIZE_LOG2, FINAL_LEVEL, Granule};
use crate::machine::Machine;
use crate::memory::PhysMem;

/// A walk's geometry: the granule, the input size and the start level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Geometry {
    /// The granule.
    pub granule: Granule,
    /// The input address size (64 - TxSZ).
    pub ia_bits: u8,
    /// The initial lookup level.
    pub start: i8,
}

impl Geometry {
    /// The input bits `[hi:lo]` that index the table at `level`
    /// (AArch64.S1SLTTEntryAddress()/AArch64.S2SLTTEntryAddress() at the
    /// start level, AArch64.TTEntryAddress() below it): the start level's
    /// table resolves every bit up to the input size.
    pub fn index_bits(&self, level: i8) -> (u8, u8) {
        let stride = self.granule.stride();
        let lo = (FINAL_LEVEL - level) as u8 * stride + self.granule.bits();
        let hi = if level == self.start {
            self.ia_bits - 1
        } else {
            lo + stride - 1
        };
        (hi, lo)
    }

    /// The entry of `table` that `ia` selects at `level`: its index bits
    /// and its address, table + 8 * index.
    pub fn entry(&self, table: u64, ia: u64, level: i8) -> Entry {
        let (hi, lo) = self.index_bits(level);
        Entry {
            hi,
            lo,
            table,
            addr: table | (bits(ia, hi, lo) << DESC_SIZE_LOG2),
        }
    }

    /// log2 of the first table's size in bytes.
    pub fn first_table_bits(&self) -> u8 {
        first_table_bits(self.granule, self.ia_bits, self.start)
    }
}

/// A table entry a walk reads: the index bits and the entry's address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The highest input bit of the index.
    pub hi: u8,
    /// The lowest input bit of the index.
    pub lo: u8,
    /// The table's base.
    pub table: u64,
    /// The entry's address.
    pub addr: u64,
}

/// AArch64.S1StartLevel(): the level whose table resolves the top VA bits.
pub fn start_level(granule: Granule, ia_bits: u8) -> i8 {
    FINAL_LEVEL - ((ia_bits - 1 - granule.bits()) / granule.stride()) as i8
}

/// Size in bytes (log2) of the first table (tsize in AArch64.S1TTBaseAddress()).
pub fn first_table_bits(granule: Granule, ia_bits: u8, start: i8) -> u8 {
    let levels = (FINAL_LEVEL - start) as u8;
    ia_bits - (levels * granule.stride() + granule.bits()) + DESC_SIZE_LOG2
}

/// AArch64.S1TTBaseAddress()/AArch64.S2TTBaseAddress(): the base from a
/// TTBR's BADDR, with BADDR[51:48] in bits [5:2] when `baddr52`, aligned to
/// the first table's size (lower bits are ignored).
pub fn table_base(ttbr: u64, table_bits: u8, baddr52: bool) -> u64 {
    let (base, tsize) = if baddr52 {
        (
            (bits(ttbr, 5, 2) << 48) | (ttbr & mask(47, 6)),
            table_bits.max(6),
        )
    } else {
        (ttbr & mask(47, 1), table_bits)
    };
    base & !mask(tsize - 1, 0)
}

/// The first table's size in bytes as the trace shows it (at least 64
/// bytes with a 52-bit BADDR, whose low bits hold BADDR[51:48]).
pub fn table_bytes(table_bits: u8, baddr52: bool) -> u64 {
    1u64 << table_bits.max(if baddr52 { 6 } else { 0 })
}

/// Whether a TTBR's (or VTTBR_EL2's) BADDR is in the 52-bit format, with
/// BADDR[51:48] in bits [5:2]: TTBR0_EL1.BADDR says so when DS = 1, or when
/// IPS (VTCR_EL2.PS) represents 52 bits with the 64KB granule. The register
/// text makes 0b111 represent the same size as 0b110 for VMSAv8-64, where
/// AArch64.S1TTBaseAddress() tests only 0b110: this model follows the
/// register text (so does QEMU). Without 52-bit PAs the extended format is
/// IMPLEMENTATION DEFINED: chosen with FEAT_LPA, as the pseudocode does.
pub const fn baddr_is_52bit(granule: Granule, ds: bool, ps: u8, lpa: bool) -> bool {
    ds || (matches!(granule, Granule::K64) && ps >= 0b110 && lpa)
}

/// The smallest and largest legal TxSZ: AArch64.S1MinTxSZ(), AArch64.MaxTxSZ().
pub fn txsz_limits<M: PhysMem>(m: &Machine<'_, M>, granule: Granule, ds: bool) -> (u8, u8) {
    let min = if m.has(Feature::Lva) && (granule == Granule::K64 || ds) {
        12
    } else {
        16
    };
    let max = if m.has(Feature::Ttst) {
        if granule == Granule::K64 { 47 } else { 48 }
    } else {
        39
    };
    (min, max)
}
