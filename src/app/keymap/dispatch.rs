//! Terminal events to actions, through the tables: keys, the mouse, a
//! paste, a resize.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::Key::{
    self, Backspace, Char, Ctrl, Delete, Digits, Down, End, Enter, Esc, F, Grades, Home, Left,
    PageDown, PageUp, Right, Tab, Text, Up,
};
use super::bindings;
use crate::app::{Action, App, HitMap, KeyScope, Target};

/// The table's key for a key event, if the event is one the table names.
fn key_of(k: &KeyEvent) -> Option<Key> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    Some(match k.code {
        KeyCode::Char(c) if ctrl => Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) => Char(c),
        KeyCode::Enter => Enter,
        KeyCode::Esc => Esc,
        KeyCode::Left => Left,
        KeyCode::Right => Right,
        KeyCode::Up => Up,
        KeyCode::Down => Down,
        KeyCode::Tab => Tab,
        KeyCode::Backspace => Backspace,
        KeyCode::Delete => Delete,
        KeyCode::PageUp => PageUp,
        KeyCode::PageDown => PageDown,
        KeyCode::Home => Home,
        KeyCode::End => End,
        KeyCode::F(n) => F(n),
        _ => return None,
    })
}

/// The action a key means in `scope`.
pub fn action_for_key(scope: KeyScope, key: Key) -> Option<Action> {
    for binding in bindings(scope) {
        for k in binding.keys {
            if *k == key {
                return Some(binding.action.clone());
            }
            match (k, key) {
                (Digits, Char(c @ '1'..='9')) | (Grades, Char(c @ '1'..='4')) => {
                    return Some(Action::Pick(c as usize - '1' as usize));
                }
                (Text, Char(c)) => return Some(Action::Type(c)),
                _ => {}
            }
        }
    }
    None
}

/// The actions an event means for the app as it is now (a paste is one
/// typed character after another). `hits` is where the last frame drew
/// clickable things.
pub fn actions_for(app: &App, event: &Event, hits: &HitMap) -> Vec<Action> {
    // Behind the "too small" notice nothing can be seen, so nothing may
    // happen: only a resize, and Ctrl-C to quit (work is kept).
    if hits.too_small {
        return match event {
            Event::Resize(..) => vec![Action::Resize],
            Event::Key(k) if k.kind != KeyEventKind::Release && key_of(k) == Some(Ctrl('c')) => {
                vec![Action::Quit]
            }
            _ => Vec::new(),
        };
    }
    let scope = app.key_scope();
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            let Some(key) = key_of(k) else {
                return Vec::new();
            };
            if let Some(action) = action_for_key(scope, key) {
                return vec![action];
            }
            // The editor takes every other key as editing.
            if scope == KeyScope::Editor {
                return vec![Action::Edit((*k).into())];
            }
            Vec::new()
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollUp => vec![wheel(hits, m.column, m.row, true)],
            MouseEventKind::ScrollDown => vec![wheel(hits, m.column, m.row, false)],
            MouseEventKind::Down(MouseButton::Left) => hits
                .at(m.column, m.row)
                .map(Action::Click)
                .into_iter()
                .collect(),
            _ => Vec::new(),
        },
        Event::Resize(..) => vec![Action::Resize],
        Event::Paste(text) => match scope {
            // Lines of a paste join with spaces on a one-line field.
            KeyScope::Console
            | KeyScope::LabConsole
            | KeyScope::LabGoals
            | KeyScope::LabGoalWhy
            | KeyScope::QuizText
            | KeyScope::InterviewAsk
            | KeyScope::InterviewLive => text
                .chars()
                .map(|c| Action::Type(if c == '\n' || c == '\r' { ' ' } else { c }))
                .collect(),
            KeyScope::Editor => text
                .chars()
                .filter(|c| *c != '\r')
                .map(|c| {
                    Action::Edit(ratatui_textarea::Input {
                        key: if c == '\n' {
                            ratatui_textarea::Key::Enter
                        } else {
                            ratatui_textarea::Key::Char(c)
                        },
                        ..Default::default()
                    })
                })
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The wheel scrolls what is under the pointer: a lab's goals pane scrolls
/// on its own, everything else as the screen does.
fn wheel(hits: &HitMap, column: u16, row: u16, up: bool) -> Action {
    match (hits.at(column, row), up) {
        (Some(Target::Goal(_) | Target::GoalsPane), true) => Action::ScrollGoalsUp,
        (Some(Target::Goal(_) | Target::GoalsPane), false) => Action::ScrollGoalsDown,
        (_, true) => Action::ScrollUp,
        (_, false) => Action::ScrollDown,
    }
}
