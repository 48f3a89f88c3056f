//! Stage 1 permissions as AT sees them: AP[2:1] for each of the seven ops
//! (R_RNGJG, CreateAccDescAT()), execute-never bits (never checked by AT),
//! APTable/UXNTable/PXNTable with HPDn (FEAT_HPDS), WXN, PAN for S1E1RP/WP
//! only (R_PMTWB), EPAN (FEAT_PAN3), DBM with TCR_EL1.HD, the ops that are
//! UNDEFINED without FEAT_PAN2 / FEAT_ATS1A, and the fault level (R_CSRQR).

mod common;
use AtOp::*;
use common::*;

const T0: u64 = 0x4000_0000;
const T1: u64 = 0x4002_0000;
const OUT: u64 = 0x4050_0000;
const VA39: u64 = 0x0000_0055_4321_7678;
const VA39_HI: u64 = 0xffff_ffd5_4321_7678;
const TCR: u64 = TG0_4K | t0sz(25) | TG1_4K | t1sz(25) | ips(0b101);

/// ATTR 0xff, PA 0x4050_0000, NS, SH 0b11, RES1.
const OK: Want = Want::Par(0xff00_0000_4050_0b80);
/// F, FST=0b001111 permission L3, RES1.
const PERM3: Want = Want::Par(0x0000_0000_0000_081f);

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// VA39 and VA39_HI mapped to OUT by a 4KB L3 page with `bits` besides the
/// OA, type, AF, SH and AttrIndx; `tbl` ORed into the L1 and L2 table
/// descriptors respectively.
fn page(tcr: u64, bits: u64, tbl: [u64; 2]) -> Setup {
    let leaf = OUT | PAGE | LEAF_ATTRS | bits;
    Setup::new(TCR | tcr, T0)
        .ttbr1(T1)
        .path_ex(12, 39, T0, 0, VA39, 3, leaf, &tbl)
        .path_ex(12, 39, T1, 8, VA39_HI, 3, leaf, &tbl)
}

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

/// PSTATE.PAN = 1: only S1E1RP and S1E1WP honour it, and only on pages EL0
/// can read or write (S1DirectBasePermissions(): pan = PSTATE.PAN AND (ur OR uw
/// OR (epan AND ux))).
#[test]
fn pan_by_op() {
    let table: [(u64, [bool; 7]); 4] = [
        (0b00, [true, true, false, false, true, true, true]),
        (0b01, [true, true, true, true, false, false, true]),
        (0b10, [true, false, false, false, true, false, true]),
        (0b11, [true, false, true, false, false, false, true]),
    ];
    let mut rows = Vec::new();
    for (apv, allowed) in table {
        for (op, ok) in AtOp::ALL.into_iter().zip(allowed) {
            let r = row(
                leak(format!("PAN AP=0b{apv:02b} {}", op.name())),
                page(0, ap(apv), [0, 0]).pan(true),
                op,
                VA39,
                if ok { OK } else { PERM3 },
            );
            // PAN decides where the page would otherwise be allowed.
            let pan_decides = !ok && matches!(op, S1E1RP) || (!ok && op == S1E1WP && apv == 0b01);
            rows.push(if pan_decides { r.rule(Rule::Pan) } else { r });
        }
    }
    check_rows(&rows);
}

#[test]
fn pan_epan_and_features() {
    use Feature::*;
    let epan = SCTLR_M | SCTLR_C | SCTLR_EPAN;
    let rows = vec![
        row(
            "no FEAT_PAN: PSTATE.PAN ignored",
            page(0, ap(0b01), [0, 0]).pan(true).without(&[Pan]),
            S1E1RP,
            VA39,
            OK,
        ),
        row(
            "PAN=1 TTBR1 S1E1RP EL0 page",
            page(0, ap(0b01), [0, 0]).pan(true),
            S1E1RP,
            VA39_HI,
            PERM3,
        )
        .rule(Rule::Pan),
        // EPAN: an EL0-executable page counts as EL0-accessible.
        row(
            "EPAN AP=00 UXN=0 S1E1RP",
            page(0, ap(0b00), [0, 0]).pan(true).sctlr(epan),
            S1E1RP,
            VA39,
            PERM3,
        )
        .rule(Rule::Pan),
        row(
            "EPAN AP=00 UXN=0 S1E1WP",
            page(0, ap(0b00), [0, 0]).pan(true).sctlr(epan),
            S1E1WP,
            VA39,
            PERM3,
        )
        .rule(Rule::Pan),
        row(
            "EPAN AP=10 UXN=0 S1E1RP",
            page(0, ap(0b10), [0, 0]).pan(true).sctlr(epan),
            S1E1RP,
            VA39,
            PERM3,
        )
        .rule(Rule::Pan),
        row(
            "EPAN AP=00 UXN=1 S1E1RP",
            page(0, ap(0b00) | UXN, [0, 0]).pan(true).sctlr(epan),
            S1E1RP,
            VA39,
            OK,
        ),
        row(
            "EPAN AP=00 UXNTable S1E1RP",
            page(0, ap(0b00), [UXN_TABLE, 0]).pan(true).sctlr(epan),
            S1E1RP,
            VA39,
            OK,
        ),
        row(
            "EPAN AP=00 UXNTable ignored with HPD0",
            page(HPD0, ap(0b00), [UXN_TABLE, 0]).pan(true).sctlr(epan),
            S1E1RP,
            VA39,
            PERM3,
        )
        .rule(Rule::Pan),
        row(
            "EPAN AP=00 PXN=1 still EL0-executable",
            page(0, ap(0b00) | PXN, [0, 0]).pan(true).sctlr(epan),
            S1E1RP,
            VA39,
            PERM3,
        )
        .rule(Rule::Pan),
        row(
            "EPAN without PSTATE.PAN",
            page(0, ap(0b00), [0, 0]).sctlr(epan),
            S1E1RP,
            VA39,
            OK,
        ),
        row(
            "EPAN with S1E1R",
            page(0, ap(0b00), [0, 0]).pan(true).sctlr(epan),
            S1E1R,
            VA39,
            OK,
        ),
        row(
            "EPAN=0 AP=00 UXN=0 S1E1RP",
            page(0, ap(0b00), [0, 0]).pan(true),
            S1E1RP,
            VA39,
            OK,
        ),
        row(
            "EPAN without FEAT_PAN3",
            page(0, ap(0b00), [0, 0])
                .pan(true)
                .sctlr(epan)
                .without(&[Pan3]),
            S1E1RP,
            VA39,
            OK,
        ),
        // APTable=0b01 removes EL0 access, so PAN no longer applies.
        row(
            "PAN with APTable=01 over an EL0 page",
            page(0, ap(0b01) | UXN, [ap_table(0b01), 0]).pan(true),
            S1E1RP,
            VA39,
            OK,
        ),
        // UNDEFINED ops.
        row(
            "S1E1RP without FEAT_PAN2",
            page(0, 0, [0, 0]).without(&[Pan2]),
            S1E1RP,
            VA39,
            Want::Undef(Pan2),
        )
        .rule(Rule::AtUndefined),
        row(
            "S1E1WP without FEAT_PAN2",
            page(0, 0, [0, 0]).without(&[Pan2]),
            S1E1WP,
            VA39,
            Want::Undef(Pan2),
        )
        .rule(Rule::AtUndefined),
        row(
            "S1E1A without FEAT_ATS1A",
            page(0, 0, [0, 0]).without(&[Ats1a]),
            S1E1A,
            VA39,
            Want::Undef(Ats1a),
        )
        .rule(Rule::AtUndefined),
        row(
            "S1E1R without FEAT_PAN2 and ATS1A",
            page(0, 0, [0, 0]).without(&[Pan2, Ats1a]),
            S1E1R,
            VA39,
            OK,
        ),
        row(
            "S1E1A under PAN on an EL0 page",
            page(0, ap(0b01), [0, 0]).pan(true),
            S1E1A,
            VA39,
            OK,
        ),
        row(
            "S1E1A with APTable=11 over AP=00",
            page(0, ap(0b00), [ap_table(0b11), 0]),
            S1E1A,
            VA39,
            OK,
        ),
        row(
            "S1E1A with MMU off",
            page(0, 0, [0, 0]).sctlr(0),
            S1E1A,
            VA39,
            Want::Par(0x0000_0055_4321_7b00),
        ),
    ];
    check_rows(&rows);
}

#[test]
fn hierarchical_and_xn() {
    use Feature::*;
    let pc = Rule::PermissionCheck;
    let rows = vec![
        // XN never matters to AT (no execute check).
        row(
            "UXN|PXN S1E1R",
            page(0, ap(0b01) | UXN | PXN, [0, 0]),
            S1E1R,
            VA39,
            OK,
        ),
        row(
            "UXN|PXN S1E0W",
            page(0, ap(0b01) | UXN | PXN, [0, 0]),
            S1E0W,
            VA39,
            OK,
        ),
        row(
            "UXNTable|PXNTable S1E0R",
            page(0, ap(0b01), [UXN_TABLE | PXN_TABLE, 0]),
            S1E0R,
            VA39,
            OK,
        ),
        // APTable (Table D8-64).
        row(
            "APTable=01 S1E0R",
            page(0, ap(0b01), [ap_table(0b01), 0]),
            S1E0R,
            VA39,
            PERM3,
        )
        .rule(pc),
        row(
            "APTable=01 S1E0W",
            page(0, ap(0b01), [ap_table(0b01), 0]),
            S1E0W,
            VA39,
            PERM3,
        )
        .rule(pc),
        row(
            "APTable=01 S1E1W",
            page(0, ap(0b01), [ap_table(0b01), 0]),
            S1E1W,
            VA39,
            OK,
        ),
        row(
            "APTable=10 S1E1W",
            page(0, ap(0b01), [ap_table(0b10), 0]),
            S1E1W,
            VA39,
            PERM3,
        )
        .rule(pc),
        row(
            "APTable=10 S1E0W",
            page(0, ap(0b01), [ap_table(0b10), 0]),
            S1E0W,
            VA39,
            PERM3,
        )
        .rule(pc),
        row(
            "APTable=10 S1E0R",
            page(0, ap(0b01), [ap_table(0b10), 0]),
            S1E0R,
            VA39,
            OK,
        ),
        row(
            "APTable=10 S1E1WP",
            page(0, ap(0b00), [ap_table(0b10), 0]),
            S1E1WP,
            VA39,
            PERM3,
        )
        .rule(pc),
        row(
            "APTable=11 S1E0R",
            page(0, ap(0b01), [ap_table(0b11), 0]),
            S1E0R,
            VA39,
            PERM3,
        )
        .rule(pc),
        row(
            "APTable=11 S1E1W",
            page(0, ap(0b01), [ap_table(0b11), 0]),
            S1E1W,
            VA39,
            PERM3,
        )
        .rule(pc),
        row(
            "APTable=11 S1E1R",
            page(0, ap(0b01), [ap_table(0b11), 0]),
            S1E1R,
            VA39,
            OK,
        ),
        // Accumulated over levels: 01 at L1 and 10 at L2 act as 11.
        row(
            "APTable 01 then 10 S1E0R",
            page(0, ap(0b01), [ap_table(0b01), ap_table(0b10)]),
            S1E0R,
            VA39,
            PERM3,
        )
        .rule(pc),
        row(
            "APTable 01 then 10 S1E1W",
            page(0, ap(0b01), [ap_table(0b01), ap_table(0b10)]),
            S1E1W,
            VA39,
            PERM3,
        )
        .rule(pc),
        row(
            "APTable at L2 only S1E0R",
            page(0, ap(0b01), [0, ap_table(0b01)]),
            S1E0R,
            VA39,
            PERM3,
        )
        .rule(pc),
        // HPD0/HPD1 (FEAT_HPDS): APTable ignored in that half only.
        row(
            "HPD0 APTable=11 S1E0W",
            page(HPD0, ap(0b01), [ap_table(0b11), 0]),
            S1E0W,
            VA39,
            OK,
        ),
        row(
            "HPD0 APTable=11 S1E1W",
            page(HPD0, ap(0b01), [ap_table(0b11), 0]),
            S1E1W,
            VA39,
            OK,
        ),
        row(
            "HPD0 APTable=11 TTBR1 S1E0W",
            page(HPD0, ap(0b01), [ap_table(0b11), 0]),
            S1E0W,
            VA39_HI,
            PERM3,
        )
        .rule(pc),
        row(
            "HPD1 APTable=11 TTBR1 S1E0W",
            page(HPD1, ap(0b01), [ap_table(0b11), 0]),
            S1E0W,
            VA39_HI,
            OK,
        ),
        row(
            "HPD1 APTable=11 TTBR0 S1E0W",
            page(HPD1, ap(0b01), [ap_table(0b11), 0]),
            S1E0W,
            VA39,
            PERM3,
        )
        .rule(pc),
        row(
            "HPD0 without FEAT_HPDS",
            page(HPD0, ap(0b01), [ap_table(0b11), 0]).without(&[Hpds]),
            S1E0W,
            VA39,
            PERM3,
        )
        .rule(pc),
        // WXN removes execute only: never changes an AT result.
        row(
            "WXN AP=00 S1E1W",
            page(0, ap(0b00), [0, 0]).sctlr(SCTLR_M | SCTLR_C | SCTLR_WXN),
            S1E1W,
            VA39,
            OK,
        ),
        row(
            "WXN AP=01 S1E0W",
            page(0, ap(0b01), [0, 0]).sctlr(SCTLR_M | SCTLR_C | SCTLR_WXN),
            S1E0W,
            VA39,
            OK,
        ),
        row(
            "WXN AP=10 S1E1W",
            page(0, ap(0b10), [0, 0]).sctlr(SCTLR_M | SCTLR_C | SCTLR_WXN),
            S1E1W,
            VA39,
            PERM3,
        )
        .rule(pc),
    ];
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
