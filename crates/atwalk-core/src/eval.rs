//! A scenario in, one result per query out: the architectural answer with
//! its trace, and KVM's answer and path.

use crate::at::{AtOutcome, at_hw};
use crate::kvm::{self, KvmLogic, KvmModel, KvmPath, KvmTrace};
use crate::machine::{Machine, Regs};
use crate::memory::GuestMemory;
use crate::op::AtOp;
use crate::regs::ParEl1;
use crate::scenario::{Expect, HwExpect, Query, Scenario};
use crate::trace::{NoTrace, Step};

/// How to evaluate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EvalOptions {
    /// Which KVM decision logic.
    pub kvm: KvmLogic,
    /// Whether to keep the steps.
    pub trace: bool,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            kvm: KvmLogic::Merged,
            trace: true,
        }
    }
}

/// The result of one query.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryResult {
    /// The op.
    pub op: AtOp,
    /// The VA.
    pub va: u64,
    /// The PAR_EL1 KVM returns to the guest hypervisor.
    pub par: ParEl1,
    /// Which of KVM's paths answered.
    pub path: KvmPath,
    /// What the hardware does: PAR_EL1, a Data Abort, or UNDEFINED.
    pub hw: AtOutcome,
    /// The architectural walk's steps (empty unless asked for).
    pub trace: Vec<Step>,
    /// KVM's emulation step by step: decisions, the fast path's hardware
    /// walks, the slow path's software walk (empty unless asked for).
    pub kvm_trace: KvmTrace,
    /// How many software walks (handle_at_slow()) KVM ran.
    pub slow_walks: u32,
    /// How many AT instructions KVM ran on the real CPU.
    pub hw_ats: u32,
}

impl QueryResult {
    /// The parts of `expect` this result does not meet, each as
    /// "field: expected X got Y" (empty: every stated part holds).
    pub fn mismatches(&self, expect: &Expect) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(par) = expect.par
            && par != self.par.0
        {
            out.push(format!("par: expected 0x{par:016x} got {}", self.par));
        }
        if let Some(path) = expect.path
            && path != self.path
        {
            out.push(format!(
                "path: expected {} got {}",
                path.name(),
                self.path.name()
            ));
        }
        if let Some(hw) = expect.hw_par {
            let met = match (hw, self.hw) {
                (HwExpect::Par(want), AtOutcome::Par { par }) => want == par.0,
                (HwExpect::Abort { dfsc: None }, AtOutcome::Abort { .. }) => true,
                (HwExpect::Abort { dfsc: Some(want) }, AtOutcome::Abort { dfsc, .. }) => {
                    want == dfsc
                }
                _ => false,
            };
            if !met {
                let want = match hw {
                    HwExpect::Par(v) => format!("0x{v:016x}"),
                    HwExpect::Abort { dfsc: None } => "an abort".to_owned(),
                    HwExpect::Abort { dfsc: Some(d) } => format!("an abort with dfsc 0x{d:02x}"),
                };
                out.push(format!(
                    "hw_par: expected {want} got {}",
                    self.hw.describe()
                ));
            }
        }
        out
    }

    /// This result as an expectation (what "expect this result" records).
    /// An UNDEFINED op has no `hw_par` expectation.
    pub fn as_expect(&self) -> Expect {
        Expect {
            par: Some(self.par.0),
            path: Some(self.path),
            hw_par: match self.hw {
                AtOutcome::Par { par } => Some(HwExpect::Par(par.0)),
                AtOutcome::Abort { dfsc, .. } => Some(HwExpect::Abort { dfsc: Some(dfsc) }),
                AtOutcome::Undefined { .. } => None,
            },
        }
    }
}

/// The results of a scenario, in query order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Evaluation {
    /// One per query.
    pub results: Vec<QueryResult>,
}

/// Evaluates every query of `s`, with KVM's default model switches.
pub fn evaluate(s: &Scenario, opts: &EvalOptions) -> Evaluation {
    evaluate_with(s, opts, KvmModel::default())
}

/// Evaluates every query of `s` with KVM's model switches `model`.
pub fn evaluate_with(s: &Scenario, opts: &EvalOptions, model: KvmModel) -> Evaluation {
    let mem = GuestMemory::new(&s.memory, s.ram.as_deref());
    let m = Machine {
        regs: Regs::from(&s.cpu),
        cpu: s.cpu_model(),
        mem: &mem,
    };
    let results = s
        .queries
        .iter()
        .map(|q| run_query(&m, s, q, opts, model))
        .collect();
    Evaluation { results }
}

/// Evaluates query `i` of `s` alone, with KVM's default model switches: the same result as
/// `evaluate(s, opts).results[i]`, at the cost of one query (the app evaluates the query on
/// show, whatever the number of queries). `None` when `s` has no query `i`.
pub fn evaluate_query(s: &Scenario, i: usize, opts: &EvalOptions) -> Option<QueryResult> {
    let q = s.queries.get(i)?;
    let mem = GuestMemory::new(&s.memory, s.ram.as_deref());
    let m = Machine {
        regs: Regs::from(&s.cpu),
        cpu: s.cpu_model(),
        mem: &mem,
    };
    Some(run_query(&m, s, q, opts, KvmModel::default()))
}

/// One query on the machine `m` of `s`.
fn run_query(
    m: &Machine<'_, GuestMemory<'_>>,
    s: &Scenario,
    q: &Query,
    opts: &EvalOptions,
    model: KvmModel,
) -> QueryResult {
    let mut trace = Vec::with_capacity(if opts.trace { 32 } else { 0 });
    let hw = if opts.trace {
        at_hw(m, q.op, q.va, &mut trace)
    } else {
        at_hw(m, q.op, q.va, &mut NoTrace)
    };
    // KVM's answer: the fast path, the decision, the slow path.
    let k = kvm::emulate(m, &s.kvm, q.op, q.va, opts.kvm, model, opts.trace);
    QueryResult {
        op: q.op,
        va: q.va,
        par: k.par,
        path: k.path,
        hw,
        trace,
        kvm_trace: k.trace,
        slow_walks: k.slow_walks,
        hw_ats: k.hw_ats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_query_alone_is_the_same_as_in_the_whole() {
        let mut s = crate::scenario::Scenario::from_json(
            r#"{"format": "at-scenario/1", "cpu": {"TCR_EL1": "0x0000000200800019",
            "TTBR0_EL1": "0x40200000", "SCTLR_EL1": "0x5", "PSTATE_PAN": true},
            "memory": {"0x40200000": "0x40201003", "0x40201008": "0x40202003",
            "0x40202008": "0x40400743"}, "queries": [
            {"op": "S1E1RP", "va": "0x201234"}, {"op": "S1E1R", "va": "0x201234"}]}"#,
        )
        .unwrap();
        s.queries.push(s.queries[0]);
        for trace in [true, false] {
            for kvm in [KvmLogic::Merged, KvmLogic::V1] {
                let opts = EvalOptions { kvm, trace };
                let all = evaluate(&s, &opts);
                for (i, r) in all.results.iter().enumerate() {
                    assert_eq!(evaluate_query(&s, i, &opts).as_ref(), Some(r));
                }
                assert_eq!(evaluate_query(&s, 3, &opts), None);
            }
        }
    }
}
