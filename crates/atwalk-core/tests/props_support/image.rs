//! The memory image of a case: descriptor recipes, the word a recipe writes
//! at stage 1 or stage 2, and the scenario built by evaluating with the
//! trace and placing the next recipe at the first read of an empty address.

use super::*;

/// One descriptor to place where the walk next reads an empty address.
#[derive(Clone, Copy, Debug)]
pub struct Recipe {
    /// What to write: table, leaf, invalid or any word.
    kind: u8,
    /// Which pool slot (a table) or output address pattern (a leaf).
    target: u8,
    /// Random bits for the attribute and ignored fields.
    bits: u64,
    /// Random choices: AF, S2AP, MemAttr, identity stage 2, 52-bit bits.
    flags: u8,
}

pub fn recipe() -> impl Strategy<Value = Recipe> {
    (
        prop_oneof![28 => Just(0u8), 18 => Just(1u8), 2 => Just(2u8), 1 => Just(3u8)],
        any::<u8>(),
        any::<u64>(),
        any::<u8>(),
    )
        .prop_map(|(kind, target, bits, flags)| Recipe {
            kind,
            target,
            bits,
            flags,
        })
}

/// Stage 1 leaf attribute bits: UXN, PXN, Contiguous, DBM, GP, nG, SH, AP,
/// NS, AttrIndx (and PBHA, ignored).
pub const S1_LEAF_ATTRS: u64 = 0x7c7c_0000_0000_0000 | 0x0000_0000_0000_0bfc;
/// Stage 2 leaf attribute bits: XN, Contiguous, DBM, SH, S2AP, MemAttr.
pub const S2_LEAF_ATTRS: u64 = 0x0078_0000_0000_03fc;
/// Table descriptor attribute bits: NSTable, APTable, UXNTable, PXNTable.
pub const TABLE_ATTRS: u64 = 0xf800_0000_0000_0000;

/// The word a recipe writes for a read at stage `stage` of stage 1 level
/// `level`; `ipa` is the IPA a stage 2 walk translates.
pub fn descriptor(r: &Recipe, stage: Stage, ipa: Option<u64>, ee: bool) -> u64 {
    let high_bits = |w: u64| {
        // Now and then the 52-bit address fields: DS's bits [49:48] and
        // [9:8], the 64KB granule's bits [15:12].
        if r.flags & 0xe0 == 0 {
            w | (r.bits & (mask(49, 48) | mask(15, 12) | mask(9, 8)))
        } else {
            w
        }
    };
    let w = match r.kind {
        0 => {
            // A table (or, at the last level, a page) into the pool. Bits
            // [7:2], ignored in a table, are a page's AP and AttrIndx at
            // stage 1, its S2AP and MemAttr at stage 2 (mostly readable
            // Normal memory).
            let low = match stage {
                Stage::S1 => r.bits & 0xfc,
                Stage::S2 if (r.bits >> 40) & 3 != 0 => 0b01_1111 << 2,
                Stage::S2 => r.bits & 0xfc,
            };
            let attrs = if r.flags & 1 == 0 {
                r.bits & TABLE_ATTRS
            } else {
                0
            } | low;
            let af = if r.flags & 0x20 == 0 || r.bits & 0x3 != 0 {
                1 << 10
            } else {
                0
            };
            high_bits(pool(r.target) | attrs | af | 0b11)
        }
        1 => {
            let out = match (stage, ipa) {
                // Stage 2 mostly maps the IPA to itself, so the stage 1
                // tables stay where the pool put them.
                (Stage::S2, Some(ipa)) if r.flags & 0x0c != 0 => ipa & mask(47, 12),
                _ => match r.target % 4 {
                    0 => pool(r.target >> 2),
                    1 => pool(r.target >> 2) + (r.bits & mask(29, 12)),
                    2 => r.bits & mask(47, 12),
                    _ => r.bits & mask(31, 12),
                },
            };
            let page_or_block = if r.flags & 0x18 == 0 { 0b01 } else { 0b11 };
            let af_set = r.flags & 0x20 == 0 || r.bits & 0x3 != 0;
            let af = if af_set { 1 << 10 } else { 0 };
            let attrs = match stage {
                Stage::S1 => r.bits & S1_LEAF_ATTRS,
                Stage::S2 => {
                    let mut a = r.bits & S2_LEAF_ATTRS;
                    if r.flags & 0x02 == 0 || (r.bits >> 40) & 3 != 0 {
                        a |= 0b1111 << 2; // MemAttr: Normal Write-Back
                        a |= 0b01 << 6; // S2AP: read
                    }
                    a
                }
            };
            high_bits(out | attrs | af | page_or_block)
        }
        2 => r.bits & !1,
        _ => r.bits,
    };
    if ee && stage == Stage::S1 {
        w.swap_bytes()
    } else {
        w
    }
}

/// The first descriptor read, in trace order, of an address with no word:
/// its address, stage and (for stage 2) the IPA being translated.
pub fn first_unplaced(
    steps: &[Step],
    memory: &BTreeMap<u64, u64>,
    ipa: Option<u64>,
) -> Option<(u64, Stage, Option<u64>)> {
    for s in steps {
        match &s.kind {
            StepKind::Read { at, .. } if !memory.contains_key(&at.0) => {
                return Some((at.0, s.stage, ipa));
            }
            StepKind::Stage2 { ipa, steps, .. } => {
                if let Some(found) = first_unplaced(steps, memory, Some(ipa.0)) {
                    return Some(found);
                }
            }
            _ => {}
        }
    }
    None
}

/// The scenario of a case, its memory filled by following the walks.
pub fn build(c: &Case) -> Scenario {
    let mut s = Scenario {
        title: String::new(),
        notes: String::new(),
        cpu: c.cpu,
        memory: BTreeMap::new().into(),
        ram: c.ram.clone(),
        kvm: KvmHost::default(),
        features: arm(&c.features),
        pa_bits: c.pa_bits,
        queries: c.queries.clone(),
    };
    let ee = c.cpu.sctlr_el1 & (1 << 25) != 0;
    for r in &c.recipes {
        let ev = evaluate(&s, &TRACE);
        let Some((at, stage, ipa)) = ev
            .results
            .iter()
            .find_map(|q| first_unplaced(&q.trace, &s.memory, None))
        else {
            break;
        };
        s.memory.insert(at, descriptor(r, stage, ipa, ee));
    }
    s
}
