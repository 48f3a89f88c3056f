//! The mark of the step where the release on show parts from its neighbouring release (what
//! [`super::parts`] computes when a release is opened from "through the releases"): the data the
//! state keeps, and the sentences the walk and the flowchart show beside the marked step.

use atwalk_core::kvm::KvmRelease;

use super::walk::WalkSource;

/// Where the release on show parts from its neighbour, for the walk and the flowchart to mark.
#[derive(Clone, Debug, PartialEq)]
pub struct PartsMark {
    /// The walk holding the step and the step's top-level index in it; `None`: the two part
    /// outside any walk.
    pub walk: Option<(WalkSource, usize)>,
    /// The decision that goes the other way (its rank among the trace's decisions).
    pub decision: Option<usize>,
    /// The neighbouring release.
    pub theirs: KvmRelease,
    /// "Here v6.17 and v6.18 part", for the student.
    pub head: String,
    /// What the neighbouring release does at that step instead, in a student's words.
    pub theirs_says: Option<String>,
}

impl PartsMark {
    /// The sentence beside the marked walk step.
    pub fn step_words(&self) -> String {
        match &self.theirs_says {
            Some(w) => format!("{}. {} at this step: {w}", self.head, self.theirs.tag()),
            None => format!(
                "{}: {}'s walk has ended here.",
                self.head,
                self.theirs.tag()
            ),
        }
    }

    /// The sentence beside the marked branch of the flowchart.
    pub fn branch_words(&self) -> String {
        format!(
            "{}: {} goes another way at this branch.",
            self.head,
            self.theirs.tag()
        )
    }
}
