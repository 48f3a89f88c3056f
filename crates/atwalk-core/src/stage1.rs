//! The stage 1 walk of the EL1&0 regime (AArch64.S1Translate(),
//! AArch64.S1Walk()): level by level from the TTBR to the leaf, each table
//! address translated by stage 2 first when stage 2 is on, then the access
//! flag, the permissions and the output attributes.

use crate::addr::{Pa, Va, Word, any_at_or_above, bits, mask};
use crate::at::Access;
use crate::attrs::{self, OutputAttrs};
use crate::descriptor::{
    DescKind, S1LeafDesc, S1TableDesc, decode_kind, leaf_base, next_table_base,
};
use crate::fault::{Fault, FaultKind, Stage};
use crate::granule::{DESC_SIZE_LOG2, Granule};
use crate::kvm::diff::{KvmAddr, KvmDiff, KvmSite, site as kvm_site};
use crate::kvm::nv as kvm_nv;
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::params::{self, S1Params, Walker};
use crate::perms::{self, TablePerms};
use crate::rules::Rule;
use crate::stage2::TableStage2;
use crate::trace::{AddrWhat, Sink, Step, StepKind, record};

/// A successful stage 1 translation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct S1Output {
    /// The output address (an IPA when stage 2 is on).
    pub oa: u64,
    /// The attributes and what PAR_EL1 reports.
    pub attrs: OutputAttrs,
}

fn step(level: Option<i8>, ok: bool, rule: Rule, kind: StepKind) -> Step {
    Step {
        stage: Stage::S1,
        level,
        ok,
        rule,
        kind,
    }
}

/// Translates `va` for the access `acc`: the stage 1 part of an AT instruction.
///
/// # Errors
/// The fault that ends the walk: stage 1, or stage 2 on the walk.
pub fn translate<M: PhysMem, T: TableStage2, S: Sink>(
    m: &Machine<'_, M>,
    acc: &Access,
    va: Va,
    s2: &T,
    sink: &mut S,
) -> Result<S1Output, Fault> {
    match setup_phase(m, acc, va, Walker::Arch, sink)? {
        Setup::Flat(out) => Ok(out),
        Setup::Walk(p) => {
            let (level, desc, tperms) = walk(m, &p, va, s2, sink)?;
            let oa = leaf_output(&p, va, level, desc, sink)?;
            leaf_perms(m, acc, &p, level, desc, tperms, sink)?;
            let attrs = leaf_attrs(m, &p, level, desc, sink);
            Ok(S1Output { oa, attrs })
        }
    }
}

/// What the set-up phase found: stage 1 off (the flat output), or the walk parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setup {
    /// Stage 1 is off: the output.
    Flat(S1Output),
    /// Stage 1 is on: walk with these.
    Walk(S1Params),
}

/// Everything before the first descriptor read: (for KVM, the canonical
/// check first,) stage 1 enabled or the flat map, then the walk parameters.
///
/// # Errors
/// A level 0 fault of the set-up.
pub fn setup_phase<M: PhysMem, S: Sink>(
    m: &Machine<'_, M>,
    acc: &Access,
    va: Va,
    walker: Walker,
    sink: &mut S,
) -> Result<Setup, Fault> {
    if walker == Walker::KvmSlow {
        params::kvm_canonical_check(m, va, sink)?;
    }
    let r = &m.regs;
    // AArch64.S1Enabled(): SCTLR_EL1.M, unless HCR_EL2.DC or TGE (R_LBPTY).
    let enabled = r.sctlr.m() && !r.hcr.dc() && !r.hcr.tge();
    record(sink, || {
        step(
            None,
            true,
            Rule::S1Enabled,
            StepKind::S1Enable {
                sctlr_m: r.sctlr.m(),
                hcr_dc: r.hcr.dc(),
                hcr_tge: r.hcr.tge(),
            },
        )
    });
    if !enabled {
        return flat(m, va, walker, sink).map(Setup::Flat);
    }
    params::setup_as(m, acc, va, walker, sink).map(Setup::Walk)
}

/// AArch64.S1DisabledOutput(): the VA is the output, checked against the
/// PA size (R_VCDSW), with Device-nGnRnE or (HCR_EL2.DC) Normal Write-Back
/// attributes (R_WFZPW).
fn flat<M: PhysMem, S: Sink>(
    m: &Machine<'_, M>,
    va: Va,
    walker: Walker,
    sink: &mut S,
) -> Result<S1Output, Fault> {
    let r = &m.regs;
    let upper = va.bits(55, 55) == 1;
    let tbi = if upper { r.tcr.tbi1() } else { r.tcr.tbi0() };
    let addr_top: u8 = if tbi { 55 } else { 63 };
    // KVM: the VA is checked against kvm_get_pa_bits(), the guest's
    // PARange, at most 48 bits under NV.
    let arch_bits = m.pa_max();
    let pa_bits = if walker == Walker::KvmSlow {
        kvm_nv::guest_pa_bits(m)
    } else {
        arch_bits
    };
    let dc = r.hcr.dc();
    let fits = bits(va.0, addr_top, pa_bits) == 0;
    if walker == Walker::KvmSlow && fits != (bits(va.0, addr_top, arch_bits) == 0) {
        record(sink, || {
            kvm_step(
                Some(0),
                fits,
                kvm_site::MMU_OFF,
                Rule::FlatAddressSize,
                KvmDiff::FlatPaBits {
                    kvm_bits: pa_bits,
                    arch_bits,
                },
            )
        });
    }
    record(sink, || {
        step(
            Some(0),
            fits,
            if fits {
                Rule::S1Disabled
            } else {
                Rule::FlatAddressSize
            },
            StepKind::Flat {
                va,
                addr_top,
                pa_bits,
                dc,
            },
        )
    });
    if !fits {
        return Err(Fault::s1(FaultKind::AddressSize, 0));
    }
    let (attr, sh) = if dc {
        (attrs::ATTR_NORMAL_WB, attrs::SH_NON)
    } else {
        (attrs::ATTR_DEVICE_NGNRNE, attrs::SH_OUTER)
    };
    Ok(S1Output {
        oa: va.0 & mask(55, 0),
        attrs: OutputAttrs {
            mair_attr: attr,
            resulting_attr: attr,
            reported_attr: attr,
            reported_sh: sh,
        },
    })
}

/// The table walk proper, to the leaf: returns its level, the descriptor
/// and the hierarchical limits gathered on the way.
///
/// # Errors
/// A fault on the way: address size, stage 2, External abort, Translation.
pub fn walk<M: PhysMem, T: TableStage2, S: Sink>(
    m: &Machine<'_, M>,
    p: &S1Params,
    va: Va,
    s2: &T,
    sink: &mut S,
) -> Result<(i8, u64, TablePerms), Fault> {
    let mut level = p.start_level;
    let mut table = p.baddr;
    let (hi, lo) = p.index_bits(level);
    let mut entry = table | (va.bits(hi, lo) << DESC_SIZE_LOG2);
    record(sink, || index_step(level, va, hi, lo, table, entry));
    // R_CVSBH, R_BFHQH: the TTBR's address above the output size faults at level 0.
    let fits = !any_at_or_above(entry, p.oa_bits);
    record(sink, || {
        size_step(AddrWhat::Ttbr, entry, p.oa_bits, fits, level)
    });
    if !fits {
        return Err(Fault::s1(FaultKind::AddressSize, 0));
    }
    let mut tperms = TablePerms::default();
    loop {
        let pa = s2.translate(entry, level, sink)?;
        let Some(word) = m.mem.read(pa) else {
            record(sink, || {
                step(
                    Some(level),
                    false,
                    Rule::ExternalAbortOnWalk,
                    StepKind::ReadAbort { at: Pa(pa) },
                )
            });
            return Err(Fault::s1(FaultKind::SyncExternalOnWalk, level));
        };
        // FetchDescriptor(): SCTLR_EL1.EE = 1 makes stage 1 descriptors big-endian.
        let raw = if p.ee { word.swap_bytes() } else { word };
        let kind = decode_kind(raw, p.granule, level, p.ds, p.pa52);
        let ok = !matches!(kind, DescKind::Invalid | DescKind::Reserved);
        // KVM: walk_s1() allows blocks at 4KB levels 1-2 and 16KB/64KB
        // level 2 only (no LPA2 or 52-bit PA blocks); AArch64.BlockDescSupported() more.
        let kvm_rejects = p.walker == Walker::KvmSlow
            && kind == DescKind::Reserved
            && decode_kind(raw, p.granule, level, p.arch.ds, p.arch.pa52) == DescKind::Block;
        record(sink, || {
            step(
                Some(level),
                ok,
                match kind {
                    DescKind::Invalid => Rule::InvalidDescriptor,
                    DescKind::Reserved => Rule::ReservedDescriptor,
                    _ => Rule::DescriptorType,
                },
                StepKind::Read {
                    at: Pa(pa),
                    raw: Word(raw),
                    big_endian: p.ee,
                    kind,
                },
            )
        });
        if kvm_rejects {
            record(sink, || {
                kvm_step(
                    Some(level),
                    false,
                    kvm_site::WALK_BLOCK,
                    Rule::ReservedDescriptor,
                    KvmDiff::BlockRejected {
                        granule: p.granule,
                        level,
                    },
                )
            });
        }
        match kind {
            // R_DYNYQ, R_KRMJZ: a Translation fault at this level.
            DescKind::Invalid | DescKind::Reserved => {
                return Err(Fault::s1(FaultKind::Translation, level));
            }
            DescKind::Block | DescKind::Page => return Ok((level, raw, tperms)),
            DescKind::Table => {}
        }
        let d = S1TableDesc(raw);
        // AArch64.S1ApplyTablePerms(), unless HPDn (FEAT_HPDS) disables it.
        if !p.hpd {
            tperms.ap_table |= d.ap_table();
            tperms.uxn_table |= d.uxn_table();
            tperms.pxn_table |= d.pxn_table();
        }
        table = next_table_base(raw, p.granule, p.oa52);
        if p.walker == Walker::KvmSlow {
            // KVM: baddr = desc & GENMASK_ULL(47, pgshift): cut at 48 bits.
            let arch = next_table_base(raw, p.granule, p.arch.oa52);
            if arch != table {
                record(sink, || {
                    kvm_step(
                        Some(level),
                        true,
                        kvm_site::WALK_TABLE,
                        Rule::OutputSize,
                        KvmDiff::Address {
                            what: KvmAddr::NextTable,
                            kvm: Word(table),
                            arch: Word(arch),
                        },
                    )
                });
            }
        }
        record(sink, || {
            step(
                Some(level),
                true,
                Rule::TablePermissions,
                StepKind::Table {
                    next: Word(table),
                    ap_table: d.ap_table(),
                    uxn_table: d.uxn_table(),
                    pxn_table: d.pxn_table(),
                    hpd: p.hpd,
                    acc_ap_table: tperms.ap_table,
                    acc_uxn_table: tperms.uxn_table,
                    acc_pxn_table: tperms.pxn_table,
                },
            )
        });
        let (hi, lo) = p.index_bits(level + 1);
        entry = table | (va.bits(hi, lo) << DESC_SIZE_LOG2);
        // R_BFHQH: a next-level table address above the output size faults
        // at the level of the table descriptor that holds it.
        let fits = !any_at_or_above(entry, p.oa_bits);
        record(sink, || {
            size_step(AddrWhat::Table, entry, p.oa_bits, fits, level)
        });
        if !fits {
            return Err(Fault::s1(FaultKind::AddressSize, level));
        }
        level += 1;
        record(sink, || index_step(level, va, hi, lo, table, entry));
    }
}

/// The leaf's output address, its size check and the access flag (the
/// end of AArch64.S1Walk(); the end of KVM's walk_s1()).
///
/// # Errors
/// An Address size or Access flag fault at the leaf's level.
pub fn leaf_output<S: Sink>(
    p: &S1Params,
    va: Va,
    level: i8,
    raw: u64,
    sink: &mut S,
) -> Result<u64, Fault> {
    let d = S1LeafDesc(raw);
    let kvm = p.walker == Walker::KvmSlow;
    let size_bits = p.granule.leaf_bits(level);
    let base = leaf_base(raw, p.granule, level, p.oa52);
    // StageOA(): the block or page base with the VA's offset into it.
    // IMPLEMENTATION DEFINED (AArch64.ContiguousBit()): the Contiguous bit is
    // treated as 0, as QEMU does, so it never changes the output address.
    let arch_oa = base | (va.0 & mask(size_bits - 1, 0));
    // KVM: contiguous_bit_shift() widens the block (as StageOA() may):
    // pa = desc[47:bottom'] | VA[bottom'-1:0].
    let shift = if kvm && d.contiguous() {
        kvm_contiguous_shift(p.granule, level)
    } else {
        0
    };
    let oa = if shift > 0 {
        let lo = size_bits + shift;
        (raw & mask(47, lo)) | (va.0 & mask(lo - 1, 0))
    } else {
        arch_oa
    };
    if kvm {
        let arch_base = leaf_base(raw, p.granule, level, p.arch.oa52);
        if arch_base != base {
            record(sink, || {
                kvm_step(
                    Some(level),
                    true,
                    kvm_site::WALK_CONTIG,
                    Rule::OutputSize,
                    KvmDiff::Address {
                        what: KvmAddr::Leaf,
                        kvm: Word(base),
                        arch: Word(arch_base),
                    },
                )
            });
        }
    }
    record(sink, || {
        step(
            Some(level),
            true,
            Rule::LeafOutput,
            StepKind::Leaf {
                kind: DescKind::leaf_at(level),
                base: Word(base),
                size_bits,
                oa: Word(oa),
                contiguous: d.contiguous(),
            },
        )
    });
    // AArch64.S1Walk(), "Detect Address Size Fault by final output": the
    // final address, base plus offset, must fit the output size.
    // KVM: walk_s1() checks only the descriptor's bits, desc[47:bottom].
    let checked = if kvm { base } else { oa };
    let fits = !any_at_or_above(checked, p.oa_bits);
    record(sink, || {
        size_step(AddrWhat::Output, checked, p.oa_bits, fits, level)
    });
    if !fits {
        return Err(Fault::s1(FaultKind::AddressSize, level));
    }
    if kvm && any_at_or_above(oa, p.oa_bits) {
        record(sink, || {
            kvm_step(
                Some(level),
                true,
                kvm_site::WALK_OA,
                Rule::AddressSizeOutput,
                KvmDiff::NoFinalOaCheck {
                    oa: Word(oa),
                    oa_bits: p.oa_bits,
                },
            )
        });
    }
    // R_SWTYY: AF = 0 faults unless hardware manages the flag (TCR_EL1.HA).
    let af_ok = d.af() || p.ha;
    if kvm && !d.af() && p.arch.ha {
        record(sink, || {
            kvm_step(
                Some(level),
                false,
                kvm_site::WALK_AF,
                Rule::AccessFlag,
                KvmDiff::NoHardwareAf,
            )
        });
    }
    record(sink, || {
        step(
            Some(level),
            af_ok,
            Rule::AccessFlag,
            StepKind::AccessFlag {
                af: d.af(),
                ha: p.ha,
            },
        )
    });
    if !af_ok {
        return Err(Fault::s1(FaultKind::AccessFlag, level));
    }
    if shift > 0 {
        record(sink, || {
            kvm_step(
                Some(level),
                true,
                kvm_site::WALK_CONTIG,
                Rule::LeafOutput,
                KvmDiff::Contiguous {
                    shift,
                    kvm: Word(oa),
                    arch: Word(arch_oa),
                },
            )
        });
    }
    Ok(oa)
}

/// KVM: contiguous_bit_shift() (kvm_nested.h): 4 bits for 4KB, 5 for 16KB
/// level 2 and 7 for 16KB level 3, 5 for 64KB.
pub const fn kvm_contiguous_shift(granule: Granule, level: i8) -> u8 {
    match granule {
        Granule::K4 => 4,
        Granule::K16 => {
            if level == 2 {
                5
            } else {
                7
            }
        }
        Granule::K64 => 5,
    }
}

/// The permissions and the op's check (AArch64.S1CheckPermissions(); KVM's
/// compute_s1_permissions() and the check in handle_at_slow()).
///
/// # Errors
/// A Permission fault at the leaf's level.
#[allow(clippy::too_many_arguments)]
pub fn leaf_perms<M: PhysMem, S: Sink>(
    m: &Machine<'_, M>,
    acc: &Access,
    p: &S1Params,
    level: i8,
    raw: u64,
    t: TablePerms,
    sink: &mut S,
) -> Result<(), Fault> {
    let r = &m.regs;
    let d = S1LeafDesc(raw);
    if p.walker == Walker::KvmSlow && d.dbm() && p.arch.hd {
        // KVM: compute_s1_direct_permissions() reads AP[2:1] only.
        record(sink, || {
            kvm_step(
                Some(level),
                true,
                kvm_site::PERMS,
                Rule::DirectPermissions,
                KvmDiff::NoDirtyState,
            )
        });
    }
    let el0 = acc.el == 0;
    let base_perms = perms::direct(d.ap(), d.uxn(), d.pxn(), d.dbm() && p.hd, t);
    let (after_pan, pan_applied) = perms::pan(base_perms, acc.pan && r.pstate_pan, p.epan);
    let (final_perms, wxn_applied) = perms::wxn(after_pan, r.sctlr.wxn(), el0);
    let allowed = perms::check(final_perms, el0, acc.check);
    record(sink, || {
        step(
            Some(level),
            allowed,
            if pan_applied && !allowed {
                Rule::Pan
            } else {
                Rule::PermissionCheck
            },
            StepKind::Perms {
                ap: d.ap(),
                dbm_hd: d.dbm() && p.hd,
                uxn: d.uxn(),
                pxn: d.pxn(),
                ap_table: t.ap_table,
                uxn_table: t.uxn_table,
                pxn_table: t.pxn_table,
                base: base_perms,
                pan_applied,
                epan: p.epan,
                after_pan,
                wxn_applied,
                el: acc.el,
                check: acc.check,
            },
        )
    });
    if !allowed {
        // R_CSRQR: reported at the leaf's level.
        return Err(Fault::s1(FaultKind::Permission, level));
    }
    Ok(())
}

/// The output attributes and what PAR_EL1 reports of them (KVM:
/// compute_par_s1() with compute_sh()).
pub fn leaf_attrs<M: PhysMem, S: Sink>(
    m: &Machine<'_, M>,
    p: &S1Params,
    level: i8,
    raw: u64,
    sink: &mut S,
) -> OutputAttrs {
    let r = &m.regs;
    let d = S1LeafDesc(raw);
    // S1DecodeMemAttrs(): with DS=1 the SH bits hold OA[51:50] and the
    // shareability is TCR_EL1.SHn.
    let attr_indx = d.attr_indx();
    let mair_attr = r.mair.attr(attr_indx);
    let sh = if p.ds { p.sh } else { d.sh() };
    let arch_sh = if p.arch.ds { p.sh } else { d.sh() };
    let arch_attrs = attrs::output(mair_attr, arch_sh, r.sctlr.c());
    let a = if p.walker == Walker::KvmSlow {
        let (kvm_attr, kvm_sh) =
            crate::kvm::slow::compute_par_attrs(mair_attr, d.sh(), r.sctlr.c());
        OutputAttrs {
            reported_attr: kvm_attr,
            reported_sh: kvm_sh,
            ..arch_attrs
        }
    } else {
        arch_attrs
    };
    record(sink, || {
        step(
            Some(level),
            true,
            Rule::Attributes,
            StepKind::Attrs {
                attr_indx,
                mair_attr,
                mem: crate::regs::MemAttr::decode(mair_attr),
                sh,
                sh_from_tcr: p.ds,
                sctlr_c: r.sctlr.c(),
                resulting_attr: a.resulting_attr,
                reported_attr: a.reported_attr,
                reported_sh: a.reported_sh,
            },
        )
    });
    if (a.reported_attr, a.reported_sh) != (arch_attrs.reported_attr, arch_attrs.reported_sh) {
        record(sink, || {
            kvm_step(
                Some(level),
                true,
                kvm_site::PAR_S1,
                Rule::Attributes,
                KvmDiff::ParAttrs {
                    kvm_attr: a.reported_attr,
                    kvm_sh: a.reported_sh,
                    arch_attr: arch_attrs.reported_attr,
                    arch_sh: arch_attrs.reported_sh,
                },
            )
        });
    }
    a
}

fn kvm_step(level: Option<i8>, ok: bool, site: KvmSite, arch: Rule, what: KvmDiff) -> Step {
    step(
        level,
        ok,
        arch,
        StepKind::KvmDiffers {
            kvm: site,
            arch,
            what,
        },
    )
}

fn index_step(level: i8, va: Va, hi: u8, lo: u8, table: u64, entry: u64) -> Step {
    step(
        Some(level),
        true,
        Rule::TableIndex,
        StepKind::Index {
            ia: Word(va.0),
            hi,
            lo,
            index: va.bits(hi, lo),
            table: Word(table),
            entry: Word(entry),
        },
    )
}

fn size_step(what: AddrWhat, addr: u64, oa_bits: u8, ok: bool, level: i8) -> Step {
    step(
        Some(level),
        ok,
        match what {
            AddrWhat::Output => Rule::AddressSizeOutput,
            _ => Rule::AddressSizeTable,
        },
        StepKind::AddressSize {
            what,
            addr: Word(addr),
            oa_bits,
        },
    )
}
