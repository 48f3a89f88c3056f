//! Stage 1 descriptors: invalid, table, block at the levels each granule
//! allows (AArch64.BlockDescSupported()), the reserved encodings (R_KRMJZ),
//! the Access flag with and without hardware management (R_SWTYY,
//! TCR_EL1.HA with FEAT_HAFDBS), big-endian walks (SCTLR_EL1.EE,
//! FetchDescriptor()), and the Contiguous bit (treated as 0 in this model).

mod common;
use common::*;

const K4: u64 = TG0_4K | t0sz(16) | ips(0b101);
const K16: u64 = TG0_16K | t0sz(16) | ips(0b101);
const K64: u64 = TG0_64K | t0sz(16) | ips(0b101);
/// DS: SH comes from TCR_EL1.SH0, descriptor bits [9:8] are OA[51:50].
const K4DS: u64 = K4 | DS | sh0(0b11);
const K16DS: u64 = K16 | DS | sh0(0b11);

fn leaf(tcr: u64, g: u8, level: i8, desc: u64) -> Setup {
    Setup::new(tcr, T0).path(g, 48, T0, VA48, level, desc)
}

#[test]
fn blocks_by_granule_and_level() {
    let blk = BLOCK | LEAF_ATTRS;
    let res = Rule::ReservedDescriptor;
    let rows = vec![
        // 4KB: blocks at L1, L2 (and L0 with DS).
        row(
            "4K L0 block without DS",
            leaf(K4, 12, 0, 0x80_0000_0000 | blk),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x809),
        )
        .rule(res),
        row(
            "4K L0 block with DS",
            leaf(K4DS, 12, 0, 0x80_0000_0000 | BLOCK | AF),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_00da_4321_7b80), // 2^39 + VA[38:0] 0x5a_4321_7678
        ),
        row(
            "4K L1 block",
            leaf(K4, 12, 1, 0x8000_0000 | blk),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_8321_7b80), // 0x8000_0000 + VA[29:0] 0x0321_7678
        ),
        row(
            "4K L2 block",
            leaf(K4, 12, 2, 0x4060_0000 | blk),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_4061_7b80), // 0x4060_0000 + VA[20:0] 0x01_7678
        ),
        row(
            "4K L2 block: OA bits below 2MB ignored",
            leaf(K4, 12, 2, 0x4060_0000 | 0x1f_f000 | blk),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_4061_7b80),
        ),
        row(
            "4K L3 bits[1:0]=0b01",
            leaf(K4, 12, 3, OUT | blk),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x80f),
        )
        .rule(res),
        row(
            "4K L-1 bits[1:0]=0b01 with DS",
            Setup::new(TG0_4K | t0sz(12) | ips(0b101) | DS | sh0(0b11), T0)
                .word(T0 + 8 * 0xa, BLOCK | AF),
            AtOp::S1E1R,
            0x000a_5a5a_4321_7678,
            Want::Par(0x0000_0000_0000_0857), // translation L-1
        )
        .rule(res),
        // 16KB: blocks at L2 (and L1 with DS); never at L0.
        row(
            "16K L0 block",
            leaf(K16DS, 14, 0, BLOCK | AF),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x809),
        )
        .rule(res),
        row(
            "16K L1 block without DS",
            leaf(K16, 14, 1, 0x10_0000_0000 | blk),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x80b),
        )
        .rule(res),
        row(
            "16K L1 block with DS",
            leaf(K16DS, 14, 1, 0x10_0000_0000 | BLOCK | AF),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_001a_4321_7b80), // 2^36 + VA[35:0] 0xa_4321_7678
        ),
        row(
            "16K L2 block",
            leaf(K16, 14, 2, 0x6000_0000 | blk),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_6121_7b80), // 0x6000_0000 + VA[24:0] 0x121_7678
        ),
        row(
            "16K L3 bits[1:0]=0b01",
            leaf(K16, 14, 3, OUT | blk),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x80f),
        )
        .rule(res),
        // 64KB: blocks at L2 (and L1 when PAMax() >= 52).
        row(
            "64K L1 block, 48-bit PE",
            leaf(K64, 16, 1, blk),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x80b),
        )
        .rule(res),
        row(
            "64K L1 block, 52-bit PE",
            leaf(K64, 16, 1, blk).pa_bits(52),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_025a_4321_7b80), // 0 + VA[41:0] 0x25a_4321_7678
        ),
        row(
            "64K L2 block",
            leaf(K64, 16, 2, 0x6000_0000 | blk),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_6321_7b80), // 0x6000_0000 + VA[28:0] 0x0321_7678
        ),
        row(
            "64K L3 bits[1:0]=0b01",
            leaf(K64, 16, 3, OUT | blk),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x80f),
        )
        .rule(res),
        // Invalid: bit 0 clear, whatever the rest.
        row(
            "4K L1 invalid with every other bit set",
            leaf(K4, 12, 1, 0xffff_ffff_ffff_fffe),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x80b),
        )
        .rule(Rule::InvalidDescriptor),
        row(
            "4K L2 bits[1:0]=0b10 invalid",
            leaf(K4, 12, 2, 0x4060_0000 | 0b10 | LEAF_ATTRS),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x80d),
        )
        .rule(Rule::InvalidDescriptor),
        // Pages through each granule.
        row(
            "4K page",
            leaf(K4, 12, 3, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        row(
            "16K page",
            leaf(K16, 14, 3, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_4050_3b80),
        ),
        row(
            "64K page",
            leaf(K64, 16, 3, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_4050_7b80),
        ),
        row(
            "16K page: OA bits [13:12] ignored",
            leaf(K16, 14, 3, OUT | 0x3000 | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_4050_3b80),
        ),
        row(
            "64K page: OA bits [15:12] are OA[51:48], not page offset",
            leaf(K64, 16, 3, OUT | 0x2000 | PAGE | LEAF_ATTRS)
                .pa_bits(52)
                .tcr(TG0_64K | t0sz(16) | ips(0b110)),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff02_0000_4050_7b80), // PA 0x2_0000_4050_7000
        ),
    ];
    check_rows(&rows);
}

#[test]
fn access_flag() {
    use Feature::*;
    let af = Rule::AccessFlag;
    let rows = vec![
        row(
            "page AF=0",
            leaf(K4, 12, 3, OUT | PAGE | sh(3)),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0817),
        )
        .rule(af), // access flag L3
        row(
            "L2 block AF=0",
            leaf(K4, 12, 2, 0x4060_0000 | BLOCK | sh(3)),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0815),
        )
        .rule(af),
        row(
            "L1 block AF=0",
            leaf(K4, 12, 1, 0x8000_0000 | BLOCK | sh(3)),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0813),
        )
        .rule(af),
        row(
            "DS L0 block AF=0",
            leaf(K4DS, 12, 0, 0x80_0000_0000 | BLOCK),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x0000_0000_0000_0811), // F, FST=0b001000 access flag L0
        )
        .rule(af),
        row(
            "64K page AF=0",
            leaf(K64, 16, 3, OUT | PAGE),
            AtOp::S1E0W,
            VA48,
            Want::Par(0x817),
        )
        .rule(af),
        row(
            "S1E1A page AF=0",
            leaf(K4, 12, 3, OUT | PAGE | sh(3)),
            AtOp::S1E1A,
            VA48,
            Want::Par(0x817),
        )
        .rule(af),
        row(
            "page AF=0 with TCR.HA",
            leaf(K4 | HA, 12, 3, OUT | PAGE | sh(3)),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_4050_0b80), // reported as if AF=1 (R_XQSMX)
        ),
        row(
            "block AF=0 with TCR.HA",
            leaf(K4 | HA, 12, 2, 0x4060_0000 | BLOCK | sh(3)),
            AtOp::S1E1W,
            VA48,
            Want::Par(0xff00_0000_4061_7b80),
        ),
        row(
            "page AF=0 with TCR.HA, no FEAT_HAFDBS",
            leaf(K4 | HA, 12, 3, OUT | PAGE | sh(3)).without(&[Hafdbs]),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x817),
        )
        .rule(af),
        // Table descriptors have no AF without FEAT_HAFT: bit 10 clear is fine.
        row(
            "tables with bit 10 clear",
            leaf(K4, 12, 3, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        // S1Walk(): the output size check comes before the AF check; the AF
        // check (in S1Walk) before the permission check (S1Translate).
        row(
            "AF=0 and OA above IPS: address size first",
            leaf(TG0_4K | t0sz(16) | ips(0), 12, 3, 0x1_0000_0000 | PAGE),
            AtOp::S1E1R,
            VA48,
            Want::Par(0x807),
        )
        .rule(Rule::AddressSizeOutput),
        row(
            "AF=0 and no EL0 access: AF first",
            leaf(K4, 12, 3, OUT | PAGE | ap(0b00)),
            AtOp::S1E0R,
            VA48,
            Want::Par(0x817),
        )
        .rule(af),
    ];
    check_rows(&rows);
}

/// SCTLR_EL1.EE = 1: stage 1 descriptors are big-endian (FetchDescriptor()
/// reverses the bytes). Memory words are little-endian 64-bit values.
#[test]
fn big_endian_descriptors() {
    let be = |v: u64| v.swap_bytes();
    // VA48 4KB indices: L0 0xb4, L1 0x169, L2 0x019, L3 0x017.
    let tables = |f: &dyn Fn(u64) -> u64| {
        Setup::new(K4, T0)
            .word(T0 + 8 * 0xb4, f(0x4010_0000 | TABLE))
            .word(0x4010_0000 + 8 * 0x169, f(0x4011_0000 | TABLE))
            .word(0x4011_0000 + 8 * 0x019, f(0x4012_0000 | TABLE))
            .word(
                0x4012_0000 + 8 * 0x017,
                f(OUT | PAGE | LEAF_ATTRS | ap(0b01)),
            )
    };
    let rows = vec![
        row(
            "EE=1, big-endian tables",
            tables(&be).sctlr(SCTLR_M | SCTLR_C | SCTLR_EE),
            AtOp::S1E0W,
            VA48,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        row(
            "EE=0, little-endian tables",
            tables(&|v| v),
            AtOp::S1E0W,
            VA48,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        // 0x0000_0000_4010_0003 read big-endian is 0x0300_1040_0000_0000: bit 0 clear.
        row(
            "EE=1, little-endian tables",
            tables(&|v| v).sctlr(SCTLR_M | SCTLR_C | SCTLR_EE),
            AtOp::S1E0W,
            VA48,
            Want::Par(0x809),
        )
        .rule(Rule::InvalidDescriptor),
        // Big-endian tables read little-endian: 0x0300_1040_0000_0000 is invalid.
        row(
            "EE=0, big-endian tables",
            tables(&be),
            AtOp::S1E0W,
            VA48,
            Want::Par(0x809),
        )
        .rule(Rule::InvalidDescriptor),
    ];
    check_rows(&rows);
    // The Read steps show the reversed value.
    let r = tables(&be)
        .sctlr(SCTLR_M | SCTLR_C | SCTLR_EE)
        .run(AtOp::S1E1R, VA48);
    let reads: Vec<(u64, u64, bool)> = r
        .trace
        .iter()
        .filter_map(|s| match &s.kind {
            StepKind::Read {
                at,
                raw,
                big_endian,
                ..
            } => Some((at.0, raw.0, *big_endian)),
            _ => None,
        })
        .collect();
    assert_eq!(
        reads,
        vec![
            (T0 + 8 * 0xb4, 0x4010_0003, true),
            (0x4010_0000 + 8 * 0x169, 0x4011_0003, true),
            (0x4011_0000 + 8 * 0x019, 0x4012_0003, true),
            (0x4012_0000 + 8 * 0x017, 0x4050_0743, true),
        ]
    );
}

/// The Contiguous bit is treated as 0 (AArch64.ContiguousBit() allows it),
/// including where a contiguous range would exceed the input size
/// (AArch64.ContiguousBitFaults() is IMPLEMENTATION DEFINED: no fault).
#[test]
fn contiguous_bit_ignored() {
    let rows = vec![
        row(
            "4K page with Contiguous",
            leaf(K4, 12, 3, OUT | CONT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        row(
            "4K page with Contiguous, misaligned OA in the set",
            leaf(K4, 12, 3, 0x4050_5000 | CONT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_4050_5b80), // OA from this descriptor only
        ),
        row(
            "4K L2 block with Contiguous",
            leaf(K4, 12, 2, 0x4060_0000 | CONT | BLOCK | LEAF_ATTRS),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_4061_7b80),
        ),
        row(
            "16K T0SZ=48 page with Contiguous wider than the VA range",
            Setup::new(TG0_16K | t0sz(48) | ips(0b101), T0)
                .word(T0 + 8, OUT | CONT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            0x0000_0000_0000_7678, // index VA[15:14] = 1
            Want::Par(0xff00_0000_4050_3b80),
        ),
    ];
    check_rows(&rows);
    let r = leaf(K4, 12, 3, OUT | CONT | PAGE | LEAF_ATTRS).run(AtOp::S1E1R, VA48);
    assert!(r.trace.iter().any(|s| matches!(
        s.kind,
        StepKind::Leaf {
            contiguous: true,
            ..
        }
    )));
}
