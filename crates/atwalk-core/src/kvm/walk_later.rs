//! The answers of KVM's software walk that later releases changed: the
//! access flag set by the walk itself (v6.19), the level of a set-up
//! fault and the 52-bit (LPA2) format (v6.18), as read in the newest
//! stored at.c (klarasm/linux @ 9aa89dec8507) and in the v6.18 series'
//! patches (docs/kvm-model.md, "Releases").

use super::diff::{KvmDiff, kvm_step, site};
use super::walker::KvmWalk;
use crate::addr::{Ipa, Word, bits};
use crate::descriptor::Oa52;
use crate::descriptor::S1LeafDesc;
use crate::fault::Stage;
use crate::granule::Granule;
use crate::machine::Machine;
use crate::memory::PhysMem;
use crate::rules::Rule;
use crate::stage2::s2_walk;
use crate::trace::NoTrace;
use crate::walk::{At, Choice, Format};

/// The format of walk_s1() from v6.18 when setup_s1_walk() sets
/// wi->pa52bit, else `None` (the 48-bit format). has_52bit_pa(): with 4KB
/// or 16KB, TGRANx = 52_BIT in the VM's ID_AA64MMFR0_EL1 (FEAT_LPA2, as
/// the CPU model has it) and TCR_EL1.DS, which is the architecture's
/// effective DS (`arch.ds`); with 64KB, PARange = 52 bits and IPS =
/// 0b110, never under NV (the guest's PARange is at most 48 bits,
/// [`super::nv::guest_pa_bits`]). With wi->pa52bit: TTBR[5:2] are
/// BADDR[51:48] and the first table is aligned to at least 64 bytes,
/// desc_to_oa() takes OA[49:48] from bits [49:48] and OA[51:50] from
/// bits [9:8], SH comes from TCR_EL1 (compute_s1_sh()), and 4KB level 0
/// and 16KB level 1 blocks are valid: what the architecture does with DS.
pub fn pa52_format(w: &KvmWalk, arch: &Format, ha: bool) -> Option<Format> {
    (w.release.behaviour().s1_pa52 && arch.ds).then_some(Format {
        ds: true,
        pa52: false,
        oa52: Oa52::Ds,
        baddr52: true,
        ha,
        hd: false,
    })
}

/// walk_s1()'s access flag: from v6.19 (the format's HA, set by
/// KvmWalk::s1_format() from TCR_EL1.HA) it ORs in PTE_AF and swaps the
/// descriptor (kvm_swap_s1_desc()): recorded as an `AfSwap` step, since
/// atwalk does not write memory. Otherwise no hardware update, and where the
/// PE would have made one, a `NoHardwareAf` step.
pub fn hardware_af(w: &KvmWalk, at: At<'_>, raw: u64) -> Choice<bool> {
    let af = S1LeafDesc(raw).af();
    if at.fmt.ha && w.s2_write_denied && at.stage == Stage::S1 {
        // No swap: the caller reports the stage 2 write check's fault.
        return Choice::arch(true);
    }
    if at.fmt.ha {
        return Choice::unless(true, !af, || {
            kvm_step(
                at.stage,
                Some(at.level),
                true,
                site::WALK_AF_SWAP,
                Rule::AccessFlag,
                KvmDiff::AfSwap {
                    old: Word(raw),
                    new: Word(raw | (1 << 10)),
                },
            )
        });
    }
    let checks = w.checks_af_at(at.stage);
    Choice::unless(false, !af && at.arch.ha && checks, || {
        kvm_step(
            at.stage,
            Some(at.level),
            false,
            match at.stage {
                Stage::S1 => site::WALK_AF,
                Stage::S2 => site::S2_AF,
            },
            Rule::AccessFlag,
            KvmDiff::NoHardwareAf,
        )
    })
}

/// v6.19's __kvm_at_swap_desc() before 0496acc42fb5 (CVE-2026-31553): where
/// walk_s1() or walk_nested_s2_pgd() swapped in AF = 1 (the leaf `raw` of
/// `stage` read at `pa`, AF = 0, `ha` the KVM format's HA, which holds the
/// release's flag), `ptep = (u64 __user *)hva + offset` with offset =
/// offset_in_page(ipa) (4 KiB host pages) points the compare-and-swap at
/// the page plus 8 x the offset. The step says where, and what the compare
/// finds there in `mem` (the word as stored, against the descriptor as
/// stored); `None` where the release swaps at the descriptor, no swap was
/// made, or the offset is 0 (the same address).
pub fn swap_address<M: PhysMem>(
    w: &KvmWalk,
    mem: &M,
    at: (Stage, i8),
    ha: bool,
    raw: u64,
    pa: u64,
) -> Option<crate::trace::Step> {
    let (stage, level) = at;
    // The access flag is bit 10 at both stages.
    if w.release.behaviour().swap_desc_addr_fixed || !ha || S1LeafDesc(raw).af() {
        return None;
    }
    // The descriptor's offset in its 4 KiB host page, scaled by the u64 pointer's size.
    let offset = bits(pa, 11, 0);
    let target = pa - offset + 8 * offset;
    if target == pa {
        return None;
    }
    let found = mem.read(target);
    let matches = found.is_some() && found == mem.read(pa);
    Some(kvm_step(
        stage,
        Some(level),
        true,
        site::SWAP_DESC,
        Rule::AccessFlag,
        KvmDiff::SwapWrongAddress {
            desc: Word(pa),
            target: Word(target),
            found: found.map(Word),
            matches,
        },
    ))
}

/// walk_s1()'s stage 2 write check before the swap (from v6.19): where it
/// would swap in AF = 1 (the format's HA, AF = 0 in `raw`) under the guest
/// hypervisor's stage 2 (HCR_EL2.VM), kvm_walk_nested_s2() on the entry's
/// IPA `entry`; a leaf without S2AP write (`!kvm_s2_trans_writable()`)
/// denies it: the stage 2 leaf level.
pub fn swap_s2_denied<M: PhysMem>(
    m: &Machine<'_, M>,
    w: &KvmWalk,
    ha: bool,
    raw: u64,
    entry: u64,
) -> Option<i8> {
    if !w.release.behaviour().swap_checks_s2_write || !ha || S1LeafDesc(raw).af() {
        return None;
    }
    if !m.stage2_on() {
        return None;
    }
    match s2_walk(m, w, Ipa(entry), &mut NoTrace) {
        Ok(l) if l.s2ap & 0b10 == 0 => Some(l.level),
        _ => None,
    }
}

/// setup_s1_walk() from v6.18 computes wi->sl from the TxSZ before checking
/// it, and its transfault label reports ESR_ELx_FSC_FAULT_L(wi->sl);
/// before, level 0 as the architecture.
pub fn setup_fault_level(w: &KvmWalk, granule: Granule, txsz: u8) -> Choice<i8> {
    if !w.release.behaviour().setup_fault_at_start_level {
        return Choice::arch(0);
    }
    let level = setup_start_level(granule, txsz);
    Choice::unless(level, level != 0, || {
        kvm_step(
            Stage::S1,
            Some(level),
            false,
            site::SETUP_TRANSFAULT,
            Rule::StartLevel,
            KvmDiff::SetupFaultAtStartLevel { txsz, level },
        )
    })
}

/// setup_s1_walk()'s start level: wi->sl = 3 - (((ia_bits - 1) - pgshift)
/// / stride), in u64 arithmetic, for the TxSZ being checked (so T0SZ = 8
/// with 4KB gives -1). Where ia_bits - 1 < pgshift the C arithmetic wraps;
/// that case is not modelled: level 0, as before v6.18.
pub fn setup_start_level(granule: Granule, txsz: u8) -> i8 {
    let ia_bits = 64 - i32::from(txsz.min(64));
    let pgshift = i32::from(granule.bits());
    let stride = pgshift - 3;
    if ia_bits - 1 < pgshift {
        return 0;
    }
    (3 - (ia_bits - 1 - pgshift) / stride) as i8
}
