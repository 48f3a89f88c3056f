//! The machine the stage 2 test files share (stage2_*.rs,
//! external_aborts.rs): a 4KB stage 1 walk of [`VA39`] whose three tables
//! are at IPAs 0x4000_0000, 0x4100_0000 and 0x4101_0000, with HCR_EL2.VM = 1
//! and a 4KB stage 2 at [`VTTBR`], and builders of the stage 2 blocks and
//! pages that map those IPAs. A test file says `use common::stage2::*;`
//! besides `use common::*;`.
//!
//! A stage 2 fault on the walk is PAR_EL1 with F=1, PTW=1 (bit 8), S=1
//! (bit 9), RES1 (bit 11): 0xb01 | FST<<1.

use super::*;

/// 4KB stage 1, 39-bit VA, start level 1. VA39 indices: L1 0x155, L2 0x019,
/// L3 0x017; tables at IPAs 0x4000_0000, 0x4100_0000, 0x4101_0000.
pub const TCR: u64 = TG0_4K | t0sz(25) | ips(0b101);
/// VTTBR_EL2: the stage 2 start table.
pub const VTTBR: u64 = 0x8000_0000;
/// 4KB stage 2, 39-bit IPA, SL0=0b01: start level 1, one 512-entry table.
pub const VTCR: u64 = VTG0_4K | vt0sz(25) | sl0(0b01) | vps(0b101);

/// The stage 1 tables (identity PAs) with stage 2 on and no stage 2 tables.
pub fn s1() -> Setup {
    Setup::new(TCR, T0)
        .hcr(HCR_VM)
        .vtcr(VTCR)
        .vttbr(VTTBR)
        .path(12, 39, T0, VA39, 3, OUT | PAGE | LEAF_ATTRS)
}

/// Stage 2 L1 block: IPA [1GB, 2GB) to PA `pa`, with `attrs`.
pub fn s2_block(s: Setup, pa: u64, attrs: u64) -> Setup {
    s.word(VTTBR + 8, pa | BLOCK | attrs) // IPA[38:30] = 1
}

/// Stage 2 4KB page for `ipa` (in [1GB, 2GB)) to PA `ipa`: L1 entry 1 to the
/// L2 table at 0x8001_0000, L2 entry IPA[29:21] to `l3`, L3 entry IPA[20:12].
pub fn s2_page(s: Setup, ipa: u64, l3: u64, attrs: u64) -> Setup {
    s.word(VTTBR + 8, 0x8001_0000 | TABLE)
        .word(0x8001_0000 + 8 * ((ipa >> 21) & 0x1ff), l3 | TABLE)
        .word(l3 + 8 * ((ipa >> 12) & 0x1ff), ipa | PAGE | attrs)
}

/// All three stage 1 tables mapped by stage 2 pages.
pub fn s2_pages(s: Setup, attrs: u64) -> Setup {
    let s = s2_page(s, 0x4000_0000, 0x8002_0000, attrs);
    let s = s2_page(s, 0x4100_0000, 0x8003_0000, S2_RW_NORMAL);
    s2_page(s, 0x4101_0000, 0x8003_0000, S2_RW_NORMAL)
}
