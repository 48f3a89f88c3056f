//! atwalk-core: AArch64 address translation as the AT instructions see it,
//! for the EL1&0 regime with an optional stage 2 under the walk, returning
//! PAR_EL1 and a typed step trace. No web dependencies.

pub mod at;
pub mod features;
pub mod kvm;
pub mod scenario;
