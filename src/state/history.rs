//! Undo and redo as changes, not copies: each entry holds only the parts of the scenario an edit
//! changed, as they were (for a memory edit, the words it changed), so a large memory is held once,
//! not once per edit.

use std::collections::BTreeMap;
use std::rc::Rc;

use atwalk_core::features::ArmFeature;
use atwalk_core::scenario::{Cpu, KvmHost, Query, RamRange, Scenario};

/// How many edits undo remembers.
const UNDO_DEPTH: usize = 200;

/// How many memory words the whole history may hold (about 24 bytes each): the oldest changes go
/// first when an import of a large scenario would exceed it.
const MAX_HISTORY_WORDS: usize = 2_000_000;

/// One part of a scenario, as it was.
#[derive(Clone, Debug, PartialEq)]
enum Part {
    Title(String),
    Notes(String),
    Cpu(Cpu),
    Ram(Option<Vec<RamRange>>),
    Kvm(KvmHost),
    Features(Option<Vec<ArmFeature>>),
    PaBits(Option<u8>),
    Queries(Vec<Query>),
    /// Memory words as they were, by address; `None` where there was no word.
    Words(Vec<(u64, Option<u64>)>),
}

/// What an edit changed: the parts of the scenario as they were before it, enough to go back.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change(Vec<Part>);

impl Change {
    /// The change that takes `new` back to `old`: every part that differs, as in `old` (empty
    /// when the two are equal). Memory is compared word by word, in one pass over both.
    pub fn between(old: &Scenario, new: &Scenario) -> Change {
        let mut parts = Vec::new();
        let mut part = |differs: bool, p: &dyn Fn() -> Part| {
            if differs {
                parts.push(p());
            }
        };
        part(old.title != new.title, &|| Part::Title(old.title.clone()));
        part(old.notes != new.notes, &|| Part::Notes(old.notes.clone()));
        part(old.cpu != new.cpu, &|| Part::Cpu(old.cpu));
        part(old.ram != new.ram, &|| Part::Ram(old.ram.clone()));
        part(old.kvm != new.kvm, &|| Part::Kvm(old.kvm.clone()));
        part(old.features != new.features, &|| {
            Part::Features(old.features.clone())
        });
        part(old.pa_bits != new.pa_bits, &|| Part::PaBits(old.pa_bits));
        part(old.queries != new.queries, &|| {
            Part::Queries(old.queries.clone())
        });
        let words = word_diff(&old.memory, &new.memory);
        if !words.is_empty() {
            parts.push(Part::Words(words));
        }
        Change(parts)
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many memory words it holds.
    fn words(&self) -> usize {
        self.0
            .iter()
            .map(|p| match p {
                Part::Words(w) => w.len(),
                _ => 0,
            })
            .sum()
    }

    /// Puts these parts back into `s`, and returns the change that undoes that (the parts of `s`
    /// as they were).
    pub fn apply(&self, s: &mut Scenario) -> Change {
        let inverse = self
            .0
            .iter()
            .map(|p| match p {
                Part::Title(v) => Part::Title(std::mem::replace(&mut s.title, v.clone())),
                Part::Notes(v) => Part::Notes(std::mem::replace(&mut s.notes, v.clone())),
                Part::Cpu(v) => Part::Cpu(std::mem::replace(&mut s.cpu, *v)),
                Part::Ram(v) => Part::Ram(std::mem::replace(&mut s.ram, v.clone())),
                Part::Kvm(v) => Part::Kvm(std::mem::replace(&mut s.kvm, v.clone())),
                Part::Features(v) => Part::Features(std::mem::replace(&mut s.features, v.clone())),
                Part::PaBits(v) => Part::PaBits(std::mem::replace(&mut s.pa_bits, *v)),
                Part::Queries(v) => Part::Queries(std::mem::replace(&mut s.queries, v.clone())),
                Part::Words(words) => Part::Words(
                    words
                        .iter()
                        .map(|&(at, v)| {
                            let was = match v {
                                Some(v) => s.memory.insert(at, v),
                                None => s.memory.remove(&at),
                            };
                            (at, was)
                        })
                        .collect(),
                ),
            })
            .collect();
        Change(inverse)
    }
}

/// The words of `old` that `new` does not have as they are: `(address, old value)`, `None` where
/// `old` has no word. One merge of the two sorted maps.
fn word_diff(old: &BTreeMap<u64, u64>, new: &BTreeMap<u64, u64>) -> Vec<(u64, Option<u64>)> {
    let mut out = Vec::new();
    let (mut a, mut b) = (old.iter().peekable(), new.iter().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => break,
            (Some((ka, va)), Some((kb, vb))) if ka == kb => {
                if va != vb {
                    out.push((*ka, Some(*va)));
                }
                a.next();
                b.next();
            }
            (Some((ka, va)), Some((kb, _))) if ka < kb => {
                out.push((*ka, Some(*va)));
                a.next();
            }
            (Some((ka, va)), None) => {
                out.push((*ka, Some(*va)));
                a.next();
            }
            (_, Some((kb, _))) => {
                out.push((*kb, None));
                b.next();
            }
        }
    }
    out
}

/// The changes that undo the edits so far, and those that redo the edits undone (each shared, so
/// that the state's copies cost nothing).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// Changes back to earlier scenarios, the latest last.
    undo: Vec<Rc<Change>>,
    /// Changes forward to scenarios undone, the latest last.
    redo: Vec<Rc<Change>>,
}

impl History {
    /// Remembers `back`, the change that undoes an edit; the edits undone are forgotten.
    pub fn push(&mut self, back: Change) {
        self.undo.push(Rc::new(back));
        self.redo.clear();
        let mut words: usize = self.undo.iter().map(|c| c.words()).sum();
        while self.undo.len() > UNDO_DEPTH || (words > MAX_HISTORY_WORDS && self.undo.len() > 1) {
            words -= self.undo.remove(0).words();
        }
    }

    /// Undoes the last edit in `s`; `false`: nothing to undo.
    pub fn undo(&mut self, s: &mut Scenario) -> bool {
        let Some(back) = self.undo.pop() else {
            return false;
        };
        self.redo.push(Rc::new(back.apply(s)));
        true
    }

    /// Redoes the edit undone last in `s`; `false`: nothing to redo.
    pub fn redo(&mut self, s: &mut Scenario) -> bool {
        let Some(forward) = self.redo.pop() else {
            return false;
        };
        self.undo.push(Rc::new(forward.apply(s)));
        true
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Scenario {
        Scenario::from_json(crate::examples::EXAMPLES[0].json).unwrap()
    }

    #[test]
    fn a_change_holds_only_what_differs_and_goes_both_ways() {
        let old = example();
        let mut new = old.clone();
        assert!(Change::between(&old, &new).is_empty());
        new.cpu.pstate_pan = !new.cpu.pstate_pan;
        new.memory.insert(0x5000_0000, 7);
        let first = *new.memory.keys().next().unwrap();
        new.memory.remove(&first);
        let last = *old.memory.keys().next_back().unwrap();
        new.memory.insert(last, 0x1234);
        let back = Change::between(&old, &new);
        assert_eq!(back.0.len(), 2, "{back:?}");
        assert_eq!(back.words(), 3);
        let mut s = new.clone();
        let forward = back.apply(&mut s);
        assert_eq!(s, old);
        forward.apply(&mut s);
        assert_eq!(s, new);
    }

    #[test]
    fn undo_redo_through_changes() {
        let a = example();
        let mut b = a.clone();
        b.title = "b".into();
        b.queries.pop();
        let mut c = b.clone();
        c.memory.clear();
        let mut h = History::default();
        h.push(Change::between(&a, &b));
        h.push(Change::between(&b, &c));
        let mut s = c.clone();
        assert!(h.undo(&mut s) && s == b);
        assert!(h.undo(&mut s) && s == a);
        assert!(!h.undo(&mut s) && h.can_redo());
        assert!(h.redo(&mut s) && s == b);
        assert!(h.redo(&mut s) && s == c);
        assert!(!h.redo(&mut s));
    }

    #[test]
    fn the_oldest_changes_go_when_the_history_holds_too_many_words() {
        let mut h = History::default();
        let big = Change(vec![Part::Words(vec![
            (0, None);
            MAX_HISTORY_WORDS / 2 + 1
        ])]);
        h.push(big.clone());
        h.push(big.clone());
        assert_eq!(h.undo.len(), 1);
        for _ in 0..UNDO_DEPTH + 5 {
            h.push(Change(vec![Part::PaBits(None)]));
        }
        assert_eq!(h.undo.len(), UNDO_DEPTH);
    }
}
