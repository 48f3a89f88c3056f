//! The address-space map agrees with the walker: for addresses in every
//! region of every preset's map (its first, middle and last byte), the
//! core's AT instruction gives the output address, attributes, permissions
//! and leaf faults the map shows; and addresses the map leaves out do not
//! translate.

use atwalk_core::at::{AtOutcome, at_hw};
use atwalk_core::fault::Stage;
use atwalk_core::machine::{Machine, Regs};
use atwalk_core::memory::GuestMemory;
use atwalk_core::op::AtOp;
use atwalk_core::scenario::Scenario;
use atwalk_core::stage2;
use atwalk_core::trace::NoTrace;
use atwalk_teach::map::{self, AddressMap, Region, S2Map};
use atwalk_teach::presets;

/// PAR_EL1 of `op` at `va`, with PSTATE.PAN clear (the map's EL1 column
/// leaves PAN out and flags it instead).
fn at(s: &Scenario, op: AtOp, va: u64) -> AtOutcome {
    let mem = GuestMemory::new(&s.memory, s.ram.as_deref());
    let mut regs = Regs::from(&s.cpu);
    regs.pstate_pan = false;
    let m = Machine {
        regs,
        cpu: s.cpu_model(),
        mem: &mem,
    };
    at_hw(&m, op, va, &mut NoTrace)
}

fn check_region(name: &str, s: &Scenario, r: &Region) {
    for va in [r.va, r.sample(), r.va_end()] {
        let offset = va - r.va;
        for (op, allowed) in [
            (AtOp::S1E1R, r.el1.r),
            (AtOp::S1E1W, r.el1.w),
            (AtOp::S1E0R, r.el0.r),
            (AtOp::S1E0W, r.el0.w),
        ] {
            let ctx = format!("{name}: {op:?} 0x{va:016x} in {r:?}");
            let AtOutcome::Par { par } = at(s, op, va) else {
                panic!("{ctx}: the AT aborts");
            };
            match (r.fault, par.ok(), par.fault()) {
                (Some(kind), _, Some(f)) => {
                    // The leaf's own fault comes before the permission check.
                    let want = atwalk_core::fault::Fault::s1(kind, r.level).fsc();
                    assert_eq!(f.fst(), want, "{ctx}");
                }
                (None, Some(ok), None) => {
                    assert!(allowed, "{ctx}: the map forbids what the walk allows");
                    assert_eq!(ok.pa() << 12, (r.oa + offset) & !0xfff, "{ctx}: PA");
                    assert_eq!(ok.attr(), r.attr, "{ctx}: ATTR");
                }
                (None, None, Some(f)) => {
                    assert!(!allowed, "{ctx}: the map allows what the walk forbids");
                    if f.fst() & 0b11_1100 == 0b00_1100 {
                        // A Permission fault, at the leaf's level.
                        assert_eq!(i8::try_from(f.fst() & 3).unwrap(), r.level & 3, "{ctx}");
                    } else {
                        // E0PD: EL0 faults at level 0 before any table is read.
                        assert_eq!(f.fst(), 0b00_0100, "{ctx}: E0PD's Translation fault");
                    }
                }
                other => panic!("{ctx}: {other:?}"),
            }
        }
        // Stage 2's output for the region, as the core's stage 2 walk gives it.
        if let Some(S2Map::Mapped { s2ap }) = r.s2
            && s2ap & 1 != 0
            && !s.cpu.hcr_el2 & 0b100 != 0
        {
            let mem = GuestMemory::new(&s.memory, s.ram.as_deref());
            let m = Machine {
                regs: Regs::from(&s.cpu),
                cpu: s.cpu_model(),
                mem: &mem,
            };
            let pa =
                stage2::s2_translate_table(&m, atwalk_core::addr::Ipa(r.oa + offset), &mut NoTrace)
                    .unwrap_or_else(|f| panic!("{name}: stage 2 of 0x{va:x}: {f}"));
            assert_eq!(
                Some(pa.0),
                r.pa.map(|p| p + offset),
                "{name}: PA of 0x{va:x}"
            );
        }
    }
}

/// A few VAs that no region covers must not translate for any op.
fn check_gaps(name: &str, s: &Scenario, m: &AddressMap) {
    let mut probes = vec![0u64, 0x1000, 0x20_0000, 0x4000_0000, 0xffff_ff80_0000_0000];
    for r in &m.rows {
        probes.push(r.va.wrapping_sub(1));
        probes.push(r.va_end().wrapping_add(1));
    }
    for va in probes {
        if m.rows.iter().any(|r| r.va <= va && va <= r.va_end()) {
            continue;
        }
        for op in [AtOp::S1E1R, AtOp::S1E0R] {
            if let AtOutcome::Par { par } = at(s, op, va) {
                assert!(
                    par.is_fault(),
                    "{name}: {op:?} 0x{va:016x} translates but no region covers it"
                );
            }
        }
    }
}

#[test]
fn every_preset_map_agrees_with_the_walker() {
    let mut regions = 0;
    for p in presets::all() {
        let s = p.scenario();
        let m = map::map(&s);
        assert!(!m.truncated, "{}", p.name());
        // Stage 1 off: no tables, no rows, a note.
        if s.cpu.sctlr_el1 & 1 == 0 {
            assert!(m.rows.is_empty() && !m.notes.is_empty(), "{}", p.name());
            continue;
        }
        for r in &m.rows {
            assert_eq!(r.ttbr == 1, r.va >> 55 & 1 == 1, "{}: {r:?}", p.name());
            if m.stage2 {
                assert!(r.s2.is_some(), "{}", p.name());
            }
            check_region(&p.name(), &s, r);
            regions += 1;
        }
        check_gaps(&p.name(), &s, &m);
        // The text and the JSON have one line per row.
        let json = map::to_json(&m);
        assert_eq!(
            json.lines().count(),
            m.rows.len() + 2 - usize::from(m.rows.is_empty())
        );
        let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        assert_eq!(v.as_array().map(Vec::len), Some(m.rows.len()));
    }
    assert!(regions >= 40, "{regions} regions");
}

#[test]
fn stage2_splits_a_block_by_its_stage2_pages() {
    // The stage 2 chapter's fault-on-walk preset: stage 2 maps two pages.
    let s = presets::find("stage2/fault-on-walk").unwrap().scenario();
    let m = map::map(&s);
    assert!(m.stage2);
    // Its stage 1 tables cannot all be read: the level 3 table has no stage 2 page.
    assert!(
        m.notes.iter().any(|n| n.text.contains("level 3 table")),
        "{:?}",
        m.notes
    );
    assert!(m.rows.is_empty(), "{:?}", m.rows);
    let s = presets::find("stage2/under-the-walk").unwrap().scenario();
    let m = map::map(&s);
    assert_eq!(m.rows.len(), 1, "{:?}", m.rows);
    let r = m.rows[0];
    assert_eq!((r.oa, r.pa), (0x4040_0000, Some(0x8040_0000)));
    assert_eq!(r.s2, Some(S2Map::Mapped { s2ap: 0b11 }));
    let _ = Stage::S2;
}
