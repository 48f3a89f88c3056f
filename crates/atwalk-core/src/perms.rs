//! Stage 1 permissions with direct permissions (no FEAT_S1PIE): the leaf's
//! AP/UXN/PXN, the hierarchical table limits, PAN (with FEAT_PAN3's EPAN),
//! WXN, and the op's check. One function per step of
//! AArch64.S1DirectBasePermissions() and AArch64.S1ComputePermissions().

use crate::op::AccessCheck;
use serde::Serialize;

/// Read/write/execute permissions for EL1 (p) and EL0 (u).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Perms {
    /// EL1 read.
    pub pr: bool,
    /// EL1 write.
    pub pw: bool,
    /// EL1 execute.
    pub px: bool,
    /// EL0 read.
    pub ur: bool,
    /// EL0 write.
    pub uw: bool,
    /// EL0 execute.
    pub ux: bool,
}

/// The hierarchical limits gathered from table descriptors (zero when HPD).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TablePerms {
    /// APTable, ORed over the walk.
    pub ap_table: u8,
    /// UXNTable, ORed over the walk.
    pub uxn_table: bool,
    /// PXNTable, ORed over the walk.
    pub pxn_table: bool,
}

/// R_RNGJG, R_YTXKB, R_VWLLR: the base permissions from AP[2:1] limited
/// by APTable, execute-never from UXN/PXN and their table bits, and no
/// privileged execution of an EL0-writable page. With hardware dirty state
/// management (TCR_EL1.HD) a descriptor with DBM = 1 counts as writable:
/// its effective AP[2] is 0 (AArch64.S1DirectBasePermissions()).
pub fn direct(ap: u8, uxn: bool, pxn: bool, dbm_hd: bool, t: TablePerms) -> Perms {
    let ap = if dbm_hd { ap & 0b01 } else { ap };
    // AP[2:1]: 00 EL1 RW; 01 EL1 RW + EL0 RW; 10 EL1 RO; 11 EL1 RO + EL0 RO.
    let (pr, mut pw, mut ur, mut uw) = match ap & 0b11 {
        0b00 => (true, true, false, false),
        0b01 => (true, true, true, true),
        0b10 => (true, false, false, false),
        _ => (true, false, true, false),
    };
    // APTable bit 0 removes EL0 access; bit 1 removes write access.
    if t.ap_table & 0b01 != 0 {
        ur = false;
        uw = false;
    }
    if t.ap_table & 0b10 != 0 {
        pw = false;
        uw = false;
    }
    Perms {
        pr,
        pw,
        px: !(pxn || t.pxn_table || uw),
        ur,
        uw,
        ux: !(uxn || t.uxn_table),
    }
}

/// R_XTSQH with FEAT_PAN3's EPAN: under PSTATE.PAN, a PAN-aware access
/// loses EL1 read and write on a page EL0 can read or write, or (EPAN) execute.
/// Returns the permissions and whether PAN removed anything.
pub fn pan(p: Perms, pstate_pan: bool, epan: bool) -> (Perms, bool) {
    let applies = pstate_pan && (p.ur || p.uw || (epan && p.ux));
    if applies {
        (
            Perms {
                pr: false,
                pw: false,
                ..p
            },
            true,
        )
    } else {
        (p, false)
    }
}

/// R_SYMMB, R_FYMXJ: with SCTLR_EL1.WXN, a writable page of the access's EL
/// is not executable. An AT read or write never checks execute, so WXN never
/// changes an AT result; the trace shows it all the same.
pub fn wxn(p: Perms, wxn: bool, el0: bool) -> (Perms, bool) {
    if el0 {
        let applied = wxn && p.uw && p.ux;
        (
            Perms {
                ux: p.ux && !applied,
                ..p
            },
            applied,
        )
    } else {
        let applied = wxn && p.pw && p.px;
        (
            Perms {
                px: p.px && !applied,
                ..p
            },
            applied,
        )
    }
}

/// AArch64.S1CheckPermissions() for an AT access: read needs r, write needs w.
pub fn check(p: Perms, el0: bool, what: AccessCheck) -> bool {
    let (r, w) = if el0 { (p.ur, p.uw) } else { (p.pr, p.pw) };
    match what {
        AccessCheck::Read => r,
        AccessCheck::Write => w,
        AccessCheck::None => true,
    }
}
