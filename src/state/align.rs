//! The hardware's walk and KVM's two walks (fast and slow path) in rows, the same step of each
//! walk in one row: each of KVM's walks is matched to the hardware's by a longest common
//! subsequence of step shapes (stage, level, kind), and the steps only KVM takes (its
//! differences) get rows of their own. The rows only place steps the core recorded.

use atwalk_core::trace::Step;

/// What two steps must share to sit in one row.
fn same_shape(a: &Step, b: &Step) -> bool {
    a.stage == b.stage
        && a.level == b.level
        && std::mem::discriminant(&a.kind) == std::mem::discriminant(&b.kind)
}

/// `other` matched to `hw`: for each step of `other` in order, the step of `hw` it matches, if any
/// (a longest common subsequence; the walks are a few dozen steps).
fn matches(hw: &[Step], other: &[Step]) -> Vec<Option<usize>> {
    let (n, m) = (hw.len(), other.len());
    // lcs[i][j]: the longest common subsequence of hw[i..] and other[j..].
    let mut lcs = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if same_shape(&hw[i], &other[j]) {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = vec![None; m];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if same_shape(&hw[i], &other[j]) && lcs[i][j] == lcs[i + 1][j + 1] + 1 {
            out[j] = Some(i);
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// One row: the step of the hardware's walk, of KVM's fast path and of its slow path.
pub type Row = [Option<usize>; 3];

/// The rows of the three walks: every step of each once, in each walk's order, matched steps in
/// one row, a step only KVM takes in a row before the next matched one.
pub fn rows(hw: &[Step], fast: &[Step], slow: &[Step]) -> Vec<Row> {
    let (fm, sm) = (matches(hw, fast), matches(hw, slow));
    let mut out = Vec::new();
    let (mut f, mut s) = (0, 0);
    for h in 0..=hw.len() {
        // The steps only KVM takes, before hardware step h (or after the last).
        while f < fast.len() && fm[f].is_none() {
            out.push([None, Some(f), None]);
            f += 1;
        }
        while s < slow.len() && sm[s].is_none() {
            out.push([None, None, Some(s)]);
            s += 1;
        }
        if h == hw.len() {
            break;
        }
        let mut row = [Some(h), None, None];
        if f < fast.len() && fm[f] == Some(h) {
            row[1] = Some(f);
            f += 1;
        }
        if s < slow.len() && sm[s] == Some(h) {
            row[2] = Some(s);
            s += 1;
        }
        out.push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{WalkSource, walk_steps};
    use atwalk_core::eval::{EvalOptions, evaluate};
    use atwalk_core::trace::StepKind;

    fn walks(name: &str) -> [Vec<Step>; 3] {
        let s = crate::fixtures::fixture(name);
        let r = &evaluate(&s, &EvalOptions::default()).results[0];
        WalkSource::ALL.map(|w| walk_steps(r, w))
    }

    fn check(w: &[Vec<Step>; 3]) -> Vec<Row> {
        let rows = rows(&w[0], &w[1], &w[2]);
        // Every step of each walk once, in order.
        for (k, walk) in w.iter().enumerate() {
            let col: Vec<usize> = rows.iter().filter_map(|r| r[k]).collect();
            assert_eq!(col, (0..walk.len()).collect::<Vec<_>>());
        }
        // Steps in one row share their shape.
        for r in &rows {
            if let (Some(a), Some(b)) = (r[0], r[2]) {
                assert!(same_shape(&w[0][a], &w[2][b]));
            }
        }
        rows
    }

    #[test]
    fn kvm_differences_get_rows_of_their_own() {
        let w = walks("non-canonical-va");
        let rows = check(&w);
        // The slow walk's difference step sits in a row with no hardware step.
        assert!(rows.iter().any(|r| r[0].is_none()
            && r[2].is_some_and(|s| matches!(w[2][s].kind, StepKind::KvmDiffers { .. }))));
    }

    #[test]
    fn the_same_walks_line_up() {
        for name in [
            "plain-4k-walk",
            "shadow-miss-slow-path",
            "pan-blocks-s1e1rp",
            "stage2-nested-walk",
        ] {
            let w = walks(name);
            check(&w);
        }
        let w = walks("plain-4k-walk");
        let rows = check(&w);
        assert!(rows.iter().all(|r| r[0].is_some() && r[1].is_some()));
    }
}
