//! Row groups that several screens share, chained into their tables by
//! `tables` in the place each screen lists them, so a key means one thing
//! in the same words wherever it reads, moves, edits or leaves.

use super::Key::{
    Backspace, Char, Ctrl, Delete, Down, End, Enter, Esc, F, Home, Left, Right, Tab, Up,
};
use super::{Binding, b, down, leave, page_down, page_up, up};
use crate::app::Action;

/// Keys that work everywhere, listed after each screen's own.
pub(super) static EVERYWHERE: &[Binding] = &[
    b(&[F(1)], Action::Help, "help for this screen", ""),
    b(
        &[Ctrl('c')],
        Action::Interrupt,
        "clear the line; with nothing typed, quit (work is kept)",
        "",
    ),
];

/// Help on `?` where `?` is not typed.
pub(super) static HELP_KEY: &[Binding] = &[b(
    &[Char('?')],
    Action::Help,
    "help for this screen",
    "help",
)];

/// Reading: the arrows scroll a line, named in the footer.
pub(super) static SCROLL_LINES: &[Binding] = &[up("scroll up"), down("scroll down", "scroll")];

/// The same, left out of a footer that needs its room for more.
pub(super) static SCROLL_LINES_UNNAMED: &[Binding] = &[up("scroll up"), down("scroll down", "")];

/// Reading: the page keys scroll a page.
pub(super) static SCROLL_PAGES: &[Binding] = &[
    page_up("scroll up a page"),
    page_down("scroll down a page", ""),
];

/// Moving through a list: a row, or a page, at a time.
pub(super) static MOVE: &[Binding] = &[
    up("move up"),
    down("move down", "move"),
    page_up("move up a page"),
    page_down("move down a page", ""),
];

/// A command line's completion and history.
pub(super) static COMMAND_RECALL: &[Binding] = &[
    b(
        &[Tab],
        Action::Complete,
        "complete the word (twice lists the choices)",
        "complete",
    ),
    b(
        &[Up],
        Action::HistoryPrev,
        "the previous command",
        "history",
    ),
    b(&[Down], Action::HistoryNext, "the next command", ""),
];

/// Editing a one-line field: the cursor and deleting.
pub(super) static LINE_EDIT: &[Binding] = &[
    b(&[Left], Action::CursorLeft, "move the cursor left", ""),
    b(&[Right], Action::CursorRight, "move the cursor right", ""),
    b(
        &[Home, Ctrl('a')],
        Action::CursorHome,
        "cursor to the start of the line",
        "",
    ),
    b(
        &[End, Ctrl('e')],
        Action::CursorEnd,
        "cursor to the end of the line",
        "",
    ),
    b(
        &[Backspace],
        Action::Backspace,
        "delete the character before the cursor",
        "",
    ),
    b(
        &[Delete],
        Action::Delete,
        "delete the character under the cursor",
        "",
    ),
];

/// A command line's output, read back a page at a time.
pub(super) static OUTPUT_PAGES: &[Binding] = &[
    page_up("scroll the output up"),
    page_down("scroll the output down", ""),
];

/// Leaving, each in the words of what is left.
pub(super) static LEAVE_QUIZ: &[Binding] = &[leave("leave the quiz", "leave")];

pub(super) static BACK_HOME: &[Binding] = &[leave("back to home", "home")];

/// A page that is only read: any of its keys goes back.
pub(super) static DONE_HOME: &[Binding] = &[b(
    &[Enter, Esc, Char('q')],
    Action::Back,
    "back to home",
    "home",
)];

pub(super) static LEAVE_REVIEW: &[Binding] =
    &[leave("stop reviewing (what is left stays due)", "leave")];

pub(super) static END_INTERVIEW: &[Binding] =
    &[leave("end the interview here, with its report", "end")];
