//! The questions the console asks before doing something hard to take
//! back, and the one it answers itself: writing a real file.

use super::{Console, LineKind};
use crate::app::{Action, Host};
use crate::shell::Shell;

/// A question the console asks before doing something hard to take back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Show a lab's reference solution (the lab then counts as helped).
    Solution,
    /// `reset` in a lab: back to its start.
    ResetLab,
    /// `new` or `reset` in the sandbox: an empty account again.
    NewSandbox,
    /// Esc in the editor with changes not saved.
    LeaveEditor,
    /// `export ... --to FILE` outside the current folder or over a file
    /// that exists (the console's `pending_write` says which).
    WriteFile,
}

impl Ask {
    /// The dialog's title and text.
    pub fn text(self) -> (&'static str, &'static str) {
        match self {
            Ask::Solution => (
                "Solution?",
                "Show the reference solution? The lab will count as helped. \
                 y shows it, n goes back to trying.",
            ),
            Ask::ResetLab => (
                "Start the lab over?",
                "The organization goes back to where the lab started; the goals are \
                 checked again. `undo` brings your work back. y starts over, n keeps it.",
            ),
            Ask::NewSandbox => (
                "Start over?",
                "The account becomes empty again, and you act as its administrator; \
                 workspace files stay. `undo` brings this organization back. \
                 y starts over, n keeps it.",
            ),
            Ask::LeaveEditor => (
                "Unsaved changes",
                "This file has changes that are not saved. s saves them (JSON is \
                 checked first), d discards them, Esc goes back to editing.",
            ),
            Ask::WriteFile => (
                "Write the file?",
                "The file is outside the current folder, or exists already. \
                 y writes it, n does not.",
            ),
        }
    }
}

impl Console {
    /// The question on screen, if any, as its title and text: a file to
    /// write names itself and why it asks.
    pub fn question(&self) -> Option<(String, String)> {
        let ask = self.asking?;
        let (title, text) = ask.text();
        if ask == Ask::WriteFile
            && let Some((outcome, why)) = &self.pending_write
            && let Some(crate::shell::Effect::WriteFile { path, .. }) = &outcome.effect
        {
            return Some((
                title.to_string(),
                format!("`{path}` {why}. y writes it, n does not."),
            ));
        }
        Some((title.to_string(), text.to_string()))
    }

    /// The answer to [`Ask::WriteFile`]: the file is written on a yes, and
    /// the console says what became of it either way.
    pub(super) fn answer_write(&mut self, host: &mut dyn Host, shell: &mut Shell, action: Action) {
        let yes = match action {
            Action::Confirm(true) | Action::Open => true,
            Action::Confirm(false) | Action::Back => false,
            _ => return,
        };
        self.asking = None;
        let Some((outcome, _)) = self.pending_write.take() else {
            return;
        };
        if yes {
            let outcome = host.carry_out(shell, outcome);
            self.show(&outcome);
        } else if let Some(crate::shell::Effect::WriteFile { path, .. }) = &outcome.effect {
            self.say(LineKind::Info, &format!("not written: {path} is as it was"));
        }
        self.unsaved = true;
    }
}
