//! MAIR_EL1, Memory Attribute Indirection Register (EL1): eight attribute
//! bytes that a stage 1 leaf descriptor selects with AttrIndx.

use super::register;
use serde::Serialize;

register! {
    /// MAIR_EL1: Attr0..Attr7, one byte each.
    pub struct MairEl1 = "MAIR_EL1" {
        /// Attribute byte selected by AttrIndx = 7.
        [63:56] Attr7 => attr7: u8,
        /// Attribute byte selected by AttrIndx = 6.
        [55:48] Attr6 => attr6: u8,
        /// Attribute byte selected by AttrIndx = 5.
        [47:40] Attr5 => attr5: u8,
        /// Attribute byte selected by AttrIndx = 4.
        [39:32] Attr4 => attr4: u8,
        /// Attribute byte selected by AttrIndx = 3.
        [31:24] Attr3 => attr3: u8,
        /// Attribute byte selected by AttrIndx = 2.
        [23:16] Attr2 => attr2: u8,
        /// Attribute byte selected by AttrIndx = 1.
        [15:8] Attr1 => attr1: u8,
        /// Attribute byte selected by AttrIndx = 0.
        [7:0] Attr0 => attr0: u8,
    }
}

impl MairEl1 {
    /// The attribute byte for `index` (0..=7): AArch64.MAIRAttr().
    pub fn attr(self, index: u8) -> u8 {
        let index = index & 7;
        Self::FIELDS[usize::from(7 - index)].get(self.0) as u8
    }
}

/// A MAIR attribute byte decoded as S1DecodeMemAttrs() reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
pub enum MemAttr {
    /// Device memory, `0b0000ddxx`.
    Device {
        /// Device-nGnRnE, -nGnRE, -nGRE or -GRE.
        kind: DeviceKind,
        /// XS attribute (0 when bit 0 is set, FEAT_XS).
        xs: bool,
    },
    /// Normal memory with the given outer and inner cacheability.
    Normal {
        /// Outer cacheability.
        outer: Cacheability,
        /// Inner cacheability.
        inner: Cacheability,
    },
    /// A reserved encoding: CONSTRAINED UNPREDICTABLE (S1ConstrainUnpredictableRESMAIR()).
    Reserved,
}

/// Device memory types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DeviceKind {
    /// Device-nGnRnE.
    #[serde(rename = "Device-nGnRnE")]
    NGnRnE,
    /// Device-nGnRE.
    #[serde(rename = "Device-nGnRE")]
    NGnRE,
    /// Device-nGRE.
    #[serde(rename = "Device-nGRE")]
    NGRE,
    /// Device-GRE.
    #[serde(rename = "Device-GRE")]
    GRE,
}

/// Cacheability of Normal memory for one of the inner and outer domains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Cacheability {
    /// Non-cacheable.
    NonCacheable,
    /// Write-Through.
    WriteThrough,
    /// Write-Back.
    WriteBack,
}

impl MemAttr {
    /// Decodes a MAIR attribute byte (S1DecodeMemAttrs(), with FEAT_XS:
    /// 0x40 is Normal Non-cacheable XS=0 and 0xa0 Write-Through XS=0).
    pub fn decode(attr: u8) -> MemAttr {
        let hi = attr >> 4;
        let lo = attr & 0xf;
        if hi == 0 {
            if attr & 0b10 != 0 {
                return MemAttr::Reserved;
            }
            let kind = match (attr >> 2) & 0b11 {
                0b00 => DeviceKind::NGnRnE,
                0b01 => DeviceKind::NGnRE,
                0b10 => DeviceKind::NGRE,
                _ => DeviceKind::GRE,
            };
            return MemAttr::Device {
                kind,
                xs: attr & 1 == 0,
            };
        }
        match attr {
            0x40 => {
                return MemAttr::Normal {
                    outer: Cacheability::NonCacheable,
                    inner: Cacheability::NonCacheable,
                };
            }
            0xa0 => {
                return MemAttr::Normal {
                    outer: Cacheability::WriteThrough,
                    inner: Cacheability::WriteThrough,
                };
            }
            _ => {}
        }
        if lo == 0 {
            // 'xxxx0000' other than the FEAT_XS and FEAT_MTE2 encodings.
            return MemAttr::Reserved;
        }
        MemAttr::Normal {
            outer: Self::ldf(hi),
            inner: Self::ldf(lo),
        }
    }

    /// DecodeLDFAttr() for a non-zero nibble.
    fn ldf(nibble: u8) -> Cacheability {
        if nibble == 0b0100 {
            Cacheability::NonCacheable
        } else if nibble & 0b0100 != 0 {
            Cacheability::WriteBack
        } else {
            Cacheability::WriteThrough
        }
    }

    /// Device memory, or Normal memory that is Non-cacheable both inner and
    /// outer: the memory PAREncodeShareability() reports as Outer Shareable.
    pub fn is_device_or_nc(self) -> bool {
        matches!(
            self,
            MemAttr::Device { .. }
                | MemAttr::Normal {
                    outer: Cacheability::NonCacheable,
                    inner: Cacheability::NonCacheable
                }
        )
    }

    /// Normal memory (of any cacheability).
    pub fn is_normal(self) -> bool {
        matches!(self, MemAttr::Normal { .. })
    }

    /// The XS attribute of Normal memory: 0 only for Inner and Outer Write-Back
    /// (and the FEAT_XS encodings 0x40/0xa0).
    pub fn xs(attr: u8) -> bool {
        match MemAttr::decode(attr) {
            MemAttr::Device { xs, .. } => xs,
            MemAttr::Normal {
                outer: Cacheability::WriteBack,
                inner: Cacheability::WriteBack,
            } => false,
            _ => !matches!(attr, 0x40 | 0xa0),
        }
    }
}

impl core::fmt::Display for MemAttr {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let c = |c: &Cacheability| match c {
            Cacheability::NonCacheable => "Non-cacheable",
            Cacheability::WriteThrough => "Write-Through",
            Cacheability::WriteBack => "Write-Back",
        };
        match self {
            MemAttr::Device { kind, .. } => {
                let k = match kind {
                    DeviceKind::NGnRnE => "Device-nGnRnE",
                    DeviceKind::NGnRE => "Device-nGnRE",
                    DeviceKind::NGRE => "Device-nGRE",
                    DeviceKind::GRE => "Device-GRE",
                };
                f.write_str(k)
            }
            MemAttr::Normal { outer, inner } => {
                write!(f, "Normal, Outer {}, Inner {}", c(outer), c(inner))
            }
            MemAttr::Reserved => f.write_str("reserved encoding (CONSTRAINED UNPREDICTABLE)"),
        }
    }
}
