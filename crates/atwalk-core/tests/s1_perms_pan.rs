//! PAN as AT sees it: PSTATE.PAN for S1E1RP/S1E1WP only (R_PMTWB,
//! S1DirectBasePermissions()), EPAN (FEAT_PAN3), PAN without FEAT_PAN, and
//! the ops that are UNDEFINED without FEAT_PAN2 (S1E1RP, S1E1WP) or
//! FEAT_ATS1A (S1E1A).

mod common;
use AtOp::*;
use common::stage1::*;
use common::*;

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
