//! __kvm_at_s1e01() as first posted (v1, July 2024), the version the
//! review thread discusses: its redundant software walk.

use super::decision::{Rec, undefined};
use super::{KvmHost, KvmModel, KvmOutcome, KvmPath, KvmStep, KvmTrace, V1_WALK, fast, flow, slow};
use crate::addr::Word;
use crate::fault::FaultKind;
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::op::AtOp;
use crate::regs::ParEl1;

/// __kvm_at_s1e01() as first posted (v1, patch 10/12 of July 2024, with
/// the base emulation's check_at_pan() and patch 12/12's S1E1A); the same
/// software walk.
pub(crate) fn v1<M: PhysMem>(
    m: &Machine<'_, M>,
    host: &KvmHost,
    op: AtOp,
    va: u64,
    model: KvmModel,
    trace: bool,
) -> KvmOutcome {
    const F: &str = "__kvm_at_s1e01 (v1)";
    let mut rec = Rec {
        on: trace,
        steps: Vec::new(),
        release: V1_WALK,
    };
    if let Some(o) = undefined(m, op, &mut rec) {
        return o;
    }
    let _ = model;
    let mut hw_ats = 0;
    let mut guest_par = None;
    // v1 lines are those of the patched function as quoted in the review.
    let retry_slow = 'done: {
        rec.decide(&flow::V1_NO_MMU, !host.s2_mmu);
        if !host.s2_mmu {
            break 'done true;
        }
        // v1 runs the op without P: S1E1R for S1E1RP, S1E1W for S1E1WP; S1E1A
        // as is (patch 12/12: case OP_AT_S1E1A in __kvm_at_s1e01(), and in
        // handle_at_slow() with no permission check). Every op of this
        // regime is known, so the WARN branch is never taken.
        let hw_op = match op {
            AtOp::S1E1RP => Some(AtOp::S1E1R),
            AtOp::S1E1WP => Some(AtOp::S1E1W),
            o => Some(o),
        };
        rec.decide(&flow::V1_OP_KNOWN, hw_op.is_some());
        // The PAR the CPU wrote; None: no AT ran (an unknown op) or it took an exception.
        let written = match hw_op {
            Some(o) => {
                hw_ats += 1;
                let (hw, steps) = fast::hw_at(m, host, F, o, va, false, trace);
                rec.extend(steps);
                hw.par()
            }
            None => None,
        };
        let fail = written.is_none();
        let par = written.unwrap_or(ParEl1(1));
        rec.decide(&flow::V1_AT_FAILED, fail);
        rec.decide(&flow::V1_RETRY_SLOW_SET, !fail);
        let retry = !fail;
        guest_par = Some(par);
        rec.push(KvmStep::WritePar {
            func: F,
            line: 5,
            par: Word(par.0),
        });
        rec.decide(&flow::V1_PAR_F, par.is_fault());
        if par.is_fault() {
            break 'done retry;
        }
        let pan = m.regs.pstate_pan && m.has(crate::features::Feature::Pan);
        rec.decide(&flow::V1_NO_PAN, !pan);
        if !pan {
            break 'done retry;
        }
        let pop = matches!(op, AtOp::S1E1RP | AtOp::S1E1WP);
        rec.decide(&flow::V1_P_OP, pop);
        if !pop {
            break 'done retry;
        }
        // retry_slow = false;
        // check_at_pan(): AT S1E0R; if that faults, AT S1E0W; the EL0 result.
        hw_ats += 1;
        let (r, steps) = fast::hw_at(m, host, "check_at_pan", AtOp::S1E0R, va, false, trace);
        rec.extend(steps);
        let res = match r.par() {
            None => None,
            Some(par) if !par.is_fault() => Some(par),
            Some(_) => {
                rec.decide(&flow::V1_CHECK_AT_PAN_S1E0R, true);
                hw_ats += 1;
                let (w, steps) =
                    fast::hw_at(m, host, "check_at_pan", AtOp::S1E0W, va, false, trace);
                rec.extend(steps);
                w.par()
            }
        };
        rec.decide(&flow::V1_CHECK_FAILED, res.is_none());
        let Some(res) = res else {
            guest_par = Some(ParEl1(1));
            rec.push(KvmStep::WritePar {
                func: F,
                line: 10,
                par: Word(1),
            });
            break 'done false;
        };
        rec.decide(&flow::V1_EL0_PAR_F, res.is_fault());
        if let Some(f) = res.fault() {
            // The EL0 AT's fault: anything but a Permission fault (any stage) retries slow.
            let not_perm = !matches!(f.fault_kind(), Some((FaultKind::Permission, _)));
            rec.decide(&flow::V1_NOT_PERM, not_perm);
            // The review's finding: no PAR_EL1 write here; the guest's
            // PAR_EL1 holds the EL1 AT's result until the slow walk writes it.
            if not_perm {
                rec.decide(&flow::V1_PAR_NOT_UPDATED, true);
            }
            not_perm
        } else {
            true
        }
    };
    rec.decide(&flow::V1_RETRY_SLOW, retry_slow);
    let (par, path, slow_walks) = if retry_slow {
        let s = slow::handle_at_slow(m, op, va, V1_WALK, trace);
        rec.extend(s.steps);
        rec.push(KvmStep::WritePar {
            func: F,
            line: 14,
            par: Word(s.par.0),
        });
        (s.par, KvmPath::Slow, 1)
    } else {
        (guest_par.unwrap_or(ParEl1(1)), KvmPath::Fast, 0)
    };
    KvmOutcome {
        par,
        path,
        slow_walks,
        hw_ats,
        trace: KvmTrace { steps: rec.steps },
    }
}
