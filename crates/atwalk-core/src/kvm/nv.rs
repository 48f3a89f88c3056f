//! What KVM's software walk reads from the ID registers the guest sees
//! under nested virtualization (nested.c limit_nv_id_reg()), and the
//! output sizes it computes. See docs/kvm-model-notes.md section 0.1.

use crate::features::Feature;
use crate::granule::Granule;
use crate::machine::Machine;
use crate::memory::PhysMem;

/// KVM: get_kvm_ipa_limit(), the host's IPA size limit. Modelled as a
/// constant: 48 bits, the common value on hosts without 52-bit IPA support.
pub const HOST_IPA_LIMIT: u8 = 48;

/// KVM: ps_to_output_size() (kvm_nested.h): 0b000..0b101 give 32, 36, 40,
/// 42, 44, 48 bits; 0b110 and 0b111 give 48 (52-bit sizes not handled).
pub const fn ps_to_output_size(ps: u8) -> u8 {
    match ps & 0b111 {
        0b000 => 32,
        0b001 => 36,
        0b010 => 40,
        0b011 => 42,
        0b100 => 44,
        _ => 48,
    }
}

/// KVM: max_oa_bits = min(get_kvm_ipa_limit(), ps_to_output_size(ps)),
/// in setup_s1_walk() and vtcr_to_walk_info(). The guest's PARange is not
/// used (the architecture's AArch64.PhysicalAddressSize() caps at PAMax()).
pub const fn max_oa_bits(ps: u8) -> u8 {
    let s = ps_to_output_size(ps);
    if s < HOST_IPA_LIMIT {
        s
    } else {
        HOST_IPA_LIMIT
    }
}

/// KVM: kvm_get_pa_bits(), the PARange the guest sees: at most 48 bits
/// under NV (limit_nv_id_reg() caps ID_AA64MMFR0_EL1.PARange).
pub fn guest_pa_bits<M: PhysMem>(m: &Machine<'_, M>) -> u8 {
    m.pa_max().min(48)
}

/// KVM: the TxSZ limits setup_s1_walk() computes (R_PLCGL, R_GTJBY,
/// R_SXWGM as KVM reads them). FEAT_TTST (ID_AA64MMFR2_EL1.ST) is hidden
/// under NV, so the largest TxSZ is 39. The smallest is 12 only for
/// 4KB/16KB with TGRANx = 52_BIT (FEAT_LPA2, visible when the host has it)
/// and TCR_EL1.DS; for 64KB it needs VARange = 52 (FEAT_LVA), hidden
/// under NV: 16.
pub fn txsz_limits<M: PhysMem>(m: &Machine<'_, M>, granule: Granule, tcr_ds: bool) -> (u8, u8) {
    let lva = granule != Granule::K64 && m.has(Feature::Lpa2) && tcr_ds;
    (if lva { 12 } else { 16 }, 39)
}
