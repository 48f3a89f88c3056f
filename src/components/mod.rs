//! The app's components: the toolbar, the machine-state editors (the side panel), the lesson and
//! the walk (centre), KVM and the final PAR_EL1 (the result), the shortcut list.

pub mod editors;
pub mod exercise;
pub mod figure;
pub mod glossary;
pub mod help;
pub mod kvm;
pub mod lesson;
pub mod lessons;
pub mod map;
pub mod toolbar;
pub mod walk;
