//! Stage 1 TxSZ and the start level: the start level for each input size
//! (AArch64.S1StartLevel()), and the TxSZ limits (AArch64.S1MinTxSZ(),
//! AArch64.MaxTxSZ(), AArch64.S1TxSZFaults(): this model always faults out
//! of range, at level 0) with and without FEAT_TTST, FEAT_LVA, FEAT_LPA2;
//! the trace's TxSz and GranuleDecode steps (reserved TG0/TG1 decode to 4KB).

mod common;
use common::stage1::*;
use common::*;

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
