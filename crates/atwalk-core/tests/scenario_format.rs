//! at-scenario/1: the spec's example read to exact values, round trips,
//! defaults and expectations. Rejections: scenario_rejects.rs.

mod scenario_support;

use atwalk_core::at::AtOp;
use atwalk_core::features::{ArmFeature, CpuModel, Feature};
use atwalk_core::kvm::{KvmPath, KvmRelease};
use atwalk_core::scenario::{
    Cpu, Expect, FORMAT, HwExpect, KvmHost, Query, RamRange, Scenario, ShadowS2,
};
use scenario_support::*;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn spec_example_parses_to_exact_values() {
    let s = example();
    assert_eq!(s.title, "PAN blocks a privileged read of a user page");
    assert_eq!(s.notes, "Free text shown beside the scenario.");
    assert_eq!(
        s.cpu,
        Cpu {
            // TG0=4KB, T0SZ=25 (39-bit VA), EPD1, IPS=0b010 (40 bits).
            tcr_el1: 0x0000_0002_0080_0019,
            ttbr0_el1: 0x0000_0000_4020_0000,
            ttbr1_el1: 0,
            mair_el1: 0x0000_0000_0000_00ff,
            sctlr_el1: 0x0000_0000_0000_0005,
            hcr_el2: 0,
            vtcr_el2: 0,
            vttbr_el2: 0,
            pstate_pan: true,
        }
    );
    let memory: BTreeMap<u64, u64> = [
        (0x4020_0000, 0x0000_0000_4020_1003),
        (0x4020_1008, 0x0000_0000_4020_2003),
        (0x4020_2008, 0x0000_0000_4040_0743),
    ]
    .into();
    assert_eq!(s.memory, memory);
    assert_eq!(
        s.ram,
        Some(vec![RamRange {
            base: 0x4000_0000,
            size: 0x4000_0000
        }])
    );
    assert_eq!(
        s.kvm,
        KvmHost {
            shadow_s2: ShadowS2::All,
            s2_mmu: true,
            version: None
        }
    );
    assert_eq!(s.kvm, KvmHost::default());
    assert_eq!(s.features, None);
    assert_eq!(s.pa_bits, None);
    assert_eq!(
        s.queries,
        vec![Query {
            op: AtOp::S1E1RP,
            va: 0x20_1234,
            expect: None
        }]
    );
    assert_eq!(s.cpu_model(), CpuModel::default());
}

#[test]
fn spec_example_round_trips() {
    let s = example();
    let text = s.to_json();
    assert_eq!(Scenario::from_json(&text), Ok(s.clone()));
    // Stable: writing again gives the same text.
    assert_eq!(Scenario::from_json(&text).unwrap().to_json(), text);
    assert!(text.starts_with("{\n  \"format\": \"at-scenario/1\",\n  \"title\": "));
    assert!(text.contains("    \"TCR_EL1\":   \"0x0000000200800019\",\n"));
    assert!(text.contains("    \"0x40200000\": \"0x0000000040201003\""));
    assert!(text.contains("{ \"base\": \"0x40000000\", \"size\": \"0x40000000\" }"));
    assert!(text.contains("{ \"op\": \"S1E1RP\", \"va\": \"0x0000000000201234\" }"));
}

#[test]
fn everything_optional_round_trips() {
    let s = Scenario {
        title: "quote \" backslash \\ newline \n tab \t nul \u{0} é 💡".into(),
        notes: String::new(),
        cpu: Cpu {
            tcr_el1: u64::MAX,
            pstate_pan: false,
            ..Cpu::default()
        },
        memory: [(0, 1), (0xffff_ffff_ffff_fff8, u64::MAX)].into(),
        ram: Some(vec![
            RamRange { base: 0, size: 1 },
            RamRange {
                base: 0xffff_ffff_ffff_f000,
                size: 0x1000,
            },
        ]),
        kvm: KvmHost {
            shadow_s2: ShadowS2::Pages(BTreeSet::from([0, 0x4020_0000])),
            s2_mmu: false,
            version: Some(KvmRelease::V6_12),
        },
        // An unmodelled name is kept and written back; it changes no answer.
        features: Some(vec![
            Feature::Pan3.into(),
            ArmFeature::from_name("FEAT_HPDS2").unwrap(),
            Feature::Pan.into(),
        ]),
        pa_bits: Some(52),
        queries: vec![
            Query {
                op: AtOp::S1E0W,
                va: 0,
                expect: Some(Expect::default()),
            },
            Query {
                op: AtOp::S1E1A,
                va: u64::MAX,
                expect: Some(Expect {
                    par: Some(0x81f),
                    path: Some(KvmPath::Slow),
                    hw_par: Some(HwExpect::Abort { dfsc: Some(0x15) }),
                }),
            },
            Query {
                op: AtOp::S1E1W,
                va: 1,
                expect: Some(Expect {
                    hw_par: Some(HwExpect::Abort { dfsc: None }),
                    ..Expect::default()
                }),
            },
            Query {
                op: AtOp::S1E1R,
                va: 2,
                expect: Some(Expect {
                    hw_par: Some(HwExpect::Par(0)),
                    path: Some(KvmPath::Fast),
                    par: None,
                }),
            },
        ],
    };
    let text = s.to_json();
    assert_eq!(Scenario::from_json(&text), Ok(s.clone()), "{text}");
    assert!(
        text.contains("\"hw_par\": null, \"hw_abort\": { \"dfsc\": \"0x15\" }"),
        "{text}"
    );
    assert_eq!(
        s.cpu_model(),
        CpuModel::new(&[Feature::Pan, Feature::Pan3], 52)
    );

    let empty = Scenario {
        ram: Some(vec![]),
        queries: vec![],
        memory: BTreeMap::new().into(),
        ..s
    };
    assert_eq!(Scenario::from_json(&empty.to_json()), Ok(empty));
}

#[test]
fn minimal_file_and_defaults() {
    let s = Scenario::from_json(r#"{"format":"at-scenario/1","cpu":{},"memory":{},"queries":[]}"#)
        .unwrap();
    assert_eq!(s.title, "");
    assert_eq!(s.notes, "");
    assert_eq!(s.cpu, Cpu::default());
    assert!(s.memory.is_empty() && s.queries.is_empty());
    assert_eq!((s.ram, s.features, s.pa_bits), (None, None, None));
    assert_eq!(s.kvm, KvmHost::default());
    assert_eq!(FORMAT, "at-scenario/1");
}

#[test]
fn pa_bits_alone_keeps_default_features() {
    let s = Scenario::from_json(&variant("\"queries\"", "\"pa_bits\": 40, \"queries\"")).unwrap();
    assert_eq!(s.pa_bits, Some(40));
    assert_eq!(s.cpu_model(), CpuModel::new(&Feature::ALL, 40));
}

#[test]
fn expect_parses() {
    let s = Scenario::from_json(&variant(
        r#""va": "0x0000000000201234""#,
        r#""va": "0x0000000000201234", "expect": {"par": "0x81f", "path": "fast", "hw_par": "0x000000000000081f"}"#,
    ))
    .unwrap();
    assert_eq!(
        s.queries[0].expect,
        Some(Expect {
            par: Some(0x81f),
            path: Some(KvmPath::Fast),
            hw_par: Some(HwExpect::Par(0x81f))
        })
    );
    let s = Scenario::from_json(&variant(
        r#""va": "0x0000000000201234""#,
        r#""va": "0x0000000000201234", "expect": {"hw_par": null, "hw_abort": {"dfsc": "0x15"}}"#,
    ))
    .unwrap();
    assert_eq!(
        s.queries[0].expect.unwrap().hw_par,
        Some(HwExpect::Abort { dfsc: Some(0x15) })
    );
}

// ---------------------------------------------------------------------------
// Errors: one per case.
