//! Prints the explained walk of one query of a scenario, for debugging:
//! `cargo run -p atwalk-core --example explain -- FILE [LINE] [QUERY]`.
//! FILE is one scenario, or a JSON Lines file of them (LINE picks one, from 0).

use atwalk_core::eval::{EvalOptions, evaluate};
use atwalk_core::scenario::Scenario;
use atwalk_core::trace::{Step, StepKind};

fn show(steps: &[Step], indent: usize) {
    for s in steps {
        println!("{:indent$}[{}] {}", "", s.rule.id(), s.sentence());
        if let StepKind::Stage2 { steps, .. } = &s.kind {
            show(steps, indent + 4);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).expect("readable file");
    let line: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(0);
    let query: Option<usize> = args.get(3).and_then(|a| a.parse().ok());
    let src = if args[1].ends_with(".jsonl") {
        text.lines().nth(line).expect("line exists").to_string()
    } else {
        text
    };
    let s = Scenario::from_json(&src).unwrap_or_else(|e| panic!("{e}"));
    println!("{}", s.to_json());
    let e = evaluate(&s, &EvalOptions::default());
    for (i, r) in e.results.iter().enumerate() {
        if query.is_some_and(|q| q != i) {
            continue;
        }
        println!("== query {i}: {} {:#018x} -> {:?}", r.op.name(), r.va, r.hw);
        show(&r.trace, 2);
    }
}
