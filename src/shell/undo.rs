//! The organization's undo and redo stacks, and the states a sandbox can
//! go back to (where it started, copies kept with `save`).
//!
//! Every state carries a number that changes whenever the organization
//! does, so that a host keeping the sandbox on disk writes each state once,
//! however deep the stacks grow, instead of rewriting all of them after
//! every command.

use crate::iam::model::Org;

use super::{Outcome, Shell};

/// How many changes `undo` can take back.
pub(super) const UNDO_DEPTH: usize = 200;

/// One state of the organization, numbered.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub id: u64,
    pub org: Org,
    /// On the stacks: the command that led away from this state (undo
    /// names it); empty elsewhere.
    pub command: String,
}

/// Where the sandbox's organization has been, and its numbering.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// The number of the organization as it is now.
    pub current: u64,
    /// The next number to give out.
    pub next: u64,
    /// Where the sandbox started: `reset` goes back there.
    pub initial: Version,
    pub undo: Vec<Version>,
    pub redo: Vec<Version>,
}

impl Timeline {
    pub(super) fn new(initial: &Org) -> Timeline {
        Timeline {
            current: 0,
            next: 1,
            initial: Version {
                id: 0,
                org: initial.clone(),
                command: String::new(),
            },
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    fn fresh(&mut self) -> u64 {
        let id = self.next;
        self.next += 1;
        id
    }

    /// `before` was the organization until `command` changed it.
    pub(super) fn changed(&mut self, before: Org, command: String) {
        let id = self.current;
        self.current = self.fresh();
        self.undo.push(Version {
            id,
            org: before,
            command,
        });
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// A fresh number for `org`, kept as a state to come back to.
    pub(super) fn keep(&mut self, org: &Org) -> Version {
        let id = self.fresh();
        Version {
            id,
            org: org.clone(),
            command: String::new(),
        }
    }
}

impl Shell {
    /// Makes the organization as it is now the sandbox's starting point:
    /// `reset` comes back here and `undo` stops here. A lab calls it once
    /// its setup commands have run, so that they cannot be undone, and
    /// clears what the setup left in the history.
    pub fn mark_start(&mut self) {
        self.timeline.initial = Version {
            id: self.timeline.current,
            org: self.org.clone(),
            command: String::new(),
        };
        self.timeline.undo.clear();
        self.timeline.redo.clear();
        self.history.clear();
        self.last_evaluation = None;
    }

    /// The organization the sandbox started from (`reset` goes back there).
    pub fn start(&self) -> &Org {
        &self.timeline.initial.org
    }

    /// How many changes `undo` can take back.
    pub fn undo_depth(&self) -> usize {
        self.timeline.undo.len()
    }

    pub(super) fn undo(&mut self) -> Outcome {
        let Some(previous) = self.timeline.undo.pop() else {
            return Outcome::err(
                "undo: nothing to undo: the organization is as this sandbox started\n",
            );
        };
        let current = std::mem::replace(&mut self.org, previous.org);
        crate::iam::usage::carry(&current, &mut self.org);
        self.timeline.redo.push(Version {
            id: self.timeline.current,
            org: current,
            command: previous.command.clone(),
        });
        self.timeline.current = previous.id;
        let mut o = Outcome::out(format!("Undone: {}\n", quoted(&previous.command)));
        o.changed = true;
        o
    }

    pub(super) fn redo(&mut self) -> Outcome {
        let Some(next) = self.timeline.redo.pop() else {
            return Outcome::err("redo: nothing to redo\n");
        };
        let current = std::mem::replace(&mut self.org, next.org);
        crate::iam::usage::carry(&current, &mut self.org);
        self.timeline.undo.push(Version {
            id: self.timeline.current,
            org: current,
            command: next.command.clone(),
        });
        self.timeline.current = next.id;
        let mut o = Outcome::out(format!("Redone: {}\n", quoted(&next.command)));
        o.changed = true;
        o
    }
}

/// A command as undo names it: its first line, in backticks (a
/// here-document's body would not fit on one line).
fn quoted(command: &str) -> String {
    let first = command.lines().next().unwrap_or_default();
    if command.lines().nth(1).is_some() {
        format!("`{first} ...`")
    } else {
        format!("`{first}`")
    }
}
