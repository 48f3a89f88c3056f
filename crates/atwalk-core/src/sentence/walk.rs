//! The walk: index bits, address size checks, stage 2 sub-walks, descriptor reads, tables, the leaf and the access flag.

use crate::descriptor::DescKind;
use crate::fault::Stage;
use crate::trace::{AddrWhat, Step, StepKind};

/// The sentence of a step of this phase (empty for any other step).
pub(super) fn sentence(st: &Step) -> String {
    match &st.kind {
        StepKind::Index {
            ia,
            hi,
            lo,
            index,
            table,
            entry,
        } => {
            let what = if st.stage == Stage::S1 { "VA" } else { "IPA" };
            format!(
                "Level {}: {what}[{hi}:{lo}] of {ia} = {index} indexes the table at {table}: entry at {entry}.",
                st.level.unwrap_or(0)
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
            if st.ok {
                format!("{w} {addr} fits in {oa_bits} bits.")
            } else {
                let lvl = if *what == AddrWhat::Ttbr {
                    0
                } else {
                    st.level.unwrap_or(0)
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
                st.level.unwrap_or(0)
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
            if st.stage == Stage::S2 {
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
                    st.level.unwrap_or(0)
                )
            }
        },
        _ => String::new(),
    }
}
