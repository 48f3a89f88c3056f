//! The stage 2 walk's levels and leaf (AArch64.S2Walk()) and the leaf's
//! checks for a stage 1 table read (AArch64.S2CheckPermissions() with a
//! TTW access).

use super::S2Leaf;
use crate::addr::Word;
use crate::descriptor::S2LeafDesc;
use crate::fault::{self, Fault, FaultKind};
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::rules::Rule;
use crate::trace::{Sink, StepKind, record};
use crate::walk::levels::{self, Stage, Walk};
use crate::walk::s2_start::{S2Fail, S2Start};
use crate::walk::{Variant, leaf, step};

/// Stage 2's part in the level loop: entries are PAs, descriptors
/// little-endian, table descriptors add no limits for a table read.
struct S2<'w, 'a, M: PhysMem, V: Variant> {
    m: &'w Machine<'a, M>,
    v: &'w V,
}

impl<M: PhysMem, V: Variant> Stage for S2<'_, '_, M, V> {
    type Fail = S2Fail;
    const STAGE: fault::Stage = fault::Stage::S2;
    const INDEX_RULE: Rule = Rule::Stage2StartLevel;

    fn fault(&self, kind: FaultKind, level: i8) -> S2Fail {
        S2Fail::Fault(Fault::s2_on_walk(kind, level))
    }

    fn read<S: Sink>(
        &mut self,
        entry: u64,
        _level: i8,
        _sink: &mut S,
    ) -> Result<(u64, Option<u64>), S2Fail> {
        Ok((entry, self.m.mem.read(entry)))
    }

    fn read_abort(&self, level: i8) -> S2Fail {
        self.v.s2_read_abort(level)
    }

    /// A stage 2 table descriptor gives only the next table's address
    /// (AArch64.S2NextWalkStateTable()): no hierarchical limits.
    fn table<S: Sink>(&mut self, level: i8, _raw: u64, next: u64, sink: &mut S) {
        record(sink, || {
            step(
                fault::Stage::S2,
                Some(level),
                true,
                Rule::DescriptorType,
                StepKind::Table {
                    next: Word(next),
                    limits: None,
                },
            )
        });
    }
}

/// From the first entry to the leaf, then the leaf's checks.
///
/// # Errors
/// A stage 2 fault on the walk, or the variant's failure without a status.
pub fn levels_and_leaf<M: PhysMem, V: Variant, S: Sink>(
    m: &Machine<'_, M>,
    v: &V,
    ipa: u64,
    start: &S2Start,
    sink: &mut S,
) -> Result<S2Leaf, S2Fail> {
    let walk = Walk {
        geometry: start.geometry,
        oa_bits: start.oa_bits,
        fmt: &start.fmt,
        arch: &start.arch,
    };
    let mut st = S2 { m, v };
    let levels::Reached {
        level,
        raw,
        pa: desc_pa,
        ..
    } = levels::walk(v, &mut st, &walk, ipa, start.first_entry, sink)?;
    let pa = leaf::output(v, fault::Stage::S2, &walk, level, raw, ipa, sink)
        .map_err(|kind| S2Fail::Fault(Fault::s2_on_walk(kind, level)))?;
    let d = S2LeafDesc(raw);
    let leaf = S2Leaf {
        pa: crate::addr::Pa(pa),
        level,
        s2ap: d.s2ap(),
        raw,
        desc_pa,
    };
    if v.s2_leaf_checks(m, level, raw, sink).is_some() {
        return Ok(leaf);
    }
    // AArch64.S2CheckPermissions() for AccessType_TTW: HCR_EL2.PTW with
    // stage 2 Device memory, then S2AP read permission (HCR_EL2.TGE=1 makes PTW 0).
    let r = &m.regs;
    let ptw = r.hcr.ptw() && !r.hcr.tge();
    let device = d.mem_attr() & 0b1100 == 0;
    let perm_ok = !(ptw && device) && d.s2ap() & 0b01 != 0;
    record(sink, || {
        step(
            fault::Stage::S2,
            Some(level),
            perm_ok,
            Rule::Stage2Permissions,
            StepKind::S2Perms {
                s2ap: d.s2ap(),
                mem_attr: d.mem_attr(),
                ptw,
            },
        )
    });
    if !perm_ok {
        return Err(S2Fail::Fault(Fault::s2_on_walk(
            FaultKind::Permission,
            level,
        )));
    }
    Ok(leaf)
}
