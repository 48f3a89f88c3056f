//! Address newtypes, one per address space, so that a VA can never be read
//! as a PA by mistake. They print and serialize as fixed-width hex.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! hex_newtype {
    ($(#[$m:meta])* $name:ident, $label:literal) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub u64);

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, "0x{:016x}", self.0)
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, concat!($label, "(0x{:016x})"), self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                parse_hex_u64(&text).map($name).ok_or_else(|| {
                    serde::de::Error::custom(concat!("expected a hex ", $label, " like \"0x0000000040200000\""))
                })
            }
        }
    };
}

hex_newtype!(
    /// A virtual address, the input of stage 1.
    Va, "Va"
);
hex_newtype!(
    /// An intermediate physical address: the output of stage 1 and input of stage 2.
    Ipa, "Ipa"
);
hex_newtype!(
    /// A physical address: where the walker reads memory.
    Pa, "Pa"
);
hex_newtype!(
    /// A raw 64-bit value read from memory or a register, shown in hex.
    Word, "Word"
);

/// Parses `0x` followed by 1 to 16 hex digits.
pub fn parse_hex_u64(text: &str) -> Option<u64> {
    let digits = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))?;
    if digits.is_empty() || digits.len() > 16 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(digits, 16).ok()
}

impl Va {
    /// Bits `[hi:lo]` of the address, shifted down.
    pub const fn bits(self, hi: u8, lo: u8) -> u64 {
        bits(self.0, hi, lo)
    }
}

/// Bits `[hi:lo]` of `value`, shifted down (`hi` >= `lo`, both < 64).
pub const fn bits(value: u64, hi: u8, lo: u8) -> u64 {
    let width = hi - lo + 1;
    let v = value >> lo;
    if width >= 64 {
        v
    } else {
        v & ((1u64 << width) - 1)
    }
}

/// A mask of bits `[hi:lo]` in place.
pub const fn mask(hi: u8, lo: u8) -> u64 {
    let width = hi - lo + 1;
    let m = if width >= 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    };
    m << lo
}

/// Whether any bit of `value` at or above bit `n` is set (`n` may be 64).
pub const fn any_at_or_above(value: u64, n: u8) -> bool {
    n < 64 && (value >> n) != 0
}
