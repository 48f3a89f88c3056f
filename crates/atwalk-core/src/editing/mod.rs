//! What an editor needs to show a register or a descriptor the way a student reads it: the
//! meaning of every value of an encoded field ([`choices`]), address fields shown and typed as
//! whole addresses, which fields exist for the walk's granule and DS, and which fields a walk uses
//! (listed first; the rest can be folded away). Nothing here decides a translation: it describes
//! the fields the register views (`regs/`, `descriptor.rs`) declare.

pub mod choices;

use crate::descriptor::{S1LeafDesc, S1TableDesc, S2LeafDesc, S2TableDesc};
use crate::granule::Granule;
use crate::regs::{FieldInfo, HcrEl2, SctlrEl1, TcrEl1, Ttbr, VtcrEl2, VttbrEl2};
use choices::Choice;

/// How an editor shows a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One bit: a checkbox.
    Flag,
    /// A number (a size, an index).
    Number,
    /// An encoded value: a menu of what each value means.
    Choice(&'static [Choice]),
    /// Address bits held in place: the editor shows and takes the whole address. The field is
    /// narrowed to the bits the granule uses (a 64KB table's address starts at bit 16).
    Address(FieldInfo),
}

/// The field of an address, narrowed to the bits `granule` uses, if `f` is one: a descriptor's
/// next-level table address or output address, a TTBR's base.
pub fn address_field(f: &FieldInfo, granule: Granule) -> Option<FieldInfo> {
    match f.name {
        "NLTA" | "OA" => Some(FieldInfo {
            lo: granule.bits(),
            ..*f
        }),
        "BADDR" => Some(*f),
        _ => None,
    }
}

/// How to show field `f` in a walk with `granule`.
pub fn shape(f: &FieldInfo, granule: Granule) -> Shape {
    if let Some(a) = address_field(f, granule) {
        Shape::Address(a)
    } else if let Some(c) = choices::choices(f.name, granule) {
        Shape::Choice(c)
    } else if f.width() == 1 {
        Shape::Flag
    } else {
        Shape::Number
    }
}

/// The address an address field holds: its bits in place.
pub const fn address_of(f: &FieldInfo, word: u64) -> u64 {
    word & f.mask()
}

/// An address written into an address field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    /// The word with the field holding the address's bits.
    pub word: u64,
    /// Bits of the address below the field: not stored (the word's own fields are there).
    pub below: u64,
    /// Bits of the address above the field: not stored (too large for it).
    pub above: u64,
}

/// Writes `addr` into the address field `f` of `word`, keeping the word's other bits; says which
/// bits of `addr` the field cannot hold.
pub const fn place_address(f: &FieldInfo, word: u64, addr: u64) -> Placed {
    let m = f.mask();
    let low = (1u64 << f.lo) - 1;
    Placed {
        word: (word & !m) | (addr & m),
        below: addr & low,
        above: addr & !m & !low,
    }
}

/// Whether a descriptor field means anything with `granule` and the walk's DS: the 52-bit
/// address parts exist only in their format, and with DS = 1 bits [9:8] are address bits, not SH.
pub fn field_exists(name: &str, granule: Granule, ds: bool) -> bool {
    match name {
        "NLTA_HI" | "OA_HI" | "NLTA_DS" => ds && granule != Granule::K64,
        "NLTA_52" | "OA_52" => granule == Granule::K64,
        "SH" => !ds || granule == Granule::K64,
        _ => true,
    }
}

/// The fields of the view named `view` that a walk reads, in the order a student meets them;
/// `upper` picks TCR_EL1's TTBR1 fields. Editors list these first and fold the rest.
pub fn used_fields(view: &str, upper: bool) -> &'static [&'static str] {
    match view {
        TcrEl1::NAME if upper => &[
            "T1SZ", "TG1", "IPS", "EPD1", "TBI1", "HPD1", "E0PD1", "HA", "HD", "DS",
        ],
        TcrEl1::NAME => &[
            "T0SZ", "TG0", "IPS", "EPD0", "TBI0", "HPD0", "E0PD0", "HA", "HD", "DS",
        ],
        SctlrEl1::NAME => &["M", "C", "EE", "WXN", "EPAN"],
        HcrEl2::NAME => &["VM", "DC", "TGE", "PTW"],
        VtcrEl2::NAME => &["T0SZ", "SL0", "TG0", "PS", "SL2", "DS", "HA"],
        Ttbr::NAME | VttbrEl2::NAME => &["BADDR"],
        S1TableDesc::NAME => &[
            "Valid", "Type", "NLTA", "NLTA_HI", "NLTA_DS", "NLTA_52", "APTable", "UXNTable",
            "PXNTable",
        ],
        S1LeafDesc::NAME => &[
            "Valid", "Type", "OA", "OA_HI", "OA_52", "AF", "AP", "UXN", "PXN", "AttrIndx", "SH",
        ],
        S2TableDesc::NAME => &["Valid", "Type", "NLTA", "NLTA_HI", "NLTA_DS", "NLTA_52"],
        S2LeafDesc::NAME => &[
            "Valid", "Type", "OA", "OA_HI", "OA_52", "AF", "S2AP", "MemAttr", "SH", "XN",
        ],
        _ => &[],
    }
}

/// `fields` split into the ones a walk uses (in [`used_fields`] order) and the rest (in
/// declaration order). A view with no list keeps every field in the first part.
pub fn split_fields(
    fields: &'static [FieldInfo],
    view: &str,
    upper: bool,
) -> (Vec<FieldInfo>, Vec<FieldInfo>) {
    let used = used_fields(view, upper);
    if used.is_empty() {
        return (fields.to_vec(), Vec::new());
    }
    let first = used
        .iter()
        .filter_map(|n| fields.iter().find(|f| f.name == *n).copied())
        .collect();
    let rest = fields
        .iter()
        .filter(|f| !used.contains(&f.name))
        .copied()
        .collect();
    (first, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_lands_as_that_address() {
        let oa = address_field(&S1LeafDesc::OA, Granule::K4).unwrap();
        // A page descriptor with AttrIndx, AP, SH, AF set; the page's address typed whole.
        let p = place_address(&oa, 0x0060_0000_4040_0f43, 0x8034_5000);
        assert_eq!(p.word, 0x0060_0000_8034_5f43);
        assert_eq!((p.below, p.above), (0, 0));
        assert_eq!(address_of(&oa, p.word), 0x8034_5000);
        // Bits below 4KB and above 48 bits are reported, not stored.
        let p = place_address(&oa, 0, 0x1_0000_8034_5678);
        assert_eq!(
            (p.word, p.below, p.above),
            (0x8034_5000, 0x678, 0x1_0000_0000_0000)
        );
        // A 64KB table's address starts at bit 16: bits [15:12] are NLTA_52, kept.
        let nlta = address_field(&S1TableDesc::NLTA, Granule::K64).unwrap();
        let p = place_address(&nlta, 0x3003, 0x4021_0000);
        assert_eq!(p.word, 0x4021_3003);
        assert_eq!(
            shape(&S1LeafDesc::AP, Granule::K4),
            Shape::Choice(choices::AP)
        );
        assert_eq!(shape(&TcrEl1::T0SZ, Granule::K4), Shape::Number);
    }

    #[test]
    fn fields_of_the_walk_first() {
        let (first, rest) = split_fields(TcrEl1::FIELDS, TcrEl1::NAME, false);
        assert_eq!(first[0].name, "T0SZ");
        assert_eq!(first.len() + rest.len(), TcrEl1::FIELDS.len());
        assert!(rest.iter().any(|f| f.name == "MTX1"));
        assert!(!field_exists("OA_52", Granule::K4, false));
        assert!(field_exists("OA_52", Granule::K64, false));
        assert!(!field_exists("SH", Granule::K4, true));
    }
}
