//! The AT operations the model answers and the access each makes
//! (CreateAccDescAT()): its Exception level, its check, whether it honours
//! PSTATE.PAN, and the feature it needs.

use serde::{Deserialize, Serialize};

/// An address translation instruction for the EL1&0 regime, stage 1 only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AtOp {
    /// AT S1E1R: EL1 read.
    S1E1R,
    /// AT S1E1W: EL1 write.
    S1E1W,
    /// AT S1E0R: EL0 read.
    S1E0R,
    /// AT S1E0W: EL0 write.
    S1E0W,
    /// AT S1E1RP: EL1 read, honouring PSTATE.PAN (FEAT_PAN2).
    S1E1RP,
    /// AT S1E1WP: EL1 write, honouring PSTATE.PAN (FEAT_PAN2).
    S1E1WP,
    /// AT S1E1A: EL1 translation with no permission check (FEAT_ATS1A).
    S1E1A,
}

impl AtOp {
    /// Every op, in the order the scenario format lists them.
    pub const ALL: [AtOp; 7] = [
        AtOp::S1E1R,
        AtOp::S1E1W,
        AtOp::S1E0R,
        AtOp::S1E0W,
        AtOp::S1E1RP,
        AtOp::S1E1WP,
        AtOp::S1E1A,
    ];

    /// The Arm name, e.g. `S1E1RP`.
    pub const fn name(self) -> &'static str {
        match self {
            AtOp::S1E1R => "S1E1R",
            AtOp::S1E1W => "S1E1W",
            AtOp::S1E0R => "S1E0R",
            AtOp::S1E0W => "S1E0W",
            AtOp::S1E1RP => "S1E1RP",
            AtOp::S1E1WP => "S1E1WP",
            AtOp::S1E1A => "S1E1A",
        }
    }

    /// Looks an op up by its Arm name.
    pub fn from_name(name: &str) -> Option<AtOp> {
        AtOp::ALL.into_iter().find(|o| o.name() == name)
    }
}

use crate::features::Feature;

/// The access an AT instruction makes (CreateAccDescAT()).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    /// The op.
    pub op: AtOp,
    /// The Exception level of the access: 0 or 1.
    pub el: u8,
    /// What it checks.
    pub check: AccessCheck,
    /// Whether PSTATE.PAN is honoured (AT S1E1RP, S1E1WP; R_PMTWB).
    pub pan: bool,
}

impl AtOp {
    /// CreateAccDescAT(): the EL, the check and the PAN flag of this op.
    pub const fn access(self) -> Access {
        let (el, check, pan) = match self {
            AtOp::S1E1R => (1, AccessCheck::Read, false),
            AtOp::S1E1W => (1, AccessCheck::Write, false),
            AtOp::S1E0R => (0, AccessCheck::Read, false),
            AtOp::S1E0W => (0, AccessCheck::Write, false),
            AtOp::S1E1RP => (1, AccessCheck::Read, true),
            AtOp::S1E1WP => (1, AccessCheck::Write, true),
            AtOp::S1E1A => (1, AccessCheck::None, false),
        };
        Access {
            op: self,
            el,
            check,
            pan,
        }
    }

    /// The feature the op needs beyond the base architecture, if any.
    pub const fn needs(self) -> Option<Feature> {
        match self {
            AtOp::S1E1RP | AtOp::S1E1WP => Some(Feature::Pan2),
            AtOp::S1E1A => Some(Feature::Ats1a),
            _ => None,
        }
    }
}

/// Which check the AT op makes at the leaf.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AccessCheck {
    /// A read (S1E1R, S1E0R, S1E1RP).
    Read,
    /// A write (S1E1W, S1E0W, S1E1WP).
    Write,
    /// No permission check (S1E1A).
    None,
}
