//! Undo and redo: the scenarios before the one on show, and the ones undone.

use atwalk_core::scenario::Scenario;

use super::shared::Shared;

/// How many edits undo remembers.
const UNDO_DEPTH: usize = 200;

/// Earlier scenarios and scenarios undone, each shared with the state that showed it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// Earlier scenarios, the latest last.
    undo: Vec<Shared<Scenario>>,
    /// Scenarios undone, the latest last.
    redo: Vec<Shared<Scenario>>,
}

impl History {
    /// Remembers `prev`, the scenario an edit replaces; the scenarios undone are forgotten.
    pub fn push(&mut self, prev: Shared<Scenario>) {
        self.undo.push(prev);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// The scenario before `current`, which redo will bring back; `None`: nothing to undo.
    pub fn undo(&mut self, current: Shared<Scenario>) -> Option<Shared<Scenario>> {
        let prev = self.undo.pop()?;
        self.redo.push(current);
        Some(prev)
    }

    /// The scenario undone last, with `current` back on the undo list; `None`: nothing to redo.
    pub fn redo(&mut self, current: Shared<Scenario>) -> Option<Shared<Scenario>> {
        let next = self.redo.pop()?;
        self.undo.push(current);
        Some(next)
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
