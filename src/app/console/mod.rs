//! The sandbox on screen, alone or as a lab: a command line with history
//! and completion, scrollback, the "why?" pane, the organization tree, and
//! a small editor for the workspace's policy files. A lab adds its goal
//! checklist, the hint ladder and the solution behind a confirmation.

mod ask;
mod case;
mod command_line;
mod editor;
mod keeping;
mod lab;
mod sandbox;

use ratatui_textarea::{CursorMove, TextArea};
use serde::{Deserialize, Serialize};

use super::access::AccessView;
use super::keep::{Draft, EditorDraft, LabRecord, ScreenRecord};
use super::line::LineInput;
use super::scroll::Scroll;
use super::{KeyScope, Step};
use crate::iam::call_request;
use crate::shell::{Outcome, Shell};

pub use ask::Ask;
pub use case::{CaseKey, update_case};
pub use editor::Editor;
pub use lab::{LabView, update_lab};
pub use sandbox::{SandboxView, update_sandbox};

/// How scrollback lines are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineKind {
    /// A command as typed, after the prompt.
    Command,
    Out,
    Err,
    /// Something the app says (not the shell): hints, lab progress.
    Info,
    /// Good news: a goal met, a lab solved.
    Good,
}

/// The most lines of access changes shown after a command; `changes`
/// has the rest.
const ACCESS_LINES: usize = 4;

/// The command line and its scrollback, shared by the sandbox and labs.
#[derive(Debug)]
pub struct Console {
    pub input: LineInput,
    pub lines: Vec<(LineKind, String)>,
    /// Rows scrolled up from the newest line: the output is read from the
    /// bottom, so at 0 it follows what the commands print.
    pub scroll: Scroll,
    /// Position in the shell's history while stepping with Up / Down.
    history_pos: Option<usize>,
    /// What was typed before stepping into history.
    draft: String,
    /// Completions offered by the last Tab, when more than one.
    pub candidates: Vec<String>,
    /// Lines of a command whose here-document is still open: Enter adds a
    /// line until the closing word comes, as a shell's `> ` prompt does.
    pub pending: Option<String>,
    pub show_why: bool,
    pub show_tree: bool,
    pub editor: Option<Editor>,
    /// A question on screen that takes the keys until it is answered.
    pub asking: Option<Ask>,
    /// The command whose real file waits for a yes ([`Ask::WriteFile`]),
    /// with why it asks.
    pub pending_write: Option<(Outcome, String)>,
    /// Esc just dropped a here-document: the next Esc on the empty line
    /// does not leave, so a double Esc costs only the here-document.
    esc_dropped: bool,
    /// Something to keep changed since the keeper last had it: the
    /// screen's state, and what is being typed.
    pub unsaved: bool,
    pub draft_unsaved: bool,
    /// The `access:` lines have said once what request they stand for.
    access_context_said: bool,
    /// The kept work could not be read: nothing is kept over it.
    pub not_kept: bool,
    /// F2 and F3 over the console when the screen is too narrow for panes.
    pub panes: crate::app::narrow_panes::NarrowPanes,
}

/// Scrollback kept, in lines: enough for a long session, bounded.
const SCROLLBACK: usize = 5000;

impl Default for Console {
    fn default() -> Self {
        Console {
            input: LineInput::default(),
            lines: Vec::new(),
            scroll: Scroll::new(),
            history_pos: None,
            draft: String::new(),
            candidates: Vec::new(),
            pending: None,
            show_why: false,
            show_tree: true,
            editor: None,
            asking: None,
            pending_write: None,
            esc_dropped: false,
            unsaved: false,
            draft_unsaved: false,
            not_kept: false,
            access_context_said: false,
            panes: Default::default(),
        }
    }
}

/// What Ctrl-C did on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interrupted {
    /// It cleared a half-typed line or here-document.
    Cleared,
    /// The line was empty already.
    Empty,
}

fn access_grid(shell: &Shell) -> Step {
    Step::Push(crate::app::Screen::Access(Box::new(AccessView::new(
        &shell.org,
    ))))
}

impl Console {
    pub fn say(&mut self, kind: LineKind, text: &str) {
        for l in text.lines() {
            self.lines.push((kind, expand_tabs(l)));
        }
        if self.lines.len() > SCROLLBACK {
            let extra = self.lines.len() - SCROLLBACK;
            self.lines.drain(..extra);
        }
    }

    fn show(&mut self, outcome: &Outcome) {
        self.say(LineKind::Out, &outcome.stdout);
        self.say(LineKind::Err, &outcome.stderr);
        // What the change did to who can do what: the point of most
        // commands, said where the learner is looking.
        if let Some(diff) = &outcome.access {
            let brief = diff.brief(ACCESS_LINES);
            let cut = brief != diff.summary();
            for line in brief {
                self.say(LineKind::Info, &format!("access: {line}"));
            }
            if cut {
                self.say(LineKind::Info, "access: `changes` lists every cell");
            }
            // Once a console: the question every access line answers.
            if !diff.is_empty() && !self.access_context_said {
                self.access_context_said = true;
                self.say(
                    LineKind::Info,
                    &format!("access: {}", call_request::ASSUMED_SHORT),
                );
            }
        }
        self.scroll.home();
    }
    pub fn key_scope(&self) -> KeyScope {
        match self.asking {
            Some(Ask::LeaveEditor) => KeyScope::EditorLeave,
            Some(_) => KeyScope::Confirm,
            None if self.editor.is_some() => KeyScope::Editor,
            None => KeyScope::Console,
        }
    }

    /// Ctrl-C, as a shell takes it: a half-typed line (or here-document)
    /// is dropped, shown with `^C` so it can still be read and copied.
    pub fn interrupt(&mut self) -> Interrupted {
        if self.input.is_empty() && self.pending.is_none() {
            return Interrupted::Empty;
        }
        let prompt = if self.pending.is_some() { ">" } else { "$" };
        let line = self.input.take();
        self.say(LineKind::Command, &format!("{prompt} {line}^C"));
        self.pending = None;
        self.history_pos = None;
        self.scroll.home();
        self.draft_unsaved = true;
        Interrupted::Cleared
    }

    /// What is being typed, to keep.
    pub fn draft(&self) -> Draft {
        Draft {
            input: self.input.text().to_string(),
            pending: self.pending.clone(),
            editor: self.editor.as_ref().map(|ed| {
                let ratatui_textarea::DataCursor(row, col) = ed.area.cursor();
                EditorDraft {
                    name: ed.name.clone(),
                    text: ed.text(),
                    original: ed.original.clone(),
                    row,
                    col,
                }
            }),
        }
    }

    /// Puts back what was being typed.
    fn restore_draft(&mut self, draft: Draft) {
        self.input.set(&draft.input);
        // The open here-document's lines, shown again as they were typed.
        if let Some(pending) = &draft.pending {
            for (i, line) in pending.lines().enumerate() {
                let prompt = if i == 0 { "$" } else { ">" };
                self.say(LineKind::Command, &format!("{prompt} {line}"));
            }
        }
        self.pending = draft.pending;
        self.editor = draft.editor.map(|d| {
            let mut area = TextArea::new(d.text.lines().map(str::to_string).collect());
            area.move_cursor(CursorMove::Jump(
                d.row.min(u16::MAX as usize) as u16,
                d.col.min(u16::MAX as usize) as u16,
            ));
            Editor {
                name: d.name,
                area,
                original: d.original,
                error: None,
            }
        });
    }

    /// The screen's part of what is kept.
    fn record(&self, lab: Option<LabRecord>) -> ScreenRecord {
        ScreenRecord {
            lines: self.lines.clone(),
            show_why: self.show_why,
            show_tree: self.show_tree,
            lab,
        }
    }

    fn from_record(record: &ScreenRecord) -> Console {
        // A record is a file: at most the scrollback a console keeps.
        let from = record.lines.len().saturating_sub(SCROLLBACK);
        Console {
            lines: record.lines[from..].to_vec(),
            show_why: record.show_why,
            show_tree: record.show_tree,
            ..Console::default()
        }
    }
}

/// Tabs (the CLI's text output separates columns with them) become spaces
/// to the next multiple of eight, as a terminal shows them.
fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_string();
    }
    let mut out = String::new();
    for c in line.chars() {
        if c == '\t' {
            let n = 8 - out.chars().count() % 8;
            out.extend(std::iter::repeat_n(' ', n));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::expand_tabs;

    #[test]
    fn tabs_become_spaces_to_the_next_stop() {
        assert_eq!(expand_tabs("i-0abc\trunning"), "i-0abc  running");
        assert_eq!(expand_tabs("\tx"), "        x");
        assert_eq!(expand_tabs("12345678\ty"), "12345678        y");
    }
}
