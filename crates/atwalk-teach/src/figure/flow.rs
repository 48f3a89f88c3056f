//! KVM's decision as a flowchart: every branch of a logic (the core's
//! `kvm::flow` data), in the order the C code tests them, one box per
//! branch with its yes and no outcomes, and arrows to the next test; the
//! branches one query takes are lit, with the outcome it took.

use std::collections::BTreeMap;

use atwalk_core::eval::QueryResult;
use atwalk_core::kvm::KvmLogic;
use atwalk_core::kvm::flow::{self, FlowNode};
use atwalk_core::kvm::trace::KvmStep;

use super::svg::{Font, Palette, Svg, cut};

/// The decisions a query's KVM trace took: node id to value.
fn taken(r: &QueryResult) -> BTreeMap<&'static str, bool> {
    r.kvm_trace
        .steps
        .iter()
        .filter_map(|s| match s {
            KvmStep::Decision { id, value, .. } => Some((*id, *value)),
            _ => None,
        })
        .collect()
}

const BOX_X: i32 = 40;
const BOX_W: i32 = 1000;
const TOP: i32 = 104;

/// The flowchart of `logic`, lit for the query `r` (evaluated with that logic).
pub fn flow_figure(title: &str, r: &QueryResult, logic: KvmLogic, p: &Palette) -> String {
    let nodes: &[FlowNode] = flow::flow(logic);
    let lit = taken(r);
    let n = i32::try_from(nodes.len()).unwrap_or(1);
    let row = ((900 - TOP - 40) / n).min(58);
    let big = row >= 50;
    let (s1, s2) = if big { (15, 13) } else { (13, 12) };
    let logic_name = match logic {
        KvmLogic::Merged => "merged logic",
        KvmLogic::V1 => "v1 as first posted",
    };
    let mut svg = Svg::new(title, p);
    svg.text(40, 46, Font::sans(28, p.fg).bold(), &cut(title, 90));
    let sub = format!(
        "KVM's decision ({logic_name}) for AT {} 0x{:016x}: {} path, PAR_EL1 0x{:016x}",
        r.op.name(),
        r.va,
        r.path.name(),
        r.par
    );
    svg.text(40, 78, Font::sans(19, p.muted), &sub);
    let y_of = |i: usize| TOP + i32::try_from(i).unwrap_or(0) * row;
    let index: BTreeMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    // The boxes.
    for (i, node) in nodes.iter().enumerate() {
        let y = y_of(i);
        let value = lit.get(node.id).copied();
        let (fill, stroke, sw) = match value {
            Some(_) => (p.lit, p.accent, 3),
            None => (p.boxfill, p.stroke, 1),
        };
        svg.rect(BOX_X, y, BOX_W, row - 6, fill, stroke, sw);
        let head = format!("{}: {}", node.location(), node.cond);
        let chars = usize::try_from((BOX_W - 90) * 10 / (s1 * 6)).unwrap_or(80);
        svg.text(
            BOX_X + 12,
            y + s1 + 5,
            Font::mono(s1, p.fg),
            &cut(&head, chars),
        );
        let half = usize::try_from((BOX_W - 90) * 10 / (s2 * 6) / 2).unwrap_or(40);
        let yes = format!("yes: {}", cut(node.yes, half - 6));
        let no = format!("   no: {}", cut(node.no, half - 6));
        let pick = |on: bool| match value {
            Some(v) if v == on => (p.accent, true),
            Some(_) => (p.muted, false),
            None => (p.muted, false),
        };
        let (yc, yb) = pick(true);
        let (nc, nb) = pick(false);
        svg.runs(
            BOX_X + 12,
            y + s1 + s2 + 12,
            Font::sans(s2, p.muted),
            &[(&yes, yc, yb), (&no, nc, nb)],
        );
        if let Some(v) = value {
            svg.text(
                BOX_X + BOX_W - 12,
                y + s1 + 5,
                Font::sans(s1, p.accent).bold().end(),
                if v { "YES" } else { "NO" },
            );
        }
    }
    // The arrows: from a box's right edge along a lane to the next test.
    let mut lane = 0;
    for (i, node) in nodes.iter().enumerate() {
        for value in [true, false] {
            let Some(to) = flow::next_node(logic, node, value) else {
                continue;
            };
            let Some(&j) = index.get(to.id) else {
                continue;
            };
            let on = lit.get(node.id) == Some(&value);
            let colour = if on {
                p.accent
            } else if value {
                p.ok
            } else {
                p.bad
            };
            let dy = if value {
                (row - 6) / 3
            } else {
                2 * (row - 6) / 3
            };
            let x0 = BOX_X + BOX_W;
            let lx = x0 + 22 + lane * 15;
            lane += 1;
            let (y0, y1) = (y_of(i) + dy, y_of(j) + (row - 6) / 2);
            svg.path(
                &[(x0, y0), (lx, y0), (lx, y1), (x0 + 4, y1)],
                colour,
                if on { 3 } else { 1 },
                true,
            );
        }
    }
    svg.text(
        1560,
        880,
        Font::sans(14, p.muted).end(),
        "Lit: the branches this query takes. Arrows: green yes, red no, to the next test.",
    );
    svg.finish()
}
