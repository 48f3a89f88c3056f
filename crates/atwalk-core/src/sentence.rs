//! One sentence per trace step, for the command line and the app alike:
//! what was computed, from which bits, and what followed.

use crate::descriptor::DescKind;
use crate::fault::{Stage, describe_fsc};
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
        }
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
