//! The Linux releases whose AT emulation atwalk models, and what each one
//! does differently. Releases that share code share a model: a release is
//! a set of [`Behaviour`] flags, each flag the one place where releases
//! part, named after the change that made it (docs/kvm-model.md, "Releases").
//!
//! Where the source of a release was read, [`KvmRelease::source`] names
//! the stored file and commit; the trace cites exact lines only for
//! releases whose at.c was read line by line ([`KvmRelease::has_lines`]).

use serde::{Deserialize, Serialize};

/// A Linux release of KVM's AT emulation (arch/arm64/kvm/at.c and nested.c).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum KvmRelease {
    /// v6.12: the emulation as first merged (v4 of the series).
    #[serde(rename = "v6.12")]
    V6_12,
    /// v6.13.
    #[serde(rename = "v6.13")]
    V6_13,
    /// v6.14.
    #[serde(rename = "v6.14")]
    V6_14,
    /// v6.15.
    #[serde(rename = "v6.15")]
    V6_15,
    /// v6.16: the access flag fixes and PAR.PTW only for stage 2 faults
    /// (kvm-arm64/at-fixes-6.16, pulled as "KVM/arm64 updates for 6.16").
    #[serde(rename = "v6.16")]
    V6_16,
    /// v6.17: at.c as at a508d5afb708 (the model atwalk had first).
    #[serde(rename = "v6.17")]
    V6_17,
    /// v6.18: 52-bit (LPA2) output addresses in the software walk and
    /// setup faults at the start level ("TTW reporting on SEA and 52bit PA
    /// in S1 PTW", pulled as "KVM/arm64 updates for 6.18").
    #[serde(rename = "v6.18")]
    V6_18,
    /// v6.19: the software walk sets the access flag (FEAT_HAFDBS exposed
    /// to NV guests, limited to AF).
    #[serde(rename = "v6.19")]
    V6_19,
    /// v7.0: nested.c's stage 2 walk reports its faults (limits from the
    /// guest's PA size, SEA on a failed read, level 0 on a bad start level);
    /// the access flag swap goes to the descriptor (CVE-2026-31553 fixed).
    #[serde(rename = "v7.0")]
    V7_0,
}

/// Where releases part: one flag per change, true where the release has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Behaviour {
    /// __kvm_at_s1e01() also keeps a fast-path PAR reporting a stage 1
    /// Access flag fault (par_check_s1_access_fault()); before, only a
    /// stage 1 Permission fault was kept. v6.16: by its title, commit
    /// ed648ab8043a "KVM: arm64: Teach address translation about access
    /// faults" (its diff not read).
    pub fast_keeps_af: bool,
    /// walk_s1() checks the descriptor's AF (ESR_ELx_FSC_ACCESS_L);
    /// before, it had no access flag check at all. v6.16: by its title, the
    /// same commit ed648ab8043a.
    pub walk_checks_af: bool,
    /// fail_s1_walk() sets PAR.PTW only with PAR.S (a stage 2 fault on the
    /// walk); before, every fault walk_s1() reported set PAR.PTW. v6.16: by
    /// its title, commit 493b01de726d "KVM: arm64: Fix PAR_EL1.{PTW,S}
    /// reporting on AT S1E*" (its diff not read).
    pub ptw_only_s2: bool,
    /// setup_s1_walk() reports its Translation faults (TxSZ, VA range,
    /// EPD, E0PD) at the start level wi->sl, computed from the TxSZ being
    /// checked, instead of level 0. Commit dabf9f73fed8 "KVM: arm64: Report
    /// faults from S1 walk setup at the expected start level" (v6.18).
    pub setup_fault_at_start_level: bool,
    /// setup_s1_walk() sets wi->pa52bit (has_52bit_pa(): 4KB/16KB with
    /// TGRANx = 52_BIT and TCR_EL1.DS; 64KB with PARange = 52 bits and
    /// IPS = 0b110) and the walk then reads 52-bit addresses: TTBR[5:2] as
    /// BADDR[51:48] with the table aligned to at least 64 bytes
    /// (e645226a9c23), descriptor OA bits through desc_to_oa() (df1d0197a2b9),
    /// SH from TCR_EL1 for LPA2 (c0cc438046ee), 4KB level 0 and 16KB/64KB
    /// level 1 blocks (5da3a3b27a01), PAR PA[51:12] (dd82412c2b2b). Before,
    /// every walk was a 48-bit one (v6.18).
    pub s1_pa52: bool,
    /// The VM sees FEAT_HAFDBS (limit_nv_id_reg() caps it at AF instead of
    /// hiding it) and walk_s1() sets AF = 1 itself, by a descriptor swap,
    /// when TCR_EL1.HA is set. "KVM: arm64: Implement HW access flag
    /// management in stage-1 SW PTW" and "KVM: arm64: nv: Expose hardware
    /// access flag management to NV guests" (v6.19; commit ids: see
    /// docs/kvm-model.md, "Releases").
    pub walk_sets_af: bool,
    /// Before that swap walk_s1() checks the guest hypervisor's stage 2:
    /// `if (wi->s2 && !kvm_s2_trans_writable(&s2_trans))` it reports
    /// `fail_s1_walk(wr, ESR_ELx_FSC_PERM_L(level), true)`, a Permission
    /// fault at the stage 1 level with S = 1, PTW = 1, and makes no swap.
    /// v6.19: in the v6.19-era copy ([`AT_C_V6_19_ERA`]) and every later
    /// one read; which commit of the series added it is not established.
    pub swap_checks_s2_write: bool,
    /// nested.c's vtcr_to_walk_info() sets `wi->ha = vtcr & VTCR_EL2_HA`
    /// and walk_nested_s2_pgd() ORs in the stage 2 AF and swaps the
    /// descriptor (swap_guest_s2_desc()) before its access flag check;
    /// before, a stage 2 AF = 0 always faulted. v6.19: "KVM: arm64: nv:
    /// Implement HW access flag management in stage-2 SW PTW" (e4c7dfac2f1a
    /// in the linux-next lists, listed in the 6.19 pull; its diff not read);
    /// the code read in lougovsk/linux's nested.c @ 00d988581c70.
    pub s2_walk_sets_af: bool,
    /// __kvm_at_swap_desc() swaps the descriptor itself: `ptep = (void
    /// __user *)hva + offset`. Before, `(u64 __user *)hva + offset` scaled
    /// the descriptor's offset in its page by 8, so the compare-and-swap of
    /// [`Self::walk_sets_af`] went to the page plus 8 x the offset. Commit
    /// 0496acc42fb5 "KVM: arm64: Fix the descriptor address in
    /// __kvm_at_swap_desc()" (CVE-2026-31553; Fixes: f6927b41d573 "KVM:
    /// arm64: Add helper for swapping guest descriptor", v6.19), pulled in
    /// "KVM/arm64 fixes for 7.0, take #4": true from v7.0.
    pub swap_desc_addr_fixed: bool,
    /// walk_nested_s2_pgd() reports its faults: check_base_s2_limits()
    /// against the guest's PA size, a failed start level as a level 0
    /// Translation fault, a failed read as an External abort on the walk,
    /// a bad VTTBR_EL2.BADDR as a level 0 Address size fault (v7.0).
    pub s2_fault_status: bool,
}

/// A stored copy of a kernel source file that was read for a release.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source {
    /// The repository the copy is stored under.
    pub repo: &'static str,
    /// The commit of the stored copy.
    pub commit: &'static str,
    /// Whether this copy is known to be the release's own file (false: a
    /// copy of the same era whose code for these paths was read, the
    /// release tag's commit not established).
    pub is_release: bool,
}

/// at.c at a508d5afb708, which the issue names as v6.17's; read whole.
pub const AT_C_V6_17: Source = Source {
    repo: "torvalds/linux",
    commit: "a508d5afb70894ab50ccc4678f55ff801468182b",
    is_release: true,
};

/// The newest stored at.c: klarasm/linux at 9aa89dec8507, after v7.0 (it
/// has the TGx fallback that followed the 7.0 fixes, and asm/lsui.h); its
/// setup_s1_walk(), walk_s1(), handle_at_slow(), __kvm_at_s1e01(),
/// at_s1e1p_fast() and compute_par_s1() were read. The commit of each
/// release tag was not established (docs/kvm-model.md, "Releases").
pub const AT_C_NEWEST: Source = Source {
    repo: "klarasm/linux",
    commit: "9aa89dec85079d67c1662662c5f24e4edd2ada8b",
    is_release: false,
};

/// A v6.19-era at.c: lougovsk/linux at 026ed809a21d, read whole. It has
/// wi->ha and the descriptor swap (with the stage 2 write check), the
/// endian casts of "KVM: arm64: Add endian casting to kvm_swap_s1_desc()"
/// (Nov 2025), and `(u64 __user *)hva + offset` in __kvm_at_swap_desc()
/// (before 0496acc42fb5); no TGx fallback, no LSUI. Not tied to the v6.19
/// tag (docs/kvm-model.md, "Releases").
pub const AT_C_V6_19_ERA: Source = Source {
    repo: "lougovsk/linux",
    commit: "026ed809a21dc6cd58b47dd0584157b6da878c30",
    is_release: false,
};

/// The newest stored nested.c: q-AnupKulkarni/kernel-topics at
/// 00fd6bb8a242, whose at.c (same commit) matches the above in every
/// function read; walk_nested_s2_pgd(), check_base_s2_limits(),
/// setup_s2_walk() and limit_nv_id_reg() were read.
pub const NESTED_C_NEWEST: Source = Source {
    repo: "q-AnupKulkarni/kernel-topics",
    commit: "00fd6bb8a242fbd0447f4f87043718b80c9461a6",
    is_release: false,
};

/// A v6.12-era at.c (fail_s1_walk() with separate ptw and s2, no S1PIE,
/// no access flag check): the stored copy in a vendor tree, read whole.
pub const AT_C_V6_12_ERA: Source = Source {
    repo: "MarvellEmbeddedProcessors/linux-marvell",
    commit: "f50679d177b7dd372d672890ea473b5a031826cc",
    is_release: false,
};

impl KvmRelease {
    /// Every modelled release, oldest first.
    pub const ALL: [KvmRelease; 9] = [
        KvmRelease::V6_12,
        KvmRelease::V6_13,
        KvmRelease::V6_14,
        KvmRelease::V6_15,
        KvmRelease::V6_16,
        KvmRelease::V6_17,
        KvmRelease::V6_18,
        KvmRelease::V6_19,
        KvmRelease::V7_0,
    ];

    /// The newest modelled release (`--kvm latest`, the default).
    pub const LATEST: KvmRelease = KvmRelease::V7_0;

    /// The release tag, e.g. `v6.12`.
    pub const fn tag(self) -> &'static str {
        match self {
            KvmRelease::V6_12 => "v6.12",
            KvmRelease::V6_13 => "v6.13",
            KvmRelease::V6_14 => "v6.14",
            KvmRelease::V6_15 => "v6.15",
            KvmRelease::V6_16 => "v6.16",
            KvmRelease::V6_17 => "v6.17",
            KvmRelease::V6_18 => "v6.18",
            KvmRelease::V6_19 => "v6.19",
            KvmRelease::V7_0 => "v7.0",
        }
    }

    /// A label for a selector: the tag and what the release changed.
    pub const fn label(self) -> &'static str {
        match self {
            KvmRelease::V6_12 => "v6.12: as first merged",
            KvmRelease::V6_13 => "v6.13: as v6.12",
            KvmRelease::V6_14 => "v6.14: as v6.12",
            KvmRelease::V6_15 => "v6.15: as v6.12",
            KvmRelease::V6_16 => "v6.16: access flag fixes, PTW only for stage 2",
            KvmRelease::V6_17 => "v6.17: as v6.16",
            KvmRelease::V6_18 => "v6.18: 52-bit (LPA2) addresses, setup faults at the start level",
            KvmRelease::V6_19 => "v6.19: the walk sets the access flag (TCR_EL1.HA)",
            KvmRelease::V7_0 => {
                "v7.0: stage 2 walk fault reporting, the access flag swap at the descriptor's address"
            }
        }
    }

    /// The release named `tag` (`v6.12`, `6.12`, `v7.0`).
    pub fn parse(tag: &str) -> Option<KvmRelease> {
        let t = tag.strip_prefix('v').unwrap_or(tag);
        KvmRelease::ALL.into_iter().find(|r| &r.tag()[1..] == t)
    }

    /// What this release does at each place releases part.
    pub const fn behaviour(self) -> Behaviour {
        let fixed = self as u8 >= KvmRelease::V6_16 as u8;
        Behaviour {
            fast_keeps_af: fixed,
            walk_checks_af: fixed,
            ptw_only_s2: fixed,
            setup_fault_at_start_level: self as u8 >= KvmRelease::V6_18 as u8,
            s1_pa52: self as u8 >= KvmRelease::V6_18 as u8,
            walk_sets_af: self as u8 >= KvmRelease::V6_19 as u8,
            swap_checks_s2_write: self as u8 >= KvmRelease::V6_19 as u8,
            s2_walk_sets_af: self as u8 >= KvmRelease::V6_19 as u8,
            swap_desc_addr_fixed: self as u8 >= KvmRelease::V7_0 as u8,
            s2_fault_status: self as u8 >= KvmRelease::V7_0 as u8,
        }
    }

    /// The at.c copy this release's model was read from.
    pub const fn source(self) -> Source {
        match self {
            KvmRelease::V6_17 => AT_C_V6_17,
            KvmRelease::V6_19 => AT_C_V6_19_ERA,
            _ if self.behaviour().setup_fault_at_start_level => AT_C_NEWEST,
            _ if self.behaviour().ptw_only_s2 => AT_C_V6_17,
            _ => AT_C_V6_12_ERA,
        }
    }

    /// Whether the trace cites exact at.c lines for this release (the
    /// release's own at.c was read line by line): v6.17 only so far.
    pub const fn has_lines(self) -> bool {
        matches!(self, KvmRelease::V6_17)
    }

    /// `line` (an at.c line of v6.17) as this release cites it: the line
    /// where [`Self::has_lines`], else 0 (no line, the function alone).
    pub const fn line(self, line: u16) -> u16 {
        if self.has_lines() { line } else { 0 }
    }

    /// The modelled tags, for messages: `v6.12, v6.13, ...`.
    pub fn tags() -> String {
        KvmRelease::ALL.map(KvmRelease::tag).join(", ")
    }
}

impl Default for KvmRelease {
    fn default() -> Self {
        KvmRelease::LATEST
    }
}

impl core::fmt::Display for KvmRelease {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.tag())
    }
}
