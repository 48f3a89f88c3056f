//! Where KVM's software walk parts from the architecture: the place in
//! KVM's code ([`KvmSite`]) and what it does differently ([`KvmDiff`]).
//! A walk with [`crate::params::Walker::KvmSlow`] records one
//! [`crate::trace::StepKind::KvmDiffers`] step at each such place, beside
//! the [`crate::rules::Rule`] of the architecture it parts from.
//!
//! Lines are exact for arch/arm64/kvm/at.c at a508d5afb708 (v6.17; read
//! whole, docs/kvm-model.md "Releases"); [`super::KvmRelease::line`] gives
//! what another release cites. nested.c lines are those of nested.c at
//! 001e032c0f3f (the stored torvalds/linux copy the model follows, read
//! line by line for walk_nested_s2_pgd() and its helpers; docs/kvm-model.md
//! "Releases" says how it was placed).

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
    /// walk_s1(): AF set by kvm_swap_s1_desc() when wi->ha (from v6.19; the
    /// newest stored copy, no v6.17 line).
    pub const WALK_AF_SWAP: KvmSite = KvmSite::at("walk_s1", 0);
    /// walk_s1(): the stage 2 write check before the swap (from v6.19; no
    /// v6.17 line).
    pub const WALK_SWAP_S2_WRITE: KvmSite = KvmSite::at("walk_s1", 0);
    /// __kvm_at_swap_desc(): the address of the compare-and-swap (v6.19's
    /// `(u64 __user *)hva + offset`, fixed by 0496acc42fb5 for v7.0; no
    /// v6.17 line: the function came with v6.19).
    pub const SWAP_DESC: KvmSite = KvmSite::at("__kvm_at_swap_desc", 0);
    /// setup_s1_walk(): the transfault label, ESR_ELx_FSC_FAULT_L(wi->sl)
    /// (from v6.18; no v6.17 line).
    pub const SETUP_TRANSFAULT: KvmSite = KvmSite::at("setup_s1_walk", 0);
    /// walk_s1(): contiguous_bit_shift() and the output address.
    pub const WALK_CONTIG: KvmSite = KvmSite::at("walk_s1", 409);
    /// compute_s1_direct_permissions(): AP[2:1] only.
    pub const PERMS: KvmSite = KvmSite::at("compute_s1_direct_permissions", 835);
    /// compute_par_s1(): PAR_EL1 of a translation (ATTR, PA[47:12], SH by compute_sh()).
    pub const PAR_S1: KvmSite = KvmSite::at("compute_par_s1", 799);
    /// fail_s1_walk() with the ESR_ELx_FSC_* macros.
    pub const FAIL_S1_WALK: KvmSite = KvmSite::at("fail_s1_walk", 13);
    /// vtcr_to_walk_info(): a reserved VTCR_EL2.TG0 taken as 64KB.
    pub const S2_GRANULE: KvmSite = KvmSite::nested("vtcr_to_walk_info", 345);
    /// vtcr_to_walk_info(): max_oa_bits = min(host IPA limit, PS).
    pub const S2_MAX_OA: KvmSite = KvmSite::nested("vtcr_to_walk_info", 351);
    /// walk_nested_s2_pgd(): the input size outside [25, 48] (-EFAULT, no status).
    pub const S2_T0SZ: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 234);
    /// walk_nested_s2_pgd(): check_base_s2_limits() on the start level.
    pub const S2_START: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 237);
    /// walk_nested_s2_pgd(): the VTTBR base, bits [47:base_lower_bound].
    pub const S2_BASE: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 243);
    /// walk_nested_s2_pgd(): the index (no IPA range check).
    pub const S2_INDEX: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 256);
    /// walk_nested_s2_pgd(): a descriptor read (wi->read_desc()).
    pub const S2_READ: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 260);
    /// walk_nested_s2_pgd(): the next table base, bits [47:pgshift].
    pub const S2_TABLE: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 290);
    /// walk_nested_s2_pgd(): the block level check (level < first_block_level).
    pub const S2_BLOCK: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 296);
    /// walk_nested_s2_pgd(): check_output_size() on the descriptor, not the output.
    pub const S2_OA: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 302);
    /// walk_nested_s2_pgd(): the access flag.
    pub const S2_AF: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 308);
    /// walk_nested_s2_pgd(): contiguous_bit_shift() widens the output.
    pub const S2_CONTIG: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 314);
    /// walk_nested_s2_pgd(): the output address, bits [47:addr_bottom].
    pub const S2_OUT: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 317);
    /// walk_nested_s2_pgd(): the leaf's S2AP read/write, no memory type check.
    pub const S2_PERMS: KvmSite = KvmSite::nested("walk_nested_s2_pgd", 321);
}

/// The steps' sites as `release` cites them ([`super::KvmRelease::line`]):
/// at.c lines are a508d5afb708's, nested.c lines 001e032c0f3f's, both the
/// files of the v6.17 model; in nested stage 2 walks too.
pub fn cite_release(steps: &mut [Step], release: super::KvmRelease) {
    for s in steps {
        match &mut s.kind {
            StepKind::KvmDiffers { kvm, .. } => {
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
