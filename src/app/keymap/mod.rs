//! The one table of keys. `action_for` turns terminal events into actions
//! from it; help and the footer are drawn from it too, so what they say is
//! what the keys do.

mod dispatch;
mod footer;
mod rows;
mod screens;
#[cfg(test)]
mod table_tests;

use super::{Action, KeyScope};

pub use dispatch::{action_for_key, actions_for};
pub use footer::{FOOTER_GAP, footer, footer_fit};
pub use screens::tables;

/// A key as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Enter,
    Esc,
    Left,
    Right,
    Up,
    Down,
    Tab,
    Backspace,
    Delete,
    PageUp,
    PageDown,
    Home,
    End,
    F(u8),
    /// Any of 1 to 9: picks that option.
    Digits,
    /// Any of 1 to 4: a grade, Again to Easy.
    Grades,
    /// Any printable character: typed.
    Text,
}

impl Key {
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Enter => "Enter".into(),
            Key::Esc => "Esc".into(),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::Tab => "Tab".into(),
            Key::Backspace => "Backspace".into(),
            Key::Delete => "Del".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
            Key::Home => "Home".into(),
            Key::End => "End".into(),
            Key::F(n) => format!("F{n}"),
            Key::Digits => "1-9".into(),
            Key::Grades => "1-4".into(),
            Key::Text => "letters".into(),
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    /// What it does, for help.
    pub does: &'static str,
    /// A word or two for the footer; empty keeps it out of the footer.
    pub short: &'static str,
}

const fn b(
    keys: &'static [Key],
    action: Action,
    does: &'static str,
    short: &'static str,
) -> Binding {
    Binding {
        keys,
        action,
        does,
        short,
    }
}

// Rows whose keys and action are the same on every screen that has them:
// only the words change, so a table says only the words. A row that binds
// other keys to the same action (the jump list's bare Home) spells itself
// out with `b`.

/// ↑ or k: up a row, a line or a choice.
const fn up(does: &'static str) -> Binding {
    b(&[Key::Up, Key::Char('k')], Action::Up, does, "")
}

/// ↓ or j: down; its footer word stands for the pair (shown as ↑↓).
const fn down(does: &'static str, short: &'static str) -> Binding {
    b(&[Key::Down, Key::Char('j')], Action::Down, does, short)
}

const fn page_up(does: &'static str) -> Binding {
    b(&[Key::PageUp], Action::PageUp, does, "")
}

const fn page_down(does: &'static str, short: &'static str) -> Binding {
    b(&[Key::PageDown], Action::PageDown, does, short)
}

/// Home or g: to the first of a list, or the top of a page.
const fn first(does: &'static str) -> Binding {
    b(&[Key::Home, Key::Char('g')], Action::First, does, "")
}

/// End or G: to the last, or the bottom.
const fn last(does: &'static str) -> Binding {
    b(&[Key::End, Key::Char('G')], Action::Last, does, "")
}

/// Any printable character, typed into the screen's field.
const fn typed(does: &'static str) -> Binding {
    b(&[Key::Text], Action::Type(' '), does, "")
}

/// Esc or q: back, in the words of what is left.
const fn leave(does: &'static str, short: &'static str) -> Binding {
    b(&[Key::Esc, Key::Char('q')], Action::Back, does, short)
}

/// Enter: the screen's main act.
const fn enter(does: &'static str, short: &'static str) -> Binding {
    b(&[Key::Enter], Action::Open, does, short)
}

/// 1 to 9: that option.
const fn pick(does: &'static str, short: &'static str) -> Binding {
    b(&[Key::Digits], Action::Pick(0), does, short)
}

/// Space: tick the highlighted option.
const fn toggle(does: &'static str, short: &'static str) -> Binding {
    b(&[Key::Char(' ')], Action::Toggle, does, short)
}

/// The keys that go on through a lesson: a scene, a page, the next lesson.
const NEXT: &[Key] = &[Key::Right, Key::Char(' '), Key::Char('l'), Key::Char('n')];

/// Every binding that applies in `scope`, in table order.
pub fn bindings(scope: KeyScope) -> impl Iterator<Item = &'static Binding> {
    tables(scope).into_iter().flatten()
}
