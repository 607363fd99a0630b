//! Each screen's own rows, and `tables`, which chains them with the shared
//! groups into what applies in a scope.

use super::Key::{
    Backspace, Char, Ctrl, End, Enter, Esc, F, Grades, Home, Left, PageDown, PageUp, Right, Tab,
};
use super::rows::{
    BACK_HOME, COMMAND_RECALL, DONE_HOME, END_INTERVIEW, EVERYWHERE, HELP_KEY, LEAVE_QUIZ,
    LEAVE_REVIEW, LINE_EDIT, MOVE, OUTPUT_PAGES, SCROLL_LINES, SCROLL_LINES_UNNAMED, SCROLL_PAGES,
};
use super::{
    Binding, NEXT, b, down, enter, first, last, leave, page_down, page_up, pick, toggle, typed, up,
};
use crate::app::{Action, KeyScope};

static HOME: &[Binding] = &[
    first("go to the top"),
    last("go to the bottom"),
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
        NEXT,
        Action::Next,
        "next scene, or the demo's next step",
        "next",
    ),
    enter("the same as →", ""),
];

/// A lesson's lab scene.
static LESSON_LAB: &[Binding] = &[
    enter("start the lab", "start lab"),
    b(
        NEXT,
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
    b(NEXT, Action::Next, "on to the next lesson", "next lesson"),
    enter(
        "take the checkpoint again (your best score is kept)",
        "retake quiz",
    ),
];

/// The last lesson's checkpoint page, taken.
static LESSON_COURSE_DONE: &[Binding] = &[
    b(
        NEXT,
        Action::Next,
        "back to home: this is the last lesson",
        "home",
    ),
    enter(
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
    up("highlight the option above"),
    down("highlight the option below", "move"),
    pick("highlight that option (only Enter answers)", "select"),
    enter("answer with the highlighted option", "answer"),
];

/// A question with several answers: ticks, then Enter.
static QUIZ_MANY: &[Binding] = &[
    up("highlight the option above"),
    down("highlight the option below", "move"),
    toggle("tick or untick the highlighted option", "tick"),
    pick("tick or untick that option", ""),
    enter("answer with the options ticked", "answer"),
];

static QUIZ_ORDER: &[Binding] = &[
    up("highlight the item above"),
    down("highlight the item below", "move"),
    pick("put that item next in the order", "place"),
    toggle("put the highlighted item next", ""),
    b(
        &[Backspace, Char('u')],
        Action::Undo,
        "take back the last item placed",
        "undo",
    ),
    enter("answer, once every item is placed", "answer"),
];

static QUIZ_TEXT: &[Binding] = &[typed("type your answer"), enter("answer", "answer")];

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
    enter(
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
static CONSOLE: &[Binding] = &[typed("type a command"), enter("run the command", "run")];

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
    up("the goal above"),
    down("the goal below", "pick"),
    enter(
        "why: what the checker looked at for this goal, in the engine's words",
        "why",
    ),
    page_up("a page of goals up"),
    page_down("a page of goals down", ""),
    first("the first goal"),
    last("the last goal"),
    b(
        &[Esc, F(7), Tab],
        Action::FocusGoals,
        "back to the command line",
        "command line",
    ),
    typed("any other letter: back to the command line, typed there"),
];

/// One goal's explanation in the goals pane.
static LAB_GOAL_WHY: &[Binding] = &[
    first("the top"),
    last("the bottom"),
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
    typed("any other letter: back to the command line, typed there"),
];

static CONFIRM: &[Binding] = &[
    b(&[Char('y'), Enter], Action::Confirm(true), "yes", "yes"),
    b(&[Char('n'), Esc], Action::Confirm(false), "no", "no"),
];

static EDITOR: &[Binding] = &[
    typed("type; arrows, Home, End, Enter, Backspace edit as usual"),
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
    up("the action above"),
    down("the action below", "move"),
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
    first("the first action"),
    last("the last action"),
    page_up("a page up (the trail, when one is open)"),
    page_down("a page down (the trail, when one is open)", ""),
    enter("why: the engine's trail for this cell", "why"),
    b(
        &[Char('p')],
        Action::ShowPaths,
        "how this principal could gain more power (escalation paths)",
        "paths",
    ),
    leave("close the trail; then back to the sandbox", "back"),
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
    enter("go there", "go"),
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
    enter(
        "does not grade, on purpose: Enter answers and reveals, so a quick double \
         Enter cannot grade a card before you have read its answer",
        "",
    ),
];

/// Choosing a round: the level, and how long.
static INTERVIEW_SETUP: &[Binding] = &[
    up("the level above"),
    down("the level below", "level"),
    pick("highlight that level", ""),
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
    enter("start the round", "start"),
];

static INTERVIEW_ASK: &[Binding] = &[
    typed("note your answer (or just say it aloud)"),
    enter(
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
    up("highlight the choice above"),
    down("highlight the choice below", "move"),
    toggle(
        "tick the highlighted principal, or pick the highlighted reason",
        "tick",
    ),
    pick("tick or pick that choice", ""),
    enter(
        "answer: the engine checks it, then the model answer shows",
        "answer",
    ),
    page_up("scroll the organization up"),
    page_down("scroll the organization down", "scroll"),
];

/// A live troubleshooting case: the sandbox's command line, without the
/// "why?" pane, the access grid, hints or the solution.
static INTERVIEW_LIVE: &[Binding] = &[
    typed("type a command"),
    enter(
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
static INTERVIEW_TIME_UP: &[Binding] = &[enter(
    "show the model answer and tick the key points you covered",
    "answer",
)];

/// The model answer shown: tick the key points covered. Enter answered,
/// so it never goes on from here: a quick double Enter cannot record an
/// answer before it is ticked.
static INTERVIEW_GRADE: &[Binding] = &[
    pick("tick or untick that key point", "tick"),
    up("highlight the point above"),
    down("highlight the point below", ""),
    toggle("tick or untick the highlighted point", ""),
    b(
        &[Right, Char('n'), Char('l')],
        Action::Next,
        "record the points ticked and go on: the follow-up, the next question, or the report",
        "done",
    ),
    enter(
        "does not go on, on purpose: Enter answers, so a quick double Enter cannot record \
         an answer before you tick it",
        "",
    ),
    page_up("scroll the answer up"),
    page_down("scroll the answer down", "scroll"),
    b(
        &[Esc],
        Action::Back,
        "end the interview here, with its report (the points ticked count)",
        "end",
    ),
];

static INTERVIEW_REPORT: &[Binding] = &[
    up("the link above (scroll up when there is none)"),
    down("the link below (scroll down when there is none)", "link"),
    enter(
        "open the highlighted lesson, scene or lab (Esc there comes back); \
         with no links, back to home",
        "open",
    ),
    page_up("scroll up a page"),
    page_down("scroll down a page", "scroll"),
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

/// The tables that apply in `scope`, most specific first.
pub fn tables(scope: KeyScope) -> Vec<&'static [Binding]> {
    let own: Vec<&'static [Binding]> = match scope {
        KeyScope::Home => vec![MOVE, HOME, HELP_KEY],
        KeyScope::Lesson => lesson(LESSON_SCENE),
        KeyScope::LessonLab => lesson(LESSON_LAB),
        KeyScope::LessonCheckpoint => lesson(LESSON_CHECKPOINT),
        KeyScope::LessonCheckpointDone => lesson(LESSON_CHECKPOINT_DONE),
        KeyScope::LessonCourseDone => lesson(LESSON_COURSE_DONE),
        KeyScope::QuizChoice => vec![QUIZ_CHOICE, LEAVE_QUIZ, HELP_KEY],
        KeyScope::QuizMany => vec![QUIZ_MANY, LEAVE_QUIZ, HELP_KEY],
        KeyScope::QuizOrder => vec![QUIZ_ORDER, LEAVE_QUIZ, HELP_KEY],
        KeyScope::QuizText => vec![QUIZ_TEXT, LINE_EDIT, QUIZ_TEXT_END],
        KeyScope::QuizFeedback => vec![
            QUIZ_FEEDBACK,
            SCROLL_LINES,
            SCROLL_PAGES,
            LEAVE_QUIZ,
            HELP_KEY,
        ],
        KeyScope::QuizSummary => vec![QUIZ_SUMMARY, SCROLL_LINES_UNNAMED, SCROLL_PAGES, HELP_KEY],
        KeyScope::Console => command_line(CONSOLE, CONSOLE_PANES),
        KeyScope::LabConsole => {
            let mut all = vec![LAB_ONLY, LAB_GOALS_KEY];
            all.extend(command_line(CONSOLE, CONSOLE_PANES));
            all
        }
        KeyScope::LabGoals => vec![LAB_GOALS, LAB_ONLY],
        KeyScope::LabGoalWhy => vec![SCROLL_LINES, SCROLL_PAGES, LAB_GOAL_WHY, LAB_ONLY],
        KeyScope::Confirm => vec![CONFIRM],
        KeyScope::Editor => vec![EDITOR],
        KeyScope::EditorLeave => vec![EDITOR_LEAVE],
        KeyScope::Help => vec![SCROLL_LINES_UNNAMED, SCROLL_PAGES, HELP],
        KeyScope::Jump => vec![MOVE, JUMP, HELP_KEY],
        KeyScope::ReviewFront => vec![
            REVIEW_FRONT,
            SCROLL_LINES,
            SCROLL_PAGES,
            LEAVE_REVIEW,
            HELP_KEY,
        ],
        KeyScope::ReviewGrade => vec![
            REVIEW_GRADE,
            SCROLL_LINES,
            SCROLL_PAGES,
            LEAVE_REVIEW,
            HELP_KEY,
        ],
        KeyScope::ReviewDone => vec![DONE_HOME, HELP_KEY],
        KeyScope::InterviewSetup => vec![INTERVIEW_SETUP, BACK_HOME, HELP_KEY],
        KeyScope::InterviewAsk => vec![INTERVIEW_ASK, LINE_EDIT, INTERVIEW_ASK_END],
        KeyScope::InterviewChoose => vec![INTERVIEW_CHOOSE, END_INTERVIEW, HELP_KEY],
        KeyScope::InterviewLive => command_line(INTERVIEW_LIVE, INTERVIEW_LIVE_END),
        KeyScope::InterviewTimeUp => vec![INTERVIEW_TIME_UP, END_INTERVIEW, HELP_KEY],
        KeyScope::InterviewGrade => vec![INTERVIEW_GRADE, HELP_KEY],
        KeyScope::InterviewReport => vec![INTERVIEW_REPORT, BACK_HOME, HELP_KEY],
        KeyScope::Dashboard => vec![SCROLL_LINES, SCROLL_PAGES, DONE_HOME, HELP_KEY],
        KeyScope::Present => vec![PRESENT, SCROLL_LINES_UNNAMED, PRESENT_END, HELP_KEY],
        KeyScope::Access => vec![ACCESS, HELP_KEY],
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
