//! The app's components: the toolbar, the machine-state editors (left), the walk (centre), KVM and
//! the final PAR_EL1 (right).

pub mod editors;
pub mod kvm;
pub mod toolbar;
pub mod walk;
