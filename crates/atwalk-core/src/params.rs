//! Stage 1 walk parameters: everything fixed before the first descriptor
//! read (KVM's setup_s1_walk, the Arm pseudocode's AArch64.GetS1TTWParams()
//! with the checks of AArch64.S1Translate() and the start of AArch64.S1Walk()).
//! Each check that can fault records a step and returns the fault.

use crate::addr::{Va, Word, bits, mask};
use crate::at::Access;
use crate::descriptor::Oa52;
use crate::fault::{Fault, FaultKind, Stage};
use crate::features::Feature;
use crate::granule::{DESC_SIZE_LOG2, FINAL_LEVEL, Granule};
use crate::kvm::diff::{KvmAddr, KvmDiff, KvmSite, site as kvm_site};
use crate::kvm::nv as kvm_nv;
use crate::machine::{Machine, physical_address_size};
use crate::memory::PhysMem;
use crate::regs::Ttbr;
use crate::rules::Rule;
use crate::trace::{Sink, Step, StepKind, record};

/// Which walk the walker code performs: the architecture's, or KVM's
/// software walk (handle_at_slow() in arch/arm64/kvm/at.c), which parts
/// from it at the places listed in docs/kvm-model-notes.md section 7. The
/// same code serves both; each place where KVM differs records a
/// [`StepKind::KvmDiffers`] step. `Arch` behaves exactly as the
/// architecture model always has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Walker {
    /// The Arm architecture (AArch64.S1Translate() and friends).
    #[default]
    Arch,
    /// KVM's software walk (KVM: at.c setup_s1_walk(), walk_s1(), nested.c walk_nested_s2_pgd()).
    KvmSlow,
}

/// What the architecture would use where a KVM walk uses its own values,
/// kept so that the KVM walk can say where it differs. For an
/// architectural walk these equal the walk's own parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArchView {
    /// Effective TCR_EL1.DS.
    pub ds: bool,
    /// 52-bit PAs implemented.
    pub pa52: bool,
    /// 52-bit descriptor format.
    pub oa52: Oa52,
    /// AArch64.PhysicalAddressSize().
    pub oa_bits: u8,
    /// Effective TCR_EL1.HA.
    pub ha: bool,
    /// Effective TCR_EL1.HD.
    pub hd: bool,
}

/// The stage 1 walk parameters for one VA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct S1Params {
    /// Which walk.
    pub walker: Walker,
    /// The architecture's values, for the KVM walk's comparisons.
    pub arch: ArchView,
    /// VA[55]: the TTBR1 (upper) range.
    pub upper: bool,
    /// The granule.
    pub granule: Granule,
    /// Input address size, 64 - TxSZ.
    pub ia_bits: u8,
    /// TBIn.
    pub tbi: bool,
    /// The initial lookup level.
    pub start_level: i8,
    /// TCR_EL1.IPS.
    pub ips: u8,
    /// The output address size (AArch64.PhysicalAddressSize()).
    pub oa_bits: u8,
    /// Effective TCR_EL1.DS.
    pub ds: bool,
    /// How descriptors carry OA bits above 47.
    pub oa52: Oa52,
    /// Whether the PE implements 52-bit PAs (block descriptors at 64KB level 1).
    pub pa52: bool,
    /// Effective HPDn.
    pub hpd: bool,
    /// Effective TCR_EL1.HA.
    pub ha: bool,
    /// Effective TCR_EL1.HD (needs HA): DBM descriptors are writable.
    pub hd: bool,
    /// Effective SCTLR_EL1.EPAN.
    pub epan: bool,
    /// SCTLR_EL1.EE: descriptors are big-endian.
    pub ee: bool,
    /// TCR_EL1.SHn, the output shareability when DS = 1.
    pub sh: u8,
    /// The first table's base address.
    pub baddr: u64,
}

impl S1Params {
    /// VA bits resolved per level.
    pub fn stride(&self) -> u8 {
        self.granule.stride()
    }

    /// The input bits `[hi:lo]` that index the table at `level`
    /// (AArch64.S1SLTTEntryAddress() at the start level,
    /// AArch64.S1TTEntryAddress() below it).
    pub fn index_bits(&self, level: i8) -> (u8, u8) {
        let lo = (FINAL_LEVEL - level) as u8 * self.stride() + self.granule.bits();
        let hi = if level == self.start_level {
            self.ia_bits - 1
        } else {
            lo + self.stride() - 1
        };
        (hi, lo)
    }
}

/// AArch64.S1StartLevel(): the level whose table resolves the top VA bits.
pub fn start_level(granule: Granule, ia_bits: u8) -> i8 {
    FINAL_LEVEL - ((ia_bits - 1 - granule.bits()) / granule.stride()) as i8
}

/// Size in bytes of the first table (tsize in AArch64.S1TTBaseAddress()).
pub fn first_table_bits(granule: Granule, ia_bits: u8, start: i8) -> u8 {
    let levels = (FINAL_LEVEL - start) as u8;
    ia_bits - (levels * granule.stride() + granule.bits()) + DESC_SIZE_LOG2
}

/// AArch64.S1TTBaseAddress()/AArch64.S2TTBaseAddress(): the base from a
/// TTBR's BADDR, with BADDR[51:48] in bits [5:2] when `baddr52`, aligned to
/// the first table's size (lower bits are ignored).
pub fn table_base(ttbr: u64, table_bits: u8, baddr52: bool) -> u64 {
    let (base, tsize) = if baddr52 {
        (
            (bits(ttbr, 5, 2) << 48) | (ttbr & mask(47, 6)),
            table_bits.max(6),
        )
    } else {
        (ttbr & mask(47, 1), table_bits)
    };
    base & !mask(tsize - 1, 0)
}

/// Whether a TTBR's (or VTTBR_EL2's) BADDR is in the 52-bit format, with
/// BADDR[51:48] in bits [5:2]: TTBR0_EL1.BADDR says so when DS = 1, or when
/// IPS (VTCR_EL2.PS) represents 52 bits with the 64KB granule. The register
/// text makes 0b111 represent the same size as 0b110 for VMSAv8-64, where
/// AArch64.S1TTBaseAddress() tests only 0b110: this model follows the
/// register text (so does QEMU). Without 52-bit PAs the extended format is
/// IMPLEMENTATION DEFINED: chosen with FEAT_LPA, as the pseudocode does.
pub const fn baddr_is_52bit(granule: Granule, ds: bool, ps: u8, lpa: bool) -> bool {
    ds || (matches!(granule, Granule::K64) && ps >= 0b110 && lpa)
}

/// The smallest and largest legal TxSZ: AArch64.S1MinTxSZ(), AArch64.MaxTxSZ().
pub fn txsz_limits<M: PhysMem>(m: &Machine<'_, M>, granule: Granule, ds: bool) -> (u8, u8) {
    let min = if m.has(Feature::Lva) && (granule == Granule::K64 || ds) {
        12
    } else {
        16
    };
    let max = if m.has(Feature::Ttst) {
        if granule == Granule::K64 { 47 } else { 48 }
    } else {
        39
    };
    (min, max)
}

fn s1_fault(kind: FaultKind) -> Fault {
    Fault::s1(kind, 0)
}

fn kvm_step(level: Option<i8>, ok: bool, site: KvmSite, arch: Rule, what: KvmDiff) -> Step {
    Step {
        stage: Stage::S1,
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

/// KVM: setup_s1_walk() starts with the canonical check: with TBIn clear,
/// VA[63:56] must be a sign extension of VA[55], else a level 0 Address
/// size fault, before the MMU-off test. The architecture
/// (AArch64.VAIsOutOfRange(), R_VZZSZ) gives a level 0 Translation fault
/// when stage 1 is on; with stage 1 off both give the Address size fault
/// (R_VCDSW).
///
/// # Errors
/// KVM's level 0 Address size fault.
pub fn kvm_canonical_check<M: PhysMem, S: Sink>(
    m: &Machine<'_, M>,
    va: Va,
    sink: &mut S,
) -> Result<(), Fault> {
    let r = &m.regs;
    let upper = va.bits(55, 55) == 1;
    let tbi = if upper { r.tcr.tbi1() } else { r.tcr.tbi0() };
    let top = va.bits(63, 56);
    let canonical = tbi || top == if upper { 0xff } else { 0 };
    if canonical {
        return Ok(());
    }
    let stage1_off = !r.sctlr.m() || r.hcr.dc() || r.hcr.tge();
    let arch = if stage1_off {
        Rule::FlatAddressSize
    } else {
        Rule::VaRange
    };
    record(sink, || {
        kvm_step(
            Some(0),
            false,
            kvm_site::NON_CANONICAL,
            arch,
            KvmDiff::NonCanonical { va, stage1_off },
        )
    });
    Err(s1_fault(FaultKind::AddressSize))
}

/// Computes the stage 1 walk parameters for `va`, in the order of
/// AArch64.S1Translate() and AArch64.S1Walk(); a check that fails ends with
/// a level 0 fault.
///
/// # Errors
/// The level 0 Translation fault of an illegal TxSZ, a VA out of range,
/// E0PD or EPD.
pub fn setup<M: PhysMem, S: Sink>(
    m: &Machine<'_, M>,
    acc: &Access,
    va: Va,
    sink: &mut S,
) -> Result<S1Params, Fault> {
    setup_as(m, acc, va, Walker::Arch, sink)
}

/// [`setup`] for the walk `walker`: with [`Walker::KvmSlow`], KVM's
/// setup_s1_walk() (EL1&0 regime), which computes some parameters its own
/// way and records where.
///
/// # Errors
/// As [`setup`].
pub fn setup_as<M: PhysMem, S: Sink>(
    m: &Machine<'_, M>,
    acc: &Access,
    va: Va,
    walker: Walker,
    sink: &mut S,
) -> Result<S1Params, Fault> {
    let kvm = walker == Walker::KvmSlow;
    let r = &m.regs;
    let tcr = r.tcr;
    // AArch64.GetVARange(): VA[55] picks the range, whatever the top byte.
    let upper = va.bits(55, 55) == 1;
    let ttbr: Ttbr = if upper { r.ttbr1 } else { r.ttbr0 };
    record(sink, || Step {
        stage: Stage::S1,
        level: None,
        ok: true,
        rule: Rule::SelectTtbr,
        kind: StepKind::SelectTtbr {
            va,
            upper,
            ttbr: Word(ttbr.0),
        },
    });

    // AArch64.S1DecodeTG0()/TG1(). IMPLEMENTATION DEFINED: a reserved
    // encoding selects 4KB, the smallest granule, as QEMU's -cpu max does.
    let (field, tg, decoded) = if upper {
        ("TG1", tcr.tg1(), Granule::from_tg1(tcr.tg1()))
    } else {
        ("TG0", tcr.tg0(), Granule::from_tg0(tcr.tg0()))
    };
    // KVM: a reserved TG0/TG1 is treated as 64KB ("IMPDEF: treat any other value as 64k").
    let granule = decoded.unwrap_or(if kvm { Granule::K64 } else { Granule::K4 });
    record(sink, || Step {
        stage: Stage::S1,
        level: None,
        ok: true,
        rule: Rule::GranuleDecode,
        kind: StepKind::GranuleDecode {
            field,
            tg,
            granule,
            reserved: decoded.is_none(),
        },
    });
    if kvm && decoded.is_none() {
        record(sink, || {
            kvm_step(
                None,
                true,
                kvm_site::GRANULE,
                Rule::GranuleDecode,
                KvmDiff::ReservedGranule {
                    field,
                    tg,
                    kvm: Granule::K64,
                    arch: Granule::K4,
                },
            )
        });
    }

    let (txsz_field, txsz, tbi, e0pd_raw, epd, hpd_raw, sh) = if upper {
        (
            "T1SZ",
            tcr.t1sz(),
            tcr.tbi1(),
            tcr.e0pd1(),
            tcr.epd1(),
            tcr.hpd1(),
            tcr.sh1(),
        )
    } else {
        (
            "T0SZ",
            tcr.t0sz(),
            tcr.tbi0(),
            tcr.e0pd0(),
            tcr.epd0(),
            tcr.hpd0(),
            tcr.sh0(),
        )
    };
    // DS is effective only for 4KB and 16KB with FEAT_LPA2 (AArch64.S1TTWParamsEL10()).
    let ds = tcr.ds() && granule != Granule::K64 && m.has(Feature::Lpa2);

    // AArch64.S1TxSZFaults(). Below the minimum faults with FEAT_LVA;
    // without it, and above the maximum, it is IMPLEMENTATION DEFINED
    // whether the value faults or is clamped: this model faults, as QEMU does.
    let (arch_min, arch_max) = txsz_limits(m, granule, ds);
    let (min, max) = if kvm {
        kvm_nv::txsz_limits(m, granule, tcr.ds())
    } else {
        (arch_min, arch_max)
    };
    let txsz_ok = (min..=max).contains(&txsz);
    let arch_txsz_ok = (arch_min..=arch_max).contains(&txsz);
    if kvm && txsz_ok != arch_txsz_ok {
        record(sink, || {
            kvm_step(
                None,
                txsz_ok,
                kvm_site::TXSZ,
                Rule::TxSzLimits,
                KvmDiff::TxSzLimits {
                    txsz,
                    kvm_min: min,
                    kvm_max: max,
                    arch_min,
                    arch_max,
                },
            )
        });
    }
    record(sink, || Step {
        stage: Stage::S1,
        level: None,
        ok: txsz_ok,
        rule: Rule::TxSzLimits,
        kind: StepKind::TxSz {
            field: txsz_field,
            txsz,
            min,
            max,
        },
    });
    if !txsz_ok {
        return Err(s1_fault(FaultKind::Translation));
    }
    let ia_bits = 64 - txsz;

    // AArch64.VAIsOutOfRange() with AArch64.AddrTop(): TBI leaves VA[63:56]
    // unchecked; every bit from the top down to the input size must equal VA[55].
    let addr_top: u8 = if tbi { 55 } else { 63 };
    let above = bits(va.0, addr_top, ia_bits);
    let all_ones = mask(addr_top - ia_bits, 0);
    let in_range = if upper { above == all_ones } else { above == 0 };
    record(sink, || Step {
        stage: Stage::S1,
        level: None,
        ok: in_range,
        rule: Rule::VaRange,
        kind: StepKind::VaRange {
            va,
            tbi,
            addr_top,
            ia_bits,
            upper,
        },
    });
    if !in_range {
        return Err(s1_fault(FaultKind::Translation));
    }

    // R_VZZSZ: E0PDn (FEAT_E0PD) forbids unprivileged access to that range.
    let e0pd_check = |sink: &mut S| -> Result<(), Fault> {
        if acc.el == 0 && m.has(Feature::E0pd) {
            let field = if upper { "E0PD1" } else { "E0PD0" };
            record(sink, || Step {
                stage: Stage::S1,
                level: None,
                ok: !e0pd_raw,
                rule: Rule::E0pd,
                kind: StepKind::E0pd {
                    field,
                    e0pd: e0pd_raw,
                },
            });
            if e0pd_raw {
                return Err(s1_fault(FaultKind::Translation));
            }
        }
        Ok(())
    };
    // AArch64.S1Walk(): AArch64.S1EPD() forbids walks through that TTBR.
    let epd_check = |sink: &mut S| -> Result<(), Fault> {
        let epd_field = if upper { "EPD1" } else { "EPD0" };
        record(sink, || Step {
            stage: Stage::S1,
            level: None,
            ok: !epd,
            rule: Rule::Epd,
            kind: StepKind::Epd {
                field: epd_field,
                epd,
            },
        });
        if epd {
            return Err(s1_fault(FaultKind::Translation));
        }
        Ok(())
    };
    if kvm {
        // KVM: setup_s1_walk() tests EPD (I_ZFSYQ) before E0PD (R_BNDVG);
        // both are level 0 Translation faults, so only the trace's order differs.
        if epd && e0pd_raw && acc.el == 0 && m.has(Feature::E0pd) {
            record(sink, || {
                kvm_step(
                    None,
                    false,
                    kvm_site::EPD_E0PD,
                    Rule::E0pd,
                    KvmDiff::EpdBeforeE0pd,
                )
            });
        }
        epd_check(sink)?;
        e0pd_check(sink)?;
    } else {
        e0pd_check(sink)?;
        epd_check(sink)?;
    }

    let start = start_level(granule, ia_bits);
    let lpa = m.has(Feature::Lpa);
    let ips = tcr.ips();
    let arch_oa_bits = physical_address_size(ips, ds, granule == Granule::K64, lpa, m.pa_max());
    // KVM: max_oa_bits = min(get_kvm_ipa_limit(), ps_to_output_size(IPS)).
    let oa_bits = if kvm {
        kvm_nv::max_oa_bits(ips)
    } else {
        arch_oa_bits
    };
    if kvm && oa_bits != arch_oa_bits {
        record(sink, || {
            kvm_step(
                None,
                true,
                kvm_site::MAX_OA,
                Rule::OutputSize,
                KvmDiff::OutputSize {
                    ps: ips,
                    kvm_bits: oa_bits,
                    arch_bits: arch_oa_bits,
                },
            )
        });
    }
    let pa52 = m.pa52();
    let oa52 = Oa52::for_walk(granule, ds);
    let baddr52 = baddr_is_52bit(granule, ds, ips, lpa);
    let tbits = first_table_bits(granule, ia_bits, start);
    let arch_baddr = table_base(ttbr.0, tbits, baddr52);
    let hpd = hpd_raw && m.has(Feature::Hpds);
    let ha = tcr.ha() && m.has(Feature::Hafdbs);
    let hd = ha && tcr.hd();
    let arch = ArchView {
        ds,
        pa52,
        oa52,
        oa_bits: arch_oa_bits,
        ha,
        hd,
    };
    // KVM: baddr = TTBR & bits[47:1], aligned; no LPA2 or 52-bit formats
    // (TTBR[5:2] never BADDR[51:48], descriptors read as 48-bit ones), no
    // hardware access flag or dirty state (FEAT_HAFDBS hidden under NV).
    let (baddr, ds, oa52, pa52, baddr52, ha, hd) = if kvm {
        if arch.ds {
            record(sink, || {
                kvm_step(
                    None,
                    true,
                    kvm_site::TTBR,
                    Rule::OutputSize,
                    KvmDiff::Lpa2NotDecoded,
                )
            });
        }
        let b = table_base(ttbr.0, tbits, false);
        if b != arch_baddr {
            record(sink, || {
                kvm_step(
                    None,
                    true,
                    kvm_site::TTBR,
                    Rule::TtbrBase,
                    KvmDiff::Address {
                        what: KvmAddr::TtbrBase,
                        kvm: Word(b),
                        arch: Word(arch_baddr),
                    },
                )
            });
        }
        (b, false, Oa52::None, false, false, false, false)
    } else {
        (arch_baddr, ds, oa52, pa52, baddr52, ha, hd)
    };
    let params = S1Params {
        walker,
        arch,
        upper,
        granule,
        ia_bits,
        tbi,
        start_level: start,
        ips,
        oa_bits,
        ds,
        oa52,
        pa52,
        hpd,
        ha,
        hd,
        epan: r.sctlr.epan() && m.has(Feature::Pan3),
        ee: r.sctlr.ee(),
        sh,
        baddr,
    };
    record(sink, || Step {
        stage: Stage::S1,
        level: Some(start),
        ok: true,
        rule: Rule::StartLevel,
        kind: StepKind::WalkParams {
            granule,
            ia_bits,
            start_level: start,
            ps: ips,
            oa_bits,
            ds,
            // The PE's fact, also for KVM's walk (which rejects those blocks anyway).
            pa52: m.pa52(),
            hpd,
            ha,
            baddr: Word(baddr),
            table_bytes: 1u64 << tbits.max(if baddr52 { 6 } else { 0 }),
        },
    });
    Ok(params)
}
