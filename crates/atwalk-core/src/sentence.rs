//! One sentence per trace step, for the command line and the app alike:
//! what was computed, from which bits, and what followed.

use crate::descriptor::DescKind;
use crate::fault::{Stage, describe_fsc};
use crate::kvm::diff::{KvmAddr, KvmDiff, S2NoStatus};
use crate::kvm::{FastPathPan, HwAt, KvmLogic, KvmPath, KvmStep};
use crate::regs::ParEl1;
use crate::trace::{AccessCheck, AddrWhat, Perms, Step, StepKind};

fn rw(p: &Perms, el0: bool) -> String {
    let (r, w, x) = if el0 {
        (p.ur, p.uw, p.ux)
    } else {
        (p.pr, p.pw, p.px)
    };
    let mut s = String::new();
    s.push(if r { 'R' } else { '-' });
    s.push(if w { 'W' } else { '-' });
    s.push(if x { 'X' } else { '-' });
    s
}

fn check_word(c: AccessCheck) -> &'static str {
    match c {
        AccessCheck::Read => "read",
        AccessCheck::Write => "write",
        AccessCheck::None => "translation without a permission check",
    }
}

impl Step {
    /// The step in one sentence a student can read.
    pub fn sentence(&self) -> String {
        let stage = match self.stage {
            Stage::S1 => "Stage 1",
            Stage::S2 => "Stage 2",
        };
        match &self.kind {
            StepKind::Access {
                op,
                el,
                check,
                pan_op,
                pstate_pan,
            } => {
                let pan = if *pan_op {
                    format!(
                        "; it honours PSTATE.PAN, which is {}",
                        u8::from(*pstate_pan)
                    )
                } else {
                    "; PSTATE.PAN does not apply to it".to_string()
                };
                format!(
                    "AT {} asks for an EL{} {} of the EL1&0 regime{pan}.",
                    op.name(),
                    el,
                    check_word(*check)
                )
            }
            StepKind::Undefined { op, feature } => {
                format!(
                    "AT {} is UNDEFINED: the modelled CPU does not implement {}.",
                    op.name(),
                    feature.name()
                )
            }
            StepKind::S1Enable {
                sctlr_m,
                hcr_dc,
                hcr_tge,
            } => {
                if *sctlr_m && !*hcr_dc && !*hcr_tge {
                    "SCTLR_EL1.M is 1 and HCR_EL2.{DC,TGE} are 0: stage 1 translation is on."
                        .to_string()
                } else {
                    format!(
                        "Stage 1 translation is off (SCTLR_EL1.M={}, HCR_EL2.DC={}, HCR_EL2.TGE={}): the output address is the VA.",
                        u8::from(*sctlr_m),
                        u8::from(*hcr_dc),
                        u8::from(*hcr_tge)
                    )
                }
            }
            StepKind::Flat {
                va,
                addr_top,
                pa_bits,
                dc,
            } => {
                if self.ok {
                    let attrs = if *dc {
                        "HCR_EL2.DC=1 makes it Normal Write-Back, Non-shareable"
                    } else {
                        "data accesses are Device-nGnRnE, Outer Shareable"
                    };
                    format!(
                        "VA[{addr_top}:{pa_bits}] of {va} are zero, so the VA fits the {pa_bits}-bit PA size; {attrs}."
                    )
                } else {
                    format!(
                        "VA[{addr_top}:{pa_bits}] of {va} are not all zero: the VA is above the {pa_bits}-bit PA size, a level 0 Address size fault."
                    )
                }
            }
            StepKind::SelectTtbr { va, upper, ttbr } => {
                let (n, range) = if *upper { (1, "upper") } else { (0, "lower") };
                format!(
                    "VA[55] of {va} is {}: the {range} range, walked from TTBR{n}_EL1 = {ttbr}.",
                    u8::from(*upper)
                )
            }
            StepKind::GranuleDecode {
                field,
                tg,
                granule,
                reserved,
            } => {
                if *reserved {
                    format!(
                        "TCR_EL1.{field} = 0b{tg:02b} is reserved: the IMPLEMENTATION DEFINED choice here is the {granule} granule (as QEMU)."
                    )
                } else {
                    format!("TCR_EL1.{field} = 0b{tg:02b} selects the {granule} granule.")
                }
            }
            StepKind::TxSz {
                field,
                txsz,
                min,
                max,
            } => {
                if self.ok {
                    format!(
                        "TCR_EL1.{field} = {txsz}: the region spans 2^{} bytes (legal {field}: {min} to {max}).",
                        64 - txsz
                    )
                } else {
                    format!(
                        "TCR_EL1.{field} = {txsz} is outside {min} to {max} for this granule and CPU: a level 0 Translation fault."
                    )
                }
            }
            StepKind::VaRange {
                va,
                tbi,
                addr_top,
                ia_bits,
                upper,
            } => {
                let want = if *upper { "ones" } else { "zeros" };
                let tbi_note = if *tbi {
                    " (TBI: VA[63:56] are ignored)"
                } else {
                    ""
                };
                if self.ok {
                    format!(
                        "VA[{addr_top}:{ia_bits}] of {va} are all {want}{tbi_note}: the VA is in range."
                    )
                } else {
                    format!(
                        "VA[{addr_top}:{ia_bits}] of {va} are not all {want}{tbi_note}: the VA is outside the range, a level 0 Translation fault."
                    )
                }
            }
            StepKind::E0pd { field, e0pd } => {
                if *e0pd {
                    format!(
                        "TCR_EL1.{field} = 1 forbids EL0 access to this range: a level 0 Translation fault."
                    )
                } else {
                    format!("TCR_EL1.{field} = 0: EL0 may use this range.")
                }
            }
            StepKind::Epd { field, epd } => {
                if *epd {
                    format!(
                        "TCR_EL1.{field} = 1 disables walks through this TTBR: a level 0 Translation fault."
                    )
                } else {
                    format!("TCR_EL1.{field} = 0: walks through this TTBR are allowed.")
                }
            }
            StepKind::WalkParams {
                granule,
                ia_bits,
                start_level,
                ps,
                oa_bits,
                baddr,
                table_bytes,
                ..
            } => {
                let ps_name = if self.stage == Stage::S1 {
                    "TCR_EL1.IPS"
                } else {
                    "VTCR_EL2.PS"
                };
                format!(
                    "{stage}: a {ia_bits}-bit input with the {granule} granule starts at level {start_level}; the first table is {table_bytes} bytes at {baddr}; output size {oa_bits} bits ({ps_name} = 0b{ps:03b})."
                )
            }
            StepKind::Index {
                ia,
                hi,
                lo,
                index,
                table,
                entry,
            } => {
                let what = if self.stage == Stage::S1 { "VA" } else { "IPA" };
                format!(
                    "Level {}: {what}[{hi}:{lo}] of {ia} = {index} indexes the table at {table}: entry at {entry}.",
                    self.level.unwrap_or(0)
                )
            }
            StepKind::AddressSize {
                what,
                addr,
                oa_bits,
            } => {
                let w = match what {
                    AddrWhat::Ttbr => "The first table entry's address",
                    AddrWhat::Table => "The next table's entry address",
                    AddrWhat::Output => "The output address",
                };
                if self.ok {
                    format!("{w} {addr} fits in {oa_bits} bits.")
                } else {
                    let lvl = if *what == AddrWhat::Ttbr {
                        0
                    } else {
                        self.level.unwrap_or(0)
                    };
                    format!(
                        "{w} {addr} has bits set at or above bit {oa_bits}: an Address size fault at level {lvl}."
                    )
                }
            }
            StepKind::Stage2 { ipa, steps, pa } => match pa {
                Some(pa) => format!(
                    "The table entry's address {ipa} is an IPA: the guest hypervisor's stage 2 maps it to {pa} ({} steps).",
                    steps.len()
                ),
                None => format!(
                    "The table entry's address {ipa} is an IPA, and the stage 2 walk for it faults: a stage 2 fault on the stage 1 walk."
                ),
            },
            StepKind::Read {
                at,
                raw,
                big_endian,
                kind,
            } => {
                let endian = if *big_endian {
                    " (big-endian: SCTLR_EL1.EE=1)"
                } else {
                    ""
                };
                let meaning = match kind {
                    DescKind::Invalid => "bit[0] is 0, so it is invalid: a Translation fault at this level".to_string(),
                    DescKind::Table => "bits[1:0] = 0b11: a table descriptor".to_string(),
                    DescKind::Block => "bits[1:0] = 0b01: a block descriptor".to_string(),
                    DescKind::Page => "bits[1:0] = 0b11 at level 3: a page descriptor".to_string(),
                    DescKind::Reserved => {
                        "bits[1:0] = 0b01 where no block is allowed: a reserved encoding, a Translation fault".to_string()
                    }
                };
                format!(
                    "Level {}: read {raw} at {at}{endian}; {meaning}.",
                    self.level.unwrap_or(0)
                )
            }
            StepKind::ReadAbort { at } => format!(
                "No memory exists at {at}: the read takes a synchronous External abort on the translation table walk."
            ),
            StepKind::Table {
                next,
                ap_table,
                uxn_table,
                pxn_table,
                hpd,
                acc_ap_table,
                acc_uxn_table,
                acc_pxn_table,
            } => {
                if self.stage == Stage::S2 {
                    format!("The next stage 2 table is at {next}.")
                } else if *hpd {
                    format!(
                        "The next table is at {next}; HPD=1, so APTable, UXNTable and PXNTable are ignored."
                    )
                } else {
                    format!(
                        "The next table is at {next}; APTable=0b{ap_table:02b} UXNTable={} PXNTable={} (so far: APTable=0b{acc_ap_table:02b} UXNTable={} PXNTable={}).",
                        u8::from(*uxn_table),
                        u8::from(*pxn_table),
                        u8::from(*acc_uxn_table),
                        u8::from(*acc_pxn_table)
                    )
                }
            }
            StepKind::Leaf {
                kind,
                base,
                size_bits,
                oa,
                contiguous,
            } => {
                let c = if *contiguous {
                    " The Contiguous bit is a hint and does not change it."
                } else {
                    ""
                };
                format!(
                    "The {} maps 2^{size_bits} bytes at {base}; with the input's low {size_bits} bits the output address is {oa}.{c}",
                    kind.name()
                )
            }
            StepKind::AccessFlag { af, ha } => match (af, ha) {
                (true, _) => "AF = 1: the page has been accessed.".to_string(),
                (false, true) => {
                    "AF = 0, but hardware manages the access flag (HA=1): no fault.".to_string()
                }
                (false, false) => {
                    format!(
                        "AF = 0 and no hardware management (HA=0): an Access flag fault at level {}.",
                        self.level.unwrap_or(0)
                    )
                }
            },
            StepKind::Perms {
                ap,
                dbm_hd,
                base,
                pan_applied,
                epan,
                after_pan,
                wxn_applied,
                el,
                check,
                ..
            } => {
                let el0 = *el == 0;
                let dbm = if *dbm_hd {
                    " (DBM=1 with TCR_EL1.HD=1: AP[2] counts as 0)"
                } else {
                    ""
                };
                let mut s = format!(
                    "AP[2:1]=0b{ap:02b}{dbm} with the table limits gives EL{el} {}",
                    rw(base, el0)
                );
                if *pan_applied {
                    let why = if *epan && !(base.ur || base.uw) {
                        "EL0 can execute it (EPAN)"
                    } else {
                        "EL0 can access it"
                    };
                    s.push_str(&format!(
                        "; PSTATE.PAN removes EL1 read and write because {why}"
                    ));
                }
                if *wxn_applied {
                    s.push_str("; WXN removes execute from this writable page");
                }
                let final_p = rw(after_pan, el0);
                if self.ok {
                    s.push_str(&format!(": {final_p} allows the {}.", check_word(*check)));
                } else {
                    s.push_str(&format!(
                        ": {final_p} forbids the {}, a Permission fault at level {}.",
                        check_word(*check),
                        self.level.unwrap_or(0)
                    ));
                }
                s
            }
            StepKind::Attrs {
                attr_indx,
                mair_attr,
                mem,
                sh,
                sh_from_tcr,
                sctlr_c,
                resulting_attr,
                reported_attr,
                reported_sh,
            } => {
                let src = if *sh_from_tcr {
                    "TCR_EL1.SHn (DS=1)"
                } else {
                    "the descriptor"
                };
                let c = if !*sctlr_c && resulting_attr != mair_attr {
                    format!(
                        " SCTLR_EL1.C=0 makes it Normal Non-cacheable (0x{resulting_attr:02x}); PAR_EL1 may report either, and reports the descriptor's."
                    )
                } else {
                    String::new()
                };
                format!(
                    "AttrIndx={attr_indx} selects MAIR_EL1.Attr{attr_indx} = 0x{mair_attr:02x}: {mem}; SH=0b{sh:02b} from {src}. PAR_EL1 reports ATTR=0x{reported_attr:02x}, SH=0b{reported_sh:02b}.{c}"
                )
            }
            StepKind::S2Config {
                t0sz,
                min,
                max,
                sl,
                sl_bad,
            } => {
                if self.ok {
                    format!(
                        "VTCR_EL2.T0SZ={t0sz} (legal {min} to {max}) and SL=0b{sl:03b} are consistent."
                    )
                } else if *sl_bad {
                    format!(
                        "VTCR_EL2.SL0 (SL2:SL0=0b{sl:03b}) is invalid or inconsistent with T0SZ={t0sz}: a stage 2 level 0 Translation fault."
                    )
                } else {
                    format!(
                        "VTCR_EL2.T0SZ={t0sz} is outside {min} to {max}: a stage 2 level 0 Translation fault."
                    )
                }
            }
            StepKind::IpaRange { ipa, ia_bits } => {
                if self.ok {
                    format!("IPA {ipa} fits the {ia_bits}-bit stage 2 input size.")
                } else {
                    format!(
                        "IPA {ipa} has bits set at or above bit {ia_bits}: a stage 2 level 0 Translation fault."
                    )
                }
            }
            StepKind::S2Perms {
                s2ap,
                mem_attr,
                ptw,
            } => {
                let device = mem_attr & 0b1100 == 0;
                if self.ok {
                    format!("S2AP=0b{s2ap:02b} allows the table walk to read it.")
                } else if *ptw && device {
                    format!(
                        "HCR_EL2.PTW=1 and stage 2 MemAttr=0b{mem_attr:04b} is Device memory: a stage 2 Permission fault on the walk."
                    )
                } else {
                    format!(
                        "S2AP=0b{s2ap:02b} gives no read access: a stage 2 Permission fault on the walk."
                    )
                }
            }
            StepKind::Fault { fault } => format!("The walk ends: {fault}."),
            StepKind::Par { par } => {
                let p = ParEl1(par.0);
                match (p.ok(), p.fault()) {
                    (Some(ok), _) => format!(
                        "PAR_EL1 = {par}: F=0, PA=0x{:x}, ATTR=0x{:02x}, SH=0b{:02b}.",
                        ok.pa() << 12,
                        ok.attr(),
                        ok.sh()
                    ),
                    (_, Some(f)) => format!(
                        "PAR_EL1 = {par}: F=1, FST=0b{:06b} ({}), S={}, PTW={}.",
                        f.fst(),
                        describe_fsc(f.fst()),
                        u8::from(f.s()),
                        u8::from(f.ptw())
                    ),
                    _ => format!("PAR_EL1 = {par}."),
                }
            }
            StepKind::Abort { dfsc } => format!(
                "The AT instruction does not write PAR_EL1: it takes a synchronous Data Abort, DFSC=0b{dfsc:06b} ({}).",
                describe_fsc(*dfsc)
            ),
            StepKind::KvmDiffers { kvm, arch, what } => {
                let c = arch.citation();
                format!(
                    "KVM differs: {} [KVM: {kvm}; architecture: {}, {}.]",
                    kvm_diff_sentence(what),
                    arch.id(),
                    c.pseudocode
                )
            }
        }
    }
}

fn kvm_diff_sentence(d: &KvmDiff) -> String {
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
            "PS/IPS = 0b{ps:03b}: KVM's max_oa_bits is {kvm_bits} (the host IPA limit, 48, or the IPS size with 0b110/0b111 read as 48; checks only below 48), the architecture's output size {arch_bits} bits."
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
        KvmDiff::NoHardwareAf => "AF = 0 and HA is set on a PE with FEAT_HAFDBS: KVM never sets the access flag (HAFDBS is hidden under NV) and faults.".to_string(),
        KvmDiff::NoDirtyState => "DBM = 1 with TCR_EL1.HD: KVM has no dirty state management, so AP[2] keeps the page read-only.".to_string(),
        KvmDiff::ParAttrs {
            kvm_attr,
            kvm_sh,
            arch_attr,
            arch_sh,
        } => format!(
            "compute_par_s1() reports ATTR=0x{kvm_attr:02x} SH=0b{kvm_sh:02b} (0x44 when SCTLR_EL1.C=0, SH 0b10 only for Device or exactly 0x44, reserved SH 0b01 as 0b00); this model's hardware reports ATTR=0x{arch_attr:02x} SH=0b{arch_sh:02b}."
        ),
        KvmDiff::ParEncoding { kvm, arch } => format!(
            "KVM writes PAR_EL1 = {kvm} (NS=0, PA[47:12] only); this model's hardware {arch} (NS=1: UNKNOWN for a Non-secure regime, either is allowed)."
        ),
        KvmDiff::AbortInPar { level } => format!(
            "the descriptor read found no memory: KVM reports a synchronous External abort on the walk at level {level} in PAR_EL1.FST, where the AT instruction takes a synchronous Data Abort."
        ),
        KvmDiff::FstEncoding { kvm, arch } => format!(
            "at level -1 KVM's fault status is 0b{kvm:06b}, EncodeLDFSC() gives 0b{arch:06b} ({})."
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
                "nested.c returns an error with no fault status ({w}); KVM reports an Address size fault at the stage 1 level {s1_level} (S=1, PTW=1)."
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
            "VTCR_EL2.T0SZ={t0sz}, SL0={sl0}: KVM's check_base_s2_limits() {} it, the architecture {} it.",
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

/// A step with its sentence and citation, as the command line's `--trace`
/// and exported traces show it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ExplainedStep<'a> {
    /// The step.
    #[serde(flatten)]
    pub step: &'a Step,
    /// [`Step::sentence`].
    pub sentence: String,
    /// The rule ID, or the pseudocode function where no ID exists.
    pub cite: &'static str,
    /// The pseudocode function that decides the step.
    pub pseudocode: &'static str,
    /// Nested stage 2 steps, explained (for `Stage2` steps).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stage2: Vec<ExplainedStep<'a>>,
}

impl Step {
    /// This step with its sentence and citation.
    pub fn explained(&self) -> ExplainedStep<'_> {
        let c = self.rule.citation();
        let stage2 = match &self.kind {
            StepKind::Stage2 { steps, .. } => steps.iter().map(Step::explained).collect(),
            _ => Vec::new(),
        };
        ExplainedStep {
            step: self,
            sentence: self.sentence(),
            cite: self.rule.id(),
            pseudocode: c.pseudocode,
            stage2,
        }
    }
}

impl KvmStep {
    /// The step in one sentence a student can read.
    pub fn sentence(&self) -> String {
        match self {
            KvmStep::Decision {
                func,
                line,
                cond,
                value,
                next,
                ..
            } => {
                let at = crate::kvm::flow::location(func, *line);
                format!("{at}: `{cond}` is {value}: {next}.")
            }
            KvmStep::FastWalk {
                func,
                op,
                pstate_pan,
                steps,
                hw,
            } => {
                let what = match hw {
                    HwAt::Par { par } => format!("PAR_EL1 = {par}"),
                    HwAt::Exception => {
                        "the AT takes an exception, so KVM sees a failure".to_string()
                    }
                };
                format!(
                    "{func}(): the real CPU runs AT {} with PSTATE.PAN={} through KVM's shadow stage 2 ({} steps): {what}.",
                    op.name(),
                    u8::from(*pstate_pan),
                    steps.len()
                )
            }
            KvmStep::SlowWalk { phase, steps } => format!(
                "{}(): KVM's software walk, {} steps.",
                phase.func(),
                steps.len()
            ),
            KvmStep::WritePar { func, line, par } => format!(
                "{}: the guest hypervisor's PAR_EL1 = {par}.",
                crate::kvm::flow::location(func, *line)
            ),
            KvmStep::Model {
                fast_path_pan,
                guest_pan,
                hw_pan,
            } => match fast_path_pan {
                FastPathPan::AsMerged => format!(
                    "Model FastPathPan::AsMerged (default): at_s1e1p_fast() writes *vcpu_cpsr(vcpu) & PSTATE_PAN, and PSTATE_PAN is the MSR-immediate encoding 0x80, not PSR_PAN_BIT: the CPU runs with PSTATE.PAN={} although the guest hypervisor's PSTATE.PAN is {}.",
                    u8::from(*hw_pan),
                    u8::from(*guest_pan)
                ),
                FastPathPan::Intended => format!(
                    "Model FastPathPan::Intended: the CPU runs with the guest hypervisor's PSTATE.PAN={}, as kvm-at-emulation.md describes (at 0090c0a247cd the code passes 0).",
                    u8::from(*hw_pan)
                ),
            },
            KvmStep::Compare {
                logic,
                par,
                path,
                slow_walks,
                differs,
            } => {
                let l = match logic {
                    KvmLogic::Merged => "the merged logic",
                    KvmLogic::V1 => "the v1 logic",
                };
                let p = match path {
                    KvmPath::Fast => "fast",
                    KvmPath::Slow => "slow",
                };
                if *differs {
                    format!(
                        "The final PAR_EL1 differs from {l}'s: it answers {par} ({p} path, {slow_walks} software walk(s))."
                    )
                } else {
                    format!(
                        "{l} gives the same PAR_EL1 {par} ({p} path, {slow_walks} software walk(s))."
                    )
                }
            }
        }
    }
}

/// A KVM step with its sentence, and the walk it holds explained, as the
/// command line's `--trace` shows it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ExplainedKvmStep<'a> {
    /// The step.
    #[serde(flatten)]
    pub step: &'a crate::kvm::trace::KvmStep,
    /// [`crate::kvm::trace::KvmStep::sentence`].
    pub sentence: String,
    /// The hardware or software walk of a `FastWalk` or `SlowWalk` step, explained.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub walk: Vec<ExplainedStep<'a>>,
}

impl crate::kvm::trace::KvmStep {
    /// This step with its sentence, and its walk's steps explained.
    pub fn explained(&self) -> ExplainedKvmStep<'_> {
        use crate::kvm::trace::KvmStep;
        let walk = match self {
            KvmStep::FastWalk { steps, .. } | KvmStep::SlowWalk { steps, .. } => {
                steps.iter().map(Step::explained).collect()
            }
            _ => Vec::new(),
        };
        ExplainedKvmStep {
            step: self,
            sentence: self.sentence(),
            walk,
        }
    }
}
