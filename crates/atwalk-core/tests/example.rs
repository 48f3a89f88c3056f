//! The example of docs/scenario-format.md, end to end.

use atwalk_core::at::AtOutcome;
use atwalk_core::eval::{EvalOptions, evaluate, evaluate_with};
use atwalk_core::kvm::{FastPathPan, KvmModel, KvmPath};
use atwalk_core::regs::ParEl1;
use atwalk_core::scenario::Scenario;

const EXAMPLE: &str = include_str!("../../../tests/spec/scenario-format-example.json");

#[test]
fn scenario_format_example_gives_level3_permission_fault() {
    let s = Scenario::from_json(EXAMPLE).expect("the spec's example parses");
    let e = evaluate(&s, &EvalOptions::default());
    let r = &e.results[0];
    // The architecture: F=1, FST=0b001111 (Permission fault, level 3), bit 11 RES1.
    assert_eq!(
        r.hw,
        AtOutcome::Par {
            par: ParEl1(0x0000_0000_0000_081f)
        }
    );
    // KVM at 0090c0a247cd: the fast path runs AT S1E1RP with PSTATE.PAN = 0
    // (at_s1e1p_fast() masks the guest's PSTATE with the MSR-immediate
    // encoding of PAN), so the hardware walk succeeds and KVM keeps it:
    // F=0, PA 0x40400000, ATTR 0xff, SH 0b11, NS=1 (the hardware's PAR), bit 11.
    assert_eq!(r.path, KvmPath::Fast);
    assert_eq!(r.par.0, 0xff00_0000_4040_0b80);
    // With the guest's PAN applied on the fast path, as the code means to
    // (docs/kvm-model.md, "Intended behaviour"), KVM's answer is the
    // architecture's.
    let intended = evaluate_with(
        &s,
        &EvalOptions::default(),
        KvmModel {
            fast_path_pan: FastPathPan::Intended,
            ..KvmModel::default()
        },
    );
    assert_eq!(intended.results[0].par.0, 0x0000_0000_0000_081f);
    assert_eq!(intended.results[0].path, KvmPath::Fast);
    for st in &r.trace {
        println!("{}", st.sentence());
    }
}
