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

impl ParEl1Ok {
    /// The output address PA[51:12] in place (a 4KB-aligned address: the VA's offset into the
    /// page is not in PAR_EL1).
    pub const fn address(self) -> u64 {
        self.0 & Self::PA.mask()
    }
}

impl ParEl1 {
    /// The fields of this PAR whose value the architecture does not fix, so that two correct
    /// implementations may write them differently: IMPLEMENTATION DEFINED bits, and NS, UNKNOWN
    /// for a Non-secure translation regime (the EL1&0 regime modelled here).
    pub fn free_fields(self) -> &'static [super::FieldInfo] {
        if self.is_fault() {
            &[ParEl1Fault::IMPDEF]
        } else {
            &[ParEl1Ok::IMPDEF, ParEl1Ok::NS]
        }
    }

    /// The fields in which `self` and `other` differ, each with whether the architecture fixes
    /// its value ([`ParEl1::free_fields`]); a different F bit makes every field differ.
    pub fn differing_fields(self, other: ParEl1) -> Vec<(super::FieldInfo, bool)> {
        let free = self.free_fields();
        self.fields()
            .iter()
            .filter(|f| self.is_fault() != other.is_fault() || f.get(self.0) != f.get(other.0))
            .map(|f| (*f, !free.contains(f)))
            .collect()
    }

    /// Whether `other` gives the same answer: equal in every field the architecture fixes.
    pub fn same_answer(self, other: ParEl1) -> bool {
        self.differing_fields(other).iter().all(|(_, fixed)| !fixed)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_implementation_defined_bits_are_not_a_different_answer() {
        // KVM's slow path writes NS=0, the model's hardware NS=1 (UNKNOWN for Non-secure).
        let hw = ParEl1(0xff00_0000_4040_0b80);
        let kvm = ParEl1(0xff00_0000_4040_0980);
        assert!(hw.same_answer(kvm));
        assert_eq!(hw.differing_fields(kvm), [(ParEl1Ok::NS, false)]);
        // A different PA is a different answer.
        assert!(!hw.same_answer(ParEl1(0xff00_0000_4041_0b80)));
        // Faults: IMPLEMENTATION DEFINED bits [63:48] may differ, FST may not.
        assert!(ParEl1(0x81f).same_answer(ParEl1(0xabcd_0000_0000_081f)));
        assert!(!ParEl1(0x81f).same_answer(ParEl1(0x80f)));
        // Success against a fault: every field differs.
        assert!(!hw.same_answer(ParEl1(0x81f)));
        assert_eq!(ParEl1Ok(hw.0).address(), 0x4040_0000);
    }
}
