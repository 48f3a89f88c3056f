//! Stage 1 lookup levels: a Translation fault at every level of every
//! granule through both TTBRs, the start level for each input size
//! (AArch64.S1StartLevel()), and the TxSZ limits (AArch64.S1MinTxSZ(),
//! AArch64.MaxTxSZ(), AArch64.S1TxSZFaults(): this model always faults out
//! of range, at level 0) with and without FEAT_TTST, FEAT_LVA, FEAT_LPA2.

mod common;
use common::*;

const T0: u64 = 0x4000_0000;
const T1: u64 = 0x4002_0000;
const OUT: u64 = 0x4050_0000;
/// A 48-bit lower-range VA: L0 idx 0xb4, L1 0x169, L2 0x019, L3 0x017 (4KB).
const VA48: u64 = 0x0000_5a5a_4321_7678;
const VA48_HI: u64 = 0xffff_5a5a_4321_7678;
const VA52: u64 = 0x000a_5a5a_4321_7678;
const VA52_HI: u64 = 0xfffa_5a5a_4321_7678;

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// PAR_EL1 for a stage 1 Translation fault at `level`:
/// F=1, FST=EncodeLDFSC(Translation, level), bit 11 RES1.
fn trans_par(level: i8) -> u64 {
    match level {
        -1 => 0x0000_0000_0000_0857, // FST=0b101011 translation L-1
        0 => 0x0000_0000_0000_0809,  // FST=0b000100 translation L0
        1 => 0x0000_0000_0000_080b,  // FST=0b000101 translation L1
        2 => 0x0000_0000_0000_080d,  // FST=0b000110 translation L2
        3 => 0x0000_0000_0000_080f,  // FST=0b000111 translation L3
        _ => unreachable!(),
    }
}

struct Gran {
    name: &'static str,
    tcr: u64,
    gbits: u8,
    ia: u8,
    levels: std::ops::RangeInclusive<i8>,
    /// The page PAR for VA48/VA52 mapped to OUT with LEAF_ATTRS.
    page_par: u64,
    lo_va: u64,
    hi_va: u64,
    /// Leaf bits besides the OA and type.
    leaf: u64,
}

fn granules() -> Vec<Gran> {
    vec![
        Gran {
            name: "4KB/48",
            tcr: TG0_4K | t0sz(16) | TG1_4K | t1sz(16),
            gbits: 12,
            ia: 48,
            levels: 0..=3,
            page_par: 0xff00_0000_4050_0b80, // ATTR 0xff, PA 0x4050_0000, NS, SH 0b11, RES1
            lo_va: VA48,
            hi_va: VA48_HI,
            leaf: LEAF_ATTRS,
        },
        Gran {
            name: "16KB/48",
            tcr: TG0_16K | t0sz(16) | TG1_16K | t1sz(16),
            gbits: 14,
            ia: 48,
            levels: 0..=3,
            page_par: 0xff00_0000_4050_3b80, // PA 0x4050_0000 | VA[13:12]=0b11
            lo_va: VA48,
            hi_va: VA48_HI,
            leaf: LEAF_ATTRS,
        },
        Gran {
            name: "64KB/48",
            tcr: TG0_64K | t0sz(16) | TG1_64K | t1sz(16),
            gbits: 16,
            ia: 48,
            levels: 1..=3,
            page_par: 0xff00_0000_4050_7b80, // PA 0x4050_0000 | VA[15:12]=0x7
            lo_va: VA48,
            hi_va: VA48_HI,
            leaf: LEAF_ATTRS,
        },
        Gran {
            name: "4KB/52 DS",
            tcr: DS | TG0_4K | t0sz(12) | TG1_4K | t1sz(12) | sh0(0b11) | sh1(0b11),
            gbits: 12,
            ia: 52,
            levels: -1..=3,
            page_par: 0xff00_0000_4050_0b80, // SH 0b11 from TCR_EL1.SHn (DS)
            lo_va: VA52,
            hi_va: VA52_HI,
            leaf: AF | attr(0),
        },
        Gran {
            name: "16KB/52 DS",
            tcr: DS | TG0_16K | t0sz(12) | TG1_16K | t1sz(12) | sh0(0b11) | sh1(0b11),
            gbits: 14,
            ia: 52,
            levels: 0..=3,
            page_par: 0xff00_0000_4050_3b80,
            lo_va: VA52,
            hi_va: VA52_HI,
            leaf: AF | attr(0),
        },
        Gran {
            name: "64KB/52 LVA",
            tcr: TG0_64K | t0sz(12) | TG1_64K | t1sz(12),
            gbits: 16,
            ia: 52,
            levels: 1..=3,
            page_par: 0xff00_0000_4050_7b80,
            lo_va: VA52,
            hi_va: VA52_HI,
            leaf: LEAF_ATTRS,
        },
    ]
}

fn base(tcr: u64) -> Setup {
    Setup::new(tcr | ips(0b101), T0).ttbr1(T1)
}

/// An invalid descriptor at each level, through each TTBR, for each granule:
/// R_DYNYQ, AArch64.S1Walk() "DescriptorType_Invalid": Translation fault at
/// the current level (I_RRSLQ).
#[test]
fn translation_fault_at_every_level() {
    let mut rows = Vec::new();
    for g in granules() {
        for (ttbr, table0, va) in [("TTBR0", T0, g.lo_va), ("TTBR1", T1, g.hi_va)] {
            for level in g.levels.clone() {
                rows.push(
                    row(
                        leak(format!("{} {ttbr} invalid at L{level}", g.name)),
                        base(g.tcr).path(g.gbits, g.ia, table0, va, level, 0),
                        AtOp::S1E1R,
                        va,
                        Want::Par(trans_par(level)),
                    )
                    .rule(Rule::InvalidDescriptor),
                );
            }
            rows.push(row(
                leak(format!("{} {ttbr} page", g.name)),
                base(g.tcr).path(g.gbits, g.ia, table0, va, 3, OUT | PAGE | g.leaf),
                AtOp::S1E1R,
                va,
                Want::Par(g.page_par),
            ));
        }
    }
    assert_eq!(rows.len(), 58);
    check_rows(&rows);
}

/// With an empty memory the first read returns 0: the Translation fault's
/// level is the start level (AArch64.S1StartLevel(): 3 - ((iasize-1-g) DIV
/// (g-3))). Out-of-range TxSZ faults at level 0 before any read (the
/// TxSzLimits rule).
#[test]
fn start_level_and_txsz_limits() {
    let lo = 0x0000_0000_0000_1000;
    let r = |name, tcr, va, want: u64, rule| {
        row(name, base(tcr), AtOp::S1E1R, va, Want::Par(want)).rule(rule)
    };
    let inv = Rule::InvalidDescriptor;
    let tx = Rule::TxSzLimits;
    let rows = vec![
        // 4KB: min 16 (12 with DS and FEAT_LVA), max 39 (48 with FEAT_TTST).
        r("4K T0SZ=12 no DS", t0sz(12), lo, 0x809, tx), // below min 16
        r("4K T0SZ=15 no DS", t0sz(15), lo, 0x809, tx),
        r("4K T0SZ=16 L0", t0sz(16), lo, 0x809, inv), // ia 48: 3-(35 DIV 9)=0
        r("4K T0SZ=24 L0", t0sz(24), lo, 0x809, inv), // ia 40: 3-(27 DIV 9)=0
        r("4K T0SZ=25 L1", t0sz(25), lo, 0x80b, inv), // ia 39: 3-(26 DIV 9)=1
        r("4K T0SZ=33 L1", t0sz(33), lo, 0x80b, inv), // ia 31: 3-(18 DIV 9)=1
        r("4K T0SZ=34 L2", t0sz(34), lo, 0x80d, inv), // ia 30: 3-(17 DIV 9)=2
        r("4K T0SZ=39 L2", t0sz(39), lo, 0x80d, inv), // ia 25: 3-(12 DIV 9)=2
        r("4K T0SZ=42 L2", t0sz(42), lo, 0x80d, inv), // ia 22: 3-(9 DIV 9)=2
        r("4K T0SZ=43 L3", t0sz(43), lo, 0x80f, inv), // ia 21: 3-(8 DIV 9)=3
        r("4K T0SZ=48 L3", t0sz(48), lo, 0x80f, inv), // ia 16: 3-(3 DIV 9)=3
        r("4K T0SZ=49", t0sz(49), lo, 0x809, tx),     // above max 48
        r("4K T0SZ=63", t0sz(63), 0, 0x809, tx),
        r("4K DS T0SZ=12 L-1", DS | t0sz(12), lo, 0x857, inv), // ia 52: 3-(39 DIV 9)=-1
        r("4K DS T0SZ=15 L-1", DS | t0sz(15), lo, 0x857, inv), // ia 49: 3-(36 DIV 9)=-1
        r("4K DS T0SZ=16 L0", DS | t0sz(16), lo, 0x809, inv),
        r("4K DS T0SZ=11", DS | t0sz(11), lo, 0x809, tx),
        // 16KB: same limits.
        r("16K T0SZ=15", TG0_16K | t0sz(15), lo, 0x809, tx),
        r("16K T0SZ=16 L0", TG0_16K | t0sz(16), lo, 0x809, inv), // ia 48: 3-(33 DIV 11)=0
        r("16K T0SZ=17 L1", TG0_16K | t0sz(17), lo, 0x80b, inv), // ia 47: 3-(32 DIV 11)=1
        r("16K T0SZ=27 L1", TG0_16K | t0sz(27), lo, 0x80b, inv), // ia 37: 3-(22 DIV 11)=1
        r("16K T0SZ=28 L2", TG0_16K | t0sz(28), lo, 0x80d, inv), // ia 36: 3-(21 DIV 11)=2
        r("16K T0SZ=38 L2", TG0_16K | t0sz(38), lo, 0x80d, inv), // ia 26: 3-(11 DIV 11)=2
        r("16K T0SZ=39 L3", TG0_16K | t0sz(39), lo, 0x80f, inv), // ia 25: 3-(10 DIV 11)=3
        r("16K T0SZ=48 L3", TG0_16K | t0sz(48), lo, 0x80f, inv),
        r("16K T0SZ=49", TG0_16K | t0sz(49), lo, 0x809, tx),
        r("16K DS T0SZ=12 L0", DS | TG0_16K | t0sz(12), lo, 0x809, inv), // ia 52: 3-(37 DIV 11)=0
        r("16K DS T0SZ=11", DS | TG0_16K | t0sz(11), lo, 0x809, tx),
        // 64KB: min 12 with FEAT_LVA, max 39 (47 with FEAT_TTST); never level 0.
        r("64K T0SZ=11", TG0_64K | t0sz(11), lo, 0x809, tx),
        r("64K T0SZ=12 L1", TG0_64K | t0sz(12), lo, 0x80b, inv), // ia 52: 3-(35 DIV 13)=1
        r("64K T0SZ=16 L1", TG0_64K | t0sz(16), lo, 0x80b, inv),
        r("64K T0SZ=21 L1", TG0_64K | t0sz(21), lo, 0x80b, inv), // ia 43: 3-(26 DIV 13)=1
        r("64K T0SZ=22 L2", TG0_64K | t0sz(22), lo, 0x80d, inv), // ia 42: 3-(25 DIV 13)=2
        r("64K T0SZ=34 L2", TG0_64K | t0sz(34), lo, 0x80d, inv), // ia 30: 3-(13 DIV 13)=2
        r("64K T0SZ=35 L3", TG0_64K | t0sz(35), lo, 0x80f, inv), // ia 29: 3-(12 DIV 13)=3
        r("64K T0SZ=47 L3", TG0_64K | t0sz(47), lo, 0x80f, inv), // ia 17
        r("64K T0SZ=48", TG0_64K | t0sz(48), lo, 0x809, tx),     // above max 47
        r("64K DS T0SZ=12 L1", DS | TG0_64K | t0sz(12), lo, 0x80b, inv), // DS ignored for 64KB
        // TTBR1.
        r(
            "4K T1SZ=25 L1",
            TG1_4K | t1sz(25),
            0xffff_ff80_0000_1000,
            0x80b,
            inv,
        ),
        r(
            "4K T1SZ=48 L3",
            TG1_4K | t1sz(48),
            0xffff_ffff_ffff_1000,
            0x80f,
            inv,
        ),
        r(
            "4K T1SZ=49",
            TG1_4K | t1sz(49),
            0xffff_ffff_ffff_f000,
            0x809,
            tx,
        ),
        r(
            "4K T1SZ=15",
            TG1_4K | t1sz(15),
            0xffff_0000_0000_1000,
            0x809,
            tx,
        ),
        r(
            "16K T1SZ=17 L1",
            TG1_16K | t1sz(17),
            0xffff_8000_0000_1000,
            0x80b,
            inv,
        ),
        r(
            "64K T1SZ=35 L3",
            TG1_64K | t1sz(35),
            0xffff_ffff_e000_1000,
            0x80f,
            inv,
        ),
        r(
            "4K DS T1SZ=12 L-1",
            DS | TG1_4K | t1sz(12),
            0xfff0_0000_0000_1000,
            0x857,
            inv,
        ),
        // Reserved TG0 (0b11) and TG1 (0b00) decode to 4KB: T0SZ=24 starts
        // at L0 for 4KB (L1 for 16KB, L2 for 64KB).
        r("TG0=0b11 is 4KB", TG0_RES | t0sz(24), lo, 0x809, inv),
        r(
            "TG1=0b00 is 4KB",
            TG1_RES | t1sz(24),
            0xffff_ff00_0000_1000,
            0x809,
            inv,
        ),
    ];
    check_rows(&rows);
}

/// The limits that depend on the features: FEAT_TTST raises the maximum
/// from 39 to 48/47; FEAT_LVA lowers the minimum to 12 for 64KB and for
/// DS=1 (AArch64.S1MinTxSZ() returns 16 without FEAT_LVA even with DS);
/// DS is effective only with FEAT_LPA2.
#[test]
fn txsz_limits_by_feature() {
    use Feature::*;
    let lo = 0x0000_0000_0000_1000;
    let r = |name, tcr, without: &[Feature], want: u64, rule| {
        row(
            name,
            base(tcr).without(without),
            AtOp::S1E1R,
            lo,
            Want::Par(want),
        )
        .rule(rule)
    };
    let inv = Rule::InvalidDescriptor;
    let tx = Rule::TxSzLimits;
    let rows = vec![
        r("4K T0SZ=39 no TTST L2", t0sz(39), &[Ttst], 0x80d, inv),
        r("4K T0SZ=40 no TTST", t0sz(40), &[Ttst], 0x809, tx),
        r("4K T0SZ=40 TTST L2", t0sz(40), &[], 0x80d, inv), // ia 24: 3-(11 DIV 9)=2
        r(
            "16K T0SZ=39 no TTST L3",
            TG0_16K | t0sz(39),
            &[Ttst],
            0x80f,
            inv,
        ),
        r(
            "16K T0SZ=40 no TTST",
            TG0_16K | t0sz(40),
            &[Ttst],
            0x809,
            tx,
        ),
        r(
            "64K T0SZ=39 no TTST L3",
            TG0_64K | t0sz(39),
            &[Ttst],
            0x80f,
            inv,
        ),
        r(
            "64K T0SZ=40 no TTST",
            TG0_64K | t0sz(40),
            &[Ttst],
            0x809,
            tx,
        ),
        r("64K T0SZ=12 no LVA", TG0_64K | t0sz(12), &[Lva], 0x809, tx),
        r(
            "64K T0SZ=16 no LVA L1",
            TG0_64K | t0sz(16),
            &[Lva],
            0x80b,
            inv,
        ),
        r("4K DS T0SZ=12 no LVA", DS | t0sz(12), &[Lva], 0x809, tx),
        r("4K DS T0SZ=12 no LPA2", DS | t0sz(12), &[Lpa2], 0x809, tx),
        r(
            "4K DS T0SZ=16 no LPA2 L0",
            DS | t0sz(16),
            &[Lpa2],
            0x809,
            inv,
        ),
        r(
            "16K DS T0SZ=12 no LPA2",
            DS | TG0_16K | t0sz(12),
            &[Lpa2],
            0x809,
            tx,
        ),
        r("4K T1SZ=40 no TTST", TG1_4K | t1sz(40), &[Ttst], 0x809, tx),
    ];
    // The T1SZ row above translates a TTBR0 VA: T0SZ=0 there. Rebuild it.
    let mut rows = rows;
    let last = rows.pop().unwrap();
    rows.push(Row {
        va: 0xffff_ffff_0000_1000,
        ..last
    });
    check_rows(&rows);
}

/// The trace of a TxSZ fault: the TxSz step carries the limits, and no
/// descriptor is read. The reserved TG decodes say so.
#[test]
fn txsz_and_granule_steps() {
    let r = base(t0sz(49)).run(AtOp::S1E1R, 0x1000);
    let tx = r
        .trace
        .iter()
        .find_map(|s| match &s.kind {
            StepKind::TxSz { txsz, min, max, .. } => Some((s.ok, *txsz, *min, *max)),
            _ => None,
        })
        .expect("a TxSz step");
    assert_eq!(tx, (false, 49, 16, 48));
    assert!(
        !r.trace
            .iter()
            .any(|s| matches!(s.kind, StepKind::Read { .. })),
        "no read after a TxSZ fault"
    );

    let r = base(TG0_RES | t0sz(24)).run(AtOp::S1E1R, 0x1000);
    let g = r
        .trace
        .iter()
        .find_map(|s| match &s.kind {
            StepKind::GranuleDecode {
                tg,
                granule,
                reserved,
                ..
            } => Some((*tg, *granule, *reserved)),
            _ => None,
        })
        .unwrap();
    assert_eq!(g, (3, atwalk_core::granule::Granule::K4, true));
}

/// Successful walks that start at every start level, so the first-table
/// index uses VA[iasize-1:lsb] (AArch64.S1SLTTEntryAddress()), including
/// the 2-entry 16KB level 0 table, the 16-entry 4KB level -1 table and the
/// 16-entry level 3 start of T0SZ=48.
#[test]
fn walks_from_each_start_level() {
    let rows = vec![
        // 4KB T0SZ=48: one level-3 table of 16 entries indexed by VA[15:12]=0x7.
        row(
            "4K T0SZ=48 page",
            base(t0sz(48)).word(T0 + 8 * 0x7, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            0x0000_0000_0000_7678,
            Want::Par(0xff00_0000_4050_0b80), // PA 0x4050_0000, ATTR 0xff, SH 0b11
        ),
        // 4KB T0SZ=43 (ia 21): L3 index VA[20:12] = 0x13 for VA 0x13678.
        row(
            "4K T0SZ=43 page",
            base(t0sz(43)).word(T0 + 8 * 0x13, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            0x0000_0000_0001_3678,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        // 4KB T0SZ=34 (ia 30): L2 index VA[29:21]; VA 0x2321_7678 -> 0x119;
        // L3 index VA[20:12] = 0x017.
        row(
            "4K T0SZ=34 L2 then L3",
            base(t0sz(34))
                .word(T0 + 8 * 0x119, 0x4010_0000 | TABLE)
                .word(0x4010_0000 + 8 * 0x017, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            0x0000_0000_2321_7678,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        // 16KB T0SZ=16: L0 index VA[47]=0 for VA48; L1 VA[46:36]=0x5a5,
        // L2 VA[35:25]=0x521, L3 VA[24:14]=0x485.
        row(
            "16K T0SZ=16 hand-placed",
            base(TG0_16K | t0sz(16))
                .word(T0, 0x4010_0000 | TABLE)
                .word(0x4010_0000 + 8 * 0x5a5, 0x4011_0000 | TABLE)
                .word(0x4011_0000 + 8 * 0x521, 0x4012_0000 | TABLE)
                .word(0x4012_0000 + 8 * 0x485, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_4050_3b80), // PA 0x4050_0000 | VA[13:12]
        ),
        // 16KB T0SZ=16, VA[47]=1: the second entry of the L0 table.
        row(
            "16K T0SZ=16 L0 entry 1",
            base(TG0_16K | t0sz(16))
                .word(T0 + 8, 0x4010_0000 | TABLE)
                .word(0x4010_0000, 0x4011_0000 | TABLE)
                .word(0x4011_0000, 0x4012_0000 | TABLE)
                .word(0x4012_0000, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            0x0000_8000_0000_0000,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        // 4KB DS T0SZ=12: L-1 index VA[51:48]=0xa, L0 VA[47:39]=0xb4,
        // L1 VA[38:30]=0x169, L2 VA[29:21]=0x019, L3 VA[20:12]=0x017.
        row(
            "4K DS T0SZ=12 hand-placed",
            base(DS | t0sz(12) | sh0(0b10))
                .word(T0 + 8 * 0xa, 0x4010_0000 | TABLE)
                .word(0x4010_0000 + 8 * 0xb4, 0x4011_0000 | TABLE)
                .word(0x4011_0000 + 8 * 0x169, 0x4012_0000 | TABLE)
                .word(0x4012_0000 + 8 * 0x019, 0x4013_0000 | TABLE)
                .word(0x4013_0000 + 8 * 0x017, OUT | PAGE | AF),
            AtOp::S1E1R,
            VA52,
            Want::Par(0xff00_0000_4050_0b00), // SH 0b10 from TCR_EL1.SH0
        ),
        // 64KB T0SZ=12: L1 index VA[51:42]=0x296, L2 VA[41:29]=0x12d2,
        // L3 VA[28:16]=0x0321.
        row(
            "64K T0SZ=12 hand-placed",
            base(TG0_64K | t0sz(12))
                .word(T0 + 8 * 0x296, 0x4010_0000 | TABLE)
                .word(0x4010_0000 + 8 * 0x12d2, 0x4020_0000 | TABLE)
                .word(0x4020_0000 + 8 * 0x321, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            VA52,
            Want::Par(0xff00_0000_4050_7b80),
        ),
        // 4KB T1SZ=25 through TTBR1: L1 index VA[38:30], VA 0xffff_ffd5_4321_7678
        // -> 0x155; L2 VA[29:21] = 0x019; L3 VA[20:12] = 0x017.
        row(
            "4K T1SZ=25 hand-placed",
            base(TG1_4K | t1sz(25))
                .word(T1 + 8 * 0x155, 0x4010_0000 | TABLE)
                .word(0x4010_0000 + 8 * 0x019, 0x4011_0000 | TABLE)
                .word(0x4011_0000 + 8 * 0x017, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            0xffff_ffd5_4321_7678,
            Want::Par(0xff00_0000_4050_0b80),
        ),
    ];
    check_rows(&rows);
}
