//! An exercise in words: the question, the scenario as a student reads it
//! (each register's non-zero fields by name, the descriptors in memory),
//! and the answer with the step that decides it.

use std::fmt::Write as _;

use atwalk_core::fault::describe_fsc;
use atwalk_core::regs::{FieldInfo, HcrEl2, MairEl1, SctlrEl1, TcrEl1, Ttbr, VtcrEl2, VttbrEl2};
use atwalk_core::scenario::{Query, ShadowS2};

use super::{Exercise, Outcome, sentence};

/// The question of an exercise on query `q`.
pub fn question(q: &Query, kvm: bool, stage2: bool) -> String {
    let at = format!("AT {} of VA 0x{:016x}", q.op.name(), q.va);
    if kvm {
        format!(
            "A guest hypervisor executes {at}, which traps to KVM. Does KVM answer on its fast path or its slow path, and what PAR_EL1 does the guest hypervisor read back?"
        )
    } else {
        let what = if stage2 {
            "which output address does PAR_EL1 report (an IPA: stage 2 is on)"
        } else {
            "which output address does PAR_EL1 report"
        };
        format!(
            "{at}: does it succeed, and if so, {what}? If not, which fault is it, at which level?"
        )
    }
}

/// `NAME=value` for each non-zero field of `value`.
fn fields(value: u64, fields: &[FieldInfo]) -> String {
    let parts: Vec<String> = fields
        .iter()
        // BADDR is the register's address itself, shown in full already.
        .filter(|f| f.get(value) != 0 && f.name != "BADDR")
        .map(|f| {
            let v = f.get(value);
            if f.width() == 1 {
                format!("{}=1", f.name)
            } else if f.width() < 8 {
                format!("{}={v}", f.name)
            } else {
                format!("{}=0x{v:x}", f.name)
            }
        })
        .collect();
    parts.join(" ")
}

/// The scenario as a student reads it: the registers that matter, field by
/// field, the host's state for KVM, the memory words and RAM, the question.
pub fn describe(ex: &Exercise) -> String {
    let s = &ex.scenario;
    let c = &s.cpu;
    let mut o = String::new();
    let _ = writeln!(o, "{}", s.title);
    let regs: [(&str, u64, &[FieldInfo]); 8] = [
        ("TCR_EL1", c.tcr_el1, TcrEl1::FIELDS),
        ("TTBR0_EL1", c.ttbr0_el1, Ttbr::FIELDS),
        ("TTBR1_EL1", c.ttbr1_el1, Ttbr::FIELDS),
        ("MAIR_EL1", c.mair_el1, MairEl1::FIELDS),
        ("SCTLR_EL1", c.sctlr_el1, SctlrEl1::FIELDS),
        ("HCR_EL2", c.hcr_el2, HcrEl2::FIELDS),
        ("VTCR_EL2", c.vtcr_el2, VtcrEl2::FIELDS),
        ("VTTBR_EL2", c.vttbr_el2, VttbrEl2::FIELDS),
    ];
    for (name, v, f) in regs {
        if v != 0 || name == "TCR_EL1" {
            let line = format!("  {name:<10} 0x{v:016x}  {}", fields(v, f));
            let _ = writeln!(o, "{}", line.trim_end());
        }
    }
    let _ = writeln!(o, "  PSTATE.PAN {}", u8::from(c.pstate_pan));
    if ex.kvm {
        let shadow = match &s.kvm.shadow_s2 {
            ShadowS2::All => "every page".to_owned(),
            ShadowS2::Pages(p) => {
                let pages: Vec<String> = p.iter().map(|a| format!("0x{a:x}")).collect();
                format!(
                    "only {}",
                    if pages.is_empty() {
                        "none".into()
                    } else {
                        pages.join(", ")
                    }
                )
            }
        };
        let _ = writeln!(
            o,
            "  KVM: shadow stage 2 maps {shadow}; shadow MMU found: {}",
            if s.kvm.s2_mmu { "yes" } else { "no" }
        );
    }
    let _ = writeln!(o, "  memory (address: descriptor; other words read as 0):");
    for (a, w) in &s.memory {
        let _ = writeln!(o, "    0x{a:010x}: 0x{w:016x}");
    }
    if let Some(ram) = &s.ram {
        for r in ram {
            let _ = writeln!(
                o,
                "  RAM: 0x{:x} to 0x{:x}",
                r.base,
                r.base.wrapping_add(r.size - 1)
            );
        }
    }
    let _ = writeln!(o, "Question: {}", ex.question);
    o
}

/// The answer in words, with the steps that decide it.
pub fn answer_text(ex: &Exercise) -> String {
    let a = &ex.answer;
    let mut o = String::new();
    let hw = match a.outcome {
        Outcome::Output { addr } => format!("the walk succeeds: output address 0x{addr:016x}"),
        Outcome::Fault {
            kind,
            level,
            stage2,
        } => format!(
            "a {}{}, level {level}",
            kind.name(),
            if stage2 {
                " at stage 2, on the stage 1 walk"
            } else {
                ""
            }
        ),
        Outcome::DataAbort { dfsc } => format!(
            "no PAR_EL1: a synchronous Data Abort, DFSC 0x{dfsc:02x} ({})",
            describe_fsc(dfsc)
        ),
        Outcome::Undefined => "the instruction is UNDEFINED on this CPU".to_owned(),
    };
    if ex.kvm {
        let _ = writeln!(
            o,
            "Answer: KVM's {} path, PAR_EL1 = 0x{:016x} (the hardware: {hw}).",
            a.path.name(),
            a.kvm_par
        );
        let _ = writeln!(o, "Decided by: {}", sentence(a, a.path_step));
        let _ = writeln!(o, "Written by: {}", sentence(a, a.par_step));
    } else {
        let par = match a.result.hw {
            atwalk_core::at::AtOutcome::Par { par } => format!(" (PAR_EL1 = {par})"),
            _ => String::new(),
        };
        let _ = writeln!(o, "Answer: {hw}{par}.");
        let _ = writeln!(o, "Decided by: {}", sentence(a, a.outcome_step));
    }
    o
}
