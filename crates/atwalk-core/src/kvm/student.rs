//! KVM's emulation in a student's words: each branch of the flowchart as a question with its two
//! answers, each step of KVM's trace as a sentence with no C names, and the fast path's shadow
//! stage 2 miss explained. The C functions, lines and conditions stay in [`super::flow`] and
//! [`KvmStep::sentence`], for the expert fold.

use crate::at::AtOutcome;
use crate::kvm::{FastPathPan, KvmLogic, KvmStep, Phase, ShadowS2, shadow_page};
use crate::trace::{Step, StepKind};

/// A branch of KVM's code in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeWords {
    /// The question the branch asks; "yes" is the C condition being true.
    pub question: &'static str,
    /// What happens when the answer is yes.
    pub yes: &'static str,
    /// What happens when the answer is no.
    pub no: &'static str,
    /// A few words for an arrow that leads to this branch.
    pub short: &'static str,
}

const fn w(
    question: &'static str,
    yes: &'static str,
    no: &'static str,
    short: &'static str,
) -> NodeWords {
    NodeWords {
        question,
        yes,
        no,
        short,
    }
}

/// The words of the branch with flowchart node `id`, if this file knows it.
pub fn node_words(id: &str) -> Option<NodeWords> {
    Some(match id {
        "UNDEFINED" => w(
            "Does this CPU have this AT instruction?",
            "KVM emulates it",
            "the instruction is UNDEFINED: no result",
            "AT exists?",
        ),
        "FAST_E2H_TGE" => w(
            "Is the guest hypervisor in its host mode (HCR_EL2.E2H and TGE set)?",
            "the CPU runs the AT in that mode",
            "look for KVM's shadow stage 2 of this guest",
            "host mode?",
        ),
        "FAST_NO_MMU" | "V1_NO_MMU" => w(
            "Does KVM have no shadow stage 2 for the guest's stage 2 tables?",
            "the CPU cannot run the AT: KVM must walk the tables itself",
            "KVM loads the nested guest's registers and its shadow stage 2",
            "shadow stage 2?",
        ),
        "FAST_P_OP" => w(
            "Is it a PAN-aware op (S1E1RP or S1E1WP)?",
            "the CPU runs it with the PAN setting KVM gives it",
            "the CPU runs the AT as it is",
            "PAN-aware op?",
        ),
        "FAST_NOT_FAIL" => w(
            "Did the CPU's AT complete (no exception)?",
            "KVM reads the CPU's PAR_EL1",
            "KVM takes PAR.F = 1, a failure",
            "AT completed?",
        ),
        "MERGED_PAR_F" => w(
            "Did the CPU's translation fail (PAR.F = 1)?",
            "find out why",
            "done: KVM gives the CPU's answer",
            "failed?",
        ),
        "MERGED_NOT_PERM" => w(
            "Was it anything but a stage 1 permission fault?",
            "check for an access flag fault",
            "done: a stage 1 permission fault is a complete answer",
            "permission fault?",
        ),
        "MERGED_NOT_AF" => w(
            "Was it anything but a stage 1 access flag fault?",
            "KVM walks the guest's tables itself (the slow path)",
            "done: the CPU's answer stands",
            "access flag fault?",
        ),
        "SLOW_AS_EL0" => w(
            "Is it an EL0 (user) op?",
            "check what EL0 may do",
            "check what EL1 may do",
            "EL0 op?",
        ),
        "SLOW_PAN" => w(
            "Does PAN apply (a PAN-aware op with PSTATE.PAN set)?",
            "PAN takes EL1's access to user pages away",
            "PAN plays no part",
            "PAN applies?",
        ),
        "SLOW_SETUP_FAILED" => w(
            "Did a check before the walk fault (TCR_EL1, the VA's range)?",
            "report that fault",
            "go on",
            "checks before the walk",
        ),
        "SLOW_MMU_DISABLED" => w(
            "Is stage 1 off?",
            "the result is the VA itself",
            "walk the tables",
            "stage 1 off?",
        ),
        "SLOW_WALK_FAILED" => w(
            "Did the walk fault?",
            "report the fault",
            "check the permissions",
            "walk faulted?",
        ),
        "SLOW_PERM_FAIL" => w(
            "Do the permissions forbid the access?",
            "report a permission fault",
            "build PAR_EL1 from the leaf",
            "permissions",
        ),
        "V1_OP_KNOWN" => w(
            "Is it an op the first version knows?",
            "the CPU runs it, without PAN (S1E1RP as S1E1R, S1E1A as is)",
            "treat it as a failure",
            "op known?",
        ),
        "V1_AT_FAILED" | "V1_CHECK_FAILED" => w(
            "Did the CPU's AT take an exception?",
            "PAR.F = 1, a failure",
            "read the CPU's PAR_EL1",
            "exception?",
        ),
        "V1_RETRY_SLOW_SET" => w(
            "Did the CPU's AT complete?",
            "mark the query for a software walk",
            "no software walk",
            "mark for a walk",
        ),
        "V1_PAR_F" => w(
            "Did the CPU's translation fail (PAR.F = 1)?",
            "skip the PAN check",
            "check PSTATE.PAN",
            "failed?",
        ),
        "V1_NO_PAN" => w(
            "Is PSTATE.PAN clear?",
            "skip the PAN check, but the query stays marked for a software walk: a walk for nothing",
            "look at the op",
            "PAN clear?",
        ),
        "V1_P_OP" => w(
            "Is it a PAN-aware op (S1E1RP or S1E1WP)?",
            "test what EL0 may do with the page",
            "skip the PAN check",
            "PAN-aware op?",
        ),
        "V1_CHECK_AT_PAN_S1E0R" => w(
            "Did the EL0 read test fault?",
            "test an EL0 write",
            "use the read test",
            "EL0 read test",
        ),
        "V1_EL0_PAR_F" => w(
            "Can EL0 neither read nor write the page?",
            "check the fault's type",
            "EL0 may access it, so PAN must fail the op: walk in software",
            "EL0 shut out?",
        ),
        "V1_NOT_PERM" => w(
            "Was EL0's fault something other than a permission fault?",
            "walk in software",
            "PAN does not apply: keep the EL1 result",
            "EL0 permission fault?",
        ),
        "V1_PAR_NOT_UPDATED" => w(
            "Is the guest's PAR_EL1 left as the CPU's first AT wrote it?",
            "yes: it still says the translation succeeded, until the software walk writes it",
            "",
            "PAR_EL1 not updated",
        ),
        "V1_RETRY_SLOW" => w(
            "Is the query marked for a software walk?",
            "KVM walks the guest's tables itself (the slow path)",
            "done: the CPU's answer stands",
            "software walk?",
        ),
        _ => return None,
    })
}

fn phase_words(p: Phase) -> &'static str {
    match p {
        Phase::SetupS1Walk => "the checks before the walk",
        Phase::WalkS1 => "the table walk",
        Phase::ComputeS1Permissions => "the permissions",
        Phase::ComputeParS1 => "PAR_EL1 from the leaf",
    }
}

impl KvmStep {
    /// The step in words a student reads, without C names (those are in [`KvmStep::sentence`]).
    pub fn student(&self) -> String {
        match self {
            KvmStep::Decision {
                id,
                cond,
                value,
                next,
                ..
            } => match node_words(id) {
                Some(n) => format!(
                    "{} {}: {}.",
                    n.question,
                    if *value { "Yes" } else { "No" },
                    if *value { n.yes } else { n.no }
                ),
                None => format!("KVM tests {cond}: {value}, so {next}."),
            },
            KvmStep::FastWalk {
                op, pstate_pan, hw, ..
            } => {
                let what = match hw {
                    AtOutcome::Par { par } if par.is_fault() => format!("PAR_EL1 = {par}, a failure"),
                    AtOutcome::Par { par } => format!("PAR_EL1 = {par}"),
                    AtOutcome::Abort { .. } | AtOutcome::Undefined { .. } => {
                        "the AT takes an exception, which KVM counts as a failure".to_string()
                    }
                };
                let pan = if op.access().pan {
                    format!(" with PSTATE.PAN = {}", u8::from(*pstate_pan))
                } else {
                    String::new()
                };
                format!(
                    "The real CPU runs AT {}{pan} itself, its table walk going through KVM's shadow stage 2: {what}.",
                    op.name()
                )
            }
            KvmStep::SlowWalk { phase, steps } => format!(
                "KVM walks the guest's tables in software: {} ({} step{}).",
                phase_words(*phase),
                steps.len(),
                if steps.len() == 1 { "" } else { "s" }
            ),
            KvmStep::WritePar { par, .. } => {
                format!("KVM writes the guest hypervisor's PAR_EL1 = {par}.")
            }
            KvmStep::Model {
                fast_path_pan,
                guest_pan,
                hw_pan,
            } => match (fast_path_pan, guest_pan) {
                (FastPathPan::AsMerged, true) => "KVM's fast path runs the AT with PAN cleared, so the hardware never sees PSTATE.PAN = 1: a Linux bug (the code tests the wrong bit of PSTATE).".to_string(),
                (FastPathPan::AsMerged, false) => "KVM's fast path runs the AT with PAN cleared; the guest's PSTATE.PAN is 0 too, so nothing is lost here.".to_string(),
                (FastPathPan::Intended, _) => format!(
                    "KVM's fast path runs the AT with the guest's PSTATE.PAN = {}, as the patches intend (Linux at the modelled commit clears it).",
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
                    KvmLogic::Merged => "Linux's logic",
                    KvmLogic::V1 => "the first version's logic",
                };
                let p = path.name();
                format!(
                    "{l} gives {} PAR_EL1, {par}, on its {p} path with {slow_walks} software walk{}.",
                    if *differs { "a different" } else { "the same" },
                    if *slow_walks == 1 { "" } else { "s" }
                )
            }
        }
    }
}

/// For a step of the fast path's walk: when it is a stage 2 fault because KVM's shadow stage 2
/// has no page for a table's IPA, that in words.
pub fn shadow_miss(shadow: &ShadowS2, step: &Step) -> Option<String> {
    let StepKind::Stage2 { ipa, pa: None, .. } = &step.kind else {
        return None;
    };
    let ShadowS2::Pages(pages) = shadow else {
        return None;
    };
    let page = shadow_page(ipa.0);
    (!pages.contains(&page)).then(|| format!(
        "KVM's shadow stage 2 has no page for 0x{page:x}, where this table entry ({ipa}) is: the real CPU's walk stops with a stage 2 fault. KVM's shadow stage 2 is its own copy of the guest hypervisor's stage 2, filled in page by page as the guest touches memory; a page the guest has not touched yet is missing, so the fast path fails and KVM must walk the tables itself."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kvm::flow;

    #[test]
    fn every_branch_has_words() {
        for logic in [KvmLogic::Merged, KvmLogic::V1] {
            for n in flow::flow(logic) {
                assert!(node_words(n.id).is_some(), "{}", n.id);
            }
        }
    }
}
