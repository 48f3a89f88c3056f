//! The map benchmark's scenario: a fully populated 4-level 4KB tree, as
//! large as the scenario limits allow without sharing tables. Every table
//! the walk can reach has 512 valid entries: the level 0 table points at
//! 512 level 1 tables; in each, entry 0 points at a level 2 table and the
//! other 511 are 1GB blocks; in each level 2 table, entry 0 points at a
//! level 3 table and the other 511 are 2MB blocks; each level 3 table holds
//! 512 pages. 1 + 512 x 3 tables, 786,944 descriptors (the limit is
//! 1,000,000), 785,408 leaves, an identity map of the 48-bit VA range.

use std::collections::BTreeMap;

use atwalk_core::scenario::{Cpu, KvmHost, Scenario};

/// Where the tables live (above every address the tree maps).
const TABLES: u64 = 0x8000_0000_0000;
/// TCR_EL1: T0SZ = 16 (48-bit VAs, the walk starts at level 0), 4KB,
/// IPS = 0b101 (48 bits), EPD1.
const TCR: u64 = 16 | (1 << 23) | (0b101 << 32);
/// A block or page with AF, Inner Shareable, AttrIndx 0, EL1 read/write.
const LEAF_ATTRS: u64 = (1 << 10) | (0b11 << 8);

/// The scenario (one query, an S1E1R of a page).
pub fn full_tree_4k() -> Scenario {
    let mut memory = BTreeMap::new();
    let l0 = TABLES;
    let table = |n: u64| TABLES + 0x1000 * n;
    for i in 0..512u64 {
        let l1 = table(1 + i);
        let l2 = table(1 + 512 + i);
        let l3 = table(1 + 1024 + i);
        memory.insert(l0 + 8 * i, l1 | 0b11);
        let va1 = i << 39;
        memory.insert(l1, l2 | 0b11);
        for j in 1..512u64 {
            memory.insert(l1 + 8 * j, (va1 | j << 30) | LEAF_ATTRS | 0b01);
        }
        memory.insert(l2, l3 | 0b11);
        for k in 1..512u64 {
            memory.insert(l2 + 8 * k, (va1 | k << 21) | LEAF_ATTRS | 0b01);
        }
        for p in 0..512u64 {
            memory.insert(l3 + 8 * p, (va1 | p << 12) | LEAF_ATTRS | 0b11);
        }
    }
    let json = r#"{"format":"at-scenario/1","cpu":{},"memory":{},"queries":[{"op":"S1E1R","va":"0x1234"}]}"#;
    let base = Scenario::from_json(json).expect("a minimal scenario");
    Scenario {
        title: "A fully populated 4-level 4KB tree".to_owned(),
        notes: "The map benchmark: every reachable table full, 785,408 leaves.".to_owned(),
        cpu: Cpu {
            tcr_el1: TCR,
            ttbr0_el1: l0,
            mair_el1: 0xff,
            sctlr_el1: 0x5,
            ..Cpu::default()
        },
        memory: memory.into(),
        kvm: KvmHost::default(),
        ..base
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atwalk_core::scenario::MAX_MEMORY_WORDS;

    #[test]
    fn within_the_limits_and_all_mapped() {
        let s = full_tree_4k();
        assert_eq!(s.memory.len(), 786_944);
        assert!(s.memory.len() <= MAX_MEMORY_WORDS);
        let m = super::super::map(&s);
        assert!(!m.truncated);
        assert_eq!(m.entries, 786_944);
        // Per level 0 entry: the pages, the 2MB blocks, the 1GB blocks.
        assert_eq!(m.rows.len(), 3 * 512);
        let mapped: u64 = m.rows.iter().map(|r| r.size).sum();
        assert_eq!(mapped, 1 << 48);
    }
}
