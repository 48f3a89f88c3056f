//! Every decision a KVM trace records is a node of `kvm::flow` for its
//! logic, with the same text and the branch its value selects, so a
//! flowchart drawn from `flow()` lights exactly the branches a query takes.

use atwalk_core::eval::{EvalOptions, evaluate};
use atwalk_core::kvm::flow::{self, FlowNode};
use atwalk_core::kvm::trace::KvmStep;
use atwalk_core::kvm::{KvmLogic, KvmPath};
use atwalk_core::scenario::Scenario;
use std::collections::BTreeSet;

fn scenarios() -> Vec<Scenario> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(format!("{root}/scenarios")).expect("scenarios/ exists") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            out.push(Scenario::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap());
        }
    }
    let vectors =
        std::fs::read_to_string(format!("{root}/tests/conformance/vectors-1.jsonl")).unwrap();
    for line in vectors.lines().take(600) {
        out.push(Scenario::from_json(line).unwrap());
    }
    out
}

#[test]
fn every_decision_is_a_node_of_its_logic() {
    let all = scenarios();
    for logic in [KvmLogic::Merged, KvmLogic::V1] {
        let nodes: &[FlowNode] = flow::flow(logic);
        let mut seen = BTreeSet::new();
        let (mut fast, mut slow) = (0, 0);
        for s in &all {
            for r in evaluate(
                s,
                &EvalOptions {
                    kvm: logic,
                    trace: true,
                },
            )
            .results
            {
                match r.path {
                    KvmPath::Fast => fast += 1,
                    KvmPath::Slow => slow += 1,
                }
                for step in &r.kvm_trace.steps {
                    let KvmStep::Decision {
                        id,
                        func,
                        line,
                        cond,
                        value,
                        next,
                    } = step
                    else {
                        continue;
                    };
                    let node = nodes
                        .iter()
                        .find(|n| n.id == *id)
                        .unwrap_or_else(|| panic!("{logic:?}: decision {id} is not in its flow"));
                    assert_eq!(
                        (node.func, node.line, node.cond),
                        (*func, *line, *cond),
                        "{id}"
                    );
                    assert_eq!(node.next(*value), *next, "{id}");
                    assert_eq!(flow::node(id), Some(node));
                    seen.insert((*id, *value));
                }
            }
        }
        // The corpus reaches both paths and both outcomes of the decisions
        // that decide between them, so the test cannot pass on an empty trace.
        assert!(
            fast > 100 && slow > 100,
            "{logic:?}: fast {fast}, slow {slow}"
        );
        let main = match logic {
            KvmLogic::Merged => "MERGED_PAR_F",
            KvmLogic::V1 => "V1_RETRY_SLOW",
        };
        assert!(
            seen.contains(&(main, true)) && seen.contains(&(main, false)),
            "{logic:?}: {seen:?}"
        );
    }
}

#[test]
fn flow_ids_are_unique_and_each_logic_lists_its_own_decisions() {
    for logic in [KvmLogic::Merged, KvmLogic::V1] {
        let ids: BTreeSet<_> = flow::flow(logic).iter().map(|n| n.id).collect();
        assert_eq!(ids.len(), flow::flow(logic).len(), "{logic:?}");
    }
    assert!(flow::MERGED.iter().all(|n| !n.func.ends_with("(v1)")));
    assert!(
        flow::V1
            .iter()
            .all(|n| !n.func.starts_with("__kvm_at_s1e01") || n.func.ends_with("(v1)"))
    );
}
