//! The stage 1 table walk proper (AArch64.S1Walk()): the shared level loop
//! with stage 1's part in it (each table address through stage 2 first,
//! big-endian descriptors with SCTLR_EL1.EE, the hierarchical limits of
//! table descriptors), then the leaf's output address and access flag.

use super::setup::S1Params;
use crate::addr::{Ipa, Va, Word};
use crate::descriptor::S1TableDesc;
use crate::fault::{self, Fault, FaultKind};
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::perms::TablePerms;
use crate::rules::Rule;
use crate::stage2::TableStage2;
use crate::trace::{Sink, StepKind, TableLimits, record};
use crate::walk::levels::{self, Reached, Stage, Walk};
use crate::walk::{Variant, leaf, step};

/// Stage 1's part in the level loop.
struct S1<'w, 'm, 'a, M: PhysMem, T: TableStage2> {
    m: &'w Machine<'a, M>,
    p: &'w S1Params,
    s2: &'m T,
    /// The hierarchical limits gathered so far.
    tperms: TablePerms,
}

impl<M: PhysMem, T: TableStage2> Stage for S1<'_, '_, '_, M, T> {
    type Fail = Fault;
    const STAGE: fault::Stage = fault::Stage::S1;
    const INDEX_RULE: Rule = Rule::TableIndex;

    fn fault(&self, kind: FaultKind, level: i8) -> Fault {
        Fault::s1(kind, level)
    }

    fn read<S: Sink>(
        &mut self,
        entry: u64,
        level: i8,
        sink: &mut S,
    ) -> Result<(u64, Option<u64>), Fault> {
        let pa = self.s2.translate(Ipa(entry), level, sink)?.0;
        // FetchDescriptor(): SCTLR_EL1.EE = 1 makes stage 1 descriptors big-endian.
        let word = self.m.mem.read(pa);
        Ok((pa, word.map(|w| if self.p.ee { w.swap_bytes() } else { w })))
    }

    fn read_abort(&self, level: i8) -> Fault {
        Fault::s1(FaultKind::SyncExternalOnWalk, level)
    }

    fn big_endian(&self) -> bool {
        self.p.ee
    }

    fn table<S: Sink>(&mut self, level: i8, raw: u64, next: u64, sink: &mut S) {
        let d = S1TableDesc(raw);
        // AArch64.S1ApplyTablePerms(), unless HPDn (FEAT_HPDS) disables it.
        let t = &mut self.tperms;
        if !self.p.hpd {
            t.ap_table |= d.ap_table();
            t.uxn_table |= d.uxn_table();
            t.pxn_table |= d.pxn_table();
        }
        let t = *t;
        record(sink, || {
            step(
                fault::Stage::S1,
                Some(level),
                true,
                Rule::TablePermissions,
                StepKind::Table {
                    next: Word(next),
                    limits: Some(TableLimits {
                        ap_table: d.ap_table(),
                        uxn_table: d.uxn_table(),
                        pxn_table: d.pxn_table(),
                        hpd: self.p.hpd,
                        acc_ap_table: t.ap_table,
                        acc_uxn_table: t.uxn_table,
                        acc_pxn_table: t.pxn_table,
                    }),
                },
            )
        });
    }
}

fn walk_of(p: &S1Params) -> Walk<'_> {
    Walk {
        geometry: p.geometry(),
        oa_bits: p.oa_bits,
        fmt: &p.fmt,
        arch: &p.arch,
    }
}

/// The table walk to the leaf (its level, descriptor and addresses) and the
/// hierarchical limits gathered on the way.
///
/// # Errors
/// A fault on the way: address size, stage 2, External abort, Translation.
pub fn walk<M: PhysMem, T: TableStage2, V: Variant, S: Sink>(
    m: &Machine<'_, M>,
    v: &V,
    p: &S1Params,
    va: Va,
    s2: &T,
    sink: &mut S,
) -> Result<(Reached, TablePerms), Fault> {
    let w = walk_of(p);
    let mut st = S1 {
        m,
        p,
        s2,
        tperms: TablePerms::default(),
    };
    let e = w.geometry.entry(p.baddr, va.0, p.start_level);
    // R_CVSBH, R_BFHQH: the TTBR's address above the output size faults at level 0.
    if !levels::first_entry(&st, &w, va.0, &e, sink) {
        return Err(Fault::s1(FaultKind::AddressSize, 0));
    }
    let leaf = levels::walk(v, &mut st, &w, va.0, e.addr, sink)?;
    Ok((leaf, st.tperms))
}

/// The leaf's output address, its size check and the access flag (the end
/// of AArch64.S1Walk()).
///
/// # Errors
/// An Address size or Access flag fault at the leaf's level.
pub fn leaf_output<V: Variant, S: Sink>(
    v: &V,
    p: &S1Params,
    va: Va,
    level: i8,
    raw: u64,
    sink: &mut S,
) -> Result<u64, Fault> {
    leaf::output(v, fault::Stage::S1, &walk_of(p), level, raw, va.0, sink)
        .map_err(|kind| Fault::s1(kind, level))
}
