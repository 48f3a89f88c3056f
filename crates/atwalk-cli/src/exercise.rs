//! `atwalk exercise`: a predict-the-outcome exercise, generated from a topic,
//! a difficulty and a seed (the same exercise the app makes from them), or
//! made from a scenario file:
//!
//! ```text
//! atwalk exercise --topic T [--difficulty D] --seed N [--answer] [--json]
//! atwalk exercise --from FILE [--query N] [--kvm] [--answer] [--json]
//! ```
//!
//! Text: the scenario as a student reads it and the question (with
//! `--answer`, the answer and the step that decides it). `--json`: one
//! object, `{"format":"atwalk-exercise/1", "topic", "difficulty", "seed",
//! "question", "kvm", "query", "scenario": {at-scenario/1}}`, and with
//! `--answer` an `"answer"` object.

use std::ffi::OsString;

use atwalk_teach::exercise::{self, Difficulty, Exercise, Outcome, Topic};

use crate::scenario_file::{load, print};
use crate::usage_error;

fn topics() -> String {
    Topic::ALL.map(Topic::name).join(", ")
}

fn hex(v: u64) -> String {
    format!("\"0x{v:016x}\"")
}

fn answer_json(ex: &Exercise) -> String {
    let a = &ex.answer;
    let outcome = match a.outcome {
        Outcome::Output { addr } => format!("{{\"output\":{}}}", hex(addr)),
        Outcome::Fault {
            kind,
            level,
            stage2,
        } => format!(
            "{{\"fault\":{:?},\"level\":{level},\"stage2\":{stage2}}}",
            kind.name()
        ),
        Outcome::DataAbort { dfsc } => format!("{{\"data_abort\":{{\"dfsc\":\"0x{dfsc:02x}\"}}}}"),
        Outcome::Undefined => "{\"undefined\":true}".to_owned(),
    };
    let hw_par = match a.result.hw {
        atwalk_core::at::AtOutcome::Par { par } => hex(par.0),
        _ => "null".to_owned(),
    };
    let because = |step| serde_json::to_string(&exercise::sentence(a, step)).expect("a string");
    format!(
        "{{\"outcome\":{outcome},\"hw_par\":{hw_par},\"path\":\"{}\",\"par\":{},\"outcome_because\":{},\"path_because\":{}}}",
        a.path.name(),
        hex(a.kvm_par),
        because(a.outcome_step),
        because(a.path_step)
    )
}

fn json(ex: &Exercise, with_answer: bool) -> String {
    let name = |s: Option<&str>| s.map_or_else(|| "null".to_owned(), |n| format!("\"{n}\""));
    let mut o = format!(
        "{{\"format\":\"atwalk-exercise/1\",\"topic\":{},\"difficulty\":{},\"seed\":{},\"question\":{},\"kvm\":{},\"query\":{},\"scenario\":{}",
        name(ex.topic.map(Topic::name)),
        name(ex.difficulty.map(Difficulty::name)),
        ex.seed.map_or_else(|| "null".to_owned(), |s| s.to_string()),
        serde_json::to_string(&ex.question).expect("a string"),
        ex.kvm,
        ex.query,
        ex.scenario.to_json().trim_end()
    );
    if with_answer {
        o.push_str(",\"answer\":");
        o.push_str(&answer_json(ex));
    }
    o.push_str("}\n");
    o
}

/// Runs `atwalk exercise` with the arguments after `exercise`; returns the exit status.
pub fn run(args: &[OsString]) -> i32 {
    let mut topic = None;
    let mut difficulty = Difficulty::Easy;
    let mut seed = None;
    let mut from = None;
    let mut query = 0usize;
    let (mut kvm, mut with_answer, mut as_json) = (false, false, false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |what: &str| {
            it.next()
                .and_then(|v| v.to_str())
                .map(str::to_owned)
                .ok_or_else(|| format!("exercise: {what} needs a value"))
        };
        let r = match a.to_str() {
            Some("--topic") => value("--topic").and_then(|v| {
                topic = Some(Topic::from_name(&v).ok_or_else(|| {
                    format!("exercise: unknown topic {v:?}; topics: {}", topics())
                })?);
                Ok(())
            }),
            Some("--difficulty") => value("--difficulty").and_then(|v| {
                difficulty = Difficulty::from_name(&v).ok_or_else(|| {
                    format!("exercise: --difficulty takes 1, 2, 3 (easy, medium, hard), not {v:?}")
                })?;
                Ok(())
            }),
            Some("--seed") => value("--seed").and_then(|v| {
                seed = Some(v.parse::<u64>().map_err(|_| {
                    format!("exercise: --seed takes a number from 0 to 2^64-1, not {v:?}")
                })?);
                Ok(())
            }),
            Some("--from") => match it.next() {
                Some(f) => {
                    from = Some(f.clone());
                    Ok(())
                }
                None => Err("exercise: --from needs a FILE".to_owned()),
            },
            Some("--query") => value("--query").and_then(|v| {
                query = v
                    .parse()
                    .map_err(|_| format!("exercise: --query takes a number, not {v:?}"))?;
                Ok(())
            }),
            Some("--kvm") => {
                kvm = true;
                Ok(())
            }
            Some("--answer") => {
                with_answer = true;
                Ok(())
            }
            Some("--json") => {
                as_json = true;
                Ok(())
            }
            _ => Err(format!(
                "exercise: unknown argument {:?}",
                a.to_string_lossy()
            )),
        };
        if let Err(e) = r {
            return usage_error(&e);
        }
    }
    let ex = match (topic, seed, from) {
        (Some(t), Some(s), None) => exercise::generate(t, difficulty, s),
        (None, None, Some(file)) => {
            let s = match load(&file) {
                Ok(s) => s,
                Err(code) => return code,
            };
            match exercise::from_scenario(&s, query, kvm) {
                Some(ex) => ex,
                None => {
                    eprintln!(
                        "atwalk: {}: queries[{query}]: no such query (the scenario has {})",
                        file.to_string_lossy(),
                        s.queries.len()
                    );
                    return 2;
                }
            }
        }
        _ => {
            return usage_error(&format!(
                "exercise: give --topic and --seed (topics: {}), or --from FILE",
                topics()
            ));
        }
    };
    if as_json {
        return print(&json(&ex, with_answer));
    }
    let mut text = exercise::describe(&ex);
    if with_answer {
        text.push_str(&exercise::answer_text(&ex));
    } else {
        text.push_str("(run again with --answer for the answer)\n");
    }
    print(&text)
}
