//! TCR_EL1, Translation Control Register (EL1): Arm ARM D24.2.194.

use super::register;

register! {
    /// TCR_EL1: the stage 1 translation controls of the EL1&0 regime.
    /// Fields that end in 0 control the TTBR0_EL1 (lower) VA range, fields
    /// that end in 1 the TTBR1_EL1 (upper) range.
    pub struct TcrEl1 = "TCR_EL1" {
        /// Memory Tagging extension: logical address tag in VA[59:56] for TTBR1 (not modelled).
        [61:61] MTX1 => mtx1: bool,
        /// Memory Tagging extension: logical address tag in VA[59:56] for TTBR0 (not modelled).
        [60:60] MTX0 => mtx0: bool,
        /// 52-bit VAs and OAs with the 4KB and 16KB granules (FEAT_LPA2): descriptor bits [9:8] become OA[51:50].
        [59:59] DS => ds: bool,
        /// Unchecked tag accesses for TTBR1 (not modelled).
        [58:58] TCMA1 => tcma1: bool,
        /// Unchecked tag accesses for TTBR0 (not modelled).
        [57:57] TCMA0 => tcma0: bool,
        /// Unprivileged (EL0) access to the TTBR1 range faults at level 0 (FEAT_E0PD).
        [56:56] E0PD1 => e0pd1: bool,
        /// Unprivileged (EL0) access to the TTBR0 range faults at level 0 (FEAT_E0PD).
        [55:55] E0PD0 => e0pd0: bool,
        /// Non-fault translation table walk disable for TTBR1 (SVE; not modelled).
        [54:54] NFD1 => nfd1: bool,
        /// Non-fault translation table walk disable for TTBR0 (SVE; not modelled).
        [53:53] NFD0 => nfd0: bool,
        /// Top byte ignored for instruction addresses only, TTBR1 (pointer authentication).
        [52:52] TBID1 => tbid1: bool,
        /// Top byte ignored for instruction addresses only, TTBR0 (pointer authentication).
        [51:51] TBID0 => tbid0: bool,
        /// Hierarchical permissions disabled for TTBR1 walks: APTable, UXNTable, PXNTable ignored (FEAT_HPDS).
        [42:42] HPD1 => hpd1: bool,
        /// Hierarchical permissions disabled for TTBR0 walks: APTable, UXNTable, PXNTable ignored (FEAT_HPDS).
        [41:41] HPD0 => hpd0: bool,
        /// Hardware update of the dirty state (FEAT_HAFDBS; needs HA).
        [40:40] HD => hd: bool,
        /// Hardware update of the access flag: AF=0 no longer faults (FEAT_HAFDBS).
        [39:39] HA => ha: bool,
        /// Top Byte Ignored for the TTBR1 range: VA[63:56] are not checked.
        [38:38] TBI1 => tbi1: bool,
        /// Top Byte Ignored for the TTBR0 range: VA[63:56] are not checked.
        [37:37] TBI0 => tbi0: bool,
        /// ASID size: 0 = 8 bits, 1 = 16 bits.
        [36:36] AS => as_: bool,
        /// Intermediate Physical Address Size: the stage 1 output size (0b000 = 32 bits ... 0b101 = 48, 0b110 = 52).
        [34:32] IPS => ips: u8,
        /// TTBR1 granule: 0b01 = 16KB, 0b10 = 4KB, 0b11 = 64KB (0b00 reserved). Not the TG0 encoding!
        [31:30] TG1 => tg1: u8,
        /// Shareability of TTBR1 walks (and of the output when DS=1).
        [29:28] SH1 => sh1: u8,
        /// Outer cacheability of TTBR1 walks.
        [27:26] ORGN1 => orgn1: u8,
        /// Inner cacheability of TTBR1 walks.
        [25:24] IRGN1 => irgn1: u8,
        /// Translation table walks through TTBR1 disabled: a TTBR1 VA faults at level 0.
        [23:23] EPD1 => epd1: bool,
        /// Which TTBR gives the ASID: 0 = TTBR0_EL1, 1 = TTBR1_EL1.
        [22:22] A1 => a1: bool,
        /// Size offset of the TTBR1 region: it spans 2^(64-T1SZ) bytes.
        [21:16] T1SZ => t1sz: u8,
        /// TTBR0 granule: 0b00 = 4KB, 0b01 = 64KB, 0b10 = 16KB (0b11 reserved).
        [15:14] TG0 => tg0: u8,
        /// Shareability of TTBR0 walks (and of the output when DS=1).
        [13:12] SH0 => sh0: u8,
        /// Outer cacheability of TTBR0 walks.
        [11:10] ORGN0 => orgn0: u8,
        /// Inner cacheability of TTBR0 walks.
        [9:8] IRGN0 => irgn0: u8,
        /// Translation table walks through TTBR0 disabled: a TTBR0 VA faults at level 0.
        [7:7] EPD0 => epd0: bool,
        /// Size offset of the TTBR0 region: it spans 2^(64-T0SZ) bytes.
        [5:0] T0SZ => t0sz: u8,
    }
}
