//! Where KVM's software walk parts from the architecture: the place in
//! KVM's code ([`KvmSite`]) and what it does differently ([`KvmDiff`]).
//! A walk with [`crate::params::Walker::KvmSlow`] records one
//! [`crate::trace::StepKind::KvmDiffers`] step at each such place, beside
//! the [`crate::rules::Rule`] of the architecture it parts from.
//!
//! Lines are exact for arch/arm64/kvm/at.c at a508d5afb708 (v6.17; read
//! whole, docs/kvm-model.md "Releases"); [`super::KvmRelease::line`] gives
//! what another release cites. nested.c sites carry no line (0) until
//! nested.c of a release is read line by line.

pub use crate::trace::{KvmAddr, KvmDiff, KvmSite, S2NoStatus};

use crate::descriptor::Oa52;
use crate::fault::Stage;
use crate::rules::Rule;
use crate::trace::{Step, StepKind};
use crate::walk::Format;

/// The Linux commit of arch/arm64/kvm/at.c whose lines the sites cite
/// (v6.17's at.c; 0090c0a247cd, the model's first pin, behaves the same
/// for these operations).
pub const AT_C_COMMIT: &str = "a508d5afb70894ab50ccc4678f55ff801468182b";
/// The Linux commit of arch/arm64/kvm/nested.c this model follows.
pub const NESTED_C_COMMIT: &str = "001e032c0f3f71ba508ed64a0c4c79708cfcde38";

/// The sites of KVM's code this model mirrors.
pub mod site {
    use super::KvmSite;

    /// setup_s1_walk(): the non-canonical VA check (TBI clear).
    pub const NON_CANONICAL: KvmSite = KvmSite::at("setup_s1_walk", 140);
    /// setup_s1_walk(): the MMU-off PA size check.
    pub const MMU_OFF: KvmSite = KvmSite::at("setup_s1_walk", 173);
    /// setup_s1_walk(): TG0 decode, a reserved value taken as 64KB.
    pub const GRANULE: KvmSite = KvmSite::at("setup_s1_walk", 221);
    /// setup_s1_walk(): TG1 decode, a reserved value taken as 64KB.
    pub const GRANULE_TG1: KvmSite = KvmSite::at("setup_s1_walk", 208);
    /// setup_s1_walk(): the largest TxSZ (R_PLCGL; 39 without FEAT_TTST).
    pub const TXSZ: KvmSite = KvmSite::at("setup_s1_walk", 228);
    /// setup_s1_walk(): the smallest TxSZ (R_GTJBY; 12 with LPA2 and DS, else 16).
    pub const TXSZ_MIN: KvmSite = KvmSite::at("setup_s1_walk", 250);
    /// setup_s1_walk(): EPD tested (before E0PD).
    pub const EPD_E0PD: KvmSite = KvmSite::at("setup_s1_walk", 261);
    /// setup_s1_walk(): max_oa_bits = min(host IPA limit, IPS).
    pub const MAX_OA: KvmSite = KvmSite::at("setup_s1_walk", 277);
    /// setup_s1_walk(): the TTBR base, bits [47:1].
    pub const TTBR: KvmSite = KvmSite::at("setup_s1_walk", 282);
    /// walk_s1(): kvm_walk_nested_s2() on the table address.
    pub const WALK_S2: KvmSite = KvmSite::at("walk_s1", 324);
    /// walk_s1(): the stage 2 read permission of the table.
    pub const WALK_S2_READABLE: KvmSite = KvmSite::at("walk_s1", 332);
    /// walk_s1(): kvm_read_guest() of the descriptor.
    pub const WALK_READ: KvmSite = KvmSite::at("walk_s1", 342);
    /// walk_s1(): the next-level table base, bits [47:pgshift].
    pub const WALK_TABLE: KvmSite = KvmSite::at("walk_s1", 372);
    /// walk_s1(): the block level check.
    pub const WALK_BLOCK: KvmSite = KvmSite::at("walk_s1", 397);
    /// walk_s1(): the output address size check on the descriptor.
    pub const WALK_OA: KvmSite = KvmSite::at("walk_s1", 401);
    /// walk_s1(): the access flag.
    pub const WALK_AF: KvmSite = KvmSite::at("walk_s1", 404);
    /// walk_s1(): contiguous_bit_shift() and the output address.
    pub const WALK_CONTIG: KvmSite = KvmSite::at("walk_s1", 409);
    /// compute_s1_direct_permissions(): AP[2:1] only.
    pub const PERMS: KvmSite = KvmSite::at("compute_s1_direct_permissions", 835);
    /// compute_par_s1(): PAR_EL1 of a translation (ATTR, PA[47:12], SH by compute_sh()).
    pub const PAR_S1: KvmSite = KvmSite::at("compute_par_s1", 799);
    /// fail_s1_walk() with the ESR_ELx_FSC_* macros.
    pub const FAIL_S1_WALK: KvmSite = KvmSite::at("fail_s1_walk", 13);
    /// vtcr_to_walk_info(): the virtual stage 2's granule and output size.
    pub const S2_INFO: KvmSite = KvmSite::nested("vtcr_to_walk_info", 0);
    /// walk_nested_s2_pgd(): T0SZ and start level checks.
    pub const S2_CONFIG: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 0);
    /// walk_nested_s2_pgd(): the VTTBR base.
    pub const S2_BASE: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 0);
    /// walk_nested_s2_pgd(): the index (no IPA range check).
    pub const S2_INDEX: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 0);
    /// walk_nested_s2_pgd(): a descriptor read.
    pub const S2_READ: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 0);
    /// walk_nested_s2_pgd(): the next table base.
    pub const S2_TABLE: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 0);
    /// walk_nested_s2_pgd(): the block level check.
    pub const S2_BLOCK: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 0);
    /// walk_nested_s2_pgd(): the access flag.
    pub const S2_AF: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 0);
    /// walk_nested_s2_pgd(): contiguous widening and the output.
    pub const S2_OUT: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 0);
}

/// The steps' at.c sites as `release` cites them ([`super::KvmRelease::line`]),
/// in nested stage 2 walks too.
pub fn cite_release(steps: &mut [Step], release: super::KvmRelease) {
    for s in steps {
        match &mut s.kind {
            StepKind::KvmDiffers { kvm, .. } if kvm.file == "at.c" => {
                kvm.line = release.line(kvm.line);
            }
            StepKind::Stage2 { steps, .. } => cite_release(steps, release),
            _ => {}
        }
    }
}

/// A `KvmDiffers` step.
pub fn kvm_step(
    stage: Stage,
    level: Option<i8>,
    ok: bool,
    site: KvmSite,
    arch: Rule,
    what: KvmDiff,
) -> Step {
    Step {
        stage,
        level,
        ok,
        rule: arch,
        kind: StepKind::KvmDiffers {
            kvm: site,
            arch,
            what,
        },
    }
}

/// KVM reads descriptors in their 48-bit form, with no hardware access
/// flag or dirty state (FEAT_HAFDBS is hidden under NV).
pub const FORMAT: Format = Format {
    ds: false,
    pa52: false,
    oa52: Oa52::None,
    baddr52: false,
    ha: false,
    hd: false,
};
