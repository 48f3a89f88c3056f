//! A leaf of the map: its output, permissions and attributes (the core's
//! leaf_output, perms and attrs), split by stage 2 when it is on, and
//! merged into the row it continues.

use atwalk_core::addr::{Ipa, Va};
use atwalk_core::attrs;
use atwalk_core::descriptor::{DescKind, S1LeafDesc, leaf_base};
use atwalk_core::fault::{Fault, Stage};
use atwalk_core::features::Feature;
use atwalk_core::perms::{self, TablePerms};
use atwalk_core::regs::MemAttr;
use atwalk_core::stage1;
use atwalk_core::stage2::{self, S2Fail};
use atwalk_core::trace::NoTrace;
use atwalk_core::walk::{Arch, Variant};

use super::enumerate::{Ctx, DataAccess, Half, OA_BITS, Stop, walk_of};
use super::{LeafKind, Region, Rwx, S2Map};

impl Ctx<'_, '_> {
    pub(super) fn leaf(
        &mut self,
        h: Half<'_>,
        level: i8,
        kind: DescKind,
        raw: u64,
        va: u64,
        t: TablePerms,
    ) -> Result<(), Stop> {
        let p = h.p;
        let size = 1u64 << p.granule.leaf_bits(level);
        let fault = stage1::leaf_output(&Arch, p, Va(va), level, raw, &mut NoTrace)
            .err()
            .map(|f: Fault| f.kind);
        let oa = leaf_base(raw, p.granule, level, p.fmt.oa52);
        // Neighbouring leaves usually share their attributes: the last
        // computation is kept, keyed by everything it reads.
        let key = (raw & !OA_BITS, level, t, h.ttbr, h.el0);
        let props = match self.last {
            Some((k, props)) if k == key => props,
            _ => {
                let props = self.props(h, level, raw, t);
                self.last = Some((key, props));
                props
            }
        };
        let row = Region {
            ttbr: h.ttbr,
            va,
            size,
            oa,
            pa: Some(oa),
            level,
            kind: if kind == DescKind::Page {
                LeafKind::Page
            } else {
                LeafKind::Block
            },
            fault,
            s2: None,
            ..props
        };
        if !self.out.stage2 {
            return self.push(row);
        }
        // Stage 2 on: one row per stage 2 leaf (or fault) under the output.
        let mut off = 0;
        while off < size {
            self.s2_walks += 1;
            if self.s2_walks > self.opts.max_s2_walks {
                return Err(Stop);
            }
            let ipa = oa + off;
            let (pa, s2, chunk) = match stage2::s2_walk(self.m, &DataAccess, Ipa(ipa), &mut NoTrace)
            {
                Ok(l) => (
                    Some(l.pa.0),
                    S2Map::Mapped { s2ap: l.s2ap },
                    self.s2_chunk(ipa, l.level),
                ),
                Err(S2Fail::Fault(f)) => (
                    None,
                    S2Map::Fault {
                        kind: f.kind,
                        level: f.level,
                    },
                    self.s2_chunk(ipa, f.level),
                ),
                Err(S2Fail::NoStatus(_)) => (
                    None,
                    S2Map::Fault {
                        kind: atwalk_core::fault::FaultKind::Translation,
                        level: 0,
                    },
                    size - off,
                ),
            };
            let chunk = chunk.min(size - off);
            self.push(Region {
                va: va + off,
                size: chunk,
                oa: ipa,
                pa,
                s2: Some(s2),
                ..row
            })?;
            off += chunk;
        }
        Ok(())
    }

    /// A leaf's permissions and attributes (the rest of the row is the
    /// caller's): the core's direct permissions, PAN and WXN, attributes.
    fn props(&self, h: Half<'_>, level: i8, raw: u64, t: TablePerms) -> Region {
        let p = h.p;
        let r = &self.m.regs;
        let walk = walk_of(p);
        let d = S1LeafDesc(raw);
        let dbm_hd = Arch.dirty_state(walk.at(Stage::S1, level), d.dbm()).value;
        let base = perms::direct(d.ap(), d.uxn(), d.pxn(), dbm_hd, t);
        let pan = self.m.has(Feature::Pan) && perms::pan(base, true, p.epan).1;
        let (el1, _) = perms::wxn(base, r.sctlr.wxn(), false);
        let (el0, _) = perms::wxn(base, r.sctlr.wxn(), true);
        let sh = if p.fmt.ds { p.sh } else { d.sh() };
        let a = attrs::output(r.mair.attr(d.attr_indx()), sh, r.sctlr.c());
        Region {
            ttbr: h.ttbr,
            va: 0,
            size: 0,
            oa: 0,
            pa: None,
            level,
            kind: LeafKind::Page,
            contiguous: d.contiguous(),
            attr: a.reported_attr,
            mem: MemAttr::decode(a.resulting_attr),
            el1: Rwx {
                r: el1.pr,
                w: el1.pw,
                x: el1.px,
            },
            el0: if h.el0 {
                Rwx {
                    r: el0.ur,
                    w: el0.uw,
                    x: el0.ux,
                }
            } else {
                Rwx::default()
            },
            pan,
            fault: None,
            s2: None,
        }
    }

    /// Adds a row, merged with the previous one when it continues it.
    fn push(&mut self, r: Region) -> Result<(), Stop> {
        if let Some(last) = self.out.rows.last_mut()
            && continues(last, &r)
        {
            last.size += r.size;
            return Ok(());
        }
        if self.out.rows.len() >= self.opts.max_rows {
            return Err(Stop);
        }
        self.out.rows.push(r);
        Ok(())
    }
}

/// Whether `r` continues `last`: adjacent VAs and outputs, the same properties.
fn continues(last: &Region, r: &Region) -> bool {
    let next = |a: u64| a.checked_add(last.size);
    let pa_ok = match (last.pa, r.pa) {
        (Some(a), Some(b)) => next(a) == Some(b),
        (None, None) => true,
        _ => false,
    };
    next(last.va) == Some(r.va)
        && next(last.oa) == Some(r.oa)
        && pa_ok
        && (last.ttbr, last.level, last.kind, last.contiguous)
            == (r.ttbr, r.level, r.kind, r.contiguous)
        && (last.attr, last.mem, last.el1, last.el0) == (r.attr, r.mem, r.el1, r.el0)
        && (last.pan, last.fault, last.s2) == (r.pan, r.fault, r.s2)
}
