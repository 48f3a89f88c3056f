//! __kvm_at_s1e01() as merged in Linux (arch/arm64/kvm/at.c): the fast
//! path, then the software walk unless the fast path's PAR succeeded or
//! reports a stage 1 Permission fault, or (from v6.16,
//! [`super::Behaviour::fast_keeps_af`]) a stage 1 Access flag fault.

use super::decision::{Rec, undefined};
use super::{
    KvmHost, KvmModel, KvmOutcome, KvmPath, KvmRelease, KvmStep, KvmTrace, fast, flow, slow,
};
use crate::addr::Word;
use crate::fault::FaultKind;
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::op::AtOp;
use crate::regs::ParEl1;

/// The merged decision (__kvm_at_s1e01()) of the newest release: a
/// fast-path PAR stands when it succeeded or reports a stage 1 Permission
/// or Access flag fault (par_check_s1_perm_fault(),
/// par_check_s1_access_fault()); anything else goes slow.
pub fn merged_keeps_fast(par: ParEl1) -> bool {
    keeps_fast(par, KvmRelease::LATEST)
}

/// The merged decision of `release`: before v6.16 only a stage 1
/// Permission fault is kept, so an Access flag fault goes slow.
pub fn keeps_fast(par: ParEl1, release: KvmRelease) -> bool {
    !par.is_fault()
        || par_check_s1_perm_fault(par)
        || (release.behaviour().fast_keeps_af && par_check_s1_access_fault(par))
}

/// The stage 1 fault a faulting PAR reports, if it is one (PAR_EL1.S = 0).
fn s1_fault_kind(par: ParEl1) -> Option<FaultKind> {
    let f = par.fault()?;
    if f.s() {
        return None;
    }
    f.fault_kind().map(|(kind, _)| kind)
}

/// par_check_s1_perm_fault(): a stage 1 Permission fault.
pub fn par_check_s1_perm_fault(par: ParEl1) -> bool {
    s1_fault_kind(par) == Some(FaultKind::Permission)
}

/// par_check_s1_access_fault(): a stage 1 Access flag fault.
pub fn par_check_s1_access_fault(par: ParEl1) -> bool {
    s1_fault_kind(par) == Some(FaultKind::AccessFlag)
}

/// __kvm_at_s1e01() as merged.
pub(crate) fn merged<M: PhysMem>(
    m: &Machine<'_, M>,
    host: &KvmHost,
    op: AtOp,
    va: u64,
    model: KvmModel,
    release: KvmRelease,
    trace: bool,
) -> KvmOutcome {
    const F: &str = "__kvm_at_s1e01";
    let mut rec = Rec {
        on: trace,
        steps: Vec::new(),
        release,
    };
    if let Some(o) = undefined(m, op, &mut rec) {
        return o;
    }
    let (fast, fsteps, hw_ats) = fast::kvm_at_s1e01_fast(m, host, op, va, model, release, trace);
    rec.extend(fsteps);
    let f = fast.is_fault();
    rec.decide(&flow::MERGED_PAR_F, f);
    let mut slow_walks = 0;
    let mut path = KvmPath::Fast;
    let par = if f {
        let perm = !par_check_s1_perm_fault(fast);
        rec.decide(
            if release.behaviour().fast_keeps_af {
                &flow::MERGED_NOT_PERM
            } else {
                &flow::MERGED_NOT_PERM_ONLY
            },
            perm,
        );
        // v6.16 added the access flag test (MERGED_NOT_AF); before, the
        // condition ends with the permission test.
        let go_slow = perm
            && (!release.behaviour().fast_keeps_af || {
                let af = !par_check_s1_access_fault(fast);
                rec.decide(&flow::MERGED_NOT_AF, af);
                af
            });
        if go_slow {
            let s = slow::handle_at_slow(m, op, va, release, trace);
            rec.extend(s.steps);
            slow_walks = 1;
            path = KvmPath::Slow;
            s.par
        } else {
            fast
        }
    } else {
        fast
    };
    rec.push(KvmStep::WritePar {
        func: F,
        line: release.line(flow::WRITE_PAR_LINE),
        par: Word(par.0),
    });
    KvmOutcome {
        par,
        path,
        slow_walks,
        hw_ats,
        trace: KvmTrace { steps: rec.steps },
    }
}
