//! Table rows (a machine, an op, a VA and the expected outcome) and the
//! checker that runs them and compares the PAR, the Fault step and the
//! deciding rule.

use std::collections::BTreeSet;

use super::*;

/// The expected hardware outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    /// PAR_EL1.
    Par(u64),
    /// A synchronous Data Abort with this DFSC.
    Abort(u8),
    /// UNDEFINED for lack of this feature.
    Undef(Feature),
}

/// One table row.
#[derive(Clone, Debug)]
pub struct Row {
    /// What it pins.
    pub name: &'static str,
    /// The machine.
    pub setup: Setup,
    /// The op.
    pub op: AtOp,
    /// The VA.
    pub va: u64,
    /// The outcome.
    pub want: Want,
    /// The rule of the step that decides a fault (the first failing step,
    /// inside a Stage2 step for a stage 2 fault); None: not checked.
    pub rule: Option<Rule>,
}

/// A row.
pub fn row(name: &'static str, setup: Setup, op: AtOp, va: u64, want: Want) -> Row {
    Row {
        name,
        setup,
        op,
        va,
        want,
        rule: None,
    }
}

impl Row {
    /// With the deciding rule.
    pub fn rule(mut self, r: Rule) -> Row {
        self.rule = Some(r);
        self
    }
}

/// The first failing step, descending into a failing Stage2 step.
pub fn first_failing(steps: &[Step]) -> Option<&Step> {
    let s = steps.iter().find(|s| !s.ok)?;
    if let StepKind::Stage2 { steps: inner, .. } = &s.kind
        && let Some(i) = first_failing(inner)
    {
        return Some(i);
    }
    Some(s)
}

/// The Fault step of a trace.
pub fn fault_step(steps: &[Step]) -> Option<Fault> {
    steps.iter().find_map(|s| match &s.kind {
        StepKind::Fault { fault } => Some(*fault),
        _ => None,
    })
}

/// Decodes a fault PAR's FST into (kind, level), by the EncodeLDFSC() table.
pub fn decode_fst(fst: u8) -> (FaultKind, i8) {
    match fst {
        0b10_1001 => (FaultKind::AddressSize, -1),
        0b10_1011 => (FaultKind::Translation, -1),
        0b01_0011 => (FaultKind::SyncExternalOnWalk, -1),
        0b00_0000..=0b00_0011 => (FaultKind::AddressSize, (fst & 3) as i8),
        0b00_0100..=0b00_0111 => (FaultKind::Translation, (fst & 3) as i8),
        0b00_1000..=0b00_1011 => (FaultKind::AccessFlag, (fst & 3) as i8),
        0b00_1100..=0b00_1111 => (FaultKind::Permission, (fst & 3) as i8),
        0b01_0100..=0b01_0111 => (FaultKind::SyncExternalOnWalk, (fst & 3) as i8),
        _ => panic!("unexpected FST 0b{fst:06b}"),
    }
}

/// Checks one row; returns a description of every mismatch.
pub fn check_row(r: &Row) -> Vec<String> {
    let got = r.setup.run(r.op, r.va);
    let mut errs = Vec::new();
    let met = match (r.want, &got.hw) {
        (Want::Par(p), AtOutcome::Par { par }) => par.0 == p,
        (Want::Abort(d), AtOutcome::Abort { dfsc, .. }) => *dfsc == d,
        (Want::Undef(f), AtOutcome::Undefined { feature }) => *feature == f,
        _ => false,
    };
    if !met {
        let want = match r.want {
            Want::Par(p) => format!("Par(0x{p:016x})"),
            w => format!("{w:?}"),
        };
        errs.push(format!(
            "{}: {} va=0x{:016x}: want {want}, got {}",
            r.name,
            r.op.name(),
            r.va,
            got.hw.describe()
        ));
        return errs;
    }
    // The Fault step agrees with the PAR (or the abort).
    let f = fault_step(&got.trace);
    match r.want {
        Want::Par(p) if p & 1 == 1 => {
            let (kind, level) = decode_fst(((p >> 1) & 0x3f) as u8);
            let stage = if p & (1 << 9) != 0 {
                Stage::S2
            } else {
                Stage::S1
            };
            let ptw = p & (1 << 8) != 0;
            match f {
                Some(f)
                    if f.kind == kind && f.level == level && f.stage == stage && f.s1ptw == ptw => {
                }
                other => errs.push(format!(
                    "{}: Fault step {other:?}, want {kind:?} level {level} {stage:?} ptw={ptw}",
                    r.name
                )),
            }
        }
        Want::Par(_) | Want::Undef(_) => {
            if f.is_some() {
                errs.push(format!("{}: unexpected Fault step {f:?}", r.name));
            }
        }
        Want::Abort(d) => match f {
            Some(f) if f.kind == FaultKind::SyncExternalOnWalk && f.fsc() == d => {}
            other => errs.push(format!("{}: abort with Fault step {other:?}", r.name)),
        },
    }
    if let Some(rule) = r.rule {
        match first_failing(&got.trace) {
            Some(s) if s.rule == rule => {}
            other => errs.push(format!(
                "{}: deciding rule {:?}, want {rule:?}",
                r.name,
                other.map(|s| s.rule)
            )),
        }
    }
    errs
}

/// Checks every row, then fails listing every mismatch.
pub fn check_rows(rows: &[Row]) {
    let mut names = BTreeSet::new();
    for r in rows {
        assert!(names.insert(r.name), "duplicate row name {}", r.name);
    }
    let errs: Vec<String> = rows.iter().flat_map(check_row).collect();
    assert!(
        errs.is_empty(),
        "{} of {} rows failed:\n{}",
        errs.len(),
        rows.len(),
        errs.join("\n")
    );
}

/// A row name built at run time (rows hold `&'static str` names).
pub fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}
