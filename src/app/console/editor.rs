//! `edit NAME`: the small editor for the workspace's files, over the
//! console until it is saved or closed.

use ratatui_textarea::{Input, Key, TextArea};

use super::{Ask, Console, LineKind};
use crate::app::Action;
use crate::content::words::plural;
use crate::iam::json;
use crate::shell::Shell;

/// `edit NAME`: a workspace file open for editing.
#[derive(Debug)]
pub struct Editor {
    pub name: String,
    pub area: TextArea<'static>,
    /// The file as it was when the editor opened (or last saved).
    pub original: String,
    /// Why the last save was refused, with the position.
    pub error: Option<String>,
}

impl Editor {
    pub(super) fn text(&self) -> String {
        self.area.lines().join("\n") + "\n"
    }

    /// Changed since it was opened or saved.
    pub fn modified(&self) -> bool {
        let original = if self.original.is_empty() {
            "\n"
        } else {
            &self.original
        };
        self.text() != original
    }
}

impl Console {
    /// Opens the editor on a workspace file (a new one when missing).
    pub(super) fn open_editor(&mut self, shell: &Shell, name: &str) {
        let text = shell.files.get(name).cloned().unwrap_or_default();
        let lines: Vec<String> = if text.is_empty() {
            vec![String::new()]
        } else {
            text.lines().map(str::to_string).collect()
        };
        self.editor = Some(Editor {
            name: name.to_string(),
            area: TextArea::new(lines),
            original: text,
            error: None,
        });
        self.draft_unsaved = true;
    }

    /// Keys while the editor is open (or its question about leaving).
    pub(super) fn edit(&mut self, shell: &mut Shell, action: Action) {
        if self.asking == Some(Ask::LeaveEditor) {
            match action {
                Action::Save => {
                    self.asking = None;
                    self.save_editor(shell);
                }
                Action::Confirm(false) => {
                    self.asking = None;
                    if let Some(ed) = self.editor.take() {
                        self.say(
                            LineKind::Info,
                            &format!("closed {} without saving", ed.name),
                        );
                    }
                    self.unsaved = true;
                    self.draft_unsaved = true;
                }
                Action::Back => self.asking = None,
                _ => {}
            }
            return;
        }
        let Some(ed) = self.editor.as_mut() else {
            return;
        };
        match action {
            Action::Save => self.save_editor(shell),
            Action::Back if ed.modified() => self.asking = Some(Ask::LeaveEditor),
            Action::Back => {
                let name = ed.name.clone();
                self.editor = None;
                self.say(LineKind::Info, &format!("closed {name}"));
                self.unsaved = true;
                self.draft_unsaved = true;
            }
            Action::Edit(input) => {
                ed.area.input(input);
                ed.error = None;
                self.draft_unsaved = true;
            }
            // Actions the keymap made of editing keys come back as keys.
            other => {
                if let Some(input) = as_input(&other) {
                    ed.area.input(input);
                    ed.error = None;
                    self.draft_unsaved = true;
                }
            }
        }
    }

    /// Ctrl-S: saves the file into the workspace and closes the editor;
    /// JSON that does not parse is refused with its line and column.
    fn save_editor(&mut self, shell: &mut Shell) {
        let Some(ed) = self.editor.as_mut() else {
            return;
        };
        let text = ed.text();
        if looks_like_json(&ed.name, &text)
            && let Err(e) = json::parse(&text)
        {
            ed.error = Some(format!(
                "not saved: line {}, column {}: {}",
                e.pos.line, e.pos.col, e.message
            ));
            return;
        }
        let name = ed.name.clone();
        let count = ed.area.lines().len();
        shell.files.insert(name.clone(), text);
        self.editor = None;
        self.say(
            LineKind::Info,
            &format!("saved {name} ({})", plural(count, "line")),
        );
        self.unsaved = true;
        self.draft_unsaved = true;
    }
}

/// Policy files are JSON: a `.json` name, or text that starts like JSON.
fn looks_like_json(name: &str, text: &str) -> bool {
    name.ends_with(".json") || text.trim_start().starts_with(['{', '['])
}

fn as_input(action: &Action) -> Option<Input> {
    let key = match action {
        Action::Type(c) => Key::Char(*c),
        Action::Open => Key::Enter,
        Action::Backspace => Key::Backspace,
        Action::Delete => Key::Delete,
        Action::Up | Action::HistoryPrev => Key::Up,
        Action::Down | Action::HistoryNext => Key::Down,
        Action::CursorLeft => Key::Left,
        Action::CursorRight => Key::Right,
        Action::CursorHome => Key::Home,
        Action::CursorEnd => Key::End,
        Action::PageUp => Key::PageUp,
        Action::PageDown => Key::PageDown,
        Action::Complete => Key::Tab,
        _ => return None,
    };
    Some(Input {
        key,
        ..Input::default()
    })
}
