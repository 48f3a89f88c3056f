//! Stage 1 with the MMU off (SCTLR_EL1.M = 0, HCR_EL2.DC, HCR_EL2.TGE): the
//! flat map, its attributes and its PA-size check against the implemented
//! PA size, not IPS (AArch64.S1DisabledOutput()), with TBI, PAN and
//! HCR_EL2.VM (no stage 2 for a stage 1 AT).

mod common;
use common::*;

#[test]
fn mmu_off_flat_map() {
    let off = |sctlr: u64, hcr: u64, tcr: u64| Setup::new(tcr, 0).sctlr(sctlr).hcr(hcr);
    let fas = Rule::FlatAddressSize;
    let rows = vec![
        row(
            "M=0 Device-nGnRnE OSH",
            off(0, 0, 0),
            AtOp::S1E1R,
            0x0000_1234_5678_9abc,
            Want::Par(0x0000_1234_5678_9b00), // ATTR 0x00, PA 0x1234_5678_9000, NS, SH 0b10, RES1
        ),
        row(
            "M=0 S1E0W no permission check",
            off(0, 0, 0),
            AtOp::S1E0W,
            0x0000_1234_5678_9abc,
            Want::Par(0x0000_1234_5678_9b00),
        ),
        row(
            "M=0 HCR.DC Normal WB NSH",
            off(0, HCR_DC, 0),
            AtOp::S1E1R,
            0x0000_1234_5678_9abc,
            Want::Par(0xff00_1234_5678_9a00), // ATTR 0xff, SH 0b00
        ),
        row(
            "M=1 with HCR.DC is flat",
            off(SCTLR_M | SCTLR_C, HCR_DC, 0),
            AtOp::S1E1W,
            0x0000_0000_1234_5000,
            Want::Par(0xff00_0000_1234_5a00),
        ),
        row(
            "M=1 with HCR.TGE is flat",
            off(SCTLR_M | SCTLR_C, HCR_TGE, 0),
            AtOp::S1E1W,
            0x0000_0000_1234_5000,
            Want::Par(0x0000_0000_1234_5b00),
        ),
        row(
            "M=0 VA at 2^48 on a 48-bit PE",
            off(0, 0, 0),
            AtOp::S1E1R,
            0x0001_0000_0000_0000,
            Want::Par(0x0000_0000_0000_0801), // address size L0
        )
        .rule(fas),
        row(
            "M=0 DC VA at 2^48 on a 48-bit PE",
            off(0, HCR_DC, 0),
            AtOp::S1E1R,
            0x0001_0000_0000_0000,
            Want::Par(0x801),
        )
        .rule(fas),
        row(
            "M=0 VA at 2^48 on a 52-bit PE",
            off(0, 0, 0).pa_bits(52),
            AtOp::S1E1R,
            0x0001_0000_0000_0000,
            Want::Par(0x0001_0000_0000_0b00),
        ),
        row(
            "M=0 VA at 2^32 on a 32-bit PE",
            off(0, 0, 0).pa_bits(32),
            AtOp::S1E1R,
            0x0000_0001_0000_0000,
            Want::Par(0x801),
        )
        .rule(fas),
        row(
            "M=0 VA below 2^32 on a 32-bit PE",
            off(0, 0, 0).pa_bits(32),
            AtOp::S1E1R,
            0x0000_0000_ffff_f123,
            Want::Par(0x0000_0000_ffff_fb00),
        ),
        row(
            "M=0 uses PAMax, not IPS",
            off(0, 0, ips(0)),
            AtOp::S1E1R,
            0x0000_0001_0000_0000,
            Want::Par(0x0000_0001_0000_0b00),
        ),
        row(
            "M=0 TBI0 ignores the top byte",
            off(0, 0, TBI0),
            AtOp::S1E1R,
            0xab00_0000_1234_5000,
            Want::Par(0x0000_0000_1234_5b00), // PA = VA[55:0]
        ),
        row(
            "M=0 top byte without TBI0",
            off(0, 0, 0),
            AtOp::S1E1R,
            0xab00_0000_1234_5000,
            Want::Par(0x801),
        )
        .rule(fas),
        row(
            "M=0 TBI1 does not cover a lower-range VA",
            off(0, 0, TBI1),
            AtOp::S1E1R,
            0xab00_0000_1234_5000,
            Want::Par(0x801),
        )
        .rule(fas),
        row(
            "M=0 PSTATE.PAN has no effect",
            off(0, 0, 0).pan(true),
            AtOp::S1E1RP,
            0x0000_0000_1234_5000,
            Want::Par(0x0000_0000_1234_5b00),
        ),
        row(
            "M=0 with HCR.VM: no stage 2 for a stage 1 AT",
            off(0, HCR_VM, 0),
            AtOp::S1E1R,
            0x0000_0000_1234_5000,
            Want::Par(0x0000_0000_1234_5b00),
        ),
    ];
    check_rows(&rows);
}
