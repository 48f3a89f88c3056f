//! `atwalk bench`: benchmarks of the walker. A slot for the lead to fill.

/// Runs `atwalk bench` with the arguments after `bench`; returns the exit
/// status.
pub fn run(_args: &[String]) -> i32 {
    println!("bench: not yet");
    0
}
