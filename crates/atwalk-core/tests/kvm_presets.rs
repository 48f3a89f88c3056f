//! The preset scenarios under presets/ meet their stated expectations
//! (par, path, hw_par) with the merged logic and the default KVM model.

use atwalk_core::eval::{EvalOptions, HwOutcome, evaluate};
use atwalk_core::scenario::{HwExpect, Scenario};
use std::path::Path;

#[test]
fn presets_meet_their_expectations() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../presets");
    let mut checked = 0;
    let files = std::fs::read_dir(&dir)
        .expect("presets/ exists")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.is_dir())
        .flat_map(|d| std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()));
    for path in files {
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let ev = evaluate(&s, &EvalOptions::default());
        for (q, r) in s.queries.iter().zip(&ev.results) {
            let Some(want) = q.expect else { continue };
            let name = path.display();
            if let Some(par) = want.par {
                assert_eq!(r.par, par, "{name} {:?}", q.op);
            }
            if let Some(p) = want.path {
                assert_eq!(r.path, p, "{name} {:?}", q.op);
            }
            match (want.hw_par, r.hw) {
                (Some(HwExpect::Par(w)), HwOutcome::Par(g)) => assert_eq!(g, w, "{name}"),
                (None, _) => {}
                (w, g) => panic!("{name}: hw {w:?} vs {g:?}"),
            }
            checked += 1;
        }
    }
    assert!(checked >= 6, "{checked}");
}
