//! Where KVM's software walk parts from the architecture: the place in
//! KVM's code ([`KvmSite`]) and what it does differently ([`KvmDiff`]).
//! A walk with [`crate::params::Walker::KvmSlow`] records one
//! [`crate::trace::StepKind::KvmDiffers`] step at each such place, beside
//! the [`crate::rules::Rule`] of the architecture it parts from.
//!
//! Line numbers are approximate (within about 30 lines), estimated from
//! character offsets in arch/arm64/kvm/at.c @ 0090c0a247cd and
//! arch/arm64/kvm/nested.c @ 001e032c0f3f (docs/kvm-model-notes.md).

pub use crate::trace::{KvmAddr, KvmDiff, KvmSite, S2NoStatus};

use crate::descriptor::Oa52;
use crate::fault::Stage;
use crate::rules::Rule;
use crate::trace::{Step, StepKind};
use crate::walk::Format;

/// The Linux commit of arch/arm64/kvm/at.c this model follows.
pub const AT_C_COMMIT: &str = "0090c0a247cd3dc37181be4a9af4750ae3fedbd0";
/// The Linux commit of arch/arm64/kvm/nested.c this model follows.
pub const NESTED_C_COMMIT: &str = "001e032c0f3f71ba508ed64a0c4c79708cfcde38";

/// The sites of KVM's code this model mirrors.
pub mod site {
    use super::KvmSite;

    /// setup_s1_walk(): the non-canonical VA check (TBI clear).
    pub const NON_CANONICAL: KvmSite = KvmSite::at("setup_s1_walk", 175);
    /// setup_s1_walk(): the MMU-off PA size check.
    pub const MMU_OFF: KvmSite = KvmSite::at("setup_s1_walk", 205);
    /// setup_s1_walk(): TG0/TG1 decode.
    pub const GRANULE: KvmSite = KvmSite::at("setup_s1_walk", 240);
    /// setup_s1_walk(): the TxSZ limits (R_PLCGL, R_GTJBY as KVM reads them).
    pub const TXSZ: KvmSite = KvmSite::at("setup_s1_walk", 270);
    /// setup_s1_walk(): EPD before E0PD.
    pub const EPD_E0PD: KvmSite = KvmSite::at("setup_s1_walk", 295);
    /// setup_s1_walk(): max_oa_bits = min(host IPA limit, IPS).
    pub const MAX_OA: KvmSite = KvmSite::at("setup_s1_walk", 308);
    /// setup_s1_walk(): the TTBR base, bits [47:1].
    pub const TTBR: KvmSite = KvmSite::at("setup_s1_walk", 315);
    /// walk_s1(): kvm_walk_nested_s2() on the table address.
    pub const WALK_S2: KvmSite = KvmSite::at("walk_s1", 350);
    /// walk_s1(): the stage 2 read permission of the table.
    pub const WALK_S2_READABLE: KvmSite = KvmSite::at("walk_s1", 360);
    /// walk_s1(): kvm_read_guest() of the descriptor.
    pub const WALK_READ: KvmSite = KvmSite::at("walk_s1", 368);
    /// walk_s1(): the next-level table base, bits [47:pgshift].
    pub const WALK_TABLE: KvmSite = KvmSite::at("walk_s1", 395);
    /// walk_s1(): the block level check.
    pub const WALK_BLOCK: KvmSite = KvmSite::at("walk_s1", 410);
    /// walk_s1(): the output address size check on the descriptor.
    pub const WALK_OA: KvmSite = KvmSite::at("walk_s1", 425);
    /// walk_s1(): the access flag.
    pub const WALK_AF: KvmSite = KvmSite::at("walk_s1", 428);
    /// walk_s1(): contiguous_bit_shift() and the output address.
    pub const WALK_CONTIG: KvmSite = KvmSite::at("walk_s1", 433);
    /// compute_s1_direct_permissions(): AP[2:1] only.
    pub const PERMS: KvmSite = KvmSite::at("compute_s1_direct_permissions", 775);
    /// compute_par_s1() with compute_sh().
    pub const PAR_S1: KvmSite = KvmSite::at("compute_par_s1", 720);
    /// fail_s1_walk() with the ESR_ELx_FSC_* macros.
    pub const FAIL_S1_WALK: KvmSite = KvmSite::at("fail_s1_walk", 13);
    /// vtcr_to_walk_info(): the virtual stage 2's granule and output size.
    pub const S2_INFO: KvmSite = KvmSite::nested("vtcr_to_walk_info", 320);
    /// walk_nested_s2_pgd(): T0SZ and start level checks.
    pub const S2_CONFIG: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 200);
    /// walk_nested_s2_pgd(): the VTTBR base.
    pub const S2_BASE: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 215);
    /// walk_nested_s2_pgd(): the index (no IPA range check).
    pub const S2_INDEX: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 225);
    /// walk_nested_s2_pgd(): a descriptor read.
    pub const S2_READ: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 230);
    /// walk_nested_s2_pgd(): the next table base.
    pub const S2_TABLE: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 255);
    /// walk_nested_s2_pgd(): the block level check.
    pub const S2_BLOCK: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 265);
    /// walk_nested_s2_pgd(): the access flag.
    pub const S2_AF: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 280);
    /// walk_nested_s2_pgd(): contiguous widening and the output.
    pub const S2_OUT: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 290);
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
