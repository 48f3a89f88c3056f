//! The end of a walk at a block or page, the same for both stages: the
//! output address (base plus the input's offset into the leaf), its check
//! against the output size, and the access flag.

use super::levels::{Walk, size_check};
use super::step;
use super::variant::{Variant, record_later};
use crate::addr::Word;
use crate::descriptor::{DescKind, S1LeafDesc};
use crate::fault::{FaultKind, Stage};
use crate::rules::Rule;
use crate::trace::{AddrWhat, Sink, StepKind, record};

/// The leaf `raw` at `level` for the input address `ia`: its output address.
///
/// # Errors
/// An Address size fault (the output above the output size) or an Access
/// flag fault, at the leaf's level.
pub fn output<V: Variant, S: Sink>(
    v: &V,
    stage: Stage,
    walk: &Walk<'_>,
    level: i8,
    raw: u64,
    ia: u64,
    sink: &mut S,
) -> Result<u64, FaultKind> {
    // The Contiguous bit and AF sit at the same places at both stages.
    let d = S1LeafDesc(raw);
    let at = walk.at(stage, level);
    let size_bits = walk.geometry.granule.leaf_bits(level);
    let base = v.leaf_base(at, raw).take(sink);
    // StageOA(): the block or page base with the input's offset into it.
    let (oa, widened) = v.output_address(at, raw, base, ia).split();
    record(sink, || {
        step(
            stage,
            Some(level),
            true,
            Rule::LeafOutput,
            StepKind::Leaf {
                kind: DescKind::leaf_at(level),
                base: Word(base),
                size_bits,
                oa: Word(oa),
                contiguous: d.contiguous(),
            },
        )
    });
    // "Detect Address Size Fault by final output": base plus offset must fit.
    let (checked, unchecked) = v.final_check_address(at, base, oa, walk.oa_bits).split();
    if !size_check(stage, AddrWhat::Output, checked, walk.oa_bits, level, sink) {
        return Err(FaultKind::AddressSize);
    }
    record_later(sink, unchecked);
    // R_SWTYY: AF = 0 faults unless hardware manages the flag.
    let checked = v.checks_af(at, d.af()).take(sink);
    let ha = v.hardware_af(at, raw).take(sink);
    let af_ok = d.af() || ha || !checked;
    record(sink, || {
        step(
            stage,
            Some(level),
            af_ok,
            Rule::AccessFlag,
            StepKind::AccessFlag { af: d.af(), ha },
        )
    });
    if !af_ok {
        return Err(FaultKind::AccessFlag);
    }
    record_later(sink, widened);
    Ok(oa)
}
