//! The leaf's permissions and attributes.

use super::{check_word, rw};
use crate::trace::{Step, StepKind};

/// The sentence of a step of this phase (empty for any other step).
pub(super) fn sentence(st: &Step) -> String {
    match &st.kind {
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
            if *pan_applied || *wxn_applied {
                s.push_str(&format!(", leaving {}", rw(after_pan, el0)));
            }
            if st.ok {
                s.push_str(&format!(", which allows the {}.", check_word(*check)));
            } else {
                s.push_str(&format!(
                    ", which forbids the {}: a Permission fault at level {}.",
                    check_word(*check),
                    st.level.unwrap_or(0)
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
        _ => String::new(),
    }
}
