//! KVM's differences from the architecture in words: what KVM's code
//! does at that place and what the architecture does instead.

use crate::addr::Word;
use crate::fault::describe_fsc;
use crate::trace::{KvmAddr, KvmDiff, S2NoStatus};

/// The sentence of a KVM difference.
pub(super) fn sentence(d: &KvmDiff) -> String {
    match d {
        KvmDiff::NonCanonical { va, stage1_off } => {
            if *stage1_off {
                format!(
                    "with TBI clear, VA[63:56] of {va} is not a sign extension of VA[55]; KVM checks this first and gives a level 0 Address size fault, which the architecture also gives here because stage 1 is off."
                )
            } else {
                format!(
                    "with TBI clear, VA[63:56] of {va} is not a sign extension of VA[55]: KVM gives a level 0 Address size fault, the architecture a level 0 Translation fault."
                )
            }
        }
        KvmDiff::FlatPaBits {
            kvm_bits,
            arch_bits,
        } => format!(
            "with stage 1 off KVM checks the VA against the guest's {kvm_bits}-bit PARange (at most 48 under NV), the PE against {arch_bits} bits."
        ),
        KvmDiff::ReservedGranule {
            field,
            tg,
            kvm,
            arch,
        } => format!(
            "{field} = 0b{tg:02b} is reserved: KVM uses the {kvm} granule, this model's hardware the {arch} granule (both IMPLEMENTATION DEFINED choices)."
        ),
        KvmDiff::TxSzLimits {
            txsz,
            kvm_min,
            kvm_max,
            arch_min,
            arch_max,
        } => format!(
            "TxSZ = {txsz}: KVM allows {kvm_min} to {kvm_max} (FEAT_TTST and FEAT_LVA are hidden from the guest under NV), the PE {arch_min} to {arch_max}."
        ),
        KvmDiff::EpdBeforeE0pd => {
            "KVM tests EPD before E0PD; both give the same level 0 Translation fault.".to_string()
        }
        KvmDiff::OutputSize {
            ps,
            kvm_bits,
            arch_bits,
        } => format!(
            "PS/IPS = 0b{ps:03b}: KVM's output size limit is {kvm_bits} bits (the host IPA limit, 48, or the IPS size with 0b110/0b111 read as 48; checks only below 48), the architecture's {arch_bits} bits."
        ),
        KvmDiff::Lpa2NotDecoded => "TCR_EL1.DS = 1 is in effect, but KVM reads descriptors and TTBRs in the 48-bit format: no OA[51:48], blocks at 4KB level 0 and 16KB level 1 rejected, desc[9:8] read as SH.".to_string(),
        KvmDiff::Address { what, kvm, arch } => {
            let w = match what {
                KvmAddr::TtbrBase => "the TTBR base",
                KvmAddr::NextTable => "the next table's address",
                KvmAddr::Leaf => "the output address",
                KvmAddr::VttbrBase => "the VTTBR base",
                KvmAddr::S2NextTable => "the next stage 2 table's address",
                KvmAddr::S2Leaf => "the stage 2 output address",
            };
            format!("KVM keeps bits [47:0] only: {w} is {kvm}, the architecture's {arch}.")
        }
        KvmDiff::BlockRejected { granule, level } => format!(
            "KVM accepts {granule} blocks only at level 2 (4KB: levels 1 and 2), so this level {level} block is a Translation fault; the architecture allows it here."
        ),
        KvmDiff::Contiguous { shift, kvm, arch } => format!(
            "the Contiguous bit is set: KVM widens the block by {shift} bits and takes those output bits from the input address, giving {kvm}; this model's hardware treats the bit as 0 (as QEMU), giving {arch}."
        ),
        KvmDiff::NoFinalOaCheck { oa, oa_bits } => format!(
            "KVM checks only the descriptor's address bits; the final output address {oa} is above {oa_bits} bits, where the architecture checks the final address."
        ),
        KvmDiff::NoAfCheck => "AF = 0: this release's walk_s1() has no access flag check (added in v6.16), so KVM goes on as if the flag were set; the architecture gives an Access flag fault.".to_string(),
        KvmDiff::PtwOnS1Fault => "this release's fail_s1_walk() sets PAR_EL1.PTW for every fault walk_s1() reports (fixed in v6.16); the architecture sets PTW only for a stage 2 fault on the walk.".to_string(),
        KvmDiff::NoHardwareAf => "AF = 0 and HA is set on a PE with FEAT_HAFDBS: KVM never sets the access flag (HAFDBS is hidden under NV) and faults.".to_string(),
        KvmDiff::SetupFaultAtStartLevel { txsz, level } => format!(
            "this release's setup_s1_walk() reports the Translation fault at the start level {level}, computed from TxSZ={txsz}; the architecture reports level 0."
        ),
        KvmDiff::AfSwap { old, new } => format!(
            "AF = 0 with hardware access flag management on (TCR_EL1.HA, or VTCR_EL2.HA at stage 2): KVM sets the flag itself, swapping the descriptor {old} for {new} in guest memory (atwalk does not write memory; the walk goes on with AF = 1, as the hardware's would)."
        ),
        KvmDiff::SwapS2NotWritable { s2_level, s1_level } => format!(
            "AF = 0 with TCR_EL1.HA: before setting the flag, KVM finds that the guest hypervisor's stage 2 does not allow writing the descriptor (no write permission, stage 2 level {s2_level}), so it leaves the flag clear and reports a stage 2 Permission fault at the stage 1 level {s1_level} (S=1, PTW=1). This model's hardware, like an AT that does not set the flag (which the architecture allows), reports as if AF = 1."
        ),
        KvmDiff::SwapWrongAddress {
            desc,
            target,
            found,
            matches,
        } => swap_wrong_address(*desc, *target, *found, *matches),
        KvmDiff::NoDirtyState => "DBM = 1 with TCR_EL1.HD: KVM has no dirty state management, so AP[2] keeps the page read-only.".to_string(),
        KvmDiff::ParAttrs {
            kvm_attr,
            kvm_sh,
            arch_attr,
            arch_sh,
        } => format!(
            "KVM reports ATTR=0x{kvm_attr:02x} SH=0b{kvm_sh:02b} (0x44 when SCTLR_EL1.C=0, SH 0b10 only for Device or exactly 0x44, reserved SH 0b01 as 0b00); this model's hardware reports ATTR=0x{arch_attr:02x} SH=0b{arch_sh:02b}."
        ),
        KvmDiff::ParEncoding { kvm, arch } => format!(
            "KVM writes PAR_EL1 = {kvm} (NS=0, PA[47:12] only); this model's hardware {arch} (NS=1: UNKNOWN for a Non-secure regime, either is allowed)."
        ),
        KvmDiff::AbortInPar { level } => format!(
            "the descriptor read found no memory: KVM reports a synchronous External abort on the walk at level {level} in PAR_EL1.FST, where the AT instruction takes a synchronous Data Abort."
        ),
        KvmDiff::FstEncoding { kvm, arch } => format!(
            "at level -1 KVM's fault status is 0b{kvm:06b}, the architecture's 0b{arch:06b} ({})."
        , describe_fsc(*arch)),
        KvmDiff::S2FaultAtS1Level {
            kind,
            s2_level,
            s1_level,
        } => format!(
            "the stage 2 walk of the table address ends in a {} at stage 2 level {s2_level}; KVM keeps the type but reports the stage 1 level {s1_level} (S=1, PTW=1).",
            kind.name()
        ),
        KvmDiff::S2NoStatus { why, s1_level } => {
            let w = match why {
                S2NoStatus::T0szRange => "64 - VTCR_EL2.T0SZ is outside [25, 48]",
                S2NoStatus::StartLevel => "VTCR_EL2.SL0 gives an impossible start level",
                S2NoStatus::Read => "a stage 2 descriptor read found no memory",
            };
            format!(
                "KVM's stage 2 walk returns an error with no fault status ({w}); KVM reports an Address size fault at the stage 1 level {s1_level} (S=1, PTW=1)."
            )
        }
        KvmDiff::S2NotReadable { s2_level, s1_level } => format!(
            "the stage 2 leaf (level {s2_level}) has no S2AP read permission: KVM reports a Permission fault at the stage 1 level {s1_level} (S=1, PTW=1), the architecture at stage 2 level {s2_level}."
        ),
        KvmDiff::S2Config {
            t0sz,
            sl0,
            kvm_ok,
            arch_ok,
        } => format!(
            "VTCR_EL2.T0SZ={t0sz}, SL0={sl0}: KVM's check of the stage 2 limits {} it, the architecture {} it.",
            if *kvm_ok { "accepts" } else { "rejects" },
            if *arch_ok { "accepts" } else { "rejects" }
        ),
        KvmDiff::S2NoIpaRangeCheck { ipa, ia_bits } => format!(
            "IPA {ipa} is above the {ia_bits}-bit stage 2 input size: the architecture gives a stage 2 level 0 Translation fault, KVM indexes with the low bits and walks on."
        ),
        KvmDiff::S2NoPtwCheck { mem_attr } => format!(
            "the table is in stage 2 Device memory (MemAttr=0b{mem_attr:04b}) with HCR_EL2.PTW=1: the architecture gives a stage 2 Permission fault, KVM does not check."
        ),
    }
}

/// v6.19's swap address (CVE-2026-31553): where the swap goes and what the
/// compare finds there.
fn swap_wrong_address(desc: Word, target: Word, found: Option<Word>, matches: bool) -> String {
    let head = format!(
        "KVM sets the access flag by swapping the descriptor in guest memory, but this release computes the swap's address wrongly, as 8 times the descriptor's offset into its page: the swap goes to {target}, not to the descriptor at {desc} (fixed in v7.0, CVE-2026-31553)."
    );
    match found {
        Some(_) if matches => format!(
            "{head} The word there equals the descriptor, so the swap succeeds: KVM writes AF = 1 there, over other guest memory, and the walk goes on with AF = 1 while the descriptor itself keeps AF = 0."
        ),
        Some(w) => format!(
            "{head} The word there, {w}, is not the descriptor, so the swap fails and KVM's walk stops without writing PAR_EL1, asking for a restart. What happens next was not read; atwalk shows the walk as if the swap had succeeded."
        ),
        None => format!(
            "{head} No memory answers there in this scenario; what the swap does then was not read, and atwalk shows the walk as if it had succeeded."
        ),
    }
}
