//! HCR_EL2, Hypervisor Configuration Register: the guest hypervisor's own
//! (virtual) controls over its nested guest's EL1&0 regime.

use super::register;

register! {
    /// HCR_EL2: the bits that change an AT S1E* result. NV and NV1 are not
    /// modelled (they read as 0): the nested guest runs a plain EL1&0 regime.
    pub struct HcrEl2 = "HCR_EL2" {
        /// EL2 Host: the EL2&0 regime (does not change an AT S1E1* for EL1&0 with TGE=0).
        [34:34] E2H => e2h: bool,
        /// Stage 2 instruction access cacheability disable.
        [33:33] ID => id: bool,
        /// Stage 2 data access cacheability disable: a stage 2 control, it does not change stage 1 attributes in PAR_EL1.
        [32:32] CD => cd: bool,
        /// Trap General Exceptions: with TGE=1 the EL1&0 stage 1 is disabled (AArch64.S1Enabled()).
        [27:27] TGE => tge: bool,
        /// Default Cacheability: stage 1 disabled, Normal Write-Back memory for the EL1&0 regime.
        [12:12] DC => dc: bool,
        /// Protected Table Walk: a stage 1 walk that lands on stage 2 Device memory takes a stage 2 Permission fault.
        [2:2] PTW => ptw: bool,
        /// Virtualization enable: stage 2 translates every stage 1 table address (an IPA).
        [0:0] VM => vm: bool,
    }
}
