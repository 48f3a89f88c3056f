//! KVM's fast path, __kvm_at_s1e01_fast(): the real CPU runs the AT
//! instruction with the nested guest's stage 1 registers, KVM's shadow
//! stage 2 and KVM's own HCR_EL2. It is the architectural walker with a
//! [`ShadowStage2`] under it.

use crate::addr::{Ipa, Pa, Word};
use crate::at::{AtOutcome, at_with};
use crate::fault::{Fault, FaultKind, Stage};
use crate::kvm::flow::{self, FlowNode};
use crate::kvm::host::{KvmHost, ShadowS2};
use crate::kvm::trace::KvmStep;
use crate::kvm::{FastPathPan, KvmModel, KvmRelease};
use crate::machine::{Machine, Regs};
use crate::memory::PhysMem;
use crate::op::AtOp;
use crate::regs::{HcrEl2, ParEl1};
use crate::stage2::{ArchStage2, TableStage2};
use crate::trace::{NoTrace, Sink, Step};

/// Host page size of the shadow stage 2 in this model (4 KiB).
pub const SHADOW_PAGE_BITS: u8 = 12;

/// The host page of the shadow stage 2 that holds `ipa`.
pub const fn shadow_page(ipa: u64) -> u64 {
    ipa >> SHADOW_PAGE_BITS << SHADOW_PAGE_BITS
}

/// The shadow pages a walk's stage 1 table reads fall in: the pages of the
/// table entries' IPAs, from the walk's `Index` steps. These are the pages
/// the shadow stage 2 must map for the fast path's walk to succeed.
pub fn table_pages(steps: &[crate::trace::Step]) -> std::collections::BTreeSet<u64> {
    steps
        .iter()
        .filter(|s| s.stage == Stage::S1)
        .filter_map(|s| match &s.kind {
            crate::trace::StepKind::Index { entry, .. } => Some(shadow_page(entry.0)),
            _ => None,
        })
        .collect()
}

/// The level at which the hardware's walk of the shadow stage 2 misses a
/// page in this model: the last level of KVM's 4 KiB host walk (the
/// shadow's tables exist, the page's leaf entry is invalid). PAR_EL1.FST
/// then reads 0b000111, Translation fault level 3, with S=1 and PTW=1.
pub const SHADOW_MISS_LEVEL: i8 = 3;

/// The fast path's view of memory: KVM's shadow stage 2 in front of the
/// guest hypervisor's own stage 2. A table page the shadow does not map
/// gives a stage 2 Translation fault on the walk at [`SHADOW_MISS_LEVEL`];
/// a page the guest's stage 2 does not map or forbids can never be in the
/// shadow, so its fault stands.
pub struct ShadowStage2<'m, 'a, M: PhysMem> {
    /// The architectural stage 2 (the guest hypervisor's).
    pub arch: ArchStage2<'m, 'a, M>,
    /// What the shadow maps.
    pub shadow: &'m ShadowS2,
}

impl<M: PhysMem> TableStage2 for ShadowStage2<'_, '_, M> {
    fn translate<S: Sink>(&self, ipa: Ipa, s1_level: i8, sink: &mut S) -> Result<Pa, Fault> {
        if let ShadowS2::Pages(pages) = self.shadow {
            let page = shadow_page(ipa.0);
            if !pages.contains(&page) {
                let fault = Fault {
                    kind: FaultKind::Translation,
                    level: SHADOW_MISS_LEVEL,
                    stage: Stage::S2,
                    s1ptw: true,
                };
                crate::trace::record(sink, || Step {
                    stage: Stage::S2,
                    level: Some(SHADOW_MISS_LEVEL),
                    ok: false,
                    rule: crate::rules::Rule::Stage2Translate,
                    kind: crate::trace::StepKind::Stage2 {
                        ipa: Word(ipa.0),
                        steps: vec![Step {
                            stage: Stage::S2,
                            level: Some(SHADOW_MISS_LEVEL),
                            ok: false,
                            rule: crate::rules::Rule::InvalidDescriptor,
                            kind: crate::trace::StepKind::Fault { fault },
                        }],
                        pa: None,
                    },
                });
                return Err(fault);
            }
        }
        self.arch.translate(ipa, s1_level, sink)
    }
}

/// The registers the real CPU runs the AT with: the guest's EL1 registers,
/// KVM's HCR_EL2 (vcpu->arch.hcr_el2), not the guest hypervisor's virtual
/// one. Its DC, TGE and PTW do not reach the hardware: modelled as 0.
/// (KVM's own HCR_EL2 sets PTW, but the shadow stage 2 maps guest memory
/// with KVM's Normal attributes, so it never faults a walk here.) VM stays
/// as the guest's: with VM clear the shadow is the "stage 2 disabled"
/// context, the identity in the guest hypervisor's view.
pub fn hw_regs(r: &Regs, pstate_pan: bool) -> Regs {
    let hcr = HcrEl2(r.hcr.0 & !(HcrEl2::DC.mask() | HcrEl2::TGE.mask() | HcrEl2::PTW.mask()));
    Regs {
        hcr,
        pstate_pan,
        ..*r
    }
}

/// The real CPU runs AT `op` (issued by `func`) through the shadow stage 2
/// with PSTATE.PAN = `pstate_pan`.
pub fn hw_at<M: PhysMem>(
    m: &Machine<'_, M>,
    host: &KvmHost,
    func: &'static str,
    op: AtOp,
    va: u64,
    pstate_pan: bool,
    trace: bool,
) -> (AtOutcome, Vec<KvmStep>) {
    let hm = Machine {
        regs: hw_regs(&m.regs, pstate_pan),
        ..*m
    };
    let s2 = ShadowStage2 {
        arch: ArchStage2 { m: &hm },
        shadow: &host.shadow_s2,
    };
    let mut steps = Vec::with_capacity(if trace { 32 } else { 0 });
    let out = if trace {
        at_with(&hm, op, va, &s2, &mut steps)
    } else {
        at_with(&hm, op, va, &s2, &mut NoTrace)
    };
    let hw = out;
    let st = if trace {
        vec![KvmStep::FastWalk {
            func,
            op,
            pstate_pan,
            steps,
            hw,
        }]
    } else {
        Vec::new()
    };
    (hw, st)
}

/// __kvm_at_s1e01_fast(): PAR.F alone if lookup_s2_mmu() finds no shadow
/// MMU; else the hardware AT (S1E1RP/WP through at_s1e1p_fast(), with the
/// PSTATE.PAN of `model`), its PAR, or PAR.F alone if it took an exception.
/// Returns the PAR, the steps, and how many AT instructions the CPU ran.
pub fn kvm_at_s1e01_fast<M: PhysMem>(
    m: &Machine<'_, M>,
    host: &KvmHost,
    op: AtOp,
    va: u64,
    model: KvmModel,
    release: KvmRelease,
    trace: bool,
) -> (ParEl1, Vec<KvmStep>, u32) {
    const F: &str = "__kvm_at_s1e01_fast";
    let mut steps = Vec::new();
    let mut decide = |node: &'static FlowNode, value: bool| {
        if trace {
            steps.push(KvmStep::decision_in(node, value, release));
        }
    };
    let e2h_tge = m.regs.hcr.e2h() && m.regs.hcr.tge();
    decide(&flow::FAST_E2H_TGE, e2h_tge);
    if !e2h_tge {
        decide(&flow::FAST_NO_MMU, !host.s2_mmu);
        if !host.s2_mmu {
            return (ParEl1(1), steps, 0);
        }
    }
    let pop = matches!(op, AtOp::S1E1RP | AtOp::S1E1WP);
    let guest_pan = m.regs.pstate_pan && m.has(crate::features::Feature::Pan);
    let hw_pan = match model.fast_path_pan {
        // KVM: *vcpu_cpsr(vcpu) & PSTATE_PAN keeps bit 7, never PSR_PAN_BIT (bit 22).
        FastPathPan::AsMerged => false,
        FastPathPan::Intended => guest_pan,
    };
    decide(&flow::FAST_P_OP, pop);
    if pop && trace {
        steps.push(KvmStep::Model {
            fast_path_pan: model.fast_path_pan,
            guest_pan,
            hw_pan,
        });
    }
    let (hw, st) = hw_at(
        m,
        host,
        if pop { "at_s1e1p_fast" } else { F },
        op,
        va,
        pop && hw_pan,
        trace,
    );
    steps.extend(st);
    // An exception: __kvm_at() reports a failure, PAR.F alone.
    let fail = hw.par().is_none();
    let mut decide = |node: &'static FlowNode, value: bool| {
        if trace {
            steps.push(KvmStep::decision_in(node, value, release));
        }
    };
    decide(&flow::FAST_NOT_FAIL, !fail);
    let par = hw.par().unwrap_or(ParEl1(1));
    (par, steps, 1)
}

#[cfg(test)]
mod tests {
    use super::shadow_page;

    #[test]
    fn shadow_pages_are_4k() {
        assert_eq!(shadow_page(0x4020_2008), 0x4020_2000);
        assert_eq!(shadow_page(0x4020_2000), 0x4020_2000);
        assert_eq!(shadow_page(0x4020_2fff), 0x4020_2000);
    }
}
