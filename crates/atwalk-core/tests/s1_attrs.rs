//! Output attributes in PAR_EL1: MAIR_EL1.Attr<AttrIndx> reported unchanged
//! (ReportedPARAttrs() choice of this model), SH from the descriptor, or from
//! TCR_EL1.SHn with DS=1 (S1NextWalkStateLeaf()), forced to Outer Shareable
//! for Device and Normal Non-cacheable (PAREncodeShareability()), the
//! reserved SH 0b01 reported as is, and SCTLR_EL1.C=0 (reported attributes
//! unchanged, the trace's resulting attributes Normal NC).

mod common;
use common::stage1::TCR;
use common::*;

fn page(tcr: u64, bits: u64) -> Setup {
    let leaf = OUT | PAGE | AF | bits;
    Setup::new(TCR | tcr, T0)
        .ttbr1(T1)
        .path_ex(12, 39, T0, 0, VA39, 3, leaf, &[])
        .path_ex(12, 39, T1, 8, VA39_HI, 3, leaf, &[])
}

/// Every AttrIndx of [`MAIR`] with every SH value.
#[test]
fn mair_index_by_sh() {
    // (AttrIndx, ATTR, forced OSH?): see MAIR's doc.
    let attrs: [(u64, u64, bool); 8] = [
        (0, 0xff, false), // Normal WB
        (1, 0x00, true),  // Device-nGnRnE
        (2, 0x44, true),  // Normal NC
        (3, 0x04, true),  // Device-nGnRE
        (4, 0xbb, false), // Normal WT
        (5, 0x40, true),  // Normal NC, XS=0
        (6, 0x0c, true),  // Device-GRE
        (7, 0x4f, false), // Normal outer NC, inner WB: not both NC
    ];
    // PAR low bits: SH<<7 | NS (0x200) | RES1 (0x800).
    let low = |s: u64| (s << 7) | 0x200 | 0x800;
    let mut rows = Vec::new();
    for (idx, a, forced) in attrs {
        for shv in 0..4u64 {
            let rsh = if forced { 0b10 } else { shv };
            let want = (a << 56) | 0x4050_0000 | low(rsh);
            rows.push(row(
                leak(format!("AttrIndx {idx} SH 0b{shv:02b}")),
                page(0, attr(idx) | sh(shv)),
                AtOp::S1E1R,
                VA39,
                Want::Par(want),
            ));
        }
    }
    // And a few spelled out, to pin the arithmetic above.
    rows.extend([
        row(
            "spelled: Normal WB ISH",
            page(0, attr(0) | sh(0b11)),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        row(
            "spelled: Normal WB NSH",
            page(0, attr(0) | sh(0b00)),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_0000_4050_0a00),
        ),
        row(
            "spelled: Normal WB SH=01",
            page(0, attr(0) | sh(0b01)),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_0000_4050_0a80),
        ),
        row(
            "spelled: Device-nGnRnE NSH",
            page(0, attr(1) | sh(0b00)),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_4050_0b00),
        ),
        row(
            "spelled: Normal NC ISH",
            page(0, attr(2) | sh(0b11)),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x4400_0000_4050_0b00),
        ),
        row(
            "spelled: Normal WT OSH",
            page(0, attr(4) | sh(0b10)),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xbb00_0000_4050_0b00),
        ),
    ]);
    assert_eq!(rows.len(), 38);
    check_rows(&rows);
}

/// Other MAIR bytes: the reserved ones are reported unchanged too.
#[test]
fn other_mair_bytes() {
    let one = |name, byte: u64, shv: u64, want: u64| {
        row(
            name,
            page(0, attr(3) | sh(shv)).mair(byte << 24),
            AtOp::S1E1R,
            VA39,
            Want::Par(want),
        )
    };
    let rows = vec![
        one("0xf4 outer WB inner NC", 0xf4, 0b11, 0xf400_0000_4050_0b80),
        one("0x01 Device-nGnRnE XS=0", 0x01, 0b11, 0x0100_0000_4050_0b00),
        one("0x08 Device-nGRE", 0x08, 0b00, 0x0800_0000_4050_0b00),
        one("0xa0 Normal WT XS=0", 0xa0, 0b11, 0xa000_0000_4050_0b80),
        one("0x02 reserved 0000dd1x", 0x02, 0b11, 0x0200_0000_4050_0b00),
        one("0x30 reserved xxxx0000", 0x30, 0b11, 0x3000_0000_4050_0b80),
        one(
            "0xf0 reserved without MTE2",
            0xf0,
            0b00,
            0xf000_0000_4050_0a00,
        ),
        one(
            "0x77 Normal WB transient",
            0x77,
            0b01,
            0x7700_0000_4050_0a80,
        ),
    ];
    check_rows(&rows);
}

/// DS = 1: the shareability is TCR_EL1.SH0 (SH1 for TTBR1), descriptor
/// bits [9:8] being OA[51:50].
#[test]
fn ds_takes_sh_from_tcr() {
    let rows = vec![
        row(
            "DS SH0=10",
            page(DS | sh0(0b10), 0),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_0000_4050_0b00),
        ),
        row(
            "DS SH0=00",
            page(DS | sh0(0b00) | sh1(0b11), 0),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_0000_4050_0a00),
        ),
        row(
            "DS SH0=01",
            page(DS | sh0(0b01), 0),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_0000_4050_0a80),
        ),
        row(
            "DS SH0=11",
            page(DS | sh0(0b11), 0),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        row(
            "DS TTBR1 uses SH1",
            page(DS | sh0(0b00) | sh1(0b11), 0),
            AtOp::S1E1R,
            VA39_HI,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        row(
            "DS Device forced OSH",
            page(DS | sh0(0b00), attr(1)),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_4050_0b00),
        ),
        // Without FEAT_LPA2, DS is ignored: bits [9:8] are SH again.
        row(
            "DS ignored without FEAT_LPA2",
            page(DS | sh0(0b00), sh(0b11)).without(&[Feature::Lpa2]),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        // Without DS, TCR_EL1.SH0 is only the walk's shareability.
        row(
            "no DS: SH0 not reported",
            page(sh0(0b10), sh(0b00)),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_0000_4050_0a00),
        ),
    ];
    check_rows(&rows);
}

/// SCTLR_EL1.C = 0: PAR reports the descriptor's attributes; the trace's
/// Attrs step shows the resulting Normal Non-cacheable (0x40 when the memory
/// has XS=0, i.e. Inner and Outer Write-Back or 0x40/0xa0; 0x44 otherwise).
#[test]
fn sctlr_c_zero() {
    let m_only = SCTLR_M;
    let rows = vec![
        row(
            "C=0 Normal WB",
            page(0, attr(0) | sh(0b11)).sctlr(m_only),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xff00_0000_4050_0b80),
        ),
        row(
            "C=0 Normal WT",
            page(0, attr(4) | sh(0b11)).sctlr(m_only),
            AtOp::S1E1R,
            VA39,
            Want::Par(0xbb00_0000_4050_0b80),
        ),
        row(
            "C=0 Device",
            page(0, attr(1) | sh(0b11)).sctlr(m_only),
            AtOp::S1E1R,
            VA39,
            Want::Par(0x0000_0000_4050_0b00),
        ),
    ];
    check_rows(&rows);
    // (AttrIndx, resulting_attr, reported_attr, reported_sh) with C=0 and C=1.
    let attrs_step = |sctlr: u64, idx: u64| {
        let r = page(0, attr(idx) | sh(0b11))
            .sctlr(sctlr)
            .run(AtOp::S1E1R, VA39);
        r.trace
            .iter()
            .find_map(|s| match &s.kind {
                StepKind::Attrs {
                    mair_attr,
                    sctlr_c,
                    resulting_attr,
                    reported_attr,
                    reported_sh,
                    sh_from_tcr,
                    ..
                } => Some((
                    *mair_attr,
                    *sctlr_c,
                    *resulting_attr,
                    *reported_attr,
                    *reported_sh,
                    *sh_from_tcr,
                )),
                _ => None,
            })
            .expect("an Attrs step")
    };
    assert_eq!(
        attrs_step(m_only, 0),
        (0xff, false, 0x40, 0xff, 0b11, false)
    );
    assert_eq!(
        attrs_step(m_only, 4),
        (0xbb, false, 0x44, 0xbb, 0b11, false)
    );
    assert_eq!(
        attrs_step(m_only, 7),
        (0x4f, false, 0x44, 0x4f, 0b11, false)
    );
    assert_eq!(
        attrs_step(m_only, 5),
        (0x40, false, 0x40, 0x40, 0b10, false)
    );
    assert_eq!(
        attrs_step(m_only, 1),
        (0x00, false, 0x00, 0x00, 0b10, false)
    );
    assert_eq!(
        attrs_step(m_only, 3),
        (0x04, false, 0x04, 0x04, 0b10, false)
    );
    assert_eq!(
        attrs_step(SCTLR_M | SCTLR_C, 0),
        (0xff, true, 0xff, 0xff, 0b11, false)
    );
    assert_eq!(
        attrs_step(SCTLR_M | SCTLR_C, 4),
        (0xbb, true, 0xbb, 0xbb, 0b11, false)
    );
}
