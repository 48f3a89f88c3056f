//! Stage 1 hierarchical permissions and execute-never as AT sees them:
//! APTable (Table D8-64) at one level and accumulated over levels, ignored
//! in one half with HPD0/HPD1 (FEAT_HPDS); UXN/PXN and UXNTable/PXNTable
//! (never checked by AT); SCTLR_EL1.WXN (removes execute only).

mod common;
use AtOp::*;
use common::stage1::*;
use common::*;

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
