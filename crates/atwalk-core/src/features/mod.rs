//! The modelled CPU: which architecture features it implements and its
//! physical address size. Every "is FEAT_x implemented?" question of the
//! walker is answered here and nowhere else.
//!
//! A scenario may name any feature the Arm ARM defines ([`ArmFeature`], the
//! list in `arm_names.txt`); the eleven [`Feature`]s are the ones the model
//! uses, and only they make up a [`CpuModel`].

mod arm;

use serde::{Deserialize, Serialize};

pub use arm::{
    ACCEPTED_NAME_COUNT, ARM_FEATURE_COUNT, ARM_RELEASE, ArmFeature, FORMER_NAMES,
    WITHDRAWN_FEATURES, arm_feature_names,
};

/// An Arm architecture feature that changes what an AT instruction returns.
///
/// Names are the Arm ARM's (`FEAT_PAN3`, ...). Granule support is not a
/// feature here: the modelled CPU implements the 4KB, 16KB and 64KB granules
/// at both stages, as QEMU's `-cpu max` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Feature {
    /// Privileged Access Never: PSTATE.PAN.
    #[serde(rename = "FEAT_PAN")]
    Pan,
    /// AT S1E1RP and AT S1E1WP.
    #[serde(rename = "FEAT_PAN2")]
    Pan2,
    /// SCTLR_EL1.EPAN: PAN also fails EL0-executable pages.
    #[serde(rename = "FEAT_PAN3")]
    Pan3,
    /// TCR_EL1.HPD0/HPD1: disable hierarchical permissions.
    #[serde(rename = "FEAT_HPDS")]
    Hpds,
    /// TCR_EL1.E0PD0/E0PD1: fault unprivileged access to a TTBR half.
    #[serde(rename = "FEAT_E0PD")]
    E0pd,
    /// Small translation tables: TxSZ up to 48 (4KB/16KB) or 47 (64KB).
    #[serde(rename = "FEAT_TTST")]
    Ttst,
    /// 52-bit VAs with the 64KB granule (TxSZ down to 12).
    #[serde(rename = "FEAT_LVA")]
    Lva,
    /// 52-bit PAs with the 64KB granule (IPS/PS = 0b110).
    #[serde(rename = "FEAT_LPA")]
    Lpa,
    /// 52-bit VAs and PAs with the 4KB and 16KB granules (TCR_EL1.DS).
    #[serde(rename = "FEAT_LPA2")]
    Lpa2,
    /// Hardware update of the access flag (TCR_EL1.HA) and dirty state.
    #[serde(rename = "FEAT_HAFDBS")]
    Hafdbs,
    /// AT S1E1A: address translation without a permission check.
    #[serde(rename = "FEAT_ATS1A")]
    Ats1a,
}

impl Feature {
    /// Every modelled feature, in declaration order.
    pub const ALL: [Feature; 11] = [
        Feature::Pan,
        Feature::Pan2,
        Feature::Pan3,
        Feature::Hpds,
        Feature::E0pd,
        Feature::Ttst,
        Feature::Lva,
        Feature::Lpa,
        Feature::Lpa2,
        Feature::Hafdbs,
        Feature::Ats1a,
    ];

    /// The Arm ARM name, e.g. `FEAT_PAN3`.
    pub const fn name(self) -> &'static str {
        match self {
            Feature::Pan => "FEAT_PAN",
            Feature::Pan2 => "FEAT_PAN2",
            Feature::Pan3 => "FEAT_PAN3",
            Feature::Hpds => "FEAT_HPDS",
            Feature::E0pd => "FEAT_E0PD",
            Feature::Ttst => "FEAT_TTST",
            Feature::Lva => "FEAT_LVA",
            Feature::Lpa => "FEAT_LPA",
            Feature::Lpa2 => "FEAT_LPA2",
            Feature::Hafdbs => "FEAT_HAFDBS",
            Feature::Ats1a => "FEAT_ATS1A",
        }
    }

    /// Looks a feature up by its Arm ARM name.
    pub fn from_name(name: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.name() == name)
    }

    const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// The physical address sizes ID_AA64MMFR0_EL1.PARange can report, in bits.
pub const PA_BITS_LEGAL: [u8; 7] = [32, 36, 40, 42, 44, 48, 52];

/// The modelled CPU: a feature set and the implemented PA size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpuModel {
    bits: u16,
    /// Implemented physical address size in bits (ID_AA64MMFR0_EL1.PARange).
    pub pa_bits: u8,
}

impl Default for CpuModel {
    /// The documented default CPU: every modelled feature, 48-bit PAs.
    fn default() -> Self {
        CpuModel::new(&Feature::ALL, 48)
    }
}

impl CpuModel {
    /// A CPU with exactly `features`, and `pa_bits` of physical address.
    /// `pa_bits` must be one of [`PA_BITS_LEGAL`]; the scenario loader checks.
    pub fn new(features: &[Feature], pa_bits: u8) -> Self {
        let bits = features.iter().fold(0, |acc, f| acc | f.bit());
        CpuModel { bits, pa_bits }
    }

    /// Whether the CPU implements `feature`.
    pub const fn has(&self, feature: Feature) -> bool {
        self.bits & feature.bit() != 0
    }

    /// The implemented features, in declaration order.
    pub fn features(&self) -> Vec<Feature> {
        Feature::ALL.into_iter().filter(|f| self.has(*f)).collect()
    }
}
