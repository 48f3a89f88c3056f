//! Shared builders for the table-driven architecture tests: register field
//! constants (`regs.rs`), descriptor constructors (`descriptors.rs`), a
//! machine set-up with a memory image and path placers (`setup.rs`), the
//! row checker (`rows.rs`) and the shared addresses (`addrs.rs`); all
//! re-exported here, so a test file says `mod common; use common::*;`. The
//! machines of one topic that several test files share are in the public
//! submodules [`stage1`] and [`stage2`] (`use common::stage2::*;`).
//!
//! Every expected value in the test files is derived by hand from the Arm
//! ARM (DDI0487 M.a.a) pseudocode; these helpers only build inputs and
//! compare, they never compute an expected PAR.

#![allow(dead_code)]

pub use atwalk_core::at::AtOp;
pub use atwalk_core::at::AtOutcome;
#[allow(unused_imports)]
pub use atwalk_core::descriptor::DescKind;
pub use atwalk_core::eval::{EvalOptions, QueryResult, evaluate};
pub use atwalk_core::fault::{Fault, FaultKind, Stage};
pub use atwalk_core::features::Feature;
#[allow(unused_imports)]
pub use atwalk_core::regs::ParEl1;
pub use atwalk_core::rules::Rule;
pub use atwalk_core::scenario::{Cpu, KvmHost, Query, RamRange, Scenario};
#[allow(unused_imports)]
pub use atwalk_core::trace::{AddrWhat, Step, StepKind};

mod addrs;
mod descriptors;
mod regs;
mod rows;
mod setup;
pub mod stage1;
pub mod stage2;

pub use addrs::*;
pub use descriptors::*;
pub use regs::*;
pub use rows::*;
pub use setup::*;
