//! KVM as each Linux release answers (docs/kvm-model.md, "Releases"):
//! exact `par`, `path` and `hw_par` on both sides of every change
//! modelled, the releases agreeing where no change applies, and the
//! release selection (`kvm.version`, `KvmModel::release`).
//! PARs in hex: F=bit 0, FST=[6:1], PTW=8, S=9, bit 11 RES1.

mod kvm_support;
use kvm_support::*;

use KvmPath::{Fast, Slow};
use KvmRelease::*;

/// Releases before the v6.16 fixes, and from them on.
const BEFORE: [KvmRelease; 4] = [V6_12, V6_13, V6_14, V6_15];
const AFTER: [KvmRelease; 5] = [V6_16, V6_17, V6_18, V6_19, V7_0];

/// The page with AF = 0.
fn af_clear() -> Sc {
    Sc::example().word(L3 + 8, PAGE & !0x400)
}

/// The decisions of __kvm_at_s1e01() in the trace: (id, line, value).
fn decisions(r: &QueryResult) -> Vec<(&'static str, u16, bool)> {
    r.kvm_trace
        .steps
        .iter()
        .filter_map(|k| match k {
            KvmStep::Decision {
                id,
                func: "__kvm_at_s1e01",
                line,
                value,
                ..
            } => Some((*id, *line, *value)),
            _ => None,
        })
        .collect()
}

// --- The fast path keeps an Access flag fault from v6.16 on ---------------

#[test]
fn af_fault_on_the_fast_path_is_kept_from_v6_16() {
    for r in AFTER {
        let q = af_clear().run_in("S1E1R", VA, r);
        check(&q, 0x817, Fast, 0x817);
        assert_eq!(q.slow_walks, 0, "{r}");
    }
}

#[test]
fn af_fault_on_the_fast_path_goes_slow_before_v6_16_and_the_walk_succeeds() {
    // The hardware reports the level 3 Access flag fault (0x817); before
    // v6.16 only a Permission fault is kept, so handle_at_slow() walks, and
    // its walk_s1() has no AF check: the translation succeeds (NS=0).
    for r in BEFORE {
        let q = af_clear().run_in("S1E1R", VA, r);
        check(&q, KVM_OK, Slow, 0x817);
        assert_eq!(q.slow_walks, 1, "{r}");
        assert_eq!(
            diff_names(&q),
            ["NoAfCheck", "ParEncoding"],
            "{r}: the missing check is the step where KVM parts"
        );
        assert_eq!(
            decisions(&q),
            [("MERGED_PAR_F", 0, true), ("MERGED_NOT_PERM_ONLY", 0, true)],
            "{r}: no access flag test, and no at.c line established"
        );
    }
}

#[test]
fn v6_17_cites_the_exact_lines_of_its_at_c() {
    let q = af_clear().run_in("S1E1R", VA, V6_17);
    assert_eq!(
        decisions(&q),
        [
            ("MERGED_PAR_F", 1324, true),
            ("MERGED_NOT_PERM", 1325, true),
            ("MERGED_NOT_AF", 1326, false),
        ]
    );
    let text: Vec<String> = q.kvm_trace.steps.iter().map(KvmStep::sentence).collect();
    assert!(
        text.iter()
            .any(|t| t.starts_with("__kvm_at_s1e01() line 1326: ")),
        "{text:#?}"
    );
    assert!(!text.iter().any(|t| t.contains('≈')), "{text:#?}");
}

// --- walk_s1() checks the AF from v6.16 on --------------------------------

#[test]
fn af_clear_on_the_slow_path_faults_from_v6_16_only() {
    // The shadow stage 2 lacks the level 3 table: the hardware reports a
    // stage 2 fault, so every release walks in software.
    let s = af_clear().shadow(&[L1, L2]);
    for r in AFTER {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, 0x817, Slow, 0x817);
    }
    for r in BEFORE {
        let q = s.run_in("S1E1R", VA, r);
        check(&q, KVM_OK, Slow, 0x817);
        assert!(diff_names(&q).contains(&"NoAfCheck".to_string()), "{r}");
    }
}

// --- PAR.PTW only for stage 2 faults from v6.16 on ------------------------

#[test]
fn walk_fault_sets_ptw_before_v6_16() {
    // L3 entry 2 invalid: a level 3 Translation fault in walk_s1().
    for r in AFTER {
        check(
            &Sc::example().run_in("S1E1R", VA + 0x1000, r),
            0x80f,
            Slow,
            0x80f,
        );
    }
    for r in BEFORE {
        let q = Sc::example().run_in("S1E1R", VA + 0x1000, r);
        check(&q, 0x90f, Slow, 0x80f);
        assert_eq!(diff_names(&q), ["PtwOnS1Fault"], "{r}");
    }
}

#[test]
fn walk_address_size_fault_sets_ptw_before_v6_16() {
    // IPS=0b000 (32 bits) and a level 3 descriptor with OA bit 40: a level
    // 3 Address size fault in walk_s1(); the shadow lacks nothing.
    let s = Sc::example()
        .reg("TCR_EL1", TCR & !(0b111 << 32))
        .word(L3 + 8, PAGE | (1 << 40));
    let before = s.run_in("S1E1R", VA, V6_12);
    let after = s.run_in("S1E1R", VA, V6_17);
    assert_eq!(hw_par(&before), 0x807);
    check(&after, 0x807, Slow, 0x807);
    check(&before, 0x907, Slow, 0x807);
}

#[test]
fn setup_and_permission_faults_never_set_ptw() {
    // EPD0: a level 0 Translation fault in setup_s1_walk().
    let epd = Sc::example().reg("TCR_EL1", TCR | 0x80);
    // AP=0b11 with the level 3 table missing from the shadow: the slow
    // path's Permission fault.
    let perm = Sc::example().word(L3 + 8, PAGE | 0xc0).shadow(&[L1, L2]);
    for r in KvmRelease::ALL {
        // From v6.18 the EPD fault is reported at the start level (1 for
        // T0SZ=25, 4KB): kvm_releases_v6_18.rs.
        let epd_par = if r >= V6_18 { 0x80b } else { 0x809 };
        check(&epd.run_in("S1E1R", VA, r), epd_par, Slow, 0x809);
        check(&perm.run_in("S1E1W", VA, r), 0x81f, Slow, 0x81f);
    }
}

#[test]
fn stage2_fault_on_the_walk_is_the_same_in_every_release() {
    // No memory under the guest hypervisor's stage 2 for the level 1 table
    // IPA: fail_s1_walk() sets PTW and S together in every release.
    let s = Sc::example().guest_s2().shadow(&[]);
    let want = s.run_in("S1E1R", VA, V6_17);
    for r in KvmRelease::ALL {
        let q = s.run_in("S1E1R", VA, r);
        assert_eq!((q.par, q.path, q.hw), (want.par, want.path, want.hw), "{r}");
    }
}

// --- Where no change applies, the releases agree --------------------------

#[test]
fn releases_agree_where_no_change_applies() {
    let cases: Vec<(Sc, &str, u64)> = vec![
        (Sc::example(), "S1E1R", VA),
        (Sc::example().pan(true), "S1E1RP", VA),
        (Sc::example().shadow(&[L1, L2]), "S1E1R", VA),
        (Sc::example().shadow(&[L1, L2]).pan(true), "S1E1RP", VA),
        (Sc::example().word(L3 + 8, PAGE | 0xc0), "S1E1W", VA),
        (Sc::example(), "S1E0W", VA),
        (Sc::example(), "S1E1R", 0x0100_0000_0020_1234),
        (Sc::example().no_mmu(), "S1E1R", VA),
        (Sc::example().guest_s2(), "S1E1R", VA),
    ];
    for (s, op, va) in cases {
        let want = s.run_in(op, va, KvmRelease::LATEST);
        for r in KvmRelease::ALL {
            let q = s.run_in(op, va, r);
            assert_eq!(
                (q.par, q.path, q.hw, q.slow_walks),
                (want.par, want.path, want.hw, want.slow_walks),
                "{op} {va:#x} under {r}"
            );
        }
    }
}

// --- Selecting a release --------------------------------------------------

#[test]
fn release_tags_parse_and_latest_is_the_newest() {
    assert_eq!(KvmRelease::parse("v6.12"), Some(V6_12));
    assert_eq!(KvmRelease::parse("6.17"), Some(V6_17));
    assert_eq!(KvmRelease::parse("v6.18"), Some(V6_18));
    assert_eq!(KvmRelease::parse("v7.0"), Some(V7_0));
    assert_eq!(KvmRelease::parse("7.0"), Some(V7_0));
    assert_eq!(KvmRelease::parse("v7.1"), None);
    assert_eq!(KvmRelease::LATEST, V7_0);
    assert_eq!(KvmRelease::LATEST, *KvmRelease::ALL.last().unwrap());
    assert_eq!(KvmRelease::default(), KvmRelease::LATEST);
    for r in KvmRelease::ALL {
        assert_eq!(KvmRelease::parse(r.tag()), Some(r));
        assert!(r.label().starts_with(r.tag()), "{}", r.label());
    }
}

#[test]
fn scenario_kvm_version_selects_the_release_unless_the_model_says() {
    let base = af_clear().json(&[("S1E1R", VA)]);
    let text = base.replace("\"kvm\": {", "\"kvm\": { \"version\": \"v6.12\",");
    let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(s.kvm.version, Some(V6_12));
    let opts = EvalOptions {
        kvm: KvmLogic::Merged,
        trace: false,
    };
    let by_file = evaluate_with(&s, &opts, KvmModel::default());
    assert_eq!(
        (by_file.results[0].par.0, by_file.results[0].path),
        (KVM_OK, Slow)
    );
    let pinned = KvmModel {
        release: Some(V6_17),
        ..KvmModel::default()
    };
    let by_option = evaluate_with(&s, &opts, pinned);
    assert_eq!(
        (by_option.results[0].par.0, by_option.results[0].path),
        (0x817, Fast)
    );
    // The version is written back.
    assert!(s.to_json().contains("\"version\": \"v6.12\""));
    assert_eq!(Scenario::from_json(&s.to_json()), Ok(s));
}

#[test]
fn unknown_kvm_version_names_the_field() {
    let base = Sc::example().json(&[("S1E1R", VA)]);
    for bad in ["\"v7.1\"", "\"6.11\"", "12"] {
        let text = base.replace("\"kvm\": {", &format!("\"kvm\": {{ \"version\": {bad},"));
        let e = Scenario::from_json(&text).unwrap_err();
        assert_eq!(e.field, "kvm.version", "{bad}: {e}");
    }
}
