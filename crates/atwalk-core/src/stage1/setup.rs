//! Stage 1 walk parameters: everything fixed before the first descriptor
//! read (AArch64.GetS1TTWParams() with the checks of AArch64.S1Translate()
//! and the start of AArch64.S1Walk()). Each check that can fault records a
//! step and returns the fault.

use crate::addr::{Va, Word, bits, mask};
use crate::descriptor::Oa52;
use crate::fault::{Fault, FaultKind, Stage};
use crate::features::Feature;
use crate::granule::Granule;
use crate::machine::{Machine, physical_address_size};
use crate::memory::PhysMem;
use crate::op::Access;
use crate::regs::Ttbr;
use crate::rules::Rule;
use crate::trace::{Sink, StepKind, record};
use crate::walk::geometry::{
    Geometry, baddr_is_52bit, first_table_bits, start_level, table_base, table_bytes, txsz_limits,
};
use crate::walk::{Format, Variant, step};

/// The stage 1 walk parameters for one VA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct S1Params {
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
    /// The output address size the checks use (AArch64.PhysicalAddressSize()).
    pub oa_bits: u8,
    /// The format the walk reads descriptors with.
    pub fmt: Format,
    /// The format the architecture would use (equal to `fmt` for it).
    pub arch: Format,
    /// Effective HPDn.
    pub hpd: bool,
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
    /// The walk's geometry.
    pub fn geometry(&self) -> Geometry {
        Geometry {
            granule: self.granule,
            ia_bits: self.ia_bits,
            start: self.start_level,
        }
    }
}

fn s1_fault(kind: FaultKind) -> Fault {
    Fault::s1(kind, 0)
}

/// The register fields of one TTBR half (TCR_EL1's TxSZ, TBI, E0PD, EPD, HPD, SH).
struct Half {
    txsz_field: &'static str,
    txsz: u8,
    tbi: bool,
    e0pd: bool,
    epd: bool,
    hpd: bool,
    sh: u8,
}

/// Computes the stage 1 walk parameters for `va`, in the order of
/// AArch64.S1Translate() and AArch64.S1Walk(), asking `v` at each choice
/// point; a check that fails ends with a level 0 fault.
///
/// # Errors
/// The level 0 Translation fault of an illegal TxSZ, a VA out of range,
/// E0PD or EPD.
pub fn setup<M: PhysMem, V: Variant, S: Sink>(
    m: &Machine<'_, M>,
    v: &V,
    acc: &Access,
    va: Va,
    sink: &mut S,
) -> Result<S1Params, Fault> {
    let r = &m.regs;
    let tcr = r.tcr;
    // AArch64.GetVARange(): VA[55] picks the range, whatever the top byte.
    let upper = va.bits(55, 55) == 1;
    let ttbr: Ttbr = if upper { r.ttbr1 } else { r.ttbr0 };
    record(sink, || {
        step(
            Stage::S1,
            None,
            true,
            Rule::SelectTtbr,
            StepKind::SelectTtbr {
                va,
                upper,
                ttbr: Word(ttbr.0),
            },
        )
    });

    // AArch64.S1DecodeTG0()/TG1(); a reserved encoding is the variant's choice.
    let (field, tg, decoded) = if upper {
        ("TG1", tcr.tg1(), Granule::from_tg1(tcr.tg1()))
    } else {
        ("TG0", tcr.tg0(), Granule::from_tg0(tcr.tg0()))
    };
    let (granule, differs) = match decoded {
        Some(g) => (g, None),
        None => v.reserved_granule(Stage::S1, field, tg).split(),
    };
    record(sink, || {
        step(
            Stage::S1,
            None,
            true,
            Rule::GranuleDecode,
            StepKind::GranuleDecode {
                field,
                tg,
                granule,
                reserved: decoded.is_none(),
            },
        )
    });
    crate::walk::variant::record_later(sink, differs);

    let h = if upper {
        Half {
            txsz_field: "T1SZ",
            txsz: tcr.t1sz(),
            tbi: tcr.tbi1(),
            e0pd: tcr.e0pd1(),
            epd: tcr.epd1(),
            hpd: tcr.hpd1(),
            sh: tcr.sh1(),
        }
    } else {
        Half {
            txsz_field: "T0SZ",
            txsz: tcr.t0sz(),
            tbi: tcr.tbi0(),
            e0pd: tcr.e0pd0(),
            epd: tcr.epd0(),
            hpd: tcr.hpd0(),
            sh: tcr.sh0(),
        }
    };
    // DS is effective only for 4KB and 16KB with FEAT_LPA2 (AArch64.S1TTWParamsEL10()).
    let ds = tcr.ds() && granule != Granule::K64 && m.has(Feature::Lpa2);

    // AArch64.S1TxSZFaults(). Below the minimum faults with FEAT_LVA;
    // without it, and above the maximum, it is IMPLEMENTATION DEFINED
    // whether the value faults or is clamped: this model faults, as QEMU does.
    let arch_limits = txsz_limits(m, granule, ds);
    let (min, max) = v
        .txsz_limits(m, granule, tcr.ds(), h.txsz, arch_limits)
        .take(sink);
    let txsz = h.txsz;
    let txsz_ok = (min..=max).contains(&txsz);
    record(sink, || {
        step(
            Stage::S1,
            None,
            txsz_ok,
            Rule::TxSzLimits,
            StepKind::TxSz {
                field: h.txsz_field,
                txsz,
                min,
                max,
            },
        )
    });
    // The level of a set-up fault: 0, or the variant's.
    let at_level = |sink: &mut S| v.setup_fault_level(granule, h.txsz).take(sink);
    if !txsz_ok {
        return Err(Fault::s1(FaultKind::Translation, at_level(sink)));
    }
    let ia_bits = 64 - txsz;

    // AArch64.VAIsOutOfRange() with AArch64.AddrTop(): TBI leaves VA[63:56]
    // unchecked; every bit from the top down to the input size must equal VA[55].
    let tbi = h.tbi;
    let addr_top: u8 = if tbi { 55 } else { 63 };
    let above = bits(va.0, addr_top, ia_bits);
    let all_ones = mask(addr_top - ia_bits, 0);
    let in_range = if upper { above == all_ones } else { above == 0 };
    record(sink, || {
        step(
            Stage::S1,
            None,
            in_range,
            Rule::VaRange,
            StepKind::VaRange {
                va,
                tbi,
                addr_top,
                ia_bits,
                upper,
            },
        )
    });
    if !in_range {
        return Err(Fault::s1(FaultKind::Translation, at_level(sink)));
    }

    // R_VZZSZ: E0PDn (FEAT_E0PD) forbids unprivileged access to that range;
    // AArch64.S1Walk(): AArch64.S1EPD() forbids walks through that TTBR.
    // Both are level 0 Translation faults; the architecture tests E0PD first.
    let checked = if v.epd_before_e0pd(m, acc, h.epd, h.e0pd).take(sink) {
        epd_check(upper, h.epd, sink).and_then(|()| e0pd_check(m, acc, upper, h.e0pd, sink))
    } else {
        e0pd_check(m, acc, upper, h.e0pd, sink).and_then(|()| epd_check(upper, h.epd, sink))
    };
    if let Err(f) = checked {
        return Err(Fault::s1(f.kind, at_level(sink)));
    }

    let start = start_level(granule, ia_bits);
    let lpa = m.has(Feature::Lpa);
    let ips = tcr.ips();
    let arch_oa_bits = physical_address_size(ips, ds, granule == Granule::K64, lpa, m.pa_max());
    let oa_bits = v.output_size(Stage::S1, ips, arch_oa_bits).take(sink);
    let tbits = first_table_bits(granule, ia_bits, start);
    let ha = tcr.ha() && m.has(Feature::Hafdbs);
    let arch = Format {
        ds,
        pa52: m.pa52(),
        oa52: Oa52::for_walk(granule, ds),
        baddr52: baddr_is_52bit(granule, ds, ips, lpa),
        ha,
        hd: ha && tcr.hd(),
    };
    let arch_baddr = table_base(ttbr.0, tbits, arch.baddr52);
    let (fmt, baddr) = v.s1_format(arch, arch_baddr, ttbr.0, tbits, sink);
    let hpd = h.hpd && m.has(Feature::Hpds);
    let params = S1Params {
        upper,
        granule,
        ia_bits,
        tbi,
        start_level: start,
        ips,
        oa_bits,
        fmt,
        arch,
        hpd,
        epan: r.sctlr.epan() && m.has(Feature::Pan3),
        ee: r.sctlr.ee(),
        sh: h.sh,
        baddr,
    };
    record(sink, || {
        step(
            Stage::S1,
            Some(start),
            true,
            Rule::StartLevel,
            StepKind::WalkParams {
                granule,
                ia_bits,
                start_level: start,
                ps: ips,
                oa_bits,
                ds: fmt.ds,
                // The PE's fact, whatever the walk's format.
                pa52: m.pa52(),
                hpd,
                ha: fmt.ha,
                baddr: Word(baddr),
                table_bytes: table_bytes(tbits, fmt.baddr52),
            },
        )
    });
    Ok(params)
}

/// R_VZZSZ: E0PDn (FEAT_E0PD) forbids unprivileged access to that range.
fn e0pd_check<M: PhysMem, S: Sink>(
    m: &Machine<'_, M>,
    acc: &Access,
    upper: bool,
    e0pd: bool,
    sink: &mut S,
) -> Result<(), Fault> {
    if acc.el == 0 && m.has(Feature::E0pd) {
        let field = if upper { "E0PD1" } else { "E0PD0" };
        record(sink, || {
            step(
                Stage::S1,
                None,
                !e0pd,
                Rule::E0pd,
                StepKind::E0pd { field, e0pd },
            )
        });
        if e0pd {
            return Err(s1_fault(FaultKind::Translation));
        }
    }
    Ok(())
}

/// AArch64.S1Walk(): AArch64.S1EPD() forbids walks through that TTBR.
fn epd_check<S: Sink>(upper: bool, epd: bool, sink: &mut S) -> Result<(), Fault> {
    let field = if upper { "EPD1" } else { "EPD0" };
    record(sink, || {
        step(
            Stage::S1,
            None,
            !epd,
            Rule::Epd,
            StepKind::Epd { field, epd },
        )
    });
    if epd {
        return Err(s1_fault(FaultKind::Translation));
    }
    Ok(())
}
