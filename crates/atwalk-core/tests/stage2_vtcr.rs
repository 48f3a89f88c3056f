//! VTCR_EL2 and the stage 2 start: the configuration checks
//! (AArch64.S2TxSZFaults(), S2InvalidSL(), S2InconsistentSL(), all level 0
//! Translation faults), IPAs beyond the stage 2 input size
//! (IPAIsOutOfRange()), and concatenated start tables (R_JKZFY,
//! AArch64.S2SLTTEntryAddress(), AArch64.S2TTBaseAddress()).

mod common;
use common::stage2::*;
use common::*;

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
