//! Translation granules and the level arithmetic they imply.

use serde::Serialize;

/// A translation granule: the size of a page and of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Granule {
    /// 4KB pages, 512 entries a table.
    #[serde(rename = "4KB")]
    K4,
    /// 16KB pages, 2048 entries a table.
    #[serde(rename = "16KB")]
    K16,
    /// 64KB pages, 8192 entries a table.
    #[serde(rename = "64KB")]
    K64,
}

/// The last lookup level (FINAL_LEVEL in the pseudocode).
pub const FINAL_LEVEL: i8 = 3;

/// Bytes in a 64-bit descriptor, as a power of two (descsizelog2).
pub const DESC_SIZE_LOG2: u8 = 3;

impl Granule {
    /// TGxGranuleBits(): log2 of the granule size.
    pub const fn bits(self) -> u8 {
        match self {
            Granule::K4 => 12,
            Granule::K16 => 14,
            Granule::K64 => 16,
        }
    }

    /// VA bits resolved per level: granulebits - descsizelog2.
    pub const fn stride(self) -> u8 {
        self.bits() - DESC_SIZE_LOG2
    }

    /// TranslationSize(): log2 of the bytes a leaf at `level` maps.
    pub const fn leaf_bits(self, level: i8) -> u8 {
        self.bits() + self.stride() * (FINAL_LEVEL - level) as u8
    }

    /// The Arm name, e.g. "4KB".
    pub const fn name(self) -> &'static str {
        match self {
            Granule::K4 => "4KB",
            Granule::K16 => "16KB",
            Granule::K64 => "64KB",
        }
    }

    /// Decodes TCR_EL1.TG0 and VTCR_EL2.TG0 (AArch64.S1DecodeTG0(),
    /// AArch64.S2DecodeTG0()); `None` for the reserved 0b11.
    pub const fn from_tg0(tg0: u8) -> Option<Granule> {
        match tg0 {
            0b00 => Some(Granule::K4),
            0b01 => Some(Granule::K64),
            0b10 => Some(Granule::K16),
            _ => None,
        }
    }

    /// The TCR_EL1.TG0 (and VTCR_EL2.TG0) encoding of this granule: the inverse of
    /// [`Granule::from_tg0`].
    pub const fn tg0(self) -> u64 {
        match self {
            Granule::K4 => 0b00,
            Granule::K64 => 0b01,
            Granule::K16 => 0b10,
        }
    }

    /// The TCR_EL1.TG1 encoding of this granule (not TG0's): the inverse of
    /// [`Granule::from_tg1`].
    pub const fn tg1(self) -> u64 {
        match self {
            Granule::K16 => 0b01,
            Granule::K4 => 0b10,
            Granule::K64 => 0b11,
        }
    }

    /// Decodes TCR_EL1.TG1 (AArch64.S1DecodeTG1()); `None` for the reserved 0b00.
    pub const fn from_tg1(tg1: u8) -> Option<Granule> {
        match tg1 {
            0b01 => Some(Granule::K16),
            0b10 => Some(Granule::K4),
            0b11 => Some(Granule::K64),
            _ => None,
        }
    }
}

/// A size of 2^`bits` bytes in words: `4 KB`, `2 MB`, `1 GB`.
pub fn size_name(bits: u8) -> String {
    let (n, unit) = match bits {
        0..=9 => (bits, "B"),
        10..=19 => (bits - 10, "KB"),
        20..=29 => (bits - 20, "MB"),
        30..=39 => (bits - 30, "GB"),
        40..=49 => (bits - 40, "TB"),
        _ => (bits.saturating_sub(50), "PB"),
    };
    format!("{} {unit}", 1u64 << n)
}

impl core::fmt::Display for Granule {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}
