//! The machine state an AT instruction reads: the registers as typed views,
//! the modelled CPU, and guest memory.

use crate::features::{CpuModel, Feature};
use crate::memory::PhysMem;
use crate::regs::{HcrEl2, MairEl1, SctlrEl1, TcrEl1, Ttbr, VtcrEl2, VttbrEl2};

/// The registers of the vCPU, typed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Regs {
    /// TCR_EL1.
    pub tcr: TcrEl1,
    /// TTBR0_EL1.
    pub ttbr0: Ttbr,
    /// TTBR1_EL1.
    pub ttbr1: Ttbr,
    /// MAIR_EL1.
    pub mair: MairEl1,
    /// SCTLR_EL1.
    pub sctlr: SctlrEl1,
    /// The guest hypervisor's HCR_EL2.
    pub hcr: HcrEl2,
    /// The guest hypervisor's VTCR_EL2.
    pub vtcr: VtcrEl2,
    /// The guest hypervisor's VTTBR_EL2.
    pub vttbr: VttbrEl2,
    /// The guest hypervisor's PSTATE.PAN.
    pub pstate_pan: bool,
}

/// Registers, CPU model and memory: everything a walk reads.
#[derive(Clone, Copy, Debug)]
pub struct Machine<'a, M: PhysMem> {
    /// The registers.
    pub regs: Regs,
    /// The modelled CPU.
    pub cpu: CpuModel,
    /// Guest physical memory.
    pub mem: &'a M,
}

impl<M: PhysMem> Machine<'_, M> {
    /// Whether the modelled CPU implements `f`.
    pub fn has(&self, f: Feature) -> bool {
        self.cpu.has(f)
    }

    /// AArch64.PAMax(): the implemented physical address size.
    pub fn pa_max(&self) -> u8 {
        self.cpu.pa_bits
    }

    /// Whether the PE implements 52-bit PAs (AArch64.PAMax() >= 52): 64KB
    /// level 1 blocks (AArch64.BlockDescSupported()) and 52-bit IPAs at stage 2.
    pub fn pa52(&self) -> bool {
        self.pa_max() >= 52
    }

    /// Whether stage 2 manages its access flag in hardware: VTCR_EL2.HA with FEAT_HAFDBS.
    pub fn s2_ha(&self) -> bool {
        self.regs.vtcr.ha() && self.has(Feature::Hafdbs)
    }

    /// Whether stage 2 translates the stage 1 walk's table addresses
    /// (HCR_EL2.VM; HCR_EL2.DC also enables stage 2, but disables stage 1).
    pub fn stage2_on(&self) -> bool {
        self.regs.hcr.vm() || self.regs.hcr.dc()
    }
}

/// AArch64.PhysicalAddressSize(): the output size a PS/IPS encoding gives,
/// limited by what the PE implements.
pub fn physical_address_size(ps: u8, ds: bool, granule64k: bool, lpa: bool, pa_max: u8) -> u8 {
    let ps_bits = match ps & 0b111 {
        0b000 => 32,
        0b001 => 36,
        0b010 => 40,
        0b011 => 42,
        0b100 => 44,
        0b101 => 48,
        0b110 => 52,
        _ => 56,
    };
    let max_ps = if lpa && (granule64k || ds) {
        pa_max.min(52)
    } else {
        pa_max.min(48)
    };
    ps_bits.min(max_ps)
}
