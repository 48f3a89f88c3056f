//! TCR_EL1, SCTLR_EL1, HCR_EL2 and VTCR_EL2 field constants for the
//! table-driven tests.

// TCR_EL1 fields.

/// TCR_EL1.T0SZ, bits [5:0].
pub const fn t0sz(n: u64) -> u64 {
    n
}
/// TCR_EL1.T1SZ, bits [21:16].
pub const fn t1sz(n: u64) -> u64 {
    n << 16
}
/// TCR_EL1.TG0 = 0b00: 4KB.
pub const TG0_4K: u64 = 0;
/// TCR_EL1.TG0 = 0b01: 64KB.
pub const TG0_64K: u64 = 1 << 14;
/// TCR_EL1.TG0 = 0b10: 16KB.
pub const TG0_16K: u64 = 2 << 14;
/// TCR_EL1.TG0 = 0b11: reserved.
pub const TG0_RES: u64 = 3 << 14;
/// TCR_EL1.TG1 = 0b00: reserved.
pub const TG1_RES: u64 = 0;
/// TCR_EL1.TG1 = 0b01: 16KB.
pub const TG1_16K: u64 = 1 << 30;
/// TCR_EL1.TG1 = 0b10: 4KB.
pub const TG1_4K: u64 = 2 << 30;
/// TCR_EL1.TG1 = 0b11: 64KB.
pub const TG1_64K: u64 = 3 << 30;
/// TCR_EL1.EPD0, bit 7.
pub const EPD0: u64 = 1 << 7;
/// TCR_EL1.EPD1, bit 23.
pub const EPD1: u64 = 1 << 23;
/// TCR_EL1.IPS, bits [34:32].
pub const fn ips(n: u64) -> u64 {
    n << 32
}
/// TCR_EL1.SH0, bits [13:12].
pub const fn sh0(n: u64) -> u64 {
    n << 12
}
/// TCR_EL1.SH1, bits [29:28].
pub const fn sh1(n: u64) -> u64 {
    n << 28
}
/// TCR_EL1.TBI0, bit 37.
pub const TBI0: u64 = 1 << 37;
/// TCR_EL1.TBI1, bit 38.
pub const TBI1: u64 = 1 << 38;
/// TCR_EL1.HA, bit 39.
pub const HA: u64 = 1 << 39;
/// TCR_EL1.HPD0, bit 41.
pub const HPD0: u64 = 1 << 41;
/// TCR_EL1.HPD1, bit 42.
pub const HPD1: u64 = 1 << 42;
/// TCR_EL1.E0PD0, bit 55.
pub const E0PD0: u64 = 1 << 55;
/// TCR_EL1.E0PD1, bit 56.
pub const E0PD1: u64 = 1 << 56;
/// TCR_EL1.DS, bit 59.
pub const DS: u64 = 1 << 59;

// SCTLR_EL1.
/// SCTLR_EL1.M, bit 0.
pub const SCTLR_M: u64 = 1;
/// SCTLR_EL1.C, bit 2.
pub const SCTLR_C: u64 = 1 << 2;
/// SCTLR_EL1.WXN, bit 19.
pub const SCTLR_WXN: u64 = 1 << 19;
/// SCTLR_EL1.EE, bit 25.
pub const SCTLR_EE: u64 = 1 << 25;
/// SCTLR_EL1.EPAN, bit 57.
pub const SCTLR_EPAN: u64 = 1 << 57;

// HCR_EL2.
/// HCR_EL2.VM, bit 0.
pub const HCR_VM: u64 = 1;
/// HCR_EL2.PTW, bit 2.
pub const HCR_PTW: u64 = 1 << 2;
/// HCR_EL2.DC, bit 12.
pub const HCR_DC: u64 = 1 << 12;
/// HCR_EL2.TGE, bit 27.
pub const HCR_TGE: u64 = 1 << 27;

// VTCR_EL2.
/// VTCR_EL2.T0SZ, bits [5:0].
pub const fn vt0sz(n: u64) -> u64 {
    n
}
/// VTCR_EL2.SL0, bits [7:6].
pub const fn sl0(n: u64) -> u64 {
    n << 6
}
/// VTCR_EL2.TG0 = 0b00: 4KB.
pub const VTG0_4K: u64 = 0;
/// VTCR_EL2.TG0 = 0b01: 64KB.
pub const VTG0_64K: u64 = 1 << 14;
/// VTCR_EL2.TG0 = 0b10: 16KB.
pub const VTG0_16K: u64 = 2 << 14;
/// VTCR_EL2.PS, bits [18:16].
pub const fn vps(n: u64) -> u64 {
    n << 16
}
/// VTCR_EL2.HA, bit 21.
pub const VHA: u64 = 1 << 21;
/// VTCR_EL2.DS, bit 32.
pub const VDS: u64 = 1 << 32;
/// VTCR_EL2.SL2, bit 33.
pub const VSL2: u64 = 1 << 33;
