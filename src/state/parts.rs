//! A release opened from "through the releases": the scenario answers as that release (an
//! undoable edit, with the merged logic, which the release matrix runs), and the walk opens at the
//! step where it parts from the neighbouring release of another group, that step and the
//! flowchart's branch that goes the other way marked. The positions are the core's
//! (`release_matrix::Parting`); the mark lasts until the next evaluation.

use atwalk_core::kvm::{KvmLogic, KvmRelease, KvmStep};
use atwalk_core::release_matrix::Parting;

use super::model::AppState;
use super::parts_mark::PartsMark;
use super::walk::{CentreTab, WalkSource};

/// The walk (fast or slow path) that KVM trace step `k` belongs to, and the index its first walk
/// step has in that walk (the walk's phases one after the other, as the app animates them).
fn walk_of(steps: &[KvmStep], k: usize) -> Option<(WalkSource, usize)> {
    let source = |s: &KvmStep| match s {
        KvmStep::SlowWalk { steps, .. } => Some((WalkSource::KvmSlow, steps.len())),
        KvmStep::FastWalk { steps, .. } => Some((WalkSource::KvmFast, steps.len())),
        _ => None,
    };
    let (src, _) = source(steps.get(k)?)?;
    let before = steps[..k]
        .iter()
        .filter_map(source)
        .filter(|(s, _)| *s == src)
        .map(|(_, n)| n)
        .sum();
    Some((src, before))
}

impl AppState {
    /// Answers as `release` (the merged logic) and opens the walk where it parts from its
    /// neighbour (`parting`, computed for `release`), marked.
    pub(super) fn open_release(&mut self, release: KvmRelease, parting: Option<Parting>) {
        let relogic = self.prefs.kvm != KvmLogic::Merged;
        self.prefs.kvm = KvmLogic::Merged;
        let mut s = (*self.scenario).clone();
        s.kvm.version = Some(release);
        if !self.replace(s) && relogic {
            self.evaluate();
        }
        // The releases are compared under KVM's merged logic: a student on v1 is told so.
        if relogic {
            self.notice = Some(super::Notice {
                error: false,
                text: format!(
                    "KVM's logic is now merged (the releases compare as Linux merged it); {} \
                     answers.",
                    release.tag()
                ),
            });
        }
        self.playing = false;
        let p = parting.filter(|p| p.ours == release);
        let Some((p, r)) = p.zip(self.result()) else {
            return;
        };
        let walk = walk_of(&r.kvm_trace.steps, p.step)
            .map(|(src, first)| (src, first + p.walk_step.unwrap_or(0)));
        let (older, newer) = (p.ours.min(p.theirs), p.ours.max(p.theirs));
        let mark = PartsMark {
            walk,
            decision: p.decision,
            theirs: p.theirs,
            head: format!("Here {} and {} part", older.tag(), newer.tag()),
            theirs_says: p.theirs_says,
        };
        match (mark.walk, mark.decision) {
            (Some((src, i)), _) => {
                self.source = src;
                self.tab = CentreTab::Walk;
                self.rewalk();
                let c = self.position_of(i);
                self.cursor = Some(c).filter(|c| c + 1 < self.anim_len());
            }
            (None, Some(d)) => {
                self.tab = CentreTab::Decision;
                self.cursor = Some(d).filter(|c| c + 1 < self.anim_len());
            }
            (None, None) => {}
        }
        self.parts = Some(mark);
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use atwalk_core::kvm::KvmModel;
    use atwalk_core::release_matrix::release_matrix;
    use yew::Reducible;

    use super::*;
    use crate::state::{Action, Prefs};

    #[test]
    fn a_release_opens_where_it_parts() {
        let s = atwalk_teach::presets::find("kvm-vs-hw/lpa2")
            .expect("the preset")
            .scenario();
        let groups = release_matrix(&s, KvmModel::default()).remove(0);
        let prefs = Prefs {
            kvm: KvmLogic::V1,
            ..Prefs::default()
        };
        let st = Rc::new(AppState::new(s, prefs, None));
        let p = groups[1].neighbour.clone().expect("v6.18 parts from v6.17");
        let st = st.reduce(Action::OpenRelease(p.ours, Some(p)));
        assert_eq!(st.scenario.kvm.version, Some(KvmRelease::V6_18));
        assert_eq!(st.prefs.kvm, KvmLogic::Merged);
        assert_eq!(st.result().unwrap().par.0, 0x807);
        let m = st.parts.clone().expect("marked");
        assert_eq!(m.walk, Some((WalkSource::KvmSlow, 8)));
        assert_eq!(
            (st.tab, st.source, st.position()),
            (CentreTab::Walk, WalkSource::KvmSlow, (8, None))
        );
        assert!(
            m.step_words()
                .starts_with("Here v6.17 and v6.18 part. v6.17 at this step: KVM differs")
        );
        // Undo answers as v6.17 again, and the mark goes.
        let st = st.reduce(Action::Undo);
        assert_eq!(st.scenario.kvm.version, Some(KvmRelease::V6_17));
        assert!(st.parts.is_none());
    }
}
