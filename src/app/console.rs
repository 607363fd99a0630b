//! The sandbox on screen, alone or as a lab: a command line with history
//! and completion, scrollback, the "why?" pane, the organization tree, and
//! a small editor for the workspace's policy files. A lab adds its goal
//! checklist, the hint ladder and the solution behind a confirmation.

use ratatui_textarea::{CursorMove, Input, Key, TextArea};
use serde::{Deserialize, Serialize};

use super::access::AccessView;
use super::keep::{self, Draft, EditorDraft, LabRecord, Restored, ScreenRecord, Slot};
use super::line::LineInput;
use super::scroll::{self, Scroll};
use super::{Action, App, Context, Step};
use crate::content::words::plural;
use crate::iam::call_request;
use crate::iam::json;
use crate::iam::model::Org;
use crate::learn::lab::LabSession;
use crate::learn::review::{self, CardKind};
use crate::shell::{Outcome, Shell, lexer};

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
    pub panes: super::narrow_panes::NarrowPanes,
}

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
    fn text(&self) -> String {
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

/// What the console asks of its screen after an action.
enum Handled {
    Nothing,
    /// A command line to run (already echoed).
    Run(String),
    Leave,
    /// Open the access grid on the organization as it is now.
    Access,
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
    Step::Push(super::Screen::Access(Box::new(AccessView::new(&shell.org))))
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
    fn answer_write(&mut self, host: &mut dyn super::Host, shell: &mut Shell, action: Action) {
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

    pub fn context(&self) -> Context {
        match self.asking {
            Some(Ask::LeaveEditor) => Context::EditorLeave,
            Some(_) => Context::Confirm,
            None if self.editor.is_some() => Context::Editor,
            None => Context::Console,
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

    fn handle(&mut self, shell: &Shell, action: Action) -> Handled {
        if !matches!(action, Action::Complete) {
            self.candidates.clear();
        }
        // A narrow screen's pane over the console takes its keys first.
        if self.panes.handle(&action) {
            return Handled::Nothing;
        }
        let dropped = std::mem::take(&mut self.esc_dropped);
        if matches!(
            action,
            Action::Type(_)
                | Action::Backspace
                | Action::Delete
                | Action::ClearLine
                | Action::HistoryPrev
                | Action::HistoryNext
                | Action::Complete
                | Action::Open
        ) {
            self.draft_unsaved = true;
        }
        match action {
            Action::Type(c) => self.input.insert(c),
            Action::Backspace => self.input.backspace(),
            Action::Delete => self.input.delete(),
            Action::CursorLeft => self.input.left(),
            Action::CursorRight => self.input.right(),
            Action::CursorHome => self.input.home(),
            Action::CursorEnd => self.input.end(),
            Action::ClearLine => {
                self.input.take();
            }
            Action::HistoryPrev => self.history(shell, -1),
            Action::HistoryNext => self.history(shell, 1),
            Action::Complete => self.complete(shell),
            // The scroll counts up from the bottom: up is on.
            Action::PageUp => self.scroll.by(scroll::PAGE as isize),
            Action::ScrollUp => self.scroll.by(scroll::WHEEL as isize),
            Action::PageDown => self.scroll.by(-(scroll::PAGE as isize)),
            Action::ScrollDown => self.scroll.by(-(scroll::WHEEL as isize)),
            Action::ToggleWhy => self.show_why = !self.show_why,
            Action::ToggleTree => self.show_tree = !self.show_tree,
            Action::AccessGrid => return Handled::Access,
            Action::Back => {
                // Esc first clears a half-typed line (or an open
                // here-document); on an empty one it leaves. Right after a
                // here-document is dropped it does not: a quick double Esc
                // must cost only the here-document.
                if self.pending.take().is_some() {
                    self.input.take();
                    self.esc_dropped = true;
                    self.draft_unsaved = true;
                    self.say(
                        LineKind::Info,
                        "here-document dropped (Esc on the empty line leaves)",
                    );
                    self.scroll.home();
                } else if !self.input.is_empty() {
                    self.input.take();
                    self.draft_unsaved = true;
                } else if dropped {
                    self.esc_dropped = false;
                } else {
                    return Handled::Leave;
                }
            }
            Action::Open => {
                self.history_pos = None;
                let line = self.input.take();
                let prompt = if self.pending.is_some() { ">" } else { "$" };
                self.say(LineKind::Command, &format!("{prompt} {line}"));
                self.scroll.home();
                let command = match self.pending.take() {
                    Some(mut before) => {
                        before.push('\n');
                        before.push_str(&line);
                        before
                    }
                    None => line,
                };
                if lexer::awaits_more(&command) {
                    self.pending = Some(command);
                    return Handled::Nothing;
                }
                return Handled::Run(command);
            }
            _ => {}
        }
        Handled::Nothing
    }

    fn history(&mut self, shell: &Shell, step: isize) {
        let h = &shell.history;
        if h.is_empty() {
            return;
        }
        let pos = match (self.history_pos, step) {
            (None, -1) => {
                self.draft = self.input.text().to_string();
                Some(h.len() - 1)
            }
            // Not in history: Down keeps the line as typed.
            (None, _) => return,
            (Some(0), -1) => Some(0),
            (Some(p), -1) => Some(p - 1),
            (Some(p), _) if p + 1 < h.len() => Some(p + 1),
            (Some(_), _) => None,
        };
        self.history_pos = pos;
        match pos {
            // Here-documents are stored whole; the line shows their first line.
            Some(p) => self.input.set(h[p].lines().next().unwrap_or("")),
            None => {
                let draft = std::mem::take(&mut self.draft);
                self.input.set(&draft);
            }
        }
    }

    fn complete(&mut self, shell: &Shell) {
        let line = self.input.text().to_string();
        let c = shell.complete(&line);
        match c.candidates.len() {
            0 => self.candidates.clear(),
            1 => {
                let mut word = c.candidates[0].clone();
                // A finished word gets its space; a folder-like prefix does not.
                if !word.ends_with('/') && !word.ends_with(':') {
                    word.push(' ');
                }
                self.input.replace_tail(c.start, &word);
                self.candidates.clear();
            }
            _ => {
                let common = common_prefix(&c.candidates);
                if common.len() > line.len() - c.start {
                    self.input.replace_tail(c.start, &common);
                }
                self.candidates = c.candidates;
            }
        }
    }

    /// Opens the editor on a workspace file (a new one when missing).
    fn open_editor(&mut self, shell: &Shell, name: &str) {
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
    fn edit(&mut self, shell: &mut Shell, action: Action) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_become_spaces_to_the_next_stop() {
        assert_eq!(expand_tabs("i-0abc\trunning"), "i-0abc  running");
        assert_eq!(expand_tabs("\tx"), "        x");
        assert_eq!(expand_tabs("12345678\ty"), "12345678        y");
    }

    #[test]
    fn a_here_document_is_typed_line_by_line() {
        let shell = Shell::new(Org::new());
        let mut c = Console::default();
        for ch in "write a.txt <<END".chars() {
            c.handle(&shell, Action::Type(ch));
        }
        assert!(matches!(c.handle(&shell, Action::Open), Handled::Nothing));
        assert!(c.pending.is_some());
        c.handle(&shell, Action::Type('x'));
        assert!(matches!(c.handle(&shell, Action::Open), Handled::Nothing));
        for ch in "END".chars() {
            c.handle(&shell, Action::Type(ch));
        }
        match c.handle(&shell, Action::Open) {
            Handled::Run(cmd) => assert_eq!(cmd, "write a.txt <<END\nx\nEND"),
            _ => panic!("the closed here-document runs"),
        }
        assert!(c.pending.is_none());
    }
}

fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut end = first.len();
    for w in &words[1..] {
        end = first
            .char_indices()
            .zip(w.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(end);
    }
    first[..end].to_string()
}

/// Runs a line in `shell`, through the host for any real file it asks for.
/// Returns the outcome, or `None` for lines the app handles itself.
fn run_line(
    app: &mut App,
    console: &mut Console,
    shell: &mut Shell,
    line: &str,
) -> Option<Outcome> {
    let trimmed = line.trim();
    let mut words = trimmed.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some("edit"), Some(name), None) => {
            console.open_editor(shell, name);
            return None;
        }
        (Some("edit"), _, _) => {
            console.say(
                LineKind::Err,
                "usage: edit NAME   (a workspace file, such as policy.json)",
            );
            return None;
        }
        (Some("clear"), None, _) => {
            console.lines.clear();
            console.unsaved = true;
            return None;
        }
        _ => {}
    }
    let outcome = shell.run(line);
    // A file outside the current folder, or one that exists, is written
    // only after a yes: the command waits for the answer.
    if let Some(why) = outcome
        .effect
        .as_ref()
        .and_then(|e| app.host.needs_asking(e))
    {
        console.pending_write = Some((outcome, why));
        console.asking = Some(Ask::WriteFile);
        console.unsaved = true;
        return Some(Outcome {
            ok: true,
            ..Default::default()
        });
    }
    let outcome = app.host.carry_out(shell, outcome);
    console.show(&outcome);
    // Every command is kept: history and output change even when the
    // organization does not.
    console.unsaved = true;
    Some(outcome)
}

/// The free sandbox: an account of the learner's own, kept under a name.
#[derive(Debug)]
pub struct SandboxView {
    /// The name it is kept under (`default` unless the learner chose one).
    pub name: String,
    pub shell: Shell,
    pub console: Console,
}

const SANDBOX_WELCOME: &str = "An empty AWS account, all yours; you are its administrator. Type AWS \
     CLI commands (aws iam create-user --user-name john), or `help`. Tab completes, Up recalls, \
     F2 shows why the last call was allowed or denied. Everything is kept as you go: leave and \
     come back whenever you like.";

impl SandboxView {
    /// A new, empty sandbox called `name`.
    pub fn new_named(name: &str) -> SandboxView {
        let mut console = Console::default();
        console.say(LineKind::Info, SANDBOX_WELCOME);
        let mut shell = Shell::new(Org::new());
        shell.track_access = true;
        SandboxView {
            name: name.to_string(),
            shell,
            console,
        }
    }

    pub fn new() -> SandboxView {
        SandboxView::new_named(keep::DEFAULT_SANDBOX)
    }

    /// The sandbox kept as `name`, as it was left, or a new one.
    pub fn open(app: &mut App, name: &str) -> SandboxView {
        let work = find_work(app, &Slot::Sandbox(name.to_string()));
        app.progress.sandbox = Some(name.to_string());
        app.mark_progress();
        let Ok(Some(work)) = work else {
            let mut view = SandboxView::new_named(name);
            view.console.unsaved = true;
            view.console.not_kept = work.is_err();
            return view;
        };
        let Restored {
            screen,
            mut shell,
            draft,
        } = work;
        shell.track_access = true;
        let mut console = Console::from_record(&screen);
        console.say(
            LineKind::Info,
            &format!(
                "Welcome back to the sandbox `{name}`, as you left it ({}).",
                plural(shell.history.len(), "command")
            ),
        );
        if let Some(d) = draft {
            console.restore_draft(d);
        }
        SandboxView {
            name: name.to_string(),
            shell,
            console,
        }
    }

    pub fn context(&self) -> Context {
        self.console.context()
    }

    /// Hands the sandbox to the keeper if it changed; what is being typed
    /// only when `typing` (the learner paused).
    pub fn keep(&mut self, keeper: &mut dyn keep::Keeper, typing: bool) -> Result<(), String> {
        let slot = Slot::Sandbox(self.name.clone());
        keep_console(&mut self.console, &self.shell, keeper, &slot, None, typing)
    }
}

impl Default for SandboxView {
    fn default() -> Self {
        SandboxView::new()
    }
}

/// The work kept for `slot`, if any; what the learner should know about
/// it (a damaged save set aside) goes in the notice. An error (a save
/// from a newer iamtutor, a folder that cannot be read) is said too, and
/// the screen must then not keep anything there: it would overwrite work.
fn find_work(app: &mut App, slot: &Slot) -> Result<Option<Restored>, ()> {
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
fn keep_console(
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

pub fn update_sandbox(app: &mut App, view: &mut SandboxView, action: Action) -> Step {
    super::sandbox_shell::equip(&app.course, &mut view.shell);
    if view.console.asking == Some(Ask::WriteFile) {
        view.console
            .answer_write(app.host.as_mut(), &mut view.shell, action);
        return Step::Stay;
    }
    if view.console.asking == Some(Ask::NewSandbox) {
        match action {
            Action::Confirm(true) | Action::Open => {
                view.console.asking = None;
                start_over(app, view);
            }
            Action::Confirm(false) | Action::Back => {
                view.console.asking = None;
                view.console.say(LineKind::Info, "kept as it is");
            }
            _ => {}
        }
        return Step::Stay;
    }
    if view.console.editor.is_some() {
        view.console.edit(&mut view.shell, action);
        return Step::Stay;
    }
    match view.console.handle(&view.shell, action) {
        Handled::Nothing => {}
        Handled::Leave => {
            keep_now(app, |k| view.keep(k, true));
            return Step::Pop;
        }
        Handled::Access => return access_grid(&view.shell),
        Handled::Run(line) => {
            if let Some(step) = sandbox_command(app, view, &line) {
                return step;
            }
            run_line(app, &mut view.console, &mut view.shell, &line);
        }
    }
    Step::Stay
}

/// Keeps a screen's work at once (leaving it, switching sandboxes), and
/// says so when the keeper fails.
fn keep_now(app: &mut App, keep: impl FnOnce(&mut dyn keep::Keeper) -> Result<(), String>) {
    if let Err(e) = keep(app.keeper.as_mut()) {
        app.say(format!("work not saved: {e}"));
    }
}

/// `new`, `reset`, `save NAME` and `open NAME` in the sandbox: they start
/// over or move between sandboxes, which only the app can do. `None` for
/// every other line.
fn sandbox_command(app: &mut App, view: &mut SandboxView, line: &str) -> Option<Step> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let say = |view: &mut SandboxView, kind: LineKind, text: &str| {
        view.console.say(kind, text);
        view.console.unsaved = true;
    };
    match words.as_slice() {
        ["new"] | ["reset"] => {
            view.console.asking = Some(Ask::NewSandbox);
            Some(Step::Stay)
        }
        ["new", name] => {
            if !keep::valid_sandbox_name(name) {
                say(view, LineKind::Err, &bad_name(name));
            } else if app.sandbox_exists(name) {
                say(
                    view,
                    LineKind::Err,
                    &format!(
                        "new: a sandbox named `{name}` exists already: `open {name}` goes there"
                    ),
                );
            } else {
                keep_now(app, |k| view.keep(k, true));
                let mut fresh = SandboxView::new_named(name);
                fresh.console.unsaved = true;
                fresh.console.say(
                    LineKind::Info,
                    &format!(
                        "This is the new sandbox `{name}`; `{}` is kept (`open {}` goes back).",
                        view.name, view.name
                    ),
                );
                app.progress.sandbox = Some(name.to_string());
                app.mark_progress();
                keep_now(app, |k| fresh.keep(k, true));
                app.refresh_sandboxes();
                return Some(Step::Replace(super::Screen::Sandbox(Box::new(fresh))));
            }
            Some(Step::Stay)
        }
        ["save", name] if *name != view.name => {
            if !keep::valid_sandbox_name(name) {
                say(view, LineKind::Err, &bad_name(name));
                return Some(Step::Stay);
            }
            if app.sandbox_exists(name) {
                say(
                    view,
                    LineKind::Err,
                    &format!(
                        "save: a sandbox named `{name}` exists already; pick another name (`open {name}` goes there)"
                    ),
                );
                return Some(Step::Stay);
            }
            // The shell keeps the organization under the name (for
            // `load`), and the keeper keeps the whole sandbox (for `open`).
            run_line(app, &mut view.console, &mut view.shell, line);
            let mut copy = SandboxView {
                name: name.to_string(),
                shell: view.shell.clone(),
                console: Console::from_record(&view.console.record(None)),
            };
            copy.console.unsaved = true;
            keep_now(app, |k| copy.keep(k, false));
            app.refresh_sandboxes();
            say(
                view,
                LineKind::Info,
                &format!(
                    "The whole sandbox is kept as `{name}` too: `open {name}` switches to it, home lists it."
                ),
            );
            Some(Step::Stay)
        }
        ["open"] => {
            app.refresh_sandboxes();
            let names: Vec<String> = app
                .sandboxes
                .iter()
                .map(|s| {
                    if s.name == view.name {
                        format!("{} (this one)", s.name)
                    } else {
                        s.name.clone()
                    }
                })
                .collect();
            let text = if names.is_empty() {
                "Only this sandbox so far: `save NAME` keeps a copy, `new NAME` starts another."
                    .to_string()
            } else {
                format!("Sandboxes: {}. `open NAME` switches.", names.join(", "))
            };
            say(view, LineKind::Out, &text);
            Some(Step::Stay)
        }
        ["open", name] if *name == view.name => {
            say(
                view,
                LineKind::Info,
                &format!("open: you are in `{name}` already"),
            );
            Some(Step::Stay)
        }
        ["open", name] => {
            if !app.sandbox_exists(name) {
                say(
                    view,
                    LineKind::Err,
                    &format!(
                        "open: no sandbox named `{name}`; `open` lists them, `new {name}` makes one"
                    ),
                );
                return Some(Step::Stay);
            }
            keep_now(app, |k| view.keep(k, true));
            let other = SandboxView::open(app, name);
            Some(Step::Replace(super::Screen::Sandbox(Box::new(other))))
        }
        ["open", ..] | ["new", ..] => {
            say(
                view,
                LineKind::Err,
                "usage: open [NAME] (switch sandboxes), new [NAME] (start an empty one)",
            );
            Some(Step::Stay)
        }
        _ => None,
    }
}

fn bad_name(name: &str) -> String {
    format!(
        "`{name}` cannot name a sandbox: use 1 to 40 letters, digits, `-`, `_` or `.`, not starting with `.`"
    )
}

/// `new` (or `reset`) confirmed: the account is empty again, as the
/// sandbox started; undo brings the organization back.
fn start_over(app: &mut App, view: &mut SandboxView) {
    let outcome = view.shell.run("reset");
    let outcome = app.host.carry_out(&mut view.shell, outcome);
    view.console.show(&outcome);
    if view.shell.acting != crate::shell::identity::Acting::Admin {
        let o = view.shell.run("as admin");
        view.console.show(&o);
    }
    view.console.unsaved = true;
}

/// A lab: the sandbox with a story and goals.
#[derive(Debug)]
pub struct LabView {
    pub session: LabSession,
    pub console: Console,
    /// The hints shown so far, in order.
    pub hints: Vec<String>,
    /// The lab was solved during this visit (said once).
    pub solved_said: bool,
    /// The lab after this one, offered when it is solved.
    pub next: Option<String>,
    /// Commands run during this visit: looking at a lab is not trying it.
    pub commands_this_visit: usize,
    /// The goals pane: F7 to pick a goal and see why.
    pub goals: super::lab_goals::GoalsPane,
}

impl LabView {
    pub fn open(app: &mut App, id: &str) -> Result<LabView, String> {
        let (_, lab) = app
            .course
            .lab(id)
            .ok_or_else(|| format!("there is no lab `{id}`"))?;
        let lab = lab.clone();
        let next = app.course.next_lab(id).map(|l| l.id.clone());
        let fingerprint = keep::fingerprint(&lab);
        let work = find_work(app, &Slot::Lab(id.to_string()));
        app.progress.lab_started(id);
        app.mark_progress();
        let not_kept = work.is_err();
        if let Ok(Some(work)) = work
            && let Some(record) = work.screen.lab.clone()
            && record.fingerprint == fingerprint
        {
            return Ok(LabView::resume(&lab, work, record, next));
        }
        let course = &app.course;
        let mut session = LabSession::new(&lab, &|n| course.org(n))?;
        session.shell.track_access = true;
        let mut console = Console {
            show_tree: false,
            ..Console::default()
        };
        console.say(LineKind::Out, &lab.story);
        console.say(LineKind::Out, "");
        console.say(LineKind::Info, &super::lab_goals::intro(&lab));
        console.unsaved = true;
        console.not_kept = not_kept;
        Ok(LabView {
            session,
            console,
            hints: Vec::new(),
            solved_said: false,
            next,
            commands_this_visit: 0,
            goals: Default::default(),
        })
    }

    /// A lab as the learner left it.
    fn resume(
        lab: &crate::content::schema::Lab,
        work: Restored,
        record: LabRecord,
        next: Option<String>,
    ) -> LabView {
        let Restored {
            screen,
            mut shell,
            draft,
        } = work;
        shell.track_access = true;
        let hints_shown = record.hints.len().min(lab.hints.len());
        let session = LabSession::resume(
            lab,
            shell,
            hints_shown,
            record.commands,
            record.solution_shown,
        );
        let mut console = Console::from_record(&screen);
        let met = session.met.iter().filter(|m| **m).count();
        console.say(
            LineKind::Info,
            &format!(
                "Welcome back: the lab is as you left it ({}, {met} of {} goals met). \
                 `reset` starts over.",
                plural(session.commands, "command"),
                session.met.len()
            ),
        );
        if let Some(d) = draft {
            console.restore_draft(d);
        }
        LabView {
            session,
            console,
            hints: record.hints,
            solved_said: record.solved_said,
            next,
            commands_this_visit: 0,
            goals: Default::default(),
        }
    }

    pub fn context(&self) -> Context {
        match self.console.context() {
            Context::Console => self.goals.context().unwrap_or(Context::LabConsole),
            other => other,
        }
    }

    /// Hands the lab to the keeper if it changed (see `SandboxView::keep`).
    pub fn keep(&mut self, keeper: &mut dyn keep::Keeper, typing: bool) -> Result<(), String> {
        let s = &self.session;
        let record = LabRecord {
            fingerprint: keep::fingerprint(&s.lab),
            hints: self.hints.clone(),
            commands: s.commands,
            solution_shown: s.solution_shown,
            solved_said: self.solved_said,
        };
        let slot = Slot::Lab(s.lab.id.clone());
        keep_console(
            &mut self.console,
            &s.shell,
            keeper,
            &slot,
            Some(record),
            typing,
        )
    }

    fn hint(&mut self) {
        let of = self.session.lab.hints.len();
        match self.session.next_hint().map(str::to_string) {
            Some(h) => {
                let n = self.session.hints_shown;
                self.console
                    .say(LineKind::Info, &format!("hint {n}/{of}: {h}"));
                self.hints.push(h);
            }
            None => self.console.say(
                LineKind::Info,
                "no more hints: F5 (or `solution`) shows the reference solution",
            ),
        }
        self.console.scroll.home();
        self.console.unsaved = true;
    }

    fn show_solution(&mut self) {
        let lines = self.session.solution().to_vec();
        self.console.say(
            LineKind::Info,
            "the reference solution, one command a line:",
        );
        for l in lines {
            self.console.say(LineKind::Info, &format!("  {l}"));
        }
        self.console.scroll.home();
        self.console.unsaved = true;
    }
}

pub fn update_lab(app: &mut App, view: &mut LabView, action: Action) -> Step {
    super::sandbox_shell::equip(&app.course, &mut view.session.shell);
    if view.console.asking == Some(Ask::WriteFile) {
        view.console
            .answer_write(app.host.as_mut(), &mut view.session.shell, action);
        return Step::Stay;
    }
    match view.console.asking {
        Some(Ask::Solution) => {
            match action {
                Action::Confirm(true) | Action::Open => {
                    view.console.asking = None;
                    view.show_solution();
                }
                Action::Confirm(false) | Action::Back => view.console.asking = None,
                _ => {}
            }
            return Step::Stay;
        }
        Some(Ask::ResetLab) => {
            match action {
                Action::Confirm(true) | Action::Open => {
                    view.console.asking = None;
                    after_command(app, view, "reset");
                    view.console.say(
                        LineKind::Info,
                        "The lab is back at its start. `undo` brings your work back.",
                    );
                }
                Action::Confirm(false) | Action::Back => {
                    view.console.asking = None;
                    view.console.say(LineKind::Info, "kept as it is");
                }
                _ => {}
            }
            return Step::Stay;
        }
        _ => {}
    }
    if view.console.editor.is_some() {
        view.console.edit(&mut view.session.shell, action);
        return Step::Stay;
    }
    let Some(action) = super::lab_goals::update(view, action) else {
        return Step::Stay;
    };
    match action {
        Action::Hint => {
            view.hint();
            return Step::Stay;
        }
        Action::Solution => {
            view.console.asking = Some(Ask::Solution);
            return Step::Stay;
        }
        Action::Open if view.solved_said && view.console.input.is_empty() => {
            // Solved: Enter on an empty line goes on to the next lab.
            keep_now(app, |k| view.keep(k, true));
            return match view.next.clone() {
                Some(next) => match LabView::open(app, &next) {
                    Ok(v) => Step::Replace(super::Screen::Lab(Box::new(v))),
                    Err(e) => {
                        app.say(e);
                        Step::Stay
                    }
                },
                None => Step::Pop,
            };
        }
        _ => {}
    }
    let line = match view.console.handle(&view.session.shell, action) {
        Handled::Nothing => return Step::Stay,
        Handled::Leave => {
            keep_now(app, |k| view.keep(k, true));
            leave_lab(app, view);
            return Step::Pop;
        }
        Handled::Access => return access_grid(&view.session.shell),
        Handled::Run(line) => line,
    };
    if super::lab_goals::command(view, &line) {
        view.console.unsaved = true;
        return Step::Stay;
    }
    match line.trim() {
        "hint" => {
            view.hint();
            return Step::Stay;
        }
        "solution" => {
            view.console.asking = Some(Ask::Solution);
            return Step::Stay;
        }
        "reset" => {
            view.console.asking = Some(Ask::ResetLab);
            return Step::Stay;
        }
        l if l == "new" || l.starts_with("new ") || l == "open" || l.starts_with("open ") => {
            view.console.say(
                LineKind::Err,
                "new and open move between sandboxes (`s` on home); in a lab, `reset` starts over",
            );
            view.console.unsaved = true;
            return Step::Stay;
        }
        _ => {}
    }
    after_command(app, view, &line);
    Step::Stay
}

/// Runs a line in the lab and re-checks its goals.
fn after_command(app: &mut App, view: &mut LabView, line: &str) {
    // Lines the app handles itself (edit, clear) change no goal.
    let shell = &mut view.session.shell;
    if run_line(app, &mut view.console, shell, line).is_none() {
        return;
    }
    view.commands_this_visit += 1;
    let progress = view.session.recheck_after(line);
    for i in &progress.newly_met {
        let text = view.session.lab.goals[*i].text.clone();
        view.console
            .say(LineKind::Good, &format!("✓ goal met: {text}"));
    }
    for i in &progress.newly_lost {
        let text = view.session.lab.goals[*i].text.clone();
        view.console
            .say(LineKind::Err, &format!("✗ goal lost: {text}"));
    }
    if view.session.solved() && !view.solved_said {
        view.solved_said = true;
        let s = &view.session;
        let id = s.lab.id.clone();
        let par = if s.met_par() {
            " within par".to_string()
        } else {
            String::new()
        };
        let mut msg = format!(
            "★ Lab solved{par}: every goal is met, in {}.",
            plural(s.commands, "command")
        );
        msg.push_str(match &view.next {
            Some(_) => " Press Enter on an empty line for the next lab, Esc to leave.",
            None => " That was the last lab. Esc to leave.",
        });
        let (hints, shown, met_par) = (s.hints_shown, s.solution_shown, s.met_par());
        view.console.say(LineKind::Good, &msg);
        app.progress.lab_result(&id, hints, shown, met_par);
        app.progress.lab_solved_in(&id, view.session.commands);
        app.mark_progress();
    }
}

/// Leaving a lab that was tried but not solved: its unmet goals come
/// back in review. Only a visit that ran commands counts as trying, and
/// a lab solved before is never reviewed for being looked at.
fn leave_lab(app: &mut App, view: &LabView) {
    let id = view.session.lab.id.clone();
    let solved_before = app.progress.labs.get(&id).is_some_and(|l| l.solved);
    if view.commands_this_visit == 0 || view.session.solved() || solved_before {
        return;
    }
    for (i, met) in view.session.met.iter().enumerate() {
        if !met {
            review::add(
                &mut app.progress.review,
                CardKind::LabGoal(id.clone(), i),
                app.today,
            );
        }
    }
    app.mark_progress();
}

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
    super::sandbox_shell::equip(&app.course, shell);
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
