//! KVM's software walk as a variant of the architecture's (at.c
//! setup_s1_walk(), walk_s1(), compute_s1_permissions(), compute_par_s1();
//! nested.c walk_nested_s2_pgd()): at each of the walker's choice points,
//! the value KVM's code computes and, where it parts from the
//! architecture, a `KvmDiffers` step naming KVM's function beside the Arm
//! rule. The stage 2 set-up is in [`super::walk_s2`].

use super::diff::{FORMAT, KvmAddr, KvmDiff, KvmSite, kvm_step, site};
use super::nv;
pub use super::walker::KvmWalk;
use crate::addr::{Va, Word, any_at_or_above, mask};
use crate::attrs::OutputAttrs;
use crate::descriptor::{DescKind, S1LeafDesc, decode_kind, leaf_base, next_table_base};
use crate::fault::{Fault, FaultKind, Stage};
use crate::features::Feature;
use crate::granule::Granule;
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::op::Access;
use crate::rules::Rule;
use crate::stage2::{S2Config, S2Fail, S2Start};
use crate::trace::{S2NoStatus, Sink, record};
use crate::walk::geometry::table_base;
use crate::walk::{At, Choice, Format, Variant};

/// The site of a walk_s1() or walk_nested_s2_pgd() choice at `stage`.
const fn at_stage(stage: Stage, s1: KvmSite, s2: KvmSite) -> KvmSite {
    match stage {
        Stage::S1 => s1,
        Stage::S2 => s2,
    }
}

pub use super::kvm_attrs::{compute_par_attrs, contiguous_shift};

impl Variant for KvmWalk {
    /// KVM: setup_s1_walk() starts with the canonical check: with TBIn
    /// clear, VA[63:56] must be a sign extension of VA[55], else a level 0
    /// Address size fault, before the MMU-off test. The architecture
    /// (AArch64.VAIsOutOfRange(), R_VZZSZ) gives a level 0 Translation
    /// fault when stage 1 is on; with stage 1 off both give the Address
    /// size fault (R_VCDSW).
    fn before_s1<M: PhysMem, S: Sink>(
        &self,
        m: &Machine<'_, M>,
        va: Va,
        sink: &mut S,
    ) -> Result<(), Fault> {
        let r = &m.regs;
        let upper = va.bits(55, 55) == 1;
        let tbi = if upper { r.tcr.tbi1() } else { r.tcr.tbi0() };
        let top = va.bits(63, 56);
        if tbi || top == if upper { 0xff } else { 0 } {
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
                Stage::S1,
                Some(0),
                false,
                site::NON_CANONICAL,
                arch,
                KvmDiff::NonCanonical { va, stage1_off },
            )
        });
        Err(Fault::s1(FaultKind::AddressSize, 0))
    }

    /// KVM: the VA is checked against kvm_get_pa_bits(), the guest's
    /// PARange, at most 48 bits under NV.
    fn flat_pa_bits<M: PhysMem>(
        &self,
        m: &Machine<'_, M>,
        va: Va,
        addr_top: u8,
        arch_bits: u8,
    ) -> Choice<u8> {
        let pa_bits = nv::guest_pa_bits(m);
        let fits = |b| crate::addr::bits(va.0, addr_top, b) == 0;
        Choice::unless(pa_bits, fits(pa_bits) != fits(arch_bits), || {
            kvm_step(
                Stage::S1,
                Some(0),
                fits(pa_bits),
                site::MMU_OFF,
                Rule::FlatAddressSize,
                KvmDiff::FlatPaBits {
                    kvm_bits: pa_bits,
                    arch_bits,
                },
            )
        })
    }

    /// KVM: a reserved TG0/TG1 (VTCR_EL2.TG0) is treated as 64KB
    /// ("IMPDEF: treat any other value as 64k").
    fn reserved_granule(&self, stage: Stage, field: &'static str, tg: u8) -> Choice<Granule> {
        let (s, rule) = match stage {
            Stage::S1 if field == "TG1" => (site::GRANULE_TG1, Rule::GranuleDecode),
            Stage::S1 => (site::GRANULE, Rule::GranuleDecode),
            Stage::S2 => (site::S2_GRANULE, Rule::Stage2Config),
        };
        Choice::unless(Granule::K64, true, || {
            kvm_step(
                stage,
                None,
                true,
                s,
                rule,
                KvmDiff::ReservedGranule {
                    field,
                    tg,
                    kvm: Granule::K64,
                    arch: Granule::K4,
                },
            )
        })
    }

    fn txsz_limits<M: PhysMem>(
        &self,
        m: &Machine<'_, M>,
        granule: Granule,
        tcr_ds: bool,
        txsz: u8,
        arch: (u8, u8),
    ) -> Choice<(u8, u8)> {
        let (min, max) = nv::txsz_limits(m, granule, tcr_ds);
        let ok = (min..=max).contains(&txsz);
        let arch_ok = (arch.0..=arch.1).contains(&txsz);
        Choice::unless((min, max), ok != arch_ok, || {
            kvm_step(
                Stage::S1,
                None,
                ok,
                if txsz > max.min(arch.1) {
                    site::TXSZ
                } else {
                    site::TXSZ_MIN
                },
                Rule::TxSzLimits,
                KvmDiff::TxSzLimits {
                    txsz,
                    kvm_min: min,
                    kvm_max: max,
                    arch_min: arch.0,
                    arch_max: arch.1,
                },
            )
        })
    }

    /// KVM: setup_s1_walk() tests EPD (I_ZFSYQ) before E0PD (R_BNDVG);
    /// both are level 0 Translation faults, so only the trace's order differs.
    fn epd_before_e0pd<M: PhysMem>(
        &self,
        m: &Machine<'_, M>,
        acc: &Access,
        epd: bool,
        e0pd: bool,
    ) -> Choice<bool> {
        let both = epd && e0pd && acc.el == 0 && m.has(Feature::E0pd);
        Choice::unless(true, both, || {
            kvm_step(
                Stage::S1,
                None,
                false,
                site::EPD_E0PD,
                Rule::E0pd,
                KvmDiff::EpdBeforeE0pd,
            )
        })
    }

    /// KVM: max_oa_bits = min(get_kvm_ipa_limit(), ps_to_output_size(PS)).
    fn output_size(&self, stage: Stage, ps: u8, arch_bits: u8) -> Choice<u8> {
        let bits = nv::max_oa_bits(ps);
        Choice::unless(bits, bits != arch_bits, || {
            kvm_step(
                stage,
                None,
                true,
                at_stage(stage, site::MAX_OA, site::S2_MAX_OA),
                Rule::OutputSize,
                KvmDiff::OutputSize {
                    ps,
                    kvm_bits: bits,
                    arch_bits,
                },
            )
        })
    }

    /// KVM before v6.18: baddr = TTBR & bits[47:1], aligned; no LPA2 or
    /// 52-bit formats (TTBR[5:2] never BADDR[51:48], descriptors read as
    /// 48-bit ones). From v6.18, with wi->pa52bit, the LPA2 format
    /// ([`super::walk_later::pa52_format`]).
    fn s1_format<S: Sink>(
        &self,
        arch: Format,
        arch_base: u64,
        ttbr: u64,
        table_bits: u8,
        sink: &mut S,
    ) -> (Format, u64) {
        // From v6.19 the VM sees FEAT_HAFDBS capped at AF (limit_nv_id_reg()),
        // so wi->ha = TCR_EL1.HA; there is still no dirty state management.
        let ha = self.release.behaviour().walk_sets_af && arch.ha;
        if let Some(fmt) = super::walk_later::pa52_format(self, &arch, ha) {
            return (fmt, table_base(ttbr, table_bits, fmt.baddr52));
        }
        if arch.ds {
            record(sink, || {
                kvm_step(
                    Stage::S1,
                    None,
                    true,
                    site::TTBR,
                    Rule::OutputSize,
                    KvmDiff::Lpa2NotDecoded,
                )
            });
        }
        let base = table_base(ttbr, table_bits, false);
        if base != arch_base {
            record(sink, || {
                kvm_step(
                    Stage::S1,
                    None,
                    true,
                    site::TTBR,
                    Rule::TtbrBase,
                    KvmDiff::Address {
                        what: KvmAddr::TtbrBase,
                        kvm: Word(base),
                        arch: Word(arch_base),
                    },
                )
            });
        }
        (Format { ha, ..FORMAT }, base)
    }

    /// KVM: walk_s1() allows blocks at 4KB levels 1-2 and 16KB/64KB level 2
    /// only (no LPA2 or 52-bit PA blocks), as does walk_nested_s2_pgd();
    /// from v6.18 walk_s1() also allows 4KB level 0 and 16KB/64KB level 1
    /// blocks with wi->pa52bit (the format's DS).
    fn descriptor(&self, at: At<'_>, raw: u64) -> Choice<DescKind> {
        let kind = decode_kind(raw, at.granule, at.level, at.fmt.ds, at.fmt.pa52);
        let arch = decode_kind(raw, at.granule, at.level, at.arch.ds, at.arch.pa52);
        Choice::unless(
            kind,
            kind == DescKind::Reserved && arch == DescKind::Block,
            || {
                kvm_step(
                    at.stage,
                    Some(at.level),
                    false,
                    at_stage(at.stage, site::WALK_BLOCK, site::S2_BLOCK),
                    Rule::ReservedDescriptor,
                    KvmDiff::BlockRejected {
                        granule: at.granule,
                        level: at.level,
                    },
                )
            },
        )
    }

    /// KVM: baddr = desc & GENMASK_ULL(47, pgshift): cut at 48 bits.
    fn next_table(&self, at: At<'_>, raw: u64) -> Choice<u64> {
        let kvm = next_table_base(raw, at.granule, at.fmt.oa52);
        let arch = next_table_base(raw, at.granule, at.arch.oa52);
        let (s, what) = match at.stage {
            Stage::S1 => (site::WALK_TABLE, KvmAddr::NextTable),
            Stage::S2 => (site::S2_TABLE, KvmAddr::S2NextTable),
        };
        address(at, kvm, arch, s, what)
    }

    fn leaf_base(&self, at: At<'_>, raw: u64) -> Choice<u64> {
        let kvm = leaf_base(raw, at.granule, at.level, at.fmt.oa52);
        let arch = leaf_base(raw, at.granule, at.level, at.arch.oa52);
        let (s, what) = match at.stage {
            Stage::S1 => (site::WALK_CONTIG, KvmAddr::Leaf),
            Stage::S2 => (site::S2_OUT, KvmAddr::S2Leaf),
        };
        address(at, kvm, arch, s, what)
    }

    /// KVM: contiguous_bit_shift() widens the block (as StageOA() may), at
    /// both stages: pa = desc[47:bottom'] | IA[bottom'-1:0]; from v6.18
    /// walk_s1() takes the descriptor's bits through desc_to_oa() (`base`,
    /// with OA[51:48] in the LPA2 format).
    fn output_address(&self, at: At<'_>, raw: u64, base: u64, ia: u64) -> Choice<u64> {
        let size_bits = at.granule.leaf_bits(at.level);
        let arch = base | (ia & mask(size_bits - 1, 0));
        if !S1LeafDesc(raw).contiguous() {
            return Choice::arch(arch);
        }
        let shift = contiguous_shift(at.granule, at.level);
        let lo = size_bits + shift;
        // base = desc[47:bottom] (and OA[51:48] from v6.18): the same bits.
        let oa = (base & mask(51, lo)) | (ia & mask(lo - 1, 0));
        Choice::unless(oa, true, || {
            kvm_step(
                at.stage,
                Some(at.level),
                true,
                at_stage(at.stage, site::WALK_CONTIG, site::S2_CONTIG),
                Rule::LeafOutput,
                KvmDiff::Contiguous {
                    shift,
                    kvm: Word(oa),
                    arch: Word(arch),
                },
            )
        })
    }

    /// KVM: walk_s1() and check_output_size() test only the descriptor's
    /// bits, desc[47:bottom], not the final address.
    fn final_check_address(&self, at: At<'_>, base: u64, oa: u64, oa_bits: u8) -> Choice<u64> {
        Choice::unless(base, any_at_or_above(oa, oa_bits), || {
            kvm_step(
                at.stage,
                Some(at.level),
                true,
                at_stage(at.stage, site::WALK_OA, site::S2_OA),
                Rule::AddressSizeOutput,
                KvmDiff::NoFinalOaCheck {
                    oa: Word(oa),
                    oa_bits,
                },
            )
        })
    }

    /// KVM before v6.16: walk_s1() has no access flag check
    /// (nested.c's stage 2 walk is modelled with its check throughout).
    fn checks_af(&self, at: At<'_>, af: bool) -> Choice<bool> {
        let checks = self.checks_af_at(at.stage);
        Choice::unless(checks, !af && !checks, || {
            kvm_step(
                Stage::S1,
                Some(at.level),
                true,
                site::WALK_AF,
                Rule::AccessFlag,
                KvmDiff::NoAfCheck,
            )
        })
    }

    /// KVM: walk_s1() and walk_nested_s2_pgd() check the AF (no hardware
    /// update) where they check it at all; from v6.19 walk_s1() sets it
    /// itself when TCR_EL1.HA is set ([`super::walk_later::hardware_af`]).
    fn hardware_af(&self, at: At<'_>, raw: u64) -> Choice<bool> {
        super::walk_later::hardware_af(self, at, raw)
    }

    /// KVM from v6.18: the start level ([`super::walk_later::setup_fault_level`]).
    fn setup_fault_level(&self, granule: Granule, txsz: u8) -> Choice<i8> {
        super::walk_later::setup_fault_level(self, granule, txsz)
    }

    /// KVM: compute_s1_direct_permissions() reads AP[2:1] only.
    fn dirty_state(&self, at: At<'_>, dbm: bool) -> Choice<bool> {
        Choice::unless(dbm && at.fmt.hd, dbm && at.arch.hd, || {
            kvm_step(
                Stage::S1,
                Some(at.level),
                true,
                site::PERMS,
                Rule::DirectPermissions,
                KvmDiff::NoDirtyState,
            )
        })
    }

    /// KVM: compute_par_s1() with compute_sh() (from v6.18 compute_s1_sh():
    /// with wi->pa52bit and 4KB/16KB, SH from TCR_EL1, as `desc_sh` has it).
    fn par_attrs(
        &self,
        level: i8,
        desc_sh: u8,
        sctlr_c: bool,
        arch: OutputAttrs,
    ) -> Choice<OutputAttrs> {
        let (attr, sh) = compute_par_attrs(arch.mair_attr, desc_sh, sctlr_c);
        let differs = (attr, sh) != (arch.reported_attr, arch.reported_sh);
        Choice::unless(
            OutputAttrs {
                reported_attr: attr,
                reported_sh: sh,
                ..arch
            },
            differs,
            || {
                kvm_step(
                    Stage::S1,
                    Some(level),
                    true,
                    site::PAR_S1,
                    Rule::Attributes,
                    KvmDiff::ParAttrs {
                        kvm_attr: attr,
                        kvm_sh: sh,
                        arch_attr: arch.reported_attr,
                        arch_sh: arch.reported_sh,
                    },
                )
            },
        )
    }

    fn s2_setup<M: PhysMem, S: Sink>(
        &self,
        m: &Machine<'_, M>,
        ipa: u64,
        arch: &S2Config,
        sink: &mut S,
    ) -> Option<Result<S2Start, S2Fail>> {
        Some(super::walk_s2::setup(self, m, ipa, arch, sink))
    }

    /// KVM: kvm_read_guest() fails: an error with no fault status; from
    /// v7.0 out->esr = ESR_ELx_FSC_SEA_TTW(level).
    fn s2_read_abort(&self, level: i8) -> S2Fail {
        if self.release.behaviour().s2_fault_status {
            return S2Fail::Fault(Fault::s2_on_walk(FaultKind::SyncExternalOnWalk, level));
        }
        S2Fail::NoStatus(S2NoStatus::Read)
    }

    /// KVM: no memory type or HCR_EL2.PTW check; at.c checks S2AP read.
    fn s2_leaf_checks<M: PhysMem, S: Sink>(
        &self,
        m: &Machine<'_, M>,
        level: i8,
        raw: u64,
        sink: &mut S,
    ) -> Option<()> {
        super::walk_s2::leaf_checks(m, level, raw, sink);
        Some(())
    }
}

/// An address KVM computes its own way, with its step where it differs.
fn address(at: At<'_>, kvm: u64, arch: u64, s: KvmSite, what: KvmAddr) -> Choice<u64> {
    Choice::unless(kvm, kvm != arch, || {
        kvm_step(
            at.stage,
            Some(at.level),
            true,
            s,
            Rule::OutputSize,
            KvmDiff::Address {
                what,
                kvm: Word(kvm),
                arch: Word(arch),
            },
        )
    })
}
