//! The descriptor format a walk reads with, and the hardware management
//! (access flag, dirty state) in effect.

use crate::descriptor::Oa52;

/// How a walk's descriptors and tables are read: the descriptor format for
/// output addresses above 47 bits and the hardware management in effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    /// Effective DS (52-bit descriptors with the 4KB and 16KB granules).
    pub ds: bool,
    /// The PE implements 52-bit PAs (64KB level 1 blocks are allowed).
    pub pa52: bool,
    /// How descriptors carry OA bits above 47.
    pub oa52: Oa52,
    /// The TTBR's BADDR holds bits [51:48] in [5:2].
    pub baddr52: bool,
    /// Effective HA: hardware sets the access flag.
    pub ha: bool,
    /// Effective HD: DBM descriptors count as writable.
    pub hd: bool,
}
