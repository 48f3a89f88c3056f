//! Building a well-formed scenario for an exercise: tables allocated in
//! guest RAM, a path of table descriptors from the TTBR to a leaf for a VA,
//! descriptors made with the core's descriptor field definitions.

use std::collections::BTreeMap;

use atwalk_core::descriptor::{S1LeafDesc, S1TableDesc, S2LeafDesc};
use atwalk_core::granule::Granule;
use atwalk_core::regs::FieldInfo;
use atwalk_core::walk::geometry::{Geometry, first_table_bits, start_level};

/// Where exercise memory starts, and its size: tables are allocated here.
pub const RAM_BASE: u64 = 0x4000_0000;
/// The RAM size (1GB).
pub const RAM_SIZE: u64 = 0x4000_0000;

/// Sets `field` of `word` to `value` (which must fit).
pub fn set(word: u64, field: FieldInfo, value: u64) -> u64 {
    field.set(word, value).expect("the value fits its field")
}

/// A table descriptor pointing at `next`.
pub fn table(next: u64) -> u64 {
    let d = set(next, S1TableDesc::Valid, 1);
    set(d, S1TableDesc::Type, 1)
}

/// Leaf options: AP[2:1], AttrIndx, AF, UXN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeafBits {
    /// AP[2:1].
    pub ap: u64,
    /// AttrIndx.
    pub attr: u64,
    /// AF.
    pub af: bool,
    /// UXN.
    pub uxn: bool,
}

impl Default for LeafBits {
    fn default() -> Self {
        LeafBits {
            ap: 0,
            attr: 0,
            af: true,
            uxn: false,
        }
    }
}

/// A block (`page` false) or page descriptor for `oa`.
pub fn leaf(oa: u64, page: bool, b: LeafBits) -> u64 {
    let mut d = set(oa, S1LeafDesc::Valid, 1);
    d = set(d, S1LeafDesc::Type, u64::from(page));
    d = set(d, S1LeafDesc::AF, u64::from(b.af));
    d = set(d, S1LeafDesc::SH, 0b11);
    d = set(d, S1LeafDesc::AP, b.ap);
    d = set(d, S1LeafDesc::AttrIndx, b.attr);
    set(d, S1LeafDesc::UXN, u64::from(b.uxn))
}

/// A stage 2 block (`page` false) or page for `pa`: S2AP, MemAttr.
pub fn s2_leaf(pa: u64, page: bool, s2ap: u64, mem_attr: u64) -> u64 {
    let mut d = set(pa, S2LeafDesc::Valid, 1);
    d = set(d, S2LeafDesc::Type, u64::from(page));
    d = set(d, S2LeafDesc::AF, 1);
    d = set(d, S2LeafDesc::SH, 0b11);
    d = set(d, S2LeafDesc::S2AP, s2ap);
    set(d, S2LeafDesc::MemAttr, mem_attr)
}

/// A stage 1 tree under construction.
#[derive(Clone, Debug)]
pub struct Tree {
    /// The walk's shape.
    pub geometry: Geometry,
    /// The first table.
    pub root: u64,
    /// Descriptors written so far.
    pub memory: BTreeMap<u64, u64>,
    /// The next free table address.
    next: u64,
}

impl Tree {
    /// An empty tree for `granule` and a `ia_bits` VA range, its tables from
    /// `first` on (a table-size aligned address in RAM).
    pub fn new(granule: Granule, ia_bits: u8, first: u64) -> Tree {
        let start = start_level(granule, ia_bits);
        let tsize = 1u64 << granule.bits();
        let root_bytes = 1u64 << first_table_bits(granule, ia_bits, start);
        Tree {
            geometry: Geometry {
                granule,
                ia_bits,
                start,
            },
            root: first,
            memory: BTreeMap::new(),
            next: first + root_bytes.max(tsize),
        }
    }

    /// The first address after the tables allocated so far.
    pub fn end(&self) -> u64 {
        self.next
    }

    /// A fresh table's address.
    pub fn alloc(&mut self) -> u64 {
        let t = self.next;
        self.next += 1u64 << self.geometry.granule.bits();
        t
    }

    /// Table descriptors from the root down to `level` for `va`, then
    /// `leaf` there; returns the entry address of every level, the leaf's
    /// last. Existing table descriptors on the way are followed.
    pub fn map(&mut self, va: u64, level: i8, leaf: u64) -> Vec<u64> {
        let g = self.geometry;
        let mut table_at = self.root;
        let mut entries = Vec::new();
        for l in g.start..=level {
            let e = g.entry(table_at, va, l).addr;
            entries.push(e);
            if l == level {
                self.memory.insert(e, leaf);
                break;
            }
            table_at = match self.memory.get(&e) {
                Some(&d) if d & 0b11 == 0b11 => atwalk_core::descriptor::next_table_base(
                    d,
                    g.granule,
                    atwalk_core::descriptor::Oa52::None,
                ),
                _ => {
                    let t = self.alloc();
                    self.memory.insert(e, table(t));
                    t
                }
            };
        }
        entries
    }
}
