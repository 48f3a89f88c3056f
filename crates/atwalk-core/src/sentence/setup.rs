//! Before the first read: the AT op, stage 1 on or off, TTBR, granule, TxSZ, VA range, E0PD/EPD, the walk's parameters.

use super::check_word;
use crate::fault::Stage;
use crate::op::AccessCheck;
use crate::trace::{Step, StepKind};

/// The sentence of a step of this phase (empty for any other step).
pub(super) fn sentence(st: &Step, stage: &str) -> String {
    match &st.kind {
        StepKind::Access {
            op,
            el,
            check,
            pan_op,
            pstate_pan,
        } => {
            let pan = if *pan_op {
                format!(
                    " It honours PSTATE.PAN, which is {}.",
                    u8::from(*pstate_pan)
                )
            } else {
                " PSTATE.PAN does not apply to this op.".to_string()
            };
            let who = if *el == 0 {
                "EL0 (user code)"
            } else {
                "EL1 (the kernel)"
            };
            let what = match check {
                AccessCheck::None => "where does this VA go (no permission check)?".to_string(),
                c => format!(
                    "may {who} {} this VA, and where does it go?",
                    check_word(*c)
                ),
            };
            format!("AT {} asks: {what}{pan}", op.name())
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
            if st.ok {
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
            if st.ok {
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
            if st.ok {
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
            let ps_name = if st.stage == Stage::S1 {
                "TCR_EL1.IPS"
            } else {
                "VTCR_EL2.PS"
            };
            format!(
                "{stage}: a {ia_bits}-bit input with the {granule} granule starts at level {start_level}; the first table is {table_bytes} bytes at {baddr}; output size {oa_bits} bits ({ps_name} = 0b{ps:03b})."
            )
        }
        _ => String::new(),
    }
}
