//! The app's components: the machine-state editors (left), the walk (centre), KVM and the final
//! PAR_EL1 (right).

pub mod editors;
pub mod kvm;
pub mod walk;
