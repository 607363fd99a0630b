//! The binary's side of the sandbox: organization state files, and the
//! real-file effects (`export ... --to FILE`, `import FILE`) that the pure
//! shell asks its host to carry out.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use iamtutor::app::keep::{Draft, Found, Keeper, Restored, SavedSandbox, ScreenRecord, Slot};
use iamtutor::iam::model::Org;
use iamtutor::iam::org_file;
use iamtutor::shell::{Effect, Outcome, Shell};
use iamtutor::store::work::WorkStore;
use iamtutor::store::write_atomic;

/// Reads an organization state file; a missing file is a fresh organization.
/// A broken one is an error of `path:line:col: message` lines.
pub fn load_state(path: &Path) -> Result<Org, String> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Org::new()),
        Err(e) => return Err(format!("iamtutor: cannot read {}: {e}\n", path.display())),
    };
    org_file::from_ron(&text).map_err(|errors| {
        errors
            .iter()
            .map(|e| format!("{}:{e}\n", path.display()))
            .collect()
    })
}

/// Saves an organization state file atomically.
pub fn save_state(path: &Path, org: &Org) -> Result<(), String> {
    write_atomic(path, &org_file::to_ron(org))
        .map_err(|e| format!("iamtutor: cannot save {}: {e}\n", path.display()))
}

/// Carries out the effect an outcome asks for, if any, and returns what to
/// show: the outcome itself, the outcome of finishing an import, or the
/// error that kept the effect from happening. Paths are relative to the
/// current directory.
pub fn carry_out(shell: &mut Shell, mut outcome: Outcome) -> Outcome {
    match outcome.effect.take() {
        None => outcome,
        Some(Effect::WriteFile { path, contents }) => {
            match write_atomic(Path::new(&path), &contents) {
                Ok(()) => outcome,
                Err(e) => failed(format!("export: cannot write {path}: {e}\n")),
            }
        }
        Some(Effect::ReadFile { path }) => match fs::read_to_string(&path) {
            Ok(text) => shell.finish_import(&path, &text),
            Err(e) => failed(format!("import: cannot read {path}: {e}\n")),
        },
    }
}

fn failed(stderr: String) -> Outcome {
    Outcome {
        stderr,
        ok: false,
        ..Default::default()
    }
}

/// Prints what a command printed, as the sandbox shows it. A closed pipe
/// (`| head`) is not an error worth a panic.
pub fn show(outcome: &Outcome) {
    let mut out = io::stdout().lock();
    let _ = out.write_all(outcome.stdout.as_bytes());
    let _ = out.flush();
    let mut err = io::stderr().lock();
    let _ = err.write_all(outcome.stderr.as_bytes());
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
