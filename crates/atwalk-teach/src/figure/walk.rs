//! The walk figure: the VA's bits sliced by the levels that use them, the
//! chain of tables with the entry each level reads, and PAR_EL1's fields,
//! all taken from the architectural trace of one query.

use atwalk_core::at::AtOutcome;
use atwalk_core::descriptor::DescKind;
use atwalk_core::eval::QueryResult;
use atwalk_core::fault::{Stage, describe_fsc};
use atwalk_core::regs::ParEl1;
use atwalk_core::trace::StepKind;

use super::svg::{Font, HEIGHT, Palette, Svg, WIDTH, cut, wrap};

/// One level of the chain: what the walk read there.
#[derive(Default)]
struct Level {
    level: i8,
    hi: u8,
    lo: u8,
    index: u64,
    table: u64,
    entry: u64,
    /// The PA read (differs from `entry` under stage 2).
    pa: Option<u64>,
    /// The stage 2 walk of the entry failed.
    s2_fault: bool,
    raw: Option<u64>,
    kind: Option<DescKind>,
    next: Option<u64>,
    abort: bool,
}

/// What the figure needs from the trace.
#[derive(Default)]
struct Walk {
    op: String,
    va: u64,
    ttbr: Option<(bool, u64)>,
    tbi: bool,
    ia_bits: u8,
    granule: String,
    start: i8,
    levels: Vec<Level>,
    leaf: Option<(DescKind, u64, u8, u64)>,
    fault: Option<String>,
    /// The sentence of the step that failed, if any.
    why: Option<String>,
}

fn gather(r: &QueryResult) -> Walk {
    let mut w = Walk {
        op: r.op.name().to_owned(),
        va: r.va,
        ia_bits: 64,
        ..Walk::default()
    };
    for s in &r.trace {
        if !s.ok && w.why.is_none() && !matches!(s.kind, StepKind::Par { .. }) {
            w.why = Some(s.sentence());
        }
        if s.stage != Stage::S1 {
            continue;
        }
        match &s.kind {
            StepKind::SelectTtbr { upper, ttbr, .. } => w.ttbr = Some((*upper, ttbr.0)),
            StepKind::VaRange { tbi, .. } => w.tbi = *tbi,
            StepKind::WalkParams {
                granule,
                ia_bits,
                start_level,
                ..
            } => {
                w.granule = granule.name().to_owned();
                w.ia_bits = *ia_bits;
                w.start = *start_level;
            }
            StepKind::Index {
                hi,
                lo,
                index,
                table,
                entry,
                ..
            } => w.levels.push(Level {
                level: s.level.unwrap_or(0),
                hi: *hi,
                lo: *lo,
                index: *index,
                table: table.0,
                entry: entry.0,
                ..Level::default()
            }),
            _ => {}
        }
        let Some(l) = w.levels.last_mut() else {
            continue;
        };
        match &s.kind {
            StepKind::Read { at, raw, kind, .. } => {
                l.pa = Some(at.0);
                l.raw = Some(raw.0);
                l.kind = Some(*kind);
            }
            StepKind::ReadAbort { at } => {
                l.pa = Some(at.0);
                l.abort = true;
            }
            StepKind::Table { next, .. } => l.next = Some(next.0),
            StepKind::Leaf {
                kind,
                base,
                size_bits,
                oa,
                ..
            } => w.leaf = Some((*kind, base.0, *size_bits, oa.0)),
            _ => {}
        }
    }
    // Stage 2 steps belong to the entry read after them.
    let mut i = 0;
    for s in &r.trace {
        match &s.kind {
            StepKind::Index { .. } if s.stage == Stage::S1 => i += 1,
            StepKind::Stage2 { pa, .. } if i > 0 => {
                if let Some(l) = w.levels.get_mut(i - 1) {
                    l.s2_fault = pa.is_none();
                }
            }
            StepKind::Fault { fault } => w.fault = Some(fault.to_string()),
            _ => {}
        }
    }
    w
}

/// A segment of the VA bar: bits [hi:lo], a label, a colour.
struct Segment {
    hi: u8,
    lo: u8,
    label: String,
    detail: String,
    fill: &'static str,
    /// A level's slice (tinted in its colour) rather than a plain one.
    level: bool,
}

fn segments(w: &Walk, p: &Palette) -> Vec<Segment> {
    let mut segs = Vec::new();
    let mut top = 63u8;
    if w.ia_bits < 64 {
        if w.tbi && w.ia_bits <= 56 {
            segs.push(Segment {
                hi: 63,
                lo: 56,
                label: "tag".into(),
                detail: "ignored (TBI)".into(),
                fill: p.boxfill,
                level: false,
            });
            top = 55;
        }
        let upper = w.ttbr.is_some_and(|(u, _)| u);
        segs.push(Segment {
            hi: top,
            lo: w.ia_bits,
            label: "range".into(),
            detail: if upper { "all ones" } else { "all zeros" }.into(),
            fill: p.boxfill,
            level: false,
        });
    }
    for l in &w.levels {
        segs.push(Segment {
            hi: l.hi,
            lo: l.lo,
            label: format!("L{}", l.level),
            detail: format!("[{}:{}] = {}", l.hi, l.lo, l.index),
            fill: p.level(l.level),
            level: true,
        });
    }
    let bottom = w.levels.last().map_or(w.ia_bits.min(64), |l| l.lo);
    if let Some((_, _, size_bits, _)) = w.leaf {
        segs.push(Segment {
            hi: size_bits - 1,
            lo: 0,
            label: "offset".into(),
            detail: format!("0x{:x}", w.va & ((1u64 << size_bits) - 1)),
            fill: p.boxfill,
            level: false,
        });
    } else if bottom > 0 && !w.levels.is_empty() {
        segs.push(Segment {
            hi: bottom - 1,
            lo: 0,
            label: "not used".into(),
            detail: String::new(),
            fill: p.boxfill,
            level: false,
        });
    }
    segs
}

const BAR_X: i32 = 96;
const BIT: i32 = 22;

fn bit_x(bit: u8) -> i32 {
    BAR_X + (63 - i32::from(bit)) * BIT
}

fn draw_bar(svg: &mut Svg, w: &Walk, p: &Palette) {
    let y = 128;
    svg.text(40, y + 30, Font::sans(20, p.fg).bold(), "VA");
    for (n, s) in segments(w, p).iter().enumerate() {
        let x = bit_x(s.hi);
        let width = (i32::from(s.hi) - i32::from(s.lo) + 1) * BIT;
        if s.level {
            svg.tint(x, y, width, 44, s.fill);
        } else {
            svg.rect(x, y, width, 44, s.fill, p.stroke, 1);
        }
        let row = if n % 2 == 0 { 0 } else { 22 };
        let centre = x + width / 2;
        svg.text(
            centre,
            y + 68 + row,
            Font::sans(15, p.fg).bold().middle(),
            &s.label,
        );
        svg.text(
            centre,
            y + 86 + row,
            Font::mono(13, p.muted).middle(),
            &s.detail,
        );
    }
    for bit in 0..64u8 {
        let digit = if w.va >> bit & 1 == 1 { "1" } else { "0" };
        svg.text(
            bit_x(bit) + BIT / 2,
            y + 28,
            Font::mono(14, p.fg).middle(),
            digit,
        );
    }
    for b in [63u8, 48, 32, 16, 0] {
        svg.text(
            bit_x(b) + BIT / 2,
            y - 8,
            Font::mono(12, p.muted).middle(),
            &b.to_string(),
        );
    }
}

fn kind_line(l: &Level, size_bits: Option<u8>) -> (String, bool) {
    if l.abort {
        return ("no memory: External abort".into(), false);
    }
    if l.s2_fault {
        return ("stage 2 fault on the walk".into(), false);
    }
    match l.kind {
        Some(DescKind::Table) => (format!("table → 0x{:x}", l.next.unwrap_or_default()), true),
        Some(k @ (DescKind::Block | DescKind::Page)) => {
            let size = size_bits.map_or(String::new(), |b| crate::map::size_text(1u64 << b));
            (format!("{} {size}", k.name()), true)
        }
        Some(DescKind::Invalid) => ("invalid: Translation fault".into(), false),
        Some(DescKind::Reserved) => ("reserved: Translation fault".into(), false),
        None => ("not read".into(), false),
    }
}

fn draw_chain(svg: &mut Svg, w: &Walk, p: &Palette, stage2: bool) {
    let n = i32::try_from(w.levels.len()).unwrap_or(1).max(1);
    let gap = 28;
    let bw = ((1408 - gap * (n - 1)) / n).min(330);
    let (size, line) = if n > 4 { (13, 22) } else { (15, 24) };
    let y = 290;
    for (i, l) in w.levels.iter().enumerate() {
        let x = BAR_X + i32::try_from(i).unwrap_or(0) * (bw + gap);
        let (kind, ok) = kind_line(l, w.leaf.map(|(_, _, b, _)| b));
        let last = i + 1 == w.levels.len();
        svg.rect(x, y, bw, 276, p.boxfill, p.level(l.level), 3);
        svg.text(
            x + 14,
            y + 30,
            Font::sans(18, p.level(l.level)).bold(),
            &format!("Level {}", l.level),
        );
        let mut ty = y + 30 + line + 6;
        let mut row = |svg: &mut Svg, label: &str, value: String, fill| {
            svg.text(x + 14, ty, Font::sans(size - 1, p.muted), label);
            svg.text(x + 14, ty + line - 4, Font::mono(size, fill), &value);
            ty += 2 * line - 2;
        };
        row(svg, "table", format!("0x{:016x}", l.table), p.fg);
        row(
            svg,
            &format!("entry [{}]", l.index),
            format!("0x{:016x}", l.entry),
            p.fg,
        );
        if stage2 {
            let pa =
                l.pa.map_or_else(|| "none".to_owned(), |a| format!("0x{a:016x}"));
            row(svg, "read at PA (stage 2)", pa, p.fg);
        }
        let raw = l
            .raw
            .map_or_else(|| "-".to_owned(), |r| format!("0x{r:016x}"));
        row(svg, "descriptor", raw, p.fg);
        let fill = if ok { p.ok } else { p.bad };
        svg.text(
            x + 14,
            y + 262,
            Font::sans(size, fill).bold(),
            &cut(&kind, 34),
        );
        if !last {
            svg.path(
                &[(x + bw + 2, y + 138), (x + bw + gap - 2, y + 138)],
                p.muted,
                2,
                true,
            );
        }
    }
}

fn draw_par(svg: &mut Svg, w: &Walk, r: &QueryResult, p: &Palette, stage2: bool) {
    let y = 610;
    if let Some((kind, base, size_bits, oa)) = w.leaf {
        let line = format!(
            "{} at 0x{base:x} + offset 0x{:x} = output address 0x{oa:x}",
            kind.name(),
            w.va & ((1u64 << size_bits) - 1)
        );
        svg.text(BAR_X, y, Font::mono(17, p.fg), &line);
    }
    let (title, fields): (String, Vec<(String, String)>) = match r.hw {
        AtOutcome::Par { par: ParEl1(v) } => {
            let par = ParEl1(v);
            let f = if let Some(ok) = par.ok() {
                vec![
                    ("ATTR".into(), format!("0x{:02x}", ok.attr())),
                    (
                        if stage2 { "PA (an IPA)" } else { "PA" }.into(),
                        format!("0x{:016x}", ok.pa() << 12),
                    ),
                    ("NS".into(), u8::from(ok.ns()).to_string()),
                    ("SH".into(), format!("0b{:02b}", ok.sh())),
                    ("F".into(), "0".into()),
                ]
            } else {
                let f = par.fault().expect("F=1");
                vec![
                    (
                        "FST".into(),
                        format!("0b{:06b}: {}", f.fst(), describe_fsc(f.fst())),
                    ),
                    ("S".into(), u8::from(f.s()).to_string()),
                    ("PTW".into(), u8::from(f.ptw()).to_string()),
                    ("F".into(), "1".into()),
                ]
            };
            (format!("PAR_EL1 = 0x{v:016x}"), f)
        }
        AtOutcome::Abort { dfsc, .. } => (
            format!("No PAR_EL1: a synchronous Data Abort, DFSC 0x{dfsc:02x}"),
            vec![("DFSC".into(), describe_fsc(dfsc))],
        ),
        AtOutcome::Undefined { feature } => (
            format!("UNDEFINED: the CPU lacks {}", feature.name()),
            Vec::new(),
        ),
    };
    let good = matches!(r.hw, AtOutcome::Par { par: ParEl1(v) } if v & 1 == 0);
    svg.text(
        BAR_X,
        y + 50,
        Font::mono(22, if good { p.ok } else { p.bad }).bold(),
        &title,
    );
    let total: usize = fields.iter().map(|(n, v)| n.len().max(v.len()) + 4).sum();
    let unit = i32::try_from(1408 / total.max(1)).unwrap_or(10).min(40);
    let mut x = BAR_X;
    for (name, value) in &fields {
        let cw = i32::try_from(name.len().max(value.len()) + 4).unwrap_or(8) * unit;
        svg.rect(x, y + 68, cw - 8, 70, p.boxfill, p.stroke, 1);
        svg.text(x + 12, y + 94, Font::sans(15, p.muted), name);
        svg.text(x + 12, y + 124, Font::mono(17, p.fg), value);
        x += cw;
    }
    if let Some(why) = &w.why {
        for (i, l) in wrap(why, 150).iter().take(2).enumerate() {
            let dy = i32::try_from(i).unwrap_or(0) * 24;
            svg.text(BAR_X, y + 172 + dy, Font::sans(17, p.fg), l);
        }
    }
}

/// The walk figure of one evaluated query. `title` heads it (the
/// scenario's title); `stage2` says whether table reads went through stage 2.
pub fn walk_figure(title: &str, r: &QueryResult, stage2: bool, p: &Palette) -> String {
    let w = gather(r);
    let mut svg = Svg::new(title, p);
    svg.text(40, 48, Font::sans(30, p.fg).bold(), &cut(title, 88));
    let mut sub = format!("AT {}, VA 0x{:016x}", w.op, w.va);
    if let Some((upper, _)) = w.ttbr {
        sub.push_str(if upper { ": TTBR1_EL1" } else { ": TTBR0_EL1" });
    }
    if !w.granule.is_empty() {
        sub.push_str(&format!(
            ", {} granule, {}-bit VA, start level {}",
            w.granule, w.ia_bits, w.start
        ));
    }
    if stage2 {
        sub.push_str(", stage 2 under the walk");
    }
    svg.text(40, 82, Font::sans(20, p.muted), &sub);
    draw_bar(&mut svg, &w, p);
    draw_chain(&mut svg, &w, p, stage2);
    draw_par(&mut svg, &w, r, p, stage2);
    if let Some(f) = &w.fault {
        svg.text(
            WIDTH - 40,
            HEIGHT - 20,
            Font::sans(14, p.muted).end(),
            &format!("The walk ends: {f}"),
        );
    }
    svg.finish()
}
