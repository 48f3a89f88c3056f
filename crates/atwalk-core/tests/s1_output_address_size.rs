//! Stage 1 output address size checks: the final output address of a page
//! or block against the output size (TCR_EL1.IPS capped at the PA size,
//! R_CLPQT), reported at the leaf's level, with block offsets, the 64KB
//! level 1 block and 52-bit output addresses with the 64KB granule
//! (desc[15:12]) and with DS (desc[9:8] and desc[49:48]). The TTBR and
//! table addresses: s1_table_address_size.rs.

mod common;
use common::stage1::*;
use common::*;

/// A 4KB 39-bit walk of VA39 to `leaf` at level 3 (tables L1 at T0, L2, L3).
fn k4_page(tcr: u64, leaf: u64) -> Setup {
    s(K4_39 | tcr).path(12, 39, T0, VA39, 3, leaf)
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
