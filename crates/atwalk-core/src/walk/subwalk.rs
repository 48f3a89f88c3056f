//! A stage 2 walk under a stage 1 table read, recorded as one `Stage2`
//! step that holds the sub-walk's own steps.

use crate::addr::{Ipa, Pa, Word};
use crate::fault::Stage;
use crate::rules::Rule;
use crate::trace::{NoTrace, Sink, Step, StepKind};

/// A stage 2 walk that can run traced or not.
pub trait SubWalk {
    /// What it returns.
    type Out;
    /// Runs it, its steps into `sink`.
    fn run<S: Sink>(&self, ipa: Ipa, sink: &mut S) -> Self::Out;
    /// Whether it let the table be read, and the PA it reached.
    fn reached(out: &Self::Out) -> (bool, Option<Pa>);
}

/// Runs `w` for `ipa`; with a trace, its steps go into one `Stage2` step.
pub fn record<S: Sink, W: SubWalk>(w: &W, ipa: Ipa, sink: &mut S) -> W::Out {
    if !S::ENABLED {
        return w.run(ipa, &mut NoTrace);
    }
    let mut steps = Vec::with_capacity(24);
    let out = w.run(ipa, &mut steps);
    let (ok, pa) = W::reached(&out);
    sink.push(Step {
        stage: Stage::S2,
        level: None,
        ok,
        rule: Rule::Stage2Translate,
        kind: StepKind::Stage2 {
            ipa: Word(ipa.0),
            steps,
            pa,
        },
    });
    out
}
