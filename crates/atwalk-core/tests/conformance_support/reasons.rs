//! Known QEMU 10.0.2 differences: why QEMU's answer is not the
//! architectural one for a vector listed in `<vectors>.known`, with the id
//! the list uses. The check of the core's answer for each: `checks.rs`.

/// Why QEMU's answer is not the architectural one for a listed vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// HCR_EL2.PTW = 1 with stage 2 disabled (VM = DC = 0): QEMU reports a
    /// stage-2 permission fault at level 0 on the first table read. The
    /// architecture ignores PTW then: AArch64.S2Translate returns at once
    /// when stage 2 is disabled (walkparams.vm == '0'). Check: the core's
    /// answer equals its answer with HCR_EL2.PTW cleared, and involves no
    /// stage-2 fault.
    PtwWithStage2Off,
    /// HCR_EL2.PTW = 1 and the stage-1 walk reads stage-2 Device memory:
    /// QEMU reports the stage-2 permission fault at level 0. The
    /// architecture reports the level of the stage-2 walk that found the
    /// Device mapping (AArch64.S2CheckPermissions in AArch64.S2Walk's
    /// level). Check: the core's PAR equals QEMU's except FST's level, which
    /// is the level of the core's failing stage-2 permission step on Device
    /// memory with PTW.
    PtwDeviceLevel,
    /// An address whose bits [51:48] come from the 52-bit formats (64KB
    /// granule with FEAT_LPA: descriptor bits [15:12]; TCR.DS = 1:
    /// descriptor bits [9:8] and TTBR bits [5:2]) with an output size below
    /// 52 bits: QEMU reads those bits only when the output size is 52 bits,
    /// and so walks on where the architecture gives an Address size fault
    /// (R_CVSBH; D8.3 descriptor formats; AArch64.NextTableBase,
    /// AArch64.S1LeafBase/S2LeafBase, AArch64.S1TTBaseAddress; TTBR0_EL1.BADDR).
    /// Check: the core reports an Address size fault at the stage and level
    /// of a failing address-size step whose address has bits only in
    /// [51:48] above the output size.
    HighOaBitsDropped,
    /// A block whose base fits the output size but whose final address
    /// (base plus the VA's offset in the block) does not: QEMU checks the
    /// descriptor's bits only; the architecture checks the final output
    /// address (AArch64.S1Walk: StageOA then S1OAOutOfRange, "Detect Address
    /// Size Fault by final output"), before AF and permissions. Check: the
    /// core reports an Address size fault at the leaf's level, the leaf's
    /// base fits the output size and its output address does not.
    BlockFinalOa,
    /// TCR_EL1.HA = 1, a leaf with AF = 0, and a stage-2 mapping of that
    /// descriptor's page without write permission: QEMU's AT sets the AF
    /// (AArch64.SetAccessFlag: IMPLEMENTATION DEFINED "AT updates AF"), the
    /// update's write is checked by stage 2 and QEMU reports that stage-2
    /// permission fault in PAR_EL1 (as AArch64.S1Translate's S2Translate of
    /// the descriptor update does). The core takes the other permitted
    /// choice: the AT does not update the AF and reports the translation as
    /// if AF were 1 (R_XQSMX: hardware is permitted, but not required, to
    /// update the AF). An IMPLEMENTATION DEFINED difference, not a bug of
    /// either. Check: the core read a leaf with AF = 0 under HA, QEMU's
    /// fault is a stage-2 permission fault on the walk, and the core's last
    /// stage-2 leaf before that read grants no write (S2AP[1] = 0, no
    /// DBM with VTCR_EL2.HD) and the core reports no access flag fault.
    AtAfUpdateS2ReadOnly,
    /// A block descriptor with RES0 bits set between the page size and the
    /// block size (e.g. bits [41:17] of a 64KB level-1 block), some of them
    /// at or above the output size: QEMU checks those bits against the
    /// output size and reports an Address size fault at the block's level;
    /// the architecture aligns them away (AArch64.S1LeafBase,
    /// AArch64.S2LeafBase: Align(descriptor<47:0>, 2^leafsize)) and checks
    /// only the resulting address. Check: QEMU's PAR is an address size fault
    /// at the stage and level of a block the core read whose RES0 bits below
    /// its size reach the output size, and the core found the block's base
    /// within the output size.
    BlockRes0BitsChecked,
    /// A TTBR in the 52-bit format (TCR_EL1.DS = 1, or the 64KB granule with
    /// IPS = 0b110; VTTBR_EL2 likewise) for a start table of fewer than
    /// eight entries: QEMU aligns the base only to the table's size, so
    /// TTBR bits [5:2], which hold BADDR[51:48], also stay in the address as
    /// bits [5:2]. The architecture aligns the base to 64 bytes at least
    /// (AArch64.S1TTBaseAddress/S2TTBaseAddress: tsize = Max(tsize, 6);
    /// TTBR0_EL1.BADDR: "the table must be aligned to 64 bytes"). Check: the
    /// TTBR is in the 52-bit format with bits [5:2] set, the start table is
    /// smaller than 64 bytes, and the core's base address is 64-byte aligned.
    Ttbr52SmallTableAlign,
}

impl Reason {
    pub const ALL: [Reason; 7] = [
        Reason::PtwWithStage2Off,
        Reason::PtwDeviceLevel,
        Reason::HighOaBitsDropped,
        Reason::BlockFinalOa,
        Reason::AtAfUpdateS2ReadOnly,
        Reason::BlockRes0BitsChecked,
        Reason::Ttbr52SmallTableAlign,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Reason::PtwWithStage2Off => "qemu-ptw-with-stage2-off",
            Reason::PtwDeviceLevel => "qemu-ptw-device-level0",
            Reason::HighOaBitsDropped => "qemu-oa-bits-51-48-dropped",
            Reason::BlockFinalOa => "qemu-block-final-oa-unchecked",
            Reason::AtAfUpdateS2ReadOnly => "impdef-at-af-update-through-stage2",
            Reason::BlockRes0BitsChecked => "qemu-block-res0-bits-checked",
            Reason::Ttbr52SmallTableAlign => "qemu-ttbr52-small-table-alignment",
        }
    }

    pub fn from_id(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.id() == s)
    }
}
