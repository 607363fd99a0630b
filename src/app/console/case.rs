//! The console over an interview case's sandbox.

use super::command_line::{Handled, run_line};
use super::{Console, LineKind};
use crate::app::{Action, App};
use crate::shell::Shell;

/// What a key on an interview case's command line came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseKey {
    Stay,
    /// A command ran: the case is checked again.
    Ran(String),
    /// Esc on an empty line.
    Leave,
}

/// The command line's keys over an interview case's sandbox
/// (app/interview.rs): as in a lab, with the editor and `edit`, but no
/// hints, no solution, nothing kept, and no "why?": `why` is refused, as
/// the pane is off in an interview.
pub fn update_case(
    app: &mut App,
    console: &mut Console,
    shell: &mut Shell,
    action: Action,
) -> CaseKey {
    crate::app::sandbox_shell::equip(&app.course, shell);
    if console.editor.is_some() {
        console.edit(shell, action);
        return CaseKey::Stay;
    }
    match console.handle(shell, action) {
        Handled::Nothing | Handled::Access => CaseKey::Stay,
        Handled::Leave => CaseKey::Leave,
        Handled::Run(line) => {
            if line.split_whitespace().next() == Some("why") {
                console.say(
                    LineKind::Err,
                    "why: off in an interview, as the why-pane is. Read the error, read the \
                     policies (aws iam get-...), and try the call again as the caller.",
                );
                return CaseKey::Stay;
            }
            run_line(app, console, shell, &line);
            CaseKey::Ran(line)
        }
    }
}
