//! Typed views of the system registers an AT instruction reads or writes.
//! One file per register; every field is named as in the Arm ARM with its
//! bit range and meaning ([`FieldInfo`]).

mod field;
pub(crate) use field::register;
pub use field::{FieldInfo, FieldOverflow, FieldValue};

pub mod hcr;
pub mod mair;
pub mod par;
pub mod sctlr;
pub mod tcr;
pub mod ttbr;
pub mod vtcr;

pub use hcr::HcrEl2;
pub use mair::{MairEl1, MemAttr};
pub use par::{ParEl1, ParEl1Fault, ParEl1Ok};
pub use sctlr::SctlrEl1;
pub use tcr::TcrEl1;
pub use ttbr::{Ttbr, VttbrEl2};
pub use vtcr::VtcrEl2;
