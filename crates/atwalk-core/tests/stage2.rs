//! Stage 2 under the stage 1 walk (HCR_EL2.VM): every stage 1 table
//! address is an IPA translated by AArch64.S2Translate() with a TTW access
//! before the read. A stage 2 fault is reported with PAR_EL1.S=1, PTW=1 and
//! FST = EncodeLDFSC(stage 2 fault, STAGE 2 level). Also: VTCR_EL2 checks
//! (AArch64.S2TxSZFaults(), S2InvalidSL(), S2InconsistentSL(),
//! IPAIsOutOfRange(): level 0 Translation faults), concatenated start
//! tables, S2AP and AF, HCR_EL2.PTW with Device memory, stage 2 address
//! size faults, and External aborts (a Data Abort instead of PAR).

mod common;
use common::*;

const T0: u64 = 0x4000_0000;
const OUT: u64 = 0x4050_0000;
const VA39: u64 = 0x0000_0055_4321_7678;
/// 4KB stage 1, 39-bit VA, start level 1. VA39 indices: L1 0x155, L2 0x019,
/// L3 0x017; tables at IPAs 0x4000_0000, 0x4100_0000, 0x4101_0000.
const TCR: u64 = TG0_4K | t0sz(25) | ips(0b101);
const VTTBR: u64 = 0x8000_0000;
/// 4KB stage 2, 39-bit IPA, SL0=0b01: start level 1, one 512-entry table.
const VTCR: u64 = VTG0_4K | vt0sz(25) | sl0(0b01) | vps(0b101);
/// ATTR 0xff, IPA 0x4050_0000, NS, SH 0b11, RES1.
const OK: Want = Want::Par(0xff00_0000_4050_0b80);

/// The stage 1 tables (identity PAs) with stage 2 on and no stage 2 tables.
fn s1() -> Setup {
    Setup::new(TCR, T0)
        .hcr(HCR_VM)
        .vtcr(VTCR)
        .vttbr(VTTBR)
        .path(12, 39, T0, VA39, 3, OUT | PAGE | LEAF_ATTRS)
}

/// Stage 2 L1 block: IPA [1GB, 2GB) to PA `pa`, with `attrs`.
fn s2_block(s: Setup, pa: u64, attrs: u64) -> Setup {
    s.word(VTTBR + 8, pa | BLOCK | attrs) // IPA[38:30] = 1
}

/// Stage 2 4KB page for `ipa` (in [1GB, 2GB)) to PA `ipa`: L1 entry 1 to the
/// L2 table at 0x8001_0000, L2 entry IPA[29:21] to `l3`, L3 entry IPA[20:12].
fn s2_page(s: Setup, ipa: u64, l3: u64, attrs: u64) -> Setup {
    s.word(VTTBR + 8, 0x8001_0000 | TABLE)
        .word(0x8001_0000 + 8 * ((ipa >> 21) & 0x1ff), l3 | TABLE)
        .word(l3 + 8 * ((ipa >> 12) & 0x1ff), ipa | PAGE | attrs)
}

/// All three stage 1 tables mapped by stage 2 pages.
fn s2_pages(s: Setup, attrs: u64) -> Setup {
    let s = s2_page(s, 0x4000_0000, 0x8002_0000, attrs);
    let s = s2_page(s, 0x4100_0000, 0x8003_0000, S2_RW_NORMAL);
    s2_page(s, 0x4101_0000, 0x8003_0000, S2_RW_NORMAL)
}

// PAR_EL1 with F=1, PTW=1 (bit 8), S=1 (bit 9), RES1 (bit 11): 0xb01 | FST<<1.

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

#[test]
fn vtcr_checks() {
    use Feature::*;
    let cfg = Rule::Stage2Config;
    let s2l0 = Want::Par(0x0000_0000_0000_0b09); // F, PTW, S, FST=0b000100 translation L0 (stage 2)
    let with = |vtcr: u64| s2_block(s1().vtcr(vtcr), 0x4000_0000, S2_RW_NORMAL);
    let rows = vec![
        // S2InconsistentSL(): iasize must be in [levels*stride + g + 1, that + stride - 1 + 4].
        row(
            "4K SL0=0b11 (L3) with a 39-bit IPA",
            with(VTG0_4K | vt0sz(25) | sl0(0b11) | vps(0b101)),
            AtOp::S1E1R,
            VA39,
            s2l0,
        )
        .rule(cfg),
        row(
            "4K SL0=0b10 (L0) with a 39-bit IPA",
            with(VTG0_4K | vt0sz(25) | sl0(0b10) | vps(0b101)),
            AtOp::S1E1R,
            VA39,
            s2l0,
        )
        .rule(cfg),
        row(
            "4K SL0=0b00 (L2) with a 39-bit IPA",
            with(VTG0_4K | vt0sz(25) | sl0(0b00) | vps(0b101)),
            AtOp::S1E1R,
            VA39,
            s2l0,
        )
        .rule(cfg),
        row(
            "4K SL0=0b01 (L1) with a 44-bit IPA",
            with(VTG0_4K | vt0sz(20) | sl0(0b01) | vps(0b101)),
            AtOp::S1E1R,
            VA39,
            s2l0,
        )
        .rule(cfg),
        // S2InvalidSL().
        row(
            "64K SL0=0b11",
            with(VTG0_64K | vt0sz(25) | sl0(0b11) | vps(0b101)),
            AtOp::S1E1R,
            VA39,
            s2l0,
        )
        .rule(cfg),
        row(
            "16K SL0=0b11 without DS",
            with(VTG0_16K | vt0sz(16) | sl0(0b11) | vps(0b101)),
            AtOp::S1E1R,
            VA39,
            s2l0,
        )
        .rule(cfg),
        row(
            "4K SL0=0b10 (L0) on a 40-bit PE",
            with(VTG0_4K | vt0sz(24) | sl0(0b10) | vps(0b010)).pa_bits(40),
            AtOp::S1E1R,
            VA39,
            s2l0,
        )
        .rule(cfg),
        row(
            "4K SL0=0b11 (L3) without FEAT_TTST",
            with(VTG0_4K | vt0sz(40) | sl0(0b11) | vps(0b101)).without(&[Ttst]),
            AtOp::S1E1R,
            VA39,
            s2l0,
        )
        .rule(cfg),
        // S2TxSZFaults(): min 64 - PAMax (48 unless 52-bit with 64KB/DS), max 39/48/47.
        row(
            "T0SZ=15 on a 48-bit PE",
            with(VTG0_4K | vt0sz(15) | sl0(0b10) | vps(0b101)),
            AtOp::S1E1R,
            VA39,
            s2l0,
        )
        .rule(cfg),
        row(
            "T0SZ=19 on a 44-bit PE",
            with(VTG0_4K | vt0sz(19) | sl0(0b10) | vps(0b100)).pa_bits(44),
            AtOp::S1E1R,
            VA39,
            s2l0,
        )
        .rule(cfg),
        row(
            "T0SZ=49 with TTST",
            with(VTG0_4K | vt0sz(49) | sl0(0b11) | vps(0b101)),
            AtOp::S1E1R,
            VA39,
            s2l0,
        )
        .rule(cfg),
        row(
            "T0SZ=40 without FEAT_TTST",
            with(VTG0_4K | vt0sz(40) | sl0(0b00) | vps(0b101)).without(&[Ttst]),
            AtOp::S1E1R,
            VA39,
            s2l0,
        )
        .rule(cfg),
        row(
            "T0SZ=63",
            with(VTG0_4K | vt0sz(63) | sl0(0b11) | vps(0b101)),
            AtOp::S1E1R,
            VA39,
            s2l0,
        )
        .rule(cfg),
        // IPAIsOutOfRange(): the S1 table IPA 2^39 with a 39-bit IPA space.
        row(
            "S1 table IPA beyond the S2 input size",
            s2_block(
                Setup::new(TCR, 0x80_0000_0000)
                    .hcr(HCR_VM)
                    .vtcr(VTCR)
                    .vttbr(VTTBR),
                0x4000_0000,
                S2_RW_NORMAL,
            ),
            AtOp::S1E1R,
            VA39,
            s2l0,
        )
        .rule(Rule::IpaRange),
        row(
            "S1 L2 table IPA beyond the S2 input size",
            s2_block(
                Setup::new(TCR, T0)
                    .hcr(HCR_VM)
                    .vtcr(VTCR)
                    .vttbr(VTTBR)
                    .word(T0 + 8 * 0x155, 0x80_4100_0000 | TABLE),
                0x4000_0000,
                S2_RW_NORMAL,
            ),
            AtOp::S1E1R,
            VA39,
            s2l0,
        )
        .rule(Rule::IpaRange),
        // Legal configurations that walk.
        row(
            "4K T0SZ=24 SL0=0b10 (L0) on a 44-bit PE walks",
            s1().vtcr(VTG0_4K | vt0sz(24) | sl0(0b10) | vps(0b100))
                .pa_bits(44)
                .word(VTTBR, 0x8001_0000 | TABLE) // IPA[39:39] = 0
                .word(0x8001_0000 + 8, 0x4000_0000 | BLOCK | S2_RW_NORMAL), // IPA[38:30] = 1
            AtOp::S1E1R,
            VA39,
            OK,
        ),
    ];
    check_rows(&rows);
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

/// Concatenated start tables (R_JKZFY, AArch64.S2SLTTEntryAddress()): the
/// start index takes IPA[iasize-1:lsb], up to 16 tables, and the base is
/// aligned to their total size (AArch64.S2TTBaseAddress()).
#[test]
fn concatenated_start_tables() {
    // S1 TTBR0 = IPA 0x80_4000_0000; the other S1 tables stay in [1GB, 2GB).
    let at = |vtcr: u64, vttbr: u64, s2_entry: u64, ttbr_ipa: u64| {
        Setup::new(TCR, ttbr_ipa)
            .hcr(HCR_VM)
            .vtcr(vtcr)
            .vttbr(vttbr)
            .path_at(
                12,
                39,
                &[0x4000_0000, 0x4100_0000, 0x4101_0000],
                VA39,
                OUT | PAGE | LEAF_ATTRS,
            )
            .word(VTTBR + 8, 0x4000_0000 | BLOCK | S2_RW_NORMAL)
            .word(s2_entry, 0x4000_0000 | BLOCK | S2_RW_NORMAL)
    };
    let rows = vec![
        // 40-bit IPA at L1: IPA[39:30], 2 tables; IPA 0x80_4000_0000 -> index 0x201.
        row(
            "2 tables, index 0x201",
            at(
                VTG0_4K | vt0sz(24) | sl0(0b01) | vps(0b101),
                VTTBR,
                VTTBR + 8 * 0x201,
                0x80_4000_0000,
            ),
            AtOp::S1E1R,
            VA39,
            OK,
        ),
        row(
            "2 tables, VTTBR bit 12 ignored (8KB alignment)",
            at(
                VTG0_4K | vt0sz(24) | sl0(0b01) | vps(0b101),
                VTTBR | 0x1000,
                VTTBR + 8 * 0x201,
                0x80_4000_0000,
            ),
            AtOp::S1E1R,
            VA39,
            OK,
        ),
        // 43-bit IPA at L1: IPA[42:30], 16 tables; IPA 0x400_4000_0000 -> index 0x1001.
        row(
            "16 tables, index 0x1001",
            at(
                VTG0_4K | vt0sz(21) | sl0(0b01) | vps(0b101),
                VTTBR,
                VTTBR + 8 * 0x1001,
                0x400_4000_0000,
            ),
            AtOp::S1E1R,
            VA39,
            OK,
        ),
        row(
            "16 tables, index 0x1001 missing",
            at(
                VTG0_4K | vt0sz(21) | sl0(0b01) | vps(0b101),
                VTTBR,
                VTTBR + 8 * 0x1000,
                0x400_4000_0000,
            ),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xb0b), // stage 2 translation L1
        ),
        // 16KB, 39-bit IPA at L2: IPA[38:25], 8 tables; IPA 0x4000_0000 -> 0x20.
        row(
            "16K 8 tables",
            Setup::new(TCR, T0)
                .hcr(HCR_VM)
                .vtcr(VTG0_16K | vt0sz(25) | sl0(0b01) | vps(0b101))
                .vttbr(VTTBR)
                .path(12, 39, T0, VA39, 3, OUT | PAGE | LEAF_ATTRS)
                .word(VTTBR + 8 * 0x20, 0x4000_0000 | BLOCK | S2_RW_NORMAL),
            AtOp::S1E1R,
            VA39,
            OK,
        ),
        // 64KB, 39-bit IPA at L2: IPA[38:29], one 1024-entry table; IPA 0x4000_0000 -> 2.
        row(
            "64K L2 block",
            Setup::new(TCR, T0)
                .hcr(HCR_VM)
                .vtcr(VTG0_64K | vt0sz(25) | sl0(0b01) | vps(0b101))
                .vttbr(VTTBR)
                .path(12, 39, T0, VA39, 3, OUT | PAGE | LEAF_ATTRS)
                .word(VTTBR + 8 * 2, 0x4000_0000 | BLOCK | S2_RW_NORMAL),
            AtOp::S1E1R,
            VA39,
            OK,
        ),
        row(
            "64K L2 entry missing",
            Setup::new(TCR, T0)
                .hcr(HCR_VM)
                .vtcr(VTG0_64K | vt0sz(25) | sl0(0b01) | vps(0b101))
                .vttbr(VTTBR)
                .path(12, 39, T0, VA39, 3, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0b0d), // stage 2 translation L2
        ),
    ];
    check_rows(&rows);
}

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
