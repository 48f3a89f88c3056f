//! PAR_EL1, Physical Address Register: the result of an AT instruction, in
//! its two 64-bit formats (F=0: the output address and attributes; F=1: the
//! fault).

use super::register;

register! {
    /// PAR_EL1 after a successful translation (F = 0).
    pub struct ParEl1Ok = "PAR_EL1 (F=0)" {
        /// Memory attributes of the output, in MAIR format.
        [63:56] ATTR => attr: u8,
        /// Output address [51:12] (an IPA for a stage 1 AT with stage 2 enabled).
        [51:12] PA => pa: u64,
        /// RES1.
        [11:11] RES1 => res1: bool,
        /// IMPLEMENTATION DEFINED ("Non-Faulting PAR").
        [10:10] IMPDEF => impdef: bool,
        /// Non-secure: UNKNOWN for a Non-secure translation regime.
        [9:9] NS => ns: bool,
        /// Shareability of the output: 0b00 Non-, 0b10 Outer, 0b11 Inner Shareable.
        [8:7] SH => sh: u8,
        /// 0: the translation succeeded.
        [0:0] F => f: bool,
    }
}

register! {
    /// PAR_EL1 after a failed translation (F = 1).
    pub struct ParEl1Fault = "PAR_EL1 (F=1)" {
        /// IMPLEMENTATION DEFINED ("Faulting PAR").
        [63:48] IMPDEF => impdef: u16,
        /// RES1.
        [11:11] RES1 => res1: bool,
        /// Stage of the fault: 1 = stage 2.
        [9:9] S => s: bool,
        /// The stage 2 fault happened on a stage 1 translation table walk.
        [8:8] PTW => ptw: bool,
        /// Fault status code: the fault type and level (EncodeLDFSC()).
        [6:1] FST => fst: u8,
        /// 1: the translation failed.
        [0:0] F => f: bool,
    }
}

impl ParEl1Fault {
    /// The fault FST reports, decoded ([`crate::fault::decode_fsc`]).
    pub fn fault_kind(self) -> Option<(crate::fault::FaultKind, i8)> {
        crate::fault::decode_fsc(self.fst())
    }
}

/// PAR_EL1 as one value, either format; `F` (bit 0) picks the view.
/// Written as a hex string in JSON, as every 64-bit value of the trace is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParEl1(pub u64);

impl serde::Serialize for ParEl1 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl ParEl1 {
    /// Whether PAR_EL1.F is set.
    pub fn is_fault(self) -> bool {
        self.0 & 1 != 0
    }

    /// The success view, if F = 0.
    pub fn ok(self) -> Option<ParEl1Ok> {
        (!self.is_fault()).then_some(ParEl1Ok(self.0))
    }

    /// The fault view, if F = 1.
    pub fn fault(self) -> Option<ParEl1Fault> {
        self.is_fault().then_some(ParEl1Fault(self.0))
    }

    /// The fields of whichever format applies.
    pub fn fields(self) -> &'static [super::FieldInfo] {
        if self.is_fault() {
            ParEl1Fault::FIELDS
        } else {
            ParEl1Ok::FIELDS
        }
    }
}

impl core::fmt::LowerHex for ParEl1 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::LowerHex::fmt(&self.0, f)
    }
}

impl core::fmt::Display for ParEl1 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "0x{:016x}", self.0)
    }
}
