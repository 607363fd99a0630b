//! Each screen's own rows, and `tables`, which chains them with the shared
//! groups into what applies in a context.

use super::Key::{
    Backspace, Char, Ctrl, Digits, Down, End, Enter, Esc, F, Grades, Home, Left, PageDown, PageUp,
    Right, Tab, Text, Up,
};
use super::rows::{
    BACK_HOME, COMMAND_RECALL, DONE_HOME, END_INTERVIEW, EVERYWHERE, HELP_KEY, LEAVE_QUIZ,
    LEAVE_REVIEW, LINE_EDIT, MOVE, OUTPUT_PAGES, SCROLL_LINES, SCROLL_LINES_UNNAMED, SCROLL_PAGES,
};
use super::{Binding, b};
use crate::app::{Action, Context};

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
