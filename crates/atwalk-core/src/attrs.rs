//! Output memory attributes of a stage 1 translation and what PAR_EL1
//! reports of them: MAIR_EL1[AttrIndx], SH (or TCR_EL1.SHn with DS=1),
//! SCTLR_EL1.C, and the reporting choice ReportedPARAttrs() allows.

use crate::regs::MemAttr;

/// PAR_EL1.ATTR for Normal Non-cacheable memory (EncodePARAttrs(), XS=1).
pub const ATTR_NORMAL_NC: u8 = 0x44;
/// PAR_EL1.ATTR for Normal Non-cacheable memory with XS=0 (FEAT_XS).
pub const ATTR_NORMAL_NC_XS0: u8 = 0x40;
/// PAR_EL1.ATTR for Normal Inner/Outer Write-Back RWA (HCR_EL2.DC=1, stage 1 off).
pub const ATTR_NORMAL_WB: u8 = 0xff;
/// PAR_EL1.ATTR for Device-nGnRnE (stage 1 off).
pub const ATTR_DEVICE_NGNRNE: u8 = 0x00;
/// PAR_EL1.SH: Non-shareable.
pub const SH_NON: u8 = 0b00;
/// PAR_EL1.SH: Outer Shareable.
pub const SH_OUTER: u8 = 0b10;

/// The attributes of a translation and what PAR_EL1 reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutputAttrs {
    /// MAIR_EL1.Attr<AttrIndx>.
    pub mair_attr: u8,
    /// The attributes in effect (Normal Non-cacheable when SCTLR_EL1.C=0).
    pub resulting_attr: u8,
    /// What PAR_EL1.ATTR reports.
    pub reported_attr: u8,
    /// What PAR_EL1.SH reports.
    pub reported_sh: u8,
}

/// Computes the output attributes (AArch64.S1Translate(): S1DecodeMemAttrs(),
/// AArch64.S1TreatAsNormalNC()) and what PAR_EL1 reports (AArch64.EncodePAR()).
///
/// IMPLEMENTATION DEFINED choice (ReportedPARAttrs(), ReportedPARShareability()):
/// PAR_EL1 reports the descriptor's attributes, the MAIR byte unchanged and
/// the descriptor's SH, as QEMU does; SH reads 0b10 (Outer Shareable) when
/// those attributes are Device or Normal Non-cacheable (PAREncodeShareability()).
/// With SCTLR_EL1.C=0 the resulting attributes are Normal Non-cacheable
/// (0x44, or 0x40 where the memory was XS=0); the trace shows both.
pub fn output(mair_attr: u8, sh: u8, sctlr_c: bool) -> OutputAttrs {
    let mem = MemAttr::decode(mair_attr);
    let resulting_attr = if !sctlr_c && mem.is_normal() {
        if MemAttr::xs(mair_attr) {
            ATTR_NORMAL_NC
        } else {
            ATTR_NORMAL_NC_XS0
        }
    } else {
        mair_attr
    };
    // QEMU's reporting: Outer Shareable for Device (0b0000xxxx) and for
    // Normal Non-cacheable (0x44, 0x40), the descriptor's SH otherwise.
    let forced_osh =
        mair_attr & 0xf0 == 0 || mair_attr == ATTR_NORMAL_NC || mair_attr == ATTR_NORMAL_NC_XS0;
    let reported_sh = if forced_osh { SH_OUTER } else { sh };
    OutputAttrs {
        mair_attr,
        resulting_attr,
        reported_attr: mair_attr,
        reported_sh,
    }
}
