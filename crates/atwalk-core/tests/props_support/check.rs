//! The checks of one evaluated scenario against its trace, and the run of a
//! scenario with and without the trace.

use super::*;

/// Descriptor reads in a trace, stage 2 ones included.
pub fn count_reads(steps: &[Step]) -> usize {
    steps
        .iter()
        .map(|s| match &s.kind {
            StepKind::Read { .. } | StepKind::ReadAbort { .. } => 1,
            StepKind::Stage2 { steps, .. } => count_reads(steps),
            _ => 0,
        })
        .sum()
}

/// Every step's level, stage 2 ones included.
pub fn levels(steps: &[Step], out: &mut Vec<i8>) {
    for s in steps {
        out.extend(s.level);
        if let StepKind::Stage2 { steps, .. } = &s.kind {
            levels(steps, out);
        }
    }
}

/// Checks one evaluated scenario against its trace; `Err` says what broke.
pub fn check(s: &Scenario, ev: &Evaluation) -> Result<(), String> {
    let cpu = s.cpu_model();
    let hcr = s.cpu.hcr_el2;
    let stage2_on = hcr & 1 != 0 || hcr & (1 << 12) != 0;
    let ds = s.cpu.tcr_el1 & (1 << 59) != 0 || s.cpu.vtcr_el2 & (1 << 32) != 0;
    if ev.results.len() != s.queries.len() {
        return Err("one result per query".into());
    }
    for (i, r) in ev.results.iter().enumerate() {
        let t = &r.trace;
        let ctx = |what: &str| format!("query {i} ({} {:#018x}): {what}", r.op.name(), r.va);
        // A walk reads at most five stage 1 descriptors (levels -1 to 3),
        // each after a stage 2 walk of at most five more.
        let reads = count_reads(t);
        if reads > 30 || t.len() > 80 {
            return Err(ctx(&format!("{reads} reads, {} steps", t.len())));
        }
        let mut lv = Vec::new();
        levels(t, &mut lv);
        if let Some(l) = lv.iter().find(|l| !(-1..=3).contains(*l)) {
            return Err(ctx(&format!("a step at level {l}")));
        }
        if lv.contains(&-1) && !ds {
            return Err(ctx("level -1 without DS"));
        }
        let has_s2 = t.iter().any(|s| matches!(s.kind, StepKind::Stage2 { .. }));
        if has_s2 && !stage2_on {
            return Err(ctx("Stage2 step with HCR_EL2.VM = DC = 0"));
        }
        if t.iter().any(|s| {
            s.stage == Stage::S2
                && !matches!(
                    s.kind,
                    StepKind::Stage2 { .. } | StepKind::Fault { .. } | StepKind::Abort { .. }
                )
        }) {
            return Err(ctx("a stage 2 step outside a Stage2 step"));
        }
        for step in t {
            if let StepKind::Fault { fault } = step.kind
                && !(-1..=3).contains(&fault.level)
            {
                return Err(ctx(&format!("fault at level {}", fault.level)));
            }
        }
        match r.hw {
            AtOutcome::Undefined { feature } => {
                if r.op.needs() != Some(feature) || cpu.has(feature) {
                    return Err(ctx(&format!("UNDEFINED for {feature:?}")));
                }
                if t.len() != 2 {
                    return Err(ctx("UNDEFINED after a walk"));
                }
            }
            AtOutcome::Abort { dfsc, .. } => {
                let n = t.len();
                let (Some(StepKind::Fault { fault }), Some(StepKind::Abort { dfsc: d })) = (
                    t.get(n.wrapping_sub(2)).map(|s| &s.kind),
                    t.last().map(|s| &s.kind),
                ) else {
                    return Err(ctx("an abort not ending Fault, Abort"));
                };
                if fault.kind != FaultKind::SyncExternalOnWalk || fault.fsc() != dfsc || *d != dfsc
                {
                    return Err(ctx(&format!("abort {dfsc:#x} for {fault}")));
                }
                if s.ram.is_none() {
                    return Err(ctx("an external abort with all memory present"));
                }
            }
            AtOutcome::Par { par: ParEl1(par) } => {
                if par & (1 << 11) == 0 {
                    return Err(ctx(&format!("PAR {par:#x} without RES1 bit 11")));
                }
                let n = t.len();
                let Some(StepKind::Par { par: last }) = t.last().map(|s| &s.kind) else {
                    return Err(ctx("a PAR without a final Par step"));
                };
                if last.0 != par {
                    return Err(ctx(&format!("Par step {last} but hw PAR {par:#x}")));
                }
                let before = t.get(n.wrapping_sub(2)).map(|s| &s.kind);
                let faulted = matches!(before, Some(StepKind::Fault { .. }));
                if (par & 1 != 0) != faulted {
                    return Err(ctx(&format!("PAR {par:#x} after {before:?}")));
                }
                if let Some(StepKind::Fault { fault }) = before {
                    let fst = (par >> 1) & 0x3f;
                    let s_bit = par >> 9 & 1 == 1;
                    let ptw = par >> 8 & 1 == 1;
                    if fst != u64::from(fault.fsc())
                        || s_bit != (fault.stage == Stage::S2)
                        || ptw != fault.s1ptw
                        || fault.kind == FaultKind::SyncExternalOnWalk
                    {
                        return Err(ctx(&format!("PAR {par:#x} for {fault}")));
                    }
                    if fault.stage == Stage::S2 && !stage2_on {
                        return Err(ctx("a stage 2 fault with stage 2 off"));
                    }
                } else {
                    let pa = par & mask(51, 12);
                    if pa >> cpu.pa_bits != 0 {
                        return Err(ctx(&format!("PA {pa:#x} beyond {} bits", cpu.pa_bits)));
                    }
                    let leaf = t.iter().find_map(|s| match s.kind {
                        StepKind::Leaf { size_bits, oa, .. } if s.stage == Stage::S1 => {
                            Some((size_bits, oa.0))
                        }
                        _ => None,
                    });
                    let (size_bits, oa) = leaf.unwrap_or((64, r.va & mask(55, 0)));
                    if oa & mask(51, 12) != pa {
                        return Err(ctx(&format!("leaf OA {oa:#x} but PAR {par:#x}")));
                    }
                    if size_bits > 12 && (pa ^ r.va) & mask(size_bits.min(52) - 1, 12) != 0 {
                        return Err(ctx(&format!(
                            "PA {pa:#x} does not keep the VA's low {size_bits} bits"
                        )));
                    }
                    if (oa ^ r.va) & mask(11, 0) != 0 {
                        return Err(ctx(&format!("OA {oa:#x} lost the page offset")));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Evaluates `s` with and without the trace and checks both.
pub fn run(s: &Scenario) -> Result<(), TestCaseError> {
    let traced = evaluate(s, &TRACE);
    check(s, &traced).map_err(|e| TestCaseError::fail(format!("{e}\n{}", s.to_json())))?;
    let bare = evaluate(s, &NO_TRACE);
    for (a, b) in traced.results.iter().zip(&bare.results) {
        prop_assert!(b.trace.is_empty());
        prop_assert_eq!(
            (a.par, a.path, a.hw),
            (b.par, b.path, b.hw),
            "{}",
            s.to_json()
        );
    }
    Ok(())
}
