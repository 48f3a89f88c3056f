//! The glossary: a short explanation and the Arm ARM name of every register
//! field, descriptor field, fault and term the teaching layer shows, as data
//! (`data/glossary.json`, turned into a Rust static by build.rs). The app links each such word to its
//! entry; the tests check that every field the core defines has one.
//!
//! An entry is found by its term (`IPA`), an alias (`TTBR0_EL1`), or a
//! field key `REGISTER.FIELD` with the register as [`register_key`] spells
//! it (`TCR_EL1.T0SZ`, `S1 leaf.AF`, `PAR_EL1.FST`).

use atwalk_core::descriptor::{S1LeafDesc, S1TableDesc, S2LeafDesc, S2TableDesc};
use atwalk_core::fault::FaultKind;
use atwalk_core::regs::{
    FieldInfo, HcrEl2, MairEl1, ParEl1Fault, ParEl1Ok, SctlrEl1, TcrEl1, Ttbr, VtcrEl2, VttbrEl2,
};

include!(concat!(env!("OUT_DIR"), "/glossary.rs"));

/// One entry: the words that find it (its explanation is [`Entry::explained`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its place in the data, from 0.
    pub n: usize,
    /// The word shown (`APTable`, `shadow stage 2`).
    pub term: &'static str,
    /// The register and descriptor fields it explains, as `REGISTER.FIELD`.
    pub fields: &'static [&'static str],
    /// Other words that lead to it.
    pub aliases: &'static [&'static str],
}

/// What an entry says. Apart from [`Entry`] so that a program that only links
/// words (the app's first load) does not carry the explanations: the app
/// asks the teaching worker for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Explained {
    /// Its name in the Arm ARM (or a note that it is not an Arm term).
    pub arm: &'static str,
    /// The explanation, a sentence or three a student reads.
    pub text: &'static str,
}

impl Entry {
    /// Its Arm ARM name and explanation.
    pub fn explained(&self) -> Explained {
        EXPLAINED[self.n]
    }
}

/// Every entry, in the data's order.
pub fn entries() -> &'static [Entry] {
    ENTRIES
}

/// The entry for a word: its term, an alias or a field key, exactly; then
/// ignoring ASCII case.
pub fn lookup(word: &str) -> Option<&'static Entry> {
    let names = |e: &'static Entry| {
        std::iter::once(e.term)
            .chain(e.aliases.iter().copied())
            .chain(e.fields.iter().copied())
    };
    let all = entries();
    all.iter()
        .find(|e| names(e).any(|n| n == word))
        .or_else(|| {
            all.iter()
                .find(|e| names(e).any(|n| n.eq_ignore_ascii_case(word)))
        })
}

/// How the glossary names a register or descriptor type, from the core's
/// `NAME` constant (`TcrEl1::NAME` is `TCR_EL1`; both PAR_EL1 formats are
/// `PAR_EL1`; descriptors are `S1 table`, `S1 leaf` and `S2 leaf`).
pub fn register_key(name: &str) -> &str {
    match name {
        "PAR_EL1 (F=0)" | "PAR_EL1 (F=1)" => "PAR_EL1",
        "stage 1 table descriptor" => "S1 table",
        "stage 2 table descriptor" => "S2 table",
        "stage 1 block/page descriptor" => "S1 leaf",
        "stage 2 block/page descriptor" => "S2 leaf",
        other => other,
    }
}

/// The entry for field `field` of the register or descriptor whose core
/// `NAME` is `register`.
pub fn field(register: &str, field: &str) -> Option<&'static Entry> {
    let key = format!("{}.{field}", register_key(register));
    entries().iter().find(|e| e.fields.contains(&key.as_str()))
}

/// The entry for a fault kind.
pub fn fault(kind: FaultKind) -> &'static Entry {
    lookup(kind.name()).expect("every fault kind has an entry")
}

/// Every register and descriptor view whose fields the glossary explains: its core `NAME` and
/// fields (both PAR_EL1 formats, which [`register_key`] files under one name).
pub const VIEWS: [(&str, &[FieldInfo]); 13] = [
    (TcrEl1::NAME, TcrEl1::FIELDS),
    (Ttbr::NAME, Ttbr::FIELDS),
    (VttbrEl2::NAME, VttbrEl2::FIELDS),
    (MairEl1::NAME, MairEl1::FIELDS),
    (SctlrEl1::NAME, SctlrEl1::FIELDS),
    (HcrEl2::NAME, HcrEl2::FIELDS),
    (VtcrEl2::NAME, VtcrEl2::FIELDS),
    (ParEl1Ok::NAME, ParEl1Ok::FIELDS),
    (ParEl1Fault::NAME, ParEl1Fault::FIELDS),
    (S1TableDesc::NAME, S1TableDesc::FIELDS),
    (S1LeafDesc::NAME, S1LeafDesc::FIELDS),
    (S2TableDesc::NAME, S2TableDesc::FIELDS),
    (S2LeafDesc::NAME, S2LeafDesc::FIELDS),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_field_of_every_register_and_descriptor_has_an_entry() {
        let mut real = BTreeSet::new();
        for (name, fields) in VIEWS {
            for f in fields {
                assert!(
                    field(name, f.name).is_some(),
                    "{name}.{} has no entry",
                    f.name
                );
                real.insert(format!("{}.{}", register_key(name), f.name));
            }
        }
        // And the data names no field the core does not define.
        for e in entries() {
            for k in e.fields {
                assert!(real.contains(*k), "{}: {k} is not a field", e.term);
            }
        }
    }

    #[test]
    fn faults_and_terms_have_entries() {
        for kind in [
            FaultKind::Translation,
            FaultKind::AddressSize,
            FaultKind::AccessFlag,
            FaultKind::Permission,
            FaultKind::SyncExternalOnWalk,
        ] {
            assert!(!fault(kind).explained().text.is_empty());
        }
        for term in [
            "IPA",
            "PA",
            "VA",
            "TTBR",
            "TTBR0_EL1",
            "granule",
            "shadow stage 2",
            "fast path",
            "slow path",
            "PAN",
            "EPAN",
            "AF",
            "APTable",
            "UXNTable",
            "PXNTable",
            "HPD",
            "WXN",
            "E0PD",
            "TBI",
            "contiguous bit",
            "stage 2",
            "stage 1",
            "PTW",
            "PAR_EL1",
            "level",
            "block",
            "page",
            "descriptor",
            "S1E1RP",
            "Device-nGnRE",
            "Data Abort",
            "KVM",
            "guest hypervisor",
            "T0SZ",
            "EL0",
        ] {
            assert!(lookup(term).is_some(), "{term}");
        }
        assert_eq!(lookup("ipa").map(|e| e.term), Some("IPA"));
        assert_eq!(lookup("TCR_EL1.T0SZ").map(|e| e.term), Some("TxSZ"));
    }

    #[test]
    fn names_are_unambiguous_and_texts_short() {
        let mut seen = BTreeSet::new();
        for e in entries() {
            let own: BTreeSet<&str> = std::iter::once(e.term)
                .chain(e.aliases.iter().copied())
                .chain(e.fields.iter().copied())
                .collect();
            for n in own {
                assert!(seen.insert(n), "{n} names two entries");
            }
            let x = e.explained();
            assert!(!x.arm.is_empty() && !x.text.is_empty(), "{}", e.term);
            assert!(x.text.len() <= 400, "{}: {} bytes", e.term, x.text.len());
        }
    }
}
