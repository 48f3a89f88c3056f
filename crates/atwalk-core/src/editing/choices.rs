//! What each value of an encoded field means, as a menu lists it: the granule encodings of TG0
//! and TG1 (which differ), shareability, access permissions, output sizes, cacheability, stage 2's
//! start level and permissions. The texts say what the architecture does with the value.

use crate::granule::Granule;

/// One value of an encoded field and what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The field's value.
    pub value: u64,
    /// What it means.
    pub text: &'static str,
}

const fn c(value: u64, text: &'static str) -> Choice {
    Choice { value, text }
}

/// TCR_EL1.TG0 and VTCR_EL2.TG0 (AArch64.S1DecodeTG0()).
pub const TG0: &[Choice] = &[
    c(0b00, "4 KB pages"),
    c(0b01, "64 KB pages"),
    c(0b10, "16 KB pages"),
    c(0b11, "reserved (this model: 4 KB)"),
];

/// TCR_EL1.TG1 (AArch64.S1DecodeTG1()): not the TG0 encoding.
pub const TG1: &[Choice] = &[
    c(0b00, "reserved (this model: 4 KB)"),
    c(0b01, "16 KB pages"),
    c(0b10, "4 KB pages"),
    c(0b11, "64 KB pages"),
];

/// Shareability: a descriptor's SH, TCR_EL1.SHn, PAR_EL1.SH.
pub const SH: &[Choice] = &[
    c(0b00, "Non-shareable"),
    c(0b01, "reserved"),
    c(0b10, "Outer Shareable"),
    c(0b11, "Inner Shareable"),
];

/// A stage 1 leaf's AP[2:1].
pub const AP: &[Choice] = &[
    c(0b00, "EL1 read/write, EL0 no access"),
    c(0b01, "EL1 and EL0 read/write"),
    c(0b10, "EL1 read-only, EL0 no access"),
    c(0b11, "EL1 and EL0 read-only"),
];

/// A stage 1 table descriptor's APTable: a limit on every level below.
pub const AP_TABLE: &[Choice] = &[
    c(0b00, "no limit below"),
    c(0b01, "no EL0 access below"),
    c(0b10, "no write access below"),
    c(0b11, "no write, no EL0 access below"),
];

/// A stage 2 leaf's S2AP.
pub const S2AP: &[Choice] = &[
    c(0b00, "no access"),
    c(0b01, "read-only"),
    c(0b10, "write-only"),
    c(0b11, "read/write"),
];

/// A stage 2 leaf's XN[1:0].
pub const S2XN: &[Choice] = &[
    c(0b00, "EL1 and EL0 may execute"),
    c(0b01, "EL1 may not execute (FEAT_XNX)"),
    c(0b10, "no one may execute"),
    c(0b11, "EL0 may not execute (FEAT_XNX)"),
];

/// Who may execute from a stage 1 leaf: its UXN and PXN, as one choice (`value` bit 1 UXN,
/// bit 0 PXN).
pub const EXECUTE: &[Choice] = &[
    c(0b11, "no one may execute (data)"),
    c(0b01, "EL0 may execute (user code)"),
    c(0b10, "EL1 may execute (kernel code)"),
    c(0b00, "EL1 and EL0 may execute"),
];

/// The UXN and PXN of an [`EXECUTE`] value.
pub const fn uxn_pxn(value: u64) -> (bool, bool) {
    (value & 0b10 != 0, value & 0b01 != 0)
}

/// TCR_EL1.IPS and VTCR_EL2.PS (AArch64.PhysicalAddressSize(), before the PE's own limit).
pub const PS: &[Choice] = &[
    c(0b000, "32-bit addresses (4 GB)"),
    c(0b001, "36-bit addresses (64 GB)"),
    c(0b010, "40-bit addresses (1 TB)"),
    c(0b011, "42-bit addresses (4 TB)"),
    c(0b100, "44-bit addresses (16 TB)"),
    c(0b101, "48-bit addresses (256 TB)"),
    c(0b110, "52-bit addresses (4 PB)"),
    c(0b111, "56 bits (FEAT_D128): the PE's size at most"),
];

/// Inner and outer cacheability of the table walk (IRGNn, ORGNn).
pub const RGN: &[Choice] = &[
    c(0b00, "Non-cacheable"),
    c(0b01, "Write-Back, Write-Allocate"),
    c(0b10, "Write-Through"),
    c(0b11, "Write-Back, no Write-Allocate"),
];

/// VTCR_EL2.SL0 with the 4 KB granule (AArch64.S2StartLevel()).
pub const SL0_4K: &[Choice] = &[
    c(0b00, "start at level 2"),
    c(0b01, "start at level 1"),
    c(0b10, "start at level 0"),
    c(0b11, "start at level 3 (FEAT_TTST)"),
];

/// VTCR_EL2.SL0 with the 16 KB granule.
pub const SL0_16K: &[Choice] = &[
    c(0b00, "start at level 3"),
    c(0b01, "start at level 2"),
    c(0b10, "start at level 1"),
    c(0b11, "start at level 0 (with DS)"),
];

/// VTCR_EL2.SL0 with the 64 KB granule.
pub const SL0_64K: &[Choice] = &[
    c(0b00, "start at level 3"),
    c(0b01, "start at level 2"),
    c(0b10, "start at level 1"),
    c(0b11, "reserved"),
];

/// The menu of an encoded field named `field` (as the register views name it), or `None` for a
/// field that is a flag, a number or an address. `granule` is the granule of the register's walk
/// (SL0's meaning depends on it).
pub fn choices(field: &str, granule: Granule) -> Option<&'static [Choice]> {
    Some(match field {
        "TG0" => TG0,
        "TG1" => TG1,
        "SH" | "SH0" | "SH1" => SH,
        "AP" => AP,
        "APTable" => AP_TABLE,
        "S2AP" => S2AP,
        "XN" => S2XN,
        "IPS" | "PS" => PS,
        "IRGN0" | "IRGN1" | "ORGN0" | "ORGN1" => RGN,
        "SL0" => match granule {
            Granule::K4 => SL0_4K,
            Granule::K16 => SL0_16K,
            Granule::K64 => SL0_64K,
        },
        _ => return None,
    })
}

/// What `value` of `field` means, when the field is encoded.
pub fn meaning(field: &str, granule: Granule, value: u64) -> Option<&'static str> {
    choices(field, granule)?
        .iter()
        .find(|c| c.value == value)
        .map(|c| c.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menus_agree_with_the_decoders() {
        for c in TG0 {
            let g = Granule::from_tg0(c.value as u8).map(Granule::name);
            assert!(
                g.is_none_or(|g| c.text.starts_with(&g[..g.len() - 2])),
                "{c:?}"
            );
        }
        for c in TG1 {
            let g = Granule::from_tg1(c.value as u8).map(Granule::name);
            assert!(
                g.is_none_or(|g| c.text.starts_with(&g[..g.len() - 2])),
                "{c:?}"
            );
        }
        for (g, menu) in [
            (Granule::K4, SL0_4K),
            (Granule::K16, SL0_16K),
            (Granule::K64, SL0_64K),
        ] {
            for c in menu {
                if let Some(l) = crate::stage2::config::start_level(g, c.value as u8) {
                    assert!(c.text.starts_with(&format!("start at level {l}")), "{c:?}");
                }
            }
        }
        for c in &PS[..7] {
            let bits = crate::machine::physical_address_size(c.value as u8, true, true, true, 56);
            assert!(c.text.starts_with(&bits.to_string()), "{c:?}");
        }
        assert_eq!(meaning("TG1", Granule::K4, 0b10), Some("4 KB pages"));
        assert_eq!(meaning("T0SZ", Granule::K4, 16), None);
    }
}
