//! Through the releases: each query of a scenario under every modelled
//! release, the releases grouped by behaviour (the same PAR_EL1 and path),
//! each group with the first step where its trace parts from the newest
//! release's.

use serde::Serialize;

use crate::addr::Word;
use crate::eval::{EvalOptions, evaluate_with};
use crate::kvm::{KvmLogic, KvmModel, KvmPath, KvmRelease, KvmStep};
use crate::scenario::Scenario;
use crate::trace::{Step, StepKind};

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
    /// Where this group parts from the neighbouring release of another
    /// group, as positions in one of its releases' traces (not in
    /// `atwalk compare`'s output); `None` when every release answers alike.
    #[serde(skip)]
    pub neighbour: Option<Parting>,
}

/// Where two neighbouring releases that answer differently part: `ours`
/// (of the group) and `theirs` (the release just before or after it, of
/// another group), as positions in `ours`'s KVM trace.
#[derive(Clone, Debug, PartialEq)]
pub struct Parting {
    /// The group's release whose trace the positions are in.
    pub ours: KvmRelease,
    /// The neighbouring release it parts from.
    pub theirs: KvmRelease,
    /// The first step of `ours`'s KVM trace that differs (lines aside).
    pub step: usize,
    /// When that step is a walk phase both run: the first walk step inside
    /// it that differs.
    pub walk_step: Option<usize>,
    /// The first decision at or after `step` that goes another way than
    /// the neighbour's decision of the same rank, counted among the trace's
    /// decisions (0-based).
    pub decision: Option<usize>,
    /// What `theirs` does at that step instead, in a student's words (its
    /// walk step when the two part inside a walk); `None` where its trace
    /// has ended.
    pub theirs_says: Option<String>,
}

/// The decisions of a KVM trace, in order.
fn decisions(t: &[KvmStep]) -> Vec<&KvmStep> {
    t.iter()
        .filter(|s| matches!(s, KvmStep::Decision { .. }))
        .collect()
}

/// Where trace `a` parts from trace `b` (lines aside): the first step that
/// differs and, when both run that step's walk phase, the first walk step
/// inside it that differs; `None` when the traces are the same.
fn parts(a: &[KvmStep], b: &[KvmStep]) -> Option<(usize, Option<usize>)> {
    let step = first_difference(a, b)?;
    let walk_step = match (a.get(step), b.get(step)) {
        (Some(x), Some(y)) => inner(x, y)
            .zip(inner(y, x))
            .and_then(|(p, q)| first_difference(p, q)),
        _ => None,
    };
    Some((step, walk_step))
}

/// Where `ours` parts from `theirs`, `None` when their traces are the same.
fn parting_at(ours: (KvmRelease, &[KvmStep]), theirs: (KvmRelease, &[KvmStep])) -> Option<Parting> {
    let (a, b) = (ours.1, theirs.1);
    let (step, walk_step) = parts(a, b)?;
    // The first decision at or after `step` that differs from the other's
    // decision of the same rank.
    let (da, db) = (decisions(a), decisions(b));
    let from = decisions(&a[..step.min(a.len())]).len();
    let decision = (from..da.len()).find(|&k| {
        db.get(k)
            .is_none_or(|d| d.lines_aside() != da[k].lines_aside())
    });
    let theirs_says = match (b.get(step), walk_step) {
        (Some(KvmStep::SlowWalk { steps, .. } | KvmStep::FastWalk { steps, .. }), Some(j)) => {
            steps.get(j).map(Step::student)
        }
        (s, _) => s.map(KvmStep::student),
    };
    Some(Parting {
        ours: ours.0,
        theirs: theirs.0,
        step,
        walk_step,
        decision,
        theirs_says,
    })
}

/// A trace step with the lines of KVM's code it cites set to 0: releases
/// cite different lines, or none, for the same code.
trait LinesAside: Clone + PartialEq {
    /// The same step, every cited line 0.
    fn lines_aside(&self) -> Self;
}

impl LinesAside for Step {
    fn lines_aside(&self) -> Step {
        let mut s = self.clone();
        match &mut s.kind {
            StepKind::KvmDiffers { kvm, .. } => kvm.line = 0,
            StepKind::Stage2 { steps, .. } => {
                *steps = steps.iter().map(Step::lines_aside).collect()
            }
            _ => {}
        }
        s
    }
}

impl LinesAside for KvmStep {
    fn lines_aside(&self) -> KvmStep {
        let mut k = self.clone();
        match &mut k {
            KvmStep::Decision { line, .. } | KvmStep::WritePar { line, .. } => *line = 0,
            KvmStep::FastWalk { steps, .. } | KvmStep::SlowWalk { steps, .. } => {
                *steps = steps.iter().map(Step::lines_aside).collect();
            }
            _ => {}
        }
        k
    }
}

/// The index of the first item of `a` that differs from `b` (lines
/// aside), or where the shorter ends; `None` when they are the same.
fn first_difference<T: LinesAside>(a: &[T], b: &[T]) -> Option<usize> {
    let i = a
        .iter()
        .zip(b)
        .position(|(x, y)| x.lines_aside() != y.lines_aside())
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
    let (i, walk_step) = parts(steps, newest)?;
    let Some(s) = steps.get(i) else {
        return Some(format!("step {}: the trace ends", i + 1));
    };
    if let (
        Some(j),
        KvmStep::SlowWalk { steps: walk, .. } | KvmStep::FastWalk { steps: walk, .. },
    ) = (walk_step, s)
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
                    neighbour: None,
                });
            }
            // Each group parts from the release just before its first, or, for the oldest,
            // just after its last.
            let trace = |k: usize| (runs[k].0, runs[k].1[q].kvm_trace.steps.as_slice());
            let at = |r: KvmRelease| KvmRelease::ALL.iter().position(|x| *x == r);
            for g in &mut groups {
                let (Some(first), Some(last)) =
                    (at(g.releases[0]), g.releases.last().and_then(|r| at(*r)))
                else {
                    continue;
                };
                let other = |k: usize| !g.releases.contains(&runs[k].0);
                g.neighbour = if first > 0 && other(first - 1) {
                    parting_at(trace(first), trace(first - 1))
                } else if last + 1 < runs.len() && other(last + 1) {
                    parting_at(trace(last), trace(last + 1))
                } else {
                    None
                };
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The LPA2 preset: v6.12..v6.17 and v6.18 on part inside the software
    /// walk's set-up (v6.17 reads the 48-bit format), and the decision
    /// walk_s1() failed goes the other way.
    #[test]
    fn neighbours_part_inside_the_walk() {
        let text = include_str!("../../../presets/kvm-vs-hw/lpa2.json");
        let s = Scenario::from_json(text).expect("the preset loads");
        let groups = &release_matrix(&s, KvmModel::default())[0];
        assert_eq!(groups.len(), 2);
        let (old, new) = (
            groups[0].neighbour.clone().unwrap(),
            groups[1].neighbour.clone().unwrap(),
        );
        assert_eq!(
            (old.ours, old.theirs),
            (KvmRelease::V6_17, KvmRelease::V6_18)
        );
        assert_eq!(
            (new.ours, new.theirs),
            (KvmRelease::V6_18, KvmRelease::V6_17)
        );
        for p in [&old, &new] {
            // setup_s1_walk(): v6.17 notes that it reads the 48-bit format.
            assert_eq!((p.step, p.walk_step), (8, Some(8)), "{p:?}");
            // walk_s1() failed: no in v6.17, yes from v6.18.
            assert_eq!(p.decision, Some(10), "{p:?}");
        }
        assert_eq!(old.walk_step, new.walk_step);
        // What v6.18 does at v6.17's step: not v6.17's note on the 48-bit format.
        let says = |p: &Parting| p.theirs_says.clone().unwrap_or_default();
        assert!(says(&new).contains("48-bit format"), "{}", says(&new));
        assert!(!says(&old).contains("48-bit format"), "{}", says(&old));
    }
}
