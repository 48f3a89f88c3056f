//! Stage 2 under the stage 1 walk: every stage 1 table address is an IPA
//! that the guest hypervisor's stage 2 (VTCR_EL2, VTTBR_EL2) translates
//! before the descriptor is read (AArch64.S2Translate() with a TTW access).
//! [`config`] holds VTCR_EL2's checks, [`walk`] the levels and the leaf.

pub mod config;
pub mod walk;

use crate::addr::{Ipa, Pa, Word, bits};
use crate::descriptor::Oa52;
use crate::fault::{Fault, FaultKind, Stage};
use crate::features::Feature;
use crate::granule::Granule;
use crate::machine::{Machine, physical_address_size};
use crate::memory::PhysMem;
use crate::rules::Rule;
use crate::trace::{AddrWhat, Sink, StepKind, record};
use crate::walk::geometry::Entry;
use crate::walk::geometry::{Geometry, baddr_is_52bit, table_base, table_bytes, txsz_limits};
use crate::walk::levels::{index_step, size_check};
use crate::walk::subwalk::{self, SubWalk};
use crate::walk::{Arch, Format, Variant, step};

pub use crate::walk::s2_start::{S2Config, S2Fail, S2Start};

/// How a stage 1 walk reaches memory: the identity when stage 2 is off, the
/// guest hypervisor's stage 2 when it is on, or (for KVM's fast path) a
/// shadow stage 2 in front of it.
pub trait TableStage2 {
    /// Translates the IPA of a stage 1 descriptor read at stage 1 `level`;
    /// stage 2 steps go into `sink`.
    ///
    /// # Errors
    /// The stage 2 fault on the walk.
    fn translate<S: Sink>(&self, ipa: Ipa, s1_level: i8, sink: &mut S) -> Result<Pa, Fault>;
}

/// The architecture's stage 2: the guest hypervisor's tables, or nothing.
pub struct ArchStage2<'m, 'a, M: PhysMem> {
    /// The machine.
    pub m: &'m Machine<'a, M>,
}

impl<M: PhysMem> SubWalk for ArchStage2<'_, '_, M> {
    type Out = Result<Pa, Fault>;
    fn run<S: Sink>(&self, ipa: Ipa, sink: &mut S) -> Self::Out {
        s2_translate_table(self.m, ipa, sink)
    }
    fn reached(out: &Self::Out) -> (bool, Option<Pa>) {
        (out.is_ok(), out.ok())
    }
}

impl<M: PhysMem> TableStage2 for ArchStage2<'_, '_, M> {
    fn translate<S: Sink>(&self, ipa: Ipa, _s1_level: i8, sink: &mut S) -> Result<Pa, Fault> {
        if !self.m.stage2_on() {
            return Ok(Pa(ipa.0));
        }
        subwalk::record(self, ipa, sink)
    }
}

/// The architecture's stage 2 walk of a stage 1 table address, as a TTW
/// read access: AArch64.S2Translate(), AArch64.S2Walk(),
/// AArch64.S2CheckPermissions().
///
/// # Errors
/// A stage 2 fault on the walk (stage 2, PTW), at the stage 2 level.
pub fn s2_translate_table<M: PhysMem, S: Sink>(
    m: &Machine<'_, M>,
    ipa: Ipa,
    sink: &mut S,
) -> Result<Pa, Fault> {
    match s2_walk(m, &Arch, ipa, sink) {
        Ok(leaf) => Ok(leaf.pa),
        Err(S2Fail::Fault(f)) => Err(f),
        // The architecture always reports a status.
        Err(S2Fail::NoStatus(_)) => Err(Fault::s2_on_walk(FaultKind::Translation, 0)),
    }
}

/// A stage 2 walk that reached a leaf.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct S2Leaf {
    /// The output address.
    pub pa: Pa,
    /// The leaf's level.
    pub level: i8,
    /// The leaf's S2AP.
    pub s2ap: u8,
    /// The leaf descriptor.
    pub raw: u64,
    /// The PA the leaf descriptor was read from.
    pub desc_pa: u64,
}

/// The stage 2 walk of a stage 1 table address, asking `v` at each choice point.
///
/// # Errors
/// A stage 2 fault on the walk, or the variant's failure without a status.
pub fn s2_walk<M: PhysMem, V: Variant, S: Sink>(
    m: &Machine<'_, M>,
    v: &V,
    ipa: Ipa,
    sink: &mut S,
) -> Result<S2Leaf, S2Fail> {
    let ipa = ipa.0;
    let r = &m.regs;
    let vtcr = r.vtcr;
    let fault = |kind, level| Err(S2Fail::Fault(Fault::s2_on_walk(kind, level)));
    // AArch64.S2DecodeTG0(); a reserved 0b11 is the variant's choice.
    let granule = match Granule::from_tg0(vtcr.tg0()) {
        Some(g) => g,
        None => v
            .reserved_granule(Stage::S2, "VTCR_EL2.TG0", vtcr.tg0())
            .take(sink),
    };
    let ds = vtcr.ds() && granule != Granule::K64 && m.has(Feature::Lpa2);
    let sl2 = vtcr.sl2() && ds && granule == Granule::K4;
    let sl = (u8::from(sl2) << 2) | vtcr.sl0();
    let t0sz = vtcr.t0sz();
    let ps = vtcr.ps();
    let lpa = m.has(Feature::Lpa);
    let min = config::min_t0sz(m, granule, ds);
    let (_, max) = txsz_limits(m, granule, ds);
    // AArch64.S2TxSZFaults(): below the minimum faults with FEAT_LPA; the
    // other cases are IMPLEMENTATION DEFINED: this model faults, as QEMU does.
    let txsz_ok = (min..=max).contains(&t0sz);
    let start = config::start_level(granule, sl);
    let ia_bits = 64 - t0sz;
    let sl_bad = !txsz_ok
        || start.is_none_or(|s| {
            config::invalid_sl(m, granule, sl, ds) || config::inconsistent_sl(granule, s, ia_bits)
        });
    let cfg = S2Config {
        granule,
        t0sz,
        sl0: vtcr.sl0(),
        ps,
        ia_bits,
        ds,
        ok: txsz_ok && !sl_bad,
    };
    if let Some(own) = v.s2_setup(m, ipa, &cfg, sink) {
        return walk::levels_and_leaf(m, v, ipa, &own?, sink);
    }
    record(sink, || {
        step(
            Stage::S2,
            None,
            txsz_ok && !sl_bad,
            Rule::Stage2Config,
            StepKind::S2Config {
                t0sz,
                min,
                max,
                sl,
                sl_bad: txsz_ok && sl_bad,
            },
        )
    });
    let Some(start) = start.filter(|_| !sl_bad) else {
        return fault(FaultKind::Translation, 0);
    };

    // AArch64.IPAIsOutOfRange(): IPA bits at and above the input size must be zero.
    let ipa_ok = bits(ipa, 63, ia_bits) == 0;
    record(sink, || {
        step(
            Stage::S2,
            None,
            ipa_ok,
            Rule::IpaRange,
            StepKind::IpaRange {
                ipa: Word(ipa),
                ia_bits,
            },
        )
    });
    if !ipa_ok {
        return fault(FaultKind::Translation, 0);
    }

    let oa_bits = physical_address_size(ps, ds, granule == Granule::K64, lpa, m.pa_max());
    let ha = m.s2_ha();
    let fmt = Format {
        ds,
        pa52: m.pa52(),
        oa52: Oa52::for_walk(granule, ds),
        baddr52: baddr_is_52bit(granule, ds, ps, lpa),
        ha,
        hd: false,
    };
    let g = Geometry {
        granule,
        ia_bits,
        start,
    };
    let tbits = g.first_table_bits();
    let baddr = table_base(r.vttbr.0, tbits, fmt.baddr52);
    record(sink, || {
        step(
            Stage::S2,
            Some(start),
            true,
            Rule::Stage2StartLevel,
            StepKind::WalkParams {
                granule,
                ia_bits,
                start_level: start,
                ps,
                oa_bits,
                ds,
                pa52: fmt.pa52,
                hpd: false,
                ha,
                baddr: Word(baddr),
                table_bytes: table_bytes(tbits, fmt.baddr52),
            },
        )
    });
    // AArch64.S2Walk(): the first descriptor address against the output size.
    let (first, fits) = first_entry(&g, baddr, ipa, oa_bits, sink);
    if !fits {
        return fault(FaultKind::AddressSize, 0);
    }
    let s = S2Start {
        geometry: g,
        oa_bits,
        fmt,
        arch: fmt,
        first_entry: first,
    };
    walk::levels_and_leaf(m, v, ipa, &s, sink)
}

/// A stage 2 walk's first entry: its Index step and its check against
/// the output size. Returns the entry's address and whether it fits.
pub fn first_entry<S: Sink>(
    g: &Geometry,
    baddr: u64,
    ipa: u64,
    oa_bits: u8,
    sink: &mut S,
) -> (u64, bool) {
    let e: Entry = g.entry(baddr, ipa, g.start);
    record(sink, || {
        index_step(Stage::S2, Rule::Stage2StartLevel, g.start, ipa, &e)
    });
    let fits = size_check(Stage::S2, AddrWhat::Ttbr, e.addr, oa_bits, g.start, sink);
    (e.addr, fits)
}
