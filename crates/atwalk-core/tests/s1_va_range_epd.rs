//! Which VAs stage 1 walks: the VA range of TTBR0 and TTBR1 with and
//! without TBI0/TBI1 (AArch64.VAIsOutOfRange()), the walks disabled by
//! TCR_EL1.EPDn and, for EL0 ops, by E0PDn (R_VZZSZ, FEAT_E0PD), and the
//! order of those checks in AArch64.S1Translate().

mod common;
use common::stage1::*;
use common::*;

#[test]
fn va_range_and_tbi() {
    let vr = Rule::VaRange;
    let both = |tcr: u64| {
        s(K4_48 | ips(0b101) | tcr)
            .path_ex(12, 48, T0, 0, VA48, 3, OUT | PAGE | LEAF_ATTRS, &[])
            .path_ex(12, 48, T1, 8, VA48_HI, 3, OUT | PAGE | LEAF_ATTRS, &[])
    };
    let ok = Want::Par(0xff00_0000_4050_0b80); // ATTR 0xff, PA 0x4050_0000, SH 0b11
    let rows = vec![
        row("lower, in range", both(0), AtOp::S1E1R, VA48, ok),
        row("upper, in range", both(0), AtOp::S1E1R, VA48_HI, ok),
        row(
            "lower, bit 48 set",
            both(0),
            AtOp::S1E1R,
            0x0001_5a5a_4321_7678,
            Want::Par(0x809),
        )
        .rule(vr),
        row(
            "lower 39-bit, bit 39 set",
            s(K4_39),
            AtOp::S1E1R,
            0x0000_0080_0000_0000,
            Want::Par(0x0000_0000_0000_0809), // translation L0
        )
        .rule(vr),
        row(
            "upper 39-bit, bit 39 clear",
            s(K4_39),
            AtOp::S1E1R,
            0xffff_ff7f_ffff_f000,
            Want::Par(0x809),
        )
        .rule(vr),
        row(
            "lower tagged, no TBI0",
            both(0),
            AtOp::S1E1R,
            0xab00_5a5a_4321_7678,
            Want::Par(0x809),
        )
        .rule(vr),
        row(
            "lower tagged, TBI0",
            both(TBI0),
            AtOp::S1E1R,
            0xab00_5a5a_4321_7678,
            ok,
        ),
        row(
            "lower tagged, TBI1 only",
            both(TBI1),
            AtOp::S1E1R,
            0xab00_5a5a_4321_7678,
            Want::Par(0x809),
        )
        .rule(vr),
        row(
            "lower tagged, TBI0, bit 48 set",
            both(TBI0),
            AtOp::S1E1R,
            0xab01_5a5a_4321_7678,
            Want::Par(0x809),
        )
        .rule(vr),
        row(
            "upper, bit 63 clear, no TBI1",
            both(0),
            AtOp::S1E1R,
            0x7fff_5a5a_4321_7678,
            Want::Par(0x809),
        )
        .rule(vr),
        row(
            "upper tagged, TBI1",
            both(TBI1),
            AtOp::S1E1R,
            0x12ff_5a5a_4321_7678,
            ok,
        ),
        row(
            "upper tagged, TBI0 only",
            both(TBI0),
            AtOp::S1E1R,
            0x12ff_5a5a_4321_7678,
            Want::Par(0x809),
        )
        .rule(vr),
        row(
            "upper, bit 52 clear",
            both(TBI1),
            AtOp::S1E1R,
            0xffef_5a5a_4321_7678,
            Want::Par(0x809),
        )
        .rule(vr),
        // VA[55] picks the range even when the top byte says otherwise.
        row(
            "VA[55]=0 with top byte 0xff, TBI0",
            both(TBI0),
            AtOp::S1E1R,
            0xff00_5a5a_4321_7678,
            ok,
        ),
    ];
    check_rows(&rows);
}

#[test]
fn epd_and_e0pd() {
    use Feature::*;
    let user = OUT | PAGE | LEAF_ATTRS | ap(0b01);
    let both = |tcr: u64| {
        s(K4_48 | ips(0b101) | tcr)
            .path_ex(12, 48, T0, 0, VA48, 3, user, &[])
            .path_ex(12, 48, T1, 8, VA48_HI, 3, user, &[])
    };
    let ok = Want::Par(0xff00_0000_4050_0b80);
    let t0 = Want::Par(0x0000_0000_0000_0809); // translation L0
    let rows = vec![
        row("EPD0 TTBR0", both(EPD0), AtOp::S1E1R, VA48, t0).rule(Rule::Epd),
        row("EPD0 TTBR1 walks", both(EPD0), AtOp::S1E1R, VA48_HI, ok),
        row("EPD1 TTBR1", both(EPD1), AtOp::S1E1R, VA48_HI, t0).rule(Rule::Epd),
        row("EPD1 TTBR0 walks", both(EPD1), AtOp::S1E1R, VA48, ok),
        row("EPD0 S1E0R", both(EPD0), AtOp::S1E0R, VA48, t0).rule(Rule::Epd),
        row("E0PD0 S1E0R", both(E0PD0), AtOp::S1E0R, VA48, t0).rule(Rule::E0pd),
        row("E0PD0 S1E0W", both(E0PD0), AtOp::S1E0W, VA48, t0).rule(Rule::E0pd),
        row("E0PD0 S1E1R walks", both(E0PD0), AtOp::S1E1R, VA48, ok),
        row("E0PD0 S1E1W walks", both(E0PD0), AtOp::S1E1W, VA48, ok),
        row(
            "E0PD0 S1E0R TTBR1 walks",
            both(E0PD0),
            AtOp::S1E0R,
            VA48_HI,
            ok,
        ),
        row("E0PD1 S1E0R TTBR1", both(E0PD1), AtOp::S1E0R, VA48_HI, t0).rule(Rule::E0pd),
        row(
            "E0PD1 S1E0R TTBR0 walks",
            both(E0PD1),
            AtOp::S1E0R,
            VA48,
            ok,
        ),
        row(
            "E0PD0 without FEAT_E0PD",
            both(E0PD0).without(&[E0pd]),
            AtOp::S1E0R,
            VA48,
            ok,
        ),
        // Order in AArch64.S1Translate(): TxSZ, VA range, E0PD, then EPD (S1Walk).
        row(
            "E0PD0 and EPD0: E0PD first",
            both(E0PD0 | EPD0),
            AtOp::S1E0R,
            VA48,
            t0,
        )
        .rule(Rule::E0pd),
        row(
            "E0PD0 with the VA out of range: range first",
            both(E0PD0),
            AtOp::S1E0R,
            0x0001_0000_0000_0000,
            t0,
        )
        .rule(Rule::VaRange),
        row(
            "EPD0 with T0SZ out of range: TxSZ first",
            Setup::new(t0sz(50) | EPD0, T0),
            AtOp::S1E1R,
            0x1000,
            t0,
        )
        .rule(Rule::TxSzLimits),
    ];
    check_rows(&rows);
}
