//! Translation table descriptors (VMSAv8-64, 64-bit): typed views for the
//! stage 1 and stage 2 table and leaf formats, the descriptor type decode
//! by level and granule, and the address fields including the 52-bit forms.

use crate::addr::{bits, mask};
use crate::granule::{FINAL_LEVEL, Granule};
use crate::regs::register;
use serde::Serialize;

register! {
    /// A stage 1 table descriptor (bits[1:0] = 0b11 above the last level).
    pub struct S1TableDesc = "stage 1 table descriptor" {
        /// Next-level table is Non-secure (Secure state only; ignored here).
        [63:63] NSTable => ns_table: bool,
        /// Access permission limit for all subsequent levels: bit 0 = no EL0 access, bit 1 = no write access.
        [62:61] APTable => ap_table: u8,
        /// Unprivileged execute-never for all subsequent levels.
        [60:60] UXNTable => uxn_table: bool,
        /// Privileged execute-never for all subsequent levels.
        [59:59] PXNTable => pxn_table: bool,
        /// Next-level table address bits [49:48] when TCR_EL1.DS = 1.
        [49:48] NLTA_HI => nlta_hi: u8,
        /// Next-level table address [47:12] (4KB), [47:14] (16KB), [47:16] (64KB).
        [47:12] NLTA => nlta: u64,
        /// Next-level table address bits [51:48] with the 64KB granule and 52-bit OAs.
        [15:12] NLTA_52 => nlta_52: u8,
        /// Access flag of a table (FEAT_HAFT; ignored here).
        [10:10] AF => af: bool,
        /// Next-level table address bits [51:50] when TCR_EL1.DS = 1.
        [9:8] NLTA_DS => nlta_ds: u8,
        /// Descriptor type: 1 = table (or page at the last level).
        [1:1] Type => type_: bool,
        /// Valid.
        [0:0] Valid => valid: bool,
    }
}

register! {
    /// A stage 1 block or page descriptor.
    pub struct S1LeafDesc = "stage 1 block/page descriptor" {
        /// Page-based hardware attributes / IMPLEMENTATION DEFINED.
        [62:59] PBHA => pbha: u8,
        /// Unprivileged execute-never.
        [54:54] UXN => uxn: bool,
        /// Privileged execute-never.
        [53:53] PXN => pxn: bool,
        /// Contiguous: a hint that this entry is one of a contiguous set.
        [52:52] Contiguous => contiguous: bool,
        /// Dirty Bit Modifier (FEAT_HAFDBS).
        [51:51] DBM => dbm: bool,
        /// Guarded page (BTI).
        [50:50] GP => gp: bool,
        /// Output address bits [49:48] when TCR_EL1.DS = 1.
        [49:48] OA_HI => oa_hi: u8,
        /// Output address [47:n], n the log2 of the block or page size.
        [47:12] OA => oa: u64,
        /// Output address bits [51:48] with the 64KB granule and 52-bit OAs.
        [15:12] OA_52 => oa_52: u8,
        /// Not global: the translation is ASID-specific.
        [11:11] nG => ng: bool,
        /// Access flag: 0 faults on first access unless hardware manages it (TCR_EL1.HA).
        [10:10] AF => af: bool,
        /// Shareability (or output address bits [51:50] when TCR_EL1.DS = 1).
        [9:8] SH => sh: u8,
        /// Access permissions AP[2:1]: 0b00 EL1 RW, 0b01 EL1+EL0 RW, 0b10 EL1 RO, 0b11 EL1+EL0 RO.
        [7:6] AP => ap: u8,
        /// Non-secure (Secure state only; ignored here).
        [5:5] NS => ns: bool,
        /// Index of the MAIR_EL1 attribute byte.
        [4:2] AttrIndx => attr_indx: u8,
        /// Descriptor type: 0 = block, 1 = page (at the last level).
        [1:1] Type => type_: bool,
        /// Valid.
        [0:0] Valid => valid: bool,
    }
}

register! {
    /// A stage 2 table descriptor: only the next table's address. Stage 2 has no hierarchical
    /// limits: AArch64.S2NextWalkStateTable() (J1.1.4.78) reads the next table's base and nothing
    /// else, where AArch64.S1NextWalkStateTable() also takes APTable, UXNTable and PXNTable.
    pub struct S2TableDesc = "stage 2 table descriptor" {
        /// Next-level table address bits [49:48] when VTCR_EL2.DS = 1.
        [49:48] NLTA_HI => nlta_hi: u8,
        /// Next-level table address [47:12] (4KB), [47:14] (16KB), [47:16] (64KB).
        [47:12] NLTA => nlta: u64,
        /// Next-level table address bits [51:48] with the 64KB granule and 52-bit OAs.
        [15:12] NLTA_52 => nlta_52: u8,
        /// Next-level table address bits [51:50] when VTCR_EL2.DS = 1.
        [9:8] NLTA_DS => nlta_ds: u8,
        /// Descriptor type: 1 = table (or page at the last level).
        [1:1] Type => type_: bool,
        /// Valid.
        [0:0] Valid => valid: bool,
    }
}

register! {
    /// A stage 2 block or page descriptor.
    pub struct S2LeafDesc = "stage 2 block/page descriptor" {
        /// Execute-never controls XN[1:0].
        [54:53] XN => xn: u8,
        /// Contiguous hint.
        [52:52] Contiguous => contiguous: bool,
        /// Dirty Bit Modifier.
        [51:51] DBM => dbm: bool,
        /// Output address bits [49:48] when VTCR_EL2.DS = 1.
        [49:48] OA_HI => oa_hi: u8,
        /// Output address [47:n].
        [47:12] OA => oa: u64,
        /// Output address bits [51:48] with the 64KB granule and 52-bit OAs.
        [15:12] OA_52 => oa_52: u8,
        /// Access flag.
        [10:10] AF => af: bool,
        /// Shareability (or output address bits [51:50] when VTCR_EL2.DS = 1).
        [9:8] SH => sh: u8,
        /// Stage 2 access permissions S2AP: bit 0 = read, bit 1 = write.
        [7:6] S2AP => s2ap: u8,
        /// Stage 2 memory attributes: 0b00xx is Device memory.
        [5:2] MemAttr => mem_attr: u8,
        /// Descriptor type: 0 = block, 1 = page (at the last level).
        [1:1] Type => type_: bool,
        /// Valid.
        [0:0] Valid => valid: bool,
    }
}

/// What a descriptor is at the level it was read from (AArch64.DecodeDescriptorType()).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DescKind {
    /// bit[0] = 0: a Translation fault.
    Invalid,
    /// bits[1:0] = 0b11 above the last level: points to the next table.
    Table,
    /// bits[1:0] = 0b01 at a level that supports blocks.
    Block,
    /// bits[1:0] = 0b11 at the last level.
    Page,
    /// bits[1:0] = 0b01 where no block is allowed (or at level 3): a reserved
    /// encoding, which gives a Translation fault.
    Reserved,
}

/// How a descriptor carries output address bits above 47.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Oa52 {
    /// No: bits above 47 are zero.
    None,
    /// TCR_EL1.DS/VTCR_EL2.DS = 1 (4KB, 16KB): OA[51:50] in bits[9:8], OA[49:48] in bits[49:48].
    Ds,
    /// 64KB granule: OA[51:48] in bits[15:12].
    Lpa64K,
}

/// AArch64.BlockDescSupported(): whether a block descriptor is allowed at
/// `level`. `ds` is the effective DS bit, `pa52` whether the PE implements
/// 52-bit PAs (AArch64.PAMax() >= 52).
pub fn block_allowed(granule: Granule, level: i8, ds: bool, pa52: bool) -> bool {
    match granule {
        Granule::K4 => (level == 0 && ds) || level == 1 || level == 2,
        Granule::K16 => (level == 1 && ds) || level == 2,
        Granule::K64 => (level == 1 && pa52) || level == 2,
    }
}

/// AArch64.DecodeDescriptorType() for a 64-bit descriptor.
pub fn decode_kind(raw: u64, granule: Granule, level: i8, ds: bool, pa52: bool) -> DescKind {
    let d = S1TableDesc(raw);
    if !d.valid() {
        DescKind::Invalid
    } else if d.type_() {
        if level == FINAL_LEVEL {
            DescKind::Page
        } else {
            DescKind::Table
        }
    } else if block_allowed(granule, level, ds, pa52) {
        DescKind::Block
    } else {
        DescKind::Reserved
    }
}

/// Output address bits [51:48] carried by a descriptor in its 52-bit form.
fn oa_51_48(raw: u64, oa52: Oa52) -> u64 {
    match oa52 {
        Oa52::None => 0,
        // descriptor<9:8>:descriptor<49:48>
        Oa52::Ds => (bits(raw, 9, 8) << 50) | (bits(raw, 49, 48) << 48),
        // descriptor<15:12>
        Oa52::Lpa64K => bits(raw, 15, 12) << 48,
    }
}

/// AArch64.NextTableBase(): the next-level table address in a table descriptor.
pub fn next_table_base(raw: u64, granule: Granule, oa52: Oa52) -> u64 {
    (raw & mask(47, granule.bits())) | oa_51_48(raw, oa52)
}

/// AArch64.S1LeafBase() / AArch64.S2LeafBase(): the output address in a
/// block or page descriptor, aligned to the size the leaf maps.
pub fn leaf_base(raw: u64, granule: Granule, level: i8, oa52: Oa52) -> u64 {
    (raw & mask(47, granule.leaf_bits(level))) | oa_51_48(raw, oa52)
}

impl Oa52 {
    /// The form a walk's descriptors use: OA[51:48] in bits [15:12] with the
    /// 64KB granule, in bits [9:8] and [49:48] with DS = 1, none otherwise.
    ///
    /// IMPLEMENTATION DEFINED "descriptor[15:12] for 64KB granule are
    /// OA[51:48]" (AArch64.S1LeafBase(), AArch64.NextTableBase()): this model
    /// says yes even without 52-bit PAs, so non-zero bits there give an
    /// Address size fault (R_WDZFC: not faulting is deprecated).
    pub const fn for_walk(granule: Granule, ds: bool) -> Oa52 {
        match granule {
            Granule::K64 => Oa52::Lpa64K,
            _ if ds => Oa52::Ds,
            _ => Oa52::None,
        }
    }
}

impl S2LeafDesc {
    /// MemAttr[3:2] = 0b00: stage 2 Device memory (S2MemAttrDecode()).
    pub fn device(self) -> bool {
        self.mem_attr() & 0b1100 == 0
    }
}

impl DescKind {
    /// The kind of a leaf at `level`: a page at the last level, else a block.
    pub const fn leaf_at(level: i8) -> DescKind {
        if level == FINAL_LEVEL {
            DescKind::Page
        } else {
            DescKind::Block
        }
    }

    /// Lower-case name for sentences.
    pub const fn name(self) -> &'static str {
        match self {
            DescKind::Invalid => "invalid",
            DescKind::Table => "table",
            DescKind::Block => "block",
            DescKind::Page => "page",
            DescKind::Reserved => "reserved",
        }
    }
}

impl S1TableDesc {
    /// A valid table descriptor that points to the next-level table at `next` (its address bits
    /// [47:12]); the hierarchical limits and the 52-bit address bits zero.
    pub const fn pointing_to(next: u64) -> S1TableDesc {
        S1TableDesc(Self::Valid.mask() | Self::Type.mask() | (next & Self::NLTA.mask()))
    }
}

impl S1LeafDesc {
    /// A valid descriptor at `level` that maps `out` (its address bits [47:12]): a page at the
    /// last level, else a block; the access flag set, EL1 read/write only (AP 0b00), AttrIndx 0.
    pub const fn mapping(level: i8, out: u64) -> S1LeafDesc {
        let page = if level == FINAL_LEVEL {
            Self::Type.mask()
        } else {
            0
        };
        S1LeafDesc(Self::Valid.mask() | page | Self::AF.mask() | (out & Self::OA.mask()))
    }
}

impl S2LeafDesc {
    /// A valid descriptor at `level` that maps `out` (its address bits [47:12]): a page at the
    /// last level, else a block; the access flag set, read/write (S2AP 0b11), Normal Write-Back
    /// memory (MemAttr 0b1111).
    pub const fn mapping(level: i8, out: u64) -> S2LeafDesc {
        let page = if level == FINAL_LEVEL {
            Self::Type.mask()
        } else {
            0
        };
        S2LeafDesc(
            Self::Valid.mask()
                | page
                | Self::AF.mask()
                | Self::S2AP.mask()
                | Self::MemAttr.mask()
                | (out & Self::OA.mask()),
        )
    }
}
