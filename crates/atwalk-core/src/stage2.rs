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
use crate::kvm::diff::{KvmAddr, KvmDiff, KvmSite, S2NoStatus, site as kvm_site};
use crate::kvm::nv as kvm_nv;
use crate::machine::{Machine, physical_address_size};
use crate::memory::PhysMem;
use crate::params::Walker;
use crate::params::{baddr_is_52bit, first_table_bits, table_base, txsz_limits};
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
            let mut steps = Vec::with_capacity(24);
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
    match s2_walk(m, ipa, Walker::Arch, sink) {
        Ok(leaf) => Ok(leaf.pa),
        Err(S2Fail::Fault(f)) => Err(f),
        // Only KVM's walk ends without a fault status.
        Err(S2Fail::NoStatus(_)) => Err(Fault::s2_on_walk(FaultKind::Translation, 0)),
    }
}

/// A stage 2 walk that reached a leaf.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct S2Leaf {
    /// The output address.
    pub pa: u64,
    /// The leaf's level.
    pub level: i8,
    /// The leaf's S2AP (for KVM's walk, which checks read permission in at.c).
    pub s2ap: u8,
}

/// How a stage 2 walk failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum S2Fail {
    /// A stage 2 fault on the walk, at the stage 2 level.
    Fault(Fault),
    /// KVM: nested.c returned an error with no fault status.
    NoStatus(S2NoStatus),
}

fn kvm_s2_step(level: Option<i8>, ok: bool, site: KvmSite, arch: Rule, what: KvmDiff) -> Step {
    Step {
        stage: Stage::S2,
        level,
        ok,
        rule: arch,
        kind: StepKind::KvmDiffers {
            kvm: site,
            arch,
            what,
        },
    }
}

/// KVM: check_base_s2_limits() in nested.c: whether the start level fits
/// the granule and input size, with at most 16 concatenated tables.
fn kvm_s2_limits_ok(granule: Granule, level: i8, ia_bits: u8) -> bool {
    let ia = i32::from(ia_bits);
    let bad_level = match granule {
        Granule::K64 => level == 0 || (level == 1 && ia <= 42),
        Granule::K16 => level == 0 || (level == 1 && ia <= 40),
        Granule::K4 => level < 0 || (level == 0 && ia <= 42),
    };
    if bad_level || level > FINAL_LEVEL {
        return false;
    }
    let stride = i32::from(granule.stride());
    let start_size =
        ia - ((i32::from(FINAL_LEVEL) - i32::from(level)) * stride + i32::from(granule.bits()));
    (1..=stride + 4).contains(&start_size)
}

/// The stage 2 walk of a stage 1 table address for the walk `walker`:
/// the architecture's (see [`s2_translate_table`]), or KVM's
/// walk_nested_s2_pgd() (nested.c), which parts from it where recorded.
/// KVM's walk does not check the leaf's permissions: at.c does, with
/// [`S2Leaf::s2ap`].
///
/// # Errors
/// A stage 2 fault on the walk, or (KVM) an error with no fault status.
pub fn s2_walk<M: PhysMem, S: Sink>(
    m: &Machine<'_, M>,
    ipa: u64,
    walker: Walker,
    sink: &mut S,
) -> Result<S2Leaf, S2Fail> {
    let kvm = walker == Walker::KvmSlow;
    let r = &m.regs;
    let vtcr = r.vtcr;
    let fault = |kind, level| Err(S2Fail::Fault(Fault::s2_on_walk(kind, level)));
    // AArch64.S2DecodeTG0(); IMPLEMENTATION DEFINED: reserved 0b11 is 4KB, as in QEMU.
    // KVM: vtcr_to_walk_info() treats it as 64KB.
    let decoded = Granule::from_tg0(vtcr.tg0());
    let granule = decoded.unwrap_or(if kvm { Granule::K64 } else { Granule::K4 });
    if kvm && decoded.is_none() {
        record(sink, || {
            kvm_s2_step(
                None,
                true,
                kvm_site::S2_INFO,
                Rule::Stage2Config,
                KvmDiff::ReservedGranule {
                    field: "VTCR_EL2.TG0",
                    tg: vtcr.tg0(),
                    kvm: Granule::K64,
                    arch: Granule::K4,
                },
            )
        });
    }
    let arch_ds = vtcr.ds() && granule != Granule::K64 && m.has(Feature::Lpa2);
    // KVM: VTCR_EL2.DS and SL2 are ignored.
    let ds = arch_ds && !kvm;
    let sl2 = vtcr.sl2() && arch_ds && granule == Granule::K4;
    let sl = (u8::from(sl2) << 2) | vtcr.sl0();
    let t0sz = vtcr.t0sz();
    let ps = vtcr.ps();
    let lpa = m.has(Feature::Lpa);

    // AArch64.S2MinTxSZ(): the IPA size is bounded by the PA size.
    let ips_max = if m.pa52() {
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
    if kvm {
        // KVM: walk_nested_s2_pgd(): start level 2 - SL0 (4KB) or 3 - SL0;
        // an input size outside [25, 48] or check_base_s2_limits() failing
        // returns -EFAULT with no fault status.
        let sl0 = vtcr.sl0();
        let start = if granule == Granule::K4 {
            2 - sl0 as i8
        } else {
            3 - sl0 as i8
        };
        let ia_ok = (25..=48).contains(&ia_bits);
        let kvm_ok = ia_ok && kvm_s2_limits_ok(granule, start, ia_bits);
        let arch_ok = txsz_ok && !sl_bad;
        record(sink, || Step {
            stage: Stage::S2,
            level: None,
            ok: kvm_ok,
            rule: Rule::Stage2Config,
            kind: StepKind::S2Config {
                t0sz,
                min: 16,
                max: 39,
                sl: sl0,
                sl_bad: ia_ok && !kvm_ok,
            },
        });
        if kvm_ok != arch_ok {
            record(sink, || {
                kvm_s2_step(
                    None,
                    kvm_ok,
                    kvm_site::S2_CONFIG,
                    Rule::Stage2Config,
                    KvmDiff::S2Config {
                        t0sz,
                        sl0,
                        kvm_ok,
                        arch_ok,
                    },
                )
            });
        }
        if !kvm_ok {
            return Err(S2Fail::NoStatus(if ia_ok {
                S2NoStatus::StartLevel
            } else {
                S2NoStatus::T0szRange
            }));
        }
        return kvm_s2_walk_from(m, ipa, granule, start, ia_bits, ps, sink, arch_ds);
    }
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
    let pa52 = m.pa52();
    let oa52 = Oa52::for_walk(granule, ds);
    let baddr52 = baddr_is_52bit(granule, ds, ps, lpa);
    let tbits = first_table_bits(granule, ia_bits, start);
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
            pa52,
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
    let level = start;
    let table = baddr;
    let (hi, lo) = index_bits(level);
    let entry = table | (bits(ipa, hi, lo) << DESC_SIZE_LOG2);
    record(sink, || index_step(level, ipa, hi, lo, table, entry));
    // AArch64.S2Walk(): the first descriptor address against the output size.
    let fits = !crate::addr::any_at_or_above(entry, oa_bits);
    record(sink, || {
        size_step(AddrWhat::Ttbr, entry, oa_bits, fits, Some(level))
    });
    if !fits {
        return fault(FaultKind::AddressSize, 0);
    }
    let ptw = r.hcr.ptw() && !r.hcr.tge();
    walk_levels(
        m,
        ipa,
        &S2Walk {
            kvm: false,
            granule,
            start,
            ia_bits,
            oa_bits,
            ds,
            pa52,
            oa52,
            ha,
            ptw,
            arch: (arch_ds, pa52, oa52, ha),
        },
        entry,
        sink,
    )
}

/// The parameters a stage 2 walk loop uses.
struct S2Walk {
    kvm: bool,
    granule: Granule,
    start: i8,
    ia_bits: u8,
    oa_bits: u8,
    ds: bool,
    pa52: bool,
    oa52: Oa52,
    ha: bool,
    ptw: bool,
    /// The architecture's DS, 52-bit PA, descriptor format and HA (for KVM's comparisons).
    arch: (bool, bool, Oa52, bool),
}

/// KVM: walk_nested_s2_pgd() from its start level: the base, then the loop.
#[allow(clippy::too_many_arguments)]
fn kvm_s2_walk_from<M: PhysMem, S: Sink>(
    m: &Machine<'_, M>,
    ipa: u64,
    granule: Granule,
    start: i8,
    ia_bits: u8,
    ps: u8,
    sink: &mut S,
    arch_ds: bool,
) -> Result<S2Leaf, S2Fail> {
    let r = &m.regs;
    let vtcr = r.vtcr;
    let lpa = m.has(Feature::Lpa);
    // AArch64.IPAIsOutOfRange(); KVM: no such check, the index uses the low bits.
    if bits(ipa, 63, ia_bits) != 0 {
        record(sink, || {
            kvm_s2_step(
                None,
                true,
                kvm_site::S2_INDEX,
                Rule::IpaRange,
                KvmDiff::S2NoIpaRangeCheck {
                    ipa: Word(ipa),
                    ia_bits,
                },
            )
        });
    }
    let arch_oa_bits = physical_address_size(ps, arch_ds, granule == Granule::K64, lpa, m.pa_max());
    let oa_bits = kvm_nv::max_oa_bits(ps);
    if oa_bits != arch_oa_bits {
        record(sink, || {
            kvm_s2_step(
                None,
                true,
                kvm_site::S2_INFO,
                Rule::OutputSize,
                KvmDiff::OutputSize {
                    ps,
                    kvm_bits: oa_bits,
                    arch_bits: arch_oa_bits,
                },
            )
        });
    }
    let arch_pa52 = m.pa52();
    let arch_oa52 = Oa52::for_walk(granule, arch_ds);
    let arch_baddr52 = baddr_is_52bit(granule, arch_ds, ps, lpa);
    let tbits = first_table_bits(granule, ia_bits, start);
    // KVM: base = VTTBR & GENMASK_ULL(47, base_lower_bound).
    let baddr = table_base(r.vttbr.0, tbits, false);
    let arch_baddr = table_base(r.vttbr.0, tbits, arch_baddr52);
    if baddr != arch_baddr {
        record(sink, || {
            kvm_s2_step(
                None,
                true,
                kvm_site::S2_BASE,
                Rule::Stage2StartLevel,
                KvmDiff::Address {
                    what: KvmAddr::VttbrBase,
                    kvm: Word(baddr),
                    arch: Word(arch_baddr),
                },
            )
        });
    }
    let arch_ha = vtcr.ha() && m.has(Feature::Hafdbs);
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
            ds: false,
            pa52: arch_pa52,
            hpd: false,
            ha: false,
            baddr: Word(baddr),
            table_bytes: 1u64 << tbits,
        },
    });
    let lo = (FINAL_LEVEL - start) as u8 * granule.stride() + granule.bits();
    let hi = ia_bits - 1;
    let entry = baddr | (bits(ipa, hi, lo) << DESC_SIZE_LOG2);
    record(sink, || index_step(start, ipa, hi, lo, baddr, entry));
    let fits = !crate::addr::any_at_or_above(entry, oa_bits);
    record(sink, || {
        size_step(AddrWhat::Ttbr, entry, oa_bits, fits, Some(start))
    });
    if !fits {
        // KVM: compute_fsc(level, ADDRSZ): the start level (at.c replaces it).
        return Err(S2Fail::Fault(Fault::s2_on_walk(
            FaultKind::AddressSize,
            start,
        )));
    }
    walk_levels(
        m,
        ipa,
        &S2Walk {
            kvm: true,
            granule,
            start,
            ia_bits,
            oa_bits,
            ds: false,
            pa52: false,
            oa52: Oa52::None,
            ha: false,
            ptw: false,
            arch: (arch_ds, arch_pa52, arch_oa52, arch_ha),
        },
        entry,
        sink,
    )
}

/// The stage 2 walk's loop from the first entry to the leaf, then the
/// leaf's checks: AArch64.S2Walk(), AArch64.S2CheckPermissions(); or
/// KVM's walk_nested_s2_pgd() loop.
fn walk_levels<M: PhysMem, S: Sink>(
    m: &Machine<'_, M>,
    ipa: u64,
    w: &S2Walk,
    first_entry: u64,
    sink: &mut S,
) -> Result<S2Leaf, S2Fail> {
    let fault = |kind, level| Err(S2Fail::Fault(Fault::s2_on_walk(kind, level)));
    let S2Walk {
        kvm,
        granule,
        start,
        ia_bits,
        oa_bits,
        ds,
        pa52,
        oa52,
        ha,
        ptw,
        ..
    } = *w;
    let (arch_ds, arch_pa52, arch_oa52, arch_ha) = w.arch;
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
    let mut table: u64;
    let mut entry = first_entry;
    let desc = loop {
        let Some(raw) = m.mem.read(entry) else {
            record(sink, || Step {
                stage: Stage::S2,
                level: Some(level),
                ok: false,
                rule: Rule::ExternalAbortOnWalk,
                kind: StepKind::ReadAbort { at: Pa(entry) },
            });
            if kvm {
                // KVM: kvm_read_guest() fails: an error with no fault status.
                return Err(S2Fail::NoStatus(S2NoStatus::Read));
            }
            return fault(FaultKind::SyncExternalOnWalk, level);
        };
        let kind = decode_kind(raw, granule, level, ds, pa52);
        if kvm
            && kind == DescKind::Reserved
            && decode_kind(raw, granule, level, arch_ds, arch_pa52) == DescKind::Block
        {
            record(sink, || {
                kvm_s2_step(
                    Some(level),
                    false,
                    kvm_site::S2_BLOCK,
                    Rule::ReservedDescriptor,
                    KvmDiff::BlockRejected { granule, level },
                )
            });
        }
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
                let arch_table = next_table_base(raw, granule, arch_oa52);
                if kvm && arch_table != table {
                    record(sink, || {
                        kvm_s2_step(
                            Some(level),
                            true,
                            kvm_site::S2_TABLE,
                            Rule::OutputSize,
                            KvmDiff::Address {
                                what: KvmAddr::S2NextTable,
                                kvm: Word(table),
                                arch: Word(arch_table),
                            },
                        )
                    });
                }
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
    let arch_oa = base | (ipa & mask(size_bits - 1, 0));
    // KVM: contiguous_bit_shift() widens the block at stage 2 too.
    let shift = if kvm && d.contiguous() {
        crate::stage1::kvm_contiguous_shift(granule, level)
    } else {
        0
    };
    let oa = if shift > 0 {
        let lo = size_bits + shift;
        (desc & mask(47, lo)) | (ipa & mask(lo - 1, 0))
    } else {
        arch_oa
    };
    if kvm {
        let arch_base = leaf_base(desc, granule, level, arch_oa52);
        if arch_base != base {
            record(sink, || {
                kvm_s2_step(
                    Some(level),
                    true,
                    kvm_site::S2_OUT,
                    Rule::OutputSize,
                    KvmDiff::Address {
                        what: KvmAddr::S2Leaf,
                        kvm: Word(base),
                        arch: Word(arch_base),
                    },
                )
            });
        }
    }
    record(sink, || Step {
        stage: Stage::S2,
        level: Some(level),
        ok: true,
        rule: Rule::LeafOutput,
        kind: StepKind::Leaf {
            kind: DescKind::leaf_at(level),
            base: Word(base),
            size_bits,
            oa: Word(oa),
            contiguous: d.contiguous(),
        },
    });
    // AArch64.S2Walk(): "Detect Address Size Fault by final output", then the AF.
    // KVM: check_output_size() on the descriptor's bits only.
    let checked = if kvm { base } else { oa };
    let fits = !crate::addr::any_at_or_above(checked, oa_bits);
    record(sink, || {
        size_step(AddrWhat::Output, checked, oa_bits, fits, Some(level))
    });
    if !fits {
        return fault(FaultKind::AddressSize, level);
    }
    if kvm && crate::addr::any_at_or_above(oa, oa_bits) {
        record(sink, || {
            kvm_s2_step(
                Some(level),
                true,
                kvm_site::S2_OUT,
                Rule::AddressSizeOutput,
                KvmDiff::NoFinalOaCheck {
                    oa: Word(oa),
                    oa_bits,
                },
            )
        });
    }
    // KVM: walk_nested_s2_pgd() always checks the AF (no hardware update).
    if kvm && !d.af() && arch_ha {
        record(sink, || {
            kvm_s2_step(
                Some(level),
                false,
                kvm_site::S2_AF,
                Rule::AccessFlag,
                KvmDiff::NoHardwareAf,
            )
        });
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
    if shift > 0 {
        record(sink, || {
            kvm_s2_step(
                Some(level),
                true,
                kvm_site::S2_OUT,
                Rule::LeafOutput,
                KvmDiff::Contiguous {
                    shift,
                    kvm: Word(oa),
                    arch: Word(arch_oa),
                },
            )
        });
    }
    let device = d.mem_attr() & 0b1100 == 0;
    if kvm {
        // KVM: no memory type or HCR_EL2.PTW check; at.c checks S2AP read.
        let r = &m.regs;
        if r.hcr.ptw() && !r.hcr.tge() && device {
            record(sink, || {
                kvm_s2_step(
                    Some(level),
                    true,
                    kvm_site::S2_OUT,
                    Rule::Stage2Permissions,
                    KvmDiff::S2NoPtwCheck {
                        mem_attr: d.mem_attr(),
                    },
                )
            });
        }
        return Ok(S2Leaf {
            pa: oa,
            level,
            s2ap: d.s2ap(),
        });
    }
    // AArch64.S2CheckPermissions() for AccessType_TTW: HCR_EL2.PTW with
    // stage 2 Device memory, then S2AP read permission (HCR_EL2.TGE=1 makes PTW 0).
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
    Ok(S2Leaf {
        pa: oa,
        level,
        s2ap: d.s2ap(),
    })
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
