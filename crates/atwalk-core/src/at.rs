//! The AT operations the model answers, and the entry point shaped like
//! KVM's handle_at_slow: compute the translation regime, walk, check, and
//! compose PAR_EL1.

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
