//! Building tables from nothing: `build::blank()` and `build::map_va()`, checked by evaluating
//! the scenarios they make (every PAR below is the walker's, not the builder's).

use atwalk_core::at::AtOutcome;
use atwalk_core::build::{BuildError, Mapping, blank, map_va};
use atwalk_core::descriptor::DescKind;
use atwalk_core::eval::{EvalOptions, evaluate};
use atwalk_core::granule::Granule;
use atwalk_core::op::AtOp;
use atwalk_core::regs::{ParEl1, ParEl1Ok};
use atwalk_core::scenario::{Query, Scenario};

/// A kernel read/write data page: AP 0b00, no execute, Normal memory (Attr0), Inner Shareable.
fn page(va: u64, pa: u64) -> Mapping {
    Mapping {
        va,
        pa,
        granule: Granule::K4,
        level: 3,
        ap: 0b00,
        uxn: true,
        pxn: true,
        attr_indx: 0,
        sh: 0b11,
    }
}

/// The hardware's PAR for `op` of `va` in `s`.
fn par(s: &Scenario, op: AtOp, va: u64) -> ParEl1 {
    let mut s = s.clone();
    s.queries = vec![Query {
        op,
        va,
        expect: None,
    }];
    match evaluate(&s, &EvalOptions::default()).results[0].hw {
        AtOutcome::Par { par } => par,
        ref o => panic!("{o:?}"),
    }
}

#[test]
fn a_blank_scenario_walks_to_an_empty_level_0_table() {
    let s = blank();
    assert_eq!(s, Scenario::from_json(&s.to_json()).unwrap());
    // Level 0 Translation fault: FST 0b000100.
    assert_eq!(par(&s, AtOp::S1E1R, 0x1000), ParEl1(0x809));
}

#[test]
fn one_page_from_nothing_then_a_neighbour_reuses_the_tables() {
    let b = map_va(&blank(), &page(0x0000_7f12_3456_789a & !0xfff, 0x8034_5000)).unwrap();
    // Three tables created below the TTBR's level 0 table, then the page.
    assert_eq!(b.done.len(), 4, "{:?}", b.done);
    let p = par(&b.scenario, AtOp::S1E1W, 0x0000_7f12_3456_789a);
    assert!(!p.is_fault(), "{p}");
    assert_eq!(ParEl1Ok(p.0).address(), 0x8034_5000);
    assert_eq!(ParEl1Ok(p.0).attr(), 0xff);
    assert_eq!(ParEl1Ok(p.0).sh(), 0b11);
    // EL0 may not read a kernel page.
    assert!(par(&b.scenario, AtOp::S1E0R, 0x0000_7f12_3456_789a).is_fault());
    // The next page of the VA space shares every table: only its leaf is written.
    let c = map_va(&b.scenario, &page(0x0000_7f12_3456_8000, 0x8034_6000)).unwrap();
    assert_eq!(c.done.len(), 1, "{:?}", c.done);
    assert_eq!(c.scenario.memory.len(), b.scenario.memory.len() + 1);
    let p = par(&c.scenario, AtOp::S1E1R, 0x0000_7f12_3456_8010);
    assert_eq!(ParEl1Ok(p.0).address(), 0x8034_6000);
    // And the first mapping still stands.
    let p = par(&c.scenario, AtOp::S1E1R, 0x0000_7f12_3456_789a);
    assert_eq!(ParEl1Ok(p.0).address(), 0x8034_5000);
    assert!(Scenario::from_json(&c.scenario.to_json()).is_ok());
}

#[test]
fn a_2mb_block_and_a_kernel_address() {
    let m = Mapping {
        level: 2,
        ..page(0x4000_0000, 0x8020_0000)
    };
    let b = map_va(&blank(), &m).unwrap();
    let p = par(&b.scenario, AtOp::S1E1R, 0x4012_3456);
    assert_eq!(ParEl1Ok(p.0).address(), 0x8032_3000);
    assert_eq!(
        map_va(
            &blank(),
            &Mapping {
                pa: 0x8034_5000,
                ..m
            }
        ),
        Err(BuildError::Misaligned { size_bits: 21 })
    );
    // A TTBR1 address: TTBR1 walks turned on, its first table created.
    let k = map_va(&blank(), &page(0xffff_8000_1234_5000, 0x8123_4000)).unwrap();
    assert!(k.done.iter().any(|d| d.contains("TTBR1")), "{:?}", k.done);
    let p = par(&k.scenario, AtOp::S1E1R, 0xffff_8000_1234_5678);
    assert_eq!(ParEl1Ok(p.0).address(), 0x8123_4000);
}

#[test]
fn what_is_in_the_way_is_reported() {
    let block = Mapping {
        level: 2,
        ..page(0x4000_0000, 0x8020_0000)
    };
    let b = map_va(&blank(), &block).unwrap();
    // A page inside the block's range: the block is in the way.
    assert_eq!(
        map_va(&b.scenario, &page(0x4000_1000, 0x9000_0000)),
        Err(BuildError::InTheWay {
            kind: DescKind::Block,
            level: 2
        })
    );
    // No 4KB block at level 0 without DS.
    assert_eq!(
        map_va(
            &blank(),
            &Mapping {
                level: 0,
                ..page(0, 0)
            }
        ),
        Err(BuildError::NoLeafHere)
    );
    // Stage 2 on.
    let mut s = blank();
    s.cpu.hcr_el2 = 1;
    assert_eq!(
        map_va(&s, &page(0x1000, 0x8000_0000)),
        Err(BuildError::Stage2On)
    );
}

#[test]
fn granule_encodings_round_trip() {
    for g in [Granule::K4, Granule::K16, Granule::K64] {
        assert_eq!(Granule::from_tg0(g.tg0() as u8), Some(g));
        assert_eq!(Granule::from_tg1(g.tg1() as u8), Some(g));
    }
    // 64KB pages.
    let m = Mapping {
        granule: Granule::K64,
        ..page(0x0000_0012_3456_0000, 0x8040_0000)
    };
    let b = map_va(&blank(), &m).unwrap();
    let p = par(&b.scenario, AtOp::S1E1R, 0x0000_0012_3456_789a);
    assert_eq!(ParEl1Ok(p.0).address(), 0x8040_7000);
}
