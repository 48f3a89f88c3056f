//! The leaf's permissions and attributes: AArch64.S1CheckPermissions()
//! with the op's check, and the output attributes PAR_EL1 reports.

use crate::attrs::{self, OutputAttrs};
use crate::descriptor::S1LeafDesc;
use crate::fault::{self, Fault, FaultKind};
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::op::Access;
use crate::perms::{self, TablePerms};
use crate::regs::MemAttr;
use crate::rules::Rule;
use crate::trace::{Sink, StepKind, record};
use crate::walk::variant::record_later;
use crate::walk::{At, Variant, step};

use super::setup::S1Params;

fn at(p: &S1Params, level: i8) -> At<'_> {
    At {
        stage: fault::Stage::S1,
        level,
        granule: p.granule,
        fmt: &p.fmt,
        arch: &p.arch,
    }
}

/// The permissions and the op's check (AArch64.S1CheckPermissions()).
///
/// # Errors
/// A Permission fault at the leaf's level.
#[allow(clippy::too_many_arguments)]
pub fn leaf_perms<M: PhysMem, V: Variant, S: Sink>(
    m: &Machine<'_, M>,
    v: &V,
    acc: &Access,
    p: &S1Params,
    level: i8,
    raw: u64,
    t: TablePerms,
    sink: &mut S,
) -> Result<(), Fault> {
    let r = &m.regs;
    let d = S1LeafDesc(raw);
    let dbm_hd = v.dirty_state(at(p, level), d.dbm()).take(sink);
    let el0 = acc.el == 0;
    let base_perms = perms::direct(d.ap(), d.uxn(), d.pxn(), dbm_hd, t);
    let (after_pan, pan_applied) = perms::pan(base_perms, acc.pan && r.pstate_pan, p.epan);
    let (final_perms, wxn_applied) = perms::wxn(after_pan, r.sctlr.wxn(), el0);
    let allowed = perms::check(final_perms, el0, acc.check);
    record(sink, || {
        step(
            fault::Stage::S1,
            Some(level),
            allowed,
            if pan_applied && !allowed {
                Rule::Pan
            } else {
                Rule::PermissionCheck
            },
            StepKind::Perms {
                ap: d.ap(),
                dbm_hd,
                uxn: d.uxn(),
                pxn: d.pxn(),
                ap_table: t.ap_table,
                uxn_table: t.uxn_table,
                pxn_table: t.pxn_table,
                base: base_perms,
                pan_applied,
                epan: p.epan,
                after_pan,
                wxn_applied,
                el: acc.el,
                check: acc.check,
            },
        )
    });
    if !allowed {
        // R_CSRQR: reported at the leaf's level.
        return Err(Fault::s1(FaultKind::Permission, level));
    }
    Ok(())
}

/// The output attributes and what PAR_EL1 reports of them.
pub fn leaf_attrs<M: PhysMem, V: Variant, S: Sink>(
    m: &Machine<'_, M>,
    v: &V,
    p: &S1Params,
    level: i8,
    raw: u64,
    sink: &mut S,
) -> OutputAttrs {
    let r = &m.regs;
    let d = S1LeafDesc(raw);
    // S1DecodeMemAttrs(): with DS=1 the SH bits hold OA[51:50] and the
    // shareability is TCR_EL1.SHn.
    let attr_indx = d.attr_indx();
    let mair_attr = r.mair.attr(attr_indx);
    let sh = if p.fmt.ds { p.sh } else { d.sh() };
    let arch_sh = if p.arch.ds { p.sh } else { d.sh() };
    let arch_attrs = attrs::output(mair_attr, arch_sh, r.sctlr.c());
    // The variant is given the shareability its own format reads.
    let (a, differs) = v.par_attrs(level, sh, r.sctlr.c(), arch_attrs).split();
    record(sink, || {
        step(
            fault::Stage::S1,
            Some(level),
            true,
            Rule::Attributes,
            StepKind::Attrs {
                attr_indx,
                mair_attr,
                mem: MemAttr::decode(mair_attr),
                sh,
                sh_from_tcr: p.fmt.ds,
                sctlr_c: r.sctlr.c(),
                resulting_attr: a.resulting_attr,
                reported_attr: a.reported_attr,
                reported_sh: a.reported_sh,
            },
        )
    });
    record_later(sink, differs);
    a
}
