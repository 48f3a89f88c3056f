//! Descriptor field constants (stage 1 and stage 2), the MAIR_EL1 the rows
//! use, and where the path placer puts its tables.

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
