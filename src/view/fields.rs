//! Bit fields as the app writes them ([`FieldInfo`] values and ranges), and which descriptor view
//! fits what the walk found.

use atwalk_core::descriptor::{DescKind, S1LeafDesc, S1TableDesc, S2LeafDesc, S2TableDesc};
use atwalk_core::fault::Stage;
use atwalk_core::regs::FieldInfo;

/// A field's value as the editor writes it: binary for 2-4 bits (as the Arm ARM lists encodings),
/// decimal for 5-7 bits (sizes such as T0SZ), hex for wider fields (addresses).
pub fn field_text(info: &FieldInfo, v: u64) -> String {
    match info.width() {
        2..=4 => format!("0b{v:0w$b}", w = usize::from(info.width())),
        5..=7 => v.to_string(),
        _ => format!("0x{v:x}"),
    }
}

/// The bit range as the Arm ARM writes it: `[5:0]`, `[7]`.
pub fn range_text(info: &FieldInfo) -> String {
    if info.hi == info.lo {
        format!("[{}]", info.hi)
    } else {
        format!("[{}:{}]", info.hi, info.lo)
    }
}

/// The fields of the descriptor view that fits what the walk found.
pub fn desc_fields(stage: Stage, kind: DescKind) -> (&'static str, &'static [FieldInfo]) {
    match (stage, kind) {
        (Stage::S1, DescKind::Table) => (S1TableDesc::NAME, S1TableDesc::FIELDS),
        (Stage::S2, DescKind::Table) => (S2TableDesc::NAME, S2TableDesc::FIELDS),
        (Stage::S1, _) => (S1LeafDesc::NAME, S1LeafDesc::FIELDS),
        (Stage::S2, _) => (S2LeafDesc::NAME, S2LeafDesc::FIELDS),
    }
}
