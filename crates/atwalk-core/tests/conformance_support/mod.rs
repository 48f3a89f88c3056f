//! The comparison of conformance.rs: QEMU's and the core's outcomes, the
//! architectural fields they must agree on, and their descriptions (this
//! file); the known QEMU 10.0.2 differences (`reasons.rs`) and the check of
//! the core's answer for each (`checks.rs`).

use atwalk_core::at::AtOutcome;
use atwalk_core::descriptor::DescKind;
use atwalk_core::eval::{EvalOptions, QueryResult, evaluate};
use atwalk_core::fault::{FaultKind, Stage};
use atwalk_core::granule::Granule;
use atwalk_core::regs::ParEl1;
use atwalk_core::scenario::{HwExpect, Scenario};
use atwalk_core::trace::{AddrWhat, Step, StepKind};

mod checks;
mod reasons;

pub use checks::*;
pub use reasons::*;

/// PAR_EL1.F.
pub const F: u64 = 1;
/// The fields compared on a fault: F, FST [6:1], PTW [8], S [9].
pub const FAULT_FIELDS: u64 = 0x7f | (1 << 8) | (1 << 9);
/// The fields compared on success: F, SH [8:7], PA [51:12], ATTR [63:56].
pub const OK_FIELDS: u64 = 1 | (0x3 << 7) | (0xff_ffff_ffff << 12) | (0xff << 56);

/// What QEMU recorded, or what the core says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Par(u64),
    Abort(Option<u8>),
    Undefined,
}

pub fn qemu_outcome(e: HwExpect) -> Outcome {
    match e {
        HwExpect::Par(v) => Outcome::Par(v),
        HwExpect::Abort { dfsc } => Outcome::Abort(dfsc),
    }
}

pub fn core_outcome(hw: AtOutcome) -> Outcome {
    match hw {
        AtOutcome::Par { par: ParEl1(v) } => Outcome::Par(v),
        AtOutcome::Abort { dfsc, .. } => Outcome::Abort(Some(dfsc)),
        AtOutcome::Undefined { .. } => Outcome::Undefined,
    }
}

/// Whether QEMU's and the core's outcomes agree on the architectural fields.
pub fn agree(q: Outcome, c: Outcome) -> bool {
    match (q, c) {
        (Outcome::Par(a), Outcome::Par(b)) => {
            if a & F != b & F {
                return false;
            }
            let m = if a & F != 0 { FAULT_FIELDS } else { OK_FIELDS };
            a & m == b & m
        }
        (Outcome::Abort(a), Outcome::Abort(b)) => a.is_none() || a == b,
        _ => false,
    }
}

/// Fault status code names (ESR/PAR FST encodings for VMSAv8-64).
pub fn fst_name(fst: u8) -> String {
    let lv = fst & 3;
    match fst {
        0x29 => "address size fault L-1".into(),
        0x2b => "translation fault L-1".into(),
        0x13 => "external abort on walk L-1".into(),
        0x00..=0x03 => format!("address size fault L{lv}"),
        0x04..=0x07 => format!("translation fault L{lv}"),
        0x08..=0x0b => format!("access flag fault L{lv}"),
        0x0c..=0x0f => format!("permission fault L{lv}"),
        0x14..=0x17 => format!("external abort on walk L{lv}"),
        _ => format!("FST 0x{fst:02x}"),
    }
}

pub fn describe(o: Outcome) -> String {
    match o {
        Outcome::Par(p) if p & F != 0 => {
            let fst = ((p >> 1) & 0x3f) as u8;
            let stage = if p >> 9 & 1 != 0 {
                "stage 2"
            } else {
                "stage 1"
            };
            let ptw = if p >> 8 & 1 != 0 {
                ", on the stage-1 walk"
            } else {
                ""
            };
            format!("PAR 0x{p:016x}: {} ({stage}{ptw})", fst_name(fst))
        }
        Outcome::Par(p) => format!(
            "PAR 0x{p:016x}: PA 0x{:x} ATTR 0x{:02x} SH {:02b}",
            p & 0x000f_ffff_ffff_f000,
            p >> 56,
            (p >> 7) & 3
        ),
        Outcome::Abort(Some(d)) => format!("Data Abort, DFSC 0x{d:02x} ({})", fst_name(d)),
        Outcome::Abort(None) => "Data Abort".into(),
        Outcome::Undefined => "UNDEFINED".into(),
    }
}
