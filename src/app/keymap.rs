//! The one table of keys. `action_for` turns terminal events into actions
//! from it; help and the footer are drawn from it too, so what they say is
//! what the keys do.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::{Action, App, Context, HitMap};

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

use Key::*;

/// Keys that work everywhere, listed after each screen's own.
static EVERYWHERE: &[Binding] = &[
    b(&[F(1)], Action::Help, "help for this screen", ""),
    b(&[Ctrl('c')], Action::Quit, "quit iamtutor", ""),
];

/// Help on `?` where `?` is not typed.
static HELP_KEY: &[Binding] = &[b(
    &[Char('?')],
    Action::Help,
    "help for this screen",
    "help",
)];

static HOME: &[Binding] = &[
    b(&[Up, Char('k')], Action::Up, "move up", ""),
    b(&[Down, Char('j')], Action::Down, "move down", "move"),
    b(&[PageUp], Action::PageUp, "move up a page", ""),
    b(&[PageDown], Action::PageDown, "move down a page", ""),
    b(&[Home, Char('g')], Action::First, "go to the top", ""),
    b(&[End, Char('G')], Action::Last, "go to the bottom", ""),
    b(
        &[Enter, Right, Char('l')],
        Action::Open,
        "open the lesson, lab or sandbox",
        "open",
    ),
    b(
        &[Char('c')],
        Action::Continue,
        "continue where you left off",
        "continue",
    ),
    b(&[Char('s')], Action::Sandbox, "open the sandbox", "sandbox"),
    b(
        &[Char('r')],
        Action::Review,
        "review the cards due today",
        "review",
    ),
    b(
        &[Char('i')],
        Action::Interview,
        "interview practice",
        "interview",
    ),
    b(
        &[Char('d')],
        Action::Dashboard,
        "your progress: the dashboard",
        "dashboard",
    ),
    b(
        &[Char('t')],
        Action::CycleTheme,
        "switch theme: dark, light, high contrast",
        "theme",
    ),
    b(&[Esc], Action::Back, "back (home is the top: q quits)", ""),
    b(&[Char('q')], Action::Quit, "quit", "quit"),
];

static LESSON: &[Binding] = &[
    b(
        &[Right, Char(' '), Char('l'), Char('n')],
        Action::Next,
        "next scene, or the demo's next step",
        "next",
    ),
    b(
        &[Left, Char('h'), Char('p')],
        Action::Prev,
        "previous scene",
        "back",
    ),
    b(
        &[Enter],
        Action::Open,
        "continue; on a lab or the checkpoint, start it",
        "start lab or quiz",
    ),
    b(&[Up, Char('k')], Action::Up, "scroll up", ""),
    b(&[Down, Char('j')], Action::Down, "scroll down", ""),
    b(&[PageUp], Action::PageUp, "scroll up a page", ""),
    b(&[PageDown], Action::PageDown, "scroll down a page", ""),
    b(
        &[Char('g')],
        Action::Jump,
        "jump to another scene or lesson",
        "jump",
    ),
    b(&[Char('t')], Action::CycleTheme, "switch theme", ""),
    b(&[Esc, Char('q')], Action::Back, "back to home", "home"),
];

static QUIZ_CHOICE: &[Binding] = &[
    b(
        &[Up, Char('k')],
        Action::Up,
        "highlight the option above",
        "",
    ),
    b(
        &[Down, Char('j')],
        Action::Down,
        "highlight the option below",
        "move",
    ),
    b(
        &[Digits],
        Action::Pick(0),
        "pick an option by its number (tick it, when several are right)",
        "pick",
    ),
    b(
        &[Char(' ')],
        Action::Toggle,
        "tick the highlighted option (when several are right)",
        "tick",
    ),
    b(&[Enter], Action::Open, "answer", "answer"),
    b(&[Esc, Char('q')], Action::Back, "leave the quiz", "leave"),
];

static QUIZ_ORDER: &[Binding] = &[
    b(&[Up, Char('k')], Action::Up, "highlight the item above", ""),
    b(
        &[Down, Char('j')],
        Action::Down,
        "highlight the item below",
        "move",
    ),
    b(
        &[Digits],
        Action::Pick(0),
        "put that item next in the order",
        "place",
    ),
    b(
        &[Char(' ')],
        Action::Toggle,
        "put the highlighted item next",
        "",
    ),
    b(
        &[Backspace, Char('u')],
        Action::Undo,
        "take back the last item placed",
        "undo",
    ),
    b(
        &[Enter],
        Action::Open,
        "place the highlighted item; answer once all are placed",
        "answer",
    ),
    b(&[Esc, Char('q')], Action::Back, "leave the quiz", "leave"),
];

static QUIZ_TEXT: &[Binding] = &[
    b(&[Text], Action::Type(' '), "type your answer", ""),
    b(&[Enter], Action::Open, "answer", "answer"),
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
    b(&[Left], Action::CursorLeft, "move the cursor left", ""),
    b(&[Right], Action::CursorRight, "move the cursor right", ""),
    b(
        &[Home, Ctrl('a')],
        Action::CursorHome,
        "cursor to the start",
        "",
    ),
    b(
        &[End, Ctrl('e')],
        Action::CursorEnd,
        "cursor to the end",
        "",
    ),
    b(&[Ctrl('u')], Action::ClearLine, "clear the answer", ""),
    b(&[Esc], Action::Back, "leave the quiz", "leave"),
];

static QUIZ_FEEDBACK: &[Binding] = &[
    b(
        &[Enter, Right, Char(' '), Char('l')],
        Action::Next,
        "next question",
        "next",
    ),
    b(&[Up, Char('k')], Action::Up, "scroll up", ""),
    b(&[Down, Char('j')], Action::Down, "scroll down", "scroll"),
    b(&[PageUp], Action::PageUp, "scroll up a page", ""),
    b(&[PageDown], Action::PageDown, "scroll down a page", ""),
    b(&[Esc, Char('q')], Action::Back, "leave the quiz", "leave"),
];

static QUIZ_SUMMARY: &[Binding] = &[
    b(
        &[Char('r')],
        Action::Retry,
        "retry the questions answered wrong",
        "retry wrong",
    ),
    b(
        &[Enter, Esc, Char('q')],
        Action::Back,
        "back to the lesson",
        "done",
    ),
    b(&[Up, Char('k')], Action::Up, "scroll up", ""),
    b(&[Down, Char('j')], Action::Down, "scroll down", ""),
];

/// The command line's keys, in the sandbox and in labs.
static CONSOLE: &[Binding] = &[
    b(&[Text], Action::Type(' '), "type a command", ""),
    b(&[Enter], Action::Open, "run the command", "run"),
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
    b(&[Ctrl('u')], Action::ClearLine, "clear the line", ""),
    b(&[PageUp], Action::PageUp, "scroll the output up", ""),
    b(&[PageDown], Action::PageDown, "scroll the output down", ""),
    b(
        &[F(2)],
        Action::ToggleWhy,
        "show or hide why the last call was allowed or denied",
        "why?",
    ),
    b(
        &[F(3)],
        Action::ToggleTree,
        "show or hide the organization tree",
        "tree",
    ),
    b(
        &[F(6)],
        Action::AccessGrid,
        "who can do what: the access grid of this organization",
        "access",
    ),
    b(
        &[Esc],
        Action::Back,
        "clear the line; on an empty line, leave",
        "leave",
    ),
];

static LAB_ONLY: &[Binding] = &[
    b(
        &[F(4)],
        Action::Hint,
        "one more hint (or type `hint`)",
        "hint",
    ),
    b(
        &[F(5)],
        Action::Solution,
        "the reference solution, after a confirmation (or type `solution`)",
        "solution",
    ),
];

static CONFIRM: &[Binding] = &[
    b(&[Char('y'), Enter], Action::Confirm(true), "yes", "yes"),
    b(&[Char('n'), Esc], Action::Confirm(false), "no", "no"),
];

static EDITOR: &[Binding] = &[
    b(
        &[Text],
        Action::Type(' '),
        "type; arrows, Home, End, Enter, Backspace edit as usual",
        "",
    ),
    b(
        &[Ctrl('s')],
        Action::Save,
        "save (JSON is checked first; a mistake shows its line and column)",
        "save",
    ),
    b(&[Esc], Action::Back, "close without saving", "close"),
];

static ACCESS: &[Binding] = &[
    b(&[Up, Char('k')], Action::Up, "the action above", ""),
    b(&[Down, Char('j')], Action::Down, "the action below", "move"),
    b(
        &[Left, Char('h')],
        Action::CursorLeft,
        "the principal to the left",
        "",
    ),
    b(
        &[Right, Char('l')],
        Action::CursorRight,
        "the principal to the right",
        "",
    ),
    b(&[Home, Char('g')], Action::First, "the first action", ""),
    b(&[End, Char('G')], Action::Last, "the last action", ""),
    b(
        &[PageUp],
        Action::PageUp,
        "a page up (the trail, when one is open)",
        "",
    ),
    b(
        &[PageDown],
        Action::PageDown,
        "a page down (the trail, when one is open)",
        "",
    ),
    b(
        &[Enter],
        Action::Open,
        "why: the engine's trail for this cell",
        "why",
    ),
    b(
        &[Char('p')],
        Action::ShowPaths,
        "how this principal could gain more power (escalation paths)",
        "paths",
    ),
    b(
        &[Esc, Char('q')],
        Action::Back,
        "close the trail; then back to the sandbox",
        "back",
    ),
];

static HELP: &[Binding] = &[
    b(&[Up, Char('k')], Action::Up, "scroll up", ""),
    b(&[Down, Char('j')], Action::Down, "scroll down", ""),
    b(
        &[Esc],
        Action::Back,
        "close help (any other key too)",
        "close",
    ),
];

static JUMP: &[Binding] = &[
    b(&[Up, Char('k')], Action::Up, "move up", ""),
    b(&[Down, Char('j')], Action::Down, "move down", "move"),
    b(&[PageUp], Action::PageUp, "move up a page", ""),
    b(&[PageDown], Action::PageDown, "move down a page", ""),
    b(&[Home], Action::First, "go to the top", ""),
    b(&[End], Action::Last, "go to the bottom", ""),
    b(&[Enter], Action::Open, "go there", "go"),
    b(&[Esc, Char('g')], Action::Back, "close the list", "close"),
];

static REVIEW_FRONT: &[Binding] = &[
    b(
        &[Enter, Char(' ')],
        Action::Open,
        "show the answer",
        "reveal",
    ),
    b(&[Up, Char('k')], Action::Up, "scroll up", ""),
    b(&[Down, Char('j')], Action::Down, "scroll down", "scroll"),
    b(&[PageUp], Action::PageUp, "scroll up a page", ""),
    b(&[PageDown], Action::PageDown, "scroll down a page", ""),
    b(
        &[Esc, Char('q')],
        Action::Back,
        "stop reviewing (what is left stays due)",
        "leave",
    ),
];

static REVIEW_GRADE: &[Binding] = &[
    b(
        &[Grades],
        Action::Pick(0),
        "grade it: 1 Again, 2 Hard, 3 Good, 4 Easy",
        "grade",
    ),
    b(
        &[Enter],
        Action::Open,
        "grade as suggested: Again after a wrong answer, else Good",
        "suggested",
    ),
    b(&[Up, Char('k')], Action::Up, "scroll up", ""),
    b(&[Down, Char('j')], Action::Down, "scroll down", "scroll"),
    b(&[PageUp], Action::PageUp, "scroll up a page", ""),
    b(&[PageDown], Action::PageDown, "scroll down a page", ""),
    b(
        &[Esc, Char('q')],
        Action::Back,
        "stop reviewing (what is left stays due)",
        "leave",
    ),
];

static REVIEW_DONE: &[Binding] = &[b(
    &[Enter, Esc, Char('q')],
    Action::Back,
    "back to home",
    "home",
)];

static INTERVIEW_ASK: &[Binding] = &[
    b(
        &[Text],
        Action::Type(' '),
        "note your answer (or just think it)",
        "",
    ),
    b(&[Enter], Action::Open, "reveal the model answer", "reveal"),
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
    b(&[Left], Action::CursorLeft, "move the cursor left", ""),
    b(&[Right], Action::CursorRight, "move the cursor right", ""),
    b(
        &[Home, Ctrl('a')],
        Action::CursorHome,
        "cursor to the start",
        "",
    ),
    b(
        &[End, Ctrl('e')],
        Action::CursorEnd,
        "cursor to the end",
        "",
    ),
    b(&[Ctrl('u')], Action::ClearLine, "clear the notes", ""),
    b(
        &[Esc],
        Action::Back,
        "end the interview here, with its report",
        "end",
    ),
];

static INTERVIEW_GRADE: &[Binding] = &[
    b(
        &[Grades],
        Action::Pick(0),
        "grade yourself: 1 Again, 2 Hard, 3 Good, 4 Easy",
        "grade",
    ),
    b(
        &[Esc],
        Action::Back,
        "end the interview here, with its report",
        "end",
    ),
];

static INTERVIEW_REPORT: &[Binding] = &[
    b(&[Up, Char('k')], Action::Up, "scroll up", ""),
    b(&[Down, Char('j')], Action::Down, "scroll down", "scroll"),
    b(&[PageUp], Action::PageUp, "scroll up a page", ""),
    b(&[PageDown], Action::PageDown, "scroll down a page", ""),
    b(
        &[Enter, Esc, Char('q')],
        Action::Back,
        "back to home",
        "home",
    ),
];

static DASHBOARD: &[Binding] = &[
    b(&[Up, Char('k')], Action::Up, "scroll up", ""),
    b(&[Down, Char('j')], Action::Down, "scroll down", "scroll"),
    b(&[PageUp], Action::PageUp, "scroll up a page", ""),
    b(&[PageDown], Action::PageDown, "scroll down a page", ""),
    b(
        &[Enter, Esc, Char('q')],
        Action::Back,
        "back to home",
        "home",
    ),
];

/// Presenter mode: keys a presentation clicker sends (PgDn, PgUp) work too.
static PRESENT: &[Binding] = &[
    b(
        &[Right, Char(' '), Char('n'), PageDown],
        Action::Next,
        "next step (a paragraph, a demo's command) or page",
        "next",
    ),
    b(
        &[Left, Char('p'), PageUp],
        Action::Prev,
        "previous page, shown whole",
        "back",
    ),
    b(
        &[Char('r')],
        Action::Reveal,
        "reveal the answer, once the room has voted",
        "reveal",
    ),
    b(&[Up, Char('k')], Action::Up, "scroll up", ""),
    b(&[Down, Char('j')], Action::Down, "scroll down", ""),
    b(&[Home], Action::First, "the first page", ""),
    b(&[End], Action::Last, "the last page", ""),
    b(
        &[Char('t')],
        Action::CycleTheme,
        "switch theme: dark, light, high contrast",
        "",
    ),
    b(&[Esc, Char('q')], Action::Quit, "quit", "quit"),
];

/// The tables that apply in `context`, most specific first.
pub fn tables(context: Context) -> Vec<&'static [Binding]> {
    let own: Vec<&'static [Binding]> = match context {
        Context::Home => vec![HOME, HELP_KEY],
        Context::Lesson => vec![LESSON, HELP_KEY],
        Context::QuizChoice => vec![QUIZ_CHOICE, HELP_KEY],
        Context::QuizOrder => vec![QUIZ_ORDER, HELP_KEY],
        Context::QuizText => vec![QUIZ_TEXT],
        Context::QuizFeedback => vec![QUIZ_FEEDBACK, HELP_KEY],
        Context::QuizSummary => vec![QUIZ_SUMMARY, HELP_KEY],
        Context::Console => vec![CONSOLE],
        Context::LabConsole => vec![LAB_ONLY, CONSOLE],
        Context::Confirm => vec![CONFIRM],
        Context::Editor => vec![EDITOR],
        Context::Help => vec![HELP],
        Context::Jump => vec![JUMP, HELP_KEY],
        Context::ReviewFront => vec![REVIEW_FRONT, HELP_KEY],
        Context::ReviewGrade => vec![REVIEW_GRADE, HELP_KEY],
        Context::ReviewDone => vec![REVIEW_DONE, HELP_KEY],
        Context::InterviewAsk => vec![INTERVIEW_ASK],
        Context::InterviewGrade => vec![INTERVIEW_GRADE, HELP_KEY],
        Context::InterviewReport => vec![INTERVIEW_REPORT, HELP_KEY],
        Context::Dashboard => vec![DASHBOARD, HELP_KEY],
        Context::Present => vec![PRESENT, HELP_KEY],
        Context::Access => vec![ACCESS, HELP_KEY],
    };
    let mut all = own;
    all.push(EVERYWHERE);
    all
}

/// Every binding that applies in `context`, in table order.
pub fn bindings(context: Context) -> impl Iterator<Item = &'static Binding> {
    tables(context).into_iter().flatten()
}

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

/// The action a key means in `context`.
pub fn action_for_key(context: Context, key: Key) -> Option<Action> {
    for binding in bindings(context) {
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
    let context = app.context();
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            let Some(key) = key_of(k) else {
                return Vec::new();
            };
            if let Some(action) = action_for_key(context, key) {
                return vec![action];
            }
            // The editor takes every other key as editing.
            if context == Context::Editor {
                return vec![Action::Edit((*k).into())];
            }
            Vec::new()
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollUp => vec![Action::ScrollUp],
            MouseEventKind::ScrollDown => vec![Action::ScrollDown],
            MouseEventKind::Down(MouseButton::Left) => hits
                .at(m.column, m.row)
                .map(Action::Click)
                .into_iter()
                .collect(),
            _ => Vec::new(),
        },
        Event::Resize(..) => vec![Action::Resize],
        Event::Paste(text) => match context {
            // Lines of a paste join with spaces on a one-line field.
            Context::Console | Context::LabConsole | Context::QuizText | Context::InterviewAsk => {
                text.chars()
                    .map(|c| Action::Type(if c == '\n' || c == '\r' { ' ' } else { c }))
                    .collect()
            }
            Context::Editor => text
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

/// The footer's hints for `context`: (keys, words).
pub fn footer(context: Context) -> Vec<(String, &'static str)> {
    footer_hints(context)
        .into_iter()
        .map(|(keys, words, _)| (keys, words))
        .collect()
}

/// The footer's hints with their rank (see `footer_rank`), help last.
fn footer_hints(context: Context) -> Vec<(String, &'static str, u8)> {
    let mut out = Vec::new();
    let mut help = None;
    for binding in bindings(context) {
        if binding.short.is_empty() {
            continue;
        }
        // Up and down go together in the footer: one "↑↓" for both.
        let keys = match binding.keys.first() {
            Some(Down) => "↑↓".to_string(),
            Some(k) => k.label(),
            None => String::new(),
        };
        let hint = (keys, binding.short, footer_rank(context, &binding.action));
        if binding.action == Action::Help {
            help = Some(hint);
        } else {
            out.push(hint);
        }
    }
    if !matches!(context, Context::Help) {
        let key = if matches!(
            context,
            Context::Console
                | Context::LabConsole
                | Context::QuizText
                | Context::Editor
                | Context::Confirm
                | Context::InterviewAsk
        ) {
            "F1"
        } else {
            "?"
        };
        out.push(help.unwrap_or((key.to_string(), "help", 0)));
    }
    out
}

/// How much a footer hint matters when the row is too short for all:
/// 0 for the ways out and to help (always shown), 2 for what a learner
/// finds without being told (moving, scrolling, history, completion, the
/// theme, Enter on a list or a command line), 1 for the rest: what the
/// screen itself offers.
fn footer_rank(context: Context, action: &Action) -> u8 {
    match action {
        Action::Back | Action::Quit | Action::Help | Action::Confirm(_) | Action::Save => 0,
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::ScrollUp
        | Action::ScrollDown
        | Action::First
        | Action::Last
        | Action::HistoryPrev
        | Action::HistoryNext
        | Action::Complete
        | Action::CycleTheme => 2,
        Action::Open
            if matches!(
                context,
                Context::Home | Context::Console | Context::LabConsole
            ) =>
        {
            2
        }
        _ => 1,
    }
}

/// The columns between two footer hints.
pub const FOOTER_GAP: usize = 3;

/// The footer's hints that fit in `width` columns: every hint of rank 0,
/// then as many of rank 1, then of rank 2, as fit, each rank in the
/// table's order; shown in the table's order, help last.
pub fn footer_fit(context: Context, width: usize) -> Vec<(String, &'static str)> {
    let hints = footer_hints(context);
    let piece =
        |(keys, words, _): &(String, &str, u8)| keys.chars().count() + 1 + words.chars().count();
    let mut chosen = vec![false; hints.len()];
    let mut used = 0;
    for rank in 0..=2 {
        for (i, hint) in hints.iter().enumerate() {
            if hint.2 != rank {
                continue;
            }
            let need = piece(hint) + if used == 0 { 0 } else { FOOTER_GAP };
            if used + need <= width || rank == 0 {
                chosen[i] = true;
                used += need;
            }
        }
    }
    hints
        .into_iter()
        .zip(chosen)
        .filter(|(_, c)| *c)
        .map(|((keys, words, _), _)| (keys, words))
        .collect()
}

#[cfg(test)]
mod footer_tests {
    use super::*;

    fn line(context: Context, width: usize) -> String {
        footer_fit(context, width)
            .iter()
            .map(|(k, w)| format!("{k} {w}"))
            .collect::<Vec<_>>()
            .join(&" ".repeat(FOOTER_GAP))
    }

    #[test]
    fn at_80_columns_the_footer_keeps_the_ways_out_and_the_screens_own_keys() {
        let home = line(Context::Home, 80);
        assert_eq!(
            home,
            "c continue   s sandbox   r review   i interview   d dashboard   q quit   ? help"
        );
        let sandbox = line(Context::Console, 80);
        for want in ["F2 why?", "F3 tree", "F6 access", "Esc leave", "F1 help"] {
            assert!(sandbox.contains(want), "{want} in {sandbox}");
        }
        let lab = line(Context::LabConsole, 80);
        for want in [
            "F4 hint",
            "F5 solution",
            "F6 access",
            "Esc leave",
            "F1 help",
        ] {
            assert!(lab.contains(want), "{want} in {lab}");
        }
        assert!(lab.ends_with("Esc leave   F1 help"), "{lab}");
    }

    #[test]
    fn every_footer_fits_80_columns_and_a_wide_one_shows_everything() {
        use Context::*;
        for c in [
            Home,
            Lesson,
            QuizChoice,
            QuizOrder,
            QuizText,
            QuizFeedback,
            QuizSummary,
            Console,
            LabConsole,
            Confirm,
            Editor,
            Help,
            Jump,
            ReviewFront,
            ReviewGrade,
            ReviewDone,
            InterviewAsk,
            InterviewGrade,
            InterviewReport,
            Dashboard,
            Present,
            Access,
        ] {
            let text = line(c, 80);
            assert!(text.chars().count() <= 80, "{c:?}: {text}");
            assert_eq!(footer_fit(c, 500), footer(c), "{c:?}");
        }
        // Narrower still: the ways out stay, the rest gives way.
        let narrow = line(Context::Home, 30);
        assert_eq!(narrow, "c continue   q quit   ? help");
    }
}
