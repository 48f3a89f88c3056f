//! The preset library: `presets/index.json` and the at-scenario/1 files it
//! lists, turned into Rust statics by build.rs (no JSON parsing at run time). Chapters are lessons: a preset is step
//! `n` (from 1) of its chapter, and its route is `chapter/n` (or
//! `chapter/id`), e.g. `faults/3`, for URLs such as `#lesson=faults/3`.
//!
//! A preset's `notes` are its question (the first paragraph, ending in
//! `?`), its explanation (the second) and optionally expert detail (a last
//! paragraph starting `In detail: `); [`Notes::split`] takes them apart.
//!
//! The index (chapters, titles, routes, expectations) and the files' texts
//! are apart: [`Preset::text`] and [`Preset::scenario`] are the only ways to
//! a text, so a program that lists and routes presets without opening them
//! (the app's first load, which asks the teaching worker for a preset's
//! text) carries none but [`first_text`].

use atwalk_core::kvm::{FastPathPan, KvmLogic, KvmModel};
use atwalk_core::scenario::Scenario;

include!(concat!(env!("OUT_DIR"), "/presets.rs"));

/// A chapter: a lesson made of presets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chapter {
    /// Short id, the first part of a route (`faults`).
    pub id: &'static str,
    /// The chapter's title (`Faults`).
    pub title: &'static str,
    /// One sentence: what the chapter teaches.
    pub summary: &'static str,
    /// The presets, in order: step 1 first.
    pub presets: &'static [Entry],
}

/// A preset as the index lists it (its text is [`Preset::text`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its place in the index, from 0 over all chapters.
    pub n: usize,
    /// Short id, unique in its chapter (`access-flag`).
    pub id: &'static str,
    /// The file under presets/ (`faults/access-flag.json`).
    pub file: &'static str,
    /// The scenario's title, as its file gives it.
    pub title: &'static str,
    /// The KVM logic the file's `expect` is for (`None`: merged).
    pub kvm: Option<KvmLogic>,
    /// The fast path's PAN model the file's `expect` is for (`None`: as-merged).
    pub fast_path_pan: Option<FastPathPan>,
    /// The same preset under other models, with their expected answers.
    pub also: &'static [AlsoRun],
    /// For the KVM versus hardware chapter: the differences (KvmDiff names)
    /// KVM's trace records for this preset.
    pub shows: &'static [&'static str],
}

/// A preset under another KVM logic or fast-path PAN model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlsoRun {
    /// The logic (`None`: merged).
    pub kvm: Option<KvmLogic>,
    /// The PAN model (`None`: as-merged).
    pub fast_path_pan: Option<FastPathPan>,
    /// One answer per query, as at-result/1 spells it.
    pub expect: &'static [AlsoExpect],
}

/// One query's answer in an [`AlsoRun`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlsoExpect {
    /// KVM's PAR_EL1, `0x%016x`.
    pub par: &'static str,
    /// `fast` or `slow`.
    pub path: &'static str,
    /// The hardware's PAR_EL1, or `None` for a Data Abort.
    pub hw_par: Option<&'static str>,
    /// The abort's DFSC (`0x17`), with `hw_par` `None`.
    pub hw_abort_dfsc: Option<&'static str>,
}

/// The chapters, in teaching order.
pub fn chapters() -> &'static [Chapter] {
    CHAPTERS
}

/// Every preset file's path under presets/, in index order.
pub fn files() -> impl Iterator<Item = &'static str> {
    CHAPTERS
        .iter()
        .flat_map(|c| c.presets.iter().map(|p| p.file))
}

/// The first preset's at-scenario/1 text (step 1 of the first chapter: the
/// app's default scenario).
pub fn first_text() -> &'static str {
    FIRST_TEXT
}

/// One preset in its lesson: the chapter, its step (from 1) and its entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// The chapter.
    pub chapter: &'static Chapter,
    /// Its step in the chapter, from 1.
    pub step: usize,
    /// The index entry.
    pub entry: &'static Entry,
}

/// A preset's notes taken apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Notes<'a> {
    /// The question it answers (first paragraph).
    pub question: &'a str,
    /// The explanation (second paragraph).
    pub explanation: &'a str,
    /// Expert detail, without its `In detail: ` lead.
    pub detail: Option<&'a str>,
}

impl<'a> Notes<'a> {
    /// Splits notes into question, explanation and detail (paragraphs are
    /// separated by a blank line). Notes of another form give the whole text
    /// as the explanation and an empty question.
    pub fn split(notes: &'a str) -> Notes<'a> {
        let mut paras = notes.split("\n\n");
        let first = paras.next().unwrap_or("");
        if !first.trim_end().ends_with('?') {
            return Notes {
                question: "",
                explanation: notes,
                detail: None,
            };
        }
        let explanation = paras.next().unwrap_or("");
        let detail = paras
            .next()
            .map(|d| d.strip_prefix("In detail: ").unwrap_or(d));
        Notes {
            question: first,
            explanation,
            detail,
        }
    }
}

impl Preset {
    /// The scenario. Panics only if an embedded preset is invalid, which the
    /// crate's tests rule out.
    pub fn scenario(&self) -> Scenario {
        Scenario::from_json(self.text()).expect("an embedded preset loads")
    }

    /// The at-scenario/1 text.
    pub fn text(&self) -> &'static str {
        TEXTS[self.entry.n]
    }

    /// `chapter/step`, e.g. `faults/3`.
    pub fn route(&self) -> String {
        format!("{}/{}", self.chapter.id, self.step)
    }

    /// `chapter/id`, e.g. `faults/permission`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.chapter.id, self.entry.id)
    }

    /// How many presets its chapter has.
    pub fn of(&self) -> usize {
        self.chapter.presets.len()
    }

    /// The next step of the lesson.
    pub fn next(&self) -> Option<Preset> {
        lesson(self.chapter.id, self.step + 1)
    }

    /// The previous step of the lesson.
    pub fn prev(&self) -> Option<Preset> {
        self.step
            .checked_sub(1)
            .and_then(|s| lesson(self.chapter.id, s))
    }

    /// The KVM model its `expect` is for.
    pub fn kvm(&self) -> (KvmLogic, KvmModel) {
        (
            self.entry.kvm.unwrap_or_default(),
            KvmModel {
                fast_path_pan: self.entry.fast_path_pan.unwrap_or_default(),
                ..KvmModel::default()
            },
        )
    }
}

/// A chapter by id.
pub fn chapter(id: &str) -> Option<&'static Chapter> {
    CHAPTERS.iter().find(|c| c.id == id)
}

/// Step `step` (from 1) of chapter `id`.
pub fn lesson(id: &str, step: usize) -> Option<Preset> {
    let chapter = chapter(id)?;
    let entry = chapter.presets.get(step.checked_sub(1)?)?;
    Some(Preset {
        chapter,
        step,
        entry,
    })
}

/// A preset by route: `chapter/step` (`faults/3`) or `chapter/id`
/// (`faults/permission`).
pub fn find(route: &str) -> Option<Preset> {
    let (c, rest) = route.trim_matches('/').split_once('/')?;
    if let Ok(step) = rest.parse::<usize>() {
        return lesson(c, step);
    }
    let step = chapter(c)?.presets.iter().position(|p| p.id == rest)? + 1;
    lesson(c, step)
}

/// Every preset, chapter by chapter, step by step.
pub fn all() -> impl Iterator<Item = Preset> {
    CHAPTERS
        .iter()
        .flat_map(|c| (1..=c.presets.len()).filter_map(move |step| lesson(c.id, step)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_embedded_and_loads() {
        let listed: Vec<&str> = files().collect();
        assert_eq!(all().count(), listed.len());
        assert!(listed.len() >= 24);
        assert_eq!(first_text(), all().next().unwrap().text());
        for (n, p) in all().enumerate() {
            assert_eq!(p.entry.n, n);
            let s = p.scenario();
            assert_eq!(p.entry.title, s.title, "{}", p.name());
            let n = Notes::split(&s.notes);
            assert!(!n.question.is_empty(), "{}", p.name());
            assert!(!n.explanation.is_empty(), "{}", p.name());
        }
    }

    #[test]
    fn routes_and_lesson_order() {
        let p = find("faults/3").expect("faults/3");
        assert_eq!(p.route(), "faults/3");
        assert_eq!(find(&p.name()), Some(p));
        assert_eq!(p.next().map(|n| n.step), Some(4));
        assert_eq!(p.prev().map(|n| n.step), Some(2));
        let first = lesson("faults", 1).unwrap();
        assert_eq!(first.prev(), None);
        let last = lesson("faults", first.of()).unwrap();
        assert_eq!(last.next(), None);
        assert_eq!(find("faults/0"), None);
        assert_eq!(find("nope/1"), None);
        assert_eq!(find("faults"), None);
    }

    #[test]
    fn notes_split() {
        let n = Notes::split("Why?\n\nBecause.\n\nIn detail: f().");
        assert_eq!(
            (n.question, n.explanation, n.detail),
            ("Why?", "Because.", Some("f()."))
        );
        let n = Notes::split("Just text.");
        assert_eq!(
            (n.question, n.explanation, n.detail),
            ("", "Just text.", None)
        );
    }
}
