//! Stage 1 permissions as AT sees them: AP[2:1] for each of the seven ops
//! (R_RNGJG, CreateAccDescAT(), Table D8-63), DBM with TCR_EL1.HD clearing
//! the effective AP[2], and the level of a Permission fault (R_CSRQR).
//! APTable, HPDn, XN and WXN: s1_perms_hierarchical.rs; PAN, EPAN and the
//! ops that are UNDEFINED without FEAT_PAN2 / FEAT_ATS1A: s1_perms_pan.rs.

mod common;
use AtOp::*;
use common::stage1::*;
use common::*;

/// AP[2:1] x op, PSTATE.PAN = 0: every row derived from Table D8-63.
#[test]
fn ap_by_op() {
    // (AP, [S1E1R, S1E1W, S1E0R, S1E0W, S1E1RP, S1E1WP, S1E1A]) allowed?
    let table: [(u64, [bool; 7]); 4] = [
        (0b00, [true, true, false, false, true, true, true]), // EL1 RW
        (0b01, [true, true, true, true, true, true, true]),   // EL1 RW, EL0 RW
        (0b10, [true, false, false, false, true, false, true]), // EL1 RO
        (0b11, [true, false, true, false, true, false, true]), // EL1 RO, EL0 RO
    ];
    let mut rows = Vec::new();
    for (apv, allowed) in table {
        for (op, ok) in AtOp::ALL.into_iter().zip(allowed) {
            for (hi, va) in [("TTBR0", VA39), ("TTBR1", VA39_HI)] {
                let r = row(
                    leak(format!("AP=0b{apv:02b} {} {hi}", op.name())),
                    page(0, ap(apv), [0, 0]),
                    op,
                    va,
                    if ok { OK } else { PERM3 },
                );
                rows.push(if ok { r } else { r.rule(Rule::PermissionCheck) });
            }
        }
    }
    assert_eq!(rows.len(), 56);
    check_rows(&rows);
}

/// DBM (bit 51) with TCR_EL1.HD (effective only with HA and FEAT_HAFDBS)
/// clears the effective AP[2] (S1DirectBasePermissions()).
#[test]
fn dbm_with_hd() {
    use Feature::*;
    const DBM: u64 = 1 << 51;
    const HD: u64 = 1 << 40;
    let pc = Rule::PermissionCheck;
    let rows = vec![
        row(
            "DBM HA+HD AP=10 S1E1W",
            page(HA | HD, ap(0b10) | DBM, [0, 0]),
            S1E1W,
            VA39,
            OK,
        ),
        row(
            "DBM HA+HD AP=11 S1E0W",
            page(HA | HD, ap(0b11) | DBM, [0, 0]),
            S1E0W,
            VA39,
            OK,
        ),
        row(
            "DBM HA+HD AP=10 S1E0R",
            page(HA | HD, ap(0b10) | DBM, [0, 0]),
            S1E0R,
            VA39,
            PERM3,
        )
        .rule(pc),
        row(
            "DBM HD without HA",
            page(HD, ap(0b10) | DBM, [0, 0]),
            S1E1W,
            VA39,
            PERM3,
        )
        .rule(pc),
        row(
            "DBM HA only",
            page(HA, ap(0b10) | DBM, [0, 0]),
            S1E1W,
            VA39,
            PERM3,
        )
        .rule(pc),
        row(
            "DBM HA+HD no FEAT_HAFDBS",
            page(HA | HD, ap(0b10) | DBM, [0, 0]).without(&[Hafdbs]),
            S1E1W,
            VA39,
            PERM3,
        )
        .rule(pc),
        row(
            "no DBM HA+HD AP=10 S1E1W",
            page(HA | HD, ap(0b10), [0, 0]),
            S1E1W,
            VA39,
            PERM3,
        )
        .rule(pc),
        // APTable=10 still removes write (it is not AP[2]).
        row(
            "DBM HA+HD under APTable=10",
            page(HA | HD, ap(0b10) | DBM, [ap_table(0b10), 0]),
            S1E1W,
            VA39,
            PERM3,
        )
        .rule(pc),
        // AP=11 with DBM is EL0-writable: PAN applies to S1E1WP.
        row(
            "DBM HA+HD AP=11 PAN S1E1WP",
            page(HA | HD, ap(0b11) | DBM, [0, 0]).pan(true),
            S1E1WP,
            VA39,
            PERM3,
        )
        .rule(Rule::Pan),
    ];
    check_rows(&rows);
}

/// R_CSRQR: a Permission fault is reported at the level of the block or
/// page, even when a table's APTable caused it.
#[test]
fn permission_fault_level() {
    let s = |level: i8, leaf: u64, tbl: u64| {
        Setup::new(TCR, T0).path_ex(12, 39, T0, 0, VA39, level, leaf, &[tbl, tbl])
    };
    let rows = vec![
        row(
            "L1 block AP=10 S1E1W",
            s(1, 0x4000_0000 | BLOCK | LEAF_ATTRS | ap(0b10), 0),
            S1E1W,
            VA39,
            Want::Par(0x0000_0000_0000_081b), // F, FST=0b001101 permission L1
        ),
        row(
            "L2 block AP=00 S1E0R",
            s(2, 0x4060_0000 | BLOCK | LEAF_ATTRS, 0),
            S1E0R,
            VA39,
            Want::Par(0x0000_0000_0000_081d), // permission L2
        ),
        row(
            "L2 block under L1 APTable=01 S1E0R",
            s(
                2,
                0x4060_0000 | BLOCK | LEAF_ATTRS | ap(0b01),
                ap_table(0b01),
            ),
            S1E0R,
            VA39,
            Want::Par(0x81d),
        ),
        row(
            "L3 page under APTable=10 S1E1W",
            s(3, OUT | PAGE | LEAF_ATTRS, ap_table(0b10)),
            S1E1W,
            VA39,
            Want::Par(0x81f),
        ),
        // 16KB and 64KB pages.
        row(
            "16K page AP=11 S1E0W",
            Setup::new(TG0_16K | t0sz(25) | ips(0b101), T0).path(
                14,
                39,
                T0,
                VA39,
                3,
                OUT | PAGE | LEAF_ATTRS | ap(0b11),
            ),
            S1E0W,
            VA39,
            Want::Par(0x81f),
        ),
        row(
            "64K page AP=11 S1E0R",
            Setup::new(TG0_64K | t0sz(25) | ips(0b101), T0).path(
                16,
                39,
                T0,
                VA39,
                3,
                OUT | PAGE | LEAF_ATTRS | ap(0b11),
            ),
            S1E0R,
            VA39,
            Want::Par(0xff00_0000_4050_7b80), // PA 0x4050_0000 | VA[15:12]=7
        ),
    ];
    check_rows(&rows);
}
