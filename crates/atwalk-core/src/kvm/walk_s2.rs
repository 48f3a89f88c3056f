//! KVM's walk of the guest hypervisor's stage 2 under its software walk
//! (nested.c walk_nested_s2_pgd(), vtcr_to_walk_info(),
//! check_base_s2_limits(); at.c walk_s1()'s use of kvm_walk_nested_s2()).

use super::diff::{FORMAT, KvmAddr, KvmDiff, kvm_step, site};
use crate::addr::{Word, bits};
use crate::descriptor::{Oa52, S2LeafDesc};
use crate::fault::{Fault, FaultKind, Stage};
use crate::features::Feature;
use crate::granule::{FINAL_LEVEL, Granule};
use crate::machine::{Machine, physical_address_size};
use crate::memory::PhysMem;
use crate::rules::Rule;
use crate::stage2::{S2Config, S2Fail, S2Start, first_entry};
use crate::trace::{S2NoStatus, Sink, Step, StepKind, record};
use crate::walk::geometry::{Geometry, baddr_is_52bit, table_base};
use crate::walk::{Format, Variant as _};

/// KVM: check_base_s2_limits() in nested.c: whether the start level fits
/// the granule and `size` (the input size, nested.c lines 160-180 at
/// 001e032c0f3f; from v7.0 the guest's PA size, kvm_get_pa_bits(), which
/// the input size must not exceed), with at most 16 concatenated tables.
fn limits_ok(granule: Granule, level: i8, ia_bits: u8, size: u8) -> bool {
    let ia = i32::from(ia_bits);
    let size = i32::from(size);
    let bad_level = match granule {
        Granule::K64 => level == 0 || (level == 1 && size <= 42),
        Granule::K16 => level == 0 || (level == 1 && size <= 40),
        Granule::K4 => level < 0 || (level == 0 && size <= 42),
    };
    if bad_level || ia > size || level > FINAL_LEVEL {
        return false;
    }
    let stride = i32::from(granule.stride());
    let start_size =
        ia - ((i32::from(FINAL_LEVEL) - i32::from(level)) * stride + i32::from(granule.bits()));
    (1..=stride + 4).contains(&start_size)
}

/// KVM: walk_nested_s2_pgd() up to its first read. The start level is
/// 2 - SL0 (4KB) or 3 - SL0 (VTCR_EL2.DS and SL2 are ignored); an input size
/// outside [25, 48] or check_base_s2_limits() failing returns -EFAULT with
/// no fault status; there is no IPA range check, the output size is
/// min(host IPA limit, PS), the base VTTBR & bits[47:x].
///
/// # Errors
/// The failure without a status, or an Address size fault of the first
/// entry at the start level (compute_fsc(level, ADDRSZ)).
pub fn setup<M: PhysMem, S: Sink>(
    v: &super::walker::KvmWalk,
    m: &Machine<'_, M>,
    ipa: u64,
    arch: &S2Config,
    sink: &mut S,
) -> Result<S2Start, S2Fail> {
    let S2Config {
        granule,
        t0sz,
        sl0,
        ps,
        ia_bits,
        ..
    } = *arch;
    let start = if granule == Granule::K4 {
        2 - sl0 as i8
    } else {
        3 - sl0 as i8
    };
    let ia_ok = (25..=48).contains(&ia_bits);
    // From v7.0 the limits are the guest's PA size (kvm_get_pa_bits()).
    let reports = v.release.behaviour().s2_fault_status;
    let size = if reports {
        super::nv::guest_pa_bits(m)
    } else {
        ia_bits
    };
    let kvm_ok = ia_ok && limits_ok(granule, start, ia_bits, size);
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
    if kvm_ok != arch.ok {
        record(sink, || {
            kvm_step(
                Stage::S2,
                None,
                kvm_ok,
                if ia_ok { site::S2_START } else { site::S2_T0SZ },
                Rule::Stage2Config,
                KvmDiff::S2Config {
                    t0sz,
                    sl0,
                    kvm_ok,
                    arch_ok: arch.ok,
                },
            )
        });
    }
    if !kvm_ok && ia_ok && reports {
        // v7.0: the WARN_ON() branch sets out->esr = compute_fsc(0, FAULT).
        return Err(S2Fail::Fault(Fault::s2_on_walk(FaultKind::Translation, 0)));
    }
    if !kvm_ok {
        return Err(S2Fail::NoStatus(if ia_ok {
            S2NoStatus::StartLevel
        } else {
            S2NoStatus::T0szRange
        }));
    }
    // AArch64.IPAIsOutOfRange(); KVM: no such check, the index uses the low bits.
    if bits(ipa, 63, ia_bits) != 0 {
        record(sink, || {
            kvm_step(
                Stage::S2,
                None,
                true,
                site::S2_INDEX,
                Rule::IpaRange,
                KvmDiff::S2NoIpaRangeCheck {
                    ipa: Word(ipa),
                    ia_bits,
                },
            )
        });
    }
    let lpa = m.has(Feature::Lpa);
    let arch_oa_bits = physical_address_size(ps, arch.ds, granule == Granule::K64, lpa, m.pa_max());
    let oa_bits = v.output_size(Stage::S2, ps, arch_oa_bits).take(sink);
    let arch_fmt = Format {
        ds: arch.ds,
        pa52: m.pa52(),
        oa52: Oa52::for_walk(granule, arch.ds),
        baddr52: baddr_is_52bit(granule, arch.ds, ps, lpa),
        ha: m.s2_ha(),
        hd: false,
    };
    let g = Geometry {
        granule,
        ia_bits,
        start,
    };
    // From v6.19 vtcr_to_walk_info() sets wi->ha = vtcr & VTCR_EL2_HA and
    // walk_nested_s2_pgd() swaps in the stage 2 AF; the VM sees FEAT_HAFDBS
    // (capped at AF) only where the PE has it, as `arch_fmt.ha` requires.
    let fmt = Format {
        ha: v.s2_sets_af(m),
        ..FORMAT
    };
    let tbits = g.first_table_bits();
    // KVM: base = VTTBR & GENMASK_ULL(47, base_lower_bound).
    let vttbr = m.regs.vttbr.0;
    let baddr = table_base(vttbr, tbits, false);
    let arch_baddr = table_base(vttbr, tbits, arch_fmt.baddr52);
    if baddr != arch_baddr {
        record(sink, || {
            kvm_step(
                Stage::S2,
                None,
                true,
                site::S2_BASE,
                Rule::Stage2StartLevel,
                KvmDiff::Address {
                    what: KvmAddr::VttbrBase,
                    kvm: Word(baddr),
                    arch: Word(arch_baddr),
                },
            )
        });
    }
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
            pa52: arch_fmt.pa52,
            hpd: false,
            ha: fmt.ha,
            baddr: Word(baddr),
            table_bytes: 1u64 << tbits,
        },
    });
    let (first, fits) = first_entry(&g, baddr, ipa, oa_bits, sink);
    if !fits {
        // KVM: compute_fsc(level, ADDRSZ): the start level; from v7.0 level
        // 0 (R_BFHQH). at.c replaces either with the stage 1 level.
        return Err(S2Fail::Fault(Fault::s2_on_walk(
            FaultKind::AddressSize,
            if reports { 0 } else { start },
        )));
    }
    Ok(S2Start {
        geometry: g,
        oa_bits,
        fmt,
        arch: arch_fmt,
        first_entry: first,
    })
}

/// KVM: no memory type or HCR_EL2.PTW check at the stage 2 leaf (at.c
/// checks S2AP read, see [`super::nested_s2::KvmStage2`]): the step says what the
/// architecture would have checked.
pub fn leaf_checks<M: PhysMem, S: Sink>(m: &Machine<'_, M>, level: i8, raw: u64, sink: &mut S) {
    let d = S2LeafDesc(raw);
    let r = &m.regs;
    if r.hcr.ptw() && !r.hcr.tge() && d.device() {
        record(sink, || {
            kvm_step(
                Stage::S2,
                Some(level),
                true,
                site::S2_PERMS,
                Rule::Stage2Permissions,
                KvmDiff::S2NoPtwCheck {
                    mem_attr: d.mem_attr(),
                },
            )
        });
    }
}
