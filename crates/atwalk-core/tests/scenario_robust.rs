//! at-scenario/1 under abuse: no input makes the loader panic, and every
//! scenario the loader can accept writes and reads back equal.

use atwalk_core::at::AtOp;
use atwalk_core::features::{ArmFeature, PA_BITS_LEGAL};
use atwalk_core::kvm::{KvmPath, KvmRelease};
use atwalk_core::scenario::{Cpu, Expect, HwExpect, KvmHost, Query, RamRange, Scenario, ShadowS2};
use proptest::prelude::*;

const SPEC_EXAMPLE: &str = r#"{
  "format": "at-scenario/1",
  "title": "PAN blocks a privileged read of a user page",
  "notes": "Free text shown beside the scenario.",
  "cpu": {
    "TCR_EL1":   "0x0000000200800019",
    "TTBR0_EL1": "0x0000000040200000",
    "TTBR1_EL1": "0x0000000000000000",
    "MAIR_EL1":  "0x00000000000000ff",
    "SCTLR_EL1": "0x0000000000000005",
    "HCR_EL2":   "0x0000000000000000",
    "VTCR_EL2":  "0x0000000000000000",
    "VTTBR_EL2": "0x0000000000000000",
    "PSTATE_PAN": true
  },
  "memory": {
    "0x40200000": "0x0000000040201003",
    "0x40201008": "0x0000000040202003",
    "0x40202008": "0x0000000040400743"
  },
  "ram": [ { "base": "0x40000000", "size": "0x40000000" } ],
  "kvm": { "shadow_s2": "all", "s2_mmu": true },
  "queries": [ { "op": "S1E1RP", "va": "0x0000000000201234", "expect": { "par": "0x81f", "hw_par": null, "hw_abort": { "dfsc": "0x15" } } } ],
  "features": ["FEAT_PAN", "FEAT_PAN3"],
  "pa_bits": 40
}"#;

/// Loads `bytes` (lossily as UTF-8); an accepted file must round-trip.
fn load(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(s) = Scenario::from_json(&text) {
        assert_eq!(Scenario::from_json(&s.to_json()).as_ref(), Ok(&s));
    }
}

#[test]
fn truncation_at_every_byte_is_an_error() {
    assert!(Scenario::from_json(SPEC_EXAMPLE).is_ok());
    let bytes = SPEC_EXAMPLE.as_bytes();
    for cut in 0..bytes.len() {
        if let Ok(text) = std::str::from_utf8(&bytes[..cut]) {
            let e = Scenario::from_json(text).expect_err("a truncated file is not JSON");
            assert_eq!(e.field, "", "cut at {cut}: {e}");
        }
    }
}

#[test]
fn byte_flips_never_panic() {
    // xorshift64: deterministic, no dependency.
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    const INTERESTING: &[u8] = b"0x\"{}[],:9afgAFG \\-.e";
    let base = SPEC_EXAMPLE.as_bytes();
    for _ in 0..20_000 {
        let mut bytes = base.to_vec();
        for _ in 0..1 + next() % 3 {
            let at = (next() % bytes.len() as u64) as usize;
            match next() % 4 {
                0 => bytes[at] = next() as u8,
                1 => bytes[at] = INTERESTING[(next() % INTERESTING.len() as u64) as usize],
                2 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(
                    at,
                    INTERESTING[(next() % INTERESTING.len() as u64) as usize],
                ),
            }
        }
        load(&bytes);
    }
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = Scenario::from_json(&text);
    }

    #[test]
    fn json_shaped_text_never_panics(text in r#"[{}\[\]",:0x19afFgSEPRW_ .-]{0,120}"#) {
        let _ = Scenario::from_json(&format!(r#"{{"format":"at-scenario/1",{text}"#));
        let _ = Scenario::from_json(&format!(r#"{{"format":"at-scenario/1","cpu":{{}},"memory":{{}},"queries":[{text}]}}"#));
    }

    #[test]
    fn every_valid_scenario_round_trips(s in scenario()) {
        let text = s.to_json();
        prop_assert_eq!(Scenario::from_json(&text), Ok(s), "{}", text);
    }
}

fn scenario() -> impl Strategy<Value = Scenario> {
    let cpu = (any::<[u64; 8]>(), any::<bool>()).prop_map(|(r, pan)| Cpu {
        tcr_el1: r[0],
        ttbr0_el1: r[1],
        ttbr1_el1: r[2],
        mair_el1: r[3],
        sctlr_el1: r[4],
        hcr_el2: r[5],
        vtcr_el2: r[6],
        vttbr_el2: r[7],
        pstate_pan: pan,
    });
    let memory =
        prop::collection::btree_map(any::<u64>().prop_map(|a| a & !7), any::<u64>(), 0..20);
    let ram = prop::option::of(prop::collection::vec(
        (any::<u64>(), 1..=u64::MAX).prop_map(|(base, size)| RamRange {
            base: base % (u64::MAX - size + 1).max(1),
            size,
        }),
        0..4,
    ));
    let kvm = (
        prop::option::of(prop::collection::btree_set(
            any::<u64>().prop_map(|p| p & !0xfff),
            0..6,
        )),
        any::<bool>(),
        prop::option::of(prop::sample::select(KvmRelease::ALL.to_vec())),
    )
        .prop_map(|(pages, s2_mmu, version)| KvmHost {
            shadow_s2: pages.map_or(ShadowS2::All, ShadowS2::Pages),
            s2_mmu,
            version,
        });
    let features = prop::option::of(
        // Any Arm features, modelled or not, in any order.
        prop::sample::subsequence(ArmFeature::all().collect::<Vec<_>>(), 0..=24).prop_shuffle(),
    );
    let pa_bits = prop::option::of(prop::sample::select(PA_BITS_LEGAL.to_vec()));
    let hw = prop_oneof![
        Just(None),
        any::<u64>().prop_map(|v| Some(HwExpect::Par(v))),
        prop::option::of(0u8..=0x3f).prop_map(|dfsc| Some(HwExpect::Abort { dfsc })),
    ];
    let expect = prop::option::of(
        (
            prop::option::of(any::<u64>()),
            prop::option::of(prop::sample::select(vec![KvmPath::Fast, KvmPath::Slow])),
            hw,
        )
            .prop_map(|(par, path, hw_par)| Expect { par, path, hw_par }),
    );
    let query = (
        prop::sample::select(AtOp::ALL.to_vec()),
        any::<u64>(),
        expect,
    )
        .prop_map(|(op, va, expect)| Query { op, va, expect });
    let queries = prop::collection::vec(query, 0..5);
    (
        ".{0,30}",
        "\\PC{0,30}",
        cpu,
        memory,
        ram,
        kvm,
        features,
        pa_bits,
        queries,
    )
        .prop_map(
            |(title, notes, cpu, memory, ram, kvm, features, pa_bits, queries)| Scenario {
                title,
                notes,
                cpu,
                memory: memory.into(),
                ram,
                kvm,
                features,
                pa_bits,
                queries,
            },
        )
}
