//! The addresses the table-driven tests share: the first stage 1 tables of
//! TTBR0_EL1 and TTBR1_EL1, the output address of their pages, the VAs they
//! translate (39, 48 and 52 bits, lower and upper range), and the PAR of a
//! successful walk to that output address.

use super::*;

/// The first TTBR0_EL1 table.
pub const T0: u64 = 0x4000_0000;
/// The first TTBR1_EL1 table.
pub const T1: u64 = 0x4002_0000;
/// The output address (stage 1) of the pages and blocks.
pub const OUT: u64 = 0x4050_0000;
/// A 39-bit lower-range VA: 4KB L1 idx 0x155, L2 0x019, L3 0x017.
pub const VA39: u64 = 0x0000_0055_4321_7678;
/// The 39-bit upper-range VA with the same indices.
pub const VA39_HI: u64 = 0xffff_ffd5_4321_7678;
/// A 48-bit lower-range VA: L0 idx 0xb4, L1 0x169, L2 0x019, L3 0x017 (4KB).
pub const VA48: u64 = 0x0000_5a5a_4321_7678;
/// The 48-bit upper-range VA with the same indices.
pub const VA48_HI: u64 = 0xffff_5a5a_4321_7678;
/// A 52-bit lower-range VA: 4KB L-1 idx 0xa, then as [`VA48`].
pub const VA52: u64 = 0x000a_5a5a_4321_7678;
/// The 52-bit upper-range VA with the same indices.
pub const VA52_HI: u64 = 0xfffa_5a5a_4321_7678;

/// A 4KB page at [`OUT`] with [`LEAF_ATTRS`]: ATTR 0xff, PA 0x4050_0000, NS,
/// SH 0b11, RES1 (with stage 2 on, the IPA 0x4050_0000).
pub const OK: Want = Want::Par(0xff00_0000_4050_0b80);
