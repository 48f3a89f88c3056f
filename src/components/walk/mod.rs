//! The walk, animated from the core's trace: controls, the current step with its sentence and
//! rule, the tables drawn as a chain, the descriptor's bits, and every step in order.

pub mod bits;
pub mod chain;
pub mod compare;
pub mod controls;
pub mod par;
pub mod par_fields;
pub mod step;
pub mod va;

use atwalk_core::descriptor::DescKind;
use atwalk_core::fault::Stage;
use atwalk_core::granule::Granule;
use atwalk_core::trace::{Step, StepKind};

use crate::state::Shared;

/// Steps shared by pointer: a walk, or (with `sub`) the stage 2 walk nested in its step `sub`.
/// Props that hold one compare by pointer, so a nested walk keeps the pointer of the walk it is
/// in and re-renders only with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Steps {
    /// The walk.
    pub walk: Shared<Vec<Step>>,
    /// The step of `walk` whose stage 2 walk these are (`None`: the walk itself).
    pub sub: Option<usize>,
}

impl Steps {
    /// The steps of `walk`.
    pub fn new(walk: Shared<Vec<Step>>) -> Steps {
        Steps { walk, sub: None }
    }

    /// The stage 2 walk nested in step `i` of these steps (a walk's own steps only nest once).
    pub fn nested(&self, i: usize) -> Steps {
        Steps {
            walk: self.walk.clone(),
            sub: Some(i),
        }
    }
}

impl std::ops::Deref for Steps {
    type Target = [Step];
    fn deref(&self) -> &[Step] {
        match self.sub.and_then(|i| self.walk.get(i)).map(|s| &s.kind) {
            Some(StepKind::Stage2 { steps, .. }) => steps,
            Some(_) => &[],
            None => &self.walk,
        }
    }
}

/// A descriptor read by the walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadInfo {
    /// Stage 1 or the stage 2 walk of a table address.
    pub stage: Stage,
    /// The lookup level.
    pub level: Option<i8>,
    /// Where it was read (a key of the scenario's memory).
    pub at: u64,
    /// Its value.
    pub raw: u64,
    /// What the walk took it for.
    pub kind: DescKind,
}

/// The descriptor fields a step decides by, as the descriptor views name them: what the bit grid
/// and the field editors highlight.
pub fn deciding_fields(kind: &StepKind) -> &'static [&'static str] {
    match kind {
        StepKind::Read { .. } => &["Valid", "Type"],
        StepKind::Table { .. } => &["NLTA", "NLTA_HI", "APTable", "UXNTable", "PXNTable"],
        StepKind::Leaf { .. } => &["OA", "OA_HI", "Contiguous"],
        StepKind::AccessFlag { .. } => &["AF"],
        StepKind::Perms { .. } => &["AP", "UXN", "PXN", "DBM"],
        StepKind::Attrs { .. } => &["AttrIndx", "SH"],
        StepKind::S2Perms { .. } => &["S2AP", "MemAttr"],
        StepKind::AddressSize { .. } => &["NLTA", "NLTA_HI", "OA", "OA_HI"],
        _ => &[],
    }
}

/// The last descriptor read at or before step `i` (top level), with its stage and level.
pub fn descriptor_at(steps: &[Step], i: usize) -> Option<ReadInfo> {
    steps.iter().take(i + 1).rev().find_map(|s| match &s.kind {
        StepKind::Read { at, raw, kind, .. } => Some(ReadInfo {
            stage: s.stage,
            level: s.level,
            at: at.0,
            raw: raw.0,
            kind: *kind,
        }),
        _ => None,
    })
}

/// The granule of a walk's stage 1 (4KB when the walk has none).
pub fn walk_granule(steps: &[Step]) -> Granule {
    steps
        .iter()
        .find_map(|s| match &s.kind {
            StepKind::WalkParams { granule, .. } if s.stage == Stage::S1 => Some(*granule),
            _ => None,
        })
        .unwrap_or(Granule::K4)
}

/// Whether a walk is in the upper (TTBR1) range.
pub fn walk_upper(steps: &[Step]) -> bool {
    steps
        .iter()
        .any(|s| matches!(s.kind, StepKind::SelectTtbr { upper: true, .. }))
}

/// The VA a walk translates (from its TTBR choice, range check or flat step).
pub fn walk_va(steps: &[Step]) -> Option<u64> {
    steps.iter().find_map(|s| match &s.kind {
        StepKind::SelectTtbr { va, .. }
        | StepKind::VaRange { va, .. }
        | StepKind::Flat { va, .. } => Some(va.0),
        _ => None,
    })
}
