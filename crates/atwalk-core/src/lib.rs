//! atwalk-core: AArch64 address translation as the AT instructions see it,
//! for the EL1&0 regime with an optional stage 2 under the walk, returning
//! PAR_EL1 and a typed step trace. No web dependencies.
//!
//! Where a rule lives, by file: `params` (everything before the first read:
//! TTBR choice, TBI, TxSZ, VA range, EPD/E0PD, start level, base address),
//! `stage1` (the walk, the leaf, AF), `stage2` (the guest hypervisor's stage 2
//! under the walk), `descriptor` (descriptor formats and types), `perms`
//! (AP, XN, APTable, PAN, WXN), `attrs` (MAIR, SH, SCTLR_EL1.C), `at` (the
//! instruction and PAR_EL1), `fault` (fault codes), `rules` (citations),
//! `trace` (the steps), `kvm` (KVM's fast and slow paths), `scenario` (the
//! file format), `eval` (a scenario in, results out).

pub mod addr;
pub mod at;
pub mod attrs;
pub mod build;
pub mod descriptor;
pub mod editing;
pub mod eval;
pub mod fault;
pub mod features;
pub mod granule;
pub mod kvm;
pub mod layout;
pub mod machine;
pub mod memory;
pub mod op;
pub mod perms;
pub mod regs;
pub mod release_matrix;
pub mod rules;
pub mod scenario;
pub mod sentence;
pub mod stage1;
pub mod stage2;
pub mod trace;
pub mod walk;
