//! Guest physical memory as the walker sees it: the scenario's words and the
//! ranges where memory exists. Every descriptor read of both stages goes
//! through [`PhysMem::read`], the single funnel.

use std::collections::BTreeMap;

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
