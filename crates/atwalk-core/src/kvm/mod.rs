//! KVM's emulation of AT S1E* for a nested guest: the fast path through the
//! shadow stage 2, the decision, and the software slow path.

use serde::{Deserialize, Serialize};

/// Which of KVM's two ways answered the trapped AT instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KvmPath {
    /// The hardware AT instruction, through the shadow stage 2.
    Fast,
    /// KVM's software walk, handle_at_slow().
    Slow,
}

use crate::at::{AtOp, AtOutcome, at_with, encode_par_fault};
use crate::fault::{Fault, FaultKind, Stage};
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::regs::ParEl1;
use crate::scenario::ShadowS2;
use crate::stage2::{ArchStage2, TableStage2};
use crate::trace::{NoTrace, Sink};

/// Which version of KVM's decision to model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KvmLogic {
    /// The logic merged in Linux (arch/arm64/kvm/at.c).
    #[default]
    Merged,
    /// The patch as first posted (v1, July 2024).
    V1,
}

/// Host page size of the shadow stage 2 in this model (4 KiB).
pub const SHADOW_PAGE_BITS: u8 = 12;

/// The level at which the hardware's walk of the shadow stage 2 misses a
/// page in this model: the last level of a 4 KiB host walk.
pub const SHADOW_MISS_LEVEL: i8 = 3;

/// The fast path's view of memory: KVM's shadow stage 2 in front of the
/// guest hypervisor's own stage 2. A table page the shadow does not map
/// gives a stage 2 Translation fault on the walk; a page the guest's stage 2
/// does not map or forbids can never be in the shadow, so its fault stands.
pub struct ShadowStage2<'m, 'a, M: PhysMem> {
    /// The architectural stage 2 (the guest hypervisor's).
    pub arch: ArchStage2<'m, 'a, M>,
    /// What the shadow maps.
    pub shadow: &'m ShadowS2,
}

impl<M: PhysMem> TableStage2 for ShadowStage2<'_, '_, M> {
    fn translate<S: Sink>(&self, ipa: u64, s1_level: i8, sink: &mut S) -> Result<u64, Fault> {
        if let ShadowS2::Pages(pages) = self.shadow {
            let page = ipa >> SHADOW_PAGE_BITS << SHADOW_PAGE_BITS;
            if !pages.contains(&page) {
                return Err(Fault {
                    kind: FaultKind::Translation,
                    level: SHADOW_MISS_LEVEL,
                    stage: Stage::S2,
                    s1ptw: true,
                });
            }
        }
        self.arch.translate(ipa, s1_level, sink)
    }
}

/// The fast path's PAR: the hardware AT through the shadow stage 2, or
/// PAR.F alone when lookup_s2_mmu() finds no shadow MMU.
pub fn fast_path<M: PhysMem>(
    m: &Machine<'_, M>,
    op: AtOp,
    va: u64,
    shadow: &ShadowS2,
    s2_mmu: bool,
) -> ParEl1 {
    if !s2_mmu {
        return ParEl1(1);
    }
    let s2 = ShadowStage2 {
        arch: ArchStage2 { m },
        shadow,
    };
    match at_with(m, op, va, &s2, &mut NoTrace) {
        AtOutcome::Par { par } => par,
        // The AT took an exception: KVM sees a failed AT (PAR.F).
        AtOutcome::Abort { .. } | AtOutcome::Undefined { .. } => ParEl1(1),
    }
}

/// The merged decision: a fast-path PAR stands when it succeeded or reports
/// a stage 1 Permission or Access flag fault; anything else goes slow.
pub fn merged_keeps_fast(par: ParEl1) -> bool {
    match par.fault() {
        None => true,
        Some(f) => !f.s() && matches!(f.fst() & 0b11_1100, 0b00_1100 | 0b00_1000),
    }
}

/// The guest-visible PAR when the slow path's walk ends in an External
/// abort: KVM reports it in PAR_EL1.FST where the architecture aborts.
pub fn slow_par_for_abort(fault: &Fault) -> ParEl1 {
    encode_par_fault(fault)
}
