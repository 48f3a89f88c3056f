//! Stage 2 under the stage 1 walk (HCR_EL2.VM): every stage 1 table
//! address is an IPA translated by AArch64.S2Translate() with a TTW access
//! before the read. A stage 2 fault is reported with PAR_EL1.S=1, PTW=1 and
//! FST = EncodeLDFSC(stage 2 fault, STAGE 2 level): a Translation fault at
//! each stage 2 level; the reads go where stage 2 points (blocks with an
//! offset too); SCTLR_EL1.EE applies to stage 1 descriptors only. The other
//! stage 2 rules: stage2_perms_af.rs, stage2_vtcr.rs, stage2_address_size.rs,
//! external_aborts.rs.

mod common;
use common::stage2::*;
use common::*;

#[test]
fn faults_at_each_stage2_level() {
    let inv = Rule::InvalidDescriptor;
    let rows = vec![
        row(
            "success through an S2 L1 block",
            s2_block(s1(), 0x4000_0000, S2_RW_NORMAL),
            AtOp::S1E1R,
            VA39,
            OK,
        ),
        row(
            "success through S2 pages",
            s2_pages(s1(), S2_RW_NORMAL),
            AtOp::S1E1R,
            VA39,
            OK,
        ),
        row(
            "S2 L1 entry missing",
            s1(),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b0b), // F, PTW, S, FST=0b000101 translation L1 (stage 2)
        )
        .rule(inv),
        row(
            "S2 L2 entry missing",
            s1().word(VTTBR + 8, 0x8001_0000 | TABLE),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b0d), // translation L2 (stage 2)
        )
        .rule(inv),
        row(
            "S2 L3 page missing for the S1 L1 table",
            s1().word(VTTBR + 8, 0x8001_0000 | TABLE)
                .word(0x8001_0000, 0x8002_0000 | TABLE),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b0f), // translation L3 (stage 2)
        )
        .rule(inv),
        row(
            "S2 L2 entry missing for the S1 L2 table",
            s2_page(s1(), 0x4000_0000, 0x8002_0000, S2_RW_NORMAL),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b0d), // IPA 0x4100_0000: S2 L2 index 8 empty
        )
        .rule(inv),
        row(
            "S2 L3 page missing for the S1 L3 table",
            s2_page(
                s2_page(s1(), 0x4000_0000, 0x8002_0000, S2_RW_NORMAL),
                0x4100_0000,
                0x8003_0000,
                S2_RW_NORMAL,
            ),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b0f), // IPA 0x4101_0000: S2 L3 index 0x10 empty
        )
        .rule(inv),
        row(
            "S2 L3 bits[1:0]=0b01 reserved",
            s1().word(VTTBR + 8, 0x8001_0000 | TABLE)
                .word(0x8001_0000, 0x8002_0000 | TABLE)
                .word(0x8002_0000, 0x4000_0000 | BLOCK | S2_RW_NORMAL),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xb0f),
        )
        .rule(Rule::ReservedDescriptor),
        row(
            "S2 start level 0 (T0SZ=16, SL0=0b10) entry missing",
            s1().vtcr(VTG0_4K | vt0sz(16) | sl0(0b10) | vps(0b101)),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b09), // translation L0 (stage 2)
        )
        .rule(inv),
        row(
            "S2 start level -1 (DS, SL2:SL0=0b100) entry missing",
            s1().vtcr(VTG0_4K | VDS | VSL2 | vt0sz(12) | sl0(0b00) | vps(0b110))
                .pa_bits(52),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b57), // F, PTW, S, FST=0b101011 translation L-1 (stage 2)
        )
        .rule(inv),
        row(
            "S2 start level 2 (T0SZ=33, SL0=0b00, 2 tables) with L2 blocks",
            Setup::new(TCR, T0)
                .hcr(HCR_VM)
                .vtcr(VTG0_4K | vt0sz(33) | sl0(0b00) | vps(0b101))
                .vttbr(VTTBR)
                .path(12, 39, T0, VA39, 3, OUT | PAGE | LEAF_ATTRS)
                .word(VTTBR + 8 * 0x200, 0x4000_0000 | BLOCK | S2_RW_NORMAL) // IPA[30:21] of 0x4000_0000
                .word(VTTBR + 8 * 0x208, 0x4100_0000 | BLOCK | S2_RW_NORMAL), // of 0x4100_0000 / 0x4101_0000
            AtOp::S1E1R,
            VA39,
            OK,
        ),
        // The stage 1 output is an IPA that AT S1E1* does not translate.
        row(
            "S1 output IPA not mapped by stage 2",
            s2_block(
                Setup::new(TCR, T0)
                    .hcr(HCR_VM)
                    .vtcr(VTCR)
                    .vttbr(VTTBR)
                    .path(12, 39, T0, VA39, 3, 0x9000_0000 | PAGE | LEAF_ATTRS),
                0x4000_0000,
                S2_RW_NORMAL,
            ),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_0000_9000_0b80), // IPA 0x9000_0000
        ),
        // A stage 1 fault after a successful stage 2: S=0, PTW=0.
        row(
            "S1 L3 invalid through stage 2",
            s2_block(
                Setup::new(TCR, T0)
                    .hcr(HCR_VM)
                    .vtcr(VTCR)
                    .vttbr(VTTBR)
                    .path(12, 39, T0, VA39, 3, 0),
                0x4000_0000,
                S2_RW_NORMAL,
            ),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_080f), // stage 1 translation L3
        )
        .rule(inv),
        row(
            "S1 permission through stage 2",
            s2_block(
                Setup::new(TCR, T0)
                    .hcr(HCR_VM)
                    .vtcr(VTCR)
                    .vttbr(VTTBR)
                    .path(12, 39, T0, VA39, 3, OUT | PAGE | LEAF_ATTRS),
                0x4000_0000,
                S2_RW_NORMAL,
            ),
            AtOp::S1E0R,
            VA39,
            Want::Par(0x0000_0000_0000_081f), // stage 1 permission L3
        )
        .rule(Rule::PermissionCheck),
        row(
            "HCR_EL2.VM=0: VTCR/VTTBR ignored",
            s1().hcr(0).vtcr(0x3f),
            AtOp::S1E1R,
            VA39,
            OK,
        ),
    ];
    check_rows(&rows);
}

/// Stage 1 tables at other PAs: the reads go where stage 2 points.
#[test]
fn stage2_relocates_the_tables() {
    let s = Setup::new(TCR, T0)
        .hcr(HCR_VM)
        .vtcr(VTCR)
        .vttbr(VTTBR)
        .word(0xc000_0000 + 8 * 0x155, 0x4100_0000 | TABLE)
        .word(0xc100_0000 + 8 * 0x019, 0x4101_0000 | TABLE)
        .word(0xc101_0000 + 8 * 0x017, OUT | PAGE | LEAF_ATTRS)
        .word(VTTBR + 8, 0xc000_0000 | BLOCK | S2_RW_NORMAL);
    check_rows(&[row(
        "IPA 1GB+x at PA 3GB+x",
        s.clone(),
        AtOp::S1E1R,
        VA39,
        OK,
    )]);
    // The Read steps are at the stage 2 output PAs.
    let r = s.run(AtOp::S1E1R, VA39);
    let reads: Vec<u64> = r
        .trace
        .iter()
        .filter_map(|st| match (&st.stage, &st.kind) {
            (Stage::S1, StepKind::Read { at, .. }) => Some(at.0),
            _ => None,
        })
        .collect();
    assert_eq!(
        reads,
        vec![
            0xc000_0000 + 8 * 0x155,
            0xc100_0000 + 8 * 0x019,
            0xc101_0000 + 8 * 0x017
        ]
    );
}

/// A legal T0SZ=40 (needs FEAT_TTST) stage 2 starting at level 2: IPA
/// [4MB, 6MB) maps to PA [0, 2MB), so the stage 1 reads happen at IPA - 4MB.
#[test]
fn stage2_block_offset() {
    let s = Setup::new(TG0_4K | t0sz(25) | ips(0b101), 0x40_0000)
        .hcr(HCR_VM)
        .vtcr(VTG0_4K | vt0sz(40) | sl0(0b00) | vps(0b101))
        .vttbr(VTTBR)
        .word(8 * 0x155, 0x41_0000 | TABLE)
        .word(0x1_0000 + 8 * 0x019, 0x42_0000 | TABLE)
        .word(0x2_0000 + 8 * 0x017, OUT | PAGE | LEAF_ATTRS)
        .word(VTTBR + 8 * 2, BLOCK | S2_RW_NORMAL);
    check_rows(&[row("IPA 4MB+x at PA x", s, AtOp::S1E1R, VA39, OK)]);
}

/// SCTLR_EL1.EE applies to stage 1 descriptors only (stage 2 uses
/// SCTLR_EL2.EE, 0 here).
#[test]
fn ee_with_stage2() {
    let be = |v: u64| v.swap_bytes();
    let s = Setup::new(TCR, T0)
        .sctlr(SCTLR_M | SCTLR_C | SCTLR_EE)
        .hcr(HCR_VM)
        .vtcr(VTCR)
        .vttbr(VTTBR)
        .word(T0 + 8 * 0x155, be(0x4100_0000 | TABLE))
        .word(0x4100_0000 + 8 * 0x019, be(0x4101_0000 | TABLE))
        .word(0x4101_0000 + 8 * 0x017, be(OUT | PAGE | LEAF_ATTRS))
        .word(VTTBR + 8, 0x4000_0000 | BLOCK | S2_RW_NORMAL);
    check_rows(&[
        row(
            "EE=1: S1 big-endian, S2 little-endian",
            s.clone(),
            AtOp::S1E1R,
            VA39,
            OK,
        ),
        row(
            "EE=1 with a big-endian S2 descriptor",
            s.clone()
                .tcr(TCR)
                .word(VTTBR + 16, 0)
                .vtcr(VTCR)
                .vttbr(VTTBR)
                .word(VTTBR + 8, 0x4000_0000 | BLOCK | S2_RW_NORMAL),
            AtOp::S1E1R,
            VA39,
            OK,
        ),
    ]);
    let mut s2be = s;
    s2be.mem
        .insert(VTTBR + 8, be(0x4000_0000 | BLOCK | S2_RW_NORMAL));
    check_rows(&[row(
        "EE=1 does not make S2 big-endian",
        s2be,
        AtOp::S1E1R,
        VA39,
        Want::Par(0xb0b),
    )]);
}
