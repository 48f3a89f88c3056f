//! Faults as data: a fault kind, the lookup level, the stage, and whether a
//! stage 2 fault happened on a stage 1 table walk. The encoding into a
//! fault status code lives here too (EncodeLDFSC()).

use serde::Serialize;

/// An MMU fault type that an AT instruction can meet (R_YLSQG lists them all).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum FaultKind {
    /// A missing or invalid descriptor, or an input address out of range.
    Translation,
    /// An address with bits set above the configured output size.
    AddressSize,
    /// A leaf descriptor with AF = 0 and no hardware update.
    AccessFlag,
    /// The access is not permitted.
    Permission,
    /// A synchronous External abort on a translation table walk: the read
    /// of a descriptor found no memory.
    SyncExternalOnWalk,
}

/// Which translation stage a fault or step belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Stage {
    /// Stage 1: VA to IPA (or PA when stage 2 is off).
    S1,
    /// Stage 2: IPA to PA, the guest hypervisor's tables.
    S2,
}

/// A fault: what, where, and at which stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Fault {
    /// The fault type.
    pub kind: FaultKind,
    /// The lookup level (-1 to 3) the fault is reported at.
    pub level: i8,
    /// The stage that faulted.
    pub stage: Stage,
    /// A stage 2 fault taken on a stage 1 translation table walk (PAR_EL1.PTW).
    pub s1ptw: bool,
}

impl Fault {
    /// A stage 1 fault.
    pub const fn s1(kind: FaultKind, level: i8) -> Fault {
        Fault {
            kind,
            level,
            stage: Stage::S1,
            s1ptw: false,
        }
    }

    /// A stage 2 fault on a stage 1 table walk.
    pub const fn s2_on_walk(kind: FaultKind, level: i8) -> Fault {
        Fault {
            kind,
            level,
            stage: Stage::S2,
            s1ptw: true,
        }
    }

    /// The 6-bit fault status code, EncodeLDFSC(): the value of PAR_EL1.FST
    /// and of ESR_ELx.DFSC. Level -1 has encodings of its own (FEAT_LPA2).
    pub const fn fsc(&self) -> u8 {
        let ll = (self.level & 0b11) as u8;
        if self.level == -1 {
            return match self.kind {
                FaultKind::AddressSize => 0b10_1001,
                FaultKind::Translation => 0b10_1011,
                FaultKind::SyncExternalOnWalk => 0b01_0011,
                // Only lookups at level -1 can fault there: a leaf is never
                // at level -1, so AF and permission faults cannot be.
                FaultKind::AccessFlag => 0b00_1000,
                FaultKind::Permission => 0b00_1100,
            };
        }
        match self.kind {
            FaultKind::AddressSize => ll,
            FaultKind::Translation => 0b00_0100 | ll,
            FaultKind::AccessFlag => 0b00_1000 | ll,
            FaultKind::Permission => 0b00_1100 | ll,
            FaultKind::SyncExternalOnWalk => 0b01_0100 | ll,
        }
    }

    /// Whether the architecture takes this fault, met by an AT instruction
    /// at EL2, as a synchronous Data Abort instead of writing PAR_EL1 (an
    /// External abort on the walk: R_YLGBV, AArch64.AT()).
    pub const fn aborts_at(&self) -> bool {
        matches!(self.kind, FaultKind::SyncExternalOnWalk)
    }
}

impl FaultKind {
    /// The Arm name, e.g. "Translation fault".
    pub const fn name(self) -> &'static str {
        match self {
            FaultKind::Translation => "Translation fault",
            FaultKind::AddressSize => "Address size fault",
            FaultKind::AccessFlag => "Access flag fault",
            FaultKind::Permission => "Permission fault",
            FaultKind::SyncExternalOnWalk => "Synchronous External abort on translation table walk",
        }
    }
}

impl core::fmt::Display for Fault {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let stage = match self.stage {
            Stage::S1 => "stage 1",
            Stage::S2 if self.s1ptw => "stage 2, on the stage 1 walk",
            Stage::S2 => "stage 2",
        };
        write!(
            f,
            "{}, level {} ({}), FSC 0b{:06b}",
            self.kind.name(),
            self.level,
            stage,
            self.fsc()
        )
    }
}

/// Decodes a fault status code (PAR_EL1.FST, ESR_ELx.DFSC) of the kinds
/// this model produces: the inverse of [`Fault::fsc`] (EncodeLDFSC()).
/// `None` for any other code.
pub const fn decode_fsc(fsc: u8) -> Option<(FaultKind, i8)> {
    let level = (fsc & 0b11) as i8;
    Some(match fsc {
        0b10_1001 => (FaultKind::AddressSize, -1),
        0b10_1011 => (FaultKind::Translation, -1),
        0b01_0011 => (FaultKind::SyncExternalOnWalk, -1),
        0b00_0000..=0b00_0011 => (FaultKind::AddressSize, level),
        0b00_0100..=0b00_0111 => (FaultKind::Translation, level),
        0b00_1000..=0b00_1011 => (FaultKind::AccessFlag, level),
        0b00_1100..=0b00_1111 => (FaultKind::Permission, level),
        0b01_0100..=0b01_0111 => (FaultKind::SyncExternalOnWalk, level),
        _ => return None,
    })
}

/// Describes a fault status code, for PAR_EL1.FST and ESR DFSC displays.
pub fn describe_fsc(fsc: u8) -> String {
    match decode_fsc(fsc) {
        Some((kind, level)) => format!("{}, level {level}", kind.name()),
        None => format!("FSC 0b{fsc:06b} (not produced by this model)"),
    }
}
