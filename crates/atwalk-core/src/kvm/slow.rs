//! KVM's slow path, handle_at_slow() in arch/arm64/kvm/at.c: the
//! architecture's walker run with KVM's variant ([`KvmWalk`]), the guest
//! hypervisor's stage 2 walked as nested.c's walk_nested_s2_pgd() does
//! ([`KvmStage2`]), its phases recorded one by one, and PAR_EL1 composed as
//! compute_par_s1() does.

use crate::addr::{Va, Word, mask};
use crate::at::{access_step, encode_par_ok};
use crate::fault::{Fault, FaultKind, Stage};
use crate::features::Feature;
use crate::kvm::KvmRelease;
use crate::kvm::diff::{KvmDiff, cite_release, kvm_step, site};
use crate::kvm::flow::{self, FlowNode};
use crate::kvm::nested_s2::KvmStage2;
use crate::kvm::trace::{KvmStep, Phase};
use crate::kvm::walk::KvmWalk;
use crate::kvm::walk_later::{swap_address, swap_s2_denied};
use crate::machine::{Machine, Regs};
use crate::memory::PhysMem;
use crate::op::AtOp;
use crate::regs::ParEl1;
use crate::rules::Rule;
use crate::stage1::{self, S1Output, Setup};
use crate::trace::{NoTrace, Sink, Step, StepKind, record};

/// PAR_EL1 bit 11: RES1 on a fault, NSE (RES1 without RME) on success;
/// KVM always sets it (SYS_PAR_EL1_RES1, SYS_PAR_EL1_NSE).
const PAR_BIT11: u64 = 1 << 11;

/// KVM's PAR_EL1.FST for a fault, as fail_s1_walk() and the
/// ESR_ELx_FSC_* macros at this commit build it. Levels 0 to 3 match
/// EncodeLDFSC(); at level -1, ESR_ELx_FSC_ADDRSZ_L(-1) is 0x25 (the
/// architecture: 0x29), and a stage 2 fault at stage 1 level -1 ORs -1 into
/// the status: 0x3F (a Permission fault: ESR_ELx_FSC_PERM_L(-1) = 0x0B).
pub fn kvm_fst(f: &Fault) -> u8 {
    if f.level >= 0 {
        return f.fsc();
    }
    if f.level < -1 {
        // Only a set-up Translation fault from v6.18 (the start level of a
        // TxSZ below 9): ESR_ELx_FSC_FAULT_L(n) = 0x2C + n.
        return (0x2c_i16 + i16::from(f.level)) as u8 & 0x3f;
    }
    match (f.stage, f.kind) {
        (Stage::S2, FaultKind::Permission) => 0x0b,
        (Stage::S2, _) => 0x3f,
        (Stage::S1, FaultKind::AddressSize) => 0x25,
        (Stage::S1, FaultKind::Translation) => 0x2b,
        (Stage::S1, FaultKind::SyncExternalOnWalk) => 0x13,
        (Stage::S1, FaultKind::AccessFlag) => 0x07,
        (Stage::S1, FaultKind::Permission) => 0x0b,
    }
}

/// KVM: compute_par_s1() for a fault: bit 11, F, FST, and PTW = S = 1
/// for a stage 2 fault on the walk (fail_s1_walk() sets both).
pub fn kvm_par_fault(f: &Fault) -> ParEl1 {
    kvm_par_fault_ptw(f, false)
}

/// compute_par_s1() for a fault, with PTW also set for a stage 1 fault
/// when `s1_ptw` (fail_s1_walk(wr, fst, ptw, s2) before v6.16: walk_s1()
/// passes ptw = true for its own faults).
pub fn kvm_par_fault_ptw(f: &Fault, s1_ptw: bool) -> ParEl1 {
    let s2 = f.stage == Stage::S2;
    ParEl1(
        PAR_BIT11
            | 1
            | (u64::from(kvm_fst(f) & 0x3f) << 1)
            | (u64::from(s2 || s1_ptw) << 8)
            | (u64::from(s2) << 9),
    )
}

/// KVM: compute_par_s1() for a translation: bit 11, NS = 0, PA[47:12],
/// ATTR, SH.
pub fn kvm_par_ok(out: &S1Output) -> ParEl1 {
    ParEl1(
        PAR_BIT11
            | (out.oa & mask(47, 12))
            | (u64::from(out.attrs.reported_attr) << 56)
            | (u64::from(out.attrs.reported_sh & 0b11) << 7),
    )
}

/// The slow path's answer and its trace.
#[derive(Clone, Debug, PartialEq)]
pub struct SlowOutcome {
    /// The PAR_EL1 handle_at_slow() returns.
    pub par: ParEl1,
    /// Its decisions and walk phases, in order (empty without a trace).
    pub steps: Vec<KvmStep>,
}

/// handle_at_slow(vcpu, op, vaddr) for the EL1&0 regime as `release`
/// has it: KVM's software walk, built on the walker, with its decisions
/// and phases in order.
pub fn handle_at_slow<M: PhysMem>(
    m: &Machine<'_, M>,
    op: AtOp,
    va: u64,
    release: KvmRelease,
    trace: bool,
) -> SlowOutcome {
    if trace {
        run::<M, Vec<Step>>(m, op, va, release, true)
    } else {
        run::<M, NoTrace>(m, op, va, release, false)
    }
}

fn run<M: PhysMem, S: Sink + Default + IntoSteps>(
    m: &Machine<'_, M>,
    op: AtOp,
    va: u64,
    release: KvmRelease,
    trace: bool,
) -> SlowOutcome {
    let walk = KvmWalk::new(release);
    let mut steps: Vec<KvmStep> = Vec::new();
    let decide = |steps: &mut Vec<KvmStep>, node: &'static FlowNode, value: bool| {
        if trace {
            steps.push(KvmStep::decision_in(node, value, release));
        }
    };
    let phase = |steps: &mut Vec<KvmStep>, phase: Phase, s: S| {
        if trace {
            let mut st = s.into_steps();
            cite_release(&mut st, release);
            steps.push(KvmStep::SlowWalk { phase, steps: st });
        }
    };
    let acc = op.access();
    // KVM: wi.pan = P-op && (*vcpu_cpsr(vcpu) & PSR_PAN_BIT); PSTATE.PAN
    // exists only with FEAT_PAN (as in at_with()).
    let pstate_pan = m.regs.pstate_pan && m.has(Feature::Pan);
    let pm = Machine {
        regs: Regs {
            pstate_pan,
            ..m.regs
        },
        ..*m
    };
    let m = &pm;
    decide(&mut steps, &flow::SLOW_AS_EL0, acc.el == 0);
    decide(&mut steps, &flow::SLOW_PAN, acc.pan && pstate_pan);

    // setup_s1_walk()
    let mut s = S::default();
    record(&mut s, || access_step(&acc, pstate_pan));
    let setup = stage1::setup_phase(m, &walk, &acc, Va(va), &mut s);
    phase(&mut steps, Phase::SetupS1Walk, s);
    decide(&mut steps, &flow::SLOW_SETUP_FAILED, setup.is_err());
    // Whether a fault came from walk_s1() (rather than setup_s1_walk() or
    // the permission check): before v6.16 it sets PAR.PTW.
    let mut from_walk = false;
    let result: Result<S1Output, Fault> = match setup {
        Err(f) => Err(f),
        Ok(Setup::Flat(out)) => {
            decide(&mut steps, &flow::SLOW_MMU_DISABLED, true);
            Ok(out)
        }
        Ok(Setup::Walk(p)) => {
            decide(&mut steps, &flow::SLOW_MMU_DISABLED, false);
            let mut s = S::default();
            let walked = stage1::walk(m, &walk, &p, Va(va), &KvmStage2 { m, release }, &mut s)
                .and_then(|(leaf, t)| {
                    let (level, desc) = (leaf.level, leaf.raw);
                    // v6.19's stage 2 write check before the swap.
                    let denied = swap_s2_denied(m, &walk, p.fmt.ha, desc, leaf.entry);
                    let leaf_walk = KvmWalk {
                        s2_write_denied: denied.is_some(),
                        ..walk
                    };
                    let oa = stage1::leaf_output(&leaf_walk, &p, Va(va), level, desc, &mut s)?;
                    if let Some(s2_level) = denied {
                        record(&mut s, || {
                            kvm_step(
                                Stage::S2,
                                Some(level),
                                false,
                                site::WALK_SWAP_S2_WRITE,
                                Rule::AccessFlag,
                                KvmDiff::SwapS2NotWritable {
                                    s2_level,
                                    s1_level: level,
                                },
                            )
                        });
                        return Err(Fault::s2_on_walk(FaultKind::Permission, level));
                    }
                    // v6.19's swap address (CVE-2026-31553), as a step.
                    if S::ENABLED
                        && let Some(st) =
                            swap_address(&walk, m.mem, (Stage::S1, level), p.fmt.ha, desc, leaf.pa)
                    {
                        s.push(st);
                    }
                    Ok((level, desc, t, oa))
                });
            phase(&mut steps, Phase::WalkS1, s);
            decide(&mut steps, &flow::SLOW_WALK_FAILED, walked.is_err());
            match walked {
                Err(f) => {
                    from_walk = true;
                    Err(f)
                }
                Ok((level, desc, t, oa)) => {
                    let mut s = S::default();
                    let perm = stage1::leaf_perms(m, &walk, &acc, &p, level, desc, t, &mut s);
                    phase(&mut steps, Phase::ComputeS1Permissions, s);
                    decide(&mut steps, &flow::SLOW_PERM_FAIL, perm.is_err());
                    match perm {
                        Err(f) => Err(f),
                        Ok(()) => {
                            let mut s = S::default();
                            let attrs = stage1::leaf_attrs(m, &walk, &p, level, desc, &mut s);
                            phase(&mut steps, Phase::ComputeParS1, s);
                            Ok(S1Output { oa, attrs })
                        }
                    }
                }
            }
        }
    };

    // compute_par_s1()
    let mut s = S::default();
    let par = match &result {
        Ok(out) => {
            let par = kvm_par_ok(out);
            let arch = encode_par_ok(out);
            if arch != par {
                record(&mut s, || {
                    kvm_step(
                        Stage::S1,
                        None,
                        true,
                        site::PAR_S1,
                        Rule::EncodePar,
                        KvmDiff::ParEncoding {
                            kvm: Word(par.0),
                            arch: Word(arch.0),
                        },
                    )
                });
            }
            par
        }
        Err(f) => {
            record(&mut s, || Step {
                stage: f.stage,
                level: Some(f.level),
                ok: false,
                rule: Rule::EncodePar,
                kind: StepKind::Fault { fault: *f },
            });
            if f.aborts_at() {
                // KVM: kvm_read_guest() failed: ESR_ELx_FSC_SEA_TTW(level) in PAR_EL1.
                record(&mut s, || {
                    kvm_step(
                        Stage::S1,
                        Some(f.level),
                        false,
                        site::WALK_READ,
                        Rule::ExternalAbortOnWalk,
                        KvmDiff::AbortInPar { level: f.level },
                    )
                });
            }
            let kvm = kvm_fst(f);
            if kvm != f.fsc() {
                record(&mut s, || {
                    kvm_step(
                        f.stage,
                        Some(f.level),
                        false,
                        site::FAIL_S1_WALK,
                        Rule::EncodePar,
                        KvmDiff::FstEncoding { kvm, arch: f.fsc() },
                    )
                });
            }
            let s1_ptw = from_walk && f.stage == Stage::S1 && !release.behaviour().ptw_only_s2;
            if s1_ptw {
                record(&mut s, || {
                    kvm_step(
                        Stage::S1,
                        Some(f.level),
                        false,
                        site::FAIL_S1_WALK,
                        Rule::EncodePar,
                        KvmDiff::PtwOnS1Fault,
                    )
                });
            }
            kvm_par_fault_ptw(f, s1_ptw)
        }
    };
    record(&mut s, || Step {
        stage: Stage::S1,
        level: None,
        ok: !par.is_fault(),
        rule: Rule::EncodePar,
        kind: StepKind::Par { par: Word(par.0) },
    });
    if trace {
        // The attribute steps of a successful walk and the encoding share the phase.
        match steps.last_mut() {
            Some(KvmStep::SlowWalk {
                phase: Phase::ComputeParS1,
                steps: st,
            }) => {
                let mut more = s.into_steps();
                cite_release(&mut more, release);
                st.extend(more);
            }
            _ => phase(&mut steps, Phase::ComputeParS1, s),
        }
    }
    SlowOutcome { par, steps }
}

/// A sink that can hand back its steps.
pub trait IntoSteps {
    /// The steps it kept.
    fn into_steps(self) -> Vec<Step>;
}

impl IntoSteps for Vec<Step> {
    fn into_steps(self) -> Vec<Step> {
        self
    }
}

impl IntoSteps for NoTrace {
    fn into_steps(self) -> Vec<Step> {
        Vec::new()
    }
}
