//! Through the releases: each query of a scenario under every modelled
//! release, the releases grouped by behaviour (the same PAR_EL1 and path),
//! each group with the first step where its trace parts from the newest
//! release's.

use serde::Serialize;
use serde_json::Value;

use crate::addr::Word;
use crate::eval::{EvalOptions, evaluate_with};
use crate::kvm::{KvmLogic, KvmModel, KvmPath, KvmRelease, KvmStep};
use crate::scenario::Scenario;

/// Releases that answer a query alike.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReleaseGroup {
    /// The releases, oldest first.
    pub releases: Vec<KvmRelease>,
    /// The PAR_EL1 they give.
    pub par: Word,
    /// Their path.
    pub path: KvmPath,
    /// The first step of their KVM trace that differs from the newest
    /// release's (lines aside), in words; `None` for the newest's group.
    pub parts_at: Option<String>,
}

/// A step as data with its line numbers removed (releases cite different
/// lines, or none, for the same code).
fn without_lines(step: &KvmStep) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("line");
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(step).unwrap_or(Value::Null);
    strip(&mut v);
    v
}

/// The first step of `steps` that differs from `newest`, in words.
fn parting(steps: &[KvmStep], newest: &[KvmStep]) -> Option<String> {
    let a: Vec<Value> = steps.iter().map(without_lines).collect();
    let b: Vec<Value> = newest.iter().map(without_lines).collect();
    let i = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    match steps.get(i) {
        Some(s) => Some(format!("step {}: {}", i + 1, s.sentence())),
        None if a.len() != b.len() => Some(format!("step {}: the trace ends", i + 1)),
        None => None,
    }
}

/// Every query of `s` under every modelled release (the merged logic, the
/// other switches of `model`), the releases grouped by PAR and path.
pub fn release_matrix(s: &Scenario, model: KvmModel) -> Vec<Vec<ReleaseGroup>> {
    let opts = EvalOptions {
        kvm: KvmLogic::Merged,
        trace: true,
    };
    let runs: Vec<_> = KvmRelease::ALL
        .iter()
        .map(|&r| {
            let m = KvmModel {
                release: Some(r),
                ..model
            };
            (r, evaluate_with(s, &opts, m).results)
        })
        .collect();
    let newest = &runs.last().expect("a release").1;
    (0..s.queries.len())
        .map(|q| {
            let mut groups: Vec<ReleaseGroup> = Vec::new();
            for (r, results) in &runs {
                let res = &results[q];
                if let Some(g) = groups
                    .iter_mut()
                    .find(|g| g.par.0 == res.par.0 && g.path == res.path)
                {
                    g.releases.push(*r);
                    continue;
                }
                groups.push(ReleaseGroup {
                    releases: vec![*r],
                    par: Word(res.par.0),
                    path: res.path,
                    parts_at: parting(&res.kvm_trace.steps, &newest[q].kvm_trace.steps),
                });
            }
            // The newest release's group parts from nothing.
            if let Some(g) = groups
                .iter_mut()
                .find(|g| g.releases.contains(&KvmRelease::LATEST))
            {
                g.parts_at = None;
            }
            groups
        })
        .collect()
}
