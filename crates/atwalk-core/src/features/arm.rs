//! Every feature name the Arm ARM defines, kept as data in `arm_names.txt`
//! (DDI 0487 M.a.a, chapter A2; the file's header says where each part came
//! from). A scenario may list any of them; only the eleven [`Feature`]s the
//! model uses change what atwalk computes, the others are carried along.

use std::fmt;
use std::sync::LazyLock;

use super::Feature;

/// The Arm ARM release the feature names come from.
pub const ARM_RELEASE: &str = "DDI 0487 M.a.a";

/// How many feature names the Arm ARM ([`ARM_RELEASE`]) defines, and so the
/// most entries a scenario's `features` can hold (they must be distinct).
pub const ARM_FEATURE_COUNT: usize = 348;

/// Features that A2.1.2 "Withdrawn architecture features" names: no version
/// of the architecture may include them, so no CPU reports them.
pub const WITHDRAWN_FEATURES: [&str; 1] = ["FEAT_TME"];

/// Names that earlier releases of the Arm ARM gave to features M.a.a
/// names otherwise, still found in real CPU lists: accepted, carried
/// along like any feature the model does not use, and said to be former
/// names. Each with what M.a.a calls it.
pub const FORMER_NAMES: [(&str, &str); 1] = [
    // ID_AA64MMFR2_EL1.BBM: "FEAT_BBM, Translation table break-before-make
    // levels" before the levels were named apart; QEMU 10.0.2's
    // emulation.rst still writes "FEAT_BBM at level 2".
    ("FEAT_BBM", "FEAT_BBML1 and FEAT_BBML2"),
];

/// How many names `features` accepts: the Arm features and the former
/// names; a scenario lists each at most once, so this is also its most
/// entries.
pub const ACCEPTED_NAME_COUNT: usize = ARM_FEATURE_COUNT + FORMER_NAMES.len();

/// The names of `arm_names.txt`, in its (byte-value) order.
static NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("arm_names.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Every feature name the Arm ARM defines, sorted by byte value.
pub fn arm_feature_names() -> &'static [&'static str] {
    &NAMES
}

/// One architectural feature by its Arm ARM name, modelled or not: an index
/// into [`arm_feature_names`]. Ordered as the names sort.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArmFeature(u16);

impl ArmFeature {
    /// Looks a feature up by its exact Arm ARM name (`FEAT_HPDS2`; case
    /// matters: `FEAT_AdvSIMD`).
    /// A [former name](FORMER_NAMES) is accepted too.
    pub fn from_name(name: &str) -> Option<ArmFeature> {
        let i = match NAMES.binary_search(&name) {
            Ok(i) => i,
            Err(_) => NAMES.len() + FORMER_NAMES.iter().position(|(n, _)| *n == name)?,
        };
        // The list holds ARM_FEATURE_COUNT names (tested), far below 2^16.
        u16::try_from(i).ok().map(ArmFeature)
    }

    /// The Arm ARM name, e.g. `FEAT_HPDS2` (or the former name it was given).
    pub fn name(self) -> &'static str {
        let i = usize::from(self.0);
        match NAMES.get(i) {
            Some(n) => n,
            None => FORMER_NAMES[i - NAMES.len()].0,
        }
    }

    /// For a former name, what the Arm ARM calls the feature now.
    pub fn now_named(self) -> Option<&'static str> {
        let i = usize::from(self.0);
        i.checked_sub(NAMES.len()).map(|j| FORMER_NAMES[j].1)
    }

    /// The modelled feature of this name, if the model uses it.
    pub fn modelled(self) -> Option<Feature> {
        Feature::from_name(self.name())
    }

    /// Every Arm feature, in name order.
    pub fn all() -> impl Iterator<Item = ArmFeature> {
        (0..NAMES.len()).filter_map(|i| u16::try_from(i).ok().map(ArmFeature))
    }

    /// Its position in [`arm_feature_names`].
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// Whether `name` is a feature the Arm ARM lists as withdrawn.
    pub fn is_withdrawn(name: &str) -> bool {
        WITHDRAWN_FEATURES.contains(&name)
    }

    /// Up to three Arm feature names closest to `name`, for a "did you
    /// mean": compared without regard to case, and with `FEAT_` put in
    /// front of a name that lacks it (`PAN3` → `FEAT_PAN3`). Only the names
    /// at the smallest edit distance are given, and none if that distance is
    /// more than 3 or not less than the length of the name without `FEAT_`.
    pub fn closest(name: &str) -> Vec<&'static str> {
        // No Arm name is near a long string; do not spend time on one.
        if name.len() > 64 {
            return Vec::new();
        }
        let upper = name.to_ascii_uppercase();
        let core = upper.strip_prefix("FEAT_").unwrap_or(&upper);
        let prefixed = format!("FEAT_{core}");
        let mut best = usize::MAX;
        let mut found: Vec<&'static str> = Vec::new();
        for &candidate in NAMES.iter() {
            let c = candidate.to_ascii_uppercase();
            let d = edit_distance(upper.as_bytes(), c.as_bytes())
                .min(edit_distance(prefixed.as_bytes(), c.as_bytes()));
            if d < best {
                best = d;
                found.clear();
            }
            if d == best {
                found.push(candidate);
            }
        }
        if best > 3 || best >= core.len() {
            return Vec::new();
        }
        found.truncate(3);
        found
    }
}

impl From<Feature> for ArmFeature {
    /// Every modelled feature is an Arm feature (the list's test checks).
    fn from(f: Feature) -> ArmFeature {
        ArmFeature::from_name(f.name()).expect("every modelled feature is in arm_names.txt")
    }
}

impl fmt::Display for ArmFeature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The Levenshtein distance between two byte strings.
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let next = (diag + usize::from(x != y))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_unique_and_complete() {
        let names = arm_feature_names();
        assert_eq!(names.len(), ARM_FEATURE_COUNT);
        assert!(
            include_str!("arm_names.txt").contains(&format!("# {ARM_FEATURE_COUNT} names.")),
            "the header states the count"
        );
        for pair in names.windows(2) {
            assert!(pair[0] < pair[1], "{} then {}", pair[0], pair[1]);
        }
        let mut upper: Vec<String> = names.iter().map(|n| n.to_ascii_uppercase()).collect();
        upper.sort();
        upper.dedup();
        assert_eq!(upper.len(), names.len(), "two names differ only in case");
        for n in names {
            assert!(n.starts_with("FEAT_"), "{n}");
            assert!(
                n[5..]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{n}"
            );
        }
        for f in Feature::ALL {
            let a = ArmFeature::from_name(f.name()).expect("a modelled name is an Arm name");
            assert_eq!(ArmFeature::from(f), a);
            assert_eq!(a.modelled(), Some(f));
            assert_eq!(a.name(), f.name());
        }
        for w in WITHDRAWN_FEATURES {
            assert!(ArmFeature::from_name(w).is_none(), "{w} is withdrawn");
        }
        assert_eq!(ArmFeature::all().count(), ARM_FEATURE_COUNT);
        let modelled = ArmFeature::all().filter(|a| a.modelled().is_some());
        assert_eq!(modelled.count(), Feature::ALL.len());
    }

    #[test]
    fn lookup_is_exact() {
        let hpds2 = ArmFeature::from_name("FEAT_HPDS2").unwrap();
        assert_eq!(hpds2.name(), "FEAT_HPDS2");
        assert_eq!(hpds2.modelled(), None);
        assert!(ArmFeature::from_name("FEAT_AdvSIMD").is_some());
        assert!(ArmFeature::from_name("FEAT_ADVSIMD").is_none());
        assert!(ArmFeature::from_name("PAN3").is_none());
        let bbm = ArmFeature::from_name("FEAT_BBM").unwrap();
        assert_eq!(bbm.name(), "FEAT_BBM");
        assert_eq!(bbm.now_named(), Some("FEAT_BBML1 and FEAT_BBML2"));
        assert_eq!(hpds2.now_named(), None);
        assert!(ArmFeature::from_name("FEAT_BBML3").is_none());
    }

    #[test]
    fn closest_names() {
        assert_eq!(
            ArmFeature::closest("FEAT_PAN9"),
            ["FEAT_PAN", "FEAT_PAN2", "FEAT_PAN3"]
        );
        assert_eq!(ArmFeature::closest("PAN3"), ["FEAT_PAN3"]);
        assert_eq!(ArmFeature::closest("feat_pan3"), ["FEAT_PAN3"]);
        assert_eq!(ArmFeature::closest("FEAT_ADVSIMD"), ["FEAT_AdvSIMD"]);
        assert_eq!(
            ArmFeature::closest("FEAT_HPDS3"),
            ["FEAT_HPDS", "FEAT_HPDS2"]
        );
        assert!(ArmFeature::closest("nonsense at length").is_empty());
        assert!(ArmFeature::closest("").is_empty());
        assert!(ArmFeature::closest(&"X".repeat(1000)).is_empty());
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance(b"", b"abc"), 3);
        assert_eq!(edit_distance(b"kitten", b"sitting"), 3);
        assert_eq!(edit_distance(b"FEAT_PAN9", b"FEAT_PAN"), 1);
        assert_eq!(edit_distance(b"same", b"same"), 0);
    }
}
