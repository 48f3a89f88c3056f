//! The check of each known QEMU difference ([`Reason`]) for one disagreeing
//! query: the reason applies and the core's answer is the architectural one
//! it requires; and the classification of a disagreement by the first
//! reason whose check passes.

use super::*;

/// All steps, stage-2 walks included, in order.
pub fn flat(steps: &[Step]) -> Vec<&Step> {
    let mut out = Vec::new();
    for s in steps {
        out.push(s);
        if let StepKind::Stage2 { steps: inner, .. } = &s.kind {
            out.extend(flat(inner));
        }
    }
    out
}

/// The fault the core reports, from its trace.
pub fn trace_fault(steps: &[Step]) -> Option<atwalk_core::fault::Fault> {
    flat(steps).into_iter().rev().find_map(|s| match &s.kind {
        StepKind::Fault { fault } => Some(*fault),
        _ => None,
    })
}

pub fn par_fields(p: u64) -> (u64, u8, bool, bool) {
    (
        p & 1,
        ((p >> 1) & 0x3f) as u8,
        p >> 9 & 1 != 0,
        p >> 8 & 1 != 0,
    )
}

/// Checks `reason` for one disagreeing query; Ok: the reason applies and the
/// core's answer is the architectural one it requires.
pub fn check_reason(
    reason: Reason,
    s: &Scenario,
    r: &QueryResult,
    qemu: Outcome,
) -> Result<(), String> {
    let core = core_outcome(r.hw);
    let hcr = s.cpu.hcr_el2;
    let (vm, ptw, dc) = (hcr & 1 != 0, hcr >> 2 & 1 != 0, hcr >> 12 & 1 != 0);
    let steps = flat(&r.trace);
    match reason {
        Reason::PtwWithStage2Off => {
            let Outcome::Par(q) = qemu else {
                return Err("QEMU did not report a PAR".into());
            };
            if !(ptw && !vm && !dc) {
                return Err("needs HCR_EL2.PTW=1 with VM=DC=0".into());
            }
            if par_fields(q) != (1, 0x0c, true, true) {
                return Err(
                    "QEMU's PAR is not a stage-2 permission fault at level 0 on the walk".into(),
                );
            }
            let mut twin = s.clone();
            twin.cpu.hcr_el2 &= !(1 << 2);
            let ev = evaluate(
                &twin,
                &EvalOptions {
                    trace: false,
                    ..Default::default()
                },
            );
            let t = ev
                .results
                .iter()
                .find(|x| x.op == r.op && x.va == r.va)
                .map(|x| x.hw);
            if t != Some(r.hw) {
                return Err(format!(
                    "the core's answer changes with HCR_EL2.PTW cleared: {:?} vs {:?}",
                    r.hw, t
                ));
            }
            if let Outcome::Par(c) = core
                && c & 1 != 0
                && c >> 9 & 1 != 0
            {
                return Err("the core reports a stage-2 fault with stage 2 disabled".into());
            }
            Ok(())
        }
        Reason::PtwDeviceLevel => {
            let (Outcome::Par(q), Outcome::Par(c)) = (qemu, core) else {
                return Err("not two PARs".into());
            };
            if !(ptw && (vm || dc)) {
                return Err("needs HCR_EL2.PTW=1 with stage 2 enabled".into());
            }
            if par_fields(q) != (1, 0x0c, true, true) {
                return Err(
                    "QEMU's PAR is not a stage-2 permission fault at level 0 on the walk".into(),
                );
            }
            let dev = steps.iter().find(|st| {
                !st.ok
                    && st.stage == Stage::S2
                    && matches!(st.kind, StepKind::S2Perms { ptw: true, mem_attr, .. } if mem_attr & 0b1100 == 0)
            });
            let Some(dev) = dev else {
                return Err(
                    "the core's trace has no failing stage-2 PTW check on Device memory".into(),
                );
            };
            let level = dev.level.ok_or("no level on the stage-2 permission step")?;
            let want = (q & !(0x3f << 1)) | ((0x0c | level as u64) << 1);
            if c & FAULT_FIELDS != want & FAULT_FIELDS {
                return Err(format!(
                    "the core's PAR is not QEMU's with the level set to {level}"
                ));
            }
            Ok(())
        }
        Reason::HighOaBitsDropped => {
            let fault = trace_fault(&r.trace).ok_or("the core reports no fault")?;
            if fault.kind != FaultKind::AddressSize {
                return Err("the core's fault is not an address size fault".into());
            }
            // the failing address-size step, and the walk parameters of its stage
            let bad = steps
                .iter()
                .find(|st| !st.ok && matches!(st.kind, StepKind::AddressSize { .. }))
                .ok_or("no failing address-size step")?;
            let StepKind::AddressSize {
                what,
                addr,
                oa_bits,
            } = bad.kind
            else {
                unreachable!()
            };
            let params = steps.iter().rev().find_map(|st| match st.kind {
                StepKind::WalkParams { granule, ds, .. } if st.stage == bad.stage => {
                    Some((granule, ds))
                }
                _ => None,
            });
            let Some((granule, ds)) = params else {
                return Err("no walk parameters".into());
            };
            let a = addr.0;
            // The bits QEMU drops: a TTBR's [5:2] (BADDR[51:48]) with DS; a
            // descriptor's [15:12] (OA[51:48]) with 64KB, or [9:8]
            // (OA[51:50]) with DS. QEMU does check OA[49:48] with DS.
            let dropped_from = match (what, granule, ds) {
                (AddrWhat::Ttbr, _, true) => 48,
                (AddrWhat::Ttbr, _, false) => {
                    return Err("a 64KB TTBR holds BADDR[51:48] only with IPS 0b110".into());
                }
                (_, Granule::K64, _) => 48,
                (_, _, true) => 50,
                _ => return Err("neither the 64KB granule nor DS".into()),
            };
            // What QEMU checks: the address without the dropped bits; for an
            // output address, the leaf's base (QEMU checks no final address,
            // see BlockFinalOa, which may add to this difference).
            let checked = if what == AddrWhat::Output {
                let bad_at = steps.iter().position(|st| std::ptr::eq(*st, *bad)).unwrap();
                steps[..bad_at]
                    .iter()
                    .rev()
                    .find_map(|st| match st.kind {
                        StepKind::Leaf { base, .. } if st.stage == bad.stage => Some(base.0),
                        _ => None,
                    })
                    .ok_or("no leaf step")?
            } else {
                a
            };
            if oa_bits >= 52
                || a >> dropped_from == 0
                || (checked & ((1 << dropped_from) - 1)) >> oa_bits != 0
            {
                return Err(format!(
                    "address 0x{a:x} is not out of range by bits [51:{dropped_from}] only"
                ));
            }
            if fault.stage != bad.stage {
                return Err("fault stage differs from the failing step's".into());
            }
            Ok(())
        }
        Reason::BlockFinalOa => {
            let fault = trace_fault(&r.trace).ok_or("the core reports no fault")?;
            if fault.kind != FaultKind::AddressSize {
                return Err("the core's fault is not an address size fault".into());
            }
            let bad = steps
                .iter()
                .position(|st| {
                    !st.ok
                        && matches!(
                            st.kind,
                            StepKind::AddressSize {
                                what: AddrWhat::Output,
                                ..
                            }
                        )
                })
                .ok_or("no failing output address-size step")?;
            let StepKind::AddressSize { oa_bits, .. } = steps[bad].kind else {
                unreachable!()
            };
            let leaf = steps[..bad].iter().rev().find_map(|st| match st.kind {
                StepKind::Leaf {
                    kind: DescKind::Block,
                    base,
                    oa,
                    ..
                } => Some((base.0, oa.0, st.level)),
                _ => None,
            });
            let Some((base, oa, level)) = leaf else {
                return Err("no block leaf step".into());
            };
            if base >> oa_bits != 0 || oa >> oa_bits == 0 {
                return Err("the leaf's base does not fit or its output address does".into());
            }
            if Some(fault.level) != level {
                return Err("the fault is not at the leaf's level".into());
            }
            if let Outcome::Par(q) = qemu
                && q & F == 0
                && (q & 0x000f_ffff_ffff_f000) != (oa & 0x000f_ffff_ffff_f000)
            {
                return Err("QEMU's PA is not the leaf's output address".into());
            }
            Ok(())
        }
        Reason::AtAfUpdateS2ReadOnly => {
            let Outcome::Par(q) = qemu else {
                return Err("QEMU did not report a PAR".into());
            };
            let (f, fst, s2, ptw_bit) = par_fields(q);
            if !(f == 1 && (0x0c..=0x0f).contains(&fst) && s2 && ptw_bit) {
                return Err("QEMU's PAR is not a stage-2 permission fault on the walk".into());
            }
            if s.cpu.tcr_el1 >> 39 & 1 == 0 || !(vm || dc) {
                return Err("needs TCR_EL1.HA = 1 and stage 2 enabled".into());
            }
            let af = steps.iter().position(|st| {
                st.stage == Stage::S1
                    && matches!(
                        st.kind,
                        StepKind::AccessFlag {
                            af: false,
                            ha: true
                        }
                    )
            });
            let Some(af) = af else {
                return Err("the core read no leaf with AF = 0 under HA".into());
            };
            // the stage-2 leaf the core used for the stage-1 leaf's page
            let s2leaf = steps[..af].iter().rev().find_map(|st| match st.kind {
                StepKind::Read {
                    raw,
                    kind: DescKind::Page | DescKind::Block,
                    ..
                } if st.stage == Stage::S2 => Some(raw.0),
                _ => None,
            });
            let Some(d) = s2leaf else {
                return Err("no stage-2 leaf read before the stage-1 leaf".into());
            };
            let vtcr = s.cpu.vtcr_el2;
            let hd = vtcr >> 21 & 1 != 0 && vtcr >> 22 & 1 != 0;
            if d >> 7 & 1 != 0 || (d >> 51 & 1 != 0 && hd) {
                return Err("the stage-2 mapping of the descriptor grants write".into());
            }
            if trace_fault(&r.trace).is_some_and(|f| f.kind == FaultKind::AccessFlag) {
                return Err("the core reports an access flag fault under HA".into());
            }
            Ok(())
        }
        Reason::BlockRes0BitsChecked => {
            let Outcome::Par(q) = qemu else {
                return Err("QEMU did not report a PAR".into());
            };
            let (f, fst, s2, _) = par_fields(q);
            if f != 1 || fst > 3 {
                return Err("QEMU's PAR is not an address size fault at levels 0 to 3".into());
            }
            let stage = if s2 { Stage::S2 } else { Stage::S1 };
            let level = fst as i8;
            // a block read at that stage and level, then its leaf step
            for (k, st) in steps.iter().enumerate() {
                let StepKind::Read {
                    raw,
                    kind: DescKind::Block,
                    ..
                } = st.kind
                else {
                    continue;
                };
                if st.stage != stage || st.level != Some(level) {
                    continue;
                }
                let leaf = steps[k + 1..].iter().find_map(|x| match x.kind {
                    StepKind::Leaf {
                        base, size_bits, ..
                    } if x.stage == stage => Some((base.0, size_bits)),
                    _ => None,
                });
                let oa_bits = steps[k + 1..].iter().find_map(|x| match x.kind {
                    StepKind::AddressSize {
                        what: AddrWhat::Output,
                        oa_bits,
                        ..
                    } if x.stage == stage => Some(oa_bits),
                    _ => None,
                });
                let (Some((base, size_bits)), Some(oa_bits)) = (leaf, oa_bits) else {
                    continue;
                };
                let params = steps[..k].iter().rev().find_map(|x| match x.kind {
                    StepKind::WalkParams { granule, .. } if x.stage == stage => Some(granule),
                    _ => None,
                });
                let lo = if params == Some(Granule::K64) { 17 } else { 12 };
                if size_bits <= lo || oa_bits >= 48 {
                    continue;
                }
                let res0 = raw.0 & (((1u64 << size_bits) - 1) & !((1u64 << lo) - 1) & !(1 << 16));
                if res0 >> oa_bits != 0 && base >> oa_bits == 0 {
                    return Ok(());
                }
            }
            Err("no block at QEMU's fault level with RES0 bits at or above the output size".into())
        }
        Reason::Ttbr52SmallTableAlign => {
            let upper = r.va >> 55 & 1 != 0;
            let tcr = s.cpu.tcr_el1;
            let ttbr = if upper {
                s.cpu.ttbr1_el1
            } else {
                s.cpu.ttbr0_el1
            };
            let vttbr = s.cpu.vttbr_el2;
            let mut applies = false;
            for st in &steps {
                let StepKind::WalkParams {
                    granule,
                    ps,
                    ds,
                    baddr,
                    ia_bits,
                    start_level,
                    ..
                } = st.kind
                else {
                    continue;
                };
                let g: i32 = match granule {
                    Granule::K4 => 12,
                    Granule::K16 => 14,
                    Granule::K64 => 16,
                };
                let lsb = (3 - start_level as i32) * (g - 3) + g;
                let table_bytes = 8u64 << (ia_bits as i32 - lsb).max(0);
                let reg = if st.stage == Stage::S1 { ttbr } else { vttbr };
                let wide = ds || (granule == Granule::K64 && ps == 6);
                if wide && table_bytes < 64 && reg >> 2 & 0xf != 0 {
                    if baddr.0 & 0x3f != 0 {
                        return Err("the core's base address is not 64-byte aligned".into());
                    }
                    applies = true;
                }
            }
            let _ = tcr;
            if applies {
                Ok(())
            } else {
                Err("no 52-bit TTBR with a start table under 64 bytes and bits [5:2] set".into())
            }
        }
    }
}

/// The first reason whose check passes.
pub fn classify(s: &Scenario, r: &QueryResult, qemu: Outcome) -> Option<Reason> {
    Reason::ALL
        .into_iter()
        .find(|&reason| check_reason(reason, s, r, qemu).is_ok())
}
