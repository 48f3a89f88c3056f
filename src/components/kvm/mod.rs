//! KVM's side: the host's shadow stage 2 (editor), KVM's decision as a lit flow, merged beside
//! v1, and the final PAR_EL1 from KVM beside the hardware's.

pub mod flow;
pub mod host;
pub mod par;
pub mod release;
pub mod summary;
