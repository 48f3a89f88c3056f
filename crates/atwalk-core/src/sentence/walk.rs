//! The walk: index bits, address size checks, stage 2 sub-walks, descriptor reads, tables, the leaf and the access flag.

use crate::descriptor::DescKind;
use crate::fault::Stage;
use crate::trace::{AddrWhat, Step, StepKind, TableLimits};

/// `0x40230000`: an address or offset as a student writes it.
fn short_hex(v: u64) -> String {
    format!("0x{v:x}")
}

/// `4 KB (2^12 bytes)`: the size a leaf maps.
fn size_words(bits: u8) -> String {
    format!("{} (2^{bits} bytes)", crate::granule::size_name(bits))
}

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
                "Level {}: {what}[{hi}:{lo}] of {ia} = {index}, so the walk reads entry {index} of the table at {table}: {} + {index} × 8 = {entry}.",
                st.level.unwrap_or(0),
                short_hex(table.0)
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
        StepKind::Table { next, limits } => {
            let Some(TableLimits {
                ap_table,
                uxn_table,
                pxn_table,
                hpd,
                acc_ap_table,
                acc_uxn_table,
                acc_pxn_table,
            }) = limits
            else {
                return format!("The next stage 2 table is at {next}.");
            };
            if *hpd {
                format!(
                    "The next table is at {next}; HPD=1, so APTable, UXNTable and PXNTable are ignored."
                )
            } else if *ap_table == 0
                && !*uxn_table
                && !*pxn_table
                && *acc_ap_table == 0
                && !*acc_uxn_table
                && !*acc_pxn_table
            {
                format!(
                    "The next table is at {next}; APTable, UXNTable and PXNTable are 0: no limit on the levels below."
                )
            } else {
                format!(
                    "The next table is at {next}; APTable=0b{ap_table:02b} UXNTable={} PXNTable={} limit the levels below (so far: APTable=0b{acc_ap_table:02b} UXNTable={} PXNTable={}).",
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
                "The {} maps {} at {base}; the input's low {size_bits} bits, {}, are the offset into it: the output address is {oa}.{c}",
                kind.name(),
                size_words(*size_bits),
                short_hex(oa.0.wrapping_sub(base.0))
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
