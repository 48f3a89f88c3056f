//! Stage 2 under the stage 1 walk: every stage 1 table address is an IPA
//! that the guest hypervisor's stage 2 (VTCR_EL2, VTTBR_EL2) translates
//! before the descriptor is read (AArch64.S2Translate() with a TTW access).

use crate::addr::{Pa, Word, bits, mask};
use crate::descriptor::{
    DescKind, Oa52, S1TableDesc, S2LeafDesc, decode_kind, leaf_base, next_table_base,
};
use crate::fault::{Fault, FaultKind, Stage};
use crate::features::Feature;
use crate::granule::{DESC_SIZE_LOG2, FINAL_LEVEL, Granule};
use crate::machine::{Machine, physical_address_size};
use crate::memory::PhysMem;
use crate::params::{table_base, txsz_limits};
use crate::rules::Rule;
use crate::trace::{AddrWhat, NoTrace, Sink, Step, StepKind, record};

/// How a stage 1 walk reaches memory: the identity when stage 2 is off, the
/// guest hypervisor's stage 2 when it is on, or (for KVM's fast path) a
/// shadow stage 2 in front of it.
pub trait TableStage2 {
    /// Translates the IPA of a stage 1 descriptor read at stage 1 `level`;
    /// stage 2 steps go into `sink`.
    ///
    /// # Errors
    /// The stage 2 fault on the walk.
    fn translate<S: Sink>(&self, ipa: u64, s1_level: i8, sink: &mut S) -> Result<u64, Fault>;
}

/// The architecture's stage 2: the guest hypervisor's tables, or nothing.
pub struct ArchStage2<'m, 'a, M: PhysMem> {
    /// The machine.
    pub m: &'m Machine<'a, M>,
}

impl<M: PhysMem> TableStage2 for ArchStage2<'_, '_, M> {
    fn translate<S: Sink>(&self, ipa: u64, _s1_level: i8, sink: &mut S) -> Result<u64, Fault> {
        if !self.m.stage2_on() {
            return Ok(ipa);
        }
        if S::ENABLED {
            let mut steps = Vec::new();
            let out = s2_translate_table(self.m, ipa, &mut steps);
            sink.push(Step {
                stage: Stage::S2,
                level: None,
                ok: out.is_ok(),
                rule: Rule::Stage2Translate,
                kind: StepKind::Stage2 {
                    ipa: Word(ipa),
                    steps,
                    pa: out.ok().map(Pa),
                },
            });
            out
        } else {
            s2_translate_table(self.m, ipa, &mut NoTrace)
        }
    }
}

/// AArch64.S2StartLevel() for a 64-bit descriptor walk.
fn s2_start_level(granule: Granule, sl: u8) -> Option<i8> {
    match granule {
        Granule::K4 => match sl {
            0b000 => Some(2),
            0b001 => Some(1),
            0b010 => Some(0),
            0b011 => Some(3),
            0b100 => Some(-1),
            _ => None,
        },
        Granule::K16 => match sl & 0b11 {
            0b00 => Some(3),
            0b01 => Some(2),
            0b10 => Some(1),
            _ => Some(0),
        },
        Granule::K64 => match sl & 0b11 {
            0b00 => Some(3),
            0b01 => Some(2),
            0b10 => Some(1),
            _ => None,
        },
    }
}

/// AArch64.S2InvalidSL(): SL0 (and SL2) values the PE does not allow.
fn s2_invalid_sl<M: PhysMem>(m: &Machine<'_, M>, granule: Granule, sl: u8, ds: bool) -> bool {
    let pa_max = m.pa_max();
    match granule {
        Granule::K4 => match sl {
            0b101..=0b111 => true,
            0b100 => pa_max < 52,
            0b010 => pa_max < 44,
            0b011 => !m.has(Feature::Ttst),
            _ => false,
        },
        Granule::K16 => match sl & 0b11 {
            0b11 => !ds || pa_max < 52,
            0b10 => pa_max < 42,
            _ => false,
        },
        Granule::K64 => match sl & 0b11 {
            0b11 => true,
            0b10 => pa_max < 44,
            _ => false,
        },
    }
}

/// AArch64.S2InconsistentSL(): the input size must need the start level
/// and fit it with at most 16 concatenated tables.
fn s2_inconsistent_sl(granule: Granule, start: i8, ia_bits: u8) -> bool {
    let levels = (FINAL_LEVEL - start) as u8;
    let stride = granule.stride();
    let sl_min = levels * stride + granule.bits() + 1;
    let sl_max = sl_min + (stride - 1) + 4;
    ia_bits < sl_min || ia_bits > sl_max
}

/// The stage 2 walk of a stage 1 table address, as a TTW read access:
/// AArch64.S2Translate(), AArch64.S2Walk(), AArch64.S2CheckPermissions().
///
/// # Errors
/// A stage 2 fault on the walk (stage 2, PTW), at the stage 2 level.
pub fn s2_translate_table<M: PhysMem, S: Sink>(
    m: &Machine<'_, M>,
    ipa: u64,
    sink: &mut S,
) -> Result<u64, Fault> {
    let r = &m.regs;
    let vtcr = r.vtcr;
    let fault = |kind, level| Err(Fault::s2_on_walk(kind, level));
    // AArch64.S2DecodeTG0(); IMPLEMENTATION DEFINED: reserved 0b11 is 4KB, as in QEMU.
    let granule = Granule::from_tg0(vtcr.tg0()).unwrap_or(Granule::K4);
    let ds = vtcr.ds() && granule != Granule::K64 && m.has(Feature::Lpa2);
    let sl2 = vtcr.sl2() && ds && granule == Granule::K4;
    let sl = (u8::from(sl2) << 2) | vtcr.sl0();
    let t0sz = vtcr.t0sz();
    let ps = vtcr.ps();
    let lpa = m.has(Feature::Lpa);

    // AArch64.S2MinTxSZ(): the IPA size is bounded by the PA size.
    let ips_max = if m.pa_max() >= 52 {
        if granule == Granule::K64 || ds {
            52
        } else {
            48
        }
    } else {
        m.pa_max()
    };
    let min = 64 - ips_max;
    let (_, max) = txsz_limits(m, granule, ds);
    // AArch64.S2TxSZFaults(): below the minimum faults with FEAT_LPA; the
    // other cases are IMPLEMENTATION DEFINED: this model faults, as QEMU does.
    let txsz_ok = (min..=max).contains(&t0sz);
    let start = s2_start_level(granule, sl);
    let ia_bits = 64 - t0sz;
    let sl_bad = !txsz_ok
        || start.is_none_or(|s| {
            s2_invalid_sl(m, granule, sl, ds) || s2_inconsistent_sl(granule, s, ia_bits)
        });
    record(sink, || Step {
        stage: Stage::S2,
        level: None,
        ok: txsz_ok && !sl_bad,
        rule: Rule::Stage2Config,
        kind: StepKind::S2Config {
            t0sz,
            min,
            max,
            sl,
            sl_bad: txsz_ok && sl_bad,
        },
    });
    let Some(start) = start.filter(|_| !sl_bad) else {
        return fault(FaultKind::Translation, 0);
    };

    // AArch64.IPAIsOutOfRange(): IPA bits at and above the input size must be zero.
    let ipa_ok = bits(ipa, 63, ia_bits) == 0;
    record(sink, || Step {
        stage: Stage::S2,
        level: None,
        ok: ipa_ok,
        rule: Rule::IpaRange,
        kind: StepKind::IpaRange {
            ipa: Word(ipa),
            ia_bits,
        },
    });
    if !ipa_ok {
        return fault(FaultKind::Translation, 0);
    }

    let oa_bits = physical_address_size(ps, ds, granule == Granule::K64, lpa, m.pa_max());
    let pa52 = m.pa_max() >= 52;
    let oa52 = if granule == Granule::K64 {
        Oa52::Lpa64K
    } else if ds {
        Oa52::Ds
    } else {
        Oa52::None
    };
    // As at stage 1 (see params.rs): VTCR_EL2.PS = 0b110 or 0b111 with 64KB.
    let baddr52 = ds || (granule == Granule::K64 && ps >= 0b110 && lpa);
    let levels = (FINAL_LEVEL - start) as u8;
    let tbits = ia_bits - (levels * granule.stride() + granule.bits()) + DESC_SIZE_LOG2;
    let baddr = table_base(r.vttbr.0, tbits, baddr52);
    let ha = vtcr.ha() && m.has(Feature::Hafdbs);
    record(sink, || Step {
        stage: Stage::S2,
        level: Some(start),
        ok: true,
        rule: Rule::Stage2StartLevel,
        kind: StepKind::WalkParams {
            granule,
            ia_bits,
            start_level: start,
            ps,
            oa_bits,
            ds,
            hpd: false,
            ha,
            baddr: Word(baddr),
            table_bytes: 1u64 << tbits.max(if baddr52 { 6 } else { 0 }),
        },
    });

    let index_bits = |level: i8| {
        let lo = (FINAL_LEVEL - level) as u8 * granule.stride() + granule.bits();
        let hi = if level == start {
            ia_bits - 1
        } else {
            lo + granule.stride() - 1
        };
        (hi, lo)
    };
    let mut level = start;
    let mut table = baddr;
    let (hi, lo) = index_bits(level);
    let mut entry = table | (bits(ipa, hi, lo) << DESC_SIZE_LOG2);
    record(sink, || index_step(level, ipa, hi, lo, table, entry));
    // AArch64.S2Walk(): the first descriptor address against the output size.
    let fits = !crate::addr::any_at_or_above(entry, oa_bits);
    record(sink, || {
        size_step(AddrWhat::Ttbr, entry, oa_bits, fits, Some(level))
    });
    if !fits {
        return fault(FaultKind::AddressSize, 0);
    }
    let desc = loop {
        let Some(raw) = m.mem.read(entry) else {
            record(sink, || Step {
                stage: Stage::S2,
                level: Some(level),
                ok: false,
                rule: Rule::ExternalAbortOnWalk,
                kind: StepKind::ReadAbort { at: Pa(entry) },
            });
            return fault(FaultKind::SyncExternalOnWalk, level);
        };
        let kind = decode_kind(raw, granule, level, ds, pa52);
        let ok = !matches!(kind, DescKind::Invalid | DescKind::Reserved);
        record(sink, || Step {
            stage: Stage::S2,
            level: Some(level),
            ok,
            rule: match kind {
                DescKind::Invalid => Rule::InvalidDescriptor,
                DescKind::Reserved => Rule::ReservedDescriptor,
                _ => Rule::DescriptorType,
            },
            kind: StepKind::Read {
                at: Pa(entry),
                raw: Word(raw),
                big_endian: false,
                kind,
            },
        });
        match kind {
            DescKind::Invalid | DescKind::Reserved => return fault(FaultKind::Translation, level),
            DescKind::Block | DescKind::Page => break raw,
            DescKind::Table => {
                table = next_table_base(raw, granule, oa52);
                let (hi, lo) = index_bits(level + 1);
                entry = table | (bits(ipa, hi, lo) << DESC_SIZE_LOG2);
                let d = S1TableDesc(raw);
                record(sink, || Step {
                    stage: Stage::S2,
                    level: Some(level),
                    ok: true,
                    rule: Rule::DescriptorType,
                    kind: StepKind::Table {
                        next: Word(table),
                        ap_table: d.ap_table(),
                        uxn_table: d.uxn_table(),
                        pxn_table: d.pxn_table(),
                        hpd: true,
                        acc_ap_table: 0,
                        acc_uxn_table: false,
                        acc_pxn_table: false,
                    },
                });
                let fits = !crate::addr::any_at_or_above(entry, oa_bits);
                record(sink, || {
                    size_step(AddrWhat::Table, entry, oa_bits, fits, Some(level))
                });
                if !fits {
                    return fault(FaultKind::AddressSize, level);
                }
                level += 1;
                record(sink, || index_step(level, ipa, hi, lo, table, entry));
            }
        }
    };
    let d = S2LeafDesc(desc);
    let size_bits = granule.leaf_bits(level);
    let base = leaf_base(desc, granule, level, oa52);
    let oa = base | (ipa & mask(size_bits - 1, 0));
    record(sink, || Step {
        stage: Stage::S2,
        level: Some(level),
        ok: true,
        rule: Rule::LeafOutput,
        kind: StepKind::Leaf {
            kind: if level == FINAL_LEVEL {
                DescKind::Page
            } else {
                DescKind::Block
            },
            base: Word(base),
            size_bits,
            oa: Word(oa),
            contiguous: d.contiguous(),
        },
    });
    // AArch64.S2Walk(): "Detect Address Size Fault by final output", then the AF.
    let fits = !crate::addr::any_at_or_above(oa, oa_bits);
    record(sink, || {
        size_step(AddrWhat::Output, oa, oa_bits, fits, Some(level))
    });
    if !fits {
        return fault(FaultKind::AddressSize, level);
    }
    let af_ok = d.af() || ha;
    record(sink, || Step {
        stage: Stage::S2,
        level: Some(level),
        ok: af_ok,
        rule: Rule::AccessFlag,
        kind: StepKind::AccessFlag { af: d.af(), ha },
    });
    if !af_ok {
        return fault(FaultKind::AccessFlag, level);
    }
    // AArch64.S2CheckPermissions() for AccessType_TTW: HCR_EL2.PTW with
    // stage 2 Device memory, then S2AP read permission (HCR_EL2.TGE=1 makes PTW 0).
    let ptw = r.hcr.ptw() && !r.hcr.tge();
    let device = d.mem_attr() & 0b1100 == 0;
    let perm_ok = !(ptw && device) && d.s2ap() & 0b01 != 0;
    record(sink, || Step {
        stage: Stage::S2,
        level: Some(level),
        ok: perm_ok,
        rule: Rule::Stage2Permissions,
        kind: StepKind::S2Perms {
            s2ap: d.s2ap(),
            mem_attr: d.mem_attr(),
            ptw,
        },
    });
    if !perm_ok {
        return fault(FaultKind::Permission, level);
    }
    Ok(oa)
}

/// An Index step.
pub(crate) fn index_step(level: i8, ia: u64, hi: u8, lo: u8, table: u64, entry: u64) -> Step {
    Step {
        stage: Stage::S2,
        level: Some(level),
        ok: true,
        rule: Rule::Stage2StartLevel,
        kind: StepKind::Index {
            ia: Word(ia),
            hi,
            lo,
            index: bits(ia, hi, lo),
            table: Word(table),
            entry: Word(entry),
        },
    }
}

fn size_step(what: AddrWhat, addr: u64, oa_bits: u8, ok: bool, level: Option<i8>) -> Step {
    Step {
        stage: Stage::S2,
        level,
        ok,
        rule: match what {
            AddrWhat::Output => Rule::AddressSizeOutput,
            _ => Rule::AddressSizeTable,
        },
        kind: StepKind::AddressSize {
            what,
            addr: Word(addr),
            oa_bits,
        },
    }
}
