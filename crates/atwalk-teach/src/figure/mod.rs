//! Figures for slides, as SVG: the walk of one query (the VA's bits sliced
//! by level, the chain of tables with each level's entry, PAR_EL1's fields)
//! and KVM's decision as a flowchart with the query's branches lit. 16:9
//! (1600x900), light or dark, text as `<text>` (so it can be searched,
//! copied and translated), deterministic: the same input gives the same
//! bytes on every platform. The app turns an SVG into PNG in the browser;
//! `atwalk figure` writes the same SVG.

mod flow;
mod svg;
mod walk;

use atwalk_core::eval::{EvalOptions, QueryResult, evaluate};
use atwalk_core::kvm::KvmLogic;
use atwalk_core::regs::HcrEl2;
use atwalk_core::scenario::Scenario;

pub use svg::{DARK, HEIGHT, LIGHT, Palette, WIDTH};

/// Light or dark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on white.
    #[default]
    Light,
    /// Light text on near-black.
    Dark,
}

impl Theme {
    /// The theme's colours.
    pub const fn palette(self) -> &'static Palette {
        match self {
            Theme::Light => &LIGHT,
            Theme::Dark => &DARK,
        }
    }
}

/// Why a figure could not be drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FigureError {
    /// The scenario has no query with this index.
    NoSuchQuery {
        /// The index asked for (from 0).
        query: usize,
        /// How many queries there are.
        count: usize,
    },
}

impl std::fmt::Display for FigureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FigureError::NoSuchQuery { query, count } => write!(
                f,
                "queries[{query}]: no such query (the scenario has {count})"
            ),
        }
    }
}

impl std::error::Error for FigureError {}

fn result(s: &Scenario, query: usize, logic: KvmLogic) -> Result<QueryResult, FigureError> {
    if query >= s.queries.len() {
        return Err(FigureError::NoSuchQuery {
            query,
            count: s.queries.len(),
        });
    }
    let one = Scenario {
        queries: vec![s.queries[query]],
        ..s.clone()
    };
    let opts = EvalOptions {
        kvm: logic,
        trace: true,
    };
    Ok(evaluate(&one, &opts).results.remove(0))
}

/// Whether the scenario's stage 1 table reads go through stage 2.
pub fn stage2_on(s: &Scenario) -> bool {
    let h = HcrEl2(s.cpu.hcr_el2);
    h.vm() || h.dc()
}

/// The walk figure of query `query` (from 0) of `s`.
///
/// # Errors
/// [`FigureError::NoSuchQuery`].
pub fn walk_svg(s: &Scenario, query: usize, theme: Theme) -> Result<String, FigureError> {
    let r = result(s, query, KvmLogic::Merged)?;
    Ok(walk_svg_for(&s.title, &r, stage2_on(s), theme))
}

/// The walk figure of an evaluated query (evaluated with its trace).
pub fn walk_svg_for(title: &str, r: &QueryResult, stage2: bool, theme: Theme) -> String {
    walk::walk_figure(title, r, stage2, theme.palette())
}

/// KVM's decision flowchart for `logic`, lit for query `query` of `s`.
///
/// # Errors
/// [`FigureError::NoSuchQuery`].
pub fn flow_svg(
    s: &Scenario,
    query: usize,
    logic: KvmLogic,
    theme: Theme,
) -> Result<String, FigureError> {
    let r = result(s, query, logic)?;
    Ok(flow_svg_for(&s.title, &r, logic, theme))
}

/// The flowchart for an evaluated query (evaluated with `logic` and its trace).
pub fn flow_svg_for(title: &str, r: &QueryResult, logic: KvmLogic, theme: Theme) -> String {
    flow::flow_figure(title, r, logic, theme.palette())
}
