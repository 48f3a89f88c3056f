//! Stage 2 address size faults against VTCR_EL2.PS: VTTBR_EL2 (level 0), a
//! stage 2 table address (the table descriptor's level) and a stage 2
//! block's output address, all on the stage 1 walk (PAR_EL1.S=1, PTW=1).

mod common;
use common::stage2::*;
use common::*;

#[test]
fn stage2_address_size() {
    let v32 = VTG0_4K | vt0sz(25) | sl0(0b01) | vps(0b000);
    let rows = vec![
        row(
            "S2 block output above PS 32",
            s2_block(s1().vtcr(v32), 0x1_0000_0000, S2_RW_NORMAL),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b03), // F, PTW, S, FST=0b000001 address size L1 (stage 2)
        )
        .rule(Rule::AddressSizeOutput),
        row(
            "VTTBR above PS 32",
            s2_block(
                s1().vtcr(v32).vttbr(0x1_0000_0000),
                0x4000_0000,
                S2_RW_NORMAL,
            ),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b01), // address size L0 (stage 2)
        )
        .rule(Rule::AddressSizeTable),
        row(
            "S2 L1 table above PS 32",
            s1().vtcr(v32).word(VTTBR + 8, 0x1_0000_0000 | TABLE),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b03), // address size L1 (stage 2)
        )
        .rule(Rule::AddressSizeTable),
        row(
            "S2 block output below PS 32",
            s2_block(s1().vtcr(v32), 0x4000_0000, S2_RW_NORMAL),
            AtOp::S1E1R,
            VA39,
            OK,
        ),
    ];
    check_rows(&rows);
}
