//! The stage 1 machines that several test files share, by topic: lookup
//! levels and TxSZ (s1_levels.rs, s1_txsz.rs), address checks
//! (s1_table_address_size.rs, s1_output_address_size.rs,
//! s1_va_range_epd.rs), and permissions (s1_perms*.rs). A test file says
//! `use common::stage1::*;` besides `use common::*;`.

use super::*;

// ---------------------------------------------------------------------------
// Lookup levels and TxSZ.

/// TCR_EL1 `tcr` with IPS 48 bits, TTBR0_EL1 at [`T0`], TTBR1_EL1 at [`T1`],
/// no memory.
pub fn base(tcr: u64) -> Setup {
    Setup::new(tcr | ips(0b101), T0).ttbr1(T1)
}

// ---------------------------------------------------------------------------
// Address checks.

/// 4KB, 39-bit VA (start level 1) through TTBR0 and TTBR1.
pub const K4_39: u64 = TG0_4K | t0sz(25) | TG1_4K | t1sz(25);
/// 4KB, 48-bit VA (start level 0).
pub const K4_48: u64 = TG0_4K | t0sz(16) | TG1_4K | t1sz(16);
/// 16KB, 48-bit VA (start level 0).
pub const K16_48: u64 = TG0_16K | t0sz(16) | TG1_16K | t1sz(16);
/// 64KB, 48-bit VA (start level 1).
pub const K64_48: u64 = TG0_64K | t0sz(16) | TG1_64K | t1sz(16);

/// TCR_EL1 `tcr` as given (IPS included), TTBR0_EL1 at [`T0`], TTBR1_EL1 at
/// [`T1`], no memory.
pub fn s(tcr: u64) -> Setup {
    Setup::new(tcr, T0).ttbr1(T1)
}

// ---------------------------------------------------------------------------
// Permissions.

/// 4KB, 39-bit VA through both TTBRs, IPS 48 bits.
pub const TCR: u64 = TG0_4K | t0sz(25) | TG1_4K | t1sz(25) | ips(0b101);

/// F, FST=0b001111 permission L3, RES1.
pub const PERM3: Want = Want::Par(0x0000_0000_0000_081f);

/// VA39 and VA39_HI mapped to OUT by a 4KB L3 page with `bits` besides the
/// OA, type, AF, SH and AttrIndx; `tbl` ORed into the L1 and L2 table
/// descriptors respectively.
pub fn page(tcr: u64, bits: u64, tbl: [u64; 2]) -> Setup {
    let leaf = OUT | PAGE | LEAF_ATTRS | bits;
    Setup::new(TCR | tcr, T0)
        .ttbr1(T1)
        .path_ex(12, 39, T0, 0, VA39, 3, leaf, &tbl)
        .path_ex(12, 39, T1, 8, VA39_HI, 3, leaf, &tbl)
}
