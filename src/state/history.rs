//! Undo and redo as changes, not copies: each entry holds only the parts of the scenario an edit
//! changed, as they were (for a memory edit, the words it changed), so a large memory is held once,
//! not once per edit.

use std::collections::BTreeMap;
use std::rc::Rc;

use atwalk_core::scenario::Scenario;

/// How many edits undo remembers.
const UNDO_DEPTH: usize = 200;

/// How many memory words the whole history may hold (about 24 bytes each): the oldest changes go
/// first when an import of a large scenario would exceed it.
const MAX_HISTORY_WORDS: usize = 2_000_000;

/// What an edit changed, enough to go back: the scenario but its memory as it was (when that
/// changed), and the memory words that changed, as they were.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change {
    /// Everything but the memory, as it was (its `memory` empty); `None`: unchanged.
    rest: Option<Box<Scenario>>,
    /// Memory words as they were, by address; `None` where there was no word.
    words: Vec<(u64, Option<u64>)>,
}

/// `s` without its memory.
fn bare(s: &Scenario) -> Scenario {
    Scenario {
        title: s.title.clone(),
        notes: s.notes.clone(),
        cpu: s.cpu,
        memory: Default::default(),
        ram: s.ram.clone(),
        kvm: s.kvm.clone(),
        features: s.features.clone(),
        pa_bits: s.pa_bits,
        queries: s.queries.clone(),
    }
}

impl Change {
    /// The change that takes `new` back to `old` (empty when the two are equal). Memory is
    /// compared word by word, in one pass over both.
    pub fn between(old: &Scenario, new: &Scenario) -> Change {
        // Every part but the memory, named (a part added to Scenario must be added here).
        let Scenario {
            title,
            notes,
            cpu,
            memory: _,
            ram,
            kvm,
            features,
            pa_bits,
            queries,
        } = new;
        let same = old.title == *title
            && old.notes == *notes
            && old.cpu == *cpu
            && old.ram == *ram
            && old.kvm == *kvm
            && old.features == *features
            && old.pa_bits == *pa_bits
            && old.queries == *queries;
        Change {
            rest: (!same).then(|| Box::new(bare(old))),
            // Most edits leave memory as it was: the plain comparison is the quicker pass.
            words: if old.memory == new.memory {
                Vec::new()
            } else {
                word_diff(&old.memory, &new.memory)
            },
        }
    }

    /// The change that puts back these memory words as they were (`None`: absent).
    pub fn of_words(words: Vec<(u64, Option<u64>)>) -> Change {
        Change { rest: None, words }
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.rest.is_none() && self.words.is_empty()
    }

    /// Puts this change into `s`, and returns the change that undoes that (`s` as it was).
    pub fn apply(&self, s: &mut Scenario) -> Change {
        let rest = self.rest.as_ref().map(|r| {
            let memory = std::mem::take(&mut s.memory);
            let was = std::mem::replace(s, Scenario::clone(r));
            s.memory = memory;
            Box::new(was)
        });
        let words = self
            .words
            .iter()
            .map(|&(at, v)| {
                let was = match v {
                    Some(v) => s.memory.insert(at, v),
                    None => s.memory.remove(&at),
                };
                (at, was)
            })
            .collect();
        Change { rest, words }
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
        let mut words: usize = self.undo.iter().map(|c| c.words.len()).sum();
        while self.undo.len() > UNDO_DEPTH || (words > MAX_HISTORY_WORDS && self.undo.len() > 1) {
            words -= self.undo.remove(0).words.len();
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
        assert_eq!(back.rest.as_ref().map(|r| r.cpu), Some(old.cpu));
        assert_eq!(back.words.len(), 3);
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
        let big = Change {
            rest: None,
            words: vec![(0, None); MAX_HISTORY_WORDS / 2 + 1],
        };
        h.push(big.clone());
        h.push(big.clone());
        assert_eq!(h.undo.len(), 1);
        for _ in 0..UNDO_DEPTH + 5 {
            h.push(Change::default());
        }
        assert_eq!(h.undo.len(), UNDO_DEPTH);
    }
}
