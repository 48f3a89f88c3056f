//! VTCR_EL2, Virtualization Translation Control Register: Arm ARM D24.2.224.

use super::register;

register! {
    /// VTCR_EL2: the guest hypervisor's stage 2 translation controls.
    pub struct VtcrEl2 = "VTCR_EL2" {
        /// Starting level bit 2 (FEAT_LPA2, 4KB granule with DS=1): SL2:SL0 = 0b100 starts at level -1.
        [33:33] SL2 => sl2: bool,
        /// 52-bit IPAs and OAs with the 4KB and 16KB granules (FEAT_LPA2).
        [32:32] DS => ds: bool,
        /// Hardware update of the dirty state at stage 2.
        [22:22] HD => hd: bool,
        /// Hardware update of the stage 2 access flag.
        [21:21] HA => ha: bool,
        /// VMID size: 0 = 8 bits, 1 = 16 bits.
        [19:19] VS => vs: bool,
        /// Physical address size of the stage 2 output (0b000 = 32 bits ... 0b101 = 48, 0b110 = 52).
        [18:16] PS => ps: u8,
        /// Stage 2 granule: 0b00 = 4KB, 0b01 = 64KB, 0b10 = 16KB (0b11 reserved).
        [15:14] TG0 => tg0: u8,
        /// Shareability of stage 2 walks.
        [13:12] SH0 => sh0: u8,
        /// Outer cacheability of stage 2 walks.
        [11:10] ORGN0 => orgn0: u8,
        /// Inner cacheability of stage 2 walks.
        [9:8] IRGN0 => irgn0: u8,
        /// Starting level of the stage 2 walk (its meaning depends on TG0).
        [7:6] SL0 => sl0: u8,
        /// Size offset of the IPA space: it spans 2^(64-T0SZ) bytes.
        [5:0] T0SZ => t0sz: u8,
    }
}
