//! The command line's keys (editing, history, completion, here-documents,
//! Esc) and running what it sends through the shell and the host.

use super::{Ask, Console, LineKind};
use crate::app::scroll;
use crate::app::{Action, App};
use crate::shell::{Outcome, Shell, lexer};

/// What the console asks of its screen after an action.
pub(super) enum Handled {
    Nothing,
    /// A command line to run (already echoed).
    Run(String),
    Leave,
    /// Open the access grid on the organization as it is now.
    Access,
}

impl Console {
    pub(super) fn handle(&mut self, shell: &Shell, action: Action) -> Handled {
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
pub(super) fn run_line(
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

#[cfg(test)]
mod tests {
    use super::{Console, Handled};
    use crate::app::Action;
    use crate::iam::model::Org;
    use crate::shell::Shell;

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
