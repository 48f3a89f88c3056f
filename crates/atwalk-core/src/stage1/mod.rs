//! The stage 1 walk of the EL1&0 regime (AArch64.S1Translate()): set-up
//! ([`setup`]), stage 1 off ([`flat`]), the table walk ([`walk`]) and the
//! leaf's permissions and attributes ([`leaf`]).

pub mod flat;
pub mod leaf;
pub mod setup;
pub mod walk;

use crate::addr::Va;
use crate::attrs::OutputAttrs;
use crate::fault::{Fault, Stage};
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::op::Access;
use crate::rules::Rule;
use crate::stage2::TableStage2;
use crate::trace::{Sink, StepKind, record};
use crate::walk::{Variant, step};

pub use crate::walk::geometry::txsz_limits;
pub use leaf::{leaf_attrs, leaf_perms};
pub use setup::S1Params;
pub use walk::{leaf_output, walk};

/// A successful stage 1 translation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct S1Output {
    /// The output address (an IPA when stage 2 is on).
    pub oa: u64,
    /// The attributes and what PAR_EL1 reports.
    pub attrs: OutputAttrs,
}

/// What the set-up phase found: stage 1 off (the flat output), or the walk parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setup {
    /// Stage 1 is off: the output.
    Flat(S1Output),
    /// Stage 1 is on: walk with these.
    Walk(S1Params),
}

/// Translates `va` for the access `acc`: the stage 1 part of an AT instruction.
///
/// # Errors
/// The fault that ends the walk: stage 1, or stage 2 on the walk.
pub fn translate<M: PhysMem, T: TableStage2, V: Variant, S: Sink>(
    m: &Machine<'_, M>,
    v: &V,
    acc: &Access,
    va: Va,
    s2: &T,
    sink: &mut S,
) -> Result<S1Output, Fault> {
    match setup_phase(m, v, acc, va, sink)? {
        Setup::Flat(out) => Ok(out),
        Setup::Walk(p) => {
            let (leaf, tperms) = walk(m, v, &p, va, s2, sink)?;
            let (level, desc) = (leaf.level, leaf.raw);
            let oa = leaf_output(v, &p, va, level, desc, sink)?;
            leaf_perms(m, v, acc, &p, level, desc, tperms, sink)?;
            let attrs = leaf_attrs(m, v, &p, level, desc, sink);
            Ok(S1Output { oa, attrs })
        }
    }
}

/// Everything before the first descriptor read: the variant's own checks,
/// stage 1 enabled or the flat map, then the walk parameters.
///
/// # Errors
/// A level 0 fault of the set-up.
pub fn setup_phase<M: PhysMem, V: Variant, S: Sink>(
    m: &Machine<'_, M>,
    v: &V,
    acc: &Access,
    va: Va,
    sink: &mut S,
) -> Result<Setup, Fault> {
    v.before_s1(m, va, sink)?;
    let r = &m.regs;
    // AArch64.S1Enabled(): SCTLR_EL1.M, unless HCR_EL2.DC or TGE (R_LBPTY).
    let enabled = r.sctlr.m() && !r.hcr.dc() && !r.hcr.tge();
    record(sink, || {
        step(
            Stage::S1,
            None,
            true,
            Rule::S1Enabled,
            StepKind::S1Enable {
                sctlr_m: r.sctlr.m(),
                hcr_dc: r.hcr.dc(),
                hcr_tge: r.hcr.tge(),
            },
        )
    });
    if !enabled {
        return flat::flat(m, v, va, sink).map(Setup::Flat);
    }
    setup::setup(m, v, acc, va, sink).map(Setup::Walk)
}
