//! Field metadata shared by every register and descriptor view: the Arm
//! name, the bit range and a one-line meaning. Editors and the trace read
//! these; no mask for an architectural field lives outside `regs/` and
//! `descriptor.rs`.

use serde::Serialize;

/// One named bit field of a 64-bit register or descriptor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FieldInfo {
    /// The Arm ARM name, e.g. `T0SZ`, `APTable`.
    pub name: &'static str,
    /// Most significant bit.
    pub hi: u8,
    /// Least significant bit.
    pub lo: u8,
    /// One line: what the field means.
    pub doc: &'static str,
}

/// A value that does not fit the field it was written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldOverflow {
    /// The field.
    pub field: FieldInfo,
    /// The rejected value.
    pub value: u64,
}

impl core::fmt::Display for FieldOverflow {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{} is bits [{}:{}], {} bit(s) wide: 0x{:x} does not fit",
            self.field.name,
            self.field.hi,
            self.field.lo,
            self.field.width(),
            self.value
        )
    }
}

impl std::error::Error for FieldOverflow {}

impl FieldInfo {
    /// Width in bits.
    pub const fn width(&self) -> u8 {
        self.hi - self.lo + 1
    }

    /// The field's mask once shifted down to bit 0.
    pub const fn max(&self) -> u64 {
        if self.width() == 64 {
            u64::MAX
        } else {
            (1u64 << self.width()) - 1
        }
    }

    /// The field's mask in place.
    pub const fn mask(&self) -> u64 {
        self.max() << self.lo
    }

    /// Extracts the field from `word`.
    pub const fn get(&self, word: u64) -> u64 {
        (word >> self.lo) & self.max()
    }

    /// Writes `value` into the field of `word`.
    ///
    /// # Errors
    /// [`FieldOverflow`] if `value` is wider than the field.
    pub const fn set(&self, word: u64, value: u64) -> Result<u64, FieldOverflow> {
        if value > self.max() {
            return Err(FieldOverflow {
                field: *self,
                value,
            });
        }
        Ok((word & !self.mask()) | (value << self.lo))
    }
}

/// Conversion from a raw field value to the getter's type.
pub trait FieldValue: Copy {
    /// From the field's raw bits (already shifted down and masked).
    fn from_raw(raw: u64) -> Self;
}

impl FieldValue for bool {
    fn from_raw(raw: u64) -> Self {
        raw != 0
    }
}

macro_rules! impl_field_value_int {
    ($($t:ty),*) => {$(
        impl FieldValue for $t {
            fn from_raw(raw: u64) -> Self {
                // The macro below only declares fields that fit the type.
                raw as $t
            }
        }
    )*};
}
impl_field_value_int!(u8, u16, u32, u64);

/// Declares a 64-bit register or descriptor view: a `Copy` newtype over
/// `u64` with one typed getter per field, a `FieldInfo` constant per field
/// named as in the Arm ARM, and `FIELDS` listing them all (high to low).
macro_rules! register {
    (
        $(#[$meta:meta])*
        pub struct $name:ident = $arm:literal {
            $(
                #[doc = $doc:literal]
                [$hi:literal : $lo:literal] $ARM:ident => $get:ident : $ty:ty,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Default, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        #[allow(non_upper_case_globals)]
        impl $name {
            /// The Arm ARM name of this register or descriptor.
            pub const NAME: &'static str = $arm;
            $(
                #[doc = concat!("`", stringify!($ARM), "`, bits [", stringify!($hi), ":", stringify!($lo), "]:", $doc)]
                pub const $ARM: $crate::regs::FieldInfo = $crate::regs::FieldInfo {
                    name: stringify!($ARM), hi: $hi, lo: $lo, doc: $doc.trim_ascii(),
                };
            )*
            /// Every named field, as declared (high bits first).
            pub const FIELDS: &'static [$crate::regs::FieldInfo] = &[$(Self::$ARM),*];

            $(
                #[doc = concat!("`", stringify!($ARM), "` [", stringify!($hi), ":", stringify!($lo), "]:", $doc)]
                pub fn $get(self) -> $ty {
                    <$ty as $crate::regs::FieldValue>::from_raw(Self::$ARM.get(self.0))
                }
            )*

            /// Returns a copy with `field` set to `value`.
            ///
            /// # Errors
            /// [`crate::regs::FieldOverflow`] if `value` does not fit.
            pub fn with(self, field: $crate::regs::FieldInfo, value: u64) -> Result<Self, $crate::regs::FieldOverflow> {
                field.set(self.0, value).map($name)
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                let mut s = f.debug_struct($arm);
                s.field("raw", &format_args!("0x{:016x}", self.0));
                for field in Self::FIELDS {
                    let v = field.get(self.0);
                    if v != 0 {
                        s.field(field.name, &format_args!("0x{:x}", v));
                    }
                }
                s.finish()
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, "0x{:016x}", self.0)
            }
        }
    };
}
pub(crate) use register;
