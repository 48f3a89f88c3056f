//! Stage 2's configuration and permissions, and how the walk ends: the fault, PAR_EL1 or the abort.

use crate::fault::describe_fsc;
use crate::regs::ParEl1;
use crate::trace::{Step, StepKind};

/// The sentence of a step of this phase (empty for any other step).
pub(super) fn sentence(st: &Step) -> String {
    match &st.kind {
        StepKind::S2Config {
            t0sz,
            min,
            max,
            sl,
            sl_bad,
        } => {
            if st.ok {
                format!(
                    "VTCR_EL2.T0SZ={t0sz} (legal {min} to {max}) and SL=0b{sl:03b} are consistent."
                )
            } else if *sl_bad {
                format!(
                    "VTCR_EL2.SL0 (SL2:SL0=0b{sl:03b}) is invalid or inconsistent with T0SZ={t0sz}: a stage 2 level 0 Translation fault."
                )
            } else {
                format!(
                    "VTCR_EL2.T0SZ={t0sz} is outside {min} to {max}: a stage 2 level 0 Translation fault."
                )
            }
        }
        StepKind::IpaRange { ipa, ia_bits } => {
            if st.ok {
                format!("IPA {ipa} fits the {ia_bits}-bit stage 2 input size.")
            } else {
                format!(
                    "IPA {ipa} has bits set at or above bit {ia_bits}: a stage 2 level 0 Translation fault."
                )
            }
        }
        StepKind::S2Perms {
            s2ap,
            mem_attr,
            ptw,
        } => {
            let device = mem_attr & 0b1100 == 0;
            if st.ok {
                format!("S2AP=0b{s2ap:02b} allows the table walk to read it.")
            } else if *ptw && device {
                format!(
                    "HCR_EL2.PTW=1 and stage 2 MemAttr=0b{mem_attr:04b} is Device memory: a stage 2 Permission fault on the walk."
                )
            } else {
                format!(
                    "S2AP=0b{s2ap:02b} gives no read access: a stage 2 Permission fault on the walk."
                )
            }
        }
        StepKind::Fault { fault } => format!("The walk ends: {fault}."),
        StepKind::Par { par } => {
            let p = ParEl1(par.0);
            match (p.ok(), p.fault()) {
                (Some(ok), _) => format!(
                    "PAR_EL1 = {par}: F=0, PA=0x{:x}, ATTR=0x{:02x}, SH=0b{:02b}.",
                    ok.pa() << 12,
                    ok.attr(),
                    ok.sh()
                ),
                (_, Some(f)) => format!(
                    "PAR_EL1 = {par}: F=1, FST=0b{:06b} ({}), S={}, PTW={}.",
                    f.fst(),
                    describe_fsc(f.fst()),
                    u8::from(f.s()),
                    u8::from(f.ptw())
                ),
                _ => format!("PAR_EL1 = {par}."),
            }
        }
        StepKind::Abort { dfsc } => format!(
            "The AT instruction does not write PAR_EL1: it takes a synchronous Data Abort, DFSC=0b{dfsc:06b} ({}).",
            describe_fsc(*dfsc)
        ),
        _ => String::new(),
    }
}
