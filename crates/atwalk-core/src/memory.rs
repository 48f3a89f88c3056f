//! Guest physical memory as the walker sees it: the scenario's words and the
//! ranges where memory exists. Every descriptor read of both stages goes
//! through [`PhysMem::read`], the single funnel.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// A scenario's memory words: 8-byte-aligned address to 64-bit word. Copies of a scenario share
/// their words until one of them writes (`DerefMut` copies shared words first), so copying a
/// scenario, and comparing two copies that share their words, costs nothing whatever their number:
/// an editor that copies a scenario of a million words to change a register copies none of them.
/// Everything else is the `BTreeMap`'s, through `Deref`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Words(Arc<BTreeMap<u64, u64>>);

impl Deref for Words {
    type Target = BTreeMap<u64, u64>;
    fn deref(&self) -> &BTreeMap<u64, u64> {
        &self.0
    }
}

impl DerefMut for Words {
    fn deref_mut(&mut self) -> &mut BTreeMap<u64, u64> {
        Arc::make_mut(&mut self.0)
    }
}

impl fmt::Debug for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl From<BTreeMap<u64, u64>> for Words {
    fn from(words: BTreeMap<u64, u64>) -> Self {
        Words(Arc::new(words))
    }
}

impl<const N: usize> From<[(u64, u64); N]> for Words {
    fn from(words: [(u64, u64); N]) -> Self {
        Words(Arc::new(words.into()))
    }
}

impl FromIterator<(u64, u64)> for Words {
    fn from_iter<I: IntoIterator<Item = (u64, u64)>>(iter: I) -> Self {
        Words(Arc::new(iter.into_iter().collect()))
    }
}

impl<'a> IntoIterator for &'a Words {
    type Item = (&'a u64, &'a u64);
    type IntoIter = std::collections::btree_map::Iter<'a, u64, u64>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl PartialEq<BTreeMap<u64, u64>> for Words {
    fn eq(&self, other: &BTreeMap<u64, u64>) -> bool {
        *self.0 == *other
    }
}

/// A range of guest physical addresses where memory exists:
/// `base ..= base + (size - 1)`, `size` non-zero, not past 2^64.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RamRange {
    /// First address.
    pub base: u64,
    /// Length in bytes.
    pub size: u64,
}

/// Physical memory that descriptors are read from.
pub trait PhysMem {
    /// The 64-bit little-endian word at the 8-byte-aligned `pa`, or `None`
    /// when no memory exists there (an External abort).
    fn read(&self, pa: u64) -> Option<u64>;
}

/// The scenario's memory image: listed words, zero elsewhere, and optional
/// RAM ranges outside which a read aborts.
#[derive(Clone, Copy, Debug)]
pub struct GuestMemory<'a> {
    words: &'a BTreeMap<u64, u64>,
    ram: Option<&'a [RamRange]>,
}

impl<'a> GuestMemory<'a> {
    /// Memory made of `words`, present only inside `ram` when given.
    pub fn new(words: &'a BTreeMap<u64, u64>, ram: Option<&'a [RamRange]>) -> Self {
        GuestMemory { words, ram }
    }

    /// Whether memory exists at `pa`.
    pub fn exists(&self, pa: u64) -> bool {
        match self.ram {
            None => true,
            Some(ranges) => ranges.iter().any(|r| pa >= r.base && pa - r.base < r.size),
        }
    }
}

impl PhysMem for GuestMemory<'_> {
    fn read(&self, pa: u64) -> Option<u64> {
        if !self.exists(pa) {
            return None;
        }
        Some(self.words.get(&pa).copied().unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_share_words_until_one_writes() {
        let a: Words = [(0x1000, 1), (0x2000, 2)].into();
        let mut b = a.clone();
        assert!(Arc::ptr_eq(&a.0, &b.0) && a == b);
        b.insert(0x3000, 3);
        assert!(!Arc::ptr_eq(&a.0, &b.0) && a != b);
        assert_eq!((a.len(), b.len()), (2, 3));
        assert_eq!(a, BTreeMap::from([(0x1000, 1), (0x2000, 2)]));
    }
}
