//! The sandbox on screen, alone or as a lab: a command line with history
//! and completion, scrollback, the "why?" pane, the organization tree, and
//! a small editor for the workspace's policy files. A lab adds its goal
//! checklist, the hint ladder and the solution behind a confirmation.

use std::cell::Cell;

use ratatui_textarea::{Input, Key, TextArea};

use super::access::AccessView;
use super::line::LineInput;
use super::{Action, App, Context, Step};
use crate::iam::json;
use crate::iam::model::Org;
use crate::learn::lab::LabSession;
use crate::learn::review::{self, CardKind};
use crate::shell::{Outcome, Shell, lexer};

/// How scrollback lines are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Lines scrolled up from the bottom.
    pub scroll: usize,
    pub max_scroll: Cell<usize>,
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
    /// F2 and F3 over the console when the screen is too narrow for panes.
    pub panes: super::narrow_panes::NarrowPanes,
}

/// `edit NAME`: a workspace file open for editing.
#[derive(Debug)]
pub struct Editor {
    pub name: String,
    pub area: TextArea<'static>,
    /// Why the last save was refused, with the position.
    pub error: Option<String>,
}

/// Scrollback kept, in lines: enough for a long session, bounded.
const SCROLLBACK: usize = 5000;

impl Default for Console {
    fn default() -> Self {
        Console {
            input: LineInput::default(),
            lines: Vec::new(),
            scroll: 0,
            max_scroll: Cell::new(0),
            history_pos: None,
            draft: String::new(),
            candidates: Vec::new(),
            pending: None,
            show_why: false,
            show_tree: true,
            editor: None,
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
        }
        self.scroll = 0;
    }

    pub fn context(&self) -> Context {
        if self.editor.is_some() {
            Context::Editor
        } else {
            Context::Console
        }
    }

    fn handle(&mut self, shell: &Shell, action: Action) -> Handled {
        self.scroll = self.scroll.min(self.max_scroll.get());
        if !matches!(action, Action::Complete) {
            self.candidates.clear();
        }
        if self.panes.handle(&action) {
            return Handled::Nothing;
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
            Action::PageUp | Action::ScrollUp => {
                let step = if action == Action::PageUp { 10 } else { 3 };
                self.scroll = (self.scroll + step).min(self.max_scroll.get());
            }
            Action::PageDown | Action::ScrollDown => {
                let step = if action == Action::PageDown { 10 } else { 3 };
                self.scroll = self.scroll.saturating_sub(step);
            }
            Action::ToggleWhy => self.show_why = !self.show_why,
            Action::ToggleTree => self.show_tree = !self.show_tree,
            Action::AccessGrid => return Handled::Access,
            Action::Back => {
                // Esc first clears a half-typed line (or an open
                // here-document); on an empty one it leaves.
                if self.pending.take().is_some() {
                    self.input.take();
                    self.say(LineKind::Info, "here-document dropped");
                } else if self.input.is_empty() {
                    return Handled::Leave;
                } else {
                    self.input.take();
                }
            }
            Action::Open => {
                self.history_pos = None;
                let line = self.input.take();
                let prompt = if self.pending.is_some() { ">" } else { "$" };
                self.say(LineKind::Command, &format!("{prompt} {line}"));
                self.scroll = 0;
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
            error: None,
        });
    }

    /// Keys while the editor is open. Returns true when it closed.
    fn edit(&mut self, shell: &mut Shell, action: Action) -> bool {
        let Some(ed) = self.editor.as_mut() else {
            return true;
        };
        match action {
            Action::Save => {
                let text = ed.area.lines().join("\n") + "\n";
                if looks_like_json(&ed.name, &text)
                    && let Err(e) = json::parse(&text)
                {
                    ed.error = Some(format!(
                        "not saved: line {}, column {}: {}",
                        e.pos.line, e.pos.col, e.message
                    ));
                    return false;
                }
                let name = ed.name.clone();
                let count = ed.area.lines().len();
                shell.files.insert(name.clone(), text);
                self.editor = None;
                let count = plural(count, "line");
                self.say(LineKind::Info, &format!("saved {name} ({count})"));
                true
            }
            Action::Back => {
                let name = ed.name.clone();
                self.editor = None;
                self.say(LineKind::Info, &format!("closed {name} without saving"));
                true
            }
            Action::Edit(input) => {
                ed.area.input(input);
                ed.error = None;
                false
            }
            // Actions the keymap made of editing keys come back as keys.
            other => {
                if let Some(input) = as_input(&other) {
                    ed.area.input(input);
                    ed.error = None;
                }
                false
            }
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
            return None;
        }
        _ => {}
    }
    let outcome = shell.run(line);
    let outcome = app.host.carry_out(shell, outcome);
    console.show(&outcome);
    Some(outcome)
}

/// The free sandbox: an empty account, as its administrator.
#[derive(Debug)]
pub struct SandboxView {
    pub shell: Shell,
    pub console: Console,
}

impl SandboxView {
    pub fn new() -> SandboxView {
        let mut console = Console::default();
        console.say(
            LineKind::Info,
            "An empty AWS account, all yours; you are its administrator. Type AWS CLI commands \
             (aws iam create-user --user-name john), or `help`. Tab completes, Up recalls, \
             F2 shows why the last call was allowed or denied.",
        );
        let mut shell = Shell::new(Org::new());
        shell.track_access = true;
        SandboxView { shell, console }
    }

    pub fn context(&self) -> Context {
        self.console.context()
    }
}

impl Default for SandboxView {
    fn default() -> Self {
        SandboxView::new()
    }
}

pub fn update_sandbox(app: &mut App, view: &mut SandboxView, action: Action) -> Step {
    super::sandbox_shell::equip(&app.course, &mut view.shell);
    if view.console.editor.is_some() {
        view.console.edit(&mut view.shell, action);
        return Step::Stay;
    }
    match view.console.handle(&view.shell, action) {
        Handled::Nothing => {}
        Handled::Leave => return Step::Pop,
        Handled::Access => return access_grid(&view.shell),
        Handled::Run(line) => {
            run_line(app, &mut view.console, &mut view.shell, &line);
        }
    }
    Step::Stay
}

/// A lab: the sandbox with a story and goals.
#[derive(Debug)]
pub struct LabView {
    pub session: LabSession,
    pub console: Console,
    /// The hints shown so far, in order.
    pub hints: Vec<String>,
    /// Asking whether to show the reference solution.
    pub confirming: bool,
    /// The lab was solved during this visit (said once).
    pub solved_said: bool,
    /// The lab after this one, offered when it is solved.
    pub next: Option<String>,
}

impl LabView {
    pub fn open(app: &mut App, id: &str) -> Result<LabView, String> {
        let (_, lab) = app
            .course
            .lab(id)
            .ok_or_else(|| format!("there is no lab `{id}`"))?;
        let lab = lab.clone();
        let course = &app.course;
        let mut session = LabSession::new(&lab, &|n| course.org(n))?;
        session.shell.track_access = true;
        let next = app.course.next_lab(id).map(|l| l.id.clone());
        let mut console = Console {
            show_tree: false,
            ..Console::default()
        };
        console.say(LineKind::Out, &lab.story);
        console.say(LineKind::Out, "");
        console.say(
            LineKind::Info,
            "The goals on the right are checked after every command. \
             Type `hint` (or F4) for a hint, `solution` (or F5) for the answer.",
        );
        app.progress.lab_started(id);
        app.mark_progress();
        Ok(LabView {
            session,
            console,
            hints: Vec::new(),
            confirming: false,
            solved_said: false,
            next,
        })
    }

    pub fn context(&self) -> Context {
        if self.confirming {
            Context::Confirm
        } else if self.console.editor.is_some() {
            Context::Editor
        } else {
            Context::LabConsole
        }
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
        self.console.scroll = 0;
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
        self.console.scroll = 0;
    }
}

pub fn update_lab(app: &mut App, view: &mut LabView, action: Action) -> Step {
    super::sandbox_shell::equip(&app.course, &mut view.session.shell);
    if view.confirming {
        match action {
            Action::Confirm(true) | Action::Open => {
                view.confirming = false;
                view.show_solution();
            }
            Action::Confirm(false) | Action::Back => view.confirming = false,
            _ => {}
        }
        return Step::Stay;
    }
    if view.console.editor.is_some() {
        view.console.edit(&mut view.session.shell, action);
        return Step::Stay;
    }
    match action {
        Action::Hint => {
            view.hint();
            return Step::Stay;
        }
        Action::Solution => {
            view.confirming = true;
            return Step::Stay;
        }
        Action::Open if view.solved_said && view.console.input.is_empty() => {
            // Solved: Enter on an empty line goes on to the next lab.
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
            leave_lab(app, view);
            return Step::Pop;
        }
        Handled::Access => return access_grid(&view.session.shell),
        Handled::Run(line) => line,
    };
    match line.trim() {
        "hint" => {
            view.hint();
            return Step::Stay;
        }
        "solution" => {
            view.confirming = true;
            return Step::Stay;
        }
        _ => {}
    }
    // Lines the app handles itself (edit, clear) change no goal.
    let shell = &mut view.session.shell;
    if run_line(app, &mut view.console, shell, &line).is_none() {
        return Step::Stay;
    }
    let progress = view.session.recheck_after(&line);
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
        app.mark_progress();
    }
    Step::Stay
}

/// Leaving a lab that was tried but not solved: its unmet goals come
/// back in review.
fn leave_lab(app: &mut App, view: &LabView) {
    if view.session.commands == 0 || view.session.solved() {
        return;
    }
    let id = view.session.lab.id.clone();
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

/// "1 command", "3 commands".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
