//! The AT instruction at EL2 for the EL1&0 regime (AArch64.AT()): the
//! stage 1 walk, then PAR_EL1 (AArch64.EncodePAR()) or a Data Abort.

pub use crate::op::{Access, AtOp};

use crate::addr::{Va, Word};
use crate::fault::{Fault, Stage};
use crate::features::Feature;
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::regs::{ParEl1, ParEl1Fault, ParEl1Ok};
use crate::rules::Rule;
use crate::stage1::{self, S1Output};
use crate::stage2::{ArchStage2, TableStage2};
use crate::trace::{Sink, Step, StepKind, record};
use crate::walk::Arch;

/// What an AT instruction does: the one outcome type of the model, for the
/// architecture's answer and for each AT KVM runs on the real CPU.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "outcome")]
pub enum AtOutcome {
    /// PAR_EL1 is written.
    Par {
        /// The value.
        par: ParEl1,
    },
    /// A synchronous Data Abort is taken instead (R_YLGBV), with this DFSC.
    Abort {
        /// ESR_EL2.DFSC.
        dfsc: u8,
        /// The fault behind it.
        fault: Fault,
    },
    /// The instruction is UNDEFINED on the modelled CPU.
    Undefined {
        /// The missing feature.
        feature: Feature,
    },
}

impl AtOutcome {
    /// The PAR_EL1 written, if the instruction wrote one (no exception).
    pub const fn par(&self) -> Option<ParEl1> {
        match self {
            AtOutcome::Par { par } => Some(*par),
            _ => None,
        }
    }

    /// The outcome in words: the PAR in hex, the abort's DFSC, or UNDEFINED.
    pub fn describe(&self) -> String {
        match self {
            AtOutcome::Par { par } => par.to_string(),
            AtOutcome::Abort { dfsc, .. } => format!("an abort with dfsc 0x{dfsc:02x}"),
            AtOutcome::Undefined { feature } => format!("UNDEFINED (no {})", feature.name()),
        }
    }
}

/// AArch64.EncodePAR() for a successful translation. PAR_EL1.NS is
/// UNKNOWN for the Non-secure EL1&0 regime: this model writes 1, as QEMU
/// does (the output is in the Non-secure PA space). Bit 11 is RES1.
pub fn encode_par_ok(out: &S1Output) -> ParEl1 {
    let v = ParEl1Ok(0);
    let set = |v: ParEl1Ok, f, x| v.with(f, x).expect("PAR_EL1 fields fit");
    let v = set(v, ParEl1Ok::PA, ParEl1Ok::PA.get(out.oa & !0xfff));
    let v = set(v, ParEl1Ok::ATTR, u64::from(out.attrs.reported_attr));
    let v = set(v, ParEl1Ok::SH, u64::from(out.attrs.reported_sh));
    let v = set(v, ParEl1Ok::NS, 1);
    let v = set(v, ParEl1Ok::RES1, 1);
    ParEl1(v.0)
}

/// AArch64.EncodePAR() for a fault: F, FST = EncodeLDFSC(), S and PTW for
/// a stage 2 fault on the walk, and the RES1 bit 11.
pub fn encode_par_fault(fault: &Fault) -> ParEl1 {
    let v = ParEl1Fault(0);
    let set = |v: ParEl1Fault, f, x| v.with(f, x).expect("PAR_EL1 fields fit");
    let v = set(v, ParEl1Fault::F, 1);
    let v = set(v, ParEl1Fault::FST, u64::from(fault.fsc()));
    let v = set(v, ParEl1Fault::S, u64::from(fault.stage == Stage::S2));
    let v = set(v, ParEl1Fault::PTW, u64::from(fault.s1ptw));
    let v = set(v, ParEl1Fault::RES1, 1);
    ParEl1(v.0)
}

/// The architectural answer to an AT instruction: the walk through the
/// guest hypervisor's own stage 2, as hardware implementing the Arm
/// architecture exactly would give it (AArch64.AT() at EL2).
pub fn at_hw<M: PhysMem, S: Sink>(
    m: &Machine<'_, M>,
    op: AtOp,
    va: u64,
    sink: &mut S,
) -> AtOutcome {
    at_with(m, op, va, &ArchStage2 { m }, sink)
}

/// The first step of every AT: the op, the access it makes, PSTATE.PAN.
pub fn access_step(acc: &Access, pstate_pan: bool) -> Step {
    Step {
        stage: Stage::S1,
        level: None,
        ok: true,
        rule: Rule::AtAccess,
        kind: StepKind::Access {
            op: acc.op,
            el: acc.el,
            check: acc.check,
            pan_op: acc.pan,
            pstate_pan,
        },
    }
}

/// An AT instruction with the stage 1 walk's table reads going through `s2`.
pub fn at_with<M: PhysMem, T: TableStage2, S: Sink>(
    m: &Machine<'_, M>,
    op: AtOp,
    va: u64,
    s2: &T,
    sink: &mut S,
) -> AtOutcome {
    let acc = op.access();
    record(sink, || access_step(&acc, m.regs.pstate_pan));
    if let Some(feature) = op.needs().filter(|f| !m.has(*f)) {
        record(sink, || Step {
            stage: Stage::S1,
            level: None,
            ok: false,
            rule: Rule::AtUndefined,
            kind: StepKind::Undefined { op, feature },
        });
        return AtOutcome::Undefined { feature };
    }
    // PSTATE.PAN exists only with FEAT_PAN.
    let pan_m;
    let m = if m.regs.pstate_pan && !m.has(Feature::Pan) {
        pan_m = Machine {
            regs: crate::machine::Regs {
                pstate_pan: false,
                ..m.regs
            },
            ..*m
        };
        &pan_m
    } else {
        m
    };
    match stage1::translate(m, &Arch, &acc, Va(va), s2, sink) {
        Ok(out) => {
            let par = encode_par_ok(&out);
            record(sink, || Step {
                stage: Stage::S1,
                level: None,
                ok: true,
                rule: Rule::EncodePar,
                kind: StepKind::Par { par: Word(par.0) },
            });
            AtOutcome::Par { par }
        }
        Err(fault) => {
            record(sink, || Step {
                stage: fault.stage,
                level: Some(fault.level),
                ok: false,
                rule: Rule::EncodePar,
                kind: StepKind::Fault { fault },
            });
            if fault.aborts_at() {
                let dfsc = fault.fsc();
                record(sink, || Step {
                    stage: fault.stage,
                    level: Some(fault.level),
                    ok: false,
                    rule: Rule::ExternalAbortOnWalk,
                    kind: StepKind::Abort { dfsc },
                });
                AtOutcome::Abort { dfsc, fault }
            } else {
                let par = encode_par_fault(&fault);
                // `ok` is the translation's outcome: PAR_EL1.F = 1.
                record(sink, || Step {
                    stage: Stage::S1,
                    level: None,
                    ok: false,
                    rule: Rule::EncodePar,
                    kind: StepKind::Par { par: Word(par.0) },
                });
                AtOutcome::Par { par }
            }
        }
    }
}
