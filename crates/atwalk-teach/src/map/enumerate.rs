//! Enumerating the leaves: each half's set-up by the core, then every
//! table the half can reach, read as the walker reads it (through stage 2,
//! big-endian with SCTLR_EL1.EE), each valid entry decoded by the core.

use atwalk_core::addr::{Ipa, Va, mask};
use atwalk_core::descriptor::{DescKind, S1TableDesc, decode_kind, next_table_base};
use atwalk_core::fault::Stage;
use atwalk_core::granule::{DESC_SIZE_LOG2, Granule};
use atwalk_core::machine::{Machine, Regs};
use atwalk_core::memory::{GuestMemory, PhysMem};
use atwalk_core::op::AtOp;
use atwalk_core::perms::TablePerms;
use atwalk_core::scenario::Scenario;
use atwalk_core::stage1::{self, S1Params, Setup};
use atwalk_core::stage2::{self, S2Fail};
use atwalk_core::trace::{AddrWhat, NoTrace, Sink, Step};
use atwalk_core::walk::levels::{Walk, size_check};
use atwalk_core::walk::{Arch, Variant};

use super::{AddressMap, HalfInfo, MapNote, MapOptions, Region};

/// The stage 2 translation of a data access (the output of a leaf): the
/// walk of the architecture without the checks that apply to a stage 1
/// table read (HCR_EL2.PTW, S2AP read); the map reports S2AP itself.
pub(super) struct DataAccess;

impl Variant for DataAccess {
    fn s2_leaf_checks<M: PhysMem, S: Sink>(
        &self,
        _m: &Machine<'_, M>,
        _level: i8,
        _raw: u64,
        _sink: &mut S,
    ) -> Option<()> {
        Some(())
    }
}

/// Stop enumerating: a bound was hit.
pub(super) struct Stop;

/// How a half ended.
enum Walked {
    /// Walked (or noted why not).
    Half,
    /// Stage 1 is off: there are no halves.
    StageOneOff,
}

pub(super) struct Ctx<'a, 'm> {
    pub(super) s: &'a Scenario,
    pub(super) m: &'a Machine<'m, GuestMemory<'m>>,
    pub(super) opts: MapOptions,
    pub(super) out: AddressMap,
    pub(super) s2_walks: usize,
    /// The stage 2 granule (a reserved TG0 decoded as the walker does).
    pub(super) s2_granule: Granule,
    /// The last leaf properties computed, and what they were computed from.
    pub(super) last: Option<(PropsKey, Region)>,
}

/// What a leaf's permissions and attributes depend on: the descriptor's
/// bits other than its output address, the level, the table limits, the
/// half (its parameters) and whether EL0 may use it.
pub(super) type PropsKey = (u64, i8, TablePerms, u8, bool);

/// The output address bits of a block or page descriptor, [47:12] (the
/// rest, including the 52-bit forms' bits, is part of the cache key).
pub(super) const OA_BITS: u64 = 0x0000_ffff_ffff_f000;

/// What a half's walk keeps while it descends.
#[derive(Clone, Copy)]
pub(super) struct Half<'p> {
    pub(super) ttbr: u8,
    pub(super) p: &'p S1Params,
    pub(super) el0: bool,
}

pub(super) fn run(s: &Scenario, opts: MapOptions) -> AddressMap {
    let mem = GuestMemory::new(&s.memory, s.ram.as_deref());
    let m = Machine {
        regs: Regs::from(&s.cpu),
        cpu: s.cpu_model(),
        mem: &mem,
    };
    let tg0 = m.regs.vtcr.tg0();
    let s2_granule = Granule::from_tg0(tg0)
        .unwrap_or_else(|| Arch.reserved_granule(Stage::S2, "VTCR_EL2.TG0", tg0).value);
    let mut cx = Ctx {
        s,
        m: &m,
        opts,
        out: AddressMap {
            stage2: m.stage2_on(),
            ..AddressMap::default()
        },
        s2_walks: 0,
        s2_granule,
        last: None,
    };
    for ttbr in [0u8, 1] {
        match cx.half(ttbr) {
            Ok(Walked::Half) => {}
            // Stage 1 off is decided before either half is chosen.
            Ok(Walked::StageOneOff) => break,
            Err(Stop) => {
                cx.out.truncated = true;
                break;
            }
        }
    }
    cx.out
}

/// The sentence of the step that failed, or a fallback.
fn failed(steps: &[Step], fallback: &str) -> String {
    steps
        .iter()
        .rev()
        .find(|s| !s.ok)
        .map_or_else(|| fallback.to_owned(), Step::sentence)
}

impl Ctx<'_, '_> {
    /// A note about one half: `TTBRn_EL1: text`.
    fn note(&mut self, ttbr: u8, text: String) {
        let text = format!("TTBR{ttbr}_EL1: {text}");
        self.out.notes.push(MapNote { ttbr, text });
    }

    fn half(&mut self, ttbr: u8) -> Result<Walked, Stop> {
        let probe = if ttbr == 0 { 0 } else { u64::MAX };
        let mut steps = Vec::new();
        let setup =
            stage1::setup_phase(self.m, &Arch, &AtOp::S1E1R.access(), Va(probe), &mut steps);
        let p = match setup {
            Err(_) => {
                let why = failed(&steps, "the set-up faults");
                self.note(ttbr, format!("not walked: {why}"));
                return Ok(Walked::Half);
            }
            Ok(Setup::Flat(_)) => {
                self.out.notes.push(MapNote {
                    ttbr,
                    text: "No tables are walked: stage 1 is off (SCTLR_EL1.M = 0, or HCR_EL2.DC or TGE set), so every VA is its own output address.".to_owned(),
                });
                return Ok(Walked::StageOneOff);
            }
            Ok(Setup::Walk(p)) => p,
        };
        let mut el0_steps = Vec::new();
        let el0 = stage1::setup_phase(
            self.m,
            &Arch,
            &AtOp::S1E0R.access(),
            Va(probe),
            &mut el0_steps,
        )
        .is_ok();
        if !el0 {
            let why = failed(&el0_steps, "EL0's set-up faults");
            self.note(ttbr, format!("no EL0 access: {why}"));
        }
        let g = p.geometry();
        self.out.halves.push(HalfInfo {
            ttbr,
            granule_bits: p.granule.bits(),
            ia_bits: p.ia_bits,
            start_level: p.start_level,
            oa_bits: p.oa_bits,
            baddr: p.baddr,
        });
        if !size_check(
            Stage::S1,
            AddrWhat::Ttbr,
            p.baddr,
            p.oa_bits,
            p.start_level,
            &mut NoTrace,
        ) {
            self.note(
                ttbr,
                format!(
                    "its table at 0x{:016x} is above the {}-bit output size: every walk ends in an Address size fault at level 0.",
                    p.baddr, p.oa_bits
                ),
            );
            return Ok(Walked::Half);
        }
        let va_base = if ttbr == 0 {
            0
        } else {
            !mask(p.ia_bits - 1, 0)
        };
        let entries = 1usize << (g.first_table_bits() - DESC_SIZE_LOG2);
        let half = Half { ttbr, p: &p, el0 };
        self.table(
            half,
            p.start_level,
            p.baddr,
            entries,
            va_base,
            TablePerms::default(),
        )?;
        Ok(Walked::Half)
    }

    /// Every entry of the table at `ipa` (a PA when stage 2 is off).
    fn table(
        &mut self,
        h: Half<'_>,
        level: i8,
        ipa: u64,
        entries: usize,
        va_base: u64,
        t: TablePerms,
    ) -> Result<(), Stop> {
        let bytes = (entries as u64) << DESC_SIZE_LOG2;
        let mut off = 0;
        let mut noted = false;
        while off < bytes {
            let at = ipa + off;
            let (pa, chunk) = if self.out.stage2 {
                match stage2::s2_walk(self.m, &Arch, Ipa(at), &mut NoTrace) {
                    Ok(leaf) => (Some(leaf.pa.0), self.s2_chunk(at, leaf.level)),
                    Err(e) => {
                        let level_s2 = match e {
                            S2Fail::Fault(f) => f.level,
                            S2Fail::NoStatus(_) => 0,
                        };
                        if !noted {
                            noted = true;
                            let what = match e {
                                S2Fail::Fault(f) => f.to_string(),
                                S2Fail::NoStatus(_) => "an error".to_owned(),
                            };
                            self.note(
                                h.ttbr,
                                format!(
                                    "the level {level} table at IPA 0x{at:016x} is not readable: its stage 2 walk ends in a {what}."
                                ),
                            );
                        }
                        (None, self.s2_chunk(at, level_s2))
                    }
                }
            } else {
                (Some(at), u64::MAX)
            };
            let chunk = chunk.min(bytes - off);
            if let Some(pa) = pa {
                self.read(h, level, pa, off, chunk, va_base, t)?;
            }
            off += chunk;
        }
        Ok(())
    }

    /// Bytes from `ipa` to the end of the stage 2 leaf (or faulting entry)
    /// at `level` that holds it.
    pub(super) fn s2_chunk(&self, ipa: u64, level: i8) -> u64 {
        let bits = self.s2_granule.leaf_bits(level).min(63);
        (ipa | mask(bits - 1, 0)).wrapping_add(1).wrapping_sub(ipa)
    }

    /// The entries from byte `off` of a table, `chunk` bytes at `pa`.
    #[allow(clippy::too_many_arguments)]
    fn read(
        &mut self,
        h: Half<'_>,
        level: i8,
        pa: u64,
        off: u64,
        chunk: u64,
        va_base: u64,
        t: TablePerms,
    ) -> Result<(), Stop> {
        let end = pa + chunk;
        let whole = match &self.s.ram {
            None => true,
            Some(ranges) => ranges
                .iter()
                .any(|r| pa >= r.base && end - 1 - r.base < r.size),
        };
        if whole {
            // Words not listed read as 0, an invalid descriptor: only the
            // listed ones can map anything.
            for (&addr, &word) in self.s.memory.range(pa..end) {
                let index = ((addr - pa + off) >> DESC_SIZE_LOG2) as usize;
                self.entry(h, level, index, word, va_base, t)?;
            }
            return Ok(());
        }
        let mut aborted = false;
        for a in (pa..end).step_by(8) {
            match self.m.mem.read(a) {
                Some(word) => {
                    let index = ((a - pa + off) >> DESC_SIZE_LOG2) as usize;
                    self.entry(h, level, index, word, va_base, t)?;
                }
                None if !aborted => {
                    aborted = true;
                    self.note(
                        h.ttbr,
                        format!(
                            "no memory at 0x{a:016x}, in the level {level} table: a walk reading there takes an External abort."
                        ),
                    );
                }
                None => {}
            }
        }
        Ok(())
    }

    fn entry(
        &mut self,
        h: Half<'_>,
        level: i8,
        index: usize,
        word: u64,
        va_base: u64,
        t: TablePerms,
    ) -> Result<(), Stop> {
        self.out.entries += 1;
        if self.out.entries > self.opts.max_entries {
            return Err(Stop);
        }
        let p = h.p;
        let raw = if p.ee { word.swap_bytes() } else { word };
        let (_, lo) = p.geometry().index_bits(level);
        let va = va_base | ((index as u64) << lo);
        // The walker's decoding (what its Arch variant answers).
        match decode_kind(raw, p.granule, level, p.fmt.ds, p.fmt.pa52) {
            DescKind::Invalid | DescKind::Reserved => Ok(()),
            DescKind::Table => {
                let next = next_table_base(raw, p.granule, p.fmt.oa52);
                if !size_check(
                    Stage::S1,
                    AddrWhat::Table,
                    next,
                    p.oa_bits,
                    level,
                    &mut NoTrace,
                ) {
                    self.note(
                        h.ttbr,
                        format!(
                            "the level {level} table descriptor for VA 0x{va:016x} points at 0x{next:016x}, above the {}-bit output size: walks there end in an Address size fault at level {level}.",
                            p.oa_bits
                        ),
                    );
                    return Ok(());
                }
                let mut t = t;
                if !p.hpd {
                    // The limits the walker gathers (AArch64.S1ApplyTablePerms()).
                    let d = S1TableDesc(raw);
                    t.ap_table |= d.ap_table();
                    t.uxn_table |= d.uxn_table();
                    t.pxn_table |= d.pxn_table();
                }
                let entries = 1usize << p.granule.stride();
                self.table(h, level + 1, next, entries, va, t)
            }
            kind @ (DescKind::Block | DescKind::Page) => self.leaf(h, level, kind, raw, va, t),
        }
    }
}

pub(super) fn walk_of(p: &S1Params) -> Walk<'_> {
    Walk {
        geometry: p.geometry(),
        oa_bits: p.oa_bits,
        fmt: &p.fmt,
        arch: &p.arch,
    }
}
