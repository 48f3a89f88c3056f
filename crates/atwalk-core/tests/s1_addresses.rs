//! Stage 1 address checks: the output size (AArch64.PhysicalAddressSize())
//! against the TTBR (level 0, R_VPBBF), a next-level table address (the
//! table descriptor's level, R_BFHQH), and the final output address (the
//! leaf's level); 52-bit OAs with DS and with 64KB; the MMU-off flat map and
//! its PA-size check (AArch64.S1DisabledOutput()); TBI and the VA range
//! (AArch64.VAIsOutOfRange()); EPDn and E0PDn (R_VZZSZ).

mod common;
use common::*;

const T0: u64 = 0x4000_0000;
const T1: u64 = 0x4002_0000;
const OUT: u64 = 0x4050_0000;
const VA39: u64 = 0x0000_0055_4321_7678;
const VA39_HI: u64 = 0xffff_ffd5_4321_7678;
const VA48: u64 = 0x0000_5a5a_4321_7678;
const VA48_HI: u64 = 0xffff_5a5a_4321_7678;
const VA52: u64 = 0x000a_5a5a_4321_7678;

/// 4KB, 39-bit VA (start level 1) through TTBR0 and TTBR1.
const K4_39: u64 = TG0_4K | t0sz(25) | TG1_4K | t1sz(25);
/// 4KB, 48-bit VA (start level 0).
const K4_48: u64 = TG0_4K | t0sz(16) | TG1_4K | t1sz(16);
const K16_48: u64 = TG0_16K | t0sz(16) | TG1_16K | t1sz(16);
const K64_48: u64 = TG0_64K | t0sz(16) | TG1_64K | t1sz(16);

fn s(tcr: u64) -> Setup {
    Setup::new(tcr, T0).ttbr1(T1)
}

/// A 4KB 39-bit walk of VA39 to `leaf` at level 3 (tables L1 at T0, L2, L3).
fn k4_page(tcr: u64, leaf: u64) -> Setup {
    s(K4_39 | tcr).path(12, 39, T0, VA39, 3, leaf)
}

#[test]
fn ttbr_address_size() {
    let rows = vec![
        // R_VPBBF: level 0 even though the walk starts at level 1.
        row(
            "TTBR0 at 2^32, IPS 32, 4K start L1",
            Setup::new(K4_39 | ips(0b000), 0x1_0000_0000),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0801), // F, FST=0b000000 address size L0
        )
        .rule(Rule::AddressSizeTable),
        row(
            "TTBR0 at 2^36, IPS 36, 64K start L2",
            Setup::new(TG0_64K | t0sz(25) | ips(0b001), 0x10_0000_0000),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0801), // F, FST=0b000000 address size L0
        )
        .rule(Rule::AddressSizeTable),
        row(
            "TTBR1 at 2^40, IPS 40",
            s(K4_39 | ips(0b010)).ttbr1(0x100_0000_0000),
            AtOp::S1E1R,
            VA39_HI,
            Want::Par(0x0000_0000_0000_0801), // address size L0
        )
        .rule(Rule::AddressSizeTable),
        row(
            "TTBR0 at 2^44, IPS 44, 16K start L0",
            Setup::new(TG0_16K | t0sz(16) | ips(0b100), 0x1000_0000_0000),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0801), // address size L0
        )
        .rule(Rule::AddressSizeTable),
        // DS: TTBR[5:2] = BADDR[51:48]; start level -1, reported at level 0.
        row(
            "DS TTBR0 BADDR[48] with IPS 48, start L-1",
            Setup::new(DS | t0sz(12) | ips(0b101), T0 | 0b0100),
            AtOp::S1E1R,
            VA52,
            Want::Par(0x0000_0000_0000_0801), // address size L0 (not L-1)
        )
        .rule(Rule::AddressSizeTable),
        row(
            "DS TTBR0 BADDR[48] with IPS 52, PA 52 walks there",
            Setup::new(DS | t0sz(12) | ips(0b110) | sh0(0b11), T0 | 0b0100)
                .pa_bits(52)
                .path_at(
                    12,
                    52,
                    &[
                        0x1_0000_4000_0000,
                        0x4010_0000,
                        0x4011_0000,
                        0x4012_0000,
                        0x4013_0000,
                    ],
                    VA52,
                    OUT | PAGE | AF,
                ),
            AtOp::S1E1R,
            VA52,
            Want::Par(0xff00_0000_4050_0b80), // ATTR 0xff, PA 0x4050_0000, NS, SH 0b11 (TCR)
        ),
        row(
            "non-DS TTBR0 bits [11:1] ignored (4K L0 table 4KB)",
            Setup::new(K4_48 | ips(0b101), T0 | 0b0100).path(
                12,
                48,
                T0,
                VA48,
                3,
                OUT | PAGE | LEAF_ATTRS,
            ),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        row(
            "64K IPS=0b110: TTBR0[5:2] = BADDR[51:48]",
            Setup::new(K64_48 | ips(0b110), T0 | 0b0100)
                .pa_bits(52)
                .path_at(
                    16,
                    48,
                    &[0x1_0000_4000_0000, 0x4010_0000, 0x4020_0000],
                    VA48,
                    OUT | PAGE | LEAF_ATTRS,
                ),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_4050_7b80), // PA 0x4050_0000 | VA[15:12]=7
        ),
        row(
            "64K IPS=0b101: TTBR0 bits [8:1] ignored (512-byte L1 table)",
            Setup::new(K64_48 | ips(0b101), T0 | 0b0100).path(
                16,
                48,
                T0,
                VA48,
                3,
                OUT | PAGE | LEAF_ATTRS,
            ),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_4050_7b80),
        ),
        // AArch64.S1TTBaseAddress(): the base is aligned to the first
        // table's size (tsize), so only bits below it are ignored.
        // 4KB T0SZ=48: start L3, 16 entries (128 bytes); VA[15:12] = 7.
        row(
            "4K T0SZ=48: TTBR0 bit 7 is part of the 128-byte base",
            Setup::new(t0sz(48) | ips(0b101), T0 | 0x80)
                .word(T0 + 0x80 + 8 * 7, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            0x7678,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        row(
            "4K T0SZ=48: TTBR0 bit 6 is below the 128-byte alignment",
            Setup::new(t0sz(48) | ips(0b101), T0 | 0x40).word(T0 + 8 * 7, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            0x7678,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        // DS T0SZ=15: start L-1, 2 entries; tsize = Max(4, 6) = 64 bytes, so
        // TTBR0 bit 6 is BADDR[6]. VA[48] = 1: entry 1.
        row(
            "DS T0SZ=15: 64-byte minimum alignment, TTBR0 bit 6 kept",
            Setup::new(DS | t0sz(15) | ips(0b101) | sh0(0b11), T0 | 0x40).path_at(
                12,
                49,
                &[
                    T0 + 0x40,
                    0x4010_0000,
                    0x4011_0000,
                    0x4012_0000,
                    0x4013_0000,
                ],
                0x0001_5a5a_4321_7678,
                OUT | PAGE | AF,
            ),
            AtOp::S1E1R,
            0x0001_5a5a_4321_7678,
            Want::Par(0xff00_0000_4050_0b80),
        ),
    ];
    check_rows(&rows);
}

#[test]
fn table_address_size_at_the_table_level() {
    let big = 0x1_0000_0000; // 2^32
    let ast = Rule::AddressSizeTable;
    let rows = vec![
        row(
            "4K L0 table above IPS 32",
            s(K4_48 | ips(0b000)).path_at(12, 48, &[T0, big], VA48, 0),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0801), // address size L0
        )
        .rule(ast),
        row(
            "4K L1 table above IPS 32",
            s(K4_48 | ips(0b000)).path_at(12, 48, &[T0, 0x4010_0000, big], VA48, 0),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0803), // address size L1
        )
        .rule(ast),
        row(
            "4K L2 table above IPS 32",
            s(K4_48 | ips(0b000)).path_at(12, 48, &[T0, 0x4010_0000, 0x4011_0000, big], VA48, 0),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0805), // address size L2
        )
        .rule(ast),
        row(
            "4K TTBR1 L1 table above IPS 32",
            s(K4_39 | ips(0b000)).path_at(12, 39, &[T1, big], VA39_HI, 0),
            AtOp::S1E1R,
            VA39_HI,
            Want::Par(0x0000_0000_0000_0803), // address size L1
        )
        .rule(ast),
        row(
            "16K L1 table above IPS 36",
            s(K16_48 | ips(0b001)).path_at(14, 48, &[T0, 0x4010_0000, 0x10_0000_0000], VA48, 0),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0803), // address size L1
        )
        .rule(ast),
        row(
            "64K L2 table above IPS 40",
            s(K64_48 | ips(0b010)).path_at(16, 48, &[T0, 0x4010_0000, 0x100_0000_0000], VA48, 0),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0805), // address size L2
        )
        .rule(ast),
        // 64KB: desc[15:12] are OA[51:48] (IMPLEMENTATION DEFINED yes, R_WDZFC).
        row(
            "64K L1 table desc[15:12]=1 with PA 48",
            s(K64_48 | ips(0b101)).path_at(16, 48, &[T0, 0x4010_1000], VA48, 0),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0803), // next table 0x1_0000_4010_0000: address size L1
        )
        .rule(ast),
        // DS: table address bits [49:48] in desc[49:48], [51:50] in desc[9:8].
        row(
            "DS L-1 table desc[48] with IPS 48",
            Setup::new(DS | t0sz(12) | ips(0b101), T0)
                .word(T0 + 8 * 0xa, 0x1_0000_4010_0000 | TABLE),
            AtOp::S1E1R,
            VA52,
            Want::Par(0x0000_0000_0000_0853), // F, FST=0b101001 address size L-1
        )
        .rule(ast),
        row(
            "DS L0 table desc[9:8]=0b01 with IPS 48",
            Setup::new(DS | t0sz(16) | ips(0b101), T0)
                .word(T0 + 8 * 0xb4, 0x4010_0000 | (0b01 << 8) | TABLE),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0801), // next table 0x4_0000_4010_0000: address size L0
        )
        .rule(ast),
        // The same table with IPS 52 on a 52-bit PE is read at 0x4_0000_4010_0000.
        // VA52 indices: L-1 0xa, L0 0xb4, L1 0x169, L2 0x019, L3 0x017.
        row(
            "DS table desc[9:8]=0b01 with IPS 52 walks there",
            Setup::new(DS | t0sz(12) | ips(0b110) | sh0(0b11), T0)
                .pa_bits(52)
                .word(T0 + 8 * 0xa, 0x4010_0000 | (0b01 << 8) | TABLE)
                .word(0x4_0000_4010_0000 + 8 * 0xb4, 0x4011_0000 | TABLE)
                .word(0x4011_0000 + 8 * 0x169, 0x4012_0000 | TABLE)
                .word(0x4012_0000 + 8 * 0x019, 0x4013_0000 | TABLE)
                .word(0x4013_0000 + 8 * 0x017, OUT | PAGE | AF),
            AtOp::S1E1R,
            VA52,
            Want::Par(0xff00_0000_4050_0b80),
        ),
    ];
    check_rows(&rows);
}

#[test]
fn output_address_size() {
    let aso = Rule::AddressSizeOutput;
    let pg = PAGE | LEAF_ATTRS;
    let rows = vec![
        row(
            "page at 2^32, IPS 32",
            k4_page(ips(0), 0x1_0000_0000 | pg),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x807),
        )
        .rule(aso),
        row(
            "page at 2^32-4K, IPS 32",
            k4_page(ips(0), 0xffff_f000 | pg),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_0000_ffff_fb80), // PA 0xffff_f000
        ),
        row(
            "L2 block at 2^32, IPS 32",
            s(K4_39 | ips(0)).path(12, 39, T0, VA39, 2, 0x1_0000_0000 | BLOCK | LEAF_ATTRS),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0805), // address size L2
        )
        .rule(aso),
        row(
            "L1 block at 2^32, IPS 32",
            s(K4_39 | ips(0)).path(12, 39, T0, VA39, 1, 0x1_0000_0000 | BLOCK | LEAF_ATTRS),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0803), // address size L1
        )
        .rule(aso),
        row(
            "L1 block at 3GB + VA offset stays below 2^32",
            s(K4_39 | ips(0)).path(12, 39, T0, VA39, 1, 0xc000_0000 | BLOCK | LEAF_ATTRS),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_0000_c321_7b80), // OA 0xc000_0000 + VA[29:0] 0x0321_7678
        ),
        row(
            "page at 2^36, IPS 36",
            k4_page(ips(0b001), 0x10_0000_0000 | pg),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0807), // address size L3
        )
        .rule(aso),
        row(
            "page at 2^36-4K, IPS 36",
            k4_page(ips(0b001), 0xf_ffff_f000 | pg),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_000f_ffff_fb80),
        ),
        row(
            "page at 2^40, IPS 40",
            k4_page(ips(0b010), 0x100_0000_0000 | pg),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x807),
        )
        .rule(aso),
        row(
            "page at 2^40-4K, IPS 40",
            k4_page(ips(0b010), 0xff_ffff_f000 | pg),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_00ff_ffff_fb80),
        ),
        row(
            "page at 2^42, IPS 42",
            k4_page(ips(0b011), 0x400_0000_0000 | pg),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x807),
        )
        .rule(aso),
        row(
            "page at 2^42-4K, IPS 42",
            k4_page(ips(0b011), 0x3ff_ffff_f000 | pg),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_03ff_ffff_fb80),
        ),
        row(
            "page at 2^44, IPS 44",
            k4_page(ips(0b100), 0x1000_0000_0000 | pg),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x807),
        )
        .rule(aso),
        row(
            "page at 2^48-4K, IPS 48",
            k4_page(ips(0b101), 0xffff_ffff_f000 | pg),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_ffff_ffff_fb80),
        ),
        row(
            "4K IPS 0b110 without DS is 48 bits",
            k4_page(ips(0b110), 0xffff_ffff_f000 | pg).pa_bits(52),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_ffff_ffff_fb80),
        ),
        // R_CLPQT: IPS above the implemented PA size is the PA size.
        row(
            "IPS 48 on a 40-bit PE: page at 2^40",
            k4_page(ips(0b101), 0x100_0000_0000 | pg).pa_bits(40),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0807), // address size L3
        )
        .rule(aso),
        row(
            "IPS 48 on a 32-bit PE: page at 2^32",
            k4_page(ips(0b101), 0x1_0000_0000 | pg).pa_bits(32),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0807),
        )
        .rule(aso),
        // 64KB: OA[51:48] in desc[15:12].
        row(
            "64K page OA[48] with IPS 48",
            s(K64_48 | ips(0b101)).path(16, 48, T0, VA48, 3, OUT | 0x1000 | pg),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0807), // OA 0x1_0000_4050_7678: address size L3
        )
        .rule(aso),
        row(
            "64K page OA[48] with IPS 52 on a 48-bit PE",
            s(K64_48 | ips(0b110)).path(16, 48, T0, VA48, 3, OUT | 0x1000 | pg),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0807),
        )
        .rule(aso),
        row(
            "64K page OA[48] with IPS 52 on a 52-bit PE",
            s(K64_48 | ips(0b110))
                .pa_bits(52)
                .path(16, 48, T0, VA48, 3, OUT | 0x1000 | pg),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff01_0000_4050_7b80), // PA 0x1_0000_4050_7000
        ),
        row(
            "64K page OA[51:48]=0xf with IPS 0b111 on a 52-bit PE",
            s(K64_48 | ips(0b111))
                .pa_bits(52)
                .path(16, 48, T0, VA48, 3, OUT | 0xf000 | pg),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff0f_0000_4050_7b80), // PA 0xf_0000_4050_7000
        ),
        // The 64KB level 1 block (4TB, PAMax() >= 52): base 2^42.
        row(
            "64K L1 block at 2^42, IPS 40",
            s(K64_48 | ips(0b010)).pa_bits(52).path(
                16,
                48,
                T0,
                VA48,
                1,
                0x400_0000_0000 | BLOCK | LEAF_ATTRS,
            ),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0803), // address size L1
        )
        .rule(aso),
        row(
            "64K L1 block at 2^42, IPS 42",
            s(K64_48 | ips(0b011)).pa_bits(52).path(
                16,
                48,
                T0,
                VA48,
                1,
                0x400_0000_0000 | BLOCK | LEAF_ATTRS,
            ),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0803),
        )
        .rule(aso),
        row(
            "64K L1 block at 2^42, IPS 44",
            s(K64_48 | ips(0b100)).pa_bits(52).path(
                16,
                48,
                T0,
                VA48,
                1,
                0x400_0000_0000 | BLOCK | LEAF_ATTRS,
            ),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_065a_4321_7b80), // OA 2^42 + VA[41:0] 0x25a_4321_7678
        ),
        row(
            "64K L1 block at 0, IPS 40, VA offset above 2^40",
            s(K64_48 | ips(0b010))
                .pa_bits(52)
                .path(16, 48, T0, VA48, 1, BLOCK | LEAF_ATTRS),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0803), // OA 0x25a_4321_7678 >= 2^40
        )
        .rule(aso),
        row(
            "64K L1 block at 0, IPS 40, small offset",
            s(K64_48 | ips(0b010))
                .pa_bits(52)
                .path(16, 48, T0, 0x1234_5678, 1, BLOCK | LEAF_ATTRS),
            AtOp::S1E1R,
            0x1234_5678,
            Want::Par(0xff00_0000_1234_5b80), // PA 0x1234_5000
        ),
        // DS: OA[51:50] in desc[9:8], OA[49:48] in desc[49:48].
        row(
            "DS page OA 0xb_0000_4050_0000, IPS 52, PA 52",
            s(K4_39 | DS | ips(0b110) | sh0(0b11)).pa_bits(52).path(
                12,
                39,
                T0,
                VA39,
                3,
                0x0003_0000_4050_0000 | (0b10 << 8) | PAGE | AF,
            ),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff0b_0000_4050_0b80), // PA[51:12] 0xb_0000_4050_0, SH 0b11 from TCR
        ),
        row(
            "DS page OA[51:48]=0xb, IPS 52, PA 48",
            s(K4_39 | DS | ips(0b110) | sh0(0b11)).path(
                12,
                39,
                T0,
                VA39,
                3,
                0x0003_0000_4050_0000 | (0b10 << 8) | PAGE | AF,
            ),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0807), // address size L3
        )
        .rule(aso),
        row(
            "DS page OA[51:48]=0xb, IPS 48, PA 52",
            s(K4_39 | DS | ips(0b101) | sh0(0b11)).pa_bits(52).path(
                12,
                39,
                T0,
                VA39,
                3,
                0x0003_0000_4050_0000 | (0b10 << 8) | PAGE | AF,
            ),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_0000_0807),
        )
        .rule(aso),
        row(
            "DS 16K L1 block OA[51:50]=0b10",
            s(K16_48 | DS | ips(0b110) | sh0(0b11)).pa_bits(52).path(
                14,
                48,
                T0,
                VA48,
                1,
                0x10_0000_0000 | (0b10 << 8) | BLOCK | AF,
            ),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff08_001a_4321_7b80), // OA 0x8_0010_0000_0000 + VA[35:0] 0xa_4321_7678
        ),
    ];
    check_rows(&rows);
}

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
