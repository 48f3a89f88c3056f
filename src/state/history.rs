//! Undo and redo as changes, not copies of the memory: an edit that leaves the memory as it was
//! keeps the scenario as it was but its memory, a write of memory words keeps those words as they
//! were, and only a whole new scenario (an import) keeps the memory it replaced. A large memory is
//! held once, not once per edit.

use std::rc::Rc;

use atwalk_core::scenario::Scenario;

/// How many edits undo remembers.
const UNDO_DEPTH: usize = 200;

/// How many memory words the whole history may hold (about 24 bytes each): the oldest changes go
/// first when an import of a large scenario would exceed it.
const MAX_HISTORY_WORDS: usize = 2_000_000;

/// What an edit changed, enough to go back.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// The scenario as it was but its memory (empty here): the edit left the memory as it was.
    Rest(Box<Scenario>),
    /// The whole scenario as it was, its memory too: a new scenario (an import) replaced it.
    Whole(Box<Scenario>),
    /// Memory words as they were, by address; `None` where there was no word.
    Words(Vec<(u64, Option<u64>)>),
}

impl Change {
    /// The change that takes `new` back to `old`; `None` when the two are equal.
    pub fn between(old: &Scenario, new: &Scenario) -> Option<Change> {
        if old == new {
            return None;
        }
        // Shared words compare at once: an editor's copy shares the memory it leaves alone.
        Some(if old.memory == new.memory {
            let mut rest = old.clone();
            rest.memory = Default::default();
            Change::Rest(Box::new(rest))
        } else {
            Change::Whole(Box::new(old.clone()))
        })
    }

    /// How many memory words it holds.
    fn words(&self) -> usize {
        match self {
            Change::Rest(_) => 0,
            Change::Whole(s) => s.memory.len(),
            Change::Words(w) => w.len(),
        }
    }

    /// Puts this change into `s`, and returns the change that undoes that (`s` as it was).
    pub fn apply(&self, s: &mut Scenario) -> Change {
        match self {
            Change::Rest(rest) => {
                let mut was = std::mem::replace(s, Scenario::clone(rest));
                std::mem::swap(&mut s.memory, &mut was.memory);
                Change::Rest(Box::new(was))
            }
            Change::Whole(was) => {
                Change::Whole(Box::new(std::mem::replace(s, Scenario::clone(was))))
            }
            Change::Words(words) => Change::Words(
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
        }
    }
}

/// The changes that undo the edits so far, and those that redo the edits undone (each shared, so
/// that the state's copies cost nothing).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// How many of the oldest changes back were forgotten (past [`UNDO_DEPTH`] or the words'
    /// limit): [`History::depth`] counts them, so a depth stays the same place in the history.
    forgotten: usize,
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
            self.forgotten += 1;
        }
    }

    /// How many edits lead to the scenario on show, counting those too old to undo.
    pub fn depth(&self) -> usize {
        self.forgotten + self.undo.len()
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
        crate::fixtures::fixture("plain-4k-walk")
    }

    #[test]
    fn a_change_goes_both_ways_and_holds_only_memory_not_shared() {
        let old = example();
        let mut new = old.clone();
        assert!(Change::between(&old, &new).is_none());
        new.cpu.pstate_pan = !new.cpu.pstate_pan;
        let back = Change::between(&old, &new).unwrap();
        assert!(
            matches!(&back, Change::Rest(r) if r.memory.is_empty()),
            "{back:?}"
        );
        new.memory.insert(0x5000_0000, 7);
        let back = Change::between(&old, &new).unwrap();
        assert_eq!(back.words(), old.memory.len());
        let mut s = new.clone();
        let forward = back.apply(&mut s);
        assert_eq!(s, old);
        forward.apply(&mut s);
        assert_eq!(s, new);
        let words = Change::Words(vec![(0x5000_0000, None), (0x4020_0000, Some(1))]);
        let again = words.apply(&mut s);
        assert!(!s.memory.contains_key(&0x5000_0000) && s.memory[&0x4020_0000] == 1);
        again.apply(&mut s);
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
        h.push(Change::between(&a, &b).unwrap());
        h.push(Change::between(&b, &c).unwrap());
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
        let big = Change::Words(vec![(0, None); MAX_HISTORY_WORDS / 2 + 1]);
        h.push(big.clone());
        h.push(big.clone());
        assert_eq!(h.undo.len(), 1);
        for _ in 0..UNDO_DEPTH + 5 {
            h.push(Change::Words(Vec::new()));
        }
        assert_eq!(h.undo.len(), UNDO_DEPTH);
        // Every change counts in the depth, forgotten or not.
        assert_eq!(h.depth(), 2 + UNDO_DEPTH + 5);
    }
}
