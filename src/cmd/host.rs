//! The binary's side of the sandbox: saving organization state files
//! (`common::load_state` reads them), and the real-file effects (`export ... --to FILE`, `import FILE`) that the pure
//! shell asks its host to carry out.

use std::fs;
use std::path::{Component, Path, PathBuf};

use iamtutor::app::keep::{Draft, Found, Keeper, Restored, SavedSandbox, ScreenRecord, Slot};
use iamtutor::iam::model::Org;
use iamtutor::iam::org_file;
use iamtutor::shell::{Effect, Outcome, Shell};
use iamtutor::store::work::WorkStore;
use iamtutor::store::{files, final_target, write_atomic};

use super::out;

/// Saves an organization state file atomically.
pub fn save_state(path: &Path, org: &Org) -> Result<(), String> {
    save_text(path, &org_file::to_ron(org))
}

/// Saves a state file's text atomically.
pub fn save_text(path: &Path, text: &str) -> Result<(), String> {
    write_atomic(path, text).map_err(|e| {
        format!(
            "iamtutor: cannot save {}: {}\n",
            path.display(),
            files::why(&e)
        )
    })
}

/// Where the files a command names may be. A script run by `iamtutor run`
/// reads and writes only inside the folder it runs in, unless the person
/// running it says otherwise (`--allow-outside`): a script from someone
/// else cannot reach `~/.ssh` or `/etc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Inside the current folder only.
    CurrentFolder,
    /// Anywhere the user may read and write.
    Anywhere,
}

/// Carries out the effect an outcome asks for, if any, and returns what to
/// show: the outcome itself, the outcome of finishing an import, or the
/// error that kept the effect from happening. Paths are relative to the
/// current directory.
pub fn carry_out(shell: &mut Shell, mut outcome: Outcome, reach: Reach) -> Outcome {
    match outcome.effect.take() {
        None => outcome,
        Some(Effect::WriteFile { path, contents }) => {
            if reach == Reach::CurrentFolder
                && let Err(why) = inside_current_folder(&path)
            {
                return failed(format!("export: {why}\n"));
            }
            match write_atomic(Path::new(&path), &contents) {
                Ok(()) => outcome,
                Err(e) => failed(format!("export: cannot write {path}: {}\n", files::why(&e))),
            }
        }
        Some(Effect::ReadFile { path }) => {
            if reach == Reach::CurrentFolder
                && let Err(why) = inside_current_folder(&path)
            {
                return failed(format!("import: {why}\n"));
            }
            match files::read_text(Path::new(&path)) {
                Ok(text) => shell.finish_import(&path, &text),
                Err(e) => failed(format!("import: {e}\n")),
            }
        }
    }
}

/// Why a write to `path` should be asked about first: it leads outside the
/// current folder, or replaces a file. `None` for a new file in the folder.
pub fn needs_asking(effect: &Effect) -> Option<String> {
    let Effect::WriteFile { path, .. } = effect else {
        return None;
    };
    if inside_current_folder(path).is_err() {
        let here = std::env::current_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_else(|_| "the current folder".into());
        return Some(format!("is outside the current folder ({here})"));
    }
    fs::symlink_metadata(path)
        .is_ok()
        .then(|| "exists already; writing replaces it".to_string())
}

/// Checks that `path` stays inside the current folder: not absolute, no
/// `..`, and no symbolic link on the way (or at the end) that leads out.
pub fn inside_current_folder(path: &str) -> Result<(), String> {
    let p = Path::new(path);
    let lift = "`iamtutor run --allow-outside` allows it";
    if p.is_absolute() {
        return Err(format!(
            "`{path}` is an absolute path; a script reads and writes only inside the folder it runs in ({lift})"
        ));
    }
    if p.components().any(|c| c == Component::ParentDir) {
        return Err(format!(
            "`{path}` goes up out of the folder with `..`; a script reads and writes only inside the folder it runs in ({lift})"
        ));
    }
    let here = std::env::current_dir()
        .and_then(|d| d.canonicalize())
        .map_err(|e| {
            format!(
                "cannot tell where the current folder is: {}",
                files::why(&e)
            )
        })?;
    // Where a write or read would really land, links followed.
    let target =
        final_target(&here.join(p)).map_err(|e| format!("`{path}`: {}", files::why(&e)))?;
    let landing = resolve_existing(&target);
    if !landing.starts_with(&here) {
        return Err(format!(
            "`{path}` leads outside the current folder through a symbolic link (to {}); a script reads and writes only inside the folder it runs in ({lift})",
            landing.display()
        ));
    }
    Ok(())
}

/// `path` with its longest existing beginning resolved (links followed):
/// the rest does not exist yet, and so is no link.
fn resolve_existing(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut head = path.to_path_buf();
    loop {
        if let Ok(real) = head.canonicalize() {
            return rest.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (head.file_name().map(|n| n.to_os_string()), head.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                head = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
}

fn failed(stderr: String) -> Outcome {
    Outcome {
        stderr,
        ok: false,
        code: 1,
        ..Default::default()
    }
}

/// Prints what a command printed, as the sandbox shows it.
pub fn show(outcome: &Outcome) {
    out::stdout(&outcome.stdout);
    out::stderr(&outcome.stderr);
}

/// The app's sandboxes and labs, kept in the learner's work folder.
pub struct FileKeeper(pub WorkStore);

impl Keeper for FileKeeper {
    fn save(&mut self, slot: &Slot, screen: &ScreenRecord, shell: &Shell) -> Result<(), String> {
        self.0.save(slot, screen, shell).map_err(|e| e.to_string())
    }

    fn save_draft(&mut self, slot: &Slot, draft: &Draft) -> Result<(), String> {
        self.0.save_draft(slot, draft).map_err(|e| e.to_string())
    }

    fn load(&mut self, slot: &Slot) -> Result<Found, String> {
        let (kept, notice) = self
            .0
            .load::<ScreenRecord, Draft>(slot)
            .map_err(|e| e.to_string())?;
        // A slot set aside, or states of its undo stack that were lost.
        let notice = notice.or_else(|| kept.as_ref().and_then(|k| k.notice.clone()));
        let work = kept.map(|k| Restored {
            screen: k.screen,
            shell: k.shell,
            draft: k.draft,
        });
        Ok(Found { work, notice })
    }

    fn sandboxes(&mut self) -> Vec<SavedSandbox> {
        self.0.sandboxes()
    }
}
