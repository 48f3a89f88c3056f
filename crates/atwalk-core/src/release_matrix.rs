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
use crate::trace::Step;

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
    /// release's (lines aside), in words: `step N: ...`, or, inside a walk
    /// phase both run, `step N, walk step M: ...`; `None` for the newest's
    /// group.
    pub parts_at: Option<String>,
}

/// `v` as data with its line numbers removed (releases cite different
/// lines, or none, for the same code).
fn without_lines<T: Serialize>(v: &T) -> Value {
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
    let mut v = serde_json::to_value(v).unwrap_or(Value::Null);
    strip(&mut v);
    v
}

/// The index of the first item of `a` that differs from `b` (lines
/// aside), or where the shorter ends; `None` when they are the same.
fn first_difference<T: Serialize>(a: &[T], b: &[T]) -> Option<usize> {
    let i = a
        .iter()
        .zip(b)
        .position(|(x, y)| without_lines(x) != without_lines(y))
        .unwrap_or(a.len().min(b.len()));
    (i < a.len().max(b.len())).then_some(i)
}

/// The walk steps of a phase both traces run (the same software walk
/// phase, or the CPU running the same op), where the two differ inside it.
fn inner<'s>(a: &'s KvmStep, b: &'s KvmStep) -> Option<&'s [Step]> {
    match (a, b) {
        (KvmStep::SlowWalk { phase: p, steps }, KvmStep::SlowWalk { phase: q, .. }) if p == q => {
            Some(steps)
        }
        (KvmStep::FastWalk { op: o, steps, .. }, KvmStep::FastWalk { op: p, .. }) if o == p => {
            Some(steps)
        }
        _ => None,
    }
}

/// The first step of `steps` that differs from `newest`, in words; inside
/// a walk phase both run, the first walk step that differs.
fn parting(steps: &[KvmStep], newest: &[KvmStep]) -> Option<String> {
    let i = first_difference(steps, newest)?;
    let Some(s) = steps.get(i) else {
        return Some(format!("step {}: the trace ends", i + 1));
    };
    if let (Some(walk), Some(other)) = (
        newest.get(i).and_then(|n| inner(s, n)),
        newest.get(i).and_then(|n| inner(n, s)),
    ) && let Some(j) = first_difference(walk, other)
    {
        let what = walk
            .get(j)
            .map_or_else(|| "the walk ends".to_owned(), Step::sentence);
        return Some(format!("step {}, walk step {}: {what}", i + 1, j + 1));
    }
    Some(format!("step {}: {}", i + 1, s.sentence()))
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
