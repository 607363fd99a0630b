//! The application as a state machine: a stack of screens, an optional
//! overlay (help, a confirmation, the jump list), and `update`, which
//! applies one action and may return a follow-up. No terminal, no files:
//! the loop in `tui.rs` feeds it actions and draws it with `ui`.

pub mod access;
pub mod action;
pub mod console;
pub mod dashboard;
pub mod drill;
pub mod home;
pub mod interview;
pub mod keep;
pub mod keymap;
pub mod lab_goals;
pub mod lesson;
pub mod line;
pub mod narrow_panes;
pub mod present;
pub mod quiz;
pub mod review;
pub mod sandbox_shell;
pub mod scroll;

use crate::content::course::Course;
use crate::learn::progress::Progress;
use crate::shell::{Outcome, Shell};

use access::AccessView;
pub use action::{Action, Target};
use console::{LabView, SandboxView};
use dashboard::DashboardView;
use home::HomeView;
use interview::InterviewView;
use lesson::LessonView;
use present::PresentView;
use quiz::QuizView;
use review::ReviewView;
use scroll::Scroll;

/// The colour schemes; `NO_COLOR` is separate and wins over any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    HighContrast,
}

impl ThemeName {
    pub fn next(self) -> ThemeName {
        match self {
            ThemeName::Dark => ThemeName::Light,
            ThemeName::Light => ThemeName::HighContrast,
            ThemeName::HighContrast => ThemeName::Dark,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high contrast",
        }
    }

    /// The name `--theme` takes, and progress keeps.
    pub fn id(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high-contrast",
        }
    }

    pub fn from_id(id: &str) -> Option<ThemeName> {
        [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast]
            .into_iter()
            .find(|t| t.id() == id)
    }
}

#[derive(Debug)]
pub enum Screen {
    Home(HomeView),
    Lesson(Box<LessonView>),
    Quiz(Box<QuizView>),
    Sandbox(Box<SandboxView>),
    Lab(Box<LabView>),
    Review(Box<ReviewView>),
    Interview(Box<InterviewView>),
    Dashboard(DashboardView),
    /// A lesson on a projector (`iamtutor present`).
    Present(Box<PresentView>),
    /// Who can do what in the sandbox's organization.
    Access(Box<AccessView>),
}

/// What sits on top of the screen and takes the keys first.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// Help for the screen below, from the keymap's table.
    Help { scroll: Scroll },
    /// The lessons and this lesson's scenes, to jump to one.
    Jump { rows: Vec<JumpRow>, selected: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JumpRow {
    pub lesson: usize,
    /// `None` for the lesson's own row.
    pub scene: Option<usize>,
}

/// Declares `KeyScope` and `KeyScope::ALL` from one list, so what walks
/// every scope (the table checks, the key walk) cannot miss a new one.
macro_rules! key_scopes {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// Which keys apply: the keymap's table is indexed by this.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum KeyScope {
            $($(#[$doc])* $name,)*
        }

        impl KeyScope {
            /// Every scope, in the order declared.
            pub const ALL: &[KeyScope] = &[$(KeyScope::$name,)*];
        }
    };
}

key_scopes! {
    Home,
    /// A scene of a lesson.
    Lesson,
    /// A lesson's lab scene: Enter starts the lab.
    LessonLab,
    /// A lesson's checkpoint page, the checkpoint not taken yet.
    LessonCheckpoint,
    /// A checkpoint page whose checkpoint was taken: → moves on.
    LessonCheckpointDone,
    /// The last lesson's checkpoint page, taken: → goes home.
    LessonCourseDone,
    /// A question with one answer to pick.
    QuizChoice,
    /// A question with several answers to tick.
    QuizMany,
    /// A question to put in order.
    QuizOrder,
    /// A question answered by typing.
    QuizText,
    /// An answered question, showing its feedback.
    QuizFeedback,
    QuizSummary,
    /// The sandbox's command line.
    Console,
    /// A lab's command line: the sandbox's keys and the lab's.
    LabConsole,
    /// A lab's goals pane has the keys: pick a goal.
    LabGoals,
    /// A lab's goals pane shows why one goal is met or not.
    LabGoalWhy,
    /// A question asked on screen, answered yes or no.
    Confirm,
    Editor,
    /// Leaving the editor with changes not saved: save, discard or stay.
    EditorLeave,
    Help,
    Jump,
    /// A review card to recall, before it is revealed.
    ReviewFront,
    /// A review card answered or revealed: grade it.
    ReviewGrade,
    /// Nothing (more) due.
    ReviewDone,
    /// Interview practice: choosing the round's level and length.
    InterviewSetup,
    /// An interview question, its countdown running.
    InterviewAsk,
    /// A case question: tick the principals, or pick the reason.
    InterviewChoose,
    /// A live troubleshooting case: the sandbox's command line, no "why?".
    InterviewLive,
    /// The clock ran out: said, before the answer shows.
    InterviewTimeUp,
    /// The model answer shown: tick the key points covered.
    InterviewGrade,
    InterviewReport,
    Dashboard,
    /// Presenter mode.
    Present,
    /// The access grid.
    Access,
}

/// The host's side of the few commands that touch real files (`export
/// ... --to FILE`, `import FILE`): the app stays pure and hands them over.
pub trait Host {
    /// Carries out `outcome`'s effect, if any, and returns what to show.
    fn carry_out(&mut self, shell: &mut Shell, outcome: Outcome) -> Outcome;

    /// Why the file `effect` would write needs the learner's yes first (it
    /// is outside the current folder, or it would replace a file), if it
    /// does: the console asks before `carry_out` is called.
    fn needs_asking(&self, _effect: &crate::shell::Effect) -> Option<String> {
        None
    }
}

/// A host with no files at all: tests, and anywhere files are off limits.
#[derive(Debug, Default)]
pub struct NoFiles;

impl Host for NoFiles {
    fn carry_out(&mut self, _shell: &mut Shell, outcome: Outcome) -> Outcome {
        files_refused(outcome, "iamtutor: real files are not available here")
    }
}

/// A demo step's outcome: a lesson (perhaps from a course folder someone
/// else wrote) never reads or writes a real file, and never claims to.
pub fn demo_outcome(outcome: Outcome) -> Outcome {
    files_refused(
        outcome,
        "a lesson demo reads and writes no real files; in the sandbox, this command would",
    )
}

/// An outcome whose real file was neither read nor written: it says `why`,
/// fails, and claims nothing (an export's "Exported ... to FILE" goes).
pub fn files_refused(mut outcome: Outcome, why: &str) -> Outcome {
    if outcome.effect.take().is_some() {
        outcome.ok = false;
        outcome.code = 1;
        outcome.stdout.clear();
        outcome.stderr = format!("{why}\n");
    }
    outcome
}

/// Where a click lands, as the screen last drew it: drawing records the
/// areas, the keymap looks clicks up here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HitMap {
    /// (x, y, width, height, what is there)
    pub areas: Vec<(u16, u16, u16, u16, Target)>,
    /// The terminal was too small to draw the app: keys are not taken.
    pub too_small: bool,
}

impl HitMap {
    pub fn add(&mut self, x: u16, y: u16, width: u16, height: u16, target: Target) {
        self.areas.push((x, y, width, height, target));
    }

    pub fn at(&self, col: u16, row: u16) -> Option<Target> {
        self.areas
            .iter()
            .rev()
            .find(|(x, y, w, h, _)| col >= *x && col < x + w && row >= *y && row < y + h)
            .map(|a| a.4)
    }
}

pub struct App {
    pub course: Course,
    pub progress: Progress,
    /// The bottom is home; Esc pops.
    pub stack: Vec<Screen>,
    pub overlay: Option<Overlay>,
    pub theme: ThemeName,
    /// `NO_COLOR` is set: draw with modifiers only.
    pub no_color: bool,
    /// A one-line message for the footer, cleared by the next key.
    pub notice: Option<String>,
    /// Seeds quizzes: the same seed gives the same shuffles.
    pub seed: u64,
    quizzes_started: u64,
    /// Progress changed since the host last saved it.
    pub progress_dirty: bool,
    /// Today, in days since 1970-01-01 (UTC), from the host's clock.
    pub today: i64,
    pub host: Box<dyn Host>,
    /// Where sandboxes and labs are kept between visits.
    pub keeper: Box<dyn keep::Keeper>,
    /// The sandboxes kept, as the keeper last listed them (home shows them).
    pub sandboxes: Vec<keep::SavedSandbox>,
    /// Ctrl-C was pressed on an empty line: a second one quits.
    interrupt_armed: bool,
    quit: bool,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("screen", &self.key_scope())
            .field("overlay", &self.overlay)
            .finish()
    }
}

impl App {
    pub fn new(course: Course, progress: Progress, seed: u64) -> App {
        App {
            course,
            progress,
            stack: vec![Screen::Home(HomeView::default())],
            overlay: None,
            theme: ThemeName::default(),
            no_color: false,
            notice: None,
            seed,
            quizzes_started: 0,
            progress_dirty: false,
            today: 0,
            host: Box::new(NoFiles),
            keeper: Box::new(keep::Memory::default()),
            sandboxes: Vec::new(),
            interrupt_armed: false,
            quit: false,
        }
    }

    /// `t`: the next colour scheme, kept for the next start.
    pub fn cycle_theme(&mut self) {
        self.theme = self.theme.next();
        self.progress.theme = Some(self.theme.id().to_string());
        self.progress_dirty = true;
        let label = self.theme.label();
        self.say(format!("theme: {label} (kept for next time)"));
    }

    /// Lists the sandboxes again from the keeper.
    pub fn refresh_sandboxes(&mut self) {
        self.sandboxes = self.keeper.sandboxes();
    }

    pub fn sandbox_exists(&mut self, name: &str) -> bool {
        self.refresh_sandboxes();
        self.sandboxes.iter().any(|s| s.name == name)
    }

    /// Hands every sandbox and lab open on the stack to the keeper, as far
    /// as it changed; what is being typed only when `paused` (the host
    /// sees no more input waiting, or the app is quitting), so a paste or
    /// fast typing is not written key by key.
    pub fn keep_work(&mut self, paused: bool) {
        let mut failed = None;
        for screen in &mut self.stack {
            let kept = match screen {
                Screen::Sandbox(v) => v.keep(self.keeper.as_mut(), paused),
                Screen::Lab(v) => v.keep(self.keeper.as_mut(), paused),
                _ => Ok(()),
            };
            if let Err(e) = kept {
                failed = Some(e);
            }
        }
        if let Some(e) = failed {
            self.say(format!(
                "work not saved (it is tried again after the next command): {e}"
            ));
        }
    }

    /// Ctrl-C: clears what is being typed, as a shell does; with nothing
    /// typed it asks for a second press, and that one quits. Where nothing
    /// is typed at all it quits at once: everything is kept, so quitting
    /// loses nothing.
    fn interrupt(&mut self) {
        let scope = self.key_scope();
        let typing = matches!(
            scope,
            KeyScope::Console
                | KeyScope::LabConsole
                | KeyScope::QuizText
                | KeyScope::InterviewAsk
                | KeyScope::InterviewLive
                | KeyScope::Editor
        );
        let cleared = match self.stack.last_mut() {
            Some(Screen::Sandbox(v)) if scope == KeyScope::Console => {
                v.console.interrupt() == console::Interrupted::Cleared
            }
            Some(Screen::Lab(v)) if scope == KeyScope::LabConsole => {
                v.console.interrupt() == console::Interrupted::Cleared
            }
            Some(Screen::Quiz(q)) if scope == KeyScope::QuizText => !q.text.take().is_empty(),
            Some(Screen::Interview(i)) if scope == KeyScope::InterviewAsk => {
                !i.notes.take().is_empty()
            }
            Some(Screen::Interview(i)) if scope == KeyScope::InterviewLive => i.interrupt_live(),
            _ => false,
        };
        if cleared {
            self.interrupt_armed = false;
        } else if !typing || self.interrupt_armed {
            self.quit = true;
        } else {
            self.interrupt_armed = true;
            self.say("Ctrl-C again quits; your work is kept either way");
        }
    }

    /// Opens interview practice (`iamtutor interview`): a round of that
    /// level at once, or without one, the round's choices first.
    pub fn open_interview(&mut self, minutes: u64, level: Option<crate::learn::interview::Level>) {
        if let Step::Push(screen) = home::open_interview(self, minutes, level) {
            self.stack.push(screen);
        }
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn screen(&self) -> &Screen {
        self.stack.last().expect("home is never popped")
    }

    /// Something on screen is moving (a demo typing its command): the loop
    /// then wakes on a timer as well as on input.
    pub fn animating(&self) -> bool {
        match self.screen() {
            Screen::Lesson(l) => l.animating(),
            Screen::Present(p) => p.animating(),
            _ => false,
        }
    }

    /// The keys that apply right now.
    pub fn key_scope(&self) -> KeyScope {
        match &self.overlay {
            Some(Overlay::Help { .. }) => return KeyScope::Help,
            Some(Overlay::Jump { .. }) => return KeyScope::Jump,
            None => {}
        }
        self.screen_scope()
    }

    /// The keys of the screen itself, under any overlay (what help is about).
    pub fn screen_scope(&self) -> KeyScope {
        match self.screen() {
            Screen::Home(_) => KeyScope::Home,
            Screen::Lesson(l) => l.key_scope(self),
            Screen::Quiz(q) => q.key_scope(),
            Screen::Sandbox(s) => s.key_scope(),
            Screen::Lab(l) => l.key_scope(),
            Screen::Review(r) => r.key_scope(),
            Screen::Interview(i) => i.key_scope(),
            Screen::Dashboard(_) => KeyScope::Dashboard,
            Screen::Present(_) => KeyScope::Present,
            Screen::Access(_) => KeyScope::Access,
        }
    }

    /// The screen shows time passing (an interview's countdown): the loop
    /// then sends the host's clock as `Clock` at least every quarter second.
    pub fn wants_clock(&self) -> bool {
        matches!(self.screen(), Screen::Interview(i) if i.wants_clock())
    }

    pub(crate) fn next_seed(&mut self) -> u64 {
        self.quizzes_started += 1;
        self.seed
            .wrapping_add(self.quizzes_started.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    /// Applies one action; returns a follow-up action, if any.
    pub fn update(&mut self, action: Action) -> Option<Action> {
        // Time passing is not a key: it leaves the notice, and any overlay.
        let time = matches!(action, Action::Tick | Action::Clock(_));
        if !time && action != Action::Resize {
            self.notice = None;
        }
        let armed = std::mem::take(&mut self.interrupt_armed);
        if time || action == Action::Resize {
            self.interrupt_armed = armed;
        }
        match action {
            Action::Quit => {
                self.quit = true;
                return None;
            }
            Action::Interrupt => {
                self.interrupt_armed = armed;
                self.interrupt();
                return None;
            }
            Action::Resize => return None,
            Action::Help if !matches!(self.overlay, Some(Overlay::Help { .. })) => {
                self.overlay = Some(Overlay::Help {
                    scroll: Scroll::new(),
                });
                return None;
            }
            _ => {}
        }
        // Help and the jump list take the keys; time goes on beneath them
        // (a demo types, a countdown runs), and they stay open.
        if !time && let Some(overlay) = self.overlay.take() {
            return self.update_overlay(overlay, action);
        }
        // The screen comes out of the stack while it updates, so that its
        // update may read and change the rest of the app.
        let mut screen = self.stack.pop().expect("home is never popped");
        let step = match &mut screen {
            Screen::Home(h) => home::update(self, h, action),
            Screen::Lesson(l) => lesson::update(self, l, action),
            Screen::Quiz(q) => quiz::update(self, q, action),
            Screen::Sandbox(s) => console::update_sandbox(self, s, action),
            Screen::Lab(l) => console::update_lab(self, l, action),
            Screen::Review(r) => review::update(self, r, action),
            Screen::Interview(i) => interview::update(self, i, action),
            Screen::Dashboard(d) => dashboard::update(d, action),
            Screen::Present(p) => present::update(self, p, action),
            Screen::Access(a) => access::update(a, action),
        };
        match step {
            Step::Stay => self.stack.push(screen),
            Step::Follow(next) => {
                self.stack.push(screen);
                return Some(next);
            }
            Step::Pop => {
                if self.stack.is_empty() {
                    self.stack.push(screen);
                }
                // Home lists the sandboxes: one may have been kept just now.
                if matches!(self.screen(), Screen::Home(_)) {
                    self.refresh_sandboxes();
                }
            }
            Step::Push(new) => {
                self.stack.push(screen);
                self.stack.push(new);
            }
            Step::Replace(new) => self.stack.push(new),
        }
        None
    }

    fn update_overlay(&mut self, overlay: Overlay, action: Action) -> Option<Action> {
        match overlay {
            Overlay::Help { mut scroll } => {
                // Any other key closes help.
                self.overlay = scroll.handle(&action).then_some(Overlay::Help { scroll });
                None
            }
            Overlay::Jump { rows, selected } => {
                let last = rows.len().saturating_sub(1);
                let selected = match action {
                    Action::Up => selected.saturating_sub(1),
                    Action::Down => (selected + 1).min(last),
                    Action::PageUp => selected.saturating_sub(10),
                    Action::PageDown => (selected + 10).min(last),
                    Action::First => 0,
                    Action::Last => last,
                    Action::Open => return self.jump_to(&rows[selected]),
                    Action::Click(Target::Row(i)) if i < rows.len() => {
                        return self.jump_to(&rows[i]);
                    }
                    Action::Back | Action::Jump => return None,
                    _ => selected,
                };
                self.overlay = Some(Overlay::Jump { rows, selected });
                None
            }
        }
    }

    /// Opens the jump list: every lesson, with the current one's scenes.
    pub fn open_jump(&mut self, current: usize, scene: usize) {
        let mut rows = Vec::new();
        let mut selected = 0;
        for (i, l) in self.course.lessons.iter().enumerate() {
            rows.push(JumpRow {
                lesson: i,
                scene: None,
            });
            if i == current {
                for s in 0..=l.scenes.len() {
                    if s == scene {
                        selected = rows.len();
                    }
                    rows.push(JumpRow {
                        lesson: i,
                        scene: Some(s),
                    });
                }
            }
        }
        self.overlay = Some(Overlay::Jump { rows, selected });
    }

    fn jump_to(&mut self, row: &JumpRow) -> Option<Action> {
        // Leave whatever lesson is open, then open the chosen place.
        while self.stack.len() > 1 && !matches!(self.screen(), Screen::Home(_)) {
            self.stack.pop();
        }
        let view = LessonView::open(self, row.lesson, row.scene.unwrap_or(0));
        self.stack.push(Screen::Lesson(Box::new(view)));
        None
    }

    /// Starts a quiz over `questions`, shuffled with a fresh seed.
    pub fn start_quiz(
        &mut self,
        origin: quiz::Origin,
        questions: &[crate::content::schema::Question],
    ) -> Result<Screen, String> {
        let seed = self.next_seed();
        let course = &self.course;
        let session = crate::learn::quiz::Session::new(questions, seed, &|name| course.org(name))?;
        Ok(Screen::Quiz(Box::new(QuizView::new(origin, session))))
    }

    /// Progress changed: the host saves it, and today counts as practised.
    pub fn mark_progress(&mut self) {
        self.progress.practised(self.today);
        self.progress_dirty = true;
    }

    pub fn say(&mut self, notice: impl Into<String>) {
        self.notice = Some(notice.into());
    }
}

/// What a screen's update asks of the stack.
#[derive(Debug)]
pub enum Step {
    Stay,
    /// Stay, and apply this action next.
    Follow(Action),
    /// Back one level.
    Pop,
    Push(Screen),
    Replace(Screen),
}
