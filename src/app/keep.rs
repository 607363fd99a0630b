//! Keeping a learner's sandboxes and labs between visits: what the app
//! hands its keeper after every command, and what it gets back when a
//! sandbox or lab opens again. The app stays pure: a keeper on files lives
//! with the binary, and `Memory` keeps work for tests and for runs without
//! a data folder.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::console::LineKind;
use crate::shell::Shell;
pub use crate::store::work::{SavedSandbox, Slot};

/// The sandbox a learner works in unless they name another.
pub const DEFAULT_SANDBOX: &str = "default";

/// A sandbox's or lab's screen, besides its shell.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScreenRecord {
    /// The scrollback, oldest first.
    pub lines: Vec<(LineKind, String)>,
    pub show_why: bool,
    pub show_tree: bool,
    pub lab: Option<LabRecord>,
}

/// Where a lab stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LabRecord {
    /// Names the lab's definition: work on a lab the course has since
    /// changed does not fit it, and starts over (the old work kept aside).
    pub fingerprint: u64,
    pub hints: Vec<String>,
    pub commands: usize,
    pub solution_shown: bool,
    pub solved_said: bool,
}

/// What is being typed: the command line, a here-document, the editor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub input: String,
    pub pending: Option<String>,
    pub editor: Option<EditorDraft>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EditorDraft {
    pub name: String,
    pub text: String,
    /// The file as it was when the editor opened: unsaved changes are the
    /// difference.
    pub original: String,
    pub row: usize,
    pub col: usize,
}

/// A sandbox or lab read back.
#[derive(Debug)]
pub struct Restored {
    pub screen: ScreenRecord,
    pub shell: Shell,
    pub draft: Option<Draft>,
}

/// What opening a slot found: its work, if any, and anything the learner
/// should be told (a damaged save kept aside).
#[derive(Debug, Default)]
pub struct Found {
    pub work: Option<Restored>,
    pub notice: Option<String>,
}

/// Where work is kept.
pub trait Keeper {
    /// Keeps a screen's work, after a command changed it.
    fn save(&mut self, slot: &Slot, screen: &ScreenRecord, shell: &Shell) -> Result<(), String>;
    /// Keeps what is being typed; called when the learner pauses.
    fn save_draft(&mut self, slot: &Slot, draft: &Draft) -> Result<(), String>;
    fn load(&mut self, slot: &Slot) -> Result<Found, String>;
    /// The sandboxes kept, by name.
    fn sandboxes(&mut self) -> Vec<SavedSandbox>;
}

/// Work kept in memory: for tests, and while there is no data folder.
#[derive(Debug, Default)]
pub struct Memory {
    kept: BTreeMap<Slot, (ScreenRecord, Shell, Option<Draft>)>,
}

impl Keeper for Memory {
    fn save(&mut self, slot: &Slot, screen: &ScreenRecord, shell: &Shell) -> Result<(), String> {
        let draft = self.kept.remove(slot).and_then(|k| k.2);
        self.kept
            .insert(slot.clone(), (screen.clone(), shell.clone(), draft));
        Ok(())
    }

    fn save_draft(&mut self, slot: &Slot, draft: &Draft) -> Result<(), String> {
        if let Some(k) = self.kept.get_mut(slot) {
            k.2 = Some(draft.clone());
        }
        Ok(())
    }

    fn load(&mut self, slot: &Slot) -> Result<Found, String> {
        Ok(Found {
            work: self.kept.get(slot).map(|(screen, shell, draft)| Restored {
                screen: screen.clone(),
                shell: shell.clone(),
                draft: draft.clone(),
            }),
            notice: None,
        })
    }

    fn sandboxes(&mut self) -> Vec<SavedSandbox> {
        self.kept
            .keys()
            .filter_map(|s| match s {
                Slot::Sandbox(name) => Some(SavedSandbox {
                    name: name.clone(),
                    day: None,
                }),
                Slot::Lab(_) => None,
            })
            .collect()
    }
}

/// A name a sandbox may have: it is shown on home and typed after `open`.
pub fn valid_sandbox_name(name: &str) -> bool {
    (1..=40).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
        && !name.starts_with('.')
}

/// A fingerprint of a lab's definition (FNV-1a over its start, goals and
/// solution as the course states them): the same lab gives the same
/// number on every run and machine.
pub fn fingerprint(lab: &crate::content::schema::Lab) -> u64 {
    let text = format!("{:?}|{:?}|{:?}", lab.start, lab.goals, lab.solution);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
