//! The map benchmark: `cargo run --release -p atwalk-teach --example
//! map_bench` (the size-optimised profile the app ships) or `--profile
//! bench-native`. Maps the fully populated 4-level 4KB tree of
//! `map::full_tree_4k()` (786,944 descriptors, 785,408 leaves) RUNS times and
//! prints the median and minimum time, after checking that the scenario
//! survives the file format (it is within the loader's limits).

use std::time::Instant;

use atwalk_core::scenario::Scenario;
use atwalk_teach::map;

const RUNS: usize = 11;

fn main() {
    let t = Instant::now();
    let s = map::full_tree_4k();
    let built = t.elapsed();
    let text = s.to_json();
    let loaded = Scenario::from_json(&text).expect("the tree loads as a scenario file");
    assert_eq!(loaded, s);
    println!(
        "scenario: {} descriptors, {:.1} MB as JSON, built in {:.0} ms, loads: yes",
        s.memory.len(),
        text.len() as f64 / 1e6,
        built.as_secs_f64() * 1e3
    );
    let mut times = Vec::with_capacity(RUNS);
    let mut rows = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let m = map::map(&s);
        times.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(!m.truncated);
        rows = m.rows.len();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "map: {} rows, median {:.1} ms, min {:.1} ms over {RUNS} runs",
        rows,
        times[RUNS / 2],
        times[0]
    );
}
