//! KVM's emulation of AT S1E* for a nested guest: the fast path through the
//! shadow stage 2, the decision (as merged in Linux, or as first posted in
//! v1), and the software slow path, modelled on arch/arm64/kvm/at.c @
//! 0090c0a247cd and nested.c @ 001e032c0f3f (docs/kvm-model-notes.md).
//!
//! - [`fast`]: the real CPU's AT through the shadow stage 2, under KVM's own HCR_EL2.
//! - [`slow`]: handle_at_slow(), the architecture's walker run with KVM's
//!   variant ([`walk`], [`walk_s2`]).
//! - [`emulate`]: __kvm_at_s1e01() with either decision, and its trace ([`trace`]).
//! - [`diff`]: where KVM's walk parts from the architecture; [`nv`]: the ID
//!   registers KVM reads under NV.

mod decision;
pub mod diff;
pub mod fast;
pub mod flow;
mod flow_v1;
pub mod host;
mod kvm_attrs;

mod merged;
pub mod nested_s2;
pub mod nv;
pub mod release;
pub mod sentence;
pub mod slow;
pub mod student;
pub mod trace;
mod v1;
pub mod walk;
pub mod walk_later;
pub mod walk_s2;
pub mod walker;

use serde::{Deserialize, Serialize};

use crate::addr::Word;
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::op::AtOp;
use crate::regs::ParEl1;
pub use host::{KvmHost, ShadowS2};
pub use release::{Behaviour, KvmRelease};

pub use fast::{SHADOW_MISS_LEVEL, SHADOW_PAGE_BITS, ShadowStage2, shadow_page, table_pages};
pub use trace::{KvmStep, KvmTrace, Phase};

/// Which of KVM's two ways answered the trapped AT instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KvmPath {
    /// The hardware AT instruction, through the shadow stage 2.
    Fast,
    /// KVM's software walk, handle_at_slow().
    Slow,
}

impl KvmPath {
    /// `fast` or `slow`, as the result format spells it.
    pub const fn name(self) -> &'static str {
        match self {
            KvmPath::Fast => "fast",
            KvmPath::Slow => "slow",
        }
    }
}

/// Which version of KVM's decision to model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KvmLogic {
    /// The logic merged in Linux (arch/arm64/kvm/at.c).
    #[default]
    Merged,
    /// The patch as first posted (v1, July 2024).
    V1,
}

/// What PSTATE.PAN the real CPU runs AT S1E1RP/S1E1WP with on the fast path.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FastPathPan {
    /// The code at 0090c0a247cd (the default): at_s1e1p_fast() writes
    /// `*vcpu_cpsr(vcpu) & PSTATE_PAN` to the PAN register, and PSTATE_PAN
    /// is the MSR-immediate encoding pstate_field(0, 4) = 0x80, not
    /// PSR_PAN_BIT (bit 22): the CPU always runs with PSTATE.PAN = 0.
    #[default]
    AsMerged,
    /// What the code means to do (docs/kvm-model.md, "Intended
    /// behaviour"): the guest hypervisor's PSTATE.PAN is applied by the
    /// hardware.
    Intended,
}

/// The model switches of KVM's emulation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KvmModel {
    /// The fast path's PSTATE.PAN.
    pub fast_path_pan: FastPathPan,
    /// The Linux release the merged logic answers as; `None`: the
    /// scenario's `kvm.version`, else [`KvmRelease::LATEST`]. The v1 logic
    /// always runs over v6.17's software walk (docs/kvm-model.md).
    pub release: Option<KvmRelease>,
}

impl KvmModel {
    /// The release to answer as for a scenario whose host says `version`.
    pub fn release_for(&self, version: Option<KvmRelease>) -> KvmRelease {
        self.release.or(version).unwrap_or(KvmRelease::LATEST)
    }
}

/// KVM's answer to one trapped AT instruction.
#[derive(Clone, Debug, PartialEq)]
pub struct KvmOutcome {
    /// The PAR_EL1 the guest hypervisor reads back.
    pub par: ParEl1,
    /// Whether the final PAR_EL1 came from the software walk.
    pub path: KvmPath,
    /// How many software walks (handle_at_slow()) ran.
    pub slow_walks: u32,
    /// How many AT instructions the real CPU ran.
    pub hw_ats: u32,
    /// The steps (empty unless asked for).
    pub trace: KvmTrace,
}

/// The fast path's PAR: the hardware AT through the shadow stage 2, or
/// PAR.F alone when lookup_s2_mmu() finds no shadow MMU, with the default
/// [`KvmModel`].
pub fn fast_path<M: PhysMem>(
    m: &Machine<'_, M>,
    op: AtOp,
    va: u64,
    shadow: &ShadowS2,
    s2_mmu: bool,
) -> ParEl1 {
    let host = KvmHost {
        shadow_s2: shadow.clone(),
        s2_mmu,
        version: None,
    };
    fast::kvm_at_s1e01_fast(
        m,
        &host,
        op,
        va,
        KvmModel::default(),
        KvmRelease::LATEST,
        false,
    )
    .0
}

pub use merged::{merged_keeps_fast, par_check_s1_access_fault, par_check_s1_perm_fault};

/// The release whose software walk the v1 logic runs over.
pub const V1_WALK: KvmRelease = KvmRelease::V6_17;

/// KVM's emulation of AT `op` at `va` with the decision `logic`, as the
/// release [`KvmModel::release_for`] picks (the merged logic).
pub fn emulate<M: PhysMem>(
    m: &Machine<'_, M>,
    host: &KvmHost,
    op: AtOp,
    va: u64,
    logic: KvmLogic,
    model: KvmModel,
    trace: bool,
) -> KvmOutcome {
    let release = model.release_for(host.version);
    let mut out = match logic {
        KvmLogic::Merged => merged::merged(m, host, op, va, model, release, trace),
        KvmLogic::V1 => v1::v1(m, host, op, va, model, trace),
    };
    if trace && logic == KvmLogic::V1 {
        let other = merged::merged(m, host, op, va, model, V1_WALK, false);
        out.trace.steps.push(KvmStep::Compare {
            logic: KvmLogic::Merged,
            par: Word(other.par.0),
            path: other.path,
            slow_walks: other.slow_walks,
            differs: other.par != out.par,
        });
    }
    out
}
