//! Stage 1 table address size checks (AArch64.PhysicalAddressSize()): the
//! TTBR against the output size (reported at level 0 whatever the start
//! level, R_VPBBF), with the 52-bit TTBR formats (DS, 64KB with IPS 0b110)
//! and the base alignment to the first table's size
//! (AArch64.S1TTBaseAddress()); a next-level table address, reported at the
//! table descriptor's level (R_BFHQH), with the 64KB and DS formats of
//! address bits [51:48]. The leaf's output address: s1_output_address_size.rs.

mod common;
use common::stage1::*;
use common::*;

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
