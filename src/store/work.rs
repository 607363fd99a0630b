//! The learner's work in progress: every sandbox and lab, kept on disk
//! after every command, so that leaving, quitting, a crash or `kill -9`
//! loses at most the command being typed.
//!
//! Beside the progress file, `LEARNER.work/` holds one folder a slot
//! (`sandbox-NAME/`, `lab-ID/`):
//!
//! - `state.ron`: the screen's record and the shell's, written atomically
//!   and flushed to disk after every command;
//! - `orgs/N.ron`: one organization file per state the shell names (see
//!   `shell::undo`), written once each, so a deep undo stack costs nothing
//!   per command; files no state names any more are removed;
//! - `draft.ron`: what is being typed (the command line, an open editor),
//!   written when the learner pauses; not flushed to disk, since losing it
//!   to a power cut costs a line at most.
//!
//! A damaged slot is moved aside whole (`NAME.damaged-N`) and the screen
//! starts fresh with a notice, as the progress file does.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{StoreError, io_error, read_kept, write_atomic, write_quick};
use crate::iam::org_file;
use crate::shell::Shell;
use crate::shell::session::ShellRecord;

/// The work files' format version.
pub const FORMAT: u32 = 1;

/// Which screen's work.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    /// A sandbox, by name.
    Sandbox(String),
    /// A lab, by its id in the course.
    Lab(String),
}

impl Slot {
    /// The slot's folder name: the name itself where it is safe in a file
    /// name, else with every other character written as `_XX`.
    fn folder(&self) -> String {
        let (kind, name) = match self {
            Slot::Sandbox(n) => ("sandbox", n),
            Slot::Lab(n) => ("lab", n),
        };
        let mut safe = String::new();
        for c in name.chars() {
            if c.is_ascii_alphanumeric() || c == '-' {
                safe.push(c);
            } else {
                for b in c.to_string().bytes() {
                    safe.push_str(&format!("_{b:02X}"));
                }
            }
        }
        format!("{kind}-{safe}")
    }
}

/// What `state.ron` holds.
#[derive(Serialize, serde::Deserialize)]
struct StateFile<T> {
    format: u32,
    screen: T,
    shell: ShellRecord,
}

/// Only the version, read first: a newer file may not parse as this one.
#[derive(serde::Deserialize)]
struct Version {
    format: u32,
}

/// A slot read back.
#[derive(Debug)]
pub struct Kept<T, D> {
    pub screen: T,
    pub shell: Shell,
    pub draft: Option<D>,
    /// Something the learner should know (states that could not be read).
    pub notice: Option<String>,
}

/// A sandbox kept on disk, for home's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedSandbox {
    pub name: String,
    /// When it last changed, in days since 1970-01-01 (UTC).
    pub day: Option<i64>,
}

/// The work folder of one learner.
#[derive(Debug, Clone)]
pub struct WorkStore {
    root: PathBuf,
    /// The organization states known to be on disk, by slot: written once.
    written: BTreeMap<Slot, BTreeSet<u64>>,
}

impl WorkStore {
    pub fn new(root: impl Into<PathBuf>) -> WorkStore {
        WorkStore {
            root: root.into(),
            written: BTreeMap::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn dir(&self, slot: &Slot) -> PathBuf {
        self.root.join(slot.folder())
    }

    /// Keeps a screen's work: the states not yet on disk, then the record,
    /// then the states nothing names any more are removed. A crash at any
    /// point leaves the last complete save readable.
    pub fn save<T: Serialize>(
        &mut self,
        slot: &Slot,
        screen: &T,
        shell: &Shell,
    ) -> Result<(), StoreError> {
        let dir = self.dir(slot);
        let orgs = dir.join("orgs");
        fs::create_dir_all(&orgs).map_err(|e| io_error(&orgs, &e))?;
        let written = match self.written.get(slot) {
            Some(w) => w.clone(),
            None => on_disk(&orgs),
        };
        let states = shell.states();
        for (i, (id, org)) in states.iter().enumerate() {
            // The current state is rewritten every time: it is the one a
            // command may have changed in place. The others never change.
            if i == 0 || !written.contains(id) {
                let path = orgs.join(format!("{id}.ron"));
                write_atomic(&path, &org_file::to_ron(org)).map_err(|e| io_error(&path, &e))?;
            }
        }
        let file = StateFile {
            format: FORMAT,
            screen,
            shell: shell.record(),
        };
        let text =
            ron::ser::to_string_pretty(&file, ron::ser::PrettyConfig::default()).map_err(|e| {
                StoreError::Io {
                    path: dir.clone(),
                    message: e.to_string(),
                }
            })?;
        let path = dir.join("state.ron");
        write_atomic(&path, &(text + "\n")).map_err(|e| io_error(&path, &e))?;
        let named: BTreeSet<u64> = states.iter().map(|(id, _)| *id).collect();
        for id in written.difference(&named) {
            let _ = fs::remove_file(orgs.join(format!("{id}.ron")));
        }
        self.written.insert(slot.clone(), named);
        Ok(())
    }

    /// Keeps what is being typed; quick, and not flushed to disk.
    pub fn save_draft<D: Serialize>(&self, slot: &Slot, draft: &D) -> Result<(), StoreError> {
        let dir = self.dir(slot);
        fs::create_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
        let text = ron::ser::to_string(draft).map_err(|e| StoreError::Io {
            path: dir.clone(),
            message: e.to_string(),
        })?;
        let path = dir.join("draft.ron");
        write_quick(&path, &text).map_err(|e| io_error(&path, &e))
    }

    /// Reads a slot back; `None` when it was never kept. A slot that cannot
    /// be read is moved aside and reported as a notice with `None`.
    #[allow(clippy::type_complexity)]
    pub fn load<T: DeserializeOwned, D: DeserializeOwned>(
        &mut self,
        slot: &Slot,
    ) -> Result<(Option<Kept<T, D>>, Option<String>), StoreError> {
        let dir = self.dir(slot);
        let path = dir.join("state.ron");
        let text = match read_kept(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((None, None)),
            Err(e) => return Err(io_error(&path, &e)),
        };
        if let Ok(v) = ron::from_str::<Version>(&text).or_else(|_| lenient_format(&text))
            && v.format > FORMAT
        {
            return Err(StoreError::TooNew {
                path,
                format: v.format,
            });
        }
        let file: StateFile<T> = match ron::from_str(&text) {
            Ok(f) => f,
            Err(e) => {
                let why = format!("{}:{}: {}", e.span.start.line, e.span.start.col, e.code);
                return self.set_aside(slot, &dir, &why).map(|n| (None, Some(n)));
            }
        };
        let orgs = dir.join("orgs");
        let mut read_state = |id: u64| -> Result<crate::iam::model::Org, String> {
            let p = orgs.join(format!("{id}.ron"));
            let text = read_kept(&p).map_err(|e| e.to_string())?;
            org_file::from_ron(&text).map_err(|errors| {
                errors
                    .first()
                    .map(|e| format!("{}:{e}", p.display()))
                    .unwrap_or_default()
            })
        };
        let (shell, lost) = match Shell::restore(file.shell, &mut read_state) {
            Ok(s) => s,
            Err(why) => return self.set_aside(slot, &dir, &why).map(|n| (None, Some(n))),
        };
        self.written.insert(slot.clone(), on_disk(&orgs));
        let draft = read_kept(&dir.join("draft.ron"))
            .ok()
            .and_then(|t| ron::from_str(&t).ok());
        let notice = (lost > 0).then(|| {
            format!(
                "{lost} earlier state{} of this organization could not be read; undo reaches less far",
                if lost == 1 { "" } else { "s" }
            )
        });
        Ok((
            Some(Kept {
                screen: file.screen,
                shell,
                draft,
                notice,
            }),
            None,
        ))
    }

    /// Moves a slot that cannot be read out of the way, keeping it whole.
    fn set_aside(&mut self, slot: &Slot, dir: &Path, why: &str) -> Result<String, StoreError> {
        let aside = (1..)
            .map(|n| PathBuf::from(format!("{}.damaged-{n}", dir.display())))
            .find(|p| !p.exists())
            .expect("some number is free");
        fs::rename(dir, &aside).map_err(|e| io_error(dir, &e))?;
        self.written.remove(slot);
        Ok(format!(
            "the saved work could not be read ({why}); it is kept as {} and this starts fresh",
            aside.display()
        ))
    }

    /// The sandboxes kept, by name.
    pub fn sandboxes(&self) -> Vec<SavedSandbox> {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for e in entries.flatten() {
            let folder = e.file_name().to_string_lossy().to_string();
            let Some(safe) = folder.strip_prefix("sandbox-") else {
                continue;
            };
            if folder.contains(".damaged-") || !e.path().join("state.ron").exists() {
                continue;
            }
            let Some(name) = unescape(safe) else {
                continue;
            };
            let day = fs::metadata(e.path().join("state.ron"))
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .map(|d| (d.as_secs() / 86_400) as i64);
            out.push(SavedSandbox { name, day });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// Removes a slot's files (a sandbox the learner deletes).
    pub fn remove(&mut self, slot: &Slot) -> Result<(), StoreError> {
        let dir = self.dir(slot);
        self.written.remove(slot);
        match fs::remove_dir_all(&dir) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_error(&dir, &e)),
        }
    }
}

/// The numbers of the organization files in `orgs`.
fn on_disk(orgs: &Path) -> BTreeSet<u64> {
    fs::read_dir(orgs)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().to_string();
                    name.strip_suffix(".ron")?.parse().ok()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The `format` field of a file that does not otherwise parse.
fn lenient_format(text: &str) -> Result<Version, ()> {
    #[derive(serde::Deserialize)]
    struct Any {
        format: u32,
        #[serde(flatten)]
        _rest: BTreeMap<String, ron::Value>,
    }
    ron::from_str::<Any>(text)
        .map(|a| Version { format: a.format })
        .map_err(|_| ())
}

/// The name a folder was made from (see `Slot::folder`).
fn unescape(safe: &str) -> Option<String> {
    let mut bytes = Vec::new();
    let mut chars = safe.chars();
    while let Some(c) = chars.next() {
        if c == '_' {
            let hex: String = chars.by_ref().take(2).collect();
            bytes.push(u8::from_str_radix(&hex, 16).ok()?);
        } else {
            let mut buf = [0; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_safe_and_read_back() {
        for name in ["default", "before cleanup", "../etc", "é", "a_b"] {
            let folder = Slot::Sandbox(name.into()).folder();
            let safe = folder.strip_prefix("sandbox-").unwrap();
            assert!(
                safe.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "{folder}"
            );
            assert_eq!(unescape(safe).as_deref(), Some(name));
        }
    }
}
