//! Every decision a KVM trace records is a node of `kvm::flow` for its
//! logic, with the same text and the branch its value selects, so a
//! flowchart drawn from `flow()` lights exactly the branches a query takes.

use atwalk_core::eval::{EvalOptions, evaluate_with};
use atwalk_core::kvm::flow::{self, FlowNode};
use atwalk_core::kvm::trace::KvmStep;
use atwalk_core::kvm::{KvmLogic, KvmModel, KvmPath, KvmRelease};
use atwalk_core::scenario::Scenario;
use std::collections::BTreeSet;

fn scenarios() -> Vec<Scenario> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut out = Vec::new();
    for chapter in std::fs::read_dir(format!("{root}/presets")).expect("presets/ exists") {
        let chapter = chapter.unwrap().path();
        if !chapter.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&chapter).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                out.push(Scenario::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap());
            }
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
            // v6.17: the release whose at.c lines flow::flow() carries.
            let model = KvmModel {
                release: Some(KvmRelease::V6_17),
                ..KvmModel::default()
            };
            for r in evaluate_with(
                s,
                &EvalOptions {
                    kvm: logic,
                    trace: true,
                },
                model,
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

#[test]
fn consecutive_decisions_follow_the_flow_edges() {
    // check_at_pan() records its S1E0R test only when that AT faulted, so an
    // edge into it may skip to the node after it.
    let optional = |n: &FlowNode| n.id == flow::V1_CHECK_AT_PAN_S1E0R.id;
    let all = scenarios();
    for logic in [KvmLogic::Merged, KvmLogic::V1] {
        let mut edges = 0;
        for s in &all {
            // v6.17: the release whose at.c lines flow::flow() carries.
            let model = KvmModel {
                release: Some(KvmRelease::V6_17),
                ..KvmModel::default()
            };
            for r in evaluate_with(
                s,
                &EvalOptions {
                    kvm: logic,
                    trace: true,
                },
                model,
            )
            .results
            {
                let decisions: Vec<(&str, bool)> = r
                    .kvm_trace
                    .steps
                    .iter()
                    .filter_map(|k| match k {
                        KvmStep::Decision { id, value, .. } => Some((*id, *value)),
                        _ => None,
                    })
                    .collect();
                for w in decisions.windows(2) {
                    let (a, va) = w[0];
                    let (b, _) = w[1];
                    let node = flow::node(a).unwrap();
                    let to = flow::next_node(logic, node, va)
                        .unwrap_or_else(|| panic!("{logic:?}: {a}={va} ends, but {b} follows"));
                    let ok = to.id == b
                        || (optional(to)
                            && flow::next_node(logic, to, true).is_some_and(|n| n.id == b));
                    assert!(
                        ok,
                        "{logic:?}: {a}={va} leads to {}, but {b} follows",
                        to.id
                    );
                    edges += 1;
                }
                // The last decision of a query has no edge to another test,
                // or leads to one that this query's outcome made unreachable.
            }
        }
        assert!(edges > 1000, "{logic:?}: only {edges} edges checked");
    }
}

#[test]
fn every_edge_names_a_node_of_the_same_logic() {
    for logic in [KvmLogic::Merged, KvmLogic::V1] {
        for n in flow::flow(logic) {
            for v in [true, false] {
                let to = if v { n.yes_to } else { n.no_to };
                if let Some(id) = to {
                    assert!(
                        n.id == flow::UNDEFINED.id || flow::flow(logic).iter().any(|m| m.id == id),
                        "{logic:?}: {} -> {id}",
                        n.id
                    );
                }
                let _ = flow::next_node(logic, n, v);
            }
        }
    }
}
