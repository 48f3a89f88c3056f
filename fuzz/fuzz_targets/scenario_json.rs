//! Arbitrary bytes as an at-scenario/1 file: the loader must reject or
//! accept without panicking, an accepted file must write and read back
//! equal, and evaluating it (with and without the trace) must end without
//! panicking and give the same answers.
#![no_main]

use atwalk_core::eval::{EvalOptions, evaluate};
use atwalk_core::kvm::KvmLogic;
use atwalk_core::scenario::Scenario;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(s) = Scenario::from_json(text) else {
        return;
    };
    assert_eq!(Scenario::from_json(&s.to_json()).as_ref(), Ok(&s));
    let traced = evaluate(
        &s,
        &EvalOptions {
            kvm: KvmLogic::Merged,
            trace: true,
        },
    );
    let bare = evaluate(
        &s,
        &EvalOptions {
            kvm: KvmLogic::Merged,
            trace: false,
        },
    );
    for (a, b) in traced.results.iter().zip(&bare.results) {
        assert_eq!((a.par, a.path, a.hw), (b.par, b.path, b.hw));
        // The trace serializes (the CLI and the app both do this).
        serde_json::to_string(&a.trace).expect("the trace serializes");
    }
});
