//! KVM's emulation of AT S1E* for a nested guest: the fast path through the
//! shadow stage 2, the decision, and the software slow path.

use serde::{Deserialize, Serialize};

/// Which of KVM's two ways answered the trapped AT instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KvmPath {
    /// The hardware AT instruction, through the shadow stage 2.
    Fast,
    /// KVM's software walk, handle_at_slow().
    Slow,
}
