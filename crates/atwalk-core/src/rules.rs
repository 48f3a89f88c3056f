//! The Arm ARM rules and pseudocode functions that decide each step of a
//! walk. Every trace step and every deciding comment cites one of these.
//!
//! Rule IDs (R_xxxxx, I_xxxxx) were checked against the text of the Arm
//! Architecture Reference Manual for A-profile, DDI 0487 M.a.a; a step
//! decided by pseudocode alone cites the function instead. The list of
//! where each ID appears is in docs/arm-rules.md.

use serde::Serialize;

/// The Arm ARM release every citation was checked against.
pub const ARM_ARM_RELEASE: &str = "DDI 0487 M.a.a";

/// A rule or pseudocode function that decides one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Rule {
    /// The AT instruction's access: EL, read/write, PAN (CreateAccDescAT()).
    AtAccess,
    /// AT S1E1RP/S1E1WP need FEAT_PAN2, AT S1E1A FEAT_ATS1A: UNDEFINED otherwise.
    AtUndefined,
    /// Stage 1 enabled: SCTLR_EL1.M and HCR_EL2.{DC,TGE} (AArch64.S1Enabled()).
    S1Enabled,
    /// Stage 1 disabled: the flat map and its attributes (AArch64.S1DisabledOutput()).
    S1Disabled,
    /// Stage 1 disabled: a VA above the PA size gives a level 0 Address size fault.
    FlatAddressSize,
    /// TTBR0 or TTBR1 by VA[55] (AArch64.GetVARange(), AArch64.S1TTBR()).
    SelectTtbr,
    /// TG0/TG1 decode and the reserved encodings (AArch64.S1DecodeTG0()/TG1()).
    GranuleDecode,
    /// TxSZ limits: fault or clamp (AArch64.S1TxSZFaults()).
    TxSzLimits,
    /// Top Byte Ignore and the VA range check (AArch64.VAIsOutOfRange()).
    VaRange,
    /// TCR_EL1.E0PDn for unprivileged accesses (FEAT_E0PD).
    E0pd,
    /// TCR_EL1.EPDn: no walk through that TTBR (AArch64.S1EPD()).
    Epd,
    /// The initial lookup level (AArch64.S1StartLevel()).
    StartLevel,
    /// The TTBR base address and its alignment (AArch64.S1TTBaseAddress()).
    TtbrBase,
    /// The output address size from TCR_EL1.IPS and the PE (AArch64.PhysicalAddressSize()).
    OutputSize,
    /// Address size fault on the TTBR or a table address (AArch64.S1OAOutOfRange()).
    AddressSizeTable,
    /// The VA bits that index a table (AArch64.S1SLTTEntryAddress(), AArch64.S1TTEntryAddress()).
    TableIndex,
    /// A descriptor read with no memory behind it: External abort on the walk.
    ExternalAbortOnWalk,
    /// Descriptor type by bits[1:0] and level (AArch64.DecodeDescriptorType()).
    DescriptorType,
    /// Invalid descriptor: bit[0] = 0.
    InvalidDescriptor,
    /// Block where no block is allowed, or bits[1:0] = 0b01 at level 3.
    ReservedDescriptor,
    /// Hierarchical permissions from table descriptors (AArch64.S1ApplyTablePerms()).
    TablePermissions,
    /// The output address of a block or page (AArch64.S1LeafBase(), StageOA()).
    LeafOutput,
    /// Address size fault on the final output address (AArch64.S1Walk()).
    AddressSizeOutput,
    /// AF = 0 without hardware management: Access flag fault (AArch64.S1Walk()).
    AccessFlag,
    /// AP[2:1], UXN, PXN and the table limits (AArch64.S1DirectBasePermissions()).
    DirectPermissions,
    /// PSTATE.PAN and SCTLR_EL1.EPAN for S1E1RP/S1E1WP.
    Pan,
    /// SCTLR_EL1.WXN removes execute from writable pages (AArch64.S1ComputePermissions()).
    Wxn,
    /// The op's read or write check (AArch64.S1CheckPermissions()).
    PermissionCheck,
    /// MAIR_EL1 attributes and SCTLR_EL1.C (S1DecodeMemAttrs(), AArch64.S1TreatAsNormalNC()).
    Attributes,
    /// PAR_EL1 composed from the result (AArch64.EncodePAR()).
    EncodePar,
    /// Stage 2 on the stage 1 walk (AArch64.S2Translate()).
    Stage2Translate,
    /// VTCR_EL2 checks: T0SZ, SL0/SL2 (AArch64.S2TxSZFaults(), AArch64.S2InvalidSL(), AArch64.S2InconsistentSL()).
    Stage2Config,
    /// The IPA above the stage 2 input size (AArch64.IPAIsOutOfRange()).
    IpaRange,
    /// Stage 2 start level and concatenated tables (AArch64.S2StartLevel(), AArch64.S2SLTTEntryAddress()).
    Stage2StartLevel,
    /// Stage 2 permissions for a table walk: S2AP read, HCR_EL2.PTW (AArch64.S2CheckPermissions()).
    Stage2Permissions,
}

/// What a citation says: an ID, the pseudocode that implements it, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// A rule ID such as `R_DYNYQ`, when the Arm ARM has one for this step.
    pub id: Option<&'static str>,
    /// Further rules that bear on the step.
    pub also: &'static [&'static str],
    /// The pseudocode function that decides the step.
    pub pseudocode: &'static str,
    /// The section of the Arm ARM.
    pub section: &'static str,
    /// A short title.
    pub title: &'static str,
}

impl Rule {
    /// The citation for this rule.
    pub const fn citation(self) -> Citation {
        use Rule::*;
        let (id, also, pseudocode, section, title): (
            Option<&'static str>,
            &'static [&'static str],
            _,
            _,
            _,
        ) = match self {
            AtAccess => (
                None,
                &[],
                "CreateAccDescAT()",
                "J1.3.3.278",
                "The access an AT instruction makes",
            ),
            AtUndefined => (
                None,
                &[],
                "AArch64.AT()",
                "C5.5",
                "AT instruction not implemented: UNDEFINED",
            ),
            S1Enabled => (
                Some("R_LBPTY"),
                &[],
                "AArch64.S1Enabled()",
                "D8.2.12",
                "Stage 1 enabled",
            ),
            S1Disabled => (
                Some("R_WFZPW"),
                &[],
                "AArch64.S1DisabledOutput()",
                "D8.2.12.1",
                "Stage 1 disabled: flat map",
            ),
            FlatAddressSize => (
                Some("R_VCDSW"),
                &[],
                "AArch64.S1DisabledOutput()",
                "D8.1.9",
                "Stage 1 disabled: VA above the PA size",
            ),
            SelectTtbr => (
                None,
                &[],
                "AArch64.GetVARange()",
                "D8.2.4",
                "TTBR0 or TTBR1 by VA[55]",
            ),
            GranuleDecode => (
                None,
                &[],
                "AArch64.S1DecodeTG0()",
                "D24.2.194",
                "Granule size",
            ),
            TxSzLimits => (
                Some("R_PLCGL"),
                &["R_GTJBY", "R_SXWGM"],
                "AArch64.S1TxSZFaults()",
                "D8.1.9",
                "TxSZ limits",
            ),
            VaRange => (
                Some("R_VZZSZ"),
                &["R_LVTFP", "R_LPCSW"],
                "AArch64.VAIsOutOfRange()",
                "D8.15.1.1",
                "VA range and Top Byte Ignore",
            ),
            E0pd => (
                Some("R_VZZSZ"),
                &["I_RFRSQ"],
                "AArch64.S1Translate()",
                "D8.2.4.1",
                "E0PD: no unprivileged access",
            ),
            Epd => (
                Some("R_VZZSZ"),
                &["I_ZFSYQ"],
                "AArch64.S1EPD()",
                "D8.2.4",
                "EPD: walks disabled",
            ),
            StartLevel => (
                None,
                &["R_KSBQV", "R_VGVLD", "R_MLLGN"],
                "AArch64.S1StartLevel()",
                "D8.2.8",
                "Initial lookup level",
            ),
            TtbrBase => (
                None,
                &[],
                "AArch64.S1TTBaseAddress()",
                "K1.2.5",
                "Table base address and alignment",
            ),
            OutputSize => (
                Some("R_QQQSJ"),
                &["R_CLPQT"],
                "AArch64.PhysicalAddressSize()",
                "D8.1.7",
                "Output address size",
            ),
            AddressSizeTable => (
                Some("R_CVSBH"),
                &["R_BFHQH"],
                "AArch64.S1OAOutOfRange()",
                "D8.15.1.2",
                "Address size: table address",
            ),
            TableIndex => (
                None,
                &[],
                "AArch64.S1TTEntryAddress()",
                "J1.1.4.15",
                "Table index from VA bits",
            ),
            ExternalAbortOnWalk => (
                Some("R_YLGBV"),
                &["R_NHWXL"],
                "FetchDescriptor()",
                "D8.15.1.3",
                "External abort on the walk",
            ),
            DescriptorType => (
                None,
                &["R_KSBQV", "R_VGVLD", "R_MLLGN"],
                "AArch64.DecodeDescriptorType()",
                "D8.3",
                "Descriptor type",
            ),
            InvalidDescriptor => (
                Some("R_DYNYQ"),
                &["I_RRSLQ"],
                "AArch64.DecodeDescriptorType()",
                "D8.15.1.1",
                "Invalid descriptor",
            ),
            ReservedDescriptor => (
                Some("R_KRMJZ"),
                &[],
                "AArch64.BlockDescSupported()",
                "D8.15.1.1",
                "Reserved descriptor encoding",
            ),
            TablePermissions => (
                Some("R_YTXKB"),
                &["I_PKGJC", "I_NYWHQ"],
                "AArch64.S1ApplyTablePerms()",
                "D8.4.1.2",
                "Hierarchical permissions",
            ),
            LeafOutput => (None, &[], "StageOA()", "J1.3", "Output address"),
            AddressSizeOutput => (
                Some("R_CVSBH"),
                &["R_BFHQH"],
                "AArch64.S1Walk()",
                "D8.15.1.2",
                "Address size: output address",
            ),
            AccessFlag => (
                Some("R_SWTYY"),
                &["R_LFGXS", "R_HDHQG"],
                "AArch64.S1Walk()",
                "D8.5.1",
                "Access flag",
            ),
            DirectPermissions => (
                Some("R_RNGJG"),
                &["R_VWLLR", "R_LWPVL"],
                "AArch64.S1DirectBasePermissions()",
                "D8.4.1.2",
                "Direct permissions",
            ),
            Pan => (
                Some("R_XTSQH"),
                &["R_PMTWB", "I_HKGQP"],
                "AArch64.S1DirectBasePermissions()",
                "D8.4.5",
                "Privileged Access Never",
            ),
            Wxn => (
                Some("R_SYMMB"),
                &["R_FYMXJ"],
                "AArch64.S1ComputePermissions()",
                "D8.4.1.3",
                "Write implies execute-never",
            ),
            PermissionCheck => (
                Some("R_CSRQR"),
                &[],
                "AArch64.S1CheckPermissions()",
                "D8.15.1.5",
                "Permission check",
            ),
            Attributes => (
                Some("R_ZWYSH"),
                &["R_PYFVQ"],
                "S1DecodeMemAttrs()",
                "D8.6.2",
                "Memory attributes",
            ),
            EncodePar => (
                Some("R_LRYRY"),
                &["I_WFYSR"],
                "AArch64.EncodePAR()",
                "D8.2.13.1",
                "PAR_EL1",
            ),
            Stage2Translate => (
                Some("R_PNHHK"),
                &[],
                "AArch64.S2Translate()",
                "D8.2.3",
                "Stage 2 on the walk",
            ),
            Stage2Config => (
                None,
                &[],
                "AArch64.S2InvalidSL()",
                "D8.2.8.2",
                "Stage 2 configuration",
            ),
            IpaRange => (
                None,
                &[],
                "AArch64.IPAIsOutOfRange()",
                "D8.1.10",
                "IPA range",
            ),
            Stage2StartLevel => (
                Some("R_HRSBS"),
                &["R_JKZFY", "I_TDMHR"],
                "AArch64.S2StartLevel()",
                "D8.2.2",
                "Stage 2 initial lookup",
            ),
            Stage2Permissions => (
                Some("R_TVZYF"),
                &["R_FQNDX"],
                "AArch64.S2CheckPermissions()",
                "D8.4.2",
                "Stage 2 permissions",
            ),
        };
        Citation {
            id,
            also,
            pseudocode,
            section,
            title,
        }
    }

    /// The rule ID if there is one, else the pseudocode function.
    pub const fn id(self) -> &'static str {
        let c = self.citation();
        match c.id {
            Some(id) => id,
            None => c.pseudocode,
        }
    }
}
