//! The translation tables of a walk, laid out for a view: which tables the walk reads, where each
//! lies in guest memory, and which of its entries to show. The app draws these and computes no
//! address itself.
//!
//! Everything comes from the trace: a table's base, index bits and indexed entry from its `Index`
//! step, where it lies in memory from the `Read` (or `ReadAbort`) that follows, its granule from
//! the walk's `WalkParams` (granule, DS, and `pa52` for 64KB level 1 blocks). With stage 2 on, each
//! 4KB piece (the smallest stage 2 page) of a stage 1 table is found by translating its own IPA
//! with [`s2_translate_table`], so a table that stage 2 maps with several pages shows each entry
//! where it really is, and an entry whose IPA stage 2 does not map says so. [`walk_tables`] does
//! this once per evaluation.

use std::collections::{BTreeMap, BTreeSet};

use crate::descriptor::{
    DescKind, S1LeafDesc, S1TableDesc, S2LeafDesc, block_allowed, decode_kind,
};
use crate::fault::Stage;
use crate::granule::{DESC_SIZE_LOG2, FINAL_LEVEL, Granule};
use crate::machine::{Machine, Regs};
use crate::memory::GuestMemory;
use crate::scenario::Scenario;
use crate::stage2::s2_translate_table;
use crate::trace::{NoTrace, Step, StepKind};

/// Bytes in one descriptor.
pub const DESC_BYTES: u64 = 1 << DESC_SIZE_LOG2;

/// The largest granule: new tables are aligned to it, so they suit every granule.
const NEW_TABLE_ALIGN: u64 = 0x1_0000;

/// The smallest stage 2 page: a stage 1 table is translated by stage 2 in pieces of this size.
const S2_PIECE: u64 = 0x1000;

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

impl TableInfo {
    /// A whole stage 1 table of `granule` added by hand at the PA `at`, at `level`, with a walk's
    /// DS and `pa52`; `None` when `at` is not aligned to the table's size (the granule).
    pub fn by_hand(
        at: u64,
        level: i8,
        granule: Granule,
        ds: bool,
        pa52: bool,
    ) -> Option<TableInfo> {
        let table_bytes = 1u64 << granule.bits();
        at.is_multiple_of(table_bytes).then_some(TableInfo {
            stage: Stage::S1,
            level,
            addr: at,
            pa: Some(at),
            entries: 1u64 << granule.stride(),
            index: None,
            granule,
            ds,
            pa52,
        })
    }

    /// Its size in bytes.
    pub fn bytes(&self) -> u64 {
        self.entries.saturating_mul(DESC_BYTES)
    }

    /// Its last byte in guest memory, when it is there.
    pub fn last_byte(&self) -> Option<u64> {
        self.pa?
            .checked_add(self.entries.checked_mul(DESC_BYTES)?)?
            .checked_sub(1)
    }

    /// The address of entry `k` as the walk names it (an IPA for stage 1 under stage 2).
    pub fn entry_addr(&self, k: u64) -> u64 {
        self.addr.wrapping_add(k.wrapping_mul(DESC_BYTES))
    }

    /// What the descriptor `raw` is in this table (AArch64.DecodeDescriptorType()).
    pub fn kind(&self, raw: u64) -> DescKind {
        decode_kind(raw, self.granule, self.level, self.ds, self.pa52)
    }

    /// Whether an entry of this table may point to a next-level table (above the last level).
    pub fn holds_tables(&self) -> bool {
        self.level < FINAL_LEVEL
    }

    /// Whether an entry of this table may be a page (the last level) or a block.
    pub fn holds_leaves(&self) -> bool {
        self.level == FINAL_LEVEL || block_allowed(self.granule, self.level, self.ds, self.pa52)
    }

    /// A table descriptor for this table that points to the next-level table at `next`.
    pub fn new_table(&self, next: u64) -> u64 {
        S1TableDesc::pointing_to(next).0
    }

    /// A block (above the last level) or page descriptor for this table that maps `out`: see
    /// [`S1LeafDesc::mapping`] and [`S2LeafDesc::mapping`].
    pub fn new_leaf(&self, out: u64) -> u64 {
        match self.stage {
            Stage::S1 => S1LeafDesc::mapping(self.level, out).0,
            Stage::S2 => S2LeafDesc::mapping(self.level, out).0,
        }
    }
}

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
        let bytes = t.bytes();
        match s2 {
            Some(tr) if t.stage == Stage::S1 && t.index.is_some() => {
                let piece = bytes.clamp(DESC_BYTES, S2_PIECE);
                let pieces = (0..bytes.div_ceil(piece))
                    .map(|i| tr(t.addr.wrapping_add(i * piece)))
                    .collect();
                Layout { piece, pieces }
            }
            _ => Layout {
                piece: bytes.max(DESC_BYTES),
                pieces: vec![Some(pa)],
            },
        }
    }

    /// The PA of entry `k`, `None` where stage 2 does not map it.
    pub fn entry(&self, k: u64) -> Option<u64> {
        let off = k * DESC_BYTES;
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

/// A table on show: what the walk says of it and where its entries are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedTable {
    /// The table.
    pub info: TableInfo,
    /// Where its entries are; `None` when it is not in guest memory (the stage 2 translation of
    /// its address failed).
    pub layout: Option<Layout>,
}

impl PlacedTable {
    /// `info` placed in the memory of `s`: a walked stage 1 table under stage 2 piece by piece
    /// as stage 2 maps it, any other contiguous from its PA.
    pub fn new(s: &Scenario, info: TableInfo) -> PlacedTable {
        let mem = GuestMemory::new(&s.memory, s.ram.as_deref());
        let m = Machine {
            regs: Regs::from(&s.cpu),
            cpu: s.cpu_model(),
            mem: &mem,
        };
        let tr = |ipa: u64| {
            s2_translate_table(&m, crate::addr::Ipa(ipa), &mut NoTrace)
                .ok()
                .map(|pa| pa.0)
        };
        let s2 = m.stage2_on().then_some(&tr as &dyn Fn(u64) -> Option<u64>);
        let layout = info.pa.map(|pa| Layout::new(&info, pa, s2));
        PlacedTable { info, layout }
    }

    /// The rows to show with the memory `words`: see [`rows`]. A table not in memory has none.
    pub fn rows(
        &self,
        words: &BTreeMap<u64, u64>,
        opened: impl IntoIterator<Item = u64>,
    ) -> Vec<Row> {
        self.layout
            .as_ref()
            .map(|lay| rows(words, &self.info, lay, opened))
            .unwrap_or_default()
    }
}

/// Every table the walk `steps` reads, placed in the memory of `s`: stage 1 tables in walk order,
/// then the stage 2 tables.
pub fn walk_tables(s: &Scenario, steps: &[Step]) -> Vec<PlacedTable> {
    tables(steps)
        .into_iter()
        .map(|t| PlacedTable::new(s, t))
        .collect()
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
    // Stage 1 first, each stage in walk order: a partition, not a sort (a stable sort would
    // bring a whole sort routine into the wasm app).
    let (mut s1, s2): (Vec<TableInfo>, Vec<TableInfo>) =
        out.into_iter().partition(|t| t.stage == Stage::S1);
    s1.extend(s2);
    s1
}

/// A free, aligned address for a new table or page: above every word in memory, above the first
/// RAM range's base, and above `used` (the last byte of the tables on show, which may be empty).
pub fn free_table(s: &Scenario, used: u64) -> Option<u64> {
    let top = s.memory.keys().next_back().copied().unwrap_or(0);
    let base = s.ram.as_ref().and_then(|r| r.first()).map_or(0, |r| r.base);
    top.max(base)
        .max(used)
        .checked_add(1)?
        .checked_next_multiple_of(NEW_TABLE_ALIGN)
}

/// A row of a table view: an entry, or a run of empty entries folded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    /// Entry `k`.
    Entry(u64),
    /// `n` empty entries from `from`.
    Fold {
        /// The first.
        from: u64,
        /// How many.
        n: u64,
    },
    /// `n` entries from `from` whose IPAs stage 2 does not map.
    Unmapped {
        /// The first.
        from: u64,
        /// How many.
        n: u64,
    },
}

/// The rows of table `t` laid out as `lay` in the memory `words`: the indexed entry, every
/// non-empty entry, the entries `opened` by hand, folds for the empty runs between, and runs that
/// stage 2 does not map.
pub fn rows(
    words: &BTreeMap<u64, u64>,
    t: &TableInfo,
    lay: &Layout,
    opened: impl IntoIterator<Item = u64>,
) -> Vec<Row> {
    let per = (lay.piece / DESC_BYTES).max(1);
    let mut ks: BTreeSet<u64> = BTreeSet::new();
    let mut holes: Vec<(u64, u64)> = Vec::new();
    for (i, p) in lay.pieces.iter().enumerate() {
        let first = i as u64 * per;
        let n = per.min(t.entries.saturating_sub(first));
        match p {
            Some(pa) => ks.extend(
                words
                    .range(*pa..pa.saturating_add(n * DESC_BYTES))
                    .map(|(at, _)| first + (at - pa) / DESC_BYTES),
            ),
            None => match holes.last_mut() {
                Some((f, m)) if *f + *m == first => *m += n,
                _ => holes.push((first, n)),
            },
        }
    }
    let mapped = |k: &u64| lay.entry(*k).is_some();
    ks.extend(t.index.filter(mapped));
    ks.extend(opened.into_iter().filter(|k| *k < t.entries).filter(mapped));
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
