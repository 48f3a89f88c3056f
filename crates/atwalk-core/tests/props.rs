//! Property tests of the walker: random registers, feature sets, RAM ranges
//! and AT ops, with memory images built by following the walk, so that most
//! cases read several levels of descriptors (and their stage 2 walks) before
//! they end. Every case checks that evaluation terminates without panicking
//! and that the result agrees with its own trace.
//!
//! 2,000 cases by default; more with `PROPTEST_CASES`, e.g.
//! `PROPTEST_CASES=1000000 cargo test --release -p atwalk-core --test props`.
//!
//! How an image is built: the registers and a list of descriptor "recipes"
//! are generated; the scenario is evaluated with its trace, the first
//! descriptor read of an address that holds no word yet gets the next
//! recipe (a table pointing into a small pool of table addresses, a block or
//! page with random attribute bits, an invalid word, or a random word;
//! stage 2 leaves mostly map their IPA to itself), and this repeats until
//! every read hits a placed word or the recipes run out.
//!
//! The strategies, the image builder and the checks: props_support/.

use std::collections::BTreeMap;
use std::path::Path;

use atwalk_core::eval::evaluate;
use atwalk_core::scenario::{KvmHost, Query, Scenario};
use atwalk_core::trace::StepKind;
use proptest::prelude::*;

mod props_support;
use props_support::*;

proptest! {
    #![proptest_config(config())]

    /// Walks of generated scenarios end, without panicking, in a result
    /// that agrees with their trace; the trace does not change the result.
    #[test]
    fn walks_agree_with_their_trace(c in case()) {
        let s = build(&c);
        run(&s)?;
    }

    /// The same with every memory word random (most walks end early).
    #[test]
    fn random_words_agree_with_their_trace(
        cpu in cpu(),
        words in proptest::collection::vec((any::<u8>(), 0u64..512, any::<u64>()), 0..24),
        picks in proptest::collection::vec(va_pick(), 1..3),
        features in features(),
        pa_bits in pa_bits(),
        ram in ram(),
    ) {
        let memory = words
            .into_iter()
            .map(|(i, idx, w)| (pool(i) + idx * 8, w))
            .collect();
        let queries = picks
            .into_iter()
            .map(|p| Query { op: p.op, va: place_va(p, cpu.tcr_el1, None), expect: None })
            .collect();
        let s = Scenario {
            title: String::new(),
            notes: String::new(),
            cpu,
            memory,
            ram,
            kvm: KvmHost::default(),
            features: arm(&features),
            pa_bits,
            queries,
        };
        run(&s)?;
    }
}

/// How deep the generated walks go: a guard that the generator keeps
/// reaching leaves, level 3 and stage 2 tables rather than faulting at the
/// top. `--nocapture` prints the figures and which rule ends the walks.
#[test]
fn generated_walks_go_deep() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut leaves, mut l3_reads, mut s2_reads, mut total) = (0, 0, 0, 0);
    let mut ends = BTreeMap::new();
    for _ in 0..400 {
        let c = case().new_tree(&mut runner).expect("a case").current();
        let s = build(&c);
        for r in evaluate(&s, &TRACE).results {
            total += 1;
            let end = r.trace.iter().find(|s| !s.ok).map(|s| match &s.kind {
                StepKind::Stage2 { steps, .. } => {
                    let inner = steps.iter().find(|s| !s.ok).map(|s| s.rule);
                    format!("Stage2/{inner:?}")
                }
                _ => format!("{:?}", s.rule),
            });
            *ends.entry(end.unwrap_or_else(|| "ok".into())).or_insert(0) += 1;
            let t = &r.trace;
            leaves += usize::from(t.iter().any(|s| matches!(s.kind, StepKind::Leaf { .. })));
            l3_reads += usize::from(
                t.iter()
                    .any(|s| s.level == Some(3) && matches!(s.kind, StepKind::Read { .. })),
            );
            s2_reads += usize::from(t.iter().any(|s| {
                match &s.kind {
                    StepKind::Stage2 { steps, .. } => steps
                        .iter()
                        .any(|s| matches!(s.kind, StepKind::Read { .. })),
                    _ => false,
                }
            }));
        }
    }
    eprintln!(
        "{total} walks: {leaves} reach a leaf, {l3_reads} read level 3, \
         {s2_reads} read stage 2 tables; first failing step: {ends:?}"
    );
    assert!(
        leaves * 100 >= total * 15,
        "{leaves} of {total} reach a leaf"
    );
    assert!(l3_reads * 10 >= total, "{l3_reads} of {total} read level 3");
    assert!(s2_reads * 10 >= total, "{s2_reads} of {total} read stage 2");
}

/// Inputs that once broke the walker (found by fuzzing) replay cleanly:
/// every file under fuzz/regressions/ that is an at-scenario/1 file is
/// evaluated and checked.
#[test]
fn fuzz_regressions_replay() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for e in entries {
        let path = e.expect("a directory entry").path();
        let bytes = std::fs::read(&path).expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(s) = Scenario::from_json(&text) {
            let ev = evaluate(&s, &TRACE);
            if let Err(e) = check(&s, &ev) {
                panic!("{}: {e}", path.display());
            }
        }
    }
}
