//! Conformance: the walker core against real AT instructions.
//!
//! `tests/conformance/vectors-*.jsonl` hold at-scenario/1 scenarios (one per
//! line) whose queries carry `expect.hw_par`: the PAR_EL1 (or the Data
//! Abort) that `qemu-system-aarch64` 10.0.2 `-cpu max` gave for the same AT
//! instruction, recorded by `tools/conformance/run.py` (see
//! tools/conformance/README.md, which also says how to regenerate them).
//! This test needs no QEMU: it evaluates every scenario with the core and
//! compares the core's `hw` outcome with QEMU's on the architectural fields:
//!
//! - on a fault (PAR.F = 1): F, FST, S, PTW;
//! - on success (PAR.F = 0): F, PA (bits [51:12]), ATTR, SH;
//! - on a Data Abort: the DFSC.
//!
//! The other PAR bits are IMPLEMENTATION DEFINED, UNKNOWN or reserved; the
//! test counts how often they differ and prints it, but does not fail on
//! them (the README says which bits and why).
//!
//! Where QEMU is wrong, the vector is listed in `<vectors>.known` with the
//! reason, and the test checks that the core gives the architectural answer
//! for that reason instead (see [`Reason`]). The list is exact: a listed
//! vector that agrees again, a disagreement that is not listed, or a listed
//! one whose reason no longer fits, all fail. With
//! `ATWALK_CONFORMANCE_WRITE_KNOWN=1` the test rewrites the `.known` files
//! from what it finds (and still fails on anything unexplained).
//! `ATWALK_CONFORMANCE_VECTORS=a.jsonl:b.jsonl` checks other vector files
//! (for example a larger run made with run.py) instead of the committed ones.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use atwalk_core::at::AtOutcome;
use atwalk_core::descriptor::DescKind;
use atwalk_core::eval::{EvalOptions, QueryResult, evaluate};
use atwalk_core::fault::{FaultKind, Stage};
use atwalk_core::granule::Granule;
use atwalk_core::regs::ParEl1;
use atwalk_core::scenario::{HwExpect, Scenario};
use atwalk_core::trace::{AddrWhat, Step, StepKind};

/// PAR_EL1.F.
const F: u64 = 1;
/// The fields compared on a fault: F, FST [6:1], PTW [8], S [9].
const FAULT_FIELDS: u64 = 0x7f | (1 << 8) | (1 << 9);
/// The fields compared on success: F, SH [8:7], PA [51:12], ATTR [63:56].
const OK_FIELDS: u64 = 1 | (0x3 << 7) | (0xff_ffff_ffff << 12) | (0xff << 56);

/// What QEMU recorded, or what the core says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Par(u64),
    Abort(Option<u8>),
    Undefined,
}

fn qemu_outcome(e: HwExpect) -> Outcome {
    match e {
        HwExpect::Par(v) => Outcome::Par(v),
        HwExpect::Abort { dfsc } => Outcome::Abort(dfsc),
    }
}

fn core_outcome(hw: AtOutcome) -> Outcome {
    match hw {
        AtOutcome::Par { par: ParEl1(v) } => Outcome::Par(v),
        AtOutcome::Abort { dfsc, .. } => Outcome::Abort(Some(dfsc)),
        AtOutcome::Undefined { .. } => Outcome::Undefined,
    }
}

/// Whether QEMU's and the core's outcomes agree on the architectural fields.
fn agree(q: Outcome, c: Outcome) -> bool {
    match (q, c) {
        (Outcome::Par(a), Outcome::Par(b)) => {
            if a & F != b & F {
                return false;
            }
            let m = if a & F != 0 { FAULT_FIELDS } else { OK_FIELDS };
            a & m == b & m
        }
        (Outcome::Abort(a), Outcome::Abort(b)) => a.is_none() || a == b,
        _ => false,
    }
}

/// Fault status code names (ESR/PAR FST encodings for VMSAv8-64).
fn fst_name(fst: u8) -> String {
    let lv = fst & 3;
    match fst {
        0x29 => "address size fault L-1".into(),
        0x2b => "translation fault L-1".into(),
        0x13 => "external abort on walk L-1".into(),
        0x00..=0x03 => format!("address size fault L{lv}"),
        0x04..=0x07 => format!("translation fault L{lv}"),
        0x08..=0x0b => format!("access flag fault L{lv}"),
        0x0c..=0x0f => format!("permission fault L{lv}"),
        0x14..=0x17 => format!("external abort on walk L{lv}"),
        _ => format!("FST 0x{fst:02x}"),
    }
}

fn describe(o: Outcome) -> String {
    match o {
        Outcome::Par(p) if p & F != 0 => {
            let fst = ((p >> 1) & 0x3f) as u8;
            let stage = if p >> 9 & 1 != 0 {
                "stage 2"
            } else {
                "stage 1"
            };
            let ptw = if p >> 8 & 1 != 0 {
                ", on the stage-1 walk"
            } else {
                ""
            };
            format!("PAR 0x{p:016x}: {} ({stage}{ptw})", fst_name(fst))
        }
        Outcome::Par(p) => format!(
            "PAR 0x{p:016x}: PA 0x{:x} ATTR 0x{:02x} SH {:02b}",
            p & 0x000f_ffff_ffff_f000,
            p >> 56,
            (p >> 7) & 3
        ),
        Outcome::Abort(Some(d)) => format!("Data Abort, DFSC 0x{d:02x} ({})", fst_name(d)),
        Outcome::Abort(None) => "Data Abort".into(),
        Outcome::Undefined => "UNDEFINED".into(),
    }
}

// ---------------------------------------------------------------------------
// Known QEMU 10.0.2 differences, each with the check of the core's answer.

/// Why QEMU's answer is not the architectural one for a listed vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Reason {
    /// HCR_EL2.PTW = 1 with stage 2 disabled (VM = DC = 0): QEMU reports a
    /// stage-2 permission fault at level 0 on the first table read. The
    /// architecture ignores PTW then: AArch64.S2Translate returns at once
    /// when stage 2 is disabled (walkparams.vm == '0'). Check: the core's
    /// answer equals its answer with HCR_EL2.PTW cleared, and involves no
    /// stage-2 fault.
    PtwWithStage2Off,
    /// HCR_EL2.PTW = 1 and the stage-1 walk reads stage-2 Device memory:
    /// QEMU reports the stage-2 permission fault at level 0. The
    /// architecture reports the level of the stage-2 walk that found the
    /// Device mapping (AArch64.S2CheckPermissions in AArch64.S2Walk's
    /// level). Check: the core's PAR equals QEMU's except FST's level, which
    /// is the level of the core's failing stage-2 permission step on Device
    /// memory with PTW.
    PtwDeviceLevel,
    /// An address whose bits [51:48] come from the 52-bit formats (64KB
    /// granule with FEAT_LPA: descriptor bits [15:12]; TCR.DS = 1:
    /// descriptor bits [9:8] and TTBR bits [5:2]) with an output size below
    /// 52 bits: QEMU reads those bits only when the output size is 52 bits,
    /// and so walks on where the architecture gives an Address size fault
    /// (R_CVSBH; D8.3 descriptor formats; AArch64.NextTableBase,
    /// AArch64.S1LeafBase/S2LeafBase, AArch64.S1TTBaseAddress; TTBR0_EL1.BADDR).
    /// Check: the core reports an Address size fault at the stage and level
    /// of a failing address-size step whose address has bits only in
    /// [51:48] above the output size.
    HighOaBitsDropped,
    /// A block whose base fits the output size but whose final address
    /// (base plus the VA's offset in the block) does not: QEMU checks the
    /// descriptor's bits only; the architecture checks the final output
    /// address (AArch64.S1Walk: StageOA then S1OAOutOfRange, "Detect Address
    /// Size Fault by final output"), before AF and permissions. Check: the
    /// core reports an Address size fault at the leaf's level, the leaf's
    /// base fits the output size and its output address does not.
    BlockFinalOa,
    /// TCR_EL1.HA = 1, a leaf with AF = 0, and a stage-2 mapping of that
    /// descriptor's page without write permission: QEMU's AT sets the AF
    /// (AArch64.SetAccessFlag: IMPLEMENTATION DEFINED "AT updates AF"), the
    /// update's write is checked by stage 2 and QEMU reports that stage-2
    /// permission fault in PAR_EL1 (as AArch64.S1Translate's S2Translate of
    /// the descriptor update does). The core takes the other permitted
    /// choice: the AT does not update the AF and reports the translation as
    /// if AF were 1 (R_XQSMX: hardware is permitted, but not required, to
    /// update the AF). An IMPLEMENTATION DEFINED difference, not a bug of
    /// either. Check: the core read a leaf with AF = 0 under HA, QEMU's
    /// fault is a stage-2 permission fault on the walk, and the core's last
    /// stage-2 leaf before that read grants no write (S2AP[1] = 0, no
    /// DBM with VTCR_EL2.HD) and the core reports no access flag fault.
    AtAfUpdateS2ReadOnly,
    /// A block descriptor with RES0 bits set between the page size and the
    /// block size (e.g. bits [41:17] of a 64KB level-1 block), some of them
    /// at or above the output size: QEMU checks those bits against the
    /// output size and reports an Address size fault at the block's level;
    /// the architecture aligns them away (AArch64.S1LeafBase,
    /// AArch64.S2LeafBase: Align(descriptor<47:0>, 2^leafsize)) and checks
    /// only the resulting address. Check: QEMU's PAR is an address size fault
    /// at the stage and level of a block the core read whose RES0 bits below
    /// its size reach the output size, and the core found the block's base
    /// within the output size.
    BlockRes0BitsChecked,
    /// A TTBR in the 52-bit format (TCR_EL1.DS = 1, or the 64KB granule with
    /// IPS = 0b110; VTTBR_EL2 likewise) for a start table of fewer than
    /// eight entries: QEMU aligns the base only to the table's size, so
    /// TTBR bits [5:2], which hold BADDR[51:48], also stay in the address as
    /// bits [5:2]. The architecture aligns the base to 64 bytes at least
    /// (AArch64.S1TTBaseAddress/S2TTBaseAddress: tsize = Max(tsize, 6);
    /// TTBR0_EL1.BADDR: "the table must be aligned to 64 bytes"). Check: the
    /// TTBR is in the 52-bit format with bits [5:2] set, the start table is
    /// smaller than 64 bytes, and the core's base address is 64-byte aligned.
    Ttbr52SmallTableAlign,
}

impl Reason {
    const ALL: [Reason; 7] = [
        Reason::PtwWithStage2Off,
        Reason::PtwDeviceLevel,
        Reason::HighOaBitsDropped,
        Reason::BlockFinalOa,
        Reason::AtAfUpdateS2ReadOnly,
        Reason::BlockRes0BitsChecked,
        Reason::Ttbr52SmallTableAlign,
    ];

    fn id(self) -> &'static str {
        match self {
            Reason::PtwWithStage2Off => "qemu-ptw-with-stage2-off",
            Reason::PtwDeviceLevel => "qemu-ptw-device-level0",
            Reason::HighOaBitsDropped => "qemu-oa-bits-51-48-dropped",
            Reason::BlockFinalOa => "qemu-block-final-oa-unchecked",
            Reason::AtAfUpdateS2ReadOnly => "impdef-at-af-update-through-stage2",
            Reason::BlockRes0BitsChecked => "qemu-block-res0-bits-checked",
            Reason::Ttbr52SmallTableAlign => "qemu-ttbr52-small-table-alignment",
        }
    }

    fn from_id(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.id() == s)
    }
}

/// All steps, stage-2 walks included, in order.
fn flat(steps: &[Step]) -> Vec<&Step> {
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
fn trace_fault(steps: &[Step]) -> Option<atwalk_core::fault::Fault> {
    flat(steps).into_iter().rev().find_map(|s| match &s.kind {
        StepKind::Fault { fault } => Some(*fault),
        _ => None,
    })
}

fn par_fields(p: u64) -> (u64, u8, bool, bool) {
    (
        p & 1,
        ((p >> 1) & 0x3f) as u8,
        p >> 9 & 1 != 0,
        p >> 8 & 1 != 0,
    )
}

/// Checks `reason` for one disagreeing query; Ok: the reason applies and the
/// core's answer is the architectural one it requires.
fn check_reason(
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
fn classify(s: &Scenario, r: &QueryResult, qemu: Outcome) -> Option<Reason> {
    Reason::ALL
        .into_iter()
        .find(|&reason| check_reason(reason, s, r, qemu).is_ok())
}

// ---------------------------------------------------------------------------

fn vector_files() -> Vec<PathBuf> {
    if let Ok(list) = std::env::var("ATWALK_CONFORMANCE_VECTORS") {
        return list
            .split(':')
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .collect();
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "jsonl")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("vectors-"))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no tests/conformance/vectors-*.jsonl");
    files
}

fn known_path(vectors: &Path) -> PathBuf {
    vectors.with_extension("known")
}

/// `scenario query reason` lines; `#` starts a comment.
fn read_known(path: &Path) -> BTreeMap<(usize, usize), Reason> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap().trim();
        if line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        let bad = || {
            panic!(
                "{}:{}: expected `SCENARIO QUERY REASON`",
                path.display(),
                n + 1
            )
        };
        if f.len() != 3 {
            bad();
        }
        let (Ok(i), Ok(j), Some(r)) = (f[0].parse(), f[1].parse(), Reason::from_id(f[2])) else {
            bad()
        };
        out.insert((i, j), r);
    }
    out
}

fn write_known(path: &Path, vectors: &Path, found: &BTreeMap<(usize, usize), Reason>) {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "# Vectors of {} where QEMU 10.0.2 is not the architecture.\n\
         # SCENARIO (0-based line) QUERY (0-based) REASON; the reasons are\n\
         # explained in crates/atwalk-core/tests/conformance.rs and\n\
         # tools/conformance/README.md. Written by ATWALK_CONFORMANCE_WRITE_KNOWN=1.",
        vectors.file_name().unwrap().to_string_lossy()
    );
    for ((i, j), r) in found {
        let _ = writeln!(text, "{i} {j} {}", r.id());
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Counts of differences in the bits the comparison leaves out.
#[derive(Default)]
struct Ignored {
    ok_ns: usize,
    ok_bit10: usize,
    ok_bit11: usize,
    ok_res0: usize,
    fault_impdef: usize,
    fault_other: usize,
}

#[test]
fn core_agrees_with_qemu_on_every_golden_vector() {
    let write = std::env::var_os("ATWALK_CONFORMANCE_WRITE_KNOWN").is_some();
    // ATWALK_CONFORMANCE_ALL=1: list every unexplained disagreement, not the first 20.
    let shown = if std::env::var_os("ATWALK_CONFORMANCE_ALL").is_some() {
        usize::MAX
    } else {
        20
    };
    let mut failures: Vec<String> = Vec::new();
    let mut report = String::new();
    for path in vector_files() {
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let scenarios: Vec<Scenario> = text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                Scenario::from_json(l)
                    .unwrap_or_else(|e| panic!("{} line {}: {e}", path.display(), i + 1))
            })
            .collect();
        let listed = read_known(&known_path(&path));

        let opts = EvalOptions {
            trace: false,
            ..Default::default()
        };
        let t0 = Instant::now();
        let evals: Vec<_> = scenarios.iter().map(|s| evaluate(s, &opts)).collect();
        let secs = t0.elapsed().as_secs_f64();

        let mut queries = 0usize;
        let mut agreed = 0usize;
        let mut ign = Ignored::default();
        let mut found: BTreeMap<(usize, usize), Reason> = BTreeMap::new();
        let mut unexplained: Vec<String> = Vec::new();
        for (i, (s, ev)) in scenarios.iter().zip(&evals).enumerate() {
            for (j, (q, r)) in s.queries.iter().zip(&ev.results).enumerate() {
                let Some(exp) = q.expect.and_then(|e| e.hw_par) else {
                    continue;
                };
                queries += 1;
                let qemu = qemu_outcome(exp);
                let core = core_outcome(r.hw);
                if agree(qemu, core) {
                    agreed += 1;
                    if let (Outcome::Par(a), Outcome::Par(b)) = (qemu, core) {
                        let d = a ^ b;
                        if a & F == 0 {
                            ign.ok_ns += (d >> 9 & 1) as usize;
                            ign.ok_bit10 += (d >> 10 & 1) as usize;
                            ign.ok_bit11 += (d >> 11 & 1) as usize;
                            ign.ok_res0 += (d & (0xf << 52 | 0x3f << 1) != 0) as usize;
                        } else {
                            ign.fault_impdef += (d >> 48 != 0) as usize;
                            ign.fault_other += (d & !FAULT_FIELDS & ((1 << 48) - 1) != 0) as usize;
                        }
                    }
                    if let Some(reason) = listed.get(&(i, j)) {
                        failures.push(format!(
                            "{} scenario {i} query {j}: listed as {} but the core now agrees with QEMU; remove it from {}",
                            path.display(),
                            reason.id(),
                            known_path(&path).display()
                        ));
                    }
                    continue;
                }
                // A disagreement: which known QEMU difference explains it?
                let traced = evaluate(
                    s,
                    &EvalOptions {
                        trace: true,
                        ..Default::default()
                    },
                );
                let tr = &traced.results[j];
                let head = format!(
                    "{} scenario {i} (\"{}\") query {j}: AT {} 0x{:016x}\n      QEMU: {}\n      core: {}",
                    path.file_name().unwrap().to_string_lossy(),
                    s.title,
                    q.op.name(),
                    q.va,
                    describe(qemu),
                    describe(core)
                );
                match (listed.get(&(i, j)), classify(s, tr, qemu)) {
                    (Some(&want), _) if !write => match check_reason(want, s, tr, qemu) {
                        Ok(()) => {
                            found.insert((i, j), want);
                        }
                        Err(why) => {
                            failures
                                .push(format!("{head}\n      listed as {} but: {why}", want.id()));
                        }
                    },
                    (_, Some(reason)) => {
                        found.insert((i, j), reason);
                        if !write {
                            failures.push(format!(
                                "{head}\n      not listed in {}; it fits the known QEMU difference {}",
                                known_path(&path).display(),
                                reason.id()
                            ));
                        }
                    }
                    (_, None) => unexplained.push(head),
                }
            }
        }
        if write {
            write_known(&known_path(&path), &path, &found);
        }
        let mut by_reason: BTreeMap<Reason, usize> = BTreeMap::new();
        for r in found.values() {
            *by_reason.entry(*r).or_default() += 1;
        }
        let _ = writeln!(
            report,
            "{}: {} scenarios, {queries} queries: {agreed} agree with QEMU on the architectural fields, \
             {} known QEMU differences, {} unexplained disagreements; core: {:.0} scenarios/s",
            path.display(),
            scenarios.len(),
            found.len(),
            unexplained.len(),
            scenarios.len() as f64 / secs.max(1e-9)
        );
        for (r, n) in &by_reason {
            let _ = writeln!(report, "    {n:5}  {}", r.id());
        }
        let _ = writeln!(
            report,
            "    bits left out of the comparison that differ (agreeing queries): success: NS {} bit10 {} bit11 {} RES0 {}; \
             fault: IMPDEF[63:48] {} other {}",
            ign.ok_ns, ign.ok_bit10, ign.ok_bit11, ign.ok_res0, ign.fault_impdef, ign.fault_other
        );
        if !unexplained.is_empty() {
            failures.push(format!(
                "{} unexplained disagreements in {} (first {}):\n  {}",
                unexplained.len(),
                path.display(),
                shown.min(unexplained.len()),
                unexplained
                    .iter()
                    .take(shown)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ));
        }
    }
    println!("{report}");
    if !failures.is_empty() {
        let n = failures.len();
        let shown: Vec<String> = failures.into_iter().take(25).collect();
        panic!(
            "{report}\n{n} conformance failures:\n  {}",
            shown.join("\n  ")
        );
    }
}
