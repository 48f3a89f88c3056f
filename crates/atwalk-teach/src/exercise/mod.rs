//! Exercises: the student sees a scenario and predicts the outcome of one
//! AT instruction (the output address, or which fault at which level; for
//! KVM, the fast or the slow path and the PAR_EL1 KVM returns); the walker
//! computes the answer, and [`mark`] says which predictions were right,
//! each with the step of the trace that decides it.
//!
//! Exercises come from any scenario ([`from_scenario`]: a preset, a file, a
//! share link) or are generated ([`generate`]): a topic, a difficulty and a
//! seed give a random but well-formed scenario, the same on every platform
//! (a SplitMix64 generator, integer arithmetic only), as OSTEP's seeded
//! homework does.

mod build;
mod generate;
mod rng;
mod text;

use atwalk_core::at::AtOutcome;
use atwalk_core::eval::{EvalOptions, QueryResult, evaluate};
use atwalk_core::fault::{FaultKind, Stage};
use atwalk_core::kvm::trace::KvmStep;
use atwalk_core::kvm::{KvmLogic, KvmPath};
use atwalk_core::regs::ParEl1;
use atwalk_core::scenario::Scenario;
use atwalk_core::trace::StepKind;

pub use rng::Rng;
pub use text::{answer_text, describe};

/// What an exercise is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Topic {
    /// Walks that succeed: levels, granules, blocks; predict the address.
    Levels,
    /// Each kind of fault and its level.
    Faults,
    /// AP, the table limits and HPD, for EL1 and EL0 reads and writes.
    Permissions,
    /// PAN with AT S1E1RP/WP, and EPAN.
    Pan,
    /// Stage 2 under the walk: IPAs, faults on the walk.
    Stage2,
    /// KVM's fast and slow paths and the PAR_EL1 it returns.
    Kvm,
}

impl Topic {
    /// Every topic.
    pub const ALL: [Topic; 6] = [
        Topic::Levels,
        Topic::Faults,
        Topic::Permissions,
        Topic::Pan,
        Topic::Stage2,
        Topic::Kvm,
    ];

    /// The name used on the command line and in links: `levels`, `faults`,
    /// `permissions`, `pan`, `stage2`, `kvm`.
    pub const fn name(self) -> &'static str {
        match self {
            Topic::Levels => "levels",
            Topic::Faults => "faults",
            Topic::Permissions => "permissions",
            Topic::Pan => "pan",
            Topic::Stage2 => "stage2",
            Topic::Kvm => "kvm",
        }
    }

    /// A topic by name.
    pub fn from_name(name: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Whether the student predicts KVM's answer (else the hardware's).
    pub const fn is_kvm(self) -> bool {
        matches!(self, Topic::Kvm)
    }
}

/// How hard: 1 easy, 2 medium, 3 hard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difficulty {
    /// 4KB pages, the common shapes.
    #[default]
    Easy = 1,
    /// Other granules and sizes, blocks, more kinds of fault.
    Medium = 2,
    /// Everything: both TTBRs, rarer faults and controls.
    Hard = 3,
}

impl Difficulty {
    /// From 1, 2, 3 or easy, medium, hard.
    pub fn from_name(name: &str) -> Option<Difficulty> {
        match name {
            "1" | "easy" => Some(Difficulty::Easy),
            "2" | "medium" => Some(Difficulty::Medium),
            "3" | "hard" => Some(Difficulty::Hard),
            _ => None,
        }
    }

    /// `easy`, `medium` or `hard`.
    pub const fn name(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
}

/// The outcome of an AT instruction on hardware, as a student predicts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// PAR_EL1 reports this output address (PA[51:12] with the VA's offset
    /// in the page; an IPA when stage 2 is on).
    Output {
        /// The address.
        addr: u64,
    },
    /// A fault, reported in PAR_EL1.
    Fault {
        /// Its kind.
        kind: FaultKind,
        /// The level it is reported at.
        level: i8,
        /// A stage 2 fault on the stage 1 walk.
        stage2: bool,
    },
    /// No PAR_EL1: a synchronous Data Abort with this DFSC.
    DataAbort {
        /// ESR_EL2.DFSC.
        dfsc: u8,
    },
    /// The op is UNDEFINED on the modelled CPU.
    Undefined,
}

/// A step of the answer's traces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepRef {
    /// Index into the architectural walk (`QueryResult::trace`).
    Walk(usize),
    /// Index into KVM's trace (`QueryResult::kvm_trace.steps`).
    Kvm(usize),
}

/// The answer, computed by the walker.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// The hardware's outcome.
    pub outcome: Outcome,
    /// The step that decides it.
    pub outcome_step: StepRef,
    /// KVM's path.
    pub path: KvmPath,
    /// The step that decides it: KVM's last decision before its software
    /// walk (the last one outside handle_at_slow()).
    pub path_step: StepRef,
    /// KVM's PAR_EL1.
    pub kvm_par: u64,
    /// The step that writes it.
    pub par_step: StepRef,
    /// The whole evaluation, with both traces.
    pub result: QueryResult,
}

/// An exercise: a scenario, the query to predict, the question, the answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Exercise {
    /// The topic, for a generated exercise.
    pub topic: Option<Topic>,
    /// The difficulty, for a generated exercise.
    pub difficulty: Option<Difficulty>,
    /// The seed, for a generated exercise.
    pub seed: Option<u64>,
    /// The scenario the student sees (title and notes hold the question,
    /// never the answer; queries carry no `expect`).
    pub scenario: Scenario,
    /// The query to predict (from 0).
    pub query: usize,
    /// Whether the student predicts KVM's answer (path and PAR) rather than
    /// the hardware's outcome.
    pub kvm: bool,
    /// The question, in words.
    pub question: String,
    /// The answer.
    pub answer: Answer,
}

/// A student's predictions; each part is marked only if given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prediction {
    /// The hardware's outcome.
    pub outcome: Option<Outcome>,
    /// KVM's path.
    pub path: Option<KvmPath>,
    /// KVM's PAR_EL1.
    pub kvm_par: Option<u64>,
}

/// One prediction marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// `outcome`, `path` or `par`.
    pub what: &'static str,
    /// Whether it was right.
    pub right: bool,
    /// The step that decides it.
    pub step: StepRef,
    /// That step in a sentence.
    pub because: String,
}

/// The index of the step that decides the hardware's outcome: the check
/// that failed, or the leaf that gave the address.
fn outcome_step(r: &QueryResult) -> usize {
    let failed = r.trace.iter().position(|s| {
        !s.ok
            && !matches!(
                s.kind,
                StepKind::Fault { .. } | StepKind::Par { .. } | StepKind::Abort { .. }
            )
    });
    let leaf = || {
        r.trace
            .iter()
            .rposition(|s| s.stage == Stage::S1 && matches!(s.kind, StepKind::Leaf { .. }))
    };
    failed
        .or_else(leaf)
        .unwrap_or(r.trace.len().saturating_sub(1))
}

fn outcome_of(r: &QueryResult) -> Outcome {
    match r.hw {
        AtOutcome::Abort { dfsc, .. } => Outcome::DataAbort { dfsc },
        AtOutcome::Undefined { .. } => Outcome::Undefined,
        AtOutcome::Par { par: ParEl1(par) } if par & 1 == 0 => Outcome::Output {
            addr: (par & 0x000f_ffff_ffff_f000) | (r.va & 0xfff),
        },
        AtOutcome::Par { par: ParEl1(_) } => r
            .trace
            .iter()
            .find_map(|s| match s.kind {
                StepKind::Fault { fault } => Some(Outcome::Fault {
                    kind: fault.kind,
                    level: fault.level,
                    stage2: fault.stage == Stage::S2,
                }),
                _ => None,
            })
            .expect("a fault's trace has its Fault step"),
    }
}

/// The answer to query `query` of `s`, with KVM's merged logic.
pub fn answer(s: &Scenario, query: usize) -> Option<Answer> {
    let q = *s.queries.get(query)?;
    let one = Scenario {
        queries: vec![q],
        ..s.clone()
    };
    let opts = EvalOptions {
        kvm: KvmLogic::Merged,
        trace: true,
    };
    let r = evaluate(&one, &opts).results.remove(0);
    let k = &r.kvm_trace.steps;
    // The path is decided by KVM's last decision before its software walk
    // (whose own branches come after).
    let path_step = k
        .iter()
        .rposition(|s| matches!(s, KvmStep::Decision { func, .. } if *func != "handle_at_slow"))
        .unwrap_or(0);
    let par_step = k
        .iter()
        .rposition(|s| matches!(s, KvmStep::WritePar { .. }))
        .unwrap_or(k.len().saturating_sub(1));
    Some(Answer {
        outcome: outcome_of(&r),
        outcome_step: StepRef::Walk(outcome_step(&r)),
        path: r.path,
        path_step: StepRef::Kvm(path_step),
        kvm_par: r.par.0,
        par_step: StepRef::Kvm(par_step),
        result: r,
    })
}

/// What an exercise's notes say after the question.
const INSTRUCTIONS: &str = "Predict the answer, then step through the walk: each prediction is marked with the step that decides it.";

/// Any scenario as an exercise on query `query` (a preset, a file, a share
/// link): `kvm` asks for KVM's answer rather than the hardware's. The
/// scenario's queries lose their `expect`, and its title and notes are
/// replaced by the question: either could give the answer away.
pub fn from_scenario(s: &Scenario, query: usize, kvm: bool) -> Option<Exercise> {
    let mut scenario = s.clone();
    for q in &mut scenario.queries {
        q.expect = None;
    }
    let answer = answer(&scenario, query)?;
    let stage2 = crate::figure::stage2_on(&scenario);
    let question = text::question(&scenario.queries[query], kvm, stage2);
    // A preset's title and notes explain the answer: the student sees the question.
    scenario.title = "Exercise".to_owned();
    scenario.notes = format!("{question}\n\n{INSTRUCTIONS}");
    Some(Exercise {
        topic: None,
        difficulty: None,
        seed: None,
        scenario,
        query,
        kvm,
        question,
        answer,
    })
}

/// A generated exercise: the same `topic`, `difficulty` and `seed` give the
/// same exercise everywhere.
pub fn generate(topic: Topic, difficulty: Difficulty, seed: u64) -> Exercise {
    let mut scenario = generate::scenario(topic, difficulty, seed);
    let kvm = topic.is_kvm();
    let stage2 = crate::figure::stage2_on(&scenario);
    let question = text::question(&scenario.queries[0], kvm, stage2);
    scenario.title = format!(
        "Exercise: {}, {}, seed {seed}",
        topic.name(),
        difficulty.name()
    );
    scenario.notes = format!("{question}\n\n{INSTRUCTIONS}");
    let answer = answer(&scenario, 0).expect("a generated scenario has a query");
    Exercise {
        topic: Some(topic),
        difficulty: Some(difficulty),
        seed: Some(seed),
        scenario,
        query: 0,
        kvm,
        question,
        answer,
    }
}

/// The sentence of a step of the answer.
pub fn sentence(a: &Answer, step: StepRef) -> String {
    match step {
        StepRef::Walk(i) => a.result.trace.get(i).map(|s| s.sentence()),
        StepRef::Kvm(i) => a
            .result
            .kvm_trace
            .steps
            .get(i)
            .map(atwalk_core::kvm::trace::KvmStep::sentence),
    }
    .unwrap_or_default()
}

/// Marks each given prediction right or wrong, with the deciding step.
pub fn mark(ex: &Exercise, p: &Prediction) -> Vec<Mark> {
    let a = &ex.answer;
    let mut marks = Vec::new();
    let mut add = |what, right, step| {
        marks.push(Mark {
            what,
            right,
            step,
            because: sentence(a, step),
        });
    };
    if let Some(o) = p.outcome {
        add("outcome", o == a.outcome, a.outcome_step);
    }
    if let Some(path) = p.path {
        add("path", path == a.path, a.path_step);
    }
    if let Some(par) = p.kvm_par {
        add("par", par == a.kvm_par, a.par_step);
    }
    marks
}
