//! The machine of one row: registers, memory words, RAM ranges, features
//! and PA size, with the path placers that write a walk's descriptors.

use std::collections::BTreeMap;

use atwalk_core::features::ArmFeature;

use super::*;

/// Registers, memory and CPU model of one row.
#[derive(Clone, Debug)]
pub struct Setup {
    /// Registers.
    pub cpu: Cpu,
    /// Memory words.
    pub mem: BTreeMap<u64, u64>,
    /// RAM ranges.
    pub ram: Option<Vec<RamRange>>,
    /// CPU features (None: default, all).
    pub features: Option<Vec<Feature>>,
    /// PA size (None: default, 48).
    pub pa_bits: Option<u8>,
}

impl Setup {
    /// TCR_EL1 and TTBR0_EL1 as given, SCTLR_EL1 = M|C, MAIR_EL1 = [`MAIR`].
    pub fn new(tcr: u64, ttbr0: u64) -> Setup {
        Setup {
            cpu: Cpu {
                tcr_el1: tcr,
                ttbr0_el1: ttbr0,
                mair_el1: MAIR,
                sctlr_el1: SCTLR_M | SCTLR_C,
                ..Cpu::default()
            },
            mem: BTreeMap::new(),
            ram: None,
            features: None,
            pa_bits: None,
        }
    }
    /// TTBR1_EL1.
    pub fn ttbr1(mut self, v: u64) -> Setup {
        self.cpu.ttbr1_el1 = v;
        self
    }
    /// TCR_EL1.
    pub fn tcr(mut self, v: u64) -> Setup {
        self.cpu.tcr_el1 = v;
        self
    }
    /// MAIR_EL1.
    pub fn mair(mut self, v: u64) -> Setup {
        self.cpu.mair_el1 = v;
        self
    }
    /// SCTLR_EL1.
    pub fn sctlr(mut self, v: u64) -> Setup {
        self.cpu.sctlr_el1 = v;
        self
    }
    /// HCR_EL2.
    pub fn hcr(mut self, v: u64) -> Setup {
        self.cpu.hcr_el2 = v;
        self
    }
    /// VTCR_EL2.
    pub fn vtcr(mut self, v: u64) -> Setup {
        self.cpu.vtcr_el2 = v;
        self
    }
    /// VTTBR_EL2.
    pub fn vttbr(mut self, v: u64) -> Setup {
        self.cpu.vttbr_el2 = v;
        self
    }
    /// PSTATE.PAN.
    pub fn pan(mut self, v: bool) -> Setup {
        self.cpu.pstate_pan = v;
        self
    }
    /// One memory word.
    pub fn word(mut self, addr: u64, v: u64) -> Setup {
        assert_eq!(addr % 8, 0, "misaligned word 0x{addr:x}");
        let old = self.mem.insert(addr, v);
        assert!(
            old.is_none() || old == Some(v),
            "word 0x{addr:x} placed twice"
        );
        self
    }
    /// Adds a RAM range (memory exists only inside the ranges given).
    pub fn ram(mut self, base: u64, size: u64) -> Setup {
        self.ram
            .get_or_insert_with(Vec::new)
            .push(RamRange { base, size });
        self
    }
    /// Exactly these features.
    pub fn features(mut self, f: &[Feature]) -> Setup {
        self.features = Some(f.to_vec());
        self
    }
    /// Every modelled feature but these.
    pub fn without(mut self, f: &[Feature]) -> Setup {
        self.features = Some(
            Feature::ALL
                .into_iter()
                .filter(|x| !f.contains(x))
                .collect(),
        );
        self
    }
    /// The PA size.
    pub fn pa_bits(mut self, n: u8) -> Setup {
        self.pa_bits = Some(n);
        self
    }

    /// Places the stage 1 (or stage 2) path of `va` for a walk with
    /// `granule_bits` (12, 14, 16) and an input size of `ia_bits`: a table
    /// descriptor at every level from the start level to `leaf_level - 1`
    /// (the first table at `table0`, later ones at 64KB slots from
    /// [`NEXT_TABLES`] + `slot` * 0x10000), and `leaf` at `leaf_level`.
    /// `table_extra` is ORed into every table descriptor.
    #[allow(clippy::too_many_arguments)]
    pub fn path_ex(
        mut self,
        granule_bits: u8,
        ia_bits: u8,
        table0: u64,
        slot: u64,
        va: u64,
        leaf_level: i8,
        leaf: u64,
        table_extra: &[u64],
    ) -> Setup {
        let g = i64::from(granule_bits);
        let stride = g - 3;
        let ia = i64::from(ia_bits);
        let start = 3 - (ia - 1 - g) / stride;
        let mut table = table0;
        let mut n = 0;
        for level in start..=i64::from(leaf_level) {
            let lo = (3 - level) * stride + g;
            let hi = if level == start {
                ia - 1
            } else {
                lo + stride - 1
            };
            let width = hi - lo + 1;
            let index = (va >> lo) & ((1u64 << width) - 1);
            let entry = table + 8 * index;
            if level == i64::from(leaf_level) {
                self = self.word(entry, leaf);
            } else {
                let next = NEXT_TABLES + (slot + n) * 0x1_0000;
                let extra = table_extra.get(n as usize).copied().unwrap_or(0);
                self = self.word(entry, next | TABLE | extra);
                table = next;
                n += 1;
            }
        }
        self
    }

    /// [`Setup::path_ex`] with no table bits and slot 0.
    pub fn path(
        self,
        granule_bits: u8,
        ia_bits: u8,
        table0: u64,
        va: u64,
        leaf_level: i8,
        leaf: u64,
    ) -> Setup {
        self.path_ex(granule_bits, ia_bits, table0, 0, va, leaf_level, leaf, &[])
    }

    /// Places a path through the tables at `tables` (the first one the
    /// start level's): each entry on `va`'s path holds a table descriptor
    /// for the next table (`| TABLE`), and the entry in the last table
    /// holds `leaf`.
    pub fn path_at(
        mut self,
        granule_bits: u8,
        ia_bits: u8,
        tables: &[u64],
        va: u64,
        leaf: u64,
    ) -> Setup {
        let g = i64::from(granule_bits);
        let stride = g - 3;
        let ia = i64::from(ia_bits);
        let start = 3 - (ia - 1 - g) / stride;
        for (i, table) in tables.iter().enumerate() {
            let level = start + i as i64;
            let lo = (3 - level) * stride + g;
            let hi = if level == start {
                ia - 1
            } else {
                lo + stride - 1
            };
            let index = (va >> lo) & ((1u64 << (hi - lo + 1)) - 1);
            let v = match tables.get(i + 1) {
                Some(next) => next | TABLE,
                None => leaf,
            };
            self = self.word(table + 8 * index, v);
        }
        self
    }

    /// The scenario with one query.
    pub fn scenario(&self, op: AtOp, va: u64) -> Scenario {
        Scenario {
            title: String::new(),
            notes: String::new(),
            cpu: self.cpu,
            memory: self.mem.clone().into(),
            ram: self.ram.clone(),
            kvm: KvmHost::default(),
            features: self
                .features
                .as_ref()
                .map(|f| f.iter().copied().map(ArmFeature::from).collect()),
            pa_bits: self.pa_bits,
            queries: vec![Query {
                op,
                va,
                expect: None,
            }],
        }
    }

    /// Runs one AT op.
    pub fn run(&self, op: AtOp, va: u64) -> QueryResult {
        let e = evaluate(&self.scenario(op, va), &EvalOptions::default());
        e.results.into_iter().next().expect("one result")
    }
}
