//! The walk drawn as a chain: the TTBR, then each level's table with the indexed entry (its
//! address as arithmetic), its stage 2 translation IPA → PA when stage 2 is on, its descriptor, an
//! arrow to the next, and the page, block or fault at the end. Built from the stage 1 Index,
//! Stage2, Read, Table, Leaf and Fault steps; the part the animation has not reached is dimmed.

use atwalk_core::fault::Stage;
use atwalk_core::granule::size_name;
use atwalk_core::trace::{Step, StepKind};
use yew::prelude::*;

use crate::state::Shared;
use crate::view::{hex64, level_class};

/// One box of the chain.
#[derive(Clone, Debug, PartialEq)]
enum Node {
    Ttbr {
        step: usize,
        upper: bool,
        ttbr: u64,
    },
    Table {
        step: usize,
        last: usize,
        level: Option<i8>,
        table: u64,
        index: u64,
        entry: u64,
        read: Option<(u64, u64, &'static str)>,
        /// The Stage2 step of its entry's address and the PA it reached.
        s2: Option<(usize, Option<u64>)>,
        next: Option<u64>,
    },
    Leaf {
        step: usize,
        kind: &'static str,
        base: u64,
        size_bits: u8,
        oa: u64,
    },
    Fault {
        step: usize,
        text: String,
    },
}

fn nodes(steps: &[Step]) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        // Stage 2's own steps are inside its Stage2 step; the Stage2 step itself is drawn.
        if s.stage != Stage::S1 && !matches!(s.kind, StepKind::Stage2 { .. }) {
            continue;
        }
        match &s.kind {
            StepKind::SelectTtbr { upper, ttbr, .. } => out.push(Node::Ttbr {
                step: i,
                upper: *upper,
                ttbr: ttbr.0,
            }),
            StepKind::Index {
                table,
                index,
                entry,
                ..
            } => out.push(Node::Table {
                step: i,
                last: i,
                level: s.level,
                table: table.0,
                index: *index,
                entry: entry.0,
                read: None,
                s2: None,
                next: None,
            }),
            StepKind::Read { at, raw, kind, .. } => {
                if let Some(Node::Table { read, last, .. }) = out.last_mut() {
                    *read = Some((at.0, raw.0, kind.name()));
                    *last = i;
                }
            }
            StepKind::Stage2 { pa, .. } => {
                if let Some(Node::Table { s2, last, .. }) = out.last_mut() {
                    *s2 = Some((i, pa.map(|p| p.0)));
                    *last = i;
                }
            }
            StepKind::Table { next: n, .. } => {
                if let Some(Node::Table { next, last, .. }) = out.last_mut() {
                    *next = Some(n.0);
                    *last = i;
                }
            }
            StepKind::Leaf {
                kind,
                base,
                size_bits,
                oa,
                ..
            } => out.push(Node::Leaf {
                step: i,
                kind: kind.name(),
                base: base.0,
                size_bits: *size_bits,
                oa: oa.0,
            }),
            StepKind::Fault { fault } => out.push(Node::Fault {
                step: i,
                text: fault.to_string(),
            }),
            _ => {
                if let Some(Node::Table { last, .. }) = out.last_mut()
                    && *last + 1 == i
                {
                    *last = i;
                }
            }
        }
    }
    out
}

/// Properties of [`TableChain`].
#[derive(Properties, PartialEq)]
pub struct ChainProps {
    /// The walk.
    pub steps: Shared<Vec<Step>>,
    /// The step on show.
    pub index: usize,
    /// Jumps to a step.
    pub on_jump: Callback<usize>,
}

/// TTBR → level tables → leaf: the whole walk, the part the animation has not reached yet dimmed.
#[function_component]
pub fn TableChain(props: &ChainProps) -> Html {
    let ns = nodes(&props.steps);
    let ahead = |step: usize| (step > props.index).then_some("ahead");
    let cur = props.index;
    let jump = |i: usize| {
        let j = props.on_jump.clone();
        Callback::from(move |_: MouseEvent| j.emit(i))
    };
    let arrow = |label: String| html! { <div class="arrow" aria-hidden="true"><span>{ label }</span></div> };
    html! {
        <div class="chain" aria-label="The tables of the walk">
            { for ns.iter().enumerate().map(|(k, n)| {
                let first = k == 0;
                match n {
                    Node::Ttbr { step, upper, ttbr } => html! {
                        <button class={classes!("node", "ttbr", (*step == cur).then_some("cur"), ahead(*step))} onclick={jump(*step)}>
                            <span class="ntitle">{ if *upper { "TTBR1_EL1" } else { "TTBR0_EL1" } }</span>
                            <code>{ hex64(*ttbr) }</code>
                        </button>
                    },
                    Node::Table { step, last, level, table, index, entry, read, s2, next } => {
                        let here = (*step..=*last).contains(&cur);
                        html! {
                            <>
                            if !first { { arrow(String::new()) } }
                            <button class={classes!("node", "table", level_class(*level), here.then_some("cur"), ahead(*step))} onclick={jump(*step)}
                                title={format!("entry address: 0x{table:x} + {index} × 8 = 0x{entry:x}")}>
                                <span class="ntitle">{ format!("Level {} table", level.unwrap_or(0)) }</span>
                                <code class="small">{ format!("@ {}0x{table:x}", if s2.is_some() { "IPA " } else { "" }) }</code>
                                <span class="entry">
                                    <span class="idx">{ format!("[{index}]") }</span>
                                    <code class="small">{ format!("0x{table:x} + {index} × 8 = 0x{entry:x}") }</code>
                                </span>
                                if let Some((_, pa)) = s2 {
                                    <span class="s2note" data-testid="chain-s2">{ match pa {
                                        Some(pa) => format!("stage 2: IPA 0x{entry:x} → PA 0x{pa:x}"),
                                        None => "stage 2 faulted: no PA".to_string(),
                                    } }</span>
                                }
                                if let Some((_, raw, kind)) = read {
                                    <span class="desc"><code>{ hex64(*raw) }</code>{ format!(" {kind}") }</span>
                                }
                                if let Some(n) = next { <span class="next">{ format!("next: {}", hex64(*n)) }</span> }
                            </button>
                            </>
                        }
                    }
                    Node::Leaf { step, kind, base, size_bits, oa } => html! {
                        <>
                        { arrow(String::new()) }
                        <button class={classes!("node", "leaf", (*step == cur).then_some("cur"), ahead(*step))} onclick={jump(*step)}>
                            <span class="ntitle">{ format!("{kind} of {}", size_name(*size_bits)) }</span>
                            <code class="small">{ format!("base {}", hex64(*base)) }</code>
                            <code>{ format!("out {}", hex64(*oa)) }</code>
                        </button>
                        </>
                    },
                    Node::Fault { step, text } => html! {
                        <>
                        { arrow(String::new()) }
                        <button class={classes!("node", "fault", (*step == cur).then_some("cur"), ahead(*step))} onclick={jump(*step)}>
                            <span class="ntitle">{ "Fault" }</span>
                            <span>{ text.clone() }</span>
                        </button>
                        </>
                    },
                }
            }) }
        </div>
    }
}
