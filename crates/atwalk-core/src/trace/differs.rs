//! Where KVM's software walk parts from the architecture, as a trace
//! records it: the place in KVM's code ([`KvmSite`]) and what it does
//! differently ([`KvmDiff`]). The walker never builds these: KVM's variant
//! (in the kvm module) does, at the walker's choice points.

use crate::addr::{Va, Word};
use crate::fault::FaultKind;
use crate::granule::Granule;
use serde::Serialize;

/// A place in KVM's code: file, function and approximate line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct KvmSite {
    /// `at.c` or `nested.c`.
    pub file: &'static str,
    /// The C function.
    pub func: &'static str,
    /// The exact line in the release's file (0: not established).
    pub line: u16,
}

impl KvmSite {
    /// A function of arch/arm64/kvm/at.c.
    pub const fn at(func: &'static str, line: u16) -> KvmSite {
        KvmSite {
            file: "at.c",
            func,
            line,
        }
    }

    /// A function of arch/arm64/kvm/nested.c.
    pub const fn nested(func: &'static str, line: u16) -> KvmSite {
        KvmSite {
            file: "nested.c",
            func,
            line,
        }
    }
}

impl core::fmt::Display for KvmSite {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.line == 0 {
            write!(f, "{}() in {}", self.func, self.file)
        } else {
            write!(f, "{}() in {} line {}", self.func, self.file, self.line)
        }
    }
}

/// What a KVM address computation cut or widened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum KvmAddr {
    /// The first table's base (TTBR0/1_EL1 BADDR).
    TtbrBase,
    /// The next-level table address in a table descriptor.
    NextTable,
    /// The output address of a block or page.
    Leaf,
    /// The first stage 2 table's base (VTTBR_EL2 BADDR).
    VttbrBase,
    /// A stage 2 next-level table address.
    S2NextTable,
    /// A stage 2 output address.
    S2Leaf,
}

/// Why nested.c's stage 2 walk returned an error with no fault status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum S2NoStatus {
    /// 64 - VTCR_EL2.T0SZ is outside [25, 48].
    T0szRange,
    /// check_base_s2_limits(): the start level from SL0 is impossible.
    StartLevel,
    /// kvm_read_guest() of a stage 2 descriptor failed (no memslot).
    Read,
}

/// What KVM does differently at one place, with the values on both sides.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "diff")]
pub enum KvmDiff {
    /// TBI clear and VA[63:56] not a sign extension of VA[55]: KVM gives a
    /// level 0 Address size fault before anything else; the architecture a
    /// level 0 Translation fault (the same Address size fault when stage 1 is off).
    NonCanonical {
        /// The VA.
        va: Va,
        /// Stage 1 is off, so the architecture also faults with an Address size fault.
        stage1_off: bool,
    },
    /// Stage 1 off: KVM checks the VA against the guest's PARange, at most 48 bits under NV.
    FlatPaBits {
        /// KVM's PA size.
        kvm_bits: u8,
        /// The PE's.
        arch_bits: u8,
    },
    /// A reserved TG0/TG1 encoding: KVM uses 64KB.
    ReservedGranule {
        /// "TG0", "TG1" or "VTCR_EL2.TG0".
        field: &'static str,
        /// The raw field.
        tg: u8,
        /// KVM's granule.
        kvm: Granule,
        /// The model's IMPLEMENTATION DEFINED choice for hardware.
        arch: Granule,
    },
    /// The TxSZ limits KVM computes from the ID registers the guest sees
    /// (FEAT_TTST and FEAT_LVA hidden under NV) give another verdict.
    TxSzLimits {
        /// TxSZ.
        txsz: u8,
        /// KVM's smallest legal value.
        kvm_min: u8,
        /// KVM's largest.
        kvm_max: u8,
        /// The architecture's smallest for this CPU.
        arch_min: u8,
        /// The architecture's largest.
        arch_max: u8,
    },
    /// KVM checks EPD before E0PD (both are level 0 Translation faults).
    EpdBeforeE0pd,
    /// max_oa_bits = min(host IPA limit, IPS size with 0b110/0b111 as 48):
    /// not the PE's output size. Checks apply only below 48 bits.
    OutputSize {
        /// TCR_EL1.IPS or VTCR_EL2.PS.
        ps: u8,
        /// KVM's size.
        kvm_bits: u8,
        /// The architecture's (AArch64.PhysicalAddressSize()).
        arch_bits: u8,
    },
    /// TCR_EL1.DS = 1 is in effect on the PE, but KVM decodes 48-bit descriptors.
    Lpa2NotDecoded,
    /// An address KVM computes differently: cut at 48 bits, LPA2/52-bit bits dropped.
    Address {
        /// Which address.
        what: KvmAddr,
        /// KVM's value.
        kvm: Word,
        /// The architecture's.
        arch: Word,
    },
    /// A block descriptor KVM rejects (it accepts 4KB level 1 and 2, 16KB and 64KB level 2 only).
    BlockRejected {
        /// The granule.
        granule: Granule,
        /// The level.
        level: i8,
    },
    /// The Contiguous bit: KVM widens the block (contiguous_bit_shift()),
    /// taking more output bits from the VA; this model's hardware treats it as 0.
    Contiguous {
        /// How many bits wider.
        shift: u8,
        /// KVM's output address.
        kvm: Word,
        /// The architecture's (Contiguous bit treated as 0, as QEMU).
        arch: Word,
    },
    /// KVM checks the descriptor's address bits, never the final output
    /// address, which here is above the output size.
    NoFinalOaCheck {
        /// The final output address.
        oa: Word,
        /// The output size.
        oa_bits: u8,
    },
    /// AF = 0 and the release's walk_s1() has no access flag check (before
    /// v6.16): the walk goes on as if the flag were set.
    NoAfCheck,
    /// The release's fail_s1_walk() sets PAR_EL1.PTW for a fault of the
    /// stage 1 walk itself (before v6.16); the architecture sets PTW only
    /// for a stage 2 fault on the walk (PAR.S = 1).
    PtwOnS1Fault,
    /// AF = 0 with TCR_EL1.HA (or VTCR_EL2.HA) set on a PE with FEAT_HAFDBS:
    /// KVM never sets the flag and reports an Access flag fault.
    NoHardwareAf,
    /// DBM = 1 with TCR_EL1.HD: KVM has no dirty state management, the page stays read-only.
    NoDirtyState,
    /// A set-up Translation fault (TxSZ, VA range, EPD, E0PD) reported at
    /// the start level computed from the TxSZ (from v6.18), not level 0.
    SetupFaultAtStartLevel {
        /// The TxSZ the start level was computed from.
        txsz: u8,
        /// The level KVM reports.
        level: i8,
    },
    /// AF = 0 with TCR_EL1.HA (from v6.19): walk_s1() sets the flag itself
    /// by swapping the descriptor in guest memory (__kvm_at_swap_desc());
    /// atwalk reads memory only, so the write is this step.
    AfSwap {
        /// The descriptor read.
        old: Word,
        /// The descriptor KVM writes back, AF = 1.
        new: Word,
    },
    /// AF = 0 with TCR_EL1.HA (from v6.19), but the guest hypervisor's stage
    /// 2 does not let the descriptor be written: walk_s1() makes no swap and
    /// reports a Permission fault at the stage 1 level, S=1, PTW=1.
    SwapS2NotWritable {
        /// The stage 2 leaf level of the descriptor's page.
        s2_level: i8,
        /// The stage 1 level KVM reports.
        s1_level: i8,
    },
    /// v6.19's __kvm_at_swap_desc() (before 0496acc42fb5, CVE-2026-31553):
    /// `(u64 __user *)hva + offset` scales the descriptor's offset in its
    /// 4 KiB page by 8, so the compare-and-swap goes to `target`, not to the
    /// descriptor at `desc`.
    SwapWrongAddress {
        /// The descriptor's address (where walk_s1() read it).
        desc: Word,
        /// Where the swap goes: the page plus 8 x the offset.
        target: Word,
        /// The word there (memory as stored), `None` where no memory answers.
        found: Option<Word>,
        /// Whether `found` is the descriptor as stored, so the compare succeeds.
        matches: bool,
    },
    /// PAR_EL1.ATTR/SH as compute_par_s1() and compute_sh() give them.
    ParAttrs {
        /// KVM's ATTR.
        kvm_attr: u8,
        /// KVM's SH.
        kvm_sh: u8,
        /// The architecture's ATTR (this model reports the descriptor's).
        arch_attr: u8,
        /// The architecture's SH.
        arch_sh: u8,
    },
    /// PAR_EL1 on success: KVM writes NS = 0 and PA[47:12] only.
    ParEncoding {
        /// KVM's PAR_EL1.
        kvm: Word,
        /// The architecture's.
        arch: Word,
    },
    /// An External abort on the stage 1 walk: KVM reports it in PAR_EL1.FST,
    /// where the AT instruction takes a synchronous Data Abort.
    AbortInPar {
        /// The stage 1 level.
        level: i8,
    },
    /// A fault status KVM encodes differently at level -1 (ESR_ELx_FSC_ADDRSZ_L(-1)
    /// is 0x25 at this commit; a stage 2 fault at stage 1 level -1 ORs in -1: 0x3F).
    FstEncoding {
        /// KVM's FST.
        kvm: u8,
        /// EncodeLDFSC().
        arch: u8,
    },
    /// A stage 2 fault on the walk keeps its type but takes the stage 1 level.
    S2FaultAtS1Level {
        /// The fault type.
        kind: FaultKind,
        /// The level the stage 2 walk faulted at.
        s2_level: i8,
        /// The stage 1 level KVM reports.
        s1_level: i8,
    },
    /// nested.c returned an error with no fault status: KVM reports an
    /// Address size fault at the stage 1 level, S=1, PTW=1.
    S2NoStatus {
        /// Why.
        why: S2NoStatus,
        /// The stage 1 level KVM reports.
        s1_level: i8,
    },
    /// The stage 2 leaf has no read permission: KVM reports a Permission
    /// fault at the stage 1 level (the architecture: at the stage 2 leaf level).
    S2NotReadable {
        /// The stage 2 leaf level.
        s2_level: i8,
        /// The stage 1 level KVM reports.
        s1_level: i8,
    },
    /// VTCR_EL2.T0SZ/SL0 checked by check_base_s2_limits(), not by
    /// AArch64.S2InvalidSL()/S2InconsistentSL(): the verdicts differ.
    S2Config {
        /// VTCR_EL2.T0SZ.
        t0sz: u8,
        /// VTCR_EL2.SL0.
        sl0: u8,
        /// KVM accepts it.
        kvm_ok: bool,
        /// The architecture accepts it.
        arch_ok: bool,
    },
    /// No IPA range check: the architecture faults an IPA above 64 - VTCR_EL2.T0SZ
    /// bits; KVM indexes with the low bits.
    S2NoIpaRangeCheck {
        /// The IPA.
        ipa: Word,
        /// 64 - VTCR_EL2.T0SZ.
        ia_bits: u8,
    },
    /// No HCR_EL2.PTW check: the table is in stage 2 Device memory.
    S2NoPtwCheck {
        /// The stage 2 MemAttr.
        mem_attr: u8,
    },
}
