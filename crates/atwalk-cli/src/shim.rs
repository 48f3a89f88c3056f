//! TEMPORARY SHIM: stands in for `atwalk_core::eval` and
//! `atwalk_core::kvm::KvmLogic` until the lead lands them; it does not walk
//! (every query answers PAR_EL1 = 0x1 on the slow path, empty trace).
//! Delete this file and point the `use` in eval.rs at atwalk_core once
//! crates/atwalk-core/src/eval.rs exists.

use atwalk_core::at::AtOp;
use atwalk_core::kvm::KvmPath;
use atwalk_core::scenario::Scenario;

/// KVM's decision logic (stand-in for `atwalk_core::kvm::KvmLogic`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KvmLogic {
    /// The merged logic.
    Merged,
    /// The v1 logic.
    V1,
}

/// Stand-in for `atwalk_core::eval::EvalOptions`.
#[derive(Clone, Copy, Debug)]
pub struct EvalOptions {
    /// KVM's decision logic.
    pub kvm: KvmLogic,
    /// Whether to record the step trace.
    pub trace: bool,
}

/// Stand-in for `atwalk_core::eval::HwOutcome`.
#[derive(Clone, Copy, Debug)]
pub enum HwOutcome {
    /// PAR_EL1 written.
    Par(u64),
    /// Synchronous Data Abort.
    #[allow(dead_code)]
    Abort {
        /// Its DFSC.
        dfsc: u8,
    },
}

/// Stand-in for `atwalk_core::eval::QueryResult`.
pub struct QueryResult {
    pub op: AtOp,
    pub va: u64,
    pub par: u64,
    pub path: KvmPath,
    pub hw: HwOutcome,
    pub trace: Vec<serde_json::Value>,
}

/// Stand-in for `atwalk_core::eval::Evaluation`.
pub struct Evaluation {
    pub results: Vec<QueryResult>,
}

/// Stand-in for `atwalk_core::eval::evaluate`: no walk at all.
pub fn evaluate(s: &Scenario, _opts: &EvalOptions) -> Evaluation {
    Evaluation {
        results: s
            .queries
            .iter()
            .map(|q| QueryResult {
                op: q.op,
                va: q.va,
                par: 1,
                path: KvmPath::Slow,
                hw: HwOutcome::Par(1),
                trace: Vec::new(),
            })
            .collect(),
    }
}
