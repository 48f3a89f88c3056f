//! The host's side of KVM's fast path: what the shadow stage 2 maps and
//! whether a shadow MMU exists for the guest hypervisor's stage 2.

use std::collections::BTreeSet;

use super::KvmRelease;

/// What KVM's shadow stage 2 currently maps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShadowS2 {
    /// Every IPA page (`"shadow_s2": "all"`).
    All,
    /// Only these 4 KiB-aligned IPA pages.
    Pages(BTreeSet<u64>),
}

/// The host's side of the nested-virtualization fast path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KvmHost {
    /// What the shadow stage 2 maps.
    pub shadow_s2: ShadowS2,
    /// Whether lookup_s2_mmu() found a shadow MMU.
    pub s2_mmu: bool,
    /// The Linux release the scenario is about (`kvm.version`), if it says.
    pub version: Option<KvmRelease>,
}

impl Default for KvmHost {
    /// `{"shadow_s2": "all", "s2_mmu": true}`, the value of an absent `kvm`.
    fn default() -> Self {
        KvmHost {
            shadow_s2: ShadowS2::All,
            s2_mmu: true,
            version: None,
        }
    }
}
