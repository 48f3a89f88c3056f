//! at-scenario/1: the spec's example, round trips, and one test per way a
//! file can be rejected (field named, reason given).

use atwalk_core::at::AtOp;
use atwalk_core::features::{ArmFeature, CpuModel, Feature};
use atwalk_core::kvm::KvmPath;
use atwalk_core::scenario::{
    Cpu, Expect, FORMAT, HwExpect, KvmHost, Query, RamRange, Scenario, ShadowS2,
};
use std::collections::{BTreeMap, BTreeSet};

/// The example of docs/scenario-format.md, verbatim.
const SPEC_EXAMPLE: &str = include_str!("../../../tests/spec/scenario-format-example.json");

fn example() -> Scenario {
    Scenario::from_json(SPEC_EXAMPLE).expect("the spec's example parses")
}

/// Replaces the first occurrence of `from` in the spec's example.
fn variant(from: &str, to: &str) -> String {
    assert!(SPEC_EXAMPLE.contains(from), "{from:?} not in the example");
    SPEC_EXAMPLE.replacen(from, to, 1)
}

/// Parses `text`, which must fail at `field` with `fragment` in the message.
#[track_caller]
fn rejects(text: &str, field: &str, fragment: &str) {
    let e = Scenario::from_json(text).expect_err("must be rejected");
    assert_eq!(e.field, field, "field of {e}");
    assert!(e.message.contains(fragment), "{fragment:?} not in {e}");
}

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
            s2_mmu: true
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

#[test]
fn not_json_reports_line_and_column() {
    let e = Scenario::from_json("{\n  \"format\": \"at-scenario/1\",\n  oops\n}").unwrap_err();
    assert_eq!(e.field, "");
    assert!(e.message.starts_with("not valid JSON"), "{e}");
    assert!(e.message.contains("line 3 column"), "{e}");
    assert_eq!(e.to_string(), e.message, "no field, no prefix");
}

#[test]
fn truncated_json() {
    let text = &SPEC_EXAMPLE[..SPEC_EXAMPLE.len() / 2];
    rejects(text, "", "not valid JSON: EOF while parsing");
    rejects("", "", "not valid JSON");
    rejects(&format!("{SPEC_EXAMPLE} {{}}"), "", "trailing characters");
}

#[test]
fn top_level_not_an_object() {
    rejects(
        "[1, 2]",
        "",
        "expected a JSON object at the top level, got an array",
    );
}

#[test]
fn format_missing_unknown_or_wrong_type() {
    rejects(
        &variant(r#""format": "at-scenario/1","#, ""),
        "format",
        "missing",
    );
    rejects(
        &variant("at-scenario/1", "at-scenario/2"),
        "format",
        "unknown format \"at-scenario/2\"",
    );
    rejects(
        &variant(r#""at-scenario/1""#, "1"),
        "format",
        "expected the string \"at-scenario/1\", got a number",
    );
}

#[test]
fn required_sections_missing() {
    let min = r#"{"format":"at-scenario/1","cpu":{},"memory":{},"queries":[]}"#;
    rejects(&min.replace(r#","cpu":{}"#, ""), "cpu", "missing");
    rejects(&min.replace(r#","memory":{}"#, ""), "memory", "missing");
    rejects(&min.replace(r#","queries":[]"#, ""), "queries", "missing");
}

#[test]
fn malformed_hex() {
    rejects(
        &variant("0x0000000200800019", "0x00000002008g0019"),
        "cpu.TCR_EL1",
        "'g' is not a hex digit",
    );
    rejects(
        &variant("0x0000000200800019", "200800019"),
        "cpu.TCR_EL1",
        "must start with \"0x\"",
    );
    rejects(
        &variant("0x0000000200800019", "0x"),
        "cpu.TCR_EL1",
        "no digits after \"0x\"",
    );
    rejects(
        &variant("\"0x0000000000000005\"", "\"0x 5\""),
        "cpu.SCTLR_EL1",
        "malformed hex",
    );
    rejects(
        &variant("0x0000000040400743", "0x40400743zz"),
        "memory.\"0x40202008\"",
        "malformed hex",
    );
    rejects(
        &variant("\"0x40200000\": ", "\"40200000\": "),
        "memory.\"40200000\"",
        "address: malformed hex",
    );
}

#[test]
fn number_where_hex_belongs() {
    rejects(
        &variant("\"0x0000000040200000\",", "1075838976,"),
        "cpu.TTBR0_EL1",
        "expected a hex string like \"0x0000000040200000\", got a number",
    );
}

#[test]
fn seventeen_hex_digit_va() {
    rejects(
        &variant("0x0000000000201234", "0x10000000000201234"),
        "queries[0].va",
        "wider than 64 bits",
    );
    rejects(
        &variant("0x0000000000201234", "0x10000000000201234"),
        "queries[0].va",
        "17 significant hex digits",
    );
    // Seventeen digits with a leading zero: not too wide, but too long.
    rejects(
        &variant("0x0000000000201234", "0x00000000000201234"),
        "queries[0].va",
        "at most 16 digits",
    );
}

#[test]
fn misaligned_memory_key() {
    rejects(
        &variant("\"0x40201008\"", "\"0x40201004\""),
        "memory.\"0x40201004\"",
        "not 8-byte aligned",
    );
}

#[test]
fn duplicate_memory_keys() {
    rejects(
        &variant("\"0x40201008\"", "\"0x40200000\""),
        "memory.\"0x40200000\"",
        "given twice",
    );
    rejects(
        &variant("\"0x40201008\"", "\"0x0040200000\""),
        "memory.\"0x0040200000\"",
        "same address as memory.\"0x40200000\"",
    );
    let zero =
        r#"{"format":"at-scenario/1","cpu":{},"memory":{"0x8":"0x1","0x08":"0x2"},"queries":[]}"#;
    rejects(zero, "memory.\"0x08\"", "same address as memory.\"0x8\"");
}

#[test]
fn unknown_register() {
    rejects(
        &variant("\"TTBR1_EL1\"", "\"TTBR2_EL1\""),
        "cpu.TTBR2_EL1",
        "unknown register; expected one of TCR_EL1,",
    );
    rejects(
        &variant("\"TTBR1_EL1\"", "\"TCR_EL1\""),
        "cpu.TCR_EL1",
        "given twice",
    );
    rejects(
        &variant("\"PSTATE_PAN\": true", "\"PSTATE_PAN\": \"true\""),
        "cpu.PSTATE_PAN",
        "expected true or false",
    );
}

#[test]
fn unknown_op() {
    rejects(
        &variant("\"S1E1RP\"", "\"S1E2R\""),
        "queries[0].op",
        "unknown op \"S1E2R\"; expected one of S1E1R,",
    );
    rejects(
        &variant("\"op\": \"S1E1RP\",", ""),
        "queries[0].op",
        "missing",
    );
    let two = variant(
        "[ { \"op\"",
        "[ { \"op\": \"S1E1R\", \"va\": \"0x0\" }, { \"op\": \"S1E0R\", \"va\": \"0x0\" }, { \"op\"",
    );
    rejects(
        &two.replacen("\"S1E0R\"", "\"s1e0r\"", 1),
        "queries[1].op",
        "unknown op",
    );
    rejects(
        &two.replacen("\"S1E1RP\"", "7", 1),
        "queries[2].op",
        "expected an op name like \"S1E1R\", got a number",
    );
}

#[test]
fn unknown_keys_rejected_and_named() {
    rejects(
        &variant("\"title\"", "\"tilte\""),
        "tilte",
        "unknown key; expected one of format, title,",
    );
    rejects(
        &variant("\"title\"", "\"my title\""),
        "\"my title\"",
        "unknown key",
    );
    rejects(
        &variant("\"s2_mmu\"", "\"s2mmu\""),
        "kvm.s2mmu",
        "unknown key",
    );
    rejects(
        &variant("\"size\"", "\"length\""),
        "ram[0].length",
        "unknown key",
    );
    rejects(
        &variant(
            "\"va\": \"0x0000000000201234\"",
            "\"va\": \"0x0\", \"el\": 1",
        ),
        "queries[0].el",
        "unknown key",
    );
    rejects(
        &variant(
            "\"va\": \"0x0000000000201234\"",
            "\"va\": \"0x0\", \"expect\": {\"fault\": true}",
        ),
        "queries[0].expect.fault",
        "unknown key",
    );
    rejects(&variant("\"notes\"", "\"title\""), "title", "given twice");
}

#[test]
fn unknown_feature() {
    let with = |list: &str| variant("\"queries\"", &format!("\"features\": {list}, \"queries\""));
    rejects(
        &with(r#"["FEAT_PAN", "FEAT_PAN9"]"#),
        "features[1]",
        "\"FEAT_PAN9\" is not an Arm feature (DDI 0487 M.a.a); did you mean FEAT_PAN, FEAT_PAN2, FEAT_PAN3?",
    );
    rejects(
        &with(r#"["PAN3"]"#),
        "features[0]",
        "\"PAN3\" is not an Arm feature (DDI 0487 M.a.a); did you mean FEAT_PAN3?",
    );
    rejects(
        &with(r#"["FEAT_advsimd"]"#),
        "features[0]",
        "did you mean FEAT_AdvSIMD?",
    );
    rejects(
        &with(r#"["FEAT_TME"]"#),
        "features[0]",
        "\"FEAT_TME\" was withdrawn from the Arm architecture (DDI 0487 M.a.a, A2.1.2)",
    );
    rejects(
        &with(r#"["virtualization"]"#),
        "features[0]",
        "\"virtualization\" is not an Arm feature (DDI 0487 M.a.a); feature names look like FEAT_PAN3",
    );
    rejects(
        &with(r#"["FEAT_PAN", "FEAT_PAN"]"#),
        "features[1]",
        "FEAT_PAN listed twice",
    );
    rejects(
        &with(r#"["FEAT_BBML2", "FEAT_XNX", "FEAT_BBML2"]"#),
        "features[2]",
        "FEAT_BBML2 listed twice",
    );
    rejects(&with(r#"[3]"#), "features[0]", "expected a feature name");
    rejects(
        &with(r#""FEAT_PAN""#),
        "features",
        "expected an array, got a string",
    );
    let s = Scenario::from_json(&with(r#"["FEAT_PAN3", "FEAT_HPDS"]"#)).unwrap();
    assert_eq!(
        s.features,
        Some(vec![Feature::Pan3.into(), Feature::Hpds.into()])
    );
    assert_eq!(s.cpu_model().pa_bits, 48);
    assert!(s.features_not_modelled().is_empty());
}

#[test]
fn pa_bits_not_legal() {
    let with = |v: &str| variant("\"queries\"", &format!("\"pa_bits\": {v}, \"queries\""));
    rejects(
        &with("47"),
        "pa_bits",
        "47 is not a legal PA size; expected one of 32, 36, 40, 42, 44, 48, 52",
    );
    rejects(&with("-48"), "pa_bits", "expected an integer");
    rejects(&with("48.5"), "pa_bits", "expected an integer");
    rejects(&with("\"48\""), "pa_bits", "expected an integer");
}

#[test]
fn ram_size_zero_or_wrapping() {
    rejects(
        &variant("\"size\": \"0x40000000\"", "\"size\": \"0x0\""),
        "ram[0].size",
        "size is 0",
    );
    rejects(
        &variant(
            "[ { \"base\"",
            "[ { \"base\": \"0x0\", \"size\": \"0x1\" }, { \"base\"",
        )
        .replacen(
            "\"0x40000000\", \"size\"",
            "\"0xffffffffc0000001\", \"size\"",
            1,
        ),
        "ram[1].size",
        "runs past 2^64",
    );
    rejects(
        &variant("\"base\": \"0x40000000\", ", ""),
        "ram[0].base",
        "missing",
    );
    rejects(
        &variant("[ { \"base\"", "[ 5, { \"base\""),
        "ram[0]",
        "expected an object, got a number",
    );
    // Up to the top of the address space exactly is fine.
    let top = variant(
        "\"base\": \"0x40000000\"",
        "\"base\": \"0xffffffffc0000000\"",
    );
    assert_eq!(
        Scenario::from_json(&top).unwrap().ram.unwrap()[0].base,
        0xffff_ffff_c000_0000
    );
}

#[test]
fn shadow_s2_not_all_nor_pages() {
    let with = |v: &str| variant("\"shadow_s2\": \"all\"", &format!("\"shadow_s2\": {v}"));
    rejects(
        &with("\"none\""),
        "kvm.shadow_s2",
        "expected \"all\" or a list of page addresses, got \"none\"",
    );
    rejects(&with("true"), "kvm.shadow_s2", "got a boolean");
    rejects(
        &with(r#"["0x1000", "0x2000", "0x3000", "0x40200800"]"#),
        "kvm.shadow_s2[3]",
        "not 4 KiB aligned",
    );
    rejects(
        &with(r#"["0x1000", "0x1000"]"#),
        "kvm.shadow_s2[1]",
        "listed twice",
    );
    rejects(
        &with(r#"[4096]"#),
        "kvm.shadow_s2[0]",
        "expected a hex string",
    );
    let s = Scenario::from_json(&with(r#"["0x40201000", "0x40200000"]"#)).unwrap();
    assert_eq!(
        s.kvm.shadow_s2,
        ShadowS2::Pages(BTreeSet::from([0x4020_0000, 0x4020_1000]))
    );
}

#[test]
fn wrong_json_types() {
    let min = r#"{"format":"at-scenario/1","cpu":{},"memory":{},"queries":[]}"#;
    rejects(
        &min.replace(r#""cpu":{}"#, r#""cpu":[]"#),
        "cpu",
        "expected an object, got an array",
    );
    rejects(
        &min.replace(r#""memory":{}"#, r#""memory":"0x0""#),
        "memory",
        "expected an object, got a string",
    );
    rejects(
        &min.replace(r#""queries":[]"#, r#""queries":{}"#),
        "queries",
        "expected an array, got an object",
    );
    rejects(
        &variant("\"Free text shown beside the scenario.\"", "null"),
        "notes",
        "expected a string, got null",
    );
    rejects(
        &variant("\"s2_mmu\": true", "\"s2_mmu\": 1"),
        "kvm.s2_mmu",
        "expected true or false",
    );
}

#[test]
fn expect_errors() {
    let with = |e: &str| {
        variant(
            "\"va\": \"0x0000000000201234\"",
            &format!("\"va\": \"0x0\", \"expect\": {e}"),
        )
    };
    rejects(
        &with(r#"{"path": "medium"}"#),
        "queries[0].expect.path",
        "expected \"fast\" or \"slow\"",
    );
    rejects(
        &with(r#"{"par": 2079}"#),
        "queries[0].expect.par",
        "expected a hex string",
    );
    rejects(
        &with(r#"{"hw_abort": {"dfsc": "0x15"}}"#),
        "queries[0].expect.hw_abort",
        "only with \"hw_par\": null",
    );
    rejects(
        &with(r#"{"hw_par": "0x1", "hw_abort": {}}"#),
        "queries[0].expect.hw_abort",
        "only with",
    );
    rejects(
        &with(r#"{"hw_par": null, "hw_abort": {"dfsc": "0x40"}}"#),
        "queries[0].expect.hw_abort.dfsc",
        "0x00 to 0x3f",
    );
    rejects(
        &with(r#"{"hw_par": null, "hw_abort": {"fsc": "0x15"}}"#),
        "queries[0].expect.hw_abort.fsc",
        "unknown key",
    );
    rejects(&with("[]"), "queries[0].expect", "expected an object");
}

#[test]
fn text_limits() {
    let long = "x".repeat(64 * 1024 + 1);
    rejects(
        &variant("Free text shown beside the scenario.", &long),
        "notes",
        "too long",
    );
    let ok = "x".repeat(64 * 1024);
    assert!(Scenario::from_json(&variant("Free text shown beside the scenario.", &ok)).is_ok());
}

#[test]
fn count_limits() {
    let queries = vec![r#"{"op":"S1E1R","va":"0x0"}"#; 10_001].join(",");
    let text =
        format!(r#"{{"format":"at-scenario/1","cpu":{{}},"memory":{{}},"queries":[{queries}]}}"#);
    rejects(&text, "queries", "too many entries: 10001 (at most 10000)");

    let values = vec!["0"; 3_000_001].join(",");
    let text = format!(r#"{{"format":"at-scenario/1","x":[{values}]}}"#);
    rejects(&text, "", "more than 3000000 JSON values");
}

#[test]
fn deep_nesting_is_refused_not_a_crash() {
    let text = format!(
        "{{\"format\":\"at-scenario/1\",\"x\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    rejects(&text, "", "recursion limit");
}

#[test]
fn display_is_field_colon_message() {
    let e = Scenario::from_json(&variant("\"S1E1RP\"", "\"S1E2R\"")).unwrap_err();
    assert!(e.to_string().starts_with("queries[0].op: unknown op"));
    let _: &dyn std::error::Error = &e;
}
