//! Stage 1 lookup levels: a Translation fault at every level of every
//! granule through both TTBRs (an invalid descriptor, R_DYNYQ), and
//! successful walks that start at every start level, so that the first
//! table's index uses VA[iasize-1:lsb] (AArch64.S1SLTTEntryAddress()). The
//! start level for each input size and the TxSZ limits: s1_txsz.rs.

mod common;
use common::stage1::*;
use common::*;

/// PAR_EL1 for a stage 1 Translation fault at `level`:
/// F=1, FST=EncodeLDFSC(Translation, level), bit 11 RES1.
fn trans_par(level: i8) -> u64 {
    match level {
        -1 => 0x0000_0000_0000_0857, // FST=0b101011 translation L-1
        0 => 0x0000_0000_0000_0809,  // FST=0b000100 translation L0
        1 => 0x0000_0000_0000_080b,  // FST=0b000101 translation L1
        2 => 0x0000_0000_0000_080d,  // FST=0b000110 translation L2
        3 => 0x0000_0000_0000_080f,  // FST=0b000111 translation L3
        _ => unreachable!(),
    }
}

struct Gran {
    name: &'static str,
    tcr: u64,
    gbits: u8,
    ia: u8,
    levels: std::ops::RangeInclusive<i8>,
    /// The page PAR for VA48/VA52 mapped to OUT with LEAF_ATTRS.
    page_par: u64,
    lo_va: u64,
    hi_va: u64,
    /// Leaf bits besides the OA and type.
    leaf: u64,
}

fn granules() -> Vec<Gran> {
    vec![
        Gran {
            name: "4KB/48",
            tcr: TG0_4K | t0sz(16) | TG1_4K | t1sz(16),
            gbits: 12,
            ia: 48,
            levels: 0..=3,
            page_par: 0xff00_0000_4050_0b80, // ATTR 0xff, PA 0x4050_0000, NS, SH 0b11, RES1
            lo_va: VA48,
            hi_va: VA48_HI,
            leaf: LEAF_ATTRS,
        },
        Gran {
            name: "16KB/48",
            tcr: TG0_16K | t0sz(16) | TG1_16K | t1sz(16),
            gbits: 14,
            ia: 48,
            levels: 0..=3,
            page_par: 0xff00_0000_4050_3b80, // PA 0x4050_0000 | VA[13:12]=0b11
            lo_va: VA48,
            hi_va: VA48_HI,
            leaf: LEAF_ATTRS,
        },
        Gran {
            name: "64KB/48",
            tcr: TG0_64K | t0sz(16) | TG1_64K | t1sz(16),
            gbits: 16,
            ia: 48,
            levels: 1..=3,
            page_par: 0xff00_0000_4050_7b80, // PA 0x4050_0000 | VA[15:12]=0x7
            lo_va: VA48,
            hi_va: VA48_HI,
            leaf: LEAF_ATTRS,
        },
        Gran {
            name: "4KB/52 DS",
            tcr: DS | TG0_4K | t0sz(12) | TG1_4K | t1sz(12) | sh0(0b11) | sh1(0b11),
            gbits: 12,
            ia: 52,
            levels: -1..=3,
            page_par: 0xff00_0000_4050_0b80, // SH 0b11 from TCR_EL1.SHn (DS)
            lo_va: VA52,
            hi_va: VA52_HI,
            leaf: AF | attr(0),
        },
        Gran {
            name: "16KB/52 DS",
            tcr: DS | TG0_16K | t0sz(12) | TG1_16K | t1sz(12) | sh0(0b11) | sh1(0b11),
            gbits: 14,
            ia: 52,
            levels: 0..=3,
            page_par: 0xff00_0000_4050_3b80,
            lo_va: VA52,
            hi_va: VA52_HI,
            leaf: AF | attr(0),
        },
        Gran {
            name: "64KB/52 LVA",
            tcr: TG0_64K | t0sz(12) | TG1_64K | t1sz(12),
            gbits: 16,
            ia: 52,
            levels: 1..=3,
            page_par: 0xff00_0000_4050_7b80,
            lo_va: VA52,
            hi_va: VA52_HI,
            leaf: LEAF_ATTRS,
        },
    ]
}

/// An invalid descriptor at each level, through each TTBR, for each granule:
/// R_DYNYQ, AArch64.S1Walk() "DescriptorType_Invalid": Translation fault at
/// the current level (I_RRSLQ).
#[test]
fn translation_fault_at_every_level() {
    let mut rows = Vec::new();
    for g in granules() {
        for (ttbr, table0, va) in [("TTBR0", T0, g.lo_va), ("TTBR1", T1, g.hi_va)] {
            for level in g.levels.clone() {
                rows.push(
                    row(
                        leak(format!("{} {ttbr} invalid at L{level}", g.name)),
                        base(g.tcr).path(g.gbits, g.ia, table0, va, level, 0),
                        AtOp::S1E1R,
                        va,
                        Want::Par(trans_par(level)),
                    )
                    .rule(Rule::InvalidDescriptor),
                );
            }
            rows.push(row(
                leak(format!("{} {ttbr} page", g.name)),
                base(g.tcr).path(g.gbits, g.ia, table0, va, 3, OUT | PAGE | g.leaf),
                AtOp::S1E1R,
                va,
                Want::Par(g.page_par),
            ));
        }
    }
    assert_eq!(rows.len(), 58);
    check_rows(&rows);
}

/// Successful walks that start at every start level, so the first-table
/// index uses VA[iasize-1:lsb] (AArch64.S1SLTTEntryAddress()), including
/// the 2-entry 16KB level 0 table, the 16-entry 4KB level -1 table and the
/// 16-entry level 3 start of T0SZ=48.
#[test]
fn walks_from_each_start_level() {
    let rows = vec![
        // 4KB T0SZ=48: one level-3 table of 16 entries indexed by VA[15:12]=0x7.
        row(
            "4K T0SZ=48 page",
            base(t0sz(48)).word(T0 + 8 * 0x7, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            0x0000_0000_0000_7678,
            Want::Par(0xff00_0000_4050_0b80), // PA 0x4050_0000, ATTR 0xff, SH 0b11
        ),
        // 4KB T0SZ=43 (ia 21): L3 index VA[20:12] = 0x13 for VA 0x13678.
        row(
            "4K T0SZ=43 page",
            base(t0sz(43)).word(T0 + 8 * 0x13, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            0x0000_0000_0001_3678,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        // 4KB T0SZ=34 (ia 30): L2 index VA[29:21]; VA 0x2321_7678 -> 0x119;
        // L3 index VA[20:12] = 0x017.
        row(
            "4K T0SZ=34 L2 then L3",
            base(t0sz(34))
                .word(T0 + 8 * 0x119, 0x4010_0000 | TABLE)
                .word(0x4010_0000 + 8 * 0x017, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            0x0000_0000_2321_7678,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        // 16KB T0SZ=16: L0 index VA[47]=0 for VA48; L1 VA[46:36]=0x5a5,
        // L2 VA[35:25]=0x521, L3 VA[24:14]=0x485.
        row(
            "16K T0SZ=16 hand-placed",
            base(TG0_16K | t0sz(16))
                .word(T0, 0x4010_0000 | TABLE)
                .word(0x4010_0000 + 8 * 0x5a5, 0x4011_0000 | TABLE)
                .word(0x4011_0000 + 8 * 0x521, 0x4012_0000 | TABLE)
                .word(0x4012_0000 + 8 * 0x485, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            VA48,
            Want::Par(0xff00_0000_4050_3b80), // PA 0x4050_0000 | VA[13:12]
        ),
        // 16KB T0SZ=16, VA[47]=1: the second entry of the L0 table.
        row(
            "16K T0SZ=16 L0 entry 1",
            base(TG0_16K | t0sz(16))
                .word(T0 + 8, 0x4010_0000 | TABLE)
                .word(0x4010_0000, 0x4011_0000 | TABLE)
                .word(0x4011_0000, 0x4012_0000 | TABLE)
                .word(0x4012_0000, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            0x0000_8000_0000_0000,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        // 4KB DS T0SZ=12: L-1 index VA[51:48]=0xa, L0 VA[47:39]=0xb4,
        // L1 VA[38:30]=0x169, L2 VA[29:21]=0x019, L3 VA[20:12]=0x017.
        row(
            "4K DS T0SZ=12 hand-placed",
            base(DS | t0sz(12) | sh0(0b10))
                .word(T0 + 8 * 0xa, 0x4010_0000 | TABLE)
                .word(0x4010_0000 + 8 * 0xb4, 0x4011_0000 | TABLE)
                .word(0x4011_0000 + 8 * 0x169, 0x4012_0000 | TABLE)
                .word(0x4012_0000 + 8 * 0x019, 0x4013_0000 | TABLE)
                .word(0x4013_0000 + 8 * 0x017, OUT | PAGE | AF),
            AtOp::S1E1R,
            VA52,
            Want::Par(0xff00_0000_4050_0b00), // SH 0b10 from TCR_EL1.SH0
        ),
        // 64KB T0SZ=12: L1 index VA[51:42]=0x296, L2 VA[41:29]=0x12d2,
        // L3 VA[28:16]=0x0321.
        row(
            "64K T0SZ=12 hand-placed",
            base(TG0_64K | t0sz(12))
                .word(T0 + 8 * 0x296, 0x4010_0000 | TABLE)
                .word(0x4010_0000 + 8 * 0x12d2, 0x4020_0000 | TABLE)
                .word(0x4020_0000 + 8 * 0x321, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            VA52,
            Want::Par(0xff00_0000_4050_7b80),
        ),
        // 4KB T1SZ=25 through TTBR1: L1 index VA[38:30], VA 0xffff_ffd5_4321_7678
        // -> 0x155; L2 VA[29:21] = 0x019; L3 VA[20:12] = 0x017.
        row(
            "4K T1SZ=25 hand-placed",
            base(TG1_4K | t1sz(25))
                .word(T1 + 8 * 0x155, 0x4010_0000 | TABLE)
                .word(0x4010_0000 + 8 * 0x019, 0x4011_0000 | TABLE)
                .word(0x4011_0000 + 8 * 0x017, OUT | PAGE | LEAF_ATTRS),
            AtOp::S1E1R,
            0xffff_ffd5_4321_7678,
            Want::Par(0xff00_0000_4050_0b80),
        ),
    ];
    check_rows(&rows);
}
