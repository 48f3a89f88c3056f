//! The guest hypervisor's stage 2 as KVM's software walk sees it under
//! each stage 1 table read (at.c walk_s1() with kvm_walk_nested_s2()).

use super::diff::{KvmDiff, kvm_step, site};
use super::walk::KvmWalk;
use super::walk_later::swap_address;
use crate::addr::{Ipa, Pa};
use crate::fault::{Fault, FaultKind, Stage};
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::rules::Rule;
use crate::stage2::{S2Fail, S2Leaf, TableStage2, s2_walk};
use crate::trace::{Sink, record};
use crate::walk::subwalk::{self, SubWalk};

/// KVM's view of the guest hypervisor's stage 2 under the software walk:
/// kvm_walk_nested_s2() as walk_s1() uses it. A stage 2 fault keeps its
/// type but takes the stage 1 level; an error without a fault status
/// becomes an Address size fault at the stage 1 level; a leaf without
/// S2AP read access a Permission fault at the stage 1 level (all S=1, PTW=1).
pub struct KvmStage2<'m, 'a, M: PhysMem> {
    /// The machine.
    pub m: &'m Machine<'a, M>,
    /// The release whose nested.c walks.
    pub release: super::KvmRelease,
}

impl<M: PhysMem> SubWalk for KvmStage2<'_, '_, M> {
    type Out = Result<S2Leaf, S2Fail>;
    fn run<S: Sink>(&self, ipa: Ipa, sink: &mut S) -> Self::Out {
        let w = KvmWalk::new(self.release);
        let out = s2_walk(self.m, &w, ipa, sink);
        // v6.19's swap address (CVE-2026-31553) for the stage 2 swap too:
        // swap_guest_s2_desc() calls the same __kvm_at_swap_desc().
        if S::ENABLED
            && let Ok(l) = &out
        {
            let m = self.m;
            let ha = w.s2_sets_af(m);
            if let Some(st) = swap_address(&w, m.mem, (Stage::S2, l.level), ha, l.raw, l.desc_pa) {
                sink.push(st);
            }
        }
        out
    }
    fn reached(out: &Self::Out) -> (bool, Option<Pa>) {
        (
            matches!(out, Ok(l) if l.s2ap & 1 != 0),
            out.as_ref().ok().map(|l| l.pa),
        )
    }
}

impl<M: PhysMem> TableStage2 for KvmStage2<'_, '_, M> {
    fn translate<S: Sink>(&self, ipa: Ipa, s1_level: i8, sink: &mut S) -> Result<Pa, Fault> {
        // KVM: wi->s2 = HCR_EL2.{VM,DC}; with DC stage 1 is off, so only VM walks here.
        if !self.m.stage2_on() {
            return Ok(Pa(ipa.0));
        }
        let out = subwalk::record(self, ipa, sink);
        let s2f = |kind| Fault::s2_on_walk(kind, s1_level);
        let differs = |what| {
            kvm_step(
                Stage::S2,
                Some(s1_level),
                false,
                site::WALK_S2,
                Rule::Stage2Translate,
                what,
            )
        };
        match out {
            Err(S2Fail::NoStatus(why)) => {
                record(sink, || differs(KvmDiff::S2NoStatus { why, s1_level }));
                Err(s2f(FaultKind::AddressSize))
            }
            Err(S2Fail::Fault(f)) => {
                // KVM: fst = (esr & ~ESR_ELx_FSC_LEVEL) | level, the stage 1 level.
                if f.level != s1_level {
                    record(sink, || {
                        differs(KvmDiff::S2FaultAtS1Level {
                            kind: f.kind,
                            s2_level: f.level,
                            s1_level,
                        })
                    });
                }
                Err(s2f(f.kind))
            }
            Ok(l) if l.s2ap & 0b01 == 0 => {
                // KVM: !kvm_s2_trans_readable(): ESR_ELx_FSC_PERM_L(level), the stage 1 level.
                record(sink, || {
                    kvm_step(
                        Stage::S2,
                        Some(s1_level),
                        false,
                        site::WALK_S2_READABLE,
                        Rule::Stage2Permissions,
                        KvmDiff::S2NotReadable {
                            s2_level: l.level,
                            s1_level,
                        },
                    )
                });
                Err(s2f(FaultKind::Permission))
            }
            Ok(l) => Ok(l.pa),
        }
    }
}
