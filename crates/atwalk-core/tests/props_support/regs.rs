//! Register strategies: TCR_EL1, the TTBRs, SCTLR_EL1, HCR_EL2, VTCR_EL2
//! and the CPU made of them, biased towards walks that go deep.

use super::*;

/// A TxSZ biased to walk deep: 16 (a 4-level 4KB walk), the legal range,
/// or anything.
pub fn txsz() -> impl Strategy<Value = u64> {
    prop_oneof![3 => Just(16u64), 3 => 25u64..=39, 2 => 12u64..=48, 1 => 0u64..64]
}

pub fn tcr() -> impl Strategy<Value = u64> {
    (
        any::<u64>(),
        (txsz(), txsz()),
        (
            prop_oneof![2 => Just(0u64), 1 => 0u64..4],
            prop_oneof![2 => Just(2u64), 1 => 0u64..4],
        ),
        prop_oneof![2 => Just(0b101u64), 1 => 0u64..8],
        (
            weighted_bool(0.15),
            weighted_bool(0.3),
            weighted_bool(0.5),
            weighted_bool(0.5),
        ),
        (
            weighted_bool(0.04),
            weighted_bool(0.04),
            weighted_bool(0.06),
            weighted_bool(0.06),
        ),
        (weighted_bool(0.3), weighted_bool(0.3)),
    )
        .prop_map(
            |(
                r,
                (t0sz, t1sz),
                (tg0, tg1),
                ips,
                (ds, ha, tbi0, tbi1),
                (epd0, epd1, e0pd0, e0pd1),
                (hpd0, hpd1),
            )| {
                let mut v = r;
                v = put(v, 5, 0, t0sz);
                v = put(v, 21, 16, t1sz);
                v = put(v, 15, 14, tg0);
                v = put(v, 31, 30, tg1);
                v = put(v, 34, 32, ips);
                v = put(v, 59, 59, u64::from(ds));
                v = put(v, 39, 39, u64::from(ha));
                v = put(v, 37, 37, u64::from(tbi0));
                v = put(v, 38, 38, u64::from(tbi1));
                v = put(v, 7, 7, u64::from(epd0));
                v = put(v, 23, 23, u64::from(epd1));
                v = put(v, 55, 55, u64::from(e0pd0));
                v = put(v, 56, 56, u64::from(e0pd1));
                v = put(v, 41, 41, u64::from(hpd0));
                v = put(v, 42, 42, u64::from(hpd1));
                v
            },
        )
}

/// A TTBR: a pool table, sometimes with CnP, BADDR[51:48] or ASID bits,
/// sometimes anything.
pub fn ttbr() -> impl Strategy<Value = u64> {
    prop_oneof![
        14 => (any::<u8>(), any::<u64>(), any::<u8>()).prop_map(|(i, r, noise)| {
            let base = pool(i);
            match noise % 16 {
                // ASID and CnP.
                0 | 1 => base | (r & (mask(63, 48) | 1)),
                // BADDR[51:48] with DS (or 64KB and 52-bit IPS), low junk.
                2 => base | (r & mask(5, 0)),
                _ => base,
            }
        }),
        1 => any::<u64>(),
    ]
}

pub fn sctlr() -> impl Strategy<Value = u64> {
    (
        any::<u64>(),
        weighted_bool(0.95),
        weighted_bool(0.15),
        any::<bool>(),
    )
        .prop_map(|(r, m, ee, c)| {
            let v = put(r, 0, 0, u64::from(m));
            let v = put(v, 25, 25, u64::from(ee));
            put(v, 2, 2, u64::from(c))
        })
}

pub fn hcr() -> impl Strategy<Value = u64> {
    (
        any::<u64>(),
        any::<bool>(),
        weighted_bool(0.04),
        weighted_bool(0.04),
        weighted_bool(0.3),
    )
        .prop_map(|(r, vm, dc, tge, ptw)| {
            let v = put(r, 0, 0, u64::from(vm));
            let v = put(v, 12, 12, u64::from(dc));
            let v = put(v, 27, 27, u64::from(tge));
            put(v, 2, 2, u64::from(ptw))
        })
}

/// VTCR_EL2: mostly a consistent granule, start level and IPA size (the
/// start level encoded in SL0), sometimes anything.
pub fn vtcr() -> impl Strategy<Value = u64> {
    let consistent = (
        0u8..3,
        any::<u8>(),
        prop_oneof![3 => Just(40u8), 1 => 32u8..=48],
        prop_oneof![2 => Just(0b101u64), 1 => 0u64..8],
        any::<u64>(),
        weighted_bool(0.2),
    )
        .prop_map(|(g, lvl, ia_bits, ps, r, noise)| {
            // (TG0, granule bits, stride, [(start level, SL0)])
            let (tg0, gbits, stride, levels): (u64, u8, u8, &[(u8, u64)]) = match g {
                0 => (0b00, 12, 9, &[(0, 0b10), (1, 0b01), (2, 0b00), (3, 0b11)]),
                1 => (0b10, 14, 11, &[(1, 0b10), (2, 0b01), (3, 0b00)]),
                _ => (0b01, 16, 13, &[(1, 0b10), (2, 0b01), (3, 0b00)]),
            };
            // AArch64.S2InconsistentSL(): the start levels this IPA size allows.
            let fits: Vec<u64> = levels
                .iter()
                .filter(|(start, _)| {
                    let sl_min = (3 - start) * stride + gbits + 1;
                    (sl_min..=sl_min + stride + 3).contains(&ia_bits)
                })
                .map(|(_, sl0)| *sl0)
                .collect();
            let sl0 = fits
                .get(usize::from(lvl) % fits.len().max(1))
                .copied()
                .unwrap_or(u64::from(lvl & 3));
            let mut v = if noise { r & !mask(33, 0) } else { 0 };
            v = put(v, 5, 0, u64::from(64 - ia_bits));
            v = put(v, 7, 6, sl0);
            v = put(v, 15, 14, tg0);
            v = put(v, 18, 16, ps);
            v = put(v, 21, 21, u64::from(r & 7 == 0)); // HA
            v = put(v, 32, 32, u64::from(r & 0x38 == 0)); // DS
            v
        });
    prop_oneof![9 => consistent, 1 => any::<u64>()]
}

pub fn cpu() -> impl Strategy<Value = Cpu> {
    (
        tcr(),
        ttbr(),
        ttbr(),
        any::<u64>(),
        sctlr(),
        hcr(),
        vtcr(),
        ttbr(),
        any::<bool>(),
    )
        .prop_map(
            |(
                tcr_el1,
                ttbr0_el1,
                ttbr1_el1,
                mair_el1,
                sctlr_el1,
                hcr_el2,
                vtcr_el2,
                vttbr_el2,
                pstate_pan,
            )| Cpu {
                tcr_el1,
                ttbr0_el1,
                ttbr1_el1,
                mair_el1,
                sctlr_el1,
                hcr_el2,
                vtcr_el2,
                vttbr_el2,
                pstate_pan,
            },
        )
}
