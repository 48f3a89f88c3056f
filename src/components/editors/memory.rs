//! The translation tables: every table the walk uses (stage 1 at each level, and the stage 2 tables
//! when stage 2 is on), each as its indexed entry and its non-empty neighbours with the empty runs
//! folded; each descriptor editable as hex or field by field (stage 1 table, stage 1 block/page,
//! stage 2 block/page views); "make a page/block here" and "create next-level table here" on an
//! empty slot; tables added by hand; and every word of guest memory.
//!
//! Everything comes from the trace: a table's base, index bits and indexed entry from its `Index`
//! step, where it lies in memory from the `Read` (or `ReadAbort`) that follows, its granule from the
//! walk's `WalkParams` (granule, DS, and `pa52` for 64KB level 1 blocks), and what each neighbour
//! is from the core's `decode_kind`. With stage 2 on, each neighbour of a stage 1 table is found by
//! translating its own IPA with the core's `s2_translate_table` (per 4KB, the smallest stage 2
//! page), so a table that stage 2 maps with several pages shows each entry where it really is,
//! and an entry whose IPA stage 2 does not map says so.

use std::collections::BTreeSet;

use atwalk_core::descriptor::{
    DescKind, S1LeafDesc, S1TableDesc, S2LeafDesc, block_allowed, decode_kind,
};
use atwalk_core::fault::Stage;
use atwalk_core::granule::{DESC_SIZE_LOG2, FINAL_LEVEL, Granule};
use atwalk_core::machine::{Machine, Regs};
use atwalk_core::memory::GuestMemory;
use atwalk_core::regs::FieldInfo;
use atwalk_core::scenario::Scenario;
use atwalk_core::stage2::s2_translate_table;
use atwalk_core::trace::NoTrace;
use atwalk_core::trace::{Step, StepKind};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::register::WordEditor;
use super::{hex64, parse_num};
use crate::components::walk::level_class;
use crate::state::Shared;

/// The largest granule: new tables are aligned to it, so they suit every granule.
const NEW_TABLE_ALIGN: u64 = 0x1_0000;

/// Bytes in one descriptor.
fn desc_bytes() -> u64 {
    2u64.pow(u32::from(DESC_SIZE_LOG2))
}

/// The fields of the descriptor view that fits what the walk found.
pub fn desc_fields(stage: Stage, kind: DescKind) -> (&'static str, &'static [FieldInfo]) {
    match (stage, kind) {
        (_, DescKind::Table) => (S1TableDesc::NAME, S1TableDesc::FIELDS),
        (Stage::S1, _) => (S1LeafDesc::NAME, S1LeafDesc::FIELDS),
        (Stage::S2, _) => (S2LeafDesc::NAME, S2LeafDesc::FIELDS),
    }
}

/// A free, aligned address for a new table or page: above every word in memory and above `used`
/// (the last byte of the tables on show, which may be empty).
pub fn free_table(s: &Scenario, used: u64) -> Option<u64> {
    let top = s.memory.keys().next_back().copied().unwrap_or(0);
    let base = s.ram.as_ref().and_then(|r| r.first()).map_or(0, |r| r.base);
    top.max(base)
        .max(used)
        .checked_add(1)?
        .checked_next_multiple_of(NEW_TABLE_ALIGN)
}

/// A table descriptor that points at `table`, built field by field.
fn table_descriptor(table: u64) -> Option<u64> {
    let d = S1TableDesc(0)
        .with(S1TableDesc::Valid, 1)
        .ok()?
        .with(S1TableDesc::Type, 1)
        .ok()?;
    d.with(S1TableDesc::NLTA, S1TableDesc::NLTA.get(table))
        .ok()
        .map(|d| d.0)
}

/// A block (above the last level) or page descriptor that maps `out`, with the access flag set:
/// at stage 1 EL1 read/write, AttrIndx 0; at stage 2 read/write, Normal Write-Back memory.
fn leaf_descriptor(stage: Stage, level: i8, out: u64) -> Option<u64> {
    let page = u64::from(level == FINAL_LEVEL);
    match stage {
        Stage::S1 => S1LeafDesc(0)
            .with(S1LeafDesc::Valid, 1)
            .ok()?
            .with(S1LeafDesc::Type, page)
            .ok()?
            .with(S1LeafDesc::AF, 1)
            .ok()?
            .with(S1LeafDesc::OA, S1LeafDesc::OA.get(out))
            .ok()
            .map(|d| d.0),
        Stage::S2 => S2LeafDesc(0)
            .with(S2LeafDesc::Valid, 1)
            .ok()?
            .with(S2LeafDesc::Type, page)
            .ok()?
            .with(S2LeafDesc::AF, 1)
            .ok()?
            .with(S2LeafDesc::S2AP, S2LeafDesc::S2AP.max())
            .ok()?
            .with(S2LeafDesc::MemAttr, S2LeafDesc::MemAttr.max())
            .ok()?
            .with(S2LeafDesc::OA, S2LeafDesc::OA.get(out))
            .ok()
            .map(|d| d.0),
    }
}

/// Writes one word; a zero word is dropped (absent words read as 0).
pub fn set_word(s: &mut Scenario, at: u64, v: u64) {
    if v == 0 {
        s.memory.remove(&at);
    } else {
        s.memory.insert(at, v);
    }
}

/// One translation table, as the walk (or the user) names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableInfo {
    /// Stage 1 or stage 2.
    pub stage: Stage,
    /// Its lookup level.
    pub level: i8,
    /// Its address as the walk names it (an IPA for stage 1 under stage 2).
    pub addr: u64,
    /// Where its words are in guest memory (a PA), when the walk got that far.
    pub pa: Option<u64>,
    /// How many entries it has (from the index's width).
    pub entries: u64,
    /// The entry the walk indexes (`None` for a table added by hand).
    pub index: Option<u64>,
    /// The granule of its walk.
    pub granule: Granule,
    /// The walk's effective DS bit.
    pub ds: bool,
    /// The PE implements 52-bit PAs (the walk's `WalkParams.pa52`).
    pub pa52: bool,
}

/// The smallest stage 2 page: a stage 1 table is translated by stage 2 in pieces of this size.
const S2_PIECE: u64 = 0x1000;

/// Where a table's entries are in guest memory: contiguous from its PA, or (a stage 1 table
/// under stage 2) piece by piece as stage 2 maps each 4KB of its IPAs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Bytes per piece.
    piece: u64,
    /// The PA of each piece, `None` where stage 2 does not map its IPA.
    pieces: Vec<Option<u64>>,
}

impl Layout {
    /// The layout of `t` (at `pa` when contiguous); `s2` translates an IPA when stage 2 applies.
    pub fn new(t: &TableInfo, pa: u64, s2: Option<&dyn Fn(u64) -> Option<u64>>) -> Layout {
        let bytes = t.entries.saturating_mul(desc_bytes());
        match s2 {
            Some(tr) if t.stage == Stage::S1 && t.index.is_some() => {
                let piece = bytes.clamp(desc_bytes(), S2_PIECE);
                let pieces = (0..bytes.div_ceil(piece))
                    .map(|i| tr(t.addr.wrapping_add(i * piece)))
                    .collect();
                Layout { piece, pieces }
            }
            _ => Layout {
                piece: bytes.max(desc_bytes()),
                pieces: vec![Some(pa)],
            },
        }
    }

    /// The PA of entry `k`, `None` where stage 2 does not map it.
    pub fn entry(&self, k: u64) -> Option<u64> {
        let off = k * desc_bytes();
        let base = (*self.pieces.get(usize::try_from(off / self.piece).ok()?)?)?;
        Some(base + off % self.piece)
    }

    /// Whether some piece is not where the walked one would put it (stage 2 splits the table).
    pub fn split(&self) -> bool {
        let first = self.pieces.first().copied().flatten();
        self.pieces
            .iter()
            .enumerate()
            .any(|(i, p)| *p != first.map(|f| f + i as u64 * self.piece))
    }
}

fn collect_tables(steps: &[Step], out: &mut Vec<TableInfo>) {
    let mut params: Option<(Granule, bool, bool)> = None;
    let mut pending: Option<(TableInfo, u64)> = None;
    let push = |t: TableInfo, out: &mut Vec<TableInfo>| {
        if !out
            .iter()
            .any(|o| o.stage == t.stage && o.addr == t.addr && o.pa == t.pa)
        {
            out.push(t);
        }
    };
    for s in steps {
        match &s.kind {
            StepKind::WalkParams {
                granule, ds, pa52, ..
            } => params = Some((*granule, *ds, *pa52)),
            StepKind::Index {
                hi,
                lo,
                index,
                table,
                entry,
                ..
            } => {
                if let Some((t, _)) = pending.take() {
                    push(t, out);
                }
                let (Some((granule, ds, pa52)), Some(level)) = (params, s.level) else {
                    continue;
                };
                let bits = u32::from(hi.saturating_sub(*lo)) + 1;
                pending = Some((
                    TableInfo {
                        stage: s.stage,
                        level,
                        addr: table.0,
                        pa: None,
                        entries: 2u64.saturating_pow(bits),
                        index: Some(*index),
                        granule,
                        ds,
                        pa52,
                    },
                    entry.0.wrapping_sub(table.0),
                ));
            }
            StepKind::Stage2 { steps, .. } => collect_tables(steps, out),
            StepKind::Read { at, .. } | StepKind::ReadAbort { at } => {
                if let Some((mut t, offset)) = pending.take() {
                    t.pa = at.0.checked_sub(offset);
                    push(t, out);
                }
            }
            _ => {}
        }
    }
    if let Some((t, _)) = pending.take() {
        push(t, out);
    }
}

/// Every table a walk uses: stage 1 tables in walk order, then the stage 2 tables.
pub fn tables(steps: &[Step]) -> Vec<TableInfo> {
    let mut out = Vec::new();
    collect_tables(steps, &mut out);
    out.sort_by_key(|t| match t.stage {
        Stage::S1 => 0,
        Stage::S2 => 1,
    });
    out
}

/// A row of a table view: an entry, or a run of empty entries folded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    /// Entry `k`.
    Entry(u64),
    /// `n` empty entries from `from`.
    Fold { from: u64, n: u64 },
    /// `n` entries from `from` whose IPAs stage 2 does not map.
    Unmapped { from: u64, n: u64 },
}

/// The rows of a table laid out as `lay`: the indexed entry, every non-empty entry, the entries
/// opened by hand (keyed by the table's `key`), folds for the empty runs between, and runs that
/// stage 2 does not map.
pub fn rows(
    s: &Scenario,
    t: &TableInfo,
    lay: &Layout,
    key: u64,
    opened: &BTreeSet<(u64, u64)>,
) -> Vec<Row> {
    let size = desc_bytes();
    let per = (lay.piece / size).max(1);
    let mut ks: BTreeSet<u64> = BTreeSet::new();
    let mut holes: Vec<(u64, u64)> = Vec::new();
    for (i, p) in lay.pieces.iter().enumerate() {
        let first = i as u64 * per;
        let n = per.min(t.entries.saturating_sub(first));
        match p {
            Some(pa) => ks.extend(
                s.memory
                    .range(*pa..pa.saturating_add(n * size))
                    .map(|(at, _)| first + (at - pa) / size),
            ),
            None => match holes.last_mut() {
                Some((f, m)) if *f + *m == first => *m += n,
                _ => holes.push((first, n)),
            },
        }
    }
    let mapped = |k: &u64| lay.entry(*k).is_some();
    ks.extend(t.index.filter(mapped));
    ks.extend(
        opened
            .iter()
            .filter(|(p, k)| *p == key && *k < t.entries)
            .map(|(_, k)| *k)
            .filter(mapped),
    );
    // Entries and unmapped runs in order: a merge of two sorted lists (a sort or a map of marks
    // would cost wasm size).
    let mut out = Vec::new();
    let mut next = 0;
    let mut ks = ks.into_iter().peekable();
    let mut hs = holes.into_iter().peekable();
    loop {
        let (k, hole) = match (ks.peek(), hs.peek()) {
            (None, None) => break,
            (Some(k), Some((f, _))) if k < f => (ks.next().unwrap_or(0), None),
            (Some(_), None) => (ks.next().unwrap_or(0), None),
            _ => match hs.next() {
                Some((f, n)) => (f, Some(n)),
                None => break,
            },
        };
        if k > next {
            out.push(Row::Fold {
                from: next,
                n: k - next,
            });
        }
        match hole {
            Some(n) => {
                out.push(Row::Unmapped { from: k, n });
                next = k + n;
            }
            None => {
                out.push(Row::Entry(k));
                next = k + 1;
            }
        }
    }
    if next < t.entries {
        out.push(Row::Fold {
            from: next,
            n: t.entries - next,
        });
    }
    out
}

/// Properties of [`Tables`].
#[derive(Properties, PartialEq)]
pub struct TablesProps {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// The architectural walk of the query on show (its tables).
    pub hw_walk: Shared<Vec<Step>>,
    /// The descriptor the current step looks at, and the fields it decides by.
    pub current: Option<(u64, &'static [&'static str])>,
    /// Receives the edited scenario.
    pub on_edit: Callback<Scenario>,
}

/// A change to the scenario that may not apply (`None`: nothing is sent).
type ScenarioEdit = Box<dyn Fn(&mut Scenario) -> Option<()>>;

/// What a row needs besides the table.
struct Ctx<'a> {
    props: &'a TablesProps,
    /// The last byte of the tables on show.
    used: u64,
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::S1 => "Stage 1",
        Stage::S2 => "Stage 2",
    }
}

fn entry_row(c: &Ctx<'_>, t: &TableInfo, at: u64, k: u64) -> Html {
    let p = c.props;
    let raw = p.scenario.memory.get(&at).copied().unwrap_or(0);
    let kind = decode_kind(raw, t.granule, t.level, t.ds, t.pa52);
    let (view, fields) = desc_fields(t.stage, kind);
    let edit = |f: ScenarioEdit| {
        let (sc, on_edit) = (p.scenario.clone(), p.on_edit.clone());
        Callback::from(move |_: MouseEvent| {
            let mut s = (*sc).clone();
            if f(&mut s).is_some() {
                on_edit.emit(s);
            }
        })
    };
    let on_change = {
        let (sc, on_edit) = (p.scenario.clone(), p.on_edit.clone());
        Callback::from(move |v: u64| {
            let mut s = (*sc).clone();
            set_word(&mut s, at, v);
            on_edit.emit(s);
        })
    };
    let empty = kind == DescKind::Invalid;
    let stage = t.stage;
    let level = t.level;
    let used = c.used;
    let make_table = (empty && level < FINAL_LEVEL).then(|| {
        edit(Box::new(move |s| {
            let d = table_descriptor(free_table(s, used)?)?;
            set_word(s, at, d);
            Some(())
        }))
    });
    let leaf_ok = level == FINAL_LEVEL || block_allowed(t.granule, level, t.ds, t.pa52);
    let make_leaf = (empty && leaf_ok).then(|| {
        edit(Box::new(move |s| {
            let d = leaf_descriptor(stage, level, free_table(s, used)?)?;
            set_word(s, at, d);
            Some(())
        }))
    });
    let current = p.current.filter(|(a, _)| *a == at);
    let walked = t.index == Some(k);
    html! {
        <details class={classes!("desc", "trow", current.is_some().then_some("hl"), walked.then_some("walked"))}
            open={current.is_some()} data-at={hex64(at)} data-index={k.to_string()}>
            <summary>
                <span class="idx">{ format!("[{k}]") }</span>
                <code class="rval">{ hex64(raw) }</code>
                <span class="dkind">{ kind.name() }</span>
                if walked { <span class="badge walkbadge" title="The entry this walk indexes">{ "← walk" }</span> }
            </summary>
            <p class="dview">{ format!("@ {} · fields as a {view}", hex64(at)) }</p>
            if make_leaf.is_some() || make_table.is_some() {
                <div class="slotacts">
                    if let Some(onclick) = make_leaf {
                        <button class="create" {onclick} data-testid="make-leaf">
                            { if level == FINAL_LEVEL { "Make a page here" } else { "Make a block here" } }
                        </button>
                    }
                    if let Some(onclick) = make_table {
                        <button class="create" {onclick} data-testid="create-table">
                            { "Create next-level table here" }
                        </button>
                    }
                </div>
            }
            <WordEditor name={format!("descriptor at {}", hex64(at))} id={format!("desc-{at:x}")} value={raw}
                {fields} {on_change} highlight={current.map_or(&[][..], |c| c.1)} />
        </details>
    }
}

fn table_card(
    c: &Ctx<'_>,
    t: &TableInfo,
    opened: &UseStateHandle<BTreeSet<(u64, u64)>>,
    added: bool,
) -> Html {
    let stage = stage_name(t.stage);
    let title = format!("{stage} level {} table", t.level);
    let Some(pa) = t.pa else {
        return html! {
            <div class={classes!("tcard", level_class(Some(t.level)))}>
                <h3>{ title }</h3>
                <p class="muted small">{ format!("@ {} (IPA): its stage 2 translation failed, so it is not in guest memory.", hex64(t.addr)) }</p>
            </div>
        };
    };
    let open_ref = NodeRef::default();
    let on_open = {
        let (opened, open_ref, n) = (opened.clone(), open_ref.clone(), t.entries);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(el) = open_ref.cast::<HtmlInputElement>()
                && let Some(k) = parse_num(&el.value())
                && k < n
            {
                let mut set = (*opened).clone();
                set.insert((pa, k));
                opened.set(set);
                el.set_value("");
            }
        })
    };
    let lay = {
        let sc = &c.props.scenario;
        let mem = GuestMemory::new(&sc.memory, sc.ram.as_deref());
        let m = Machine {
            regs: Regs::from(&sc.cpu),
            cpu: sc.cpu_model(),
            mem: &mem,
        };
        let tr = |ipa: u64| s2_translate_table(&m, ipa, &mut NoTrace).ok();
        Layout::new(
            t,
            pa,
            m.stage2_on().then_some(&tr as &dyn Fn(u64) -> Option<u64>),
        )
    };
    let where_ = if t.addr == pa {
        format!("@ {}", hex64(pa))
    } else {
        format!("@ IPA {} = PA {}", hex64(t.addr), hex64(pa))
    };
    html! {
        <div class={classes!("tcard", level_class(Some(t.level)))} data-table={hex64(pa)}>
            <h3>{ title.clone() }
                if added { <span class="badge">{ "added" }</span> }
            </h3>
            <p class="tmeta"><code>{ where_ }</code>{ format!(" · {} entries · {} granule", t.entries, t.granule.name()) }</p>
            if lay.split() {
                <p class="muted small">{ "Stage 2 maps this table's IPAs piece by piece: each entry is shown where stage 2 puts it." }</p>
            }
            { for rows(&c.props.scenario, t, &lay, pa, opened).into_iter().map(|r| match r {
                Row::Entry(k) => lay.entry(k).map(|at| entry_row(c, t, at, k)).unwrap_or_default(),
                Row::Unmapped { from, n } => html! {
                    <div class="fold unmapped" data-testid="s2-unmapped" aria-label={format!("{n} entries not mapped by stage 2")}>
                        { if n == 1 { format!("[{from}] not mapped by stage 2 (IPA {})", hex64(t.addr + from * desc_bytes())) }
                          else { format!("[{from}]–[{}] not mapped by stage 2 (IPAs from {})", from + n - 1, hex64(t.addr + from * desc_bytes())) } }
                    </div>
                },
                Row::Fold { from, n } => html! {
                    <div class="fold" aria-label={format!("{n} empty entries")}>
                        { if n == 1 { format!("… [{from}] empty") } else { format!("… {n} empty entries [{from}]–[{}]", from + n - 1) } }
                    </div>
                },
            }) }
            <form class="openslot" onsubmit={on_open}>
                <label>{ "Show entry " }
                    <input type="text" class="num" ref={open_ref} placeholder={format!("0–{}", t.entries - 1)}
                        aria-label={format!("entry index of the {title} to show")} size="6" />
                </label>
                <button type="submit">{ "Show" }</button>
            </form>
        </div>
    }
}

/// Every table the walk uses, the tables added by hand, and all of memory.
#[function_component]
pub fn Tables(props: &TablesProps) -> Html {
    let list = tables(&props.hw_walk);
    let opened = use_state(BTreeSet::<(u64, u64)>::new);
    let added = use_state(Vec::<TableInfo>::new);
    let add_error = use_state(|| None::<String>);
    let addr_ref = use_node_ref();
    let val_ref = use_node_ref();
    let new_ref = use_node_ref();
    let new_level_ref = use_node_ref();
    let used = list
        .iter()
        .chain(added.iter())
        .filter_map(|t| {
            t.pa?
                .checked_add(t.entries.checked_mul(desc_bytes())?)?
                .checked_sub(1)
        })
        .max()
        .unwrap_or(0);
    let ctx = Ctx { props, used };
    let s1 = list.iter().find(|t| t.stage == Stage::S1);
    let suggested = free_table(&props.scenario, used)
        .map(hex64)
        .unwrap_or_default();
    let on_add_table = {
        let (added, new_ref, new_level_ref, add_error) = (
            added.clone(),
            new_ref.clone(),
            new_level_ref.clone(),
            add_error.clone(),
        );
        let (granule, ds, pa52) =
            s1.map_or((Granule::K4, false, false), |t| (t.granule, t.ds, t.pa52));
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(a), Some(l)) = (
                new_ref.cast::<HtmlInputElement>(),
                new_level_ref.cast::<HtmlSelectElement>(),
            ) else {
                return;
            };
            let level: i8 = l.value().parse().unwrap_or(FINAL_LEVEL);
            let table_bytes = 2u64.pow(u32::from(granule.bits()));
            match parse_num(&a.value()) {
                Some(at) if at.is_multiple_of(table_bytes) => {
                    add_error.set(None);
                    let mut v = (*added).clone();
                    v.retain(|t| t.pa != Some(at));
                    v.push(TableInfo {
                        stage: Stage::S1,
                        level,
                        addr: at,
                        pa: Some(at),
                        entries: 2u64.pow(u32::from(granule.stride())),
                        index: None,
                        granule,
                        ds,
                        pa52,
                    });
                    added.set(v);
                }
                Some(_) => add_error.set(Some(format!(
                    "new table: {} is not aligned to the {} granule",
                    a.value(),
                    granule.name()
                ))),
                None => add_error.set(Some(format!(
                    "new table: \"{}\" is not an address such as 0x40210000",
                    a.value()
                ))),
            }
        })
    };
    let on_add = {
        let (sc, on_edit, add_error) = (
            props.scenario.clone(),
            props.on_edit.clone(),
            add_error.clone(),
        );
        let (addr_ref, val_ref) = (addr_ref.clone(), val_ref.clone());
        Callback::from(move |_| {
            let (Some(a), Some(v)) = (
                addr_ref.cast::<HtmlInputElement>(),
                val_ref.cast::<HtmlInputElement>(),
            ) else {
                return;
            };
            let mut s = (*sc).clone();
            match (parse_num(&a.value()), parse_num(&v.value())) {
                (Some(at), Some(val)) if at.is_multiple_of(desc_bytes()) => {
                    add_error.set(None);
                    set_word(&mut s, at, val);
                    on_edit.emit(s);
                }
                (Some(_), Some(_)) => add_error.set(Some(format!(
                    "memory: {} is not 8-byte aligned",
                    a.value()
                ))),
                _ => add_error.set(Some(
                    "memory: write the address and the value in hex, e.g. 0x40202010 and 0x40401743"
                        .into(),
                )),
            }
        })
    };
    let extra: Vec<&TableInfo> = added
        .iter()
        .filter(|a| !list.iter().any(|t| t.pa == a.pa))
        .collect();
    html! {
        <section class="panel tables" aria-labelledby="h-tables">
            <h2 id="h-tables">{ "Translation tables" }</h2>
            if list.is_empty() {
                <p class="muted">{ "This walk reads no table." }</p>
            }
            { for list.iter().map(|t| table_card(&ctx, t, &opened, false)) }
            { for extra.iter().map(|t| table_card(&ctx, t, &opened, true)) }
            <form class="addtable" onsubmit={on_add_table}>
                <label for="new-table">{ "Add a table at" }</label>
                <input id="new-table" type="text" class="hex" ref={new_ref} value={suggested} spellcheck="false"
                    data-testid="new-table-addr" />
                <label for="new-table-level" class="sr-only">{ "its level" }</label>
                <select id="new-table-level" ref={new_level_ref}>
                    { for (0..=FINAL_LEVEL).map(|l| html! {
                        <option value={l.to_string()} selected={l == FINAL_LEVEL}>{ format!("level {l}") }</option>
                    }) }
                </select>
                <button type="submit" data-testid="add-table">{ "Add table" }</button>
            </form>
            if !extra.is_empty() {
                <p class="muted small">{ "An added table is used once a table descriptor's NLTA (or the TTBR) points at it." }</p>
            }
            <details class="allmem">
                <summary>{ format!("All guest memory ({} words)", props.scenario.memory.len()) }</summary>
                <table class="memtable">
                    <thead><tr><th scope="col">{ "address" }</th><th scope="col">{ "value" }</th></tr></thead>
                    <tbody>
                    { for props.scenario.memory.iter().map(|(at, v)| {
                        let onchange = {
                            let (sc, on_edit, at) = (props.scenario.clone(), props.on_edit.clone(), *at);
                            Callback::from(move |e: Event| {
                                let el: HtmlInputElement = e.target_unchecked_into();
                                if let Some(v) = parse_num(&el.value()) {
                                    let mut s = (*sc).clone();
                                    set_word(&mut s, at, v);
                                    on_edit.emit(s);
                                }
                            })
                        };
                        html! {
                            <tr>
                                <td><code>{ hex64(*at) }</code></td>
                                <td><input type="text" class="hex" value={hex64(*v)} {onchange}
                                    aria-label={format!("memory word at {}", hex64(*at))} /></td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
                <div class="addword">
                    <input type="text" class="hex" ref={addr_ref} placeholder="address 0x…" aria-label="new word's address" />
                    <input type="text" class="hex" ref={val_ref} placeholder="value 0x…" aria-label="new word's value" />
                    <button onclick={on_add}>{ "Set word" }</button>
                </div>
            </details>
            if let Some(e) = &*add_error { <p class="ferr" role="alert">{ e.clone() }</p> }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atwalk_core::eval::{EvalOptions, evaluate};

    #[test]
    fn new_table_descriptor() {
        assert_eq!(table_descriptor(0x4041_0000), Some(0x4041_0003));
    }

    #[test]
    fn new_leaf_descriptors() {
        // Stage 1 page: Valid, Type (page), AF; OA 0x40410000.
        assert_eq!(
            leaf_descriptor(Stage::S1, 3, 0x4041_0000),
            Some(0x4041_0403)
        );
        // Stage 1 block at level 2: Type 0.
        assert_eq!(
            leaf_descriptor(Stage::S1, 2, 0x4060_0000),
            Some(0x4060_0401)
        );
        // Stage 2 page: S2AP 0b11, MemAttr 0b1111.
        assert_eq!(
            leaf_descriptor(Stage::S2, 3, 0x4041_0000),
            Some(0x4041_04ff)
        );
    }

    fn walk(json: &str) -> (Scenario, Vec<Step>) {
        let s = Scenario::from_json(json).unwrap();
        let e = evaluate(
            &s,
            &EvalOptions {
                kvm: atwalk_core::kvm::KvmLogic::Merged,
                trace: true,
            },
        );
        let t = e.results[0].trace.clone();
        (s, t)
    }

    #[test]
    fn tables_of_the_default_walk() {
        let (s, steps) = walk(crate::examples::EXAMPLES[0].json);
        let ts = tables(&steps);
        let got: Vec<_> = ts
            .iter()
            .map(|t| (t.level, t.pa, t.index, t.entries))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, Some(0x4020_0000), Some(0), 512),
                (2, Some(0x4020_1000), Some(1), 512),
                (3, Some(0x4020_2000), Some(1), 512),
            ]
        );
        assert!(ts.iter().all(|t| !t.pa52));
        let lay = Layout::new(&ts[2], 0x4020_2000, None);
        assert_eq!(lay.entry(1), Some(0x4020_2008));
        let r = rows(&s, &ts[2], &lay, 0x4020_2000, &BTreeSet::new());
        assert_eq!(
            r,
            vec![
                Row::Fold { from: 0, n: 1 },
                Row::Entry(1),
                Row::Fold { from: 2, n: 510 }
            ]
        );
        let opened = BTreeSet::from([(0x4020_2000, 5)]);
        let r = rows(&s, &ts[2], &lay, 0x4020_2000, &opened);
        assert_eq!(r.len(), 5);
    }

    #[test]
    fn stage2_tables() {
        let ex = crate::examples::EXAMPLES
            .iter()
            .find(|e| e.json.contains("\"HCR_EL2\":   \"0x0000000000000001\""))
            .expect("the stage 2 example");
        let (_, steps) = walk(ex.json);
        let ts = tables(&steps);
        assert_eq!(ts.iter().filter(|t| t.stage == Stage::S1).count(), 3);
        let s2: Vec<_> = ts.iter().filter(|t| t.stage == Stage::S2).collect();
        assert_eq!(s2.len(), 1);
        assert_eq!(s2[0].pa, Some(0x4010_0000));
    }

    #[test]
    fn stage2_splits_a_big_table() {
        // A 64KB-granule stage 1 table (8192 entries, 64KB) under stage 2: its first 4KB maps to
        // 0x9000_0000, its second to 0x7000_0000, the rest is not mapped.
        let (mut s, steps) = walk(crate::examples::EXAMPLES[0].json);
        let mut t = tables(&steps)[2].clone();
        t.granule = Granule::K64;
        t.entries = 8192;
        t.index = Some(1);
        t.addr = 0x4020_0000;
        let tr = |ipa: u64| match ipa {
            0x4020_0000 => Some(0x9000_0000),
            0x4020_1000 => Some(0x7000_0000),
            _ => None,
        };
        let lay = Layout::new(&t, 0x9000_0000, Some(&tr));
        assert!(lay.split());
        assert_eq!(lay.entry(1), Some(0x9000_0008));
        assert_eq!(lay.entry(512 + 3), Some(0x7000_0018));
        assert_eq!(lay.entry(1024), None);
        s.memory.insert(0x7000_0018, 0x1234_0003);
        s.memory.insert(0x9000_0010, 0x5678_0003);
        let r = rows(&s, &t, &lay, 0x9000_0000, &BTreeSet::new());
        assert_eq!(
            r,
            vec![
                Row::Fold { from: 0, n: 1 },
                Row::Entry(1),
                Row::Entry(2),
                Row::Fold { from: 3, n: 512 },
                Row::Entry(515),
                Row::Fold { from: 516, n: 508 },
                Row::Unmapped {
                    from: 1024,
                    n: 8192 - 1024
                },
            ]
        );
        // Without stage 2 the table is contiguous from its PA.
        let flat = Layout::new(&t, 0x9000_0000, None);
        assert!(!flat.split());
        assert_eq!(flat.entry(1024), Some(0x9000_2000));
    }
}
