//! The one table of keys. `action_for` turns terminal events into actions
//! from it; help and the footer are drawn from it too, so what they say is
//! what the keys do.

mod dispatch;
mod footer;
mod rows;
mod screens;
#[cfg(test)]
mod table_tests;

use super::{Action, Context};

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

/// Every binding that applies in `context`, in table order.
pub fn bindings(context: Context) -> impl Iterator<Item = &'static Binding> {
    tables(context).into_iter().flatten()
}
