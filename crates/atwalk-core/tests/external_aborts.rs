//! Synchronous External aborts on the walk (memory outside the RAM ranges):
//! a Data Abort instead of a PAR (R_YLGBV), DFSC = 0b0101LL or 0b010011 at
//! level -1, for a stage 1 read at each level, inside a stage 2 walk (the
//! stage 2 level), and for a stage 1 read at a stage 2 output address.

mod common;
use common::stage2::*;
use common::*;

/// A synchronous External abort on the walk is taken as a Data Abort
/// (R_YLGBV); DFSC = 0b0101LL, or 0b010011 at level -1. Inside a stage 2
/// walk the level is the stage 2 level.
#[test]
fn external_aborts() {
    let ram = |s: Setup| s.ram(0x4000_0000, 0x4000_0000);
    let ea = Rule::ExternalAbortOnWalk;
    let k4 = TG0_4K | t0sz(16) | ips(0b101);
    let va48 = 0x0000_5a5a_4321_7678;
    let rows = vec![
        // Stage 1 only: the table at level n has no memory behind it.
        row(
            "S1 L0 table outside RAM",
            ram(Setup::new(k4, 0x1000)),
            AtOp::S1E1R,
            va48,
            Want::Abort(0x14),
        )
        .rule(ea),
        row(
            "S1 L1 table outside RAM",
            ram(Setup::new(k4, T0).path_at(12, 48, &[T0, 0x8000_0000], va48, 0)),
            AtOp::S1E1R,
            va48,
            Want::Abort(0x15),
        )
        .rule(ea),
        row(
            "S1 L2 table outside RAM",
            ram(Setup::new(k4, T0).path_at(12, 48, &[T0, 0x4010_0000, 0x8000_0000], va48, 0)),
            AtOp::S1E1R,
            va48,
            Want::Abort(0x16),
        )
        .rule(ea),
        row(
            "S1 L3 table outside RAM",
            ram(Setup::new(k4, T0).path_at(
                12,
                48,
                &[T0, 0x4010_0000, 0x4011_0000, 0x8000_0000],
                va48,
                0,
            )),
            AtOp::S1E1R,
            va48,
            Want::Abort(0x17),
        )
        .rule(ea),
        row(
            "S1 L-1 table outside RAM",
            ram(Setup::new(TG0_4K | t0sz(12) | DS | ips(0b101), 0x1000)),
            AtOp::S1E1R,
            0x000a_5a5a_4321_7678,
            Want::Abort(0x13),
        )
        .rule(ea),
        row(
            "S1 E0 op aborts too",
            ram(Setup::new(k4, 0x1000)),
            AtOp::S1E0W,
            va48,
            Want::Abort(0x14),
        ),
        // Inside the stage 2 walk (VTTBR outside RAM): stage 2 level 1.
        row(
            "S2 L1 table outside RAM",
            s2_block(s1(), 0x4000_0000, S2_RW_NORMAL).ram(0x4000_0000, 0x1000_0000),
            AtOp::S1E1R,
            VA39,
            Want::Abort(0x15),
        )
        .rule(ea),
        row(
            "S2 L2 table outside RAM",
            s1().word(VTTBR + 8, 0x9000_0000 | TABLE)
                .ram(0x4000_0000, 0x1000_0000)
                .ram(VTTBR, 0x1000),
            AtOp::S1E1R,
            VA39,
            Want::Abort(0x16),
        )
        .rule(ea),
        // Stage 2 succeeds, the stage 1 read at the PA fails: stage 1 level.
        row(
            "S1 L1 read at an S2 output outside RAM",
            s2_block(s1(), 0xc000_0000, S2_RW_NORMAL)
                .ram(0x4000_0000, 0x4000_0000)
                .ram(VTTBR, 0x1000),
            AtOp::S1E1R,
            VA39,
            Want::Abort(0x15),
        )
        .rule(ea),
        row(
            "S1 L0 read at an S2 output outside RAM",
            s2_block(
                Setup::new(k4, T0).hcr(HCR_VM).vtcr(VTCR).vttbr(VTTBR),
                0xc000_0000,
                S2_RW_NORMAL,
            )
            .ram(0x4000_0000, 0x4000_0000)
            .ram(VTTBR, 0x1000),
            AtOp::S1E1R,
            va48,
            Want::Abort(0x14),
        )
        .rule(ea),
    ];
    check_rows(&rows);
    // The abort's Fault step: stage 2 with s1ptw for the stage 2 read.
    let r = s2_block(s1(), 0x4000_0000, S2_RW_NORMAL)
        .ram(0x4000_0000, 0x1000_0000)
        .run(AtOp::S1E1R, VA39);
    let f = fault_step(&r.trace).unwrap();
    assert_eq!(
        (f.kind, f.level, f.stage, f.s1ptw),
        (FaultKind::SyncExternalOnWalk, 1, Stage::S2, true)
    );
}
