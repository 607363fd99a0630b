//! Colours and emphasis. Every meaning also has a symbol or a word, so
//! with `NO_COLOR` (only modifiers) nothing is lost.

use ratatui::style::{Color, Modifier, Style};

use crate::app::ThemeName;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub base: Style,
    pub title: Style,
    pub accent: Style,
    pub muted: Style,
    pub good: Style,
    pub bad: Style,
    pub warn: Style,
    /// Keys in the footer and help, `[Key]` in prose.
    pub key: Style,
    /// `code` in prose and commands in the sandbox.
    pub code: Style,
    /// *Key terms* in prose.
    pub term: Style,
    pub selected: Style,
    pub border: Style,
    /// True without colour: drawing keeps the marks (backquotes) that
    /// colour would otherwise stand for.
    pub plain: bool,
}

impl Theme {
    pub fn new(name: ThemeName, no_color: bool) -> Theme {
        let bold = Modifier::BOLD;
        if no_color {
            let s = Style::default();
            return Theme {
                base: s,
                title: s.add_modifier(bold),
                accent: s.add_modifier(bold),
                muted: s,
                good: s.add_modifier(bold),
                bad: s.add_modifier(bold),
                warn: s.add_modifier(bold),
                key: s.add_modifier(bold),
                code: s,
                term: s.add_modifier(bold),
                selected: s.add_modifier(Modifier::REVERSED),
                border: s,
                plain: true,
            };
        }
        let fg = |c: Color| Style::default().fg(c);
        match name {
            ThemeName::Dark => Theme {
                base: Style::default(),
                title: fg(Color::LightCyan).add_modifier(bold),
                accent: fg(Color::LightCyan),
                muted: fg(Color::Gray),
                good: fg(Color::LightGreen).add_modifier(bold),
                bad: fg(Color::LightRed).add_modifier(bold),
                warn: fg(Color::Yellow).add_modifier(bold),
                key: fg(Color::Yellow).add_modifier(bold),
                code: fg(Color::LightGreen),
                term: fg(Color::LightYellow).add_modifier(bold),
                selected: Style::default()
                    .bg(Color::Blue)
                    .fg(Color::White)
                    .add_modifier(bold),
                border: fg(Color::DarkGray),
                plain: false,
            },
            ThemeName::Light => Theme {
                base: Style::default(),
                title: fg(Color::Blue).add_modifier(bold),
                accent: fg(Color::Blue),
                muted: fg(Color::DarkGray),
                good: fg(Color::Green).add_modifier(bold),
                bad: fg(Color::Red).add_modifier(bold),
                warn: fg(Color::Magenta).add_modifier(bold),
                key: fg(Color::Magenta).add_modifier(bold),
                code: fg(Color::Green),
                term: fg(Color::Blue).add_modifier(bold),
                selected: Style::default()
                    .bg(Color::Cyan)
                    .fg(Color::Black)
                    .add_modifier(bold),
                // Grey lines on a light background all but vanish.
                border: fg(Color::DarkGray),
                plain: false,
            },
            ThemeName::HighContrast => {
                let base = Style::default().bg(Color::Black).fg(Color::White);
                Theme {
                    base,
                    title: base
                        .fg(Color::White)
                        .add_modifier(bold | Modifier::UNDERLINED),
                    accent: base.fg(Color::LightCyan).add_modifier(bold),
                    muted: base.fg(Color::White),
                    good: base.fg(Color::LightGreen).add_modifier(bold),
                    bad: base.fg(Color::LightRed).add_modifier(bold),
                    warn: base.fg(Color::LightYellow).add_modifier(bold),
                    key: base.fg(Color::LightYellow).add_modifier(bold),
                    code: base.fg(Color::LightGreen).add_modifier(bold),
                    term: base.fg(Color::LightYellow).add_modifier(bold),
                    selected: Style::default()
                        .bg(Color::White)
                        .fg(Color::Black)
                        .add_modifier(bold),
                    border: base.fg(Color::White),
                    plain: false,
                }
            }
        }
    }
}
