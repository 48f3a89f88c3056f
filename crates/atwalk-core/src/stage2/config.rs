//! Stage 2's configuration for a walk (VTCR_EL2): the start level from SL0
//! (and SL2), and the checks of AArch64.S2TxSZFaults(),
//! AArch64.S2InvalidSL() and AArch64.S2InconsistentSL().

use crate::features::Feature;
use crate::granule::{FINAL_LEVEL, Granule};
use crate::machine::Machine;
use crate::memory::PhysMem;

/// AArch64.S2StartLevel() for a 64-bit descriptor walk.
pub fn start_level(granule: Granule, sl: u8) -> Option<i8> {
    match granule {
        Granule::K4 => match sl {
            0b000 => Some(2),
            0b001 => Some(1),
            0b010 => Some(0),
            0b011 => Some(3),
            0b100 => Some(-1),
            _ => None,
        },
        Granule::K16 => match sl & 0b11 {
            0b00 => Some(3),
            0b01 => Some(2),
            0b10 => Some(1),
            _ => Some(0),
        },
        Granule::K64 => match sl & 0b11 {
            0b00 => Some(3),
            0b01 => Some(2),
            0b10 => Some(1),
            _ => None,
        },
    }
}

/// AArch64.S2InvalidSL(): SL0 (and SL2) values the PE does not allow.
pub fn invalid_sl<M: PhysMem>(m: &Machine<'_, M>, granule: Granule, sl: u8, ds: bool) -> bool {
    let pa_max = m.pa_max();
    match granule {
        Granule::K4 => match sl {
            0b101..=0b111 => true,
            0b100 => pa_max < 52,
            0b010 => pa_max < 44,
            0b011 => !m.has(Feature::Ttst),
            _ => false,
        },
        Granule::K16 => match sl & 0b11 {
            0b11 => !ds || pa_max < 52,
            0b10 => pa_max < 42,
            _ => false,
        },
        Granule::K64 => match sl & 0b11 {
            0b11 => true,
            0b10 => pa_max < 44,
            _ => false,
        },
    }
}

/// AArch64.S2InconsistentSL(): the input size must need the start level
/// and fit it with at most 16 concatenated tables.
pub fn inconsistent_sl(granule: Granule, start: i8, ia_bits: u8) -> bool {
    let levels = (FINAL_LEVEL - start) as u8;
    let stride = granule.stride();
    let sl_min = levels * stride + granule.bits() + 1;
    let sl_max = sl_min + (stride - 1) + 4;
    ia_bits < sl_min || ia_bits > sl_max
}

/// AArch64.S2MinTxSZ(): the IPA size is bounded by the PA size.
pub fn min_t0sz<M: PhysMem>(m: &Machine<'_, M>, granule: Granule, ds: bool) -> u8 {
    let ips_max = if m.pa52() {
        if granule == Granule::K64 || ds {
            52
        } else {
            48
        }
    } else {
        m.pa_max()
    };
    64 - ips_max
}
