//! What a step computed: one variant per kind of step, with its values.

use super::{AddrWhat, FieldName, KvmDiff, KvmSite, Step};
use crate::addr::{Pa, Va, Word};
use crate::descriptor::DescKind;
use crate::fault::Fault;
use crate::features::Feature;
use crate::granule::Granule;
use crate::op::{AccessCheck, AtOp};
use crate::perms::Perms;
use crate::regs::MemAttr;
use crate::rules::Rule;
use serde::Serialize;

/// The typed content of a step.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "step")]
pub enum StepKind {
    /// The AT instruction and the access it makes.
    Access {
        /// The operation.
        op: AtOp,
        /// EL0 or EL1.
        el: u8,
        /// The check it makes.
        check: AccessCheck,
        /// Whether PSTATE.PAN is honoured (S1E1RP, S1E1WP).
        pan_op: bool,
        /// The guest hypervisor's PSTATE.PAN.
        pstate_pan: bool,
    },
    /// The op is not implemented by the modelled CPU.
    Undefined {
        /// The operation.
        op: AtOp,
        /// The feature it needs.
        feature: Feature,
    },
    /// Whether stage 1 translation is enabled.
    S1Enable {
        /// SCTLR_EL1.M.
        sctlr_m: bool,
        /// HCR_EL2.DC.
        hcr_dc: bool,
        /// HCR_EL2.TGE.
        hcr_tge: bool,
    },
    /// Stage 1 disabled: the output is the VA, checked against the PA size.
    Flat {
        /// The VA.
        va: Va,
        /// The highest VA bit that is part of the address (55 with TBI, else 63).
        addr_top: u8,
        /// The PE's physical address size.
        pa_bits: u8,
        /// HCR_EL2.DC: Normal Write-Back instead of Device-nGnRnE.
        dc: bool,
    },
    /// TTBR0 or TTBR1 chosen by VA[55].
    SelectTtbr {
        /// The VA.
        va: Va,
        /// VA[55]: the upper (TTBR1) range.
        upper: bool,
        /// The chosen TTBR's value.
        ttbr: Word,
    },
    /// The granule decoded from TG0 or TG1.
    GranuleDecode {
        /// "TG0" or "TG1".
        field: FieldName,
        /// The raw field.
        tg: u8,
        /// The granule used.
        granule: Granule,
        /// The encoding was reserved and the IMPLEMENTATION DEFINED choice applied.
        reserved: bool,
    },
    /// TxSZ checked against the limits of the granule and features.
    TxSz {
        /// "T0SZ" or "T1SZ".
        field: FieldName,
        /// The raw field.
        txsz: u8,
        /// The smallest legal value.
        min: u8,
        /// The largest legal value.
        max: u8,
    },
    /// The VA bits above the input size checked (Top Byte Ignore aside).
    VaRange {
        /// The VA.
        va: Va,
        /// TBIn.
        tbi: bool,
        /// The highest VA bit checked.
        addr_top: u8,
        /// The input address size, 64 - TxSZ.
        ia_bits: u8,
        /// The TTBR1 range (bits must be ones) rather than TTBR0 (zeros).
        upper: bool,
    },
    /// E0PDn for an EL0 op.
    E0pd {
        /// "E0PD0" or "E0PD1".
        field: FieldName,
        /// The field.
        e0pd: bool,
    },
    /// EPDn: walks through that TTBR disabled.
    Epd {
        /// "EPD0" or "EPD1".
        field: FieldName,
        /// The field.
        epd: bool,
    },
    /// The walk's parameters.
    WalkParams {
        /// The granule.
        granule: Granule,
        /// Input address size, 64 - TxSZ.
        ia_bits: u8,
        /// The initial lookup level.
        start_level: i8,
        /// TCR_EL1.IPS (or VTCR_EL2.PS).
        ps: u8,
        /// The output address size used by the checks.
        oa_bits: u8,
        /// The effective DS bit (52-bit descriptors for 4KB/16KB).
        ds: bool,
        /// The PE implements 52-bit PAs (AArch64.PAMax() >= 52): 64KB level 1
        /// blocks are allowed (AArch64.BlockDescSupported()).
        pa52: bool,
        /// HPDn: hierarchical permissions disabled.
        hpd: bool,
        /// TCR_EL1.HA (effective): hardware sets the access flag.
        ha: bool,
        /// The first table's base address.
        baddr: Word,
        /// Size of the first table in bytes (larger for concatenated stage 2 tables).
        table_bytes: u64,
    },
    /// The VA (or IPA) bits that index a table, and the entry's address.
    Index {
        /// The input address.
        ia: Word,
        /// The highest input bit used.
        hi: u8,
        /// The lowest input bit used.
        lo: u8,
        /// The index.
        index: u64,
        /// The table's base address.
        table: Word,
        /// The entry's address: table + 8 * index.
        entry: Word,
    },
    /// An address checked against the output size.
    AddressSize {
        /// What address.
        what: AddrWhat,
        /// The address.
        addr: Word,
        /// The output address size it must fit.
        oa_bits: u8,
    },
    /// The stage 2 translation of a stage 1 table address.
    Stage2 {
        /// The table entry's IPA.
        ipa: Word,
        /// The stage 2 walk.
        steps: Vec<Step>,
        /// The PA it maps to, when it succeeded.
        pa: Option<Pa>,
    },
    /// A descriptor read and decoded.
    Read {
        /// Where it was read (a PA).
        at: Pa,
        /// The descriptor.
        raw: Word,
        /// SCTLR_EL1.EE: the bytes were reversed (big-endian walk).
        big_endian: bool,
        /// What it is at this level.
        kind: DescKind,
    },
    /// A descriptor read that found no memory.
    ReadAbort {
        /// The PA with no memory behind it.
        at: Pa,
    },
    /// A table descriptor: the next table and, at stage 1, the hierarchical limits (a stage 2
    /// table descriptor has none: AArch64.S2NextWalkStateTable() reads only the next table's
    /// address).
    Table {
        /// The next-level table's address.
        next: Word,
        /// Stage 1: the descriptor's limits and those accumulated so far (`None` at stage 2).
        #[serde(flatten)]
        limits: Option<TableLimits>,
    },
    /// A block or page: the output address.
    Leaf {
        /// Block or page.
        kind: DescKind,
        /// The block or page base.
        base: Word,
        /// log2 of the bytes it maps.
        size_bits: u8,
        /// Base plus the input address's offset into it.
        oa: Word,
        /// The Contiguous bit (a hint: treated as 0 here, like QEMU).
        contiguous: bool,
    },
    /// The access flag.
    AccessFlag {
        /// The descriptor's AF.
        af: bool,
        /// Hardware access flag management (TCR_EL1.HA or VTCR_EL2.HA with FEAT_HAFDBS).
        ha: bool,
    },
    /// The stage 1 permission calculation and the op's check.
    Perms {
        /// AP[2:1].
        ap: u8,
        /// DBM = 1 with TCR_EL1.HD = 1: AP[2] counts as 0 (the page is writable-clean).
        dbm_hd: bool,
        /// UXN.
        uxn: bool,
        /// PXN.
        pxn: bool,
        /// Accumulated APTable (0 when HPD).
        ap_table: u8,
        /// Accumulated UXNTable.
        uxn_table: bool,
        /// Accumulated PXNTable.
        pxn_table: bool,
        /// After AP, APTable, XN and the "EL0-writable is not EL1-executable" rule.
        base: Perms,
        /// PAN applied: PSTATE.PAN and the page is EL0-accessible (or EL0-executable with EPAN).
        pan_applied: bool,
        /// SCTLR_EL1.EPAN in effect (FEAT_PAN3).
        epan: bool,
        /// After PAN.
        after_pan: Perms,
        /// SCTLR_EL1.WXN removed execute from this writable page.
        wxn_applied: bool,
        /// EL of the access.
        el: u8,
        /// The check made.
        check: AccessCheck,
    },
    /// The output attributes.
    Attrs {
        /// AttrIndx.
        attr_indx: u8,
        /// MAIR_EL1.Attr<AttrIndx>.
        mair_attr: u8,
        /// Its decoding.
        mem: MemAttr,
        /// SH from the descriptor (or TCR_EL1.SHn when DS=1).
        sh: u8,
        /// SH came from TCR_EL1.SHn (DS=1).
        sh_from_tcr: bool,
        /// SCTLR_EL1.C.
        sctlr_c: bool,
        /// The attributes in effect, in MAIR form (0x44/0x40 when SCTLR_EL1.C=0 makes Normal memory Non-cacheable).
        resulting_attr: u8,
        /// The attributes PAR_EL1.ATTR reports.
        reported_attr: u8,
        /// The shareability PAR_EL1.SH reports.
        reported_sh: u8,
    },
    /// Stage 2 configuration (VTCR_EL2) for a walk.
    S2Config {
        /// VTCR_EL2.T0SZ.
        t0sz: u8,
        /// Its legal minimum.
        min: u8,
        /// Its legal maximum.
        max: u8,
        /// VTCR_EL2.SL2:SL0.
        sl: u8,
        /// The SL value is invalid or inconsistent with T0SZ.
        sl_bad: bool,
    },
    /// The IPA checked against the stage 2 input size.
    IpaRange {
        /// The IPA.
        ipa: Word,
        /// 64 - VTCR_EL2.T0SZ.
        ia_bits: u8,
    },
    /// Stage 2 permissions for a stage 1 table read.
    S2Perms {
        /// S2AP.
        s2ap: u8,
        /// MemAttr.
        mem_attr: u8,
        /// HCR_EL2.PTW.
        ptw: bool,
    },
    /// A fault ends the walk.
    Fault {
        /// The fault.
        fault: Fault,
    },
    /// The final PAR_EL1.
    Par {
        /// The value.
        par: Word,
    },
    /// The AT instruction takes a synchronous Data Abort instead of writing PAR_EL1.
    Abort {
        /// The fault status code (ESR_EL2.DFSC).
        dfsc: u8,
    },
    /// KVM's software walk parts from the architecture here (only in a
    /// walk with [`crate::params::Walker::KvmSlow`]): KVM's function beside
    /// the architectural rule, with the values on both sides.
    KvmDiffers {
        /// Where in KVM's code.
        kvm: KvmSite,
        /// The rule of the architecture that decides otherwise (also the step's `rule`).
        arch: Rule,
        /// What differs.
        what: KvmDiff,
    },
}

/// A stage 1 table descriptor's hierarchical limits (AArch64.S1ApplyTablePerms()), with those
/// accumulated from the levels above.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TableLimits {
    /// APTable of this descriptor.
    pub ap_table: u8,
    /// UXNTable of this descriptor.
    pub uxn_table: bool,
    /// PXNTable of this descriptor.
    pub pxn_table: bool,
    /// HPD: the three are ignored.
    pub hpd: bool,
    /// APTable accumulated so far.
    pub acc_ap_table: u8,
    /// UXNTable accumulated so far.
    pub acc_uxn_table: bool,
    /// PXNTable accumulated so far.
    pub acc_pxn_table: bool,
}
