//! SCTLR_EL1, System Control Register (EL1): the bits that change an AT result.

use super::register;

register! {
    /// SCTLR_EL1: the fields that affect the EL1&0 stage 1 translation.
    pub struct SctlrEl1 = "SCTLR_EL1" {
        /// Enhanced PAN (FEAT_PAN3): PAN also denies privileged access to EL0-executable pages.
        [57:57] EPAN => epan: bool,
        /// Endianness of data accesses at EL1 and of stage 1 table walks: 1 = big-endian descriptors.
        [25:25] EE => ee: bool,
        /// Endianness of data accesses at EL0.
        [24:24] E0E => e0e: bool,
        /// Set Privileged Access Never on exception entry to EL1 when 0 (does not change an AT result).
        [23:23] SPAN => span: bool,
        /// Write permission implies execute-never.
        [19:19] WXN => wxn: bool,
        /// Instruction cacheability at EL1&0.
        [12:12] I => i: bool,
        /// Stack alignment check.
        [3:3] SA => sa: bool,
        /// Data cacheability at EL1&0: when 0, Normal memory is treated as Non-cacheable.
        [2:2] C => c: bool,
        /// Alignment check.
        [1:1] A => a: bool,
        /// Stage 1 MMU enable for the EL1&0 regime.
        [0:0] M => m: bool,
    }
}
