//! Stage 2 permissions and Access flag on the stage 1 walk: S2AP (a walk
//! reads, so read permission is enough), the stage 2 AF with and without
//! VTCR_EL2.HA (FEAT_HAFDBS), and HCR_EL2.PTW (a stage 1 walk to stage 2
//! Device memory is a stage 2 Permission fault at the stage 2 leaf level).

mod common;
use common::stage2::*;
use common::*;

#[test]
fn s2ap_af_and_ptw() {
    use Feature::*;
    let perm = Rule::Stage2Permissions;
    let nrm = memattr(0b1111) | sh(0b11);
    let rows = vec![
        row(
            "S2AP=01 read-only is enough",
            s2_block(s1(), 0x4000_0000, nrm | s2ap(0b01) | AF),
            AtOp::S1E1R,
            VA39,
            OK,
        ),
        row(
            "S2AP=01 for S1E1W",
            s2_block(s1(), 0x4000_0000, nrm | s2ap(0b01) | AF),
            AtOp::S1E1W,
            VA39,
            OK,
        ),
        row(
            "S2AP=10 write-only",
            s2_block(s1(), 0x4000_0000, nrm | s2ap(0b10) | AF),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b1b), // F, PTW, S, FST=0b001101 permission L1 (stage 2)
        )
        .rule(perm),
        row(
            "S2AP=00 none",
            s2_block(s1(), 0x4000_0000, nrm | AF),
            AtOp::S1E1A,
            VA39,
            Want::Par(0xb1b),
        )
        .rule(perm),
        row(
            "S2AP=00 on the S1 L3 table's S2 page",
            s2_page(
                s2_page(
                    s2_page(s1(), 0x4000_0000, 0x8002_0000, S2_RW_NORMAL),
                    0x4100_0000,
                    0x8003_0000,
                    S2_RW_NORMAL,
                ),
                0x4101_0000,
                0x8003_0000,
                nrm | AF,
            ),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b1f), // permission L3 (stage 2)
        )
        .rule(perm),
        row(
            "S2 block AF=0",
            s2_block(s1(), 0x4000_0000, nrm | s2ap(0b11)),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b13), // F, PTW, S, FST=0b001001 access flag L1 (stage 2)
        )
        .rule(Rule::AccessFlag),
        row(
            "S2 page AF=0",
            s2_pages(s1(), nrm | s2ap(0b11)),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b17), // access flag L3 (stage 2)
        )
        .rule(Rule::AccessFlag),
        row(
            "S2 block AF=0 with VTCR.HA",
            s2_block(s1().vtcr(VTCR | VHA), 0x4000_0000, nrm | s2ap(0b11)),
            AtOp::S1E1R,
            VA39,
            OK,
        ),
        row(
            "S2 block AF=0 with VTCR.HA, no FEAT_HAFDBS",
            s2_block(
                s1().vtcr(VTCR | VHA).without(&[Hafdbs]),
                0x4000_0000,
                nrm | s2ap(0b11),
            ),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xb13),
        )
        .rule(Rule::AccessFlag),
        row(
            "S2 AF=0 and S2AP=00: AF first",
            s2_block(s1(), 0x4000_0000, nrm),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xb13),
        )
        .rule(Rule::AccessFlag),
        // HCR_EL2.PTW: a stage 1 walk to stage 2 Device memory is a stage 2
        // permission fault at the stage 2 leaf level.
        row(
            "PTW, S2 Device-nGnRnE block",
            s2_block(
                s1().hcr(HCR_VM | HCR_PTW),
                0x4000_0000,
                memattr(0b0000) | s2ap(0b11) | AF,
            ),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b1b), // permission L1 (stage 2)
        )
        .rule(perm),
        row(
            "PTW, S2 Device-GRE page",
            s2_pages(
                s1().hcr(HCR_VM | HCR_PTW),
                memattr(0b0011) | s2ap(0b11) | AF,
            ),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b1f), // permission L3 (stage 2)
        )
        .rule(perm),
        row(
            "PTW, S2 Device-nGnRE page for the S1 L1 table only",
            s2_pages(
                s1().hcr(HCR_VM | HCR_PTW),
                memattr(0b0001) | s2ap(0b01) | AF,
            ),
            AtOp::S1E1W,
            VA39,
            Want::Par(0xb1f),
        )
        .rule(perm),
        row(
            "no PTW, S2 Device",
            s2_block(s1(), 0x4000_0000, memattr(0b0000) | s2ap(0b11) | AF),
            AtOp::S1E1R,
            VA39,
            OK,
        ),
        row(
            "PTW, S2 Normal NC",
            s2_block(
                s1().hcr(HCR_VM | HCR_PTW),
                0x4000_0000,
                memattr(0b0101) | s2ap(0b11) | AF,
            ),
            AtOp::S1E1R,
            VA39,
            OK,
        ),
    ];
    check_rows(&rows);
}
