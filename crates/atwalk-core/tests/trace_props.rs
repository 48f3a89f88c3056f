//! Structural properties of the trace over a deterministic corpus of mixed
//! walks (granules, input sizes, descriptor kinds, permissions, stage 2 on
//! and off, missing memory): the step before Par is a Fault iff PAR.F; every
//! Read is at the address the preceding Index (or Stage2) step gives; Stage2
//! steps appear only with HCR_EL2.VM; the Par step equals the returned PAR;
//! levels are consistent; on success the PA keeps the VA's offset into the
//! leaf.

mod common;
use common::stage2::VTTBR;
use common::*;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// One random scenario: registers, memory and a query.
fn random_case(rng: &mut Rng) -> (Setup, AtOp, u64) {
    let (g, tg0, tg1) = [
        (12u8, TG0_4K, TG1_4K),
        (14, TG0_16K, TG1_16K),
        (16, TG0_64K, TG1_64K),
    ][rng.below(3) as usize];
    let txsz = [16u64, 20, 25, 30, 33, 36, 39][rng.below(7) as usize];
    let ia = 64 - txsz as u8;
    let upper = rng.chance(30);
    let mut tcr = tg0 | tg1 | t0sz(txsz) | t1sz(txsz) | ips(0b101);
    for (bit, p) in [
        (TBI0, 20),
        (TBI1, 20),
        (HPD0, 15),
        (HPD1, 15),
        (HA, 10),
        (EPD0, 3),
        (EPD1, 3),
        (E0PD0, 5),
    ] {
        if rng.chance(p) {
            tcr |= bit;
        }
    }
    let mut va = rng.next() & ((1u64 << ia) - 1);
    if upper {
        va |= !((1u64 << ia) - 1);
    }
    if rng.chance(10) {
        va ^= 1 << (48 + rng.below(16)); // maybe out of range, maybe a tag
    }
    let mut sctlr = SCTLR_M | SCTLR_C;
    for (bit, p) in [
        (SCTLR_M, 8),
        (SCTLR_EPAN, 20),
        (SCTLR_WXN, 10),
        (SCTLR_C, 15),
    ] {
        if rng.chance(p) {
            sctlr ^= bit;
        }
    }
    let table0 = if upper { T1 } else { T0 };
    let mut s = Setup::new(tcr, T0)
        .ttbr1(T1)
        .sctlr(sctlr)
        .pan(rng.chance(40));

    // The path: tables, then a leaf (block, page) or an invalid/reserved entry.
    let gi = i64::from(g);
    let stride = gi - 3;
    let start = 3 - (i64::from(ia) - 1 - gi) / stride;
    let mut table = table0;
    let mut slot = 0;
    for level in start..=3 {
        let lo = (3 - level) * stride + gi;
        let hi = if level == start {
            i64::from(ia) - 1
        } else {
            lo + stride - 1
        };
        let entry = table + 8 * ((va >> lo) & ((1u64 << (hi - lo + 1)) - 1));
        let attrs = ap(rng.below(4))
            | sh(rng.below(4))
            | attr(rng.below(8))
            | if rng.chance(92) { AF } else { 0 }
            | if rng.chance(20) { UXN } else { 0 }
            | if rng.chance(20) { PXN } else { 0 };
        let r = rng.below(100);
        if level < 3 && r < 70 {
            let next = NEXT_TABLES + slot * 0x1_0000;
            slot += 1;
            let tbits = if rng.chance(15) {
                ap_table(rng.below(4))
            } else {
                0
            } | if rng.chance(10) { UXN_TABLE } else { 0 };
            s = s.word(entry, next | TABLE | tbits);
            table = next;
            continue;
        }
        let leaf = if r < 85 {
            let size = gi + stride * (3 - level);
            let oa = (0x4000_0000 + (rng.below(64) << 24)) & !((1u64 << size) - 1);
            oa | if level == 3 { PAGE } else { BLOCK } | attrs
        } else if r < 93 {
            0
        } else {
            0x4050_0000 | BLOCK | attrs
        };
        s = s.word(entry, leaf);
        break;
    }

    // Stage 2 under the walk, sometimes with holes or Device memory.
    if rng.chance(30) {
        let mut hcr = HCR_VM;
        if rng.chance(30) {
            hcr |= HCR_PTW;
        }
        s = s
            .hcr(hcr)
            .vtcr(VTG0_4K | vt0sz(25) | sl0(0b01) | vps(0b101))
            .vttbr(VTTBR);
        if !rng.chance(15) {
            let mem = if rng.chance(20) {
                memattr(0b0000)
            } else {
                memattr(0b1111)
            };
            let ap2 = if rng.chance(10) {
                s2ap(0b10)
            } else {
                s2ap(0b11)
            };
            let af = if rng.chance(95) { AF } else { 0 };
            s = s.word(VTTBR + 8, 0x4000_0000 | BLOCK | mem | ap2 | af);
        }
    }
    if rng.chance(8) {
        s = s.ram(0x4000_0000, 0x100_0000).ram(VTTBR, 0x1000);
    }
    if rng.chance(5) {
        s = s.without(&[Feature::Pan2, Feature::Ats1a]);
    }
    let op = AtOp::ALL[rng.below(7) as usize];
    (s, op, va)
}

/// Checks the properties of one trace; returns the violations.
fn check(s: &Setup, op: AtOp, va: u64) -> Vec<String> {
    let r = s.run(op, va);
    let t = &r.trace;
    let mut e = Vec::new();
    let last = t.last().expect("a trace");
    // The outcome's final step.
    match (&r.hw, &last.kind) {
        (AtOutcome::Par { par: ParEl1(p) }, StepKind::Par { par }) => {
            if par.0 != *p {
                e.push(format!("Par step 0x{:x} != PAR 0x{p:x}", par.0));
            }
            if p & (1 << 11) == 0 {
                e.push("bit 11 clear".into());
            }
            let before = &t[t.len() - 2];
            let is_fault = matches!(before.kind, StepKind::Fault { .. });
            if is_fault != (p & 1 == 1) {
                e.push(format!(
                    "PAR.F={} but the step before Par is {:?}",
                    p & 1,
                    before.kind
                ));
            }
            if let StepKind::Fault { fault } = &before.kind {
                if fault.kind == FaultKind::SyncExternalOnWalk {
                    e.push("an external abort written to PAR".into());
                }
                if before.level != Some(fault.level) {
                    e.push("Fault step level".into());
                }
            }
        }
        (AtOutcome::Abort { dfsc, .. }, StepKind::Abort { dfsc: d }) => {
            if d != dfsc {
                e.push("Abort step dfsc".into());
            }
            match fault_step(t) {
                Some(f) if f.kind == FaultKind::SyncExternalOnWalk && f.fsc() == *dfsc => {}
                f => e.push(format!("abort with fault {f:?}")),
            }
        }
        (AtOutcome::Undefined { .. }, StepKind::Undefined { .. }) => {}
        (hw, k) => e.push(format!("outcome {hw:?} ends with {k:?}")),
    }
    // Exactly one Fault step at most, and no step after Par.
    if t.iter()
        .filter(|s| matches!(s.kind, StepKind::Fault { .. }))
        .count()
        > 1
    {
        e.push("more than one Fault step".into());
    }
    // Stage2 steps only with HCR_EL2.VM.
    let vm = s.cpu.hcr_el2 & HCR_VM != 0;
    let s2_steps = t
        .iter()
        .filter(|s| matches!(s.kind, StepKind::Stage2 { .. }))
        .count();
    if !vm && s2_steps > 0 {
        e.push("Stage2 step without HCR_EL2.VM".into());
    }
    // Reads where the Index (or Stage2) says; levels consistent.
    e.extend(check_reads(t, Stage::S1));
    for st in t {
        if let StepKind::Stage2 { ipa, steps, pa } = &st.kind {
            e.extend(check_reads(steps, Stage::S2));
            if st.ok != pa.is_some() {
                e.push("Stage2 ok vs pa".into());
            }
            if let Some(pa) = pa {
                let leaf_oa = steps.iter().find_map(|x| match &x.kind {
                    StepKind::Leaf { oa, .. } => Some(oa.0),
                    _ => None,
                });
                if leaf_oa != Some(pa.0) {
                    e.push("Stage2 pa is not its leaf's OA".into());
                }
                let _ = ipa;
            }
        }
    }
    // On success after a walk: PA = leaf OA, offset below the leaf size from the VA.
    if let AtOutcome::Par { par: ParEl1(p) } = r.hw
        && p & 1 == 0
    {
        {
            if let Some((oa, size_bits)) = t.iter().find_map(|x| match &x.kind {
                StepKind::Leaf { oa, size_bits, .. } if x.stage == Stage::S1 => {
                    Some((oa.0, *size_bits))
                }
                _ => None,
            }) {
                let pa = p & 0x000f_ffff_ffff_f000;
                if pa != oa & !0xfff {
                    e.push(format!("PAR PA 0x{pa:x} != leaf OA 0x{oa:x}"));
                }
                let m = (1u64 << size_bits) - 1;
                if (pa ^ va) & m & !0xfff != 0 {
                    e.push("PA does not keep the VA's offset".into());
                }
            }
        }
    }
    e.into_iter()
        .map(|x| format!("{} va=0x{va:x}: {x}", op.name()))
        .collect()
}

fn check_reads(t: &[Step], stage: Stage) -> Vec<String> {
    let mut e = Vec::new();
    let mut want_at: Option<u64> = None;
    let mut index_level: Option<i8> = None;
    let mut last_level: Option<i8> = None;
    let mut read_levels = Vec::new();
    for st in t {
        match &st.kind {
            StepKind::Index {
                entry,
                hi,
                lo,
                index,
                ia,
                ..
            } => {
                want_at = Some(entry.0);
                index_level = st.level;
                let w = hi - lo + 1;
                if (ia.0 >> lo) & ((1u64 << w) - 1) != *index {
                    e.push("Index index != ia[hi:lo]".into());
                }
                if st.stage != stage {
                    e.push("Index stage".into());
                }
            }
            StepKind::Stage2 { pa: Some(pa), .. } if stage == Stage::S1 => {
                want_at = Some(pa.0);
            }
            StepKind::Read { at, .. } | StepKind::ReadAbort { at } => {
                if want_at != Some(at.0) {
                    e.push(format!(
                        "{stage:?} read at 0x{:x}, expected {want_at:x?}",
                        at.0
                    ));
                }
                if st.level != index_level {
                    e.push("Read level != Index level".into());
                }
                if let (Some(a), Some(b)) = (last_level, st.level)
                    && b != a + 1
                {
                    e.push("Read levels not consecutive".into());
                }
                let l = st.level.unwrap_or(9);
                if !(-1..=3).contains(&l) {
                    e.push("Read level out of range".into());
                }
                last_level = st.level;
                read_levels.push(l);
                want_at = None;
            }
            StepKind::Leaf { .. } if st.stage == stage && st.level != last_level => {
                e.push("Leaf level != last Read level".into());
            }
            StepKind::Perms { .. } | StepKind::AccessFlag { .. } | StepKind::Attrs { .. }
                if st.stage == stage && st.level != last_level =>
            {
                e.push(format!("{:?} level != leaf level", st.rule));
            }
            _ => {}
        }
    }
    e
}

#[test]
fn trace_properties_over_a_corpus() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut errs = Vec::new();
    let (mut ok, mut faults, mut aborts, mut s2) = (0, 0, 0, 0);
    for i in 0..4000 {
        let (s, op, va) = random_case(&mut rng);
        let r = s.run(op, va);
        match r.hw {
            AtOutcome::Par { par: ParEl1(p) } if p & 1 == 0 => ok += 1,
            AtOutcome::Par { par: ParEl1(_) } => faults += 1,
            AtOutcome::Abort { .. } => aborts += 1,
            AtOutcome::Undefined { .. } => {}
        }
        if r.trace
            .iter()
            .any(|x| matches!(x.kind, StepKind::Stage2 { .. }))
        {
            s2 += 1;
        }
        for x in check(&s, op, va) {
            errs.push(format!("case {i}: {x}"));
        }
    }
    // The corpus must exercise every outcome.
    assert!(
        ok > 300 && faults > 300 && aborts > 10 && s2 > 300,
        "ok {ok} faults {faults} aborts {aborts} s2 {s2}"
    );
    assert!(
        errs.is_empty(),
        "{} violations:\n{}",
        errs.len(),
        errs[..errs.len().min(30)].join("\n")
    );
}

/// The same properties on hand-built walks of every shape.
#[test]
fn trace_properties_on_fixed_walks() {
    let va = 0x0000_0055_4321_7678;
    let tcr = TG0_4K | t0sz(25) | ips(0b101);
    let page = 0x4050_0000 | PAGE | LEAF_ATTRS;
    let cases = vec![
        Setup::new(tcr, T0).path(12, 39, T0, va, 3, page),
        Setup::new(tcr, T0).path(12, 39, T0, va, 2, 0),
        Setup::new(tcr, T0).path(12, 39, T0, va, 2, 0x4060_0000 | BLOCK | LEAF_ATTRS),
        Setup::new(tcr, T0).sctlr(0),
        Setup::new(tcr | EPD0, T0),
        Setup::new(tcr, T0)
            .path(12, 39, T0, va, 3, page)
            .hcr(HCR_VM)
            .vtcr(VTG0_4K | vt0sz(25) | sl0(0b01) | vps(0b101))
            .vttbr(VTTBR),
        Setup::new(tcr, T0)
            .path(12, 39, T0, va, 3, page)
            .hcr(HCR_VM)
            .vtcr(VTG0_4K | vt0sz(25) | sl0(0b01) | vps(0b101))
            .vttbr(VTTBR)
            .word(VTTBR + 8, 0x4000_0000 | BLOCK | S2_RW_NORMAL),
        Setup::new(tcr, T0).ram(0x8000_0000, 0x1000),
        Setup::new(TG0_4K | t0sz(12) | DS | ips(0b101), T0).path(
            12,
            52,
            T0,
            va,
            3,
            0x4050_0000 | PAGE | AF,
        ),
    ];
    let mut errs = Vec::new();
    for (i, s) in cases.iter().enumerate() {
        for op in AtOp::ALL {
            for x in check(s, op, va) {
                errs.push(format!("case {i}: {x}"));
            }
        }
    }
    assert!(errs.is_empty(), "{}", errs.join("\n"));
    // Stage2 steps do appear with VM (so the property above can fail).
    let r = cases[6].run(AtOp::S1E1R, va);
    assert_eq!(
        r.trace
            .iter()
            .filter(|x| matches!(x.kind, StepKind::Stage2 { .. }))
            .count(),
        3
    );
}
