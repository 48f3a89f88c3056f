//! What both stages' walks share: the [`variant`] seam where an
//! implementation of the walk may answer differently from the
//! architecture, the walk's [`geometry`], the [`levels`] loop from the
//! first entry to the leaf, the [`leaf`]'s output address and access flag,
//! and the recording of a stage 2 [`subwalk`] under a stage 1 table read.

pub mod format;
pub mod geometry;
pub mod leaf;
pub mod levels;
pub mod s2_start;
pub mod subwalk;
pub mod variant;

use crate::fault::Stage;
use crate::rules::Rule;
use crate::trace::{Step, StepKind};

pub use format::Format;
pub use variant::{Arch, At, Choice, Variant};

/// A step of `stage` at `level`.
pub fn step(stage: Stage, level: Option<i8>, ok: bool, rule: Rule, kind: StepKind) -> Step {
    Step {
        stage,
        level,
        ok,
        rule,
        kind,
    }
}
