//! KVM's software walk as a value: the release whose walk it is. Its
//! answers at the walker's choice points are in [`super::walk`],
//! [`super::walk_s2`] and [`super::walk_later`].

use super::KvmRelease;
use crate::fault::Stage;

/// KVM's software walk (handle_at_slow() and the nested stage 2 walk it
/// uses) as `release` has it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KvmWalk {
    /// The release whose walk this is.
    pub release: KvmRelease,
    /// For the stage 1 leaf only: walk_s1() found the guest hypervisor's
    /// stage 2 not writable where it would swap in AF = 1, so it makes no
    /// swap (its fault is reported by the caller, [`super::slow`]).
    pub s2_write_denied: bool,
}

impl KvmWalk {
    /// The walk of `release`.
    pub const fn new(release: KvmRelease) -> KvmWalk {
        KvmWalk {
            release,
            s2_write_denied: false,
        }
    }

    /// Whether the release's stage 2 walk sets the access flag itself (from v6.19, where the
    /// guest hypervisor's VTCR_EL2.HA is set and the PE has FEAT_HAFDBS).
    pub fn s2_sets_af<M: crate::memory::PhysMem>(
        &self,
        m: &crate::machine::Machine<'_, M>,
    ) -> bool {
        self.release.behaviour().s2_walk_sets_af && m.s2_ha()
    }

    /// Whether the release's walk checks the access flag at `stage`.
    pub(super) const fn checks_af_at(&self, stage: Stage) -> bool {
        matches!(stage, Stage::S2) || self.release.behaviour().walk_checks_af
    }
}
