//! atwalk-teach: the teaching layer over the walker core, for the command
//! line and the app alike (it builds for wasm32: no file system, no threads,
//! no web dependencies).
//!
//! - [`presets`]: the preset library of `presets/`, embedded; chapters as
//!   lessons, routes such as `faults/3`.
//! - [`map`]: the address-space map of a scenario, ptdump-style.
//! - [`figure`]: SVG figures for slides: a walk, KVM's decision flowchart.
//! - [`exercise`]: predict-the-outcome exercises, from any scenario or
//!   generated from a topic, a difficulty and a seed.
//! - [`glossary`]: every field, fault and term, explained, with its Arm ARM name.
pub mod exercise;
pub mod figure;
pub mod glossary;
pub mod map;
pub mod presets;
