//! The one table of keys. `action_for` turns terminal events into actions
//! from it; help and the footer are drawn from it too, so what they say is
//! what the keys do.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::{Action, App, Context, HitMap, Target};

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
    b(
        &[Ctrl('c')],
        Action::Interrupt,
        "clear the line; with nothing typed, quit (work is kept)",
        "",
    ),
];

/// Help on `?` where `?` is not typed.
static HELP_KEY: &[Binding] = &[b(
    &[Char('?')],
    Action::Help,
    "help for this screen",
    "help",
)];

// Row groups that several screens share, chained into their tables by
// `tables` in the place each screen lists them, so a key means one thing
// in the same words wherever it reads, moves, edits or leaves.

/// Reading: the arrows scroll a line, named in the footer.
static SCROLL_LINES: &[Binding] = &[
    b(&[Up, Char('k')], Action::Up, "scroll up", ""),
    b(&[Down, Char('j')], Action::Down, "scroll down", "scroll"),
];

/// The same, left out of a footer that needs its room for more.
static SCROLL_LINES_UNNAMED: &[Binding] = &[
    b(&[Up, Char('k')], Action::Up, "scroll up", ""),
    b(&[Down, Char('j')], Action::Down, "scroll down", ""),
];

/// Reading: the page keys scroll a page.
static SCROLL_PAGES: &[Binding] = &[
    b(&[PageUp], Action::PageUp, "scroll up a page", ""),
    b(&[PageDown], Action::PageDown, "scroll down a page", ""),
];

/// Moving through a list: a row, or a page, at a time.
static MOVE: &[Binding] = &[
    b(&[Up, Char('k')], Action::Up, "move up", ""),
    b(&[Down, Char('j')], Action::Down, "move down", "move"),
    b(&[PageUp], Action::PageUp, "move up a page", ""),
    b(&[PageDown], Action::PageDown, "move down a page", ""),
];

/// A command line's completion and history.
static COMMAND_RECALL: &[Binding] = &[
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
static LINE_EDIT: &[Binding] = &[
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
static OUTPUT_PAGES: &[Binding] = &[
    b(&[PageUp], Action::PageUp, "scroll the output up", ""),
    b(&[PageDown], Action::PageDown, "scroll the output down", ""),
];

/// Leaving, each in the words of what is left.
static LEAVE_QUIZ: &[Binding] = &[b(
    &[Esc, Char('q')],
    Action::Back,
    "leave the quiz",
    "leave",
)];

static BACK_HOME: &[Binding] = &[b(&[Esc, Char('q')], Action::Back, "back to home", "home")];

/// A page that is only read: any of its keys goes back.
static DONE_HOME: &[Binding] = &[b(
    &[Enter, Esc, Char('q')],
    Action::Back,
    "back to home",
    "home",
)];

static LEAVE_REVIEW: &[Binding] = &[b(
    &[Esc, Char('q')],
    Action::Back,
    "stop reviewing (what is left stays due)",
    "leave",
)];

static END_INTERVIEW: &[Binding] = &[b(
    &[Esc, Char('q')],
    Action::Back,
    "end the interview here, with its report",
    "end",
)];

static HOME: &[Binding] = &[
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

/// A lesson's scene: Enter goes on, as → does.
static LESSON_SCENE: &[Binding] = &[
    b(
        &[Right, Char(' '), Char('l'), Char('n')],
        Action::Next,
        "next scene, or the demo's next step",
        "next",
    ),
    b(&[Enter], Action::Open, "the same as →", ""),
];

/// A lesson's lab scene.
static LESSON_LAB: &[Binding] = &[
    b(&[Enter], Action::Open, "start the lab", "start lab"),
    b(
        &[Right, Char(' '), Char('l'), Char('n')],
        Action::Next,
        "next scene, leaving the lab for later",
        "next",
    ),
];

/// A checkpoint page, the checkpoint not taken yet.
static LESSON_CHECKPOINT: &[Binding] = &[b(
    &[Enter, Right, Char(' '), Char('l'), Char('n')],
    Action::Open,
    "start the checkpoint quiz",
    "start quiz",
)];

/// A checkpoint page once the checkpoint is taken: → moves on.
static LESSON_CHECKPOINT_DONE: &[Binding] = &[
    b(
        &[Right, Char(' '), Char('l'), Char('n')],
        Action::Next,
        "on to the next lesson",
        "next lesson",
    ),
    b(
        &[Enter],
        Action::Open,
        "take the checkpoint again (your best score is kept)",
        "retake quiz",
    ),
];

/// The last lesson's checkpoint page, taken.
static LESSON_COURSE_DONE: &[Binding] = &[
    b(
        &[Right, Char(' '), Char('l'), Char('n')],
        Action::Next,
        "back to home: this is the last lesson",
        "home",
    ),
    b(
        &[Enter],
        Action::Open,
        "take the checkpoint again (your best score is kept)",
        "retake quiz",
    ),
];

/// Every lesson page's other keys, after the page's own: back a scene,
/// then (after the scrolling keys) the jump list and the theme.
static LESSON_PREV: &[Binding] = &[b(
    &[Left, Char('h'), Char('p')],
    Action::Prev,
    "previous scene",
    "back",
)];

static LESSON_JUMP: &[Binding] = &[
    b(
        &[Char('g')],
        Action::Jump,
        "jump to another scene or lesson",
        "jump",
    ),
    b(&[Char('t')], Action::CycleTheme, "switch theme", ""),
];

/// A question with one answer: keys only highlight, Enter answers.
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
        "highlight that option (only Enter answers)",
        "select",
    ),
    b(
        &[Enter],
        Action::Open,
        "answer with the highlighted option",
        "answer",
    ),
];

/// A question with several answers: ticks, then Enter.
static QUIZ_MANY: &[Binding] = &[
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
        &[Char(' ')],
        Action::Toggle,
        "tick or untick the highlighted option",
        "tick",
    ),
    b(&[Digits], Action::Pick(0), "tick or untick that option", ""),
    b(
        &[Enter],
        Action::Open,
        "answer with the options ticked",
        "answer",
    ),
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
        "answer, once every item is placed",
        "answer",
    ),
];

static QUIZ_TEXT: &[Binding] = &[
    b(&[Text], Action::Type(' '), "type your answer", ""),
    b(&[Enter], Action::Open, "answer", "answer"),
];

/// After the line's editing keys (letters are typed, so only Esc leaves).
static QUIZ_TEXT_END: &[Binding] = &[
    b(&[Ctrl('u')], Action::ClearLine, "clear the answer", ""),
    b(&[Esc], Action::Back, "leave the quiz", "leave"),
];

/// An answered question. Enter answers, so it never goes on from here: a
/// quick double Enter cannot answer the next question unread.
static QUIZ_FEEDBACK: &[Binding] = &[
    b(
        &[Right, Char(' '), Char('n'), Char('l')],
        Action::Next,
        "go on: the next question, or your score after the last",
        "next",
    ),
    b(
        &[Enter],
        Action::Open,
        "does not go on, on purpose: Enter answers, so a quick double Enter \
         cannot answer the next question unread",
        "",
    ),
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
];

/// The command line's keys, in the sandbox and in labs.
static CONSOLE: &[Binding] = &[
    b(&[Text], Action::Type(' '), "type a command", ""),
    b(&[Enter], Action::Open, "run the command", "run"),
];

static CLEAR_LINE: &[Binding] = &[b(&[Ctrl('u')], Action::ClearLine, "clear the line", "")];

/// The sandbox's and labs' panes, after the command line's keys.
static CONSOLE_PANES: &[Binding] = &[
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

/// From a lab's command line to its goals pane.
static LAB_GOALS_KEY: &[Binding] = &[b(
    &[F(7)],
    Action::FocusGoals,
    "the goals pane: pick a goal and see why it is met or not (or type `goal N`)",
    "goals",
)];

/// A lab's goals pane, when it has the keys. Letters it does not use go
/// back to the command line, typed there.
static LAB_GOALS: &[Binding] = &[
    b(&[Up, Char('k')], Action::Up, "the goal above", ""),
    b(&[Down, Char('j')], Action::Down, "the goal below", "pick"),
    b(
        &[Enter],
        Action::Open,
        "why: what the checker looked at for this goal, in the engine's words",
        "why",
    ),
    b(&[PageUp], Action::PageUp, "a page of goals up", ""),
    b(&[PageDown], Action::PageDown, "a page of goals down", ""),
    b(&[Home, Char('g')], Action::First, "the first goal", ""),
    b(&[End, Char('G')], Action::Last, "the last goal", ""),
    b(
        &[Esc, F(7), Tab],
        Action::FocusGoals,
        "back to the command line",
        "command line",
    ),
    b(
        &[Text],
        Action::Type(' '),
        "any other letter: back to the command line, typed there",
        "",
    ),
];

/// One goal's explanation in the goals pane.
static LAB_GOAL_WHY: &[Binding] = &[
    b(&[Home, Char('g')], Action::First, "the top", ""),
    b(&[End, Char('G')], Action::Last, "the bottom", ""),
    b(
        &[Esc, Enter, Left, Char('h')],
        Action::Back,
        "back to the list of goals",
        "goals",
    ),
    b(
        &[F(7), Tab],
        Action::FocusGoals,
        "back to the command line",
        "command line",
    ),
    b(
        &[Text],
        Action::Type(' '),
        "any other letter: back to the command line, typed there",
        "",
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
    b(
        &[Esc],
        Action::Back,
        "close (with unsaved changes it asks: save, discard or keep editing)",
        "close",
    ),
];

static EDITOR_LEAVE: &[Binding] = &[
    b(
        &[Char('s'), Ctrl('s')],
        Action::Save,
        "save the changes, then close",
        "save",
    ),
    b(
        &[Char('d')],
        Action::Confirm(false),
        "discard the changes and close",
        "discard",
    ),
    b(&[Esc], Action::Back, "keep editing", "keep editing"),
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

static HELP: &[Binding] = &[b(
    &[Esc],
    Action::Back,
    "close help (any other key too)",
    "close",
)];

static JUMP: &[Binding] = &[
    b(&[Home], Action::First, "go to the top", ""),
    b(&[End], Action::Last, "go to the bottom", ""),
    b(&[Enter], Action::Open, "go there", "go"),
    b(&[Esc, Char('g')], Action::Back, "close the list", "close"),
];

static REVIEW_FRONT: &[Binding] = &[b(
    &[Enter, Char(' ')],
    Action::Open,
    "show the answer",
    "reveal",
)];

static REVIEW_GRADE: &[Binding] = &[
    b(
        &[Grades],
        Action::Pick(0),
        "grade it: 1 Again, 2 Hard, 3 Good, 4 Easy (the legend says what each means)",
        "grade",
    ),
    b(
        &[Enter],
        Action::Open,
        "does not grade, on purpose: Enter answers and reveals, so a quick double \
         Enter cannot grade a card before you have read its answer",
        "",
    ),
];

/// Choosing a round: the level, and how long.
static INTERVIEW_SETUP: &[Binding] = &[
    b(&[Up, Char('k')], Action::Up, "the level above", ""),
    b(&[Down, Char('j')], Action::Down, "the level below", "level"),
    b(&[Digits], Action::Pick(0), "highlight that level", ""),
    b(
        &[Left, Char('h'), Char('-')],
        Action::Prev,
        "one question fewer (three minutes)",
        "",
    ),
    b(
        &[Right, Char('l'), Char('+')],
        Action::Next,
        "one question more (three minutes)",
        "length",
    ),
    b(&[Enter], Action::Open, "start the round", "start"),
];

static INTERVIEW_ASK: &[Binding] = &[
    b(
        &[Text],
        Action::Type(' '),
        "note your answer (or just say it aloud)",
        "",
    ),
    b(
        &[Enter],
        Action::Open,
        "done: show the model answer and tick the key points you covered",
        "answered",
    ),
];

/// After the notes' editing keys.
static INTERVIEW_ASK_END: &[Binding] = &[
    b(&[Ctrl('u')], Action::ClearLine, "clear the notes", ""),
    b(
        &[Esc],
        Action::Back,
        "end the interview here, with its report",
        "end",
    ),
];

/// A case question: principals to tick, or a reason to pick.
static INTERVIEW_CHOOSE: &[Binding] = &[
    b(
        &[Up, Char('k')],
        Action::Up,
        "highlight the choice above",
        "",
    ),
    b(
        &[Down, Char('j')],
        Action::Down,
        "highlight the choice below",
        "move",
    ),
    b(
        &[Char(' ')],
        Action::Toggle,
        "tick the highlighted principal, or pick the highlighted reason",
        "tick",
    ),
    b(&[Digits], Action::Pick(0), "tick or pick that choice", ""),
    b(
        &[Enter],
        Action::Open,
        "answer: the engine checks it, then the model answer shows",
        "answer",
    ),
    b(&[PageUp], Action::PageUp, "scroll the organization up", ""),
    b(
        &[PageDown],
        Action::PageDown,
        "scroll the organization down",
        "scroll",
    ),
];

/// A live troubleshooting case: the sandbox's command line, without the
/// "why?" pane, the access grid, hints or the solution.
static INTERVIEW_LIVE: &[Binding] = &[
    b(&[Text], Action::Type(' '), "type a command", ""),
    b(
        &[Enter],
        Action::Open,
        "run the command (once solved, on the empty line: go on to the answer)",
        "run",
    ),
];

/// The live case's own keys, after the command line's.
static INTERVIEW_LIVE_END: &[Binding] = &[
    b(
        &[F(3)],
        Action::ToggleTree,
        "show or hide the organization tree (the case's pane comes back)",
        "tree",
    ),
    b(
        &[Esc],
        Action::Back,
        "clear the line; on an empty line, end the attempt (it asks first)",
        "end attempt",
    ),
];

/// The clock ran out.
static INTERVIEW_TIME_UP: &[Binding] = &[b(
    &[Enter],
    Action::Open,
    "show the model answer and tick the key points you covered",
    "answer",
)];

/// The model answer shown: tick the key points covered. Enter answered,
/// so it never goes on from here: a quick double Enter cannot record an
/// answer before it is ticked.
static INTERVIEW_GRADE: &[Binding] = &[
    b(
        &[Digits],
        Action::Pick(0),
        "tick or untick that key point",
        "tick",
    ),
    b(
        &[Up, Char('k')],
        Action::Up,
        "highlight the point above",
        "",
    ),
    b(
        &[Down, Char('j')],
        Action::Down,
        "highlight the point below",
        "",
    ),
    b(
        &[Char(' ')],
        Action::Toggle,
        "tick or untick the highlighted point",
        "",
    ),
    b(
        &[Right, Char('n'), Char('l')],
        Action::Next,
        "record the points ticked and go on: the follow-up, the next question, or the report",
        "done",
    ),
    b(
        &[Enter],
        Action::Open,
        "does not go on, on purpose: Enter answers, so a quick double Enter cannot record \
         an answer before you tick it",
        "",
    ),
    b(&[PageUp], Action::PageUp, "scroll the answer up", ""),
    b(
        &[PageDown],
        Action::PageDown,
        "scroll the answer down",
        "scroll",
    ),
    b(
        &[Esc],
        Action::Back,
        "end the interview here, with its report (the points ticked count)",
        "end",
    ),
];

static INTERVIEW_REPORT: &[Binding] = &[
    b(
        &[Up, Char('k')],
        Action::Up,
        "the link above (scroll up when there is none)",
        "",
    ),
    b(
        &[Down, Char('j')],
        Action::Down,
        "the link below (scroll down when there is none)",
        "link",
    ),
    b(
        &[Enter],
        Action::Open,
        "open the highlighted lesson, scene or lab (Esc there comes back); \
         with no links, back to home",
        "open",
    ),
    b(&[PageUp], Action::PageUp, "scroll up a page", ""),
    b(
        &[PageDown],
        Action::PageDown,
        "scroll down a page",
        "scroll",
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
];

/// After the presenter's scrolling keys.
static PRESENT_END: &[Binding] = &[
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
        Context::Home => vec![MOVE, HOME, HELP_KEY],
        Context::Lesson => lesson(LESSON_SCENE),
        Context::LessonLab => lesson(LESSON_LAB),
        Context::LessonCheckpoint => lesson(LESSON_CHECKPOINT),
        Context::LessonCheckpointDone => lesson(LESSON_CHECKPOINT_DONE),
        Context::LessonCourseDone => lesson(LESSON_COURSE_DONE),
        Context::QuizChoice => vec![QUIZ_CHOICE, LEAVE_QUIZ, HELP_KEY],
        Context::QuizMany => vec![QUIZ_MANY, LEAVE_QUIZ, HELP_KEY],
        Context::QuizOrder => vec![QUIZ_ORDER, LEAVE_QUIZ, HELP_KEY],
        Context::QuizText => vec![QUIZ_TEXT, LINE_EDIT, QUIZ_TEXT_END],
        Context::QuizFeedback => vec![
            QUIZ_FEEDBACK,
            SCROLL_LINES,
            SCROLL_PAGES,
            LEAVE_QUIZ,
            HELP_KEY,
        ],
        Context::QuizSummary => vec![QUIZ_SUMMARY, SCROLL_LINES_UNNAMED, SCROLL_PAGES, HELP_KEY],
        Context::Console => command_line(CONSOLE, CONSOLE_PANES),
        Context::LabConsole => {
            let mut all = vec![LAB_ONLY, LAB_GOALS_KEY];
            all.extend(command_line(CONSOLE, CONSOLE_PANES));
            all
        }
        Context::LabGoals => vec![LAB_GOALS, LAB_ONLY],
        Context::LabGoalWhy => vec![SCROLL_LINES, SCROLL_PAGES, LAB_GOAL_WHY, LAB_ONLY],
        Context::Confirm => vec![CONFIRM],
        Context::Editor => vec![EDITOR],
        Context::EditorLeave => vec![EDITOR_LEAVE],
        Context::Help => vec![SCROLL_LINES_UNNAMED, SCROLL_PAGES, HELP],
        Context::Jump => vec![MOVE, JUMP, HELP_KEY],
        Context::ReviewFront => vec![
            REVIEW_FRONT,
            SCROLL_LINES,
            SCROLL_PAGES,
            LEAVE_REVIEW,
            HELP_KEY,
        ],
        Context::ReviewGrade => vec![
            REVIEW_GRADE,
            SCROLL_LINES,
            SCROLL_PAGES,
            LEAVE_REVIEW,
            HELP_KEY,
        ],
        Context::ReviewDone => vec![DONE_HOME, HELP_KEY],
        Context::InterviewSetup => vec![INTERVIEW_SETUP, BACK_HOME, HELP_KEY],
        Context::InterviewAsk => vec![INTERVIEW_ASK, LINE_EDIT, INTERVIEW_ASK_END],
        Context::InterviewChoose => vec![INTERVIEW_CHOOSE, END_INTERVIEW, HELP_KEY],
        Context::InterviewLive => command_line(INTERVIEW_LIVE, INTERVIEW_LIVE_END),
        Context::InterviewTimeUp => vec![INTERVIEW_TIME_UP, END_INTERVIEW, HELP_KEY],
        Context::InterviewGrade => vec![INTERVIEW_GRADE, HELP_KEY],
        Context::InterviewReport => vec![INTERVIEW_REPORT, BACK_HOME, HELP_KEY],
        Context::Dashboard => vec![SCROLL_LINES, SCROLL_PAGES, DONE_HOME, HELP_KEY],
        Context::Present => vec![PRESENT, SCROLL_LINES_UNNAMED, PRESENT_END, HELP_KEY],
        Context::Access => vec![ACCESS, HELP_KEY],
    };
    let mut all = own;
    all.push(EVERYWHERE);
    all
}

/// A lesson page: its own keys, then every page's.
fn lesson(own: &'static [Binding]) -> Vec<&'static [Binding]> {
    vec![
        own,
        LESSON_PREV,
        SCROLL_LINES_UNNAMED,
        SCROLL_PAGES,
        LESSON_JUMP,
        BACK_HOME,
        HELP_KEY,
    ]
}

/// A command line: what Enter does there, the shared recall and editing
/// keys, then the screen's own.
fn command_line(own: &'static [Binding], end: &'static [Binding]) -> Vec<&'static [Binding]> {
    vec![
        own,
        COMMAND_RECALL,
        LINE_EDIT,
        CLEAR_LINE,
        OUTPUT_PAGES,
        end,
    ]
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
        Event::Paste(text) => match context {
            // Lines of a paste join with spaces on a one-line field.
            Context::Console
            | Context::LabConsole
            | Context::LabGoals
            | Context::LabGoalWhy
            | Context::QuizText
            | Context::InterviewAsk
            | Context::InterviewLive => text
                .chars()
                .map(|c| Action::Type(if c == '\n' || c == '\r' { ' ' } else { c }))
                .collect(),
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
                | Context::LabGoals
                | Context::LabGoalWhy
                | Context::QuizText
                | Context::Editor
                | Context::EditorLeave
                | Context::Confirm
                | Context::InterviewAsk
                | Context::InterviewLive
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
                Context::Home | Context::Console | Context::LabConsole | Context::InterviewLive
            ) =>
        {
            2
        }
        // A lab's side pane is its goals: the tree gives way first.
        Action::ToggleTree if context == Context::LabConsole => 2,
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
mod table_tests {
    use super::*;

    /// Every context, listed by hand: a new one must be added here too.
    const CONTEXTS: &[Context] = &[
        Context::Home,
        Context::Lesson,
        Context::LessonLab,
        Context::LessonCheckpoint,
        Context::LessonCheckpointDone,
        Context::LessonCourseDone,
        Context::QuizChoice,
        Context::QuizMany,
        Context::QuizOrder,
        Context::QuizText,
        Context::QuizFeedback,
        Context::QuizSummary,
        Context::Console,
        Context::LabConsole,
        Context::LabGoals,
        Context::LabGoalWhy,
        Context::Confirm,
        Context::Editor,
        Context::EditorLeave,
        Context::Help,
        Context::Jump,
        Context::ReviewFront,
        Context::ReviewGrade,
        Context::ReviewDone,
        Context::InterviewSetup,
        Context::InterviewAsk,
        Context::InterviewChoose,
        Context::InterviewLive,
        Context::InterviewTimeUp,
        Context::InterviewGrade,
        Context::InterviewReport,
        Context::Dashboard,
        Context::Present,
        Context::Access,
    ];

    /// Chained groups must not name a key a row before them already took:
    /// the later row would never fire, and help would list a key that lies.
    #[test]
    fn no_key_is_named_twice_where_the_tables_chain() {
        for &context in CONTEXTS {
            let mut seen: Vec<(Key, &str)> = Vec::new();
            for binding in bindings(context) {
                for &key in binding.keys {
                    if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                        panic!(
                            "{context:?}: {} is both {first:?} and {:?}",
                            key.label(),
                            binding.does
                        );
                    }
                    seen.push((key, binding.does));
                }
            }
        }
    }

    /// Where a screen scrolls a page of text with the shared page keys,
    /// its arrows scroll a line too (a screen that forgot the line group
    /// would make ↑↓ dead, or mean something else, on a page of text).
    #[test]
    fn a_screen_that_scrolls_pages_scrolls_lines_in_the_same_words() {
        let mut pages = 0;
        for &context in CONTEXTS {
            let has = |group: &[Binding]| {
                group
                    .iter()
                    .all(|g| bindings(context).any(|b| b.keys == g.keys && b.does == g.does))
            };
            if has(SCROLL_PAGES) {
                pages += 1;
                // Or the arrows are the screen's own (a report's links),
                // and say they scroll where they have nothing else to do.
                let up_scrolls = bindings(context)
                    .find(|b| b.keys.contains(&Up))
                    .is_some_and(|b| b.does.contains("scroll up"));
                assert!(
                    has(SCROLL_LINES) || has(SCROLL_LINES_UNNAMED) || up_scrolls,
                    "{context:?} scrolls pages but not lines"
                );
            }
        }
        assert!(pages >= 10, "only {pages} screens scroll pages");
    }
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
            InterviewSetup,
            InterviewAsk,
            InterviewChoose,
            InterviewLive,
            InterviewTimeUp,
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
