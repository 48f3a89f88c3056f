//! TTBR0_EL1 and TTBR1_EL1, Translation Table Base Registers (EL1).

use super::register;

register! {
    /// TTBR0_EL1 or TTBR1_EL1: the base of the first table of a stage 1 walk.
    pub struct Ttbr = "TTBRn_EL1" {
        /// Address Space Identifier of the translations this table gives.
        [63:48] ASID => asid: u16,
        /// Table base address [47:1]; with 52-bit OAs, bits [5:2] hold BADDR[51:48].
        [47:1] BADDR => baddr: u64,
        /// Common not Private (FEAT_TTCNP); not part of the address.
        [0:0] CnP => cnp: bool,
    }
}

register! {
    /// VTTBR_EL2: the base of the guest hypervisor's stage 2 tables.
    pub struct VttbrEl2 = "VTTBR_EL2" {
        /// Virtual Machine Identifier.
        [63:48] VMID => vmid: u16,
        /// Table base address [47:1]; with 52-bit OAs, bits [5:2] hold BADDR[51:48].
        [47:1] BADDR => baddr: u64,
        /// Common not Private (FEAT_TTCNP); not part of the address.
        [0:0] CnP => cnp: bool,
    }
}
