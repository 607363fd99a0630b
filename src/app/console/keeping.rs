//! Handing a console's work to the keeper, and finding it again.

use super::{Console, LineKind};
use crate::app::App;
use crate::app::keep::{self, Draft, LabRecord, Restored, Slot};
use crate::shell::Shell;

/// Kept work taken apart to carry on with: its shell, tracking access
/// as every console's does, its console as it was, and what was being
/// typed (for `Console::welcome_back`, once the screen knows what to say).
pub(super) fn reopen(work: Restored) -> (Shell, Console, Option<Draft>) {
    let Restored {
        screen,
        mut shell,
        draft,
    } = work;
    shell.track_access = true;
    (shell, Console::from_record(&screen), draft)
}

impl Console {
    /// Says `welcome` under the kept lines, then puts back what was being
    /// typed: a here-document's lines show after the welcome, as typed.
    pub(super) fn welcome_back(&mut self, welcome: &str, draft: Option<Draft>) {
        self.say(LineKind::Info, welcome);
        if let Some(d) = draft {
            self.restore_draft(d);
        }
    }
}

/// The work kept for `slot`, if any; what the learner should know about
/// it (a damaged save set aside) goes in the notice. An error (a save
/// from a newer iamtutor, a folder that cannot be read) is said too, and
/// the screen must then not keep anything there: it would overwrite work.
pub(super) fn find_work(app: &mut App, slot: &Slot) -> Result<Option<Restored>, ()> {
    match app.keeper.load(slot) {
        Ok(found) => {
            if let Some(n) = found.notice {
                app.say(n);
            }
            Ok(found.work)
        }
        Err(e) => {
            app.say(format!(
                "{e}; this visit starts fresh and is not kept, so the work there stays as it is"
            ));
            Err(())
        }
    }
}

/// Keeps a console's screen and shell, then its draft, as far as each
/// changed since last kept.
pub(super) fn keep_console(
    console: &mut Console,
    shell: &Shell,
    keeper: &mut dyn keep::Keeper,
    slot: &Slot,
    lab: Option<LabRecord>,
    typing: bool,
) -> Result<(), String> {
    if console.not_kept {
        return Ok(());
    }
    if console.unsaved {
        keeper.save(slot, &console.record(lab), shell)?;
        console.unsaved = false;
        // The draft goes with it: an empty line after a command.
        console.draft_unsaved = true;
    }
    if typing && console.draft_unsaved {
        keeper.save_draft(slot, &console.draft())?;
        console.draft_unsaved = false;
    }
    Ok(())
}

/// Keeps a screen's work at once (leaving it, switching sandboxes), and
/// says so when the keeper fails.
pub(super) fn keep_now(
    app: &mut App,
    keep: impl FnOnce(&mut dyn keep::Keeper) -> Result<(), String>,
) {
    if let Err(e) = keep(app.keeper.as_mut()) {
        app.say(format!("work not saved: {e}"));
    }
}
