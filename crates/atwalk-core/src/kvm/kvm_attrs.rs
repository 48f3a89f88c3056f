//! Two computations of KVM's software walk the walk variant uses:
//! contiguous_bit_shift() (kvm_nested.h) and compute_par_s1()'s attributes.

use crate::granule::Granule;

/// KVM: contiguous_bit_shift() (kvm_nested.h): 4 bits for 4KB, 5 for 16KB
/// level 2 and 7 for 16KB level 3, 5 for 64KB.
pub const fn contiguous_shift(granule: Granule, level: i8) -> u8 {
    match granule {
        Granule::K4 => 4,
        Granule::K16 => {
            if level == 2 {
                5
            } else {
                7
            }
        }
        Granule::K64 => 5,
    }
}

/// KVM: the attributes compute_par_s1() reports: the MAIR byte, forced to
/// 0x44 (Normal Non-cacheable) when SCTLR_EL1.C = 0 and it is not Device;
/// SH by compute_sh(): 0b10 for any Device or exactly 0x44, else the
/// descriptor's SH with the reserved 0b01 read as 0b00 (Non-shareable).
/// Returns (ATTR, SH).
pub fn compute_par_attrs(mair_attr: u8, desc_sh: u8, sctlr_c: bool) -> (u8, u8) {
    let device = mair_attr & 0xf0 == 0;
    let attr = if !sctlr_c && !device { 0x44 } else { mair_attr };
    let sh = if attr & 0xf0 == 0 || attr == 0x44 {
        0b10
    } else if desc_sh == 0b01 {
        0b00
    } else {
        desc_sh
    };
    (attr, sh)
}
