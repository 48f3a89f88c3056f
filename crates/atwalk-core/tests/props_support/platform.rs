//! Strategies for the machine around the registers: the feature set, the PA
//! size and the RAM ranges.

use super::*;

/// A scenario's `features` naming exactly the modelled `features`.
pub fn arm(features: &Option<Vec<Feature>>) -> Option<Vec<ArmFeature>> {
    features
        .as_ref()
        .map(|f| f.iter().copied().map(ArmFeature::from).collect())
}

pub fn features() -> impl Strategy<Value = Option<Vec<Feature>>> {
    prop_oneof![
        1 => Just(None),
        1 => (any::<u16>(), weighted_bool(0.75)).prop_map(|(bits, at_ops)| Some(
            Feature::ALL
                .into_iter()
                .enumerate()
                .filter(|(i, f)| bits & (1 << i) != 0 || (at_ops && f.name() == "FEAT_PAN2") || (at_ops && f.name() == "FEAT_ATS1A"))
                .map(|(_, f)| f)
                .collect()
        )),
    ]
}

pub fn pa_bits() -> impl Strategy<Value = Option<u8>> {
    prop_oneof![2 => Just(None), 1 => proptest::sample::select(PA_BITS_LEGAL.to_vec()).prop_map(Some)]
}

pub fn ram_range() -> impl Strategy<Value = RamRange> {
    (any::<u64>(), 1u64..0x1_0000_0000).prop_map(|(base, size)| {
        let base = base & mask(47, 12);
        let size = size.min(u64::MAX - base + 1).max(1);
        RamRange { base, size }
    })
}

pub fn ram() -> impl Strategy<Value = Option<Vec<RamRange>>> {
    prop_oneof![
        8 => Just(None),
        4 => proptest::collection::vec(ram_range(), 0..3).prop_map(|mut v| {
            v.insert(0, POOL_RAM);
            Some(v)
        }),
        1 => proptest::collection::vec(ram_range(), 0..3).prop_map(Some),
        1 => (0u64..0x10_0000).prop_map(|cut| Some(vec![RamRange { base: POOL_RAM.base, size: cut * 8 + 8 }])),
    ]
}
