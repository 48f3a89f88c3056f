//! The tables layout the app draws: which tables a walk reads, where their entries are (stage 2
//! piece by piece), which rows to show, and the descriptors "make a page/block/table here" writes.
//! The scenarios are the app's built-in examples.

use atwalk_core::descriptor::{S1LeafDesc, S1TableDesc, S2LeafDesc};
use atwalk_core::eval::{EvalOptions, evaluate};
use atwalk_core::fault::Stage;
use atwalk_core::granule::Granule;
use atwalk_core::kvm::KvmLogic;
use atwalk_core::layout::{
    Layout, PlacedTable, Row, TableInfo, free_table, rows, tables, walk_tables,
};
use atwalk_core::scenario::Scenario;
use atwalk_core::trace::Step;

const DEFAULT: &str = include_str!("../../../presets/kvm/fast-path-pan.json");
const STAGE2: &str = include_str!("../../../presets/stage2/under-the-walk.json");

fn walk(json: &str) -> (Scenario, Vec<Step>) {
    let s = Scenario::from_json(json).unwrap();
    let e = evaluate(
        &s,
        &EvalOptions {
            kvm: KvmLogic::Merged,
            trace: true,
        },
    );
    let t = e.results[0].trace.clone();
    (s, t)
}

#[test]
fn new_table_descriptor() {
    assert_eq!(S1TableDesc::pointing_to(0x4041_0000).0, 0x4041_0003);
}

#[test]
fn new_leaf_descriptors() {
    // Stage 1 page: Valid, Type (page), AF; OA 0x40410000.
    assert_eq!(S1LeafDesc::mapping(3, 0x4041_0000).0, 0x4041_0403);
    // Stage 1 block at level 2: Type 0.
    assert_eq!(S1LeafDesc::mapping(2, 0x4060_0000).0, 0x4060_0401);
    // Stage 2 page: S2AP 0b11, MemAttr 0b1111.
    assert_eq!(S2LeafDesc::mapping(3, 0x4041_0000).0, 0x4041_04ff);
}

#[test]
fn tables_of_the_default_walk() {
    let (s, steps) = walk(DEFAULT);
    let ts = tables(&steps);
    let got: Vec<_> = ts
        .iter()
        .map(|t| (t.level, t.pa, t.index, t.entries))
        .collect();
    assert_eq!(
        got,
        vec![
            (1, Some(0x4020_0000), Some(0), 512),
            (2, Some(0x4020_1000), Some(1), 512),
            (3, Some(0x4020_2000), Some(1), 512),
        ]
    );
    assert!(ts.iter().all(|t| !t.pa52));
    let lay = Layout::new(&ts[2], 0x4020_2000, None);
    assert_eq!(lay.entry(1), Some(0x4020_2008));
    let r = rows(&s.memory, &ts[2], &lay, []);
    assert_eq!(
        r,
        vec![
            Row::Fold { from: 0, n: 1 },
            Row::Entry(1),
            Row::Fold { from: 2, n: 510 }
        ]
    );
    let r = rows(&s.memory, &ts[2], &lay, [5]);
    assert_eq!(r.len(), 5);
    // Placed in memory (no stage 2): the same, contiguous.
    let placed = walk_tables(&s, &steps);
    assert_eq!(placed.len(), 3);
    assert_eq!(placed[2].layout.as_ref(), Some(&lay));
    assert_eq!(placed[2].rows(&s.memory, [5]), r);
    // The last-level table holds pages, not tables; the level 2 one both.
    assert!(placed[2].info.holds_leaves() && !placed[2].info.holds_tables());
    assert!(placed[1].info.holds_leaves() && placed[1].info.holds_tables());
    assert_eq!(placed[2].info.new_leaf(0x4041_0000), 0x4041_0403);
    assert_eq!(placed[1].info.new_table(0x4041_0000), 0x4041_0003);
    assert_eq!(placed[2].info.last_byte(), Some(0x4020_2fff));
    assert_eq!(free_table(&s, 0x4020_2fff), Some(0x4021_0000));
}

#[test]
fn stage2_tables() {
    let (s, steps) = walk(STAGE2);
    let ts = tables(&steps);
    assert_eq!(ts.iter().filter(|t| t.stage == Stage::S1).count(), 3);
    let s2: Vec<_> = ts.iter().filter(|t| t.stage == Stage::S2).collect();
    assert_eq!(s2.len(), 1);
    assert_eq!(s2[0].pa, Some(0x4010_0000));
    // Each stage 1 table is placed where stage 2 maps its IPAs, in one piece here.
    for p in walk_tables(&s, &steps) {
        let lay = p.layout.expect("every table of the example is in memory");
        assert!(!lay.split());
        assert_eq!(lay.entry(0), p.info.pa);
    }
}

#[test]
fn stage2_splits_a_big_table() {
    // A 64KB-granule stage 1 table (8192 entries, 64KB) under stage 2: its first 4KB maps to
    // 0x9000_0000, its second to 0x7000_0000, the rest is not mapped.
    let (mut s, steps) = walk(DEFAULT);
    let mut t = tables(&steps)[2].clone();
    t.granule = Granule::K64;
    t.entries = 8192;
    t.index = Some(1);
    t.addr = 0x4020_0000;
    let tr = |ipa: u64| match ipa {
        0x4020_0000 => Some(0x9000_0000),
        0x4020_1000 => Some(0x7000_0000),
        _ => None,
    };
    let lay = Layout::new(&t, 0x9000_0000, Some(&tr));
    assert!(lay.split());
    assert_eq!(lay.entry(1), Some(0x9000_0008));
    assert_eq!(lay.entry(512 + 3), Some(0x7000_0018));
    assert_eq!(lay.entry(1024), None);
    s.memory.insert(0x7000_0018, 0x1234_0003);
    s.memory.insert(0x9000_0010, 0x5678_0003);
    let r = rows(&s.memory, &t, &lay, []);
    assert_eq!(
        r,
        vec![
            Row::Fold { from: 0, n: 1 },
            Row::Entry(1),
            Row::Entry(2),
            Row::Fold { from: 3, n: 512 },
            Row::Entry(515),
            Row::Fold { from: 516, n: 508 },
            Row::Unmapped {
                from: 1024,
                n: 8192 - 1024
            },
        ]
    );
    // Without stage 2 the table is contiguous from its PA.
    let flat = Layout::new(&t, 0x9000_0000, None);
    assert!(!flat.split());
    assert_eq!(flat.entry(1024), Some(0x9000_2000));
}

#[test]
fn tables_added_by_hand() {
    let (s, _) = walk(DEFAULT);
    assert_eq!(
        TableInfo::by_hand(0x4041_0800, 3, Granule::K4, false, false),
        None
    );
    let t = TableInfo::by_hand(0x4041_0000, 3, Granule::K4, false, false).unwrap();
    assert_eq!((t.entries, t.index, t.pa), (512, None, Some(0x4041_0000)));
    assert_eq!(
        TableInfo::by_hand(0x4041_0000, 3, Granule::K64, false, false)
            .unwrap()
            .entries,
        8192
    );
    // Contiguous even under stage 2: a table added by hand is at a PA.
    let p = PlacedTable::new(&s, t);
    assert_eq!(p.layout.unwrap().entry(2), Some(0x4041_0010));
}
