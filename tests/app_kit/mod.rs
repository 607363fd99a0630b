//! Driving the app in tests: a fresh app on a `TestBackend`, keys sent the
//! way the real loop sends them (draw, look the key up in the keymap with
//! the hit map of that frame, apply), and the screen read back as text.
#![allow(dead_code)]

use std::sync::OnceLock;

use iamtutor::app::access::AccessView;
use iamtutor::app::console::{Console, LabView, SandboxView};
use iamtutor::app::dashboard::DashboardView;
use iamtutor::app::interview::InterviewView;
use iamtutor::app::lesson::LessonView;
use iamtutor::app::quiz::QuizView;
use iamtutor::app::review::{Current, ReviewView};
use iamtutor::app::{Action, App, HitMap, Screen, keymap};
use iamtutor::content::course::Course;
use iamtutor::content::schema::QuestionKind;
use iamtutor::learn::interview::Level;
use iamtutor::learn::progress::{InterviewRecord, Progress};
use iamtutor::learn::review::{self, CardKind};
use iamtutor::tui;
use iamtutor::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;

/// Every test app is seeded alike, so quizzes shuffle alike.
pub const SEED: u64 = 7;

pub fn course() -> Course {
    static COURSE: OnceLock<Course> = OnceLock::new();
    COURSE
        .get_or_init(|| Course::embedded().expect("the embedded course loads"))
        .clone()
}

/// "N/ALL lessons done", ALL counted from the course, so a new lesson does
/// not break every test that reads the home line.
pub fn lessons_done(n: usize) -> String {
    format!("{n}/{} lessons done", course().lessons.len())
}

/// "N/ALL labs solved", ALL counted from the course.
pub fn labs_solved(n: usize) -> String {
    format!("{n}/{} labs solved", course().labs().count())
}

/// The scene of lesson `lesson` (from 0) that introduces lab `lab`.
pub fn scene_of_lab(lesson: usize, lab: &str) -> usize {
    course().lessons[lesson]
        .scenes
        .iter()
        .position(
            |s| matches!(s, iamtutor::content::schema::Scene::LabIntro { lab: l } if l == lab),
        )
        .unwrap_or_else(|| panic!("lesson {lesson} introduces no lab {lab}"))
}

pub fn new_app() -> App {
    App::new(course(), Progress::default(), SEED)
}

/// The app, a test terminal, and the clickable areas of the last frame.
pub struct Harness {
    pub app: App,
    pub term: Terminal<TestBackend>,
    pub hits: HitMap,
}

pub fn key_event(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl_event(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

impl Harness {
    pub fn new(width: u16, height: u16) -> Harness {
        Harness::with_app(new_app(), width, height)
    }

    pub fn with_app(app: App, width: u16, height: u16) -> Harness {
        let term = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
        let mut h = Harness {
            app,
            term,
            hits: HitMap::default(),
        };
        h.draw();
        h
    }

    /// Draws a frame, as the loop does before it waits for an event.
    pub fn draw(&mut self) -> String {
        let app = &self.app;
        let mut hits = HitMap::default();
        self.term
            .draw(|frame| hits = ui::render(app, frame))
            .expect("drawing on a test backend");
        self.hits = hits;
        self.text()
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.term.backend_mut().resize(width, height);
        self.event(Event::Resize(width, height));
    }

    /// One event through the keymap, applied, the work kept (as the
    /// loop's host does after every step), then a fresh frame.
    pub fn event(&mut self, event: Event) {
        self.update(&event);
        self.app.keep_work(true);
        self.draw();
    }

    /// What the loop does with one event, short of keeping and drawing.
    fn update(&mut self, event: &Event) {
        for action in keymap::actions_for(&self.app, event, &self.hits) {
            tui::apply(&mut self.app, action);
        }
    }

    pub fn key(&mut self, code: KeyCode) {
        self.event(key_event(code));
    }

    pub fn ctrl(&mut self, c: char) {
        self.event(ctrl_event(c));
    }

    pub fn enter(&mut self) {
        self.key(KeyCode::Enter);
    }

    pub fn esc(&mut self) {
        self.key(KeyCode::Esc);
    }

    /// Each character as its own key press.
    pub fn chars(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// Types a command line and presses Enter. The line goes in as a burst
    /// (see `burst`): a test of typing itself sends keys with `chars`.
    pub fn run(&mut self, line: &str) {
        self.burst(line);
        self.enter();
    }

    /// Types `text` as one burst: every character's actions are applied,
    /// then the work is kept and the screen drawn once. The app loop draws
    /// after each key, and `chars` does too; a test that only needs a
    /// command run, or a state reached (the key walk's setups, rebuilt for
    /// every key it checks), saves a frame a character.
    pub fn burst(&mut self, text: &str) {
        for c in text.chars() {
            self.update(&key_event(KeyCode::Char(c)));
        }
        self.app.keep_work(true);
        self.draw();
    }

    pub fn action(&mut self, action: Action) {
        tui::apply(&mut self.app, action);
        self.draw();
    }

    pub fn buffer(&self) -> &Buffer {
        self.term.backend().buffer()
    }

    /// The screen, one line of text per row.
    pub fn text(&self) -> String {
        buffer_text(self.buffer())
    }

    // Screens, for asserting on state.

    pub fn lesson(&self) -> &LessonView {
        match self.app.screen() {
            Screen::Lesson(l) => l,
            other => panic!("expected a lesson, found {}", screen_name(other)),
        }
    }

    pub fn quiz(&self) -> &QuizView {
        match self.app.screen() {
            Screen::Quiz(q) => q,
            other => panic!("expected a quiz, found {}", screen_name(other)),
        }
    }

    pub fn sandbox(&self) -> &SandboxView {
        match self.app.screen() {
            Screen::Sandbox(s) => s,
            other => panic!("expected the sandbox, found {}", screen_name(other)),
        }
    }

    pub fn lab(&self) -> &LabView {
        match self.app.screen() {
            Screen::Lab(l) => l,
            other => panic!("expected a lab, found {}", screen_name(other)),
        }
    }

    pub fn review(&self) -> &ReviewView {
        match self.app.screen() {
            Screen::Review(r) => r,
            other => panic!("expected review, found {}", screen_name(other)),
        }
    }

    pub fn interview(&self) -> &InterviewView {
        match self.app.screen() {
            Screen::Interview(i) => i,
            other => panic!("expected an interview, found {}", screen_name(other)),
        }
    }

    /// Opens interview practice on a round of these cards (by id), in
    /// this order, as if the setup screen had drawn them.
    pub fn interview_of(&mut self, ids: &[&str]) {
        let cards = ids
            .iter()
            .map(|id| {
                let c = self.app.course.interview.iter().find(|c| c.id == *id);
                c.unwrap_or_else(|| panic!("no card {id}")).clone()
            })
            .collect();
        let mut view = InterviewView::new(15, SEED);
        view.start_with(&mut self.app, Level::Mixed, cards);
        self.app.stack.push(Screen::Interview(Box::new(view)));
        self.draw();
    }

    pub fn dashboard(&self) -> &DashboardView {
        match self.app.screen() {
            Screen::Dashboard(d) => d,
            other => panic!("expected the dashboard, found {}", screen_name(other)),
        }
    }

    pub fn access(&self) -> &AccessView {
        match self.app.screen() {
            Screen::Access(a) => a,
            other => panic!("expected the access grid, found {}", screen_name(other)),
        }
    }

    /// The question on screen: a quiz's, or a review's question card.
    pub fn shown_quiz(&self) -> &QuizView {
        match self.app.screen() {
            Screen::Quiz(q) => q,
            Screen::Review(r) => match &r.current {
                Some(Current::Question(q)) => q,
                _ => panic!("the review card shown is not a question"),
            },
            other => panic!("expected a question, found {}", screen_name(other)),
        }
    }

    pub fn console(&self) -> &Console {
        match self.app.screen() {
            Screen::Sandbox(s) => &s.console,
            Screen::Lab(l) => &l.console,
            other => panic!("expected a console, found {}", screen_name(other)),
        }
    }

    // Getting somewhere with keys.

    /// From home: the n-th row of the course map, opened with Enter.
    pub fn open_home_row(&mut self, row: usize) {
        self.key(KeyCode::Home);
        for _ in 0..row {
            self.key(KeyCode::Down);
        }
        self.enter();
    }

    /// From home: lesson `index` (from 0) opened, then Next until `scene`.
    /// Demos on the way are skipped over by running all their steps.
    pub fn open_lesson_at(&mut self, index: usize, scene: usize) {
        let row = home_row_of_lesson(&self.app, index);
        self.open_home_row(row);
        assert_eq!(self.lesson().lesson, index);
        while self.lesson().scene < scene {
            self.key(KeyCode::Right);
        }
        assert_eq!(self.lesson().scene, scene);
    }

    /// From a lesson's checkpoint page, Enter starts the quiz.
    pub fn start_checkpoint(&mut self, lesson: usize) {
        let scenes = self.app.course.lessons[lesson].scenes.len();
        self.open_lesson_at(lesson, scenes);
        self.enter();
        let _ = self.quiz();
    }

    /// Answers the question shown, rightly or not, with keys only: a
    /// number highlights (or ticks, or places), Enter answers.
    pub fn answer(&mut self, right: bool) {
        let item = self.shown_quiz().item().clone();
        match &item.question.kind {
            QuestionKind::ChooseOne { .. } | QuestionKind::Decide(_) | QuestionKind::Spot(_) => {
                let pos = if right {
                    right_positions(&item)[0]
                } else {
                    wrong_positions(&item)[0]
                };
                self.key(KeyCode::Char(digit(pos)));
                self.enter();
            }
            QuestionKind::TrueFalse { answer, .. } => {
                let pos = if *answer == right { 0 } else { 1 };
                self.key(KeyCode::Char(digit(pos)));
                self.enter();
            }
            QuestionKind::ChooseMany { .. } => {
                let picks = if right {
                    right_positions(&item)
                } else {
                    wrong_positions(&item)[..1].to_vec()
                };
                for p in picks {
                    self.key(KeyCode::Char(digit(p)));
                }
                self.enter();
            }
            QuestionKind::ShortAnswer { accept } => {
                let text = if right {
                    accept[0].clone()
                } else {
                    "no idea".into()
                };
                self.chars(&text);
                self.enter();
            }
            QuestionKind::Order { .. } => {
                let mut order: Vec<usize> = (0..item.order.len()).collect();
                // Display position p shows item order[p]; the right order
                // is by the item's index in the file.
                order.sort_by_key(|p| item.order[*p]);
                if !right {
                    order.reverse();
                }
                for p in order {
                    self.key(KeyCode::Char(digit(p)));
                }
                self.enter();
            }
        }
        assert!(
            self.shown_quiz().graded.is_some(),
            "the question was answered"
        );
    }

    /// From an answered question, → goes on (Enter does not).
    pub fn next(&mut self) {
        self.key(KeyCode::Right);
    }

    /// Answers and moves on until the question shown is of `kind`.
    pub fn skip_to_kind(&mut self, kind: fn(&QuestionKind) -> bool) {
        for _ in 0..50 {
            if kind(&self.quiz().item().question.kind) {
                return;
            }
            self.answer(true);
            self.next();
        }
        panic!("no question of that kind in this quiz");
    }
}

/// The day the tests' learners practise on (days since 1970-01-01).
pub const TODAY: i64 = 20_000;

/// A fresh app on `TODAY` whose learner has `cards` due, in that order
/// (each a day more overdue than the next).
pub fn app_with_cards(cards: &[CardKind]) -> App {
    let mut app = new_app();
    app.today = TODAY;
    let n = cards.len() as i64;
    for (i, c) in cards.iter().enumerate() {
        review::add(&mut app.progress.review, c.clone(), TODAY - n + i as i64);
    }
    app
}

/// A learner some way into the course, on `TODAY`: lesson 1 read with
/// its checkpoint at 9/12, three scenes of lesson 2, John's lab solved
/// within par with two hints, the groups lab started, quiz answers on
/// three topics, five days of practice in a row, a review deck with two
/// cards due and one not, and an interview.
pub fn practised_app() -> App {
    let mut app = new_app();
    app.today = TODAY;
    let p = &mut app.progress;
    for s in 0..8 {
        p.see_scene("identities", s);
    }
    p.checkpoint("identities", 9, 12);
    p.lab_started("users-john");
    p.lab_result("users-john", 2, false, true);
    p.lab_started("groups-team");
    for s in 0..3 {
        p.see_scene("users", s);
    }
    for (topic, right, wrong) in [("identities", 9, 3), ("users", 4, 0), ("roles", 1, 3)] {
        for _ in 0..right {
            p.answered(topic, true);
        }
        for _ in 0..wrong {
            p.answered(topic, false);
        }
    }
    for d in TODAY - 4..=TODAY {
        p.practised(d);
    }
    review::add(
        &mut p.review,
        CardKind::Question("identities-08".into()),
        TODAY - 1,
    );
    review::add(&mut p.review, CardKind::Interview("iv-001".into()), TODAY);
    review::add(
        &mut p.review,
        CardKind::Question("identities-12".into()),
        TODAY + 3,
    );
    p.interviews.push(InterviewRecord {
        day: TODAY - 1,
        asked: 5,
        strong: 3,
        weak_topics: vec!["roles".into(), "users".into()],
        ..Default::default()
    });
    app
}

/// The key that picks display position `pos`.
pub fn digit(pos: usize) -> char {
    char::from(b'1' + pos as u8)
}

/// Display positions of the right options of a choice or decide question.
pub fn right_positions(item: &iamtutor::learn::quiz::Item) -> Vec<usize> {
    use iamtutor::app::quiz::DECISIONS;
    match &item.question.kind {
        QuestionKind::ChooseOne { options } | QuestionKind::ChooseMany { options } => item
            .order
            .iter()
            .enumerate()
            .filter(|(_, i)| options[**i].correct)
            .map(|(p, _)| p)
            .collect(),
        QuestionKind::Decide(_) => {
            let d = item.decided.as_ref().expect("decided").decision;
            vec![DECISIONS.iter().position(|x| *x == d).expect("one")]
        }
        QuestionKind::TrueFalse { answer, .. } => vec![if *answer { 0 } else { 1 }],
        QuestionKind::Spot(_) => {
            let flagged = &item.spotted.as_ref().expect("spotted").flagged;
            item.order
                .iter()
                .enumerate()
                .filter(|(_, i)| flagged[**i])
                .map(|(p, _)| p)
                .collect()
        }
        _ => Vec::new(),
    }
}

pub fn wrong_positions(item: &iamtutor::learn::quiz::Item) -> Vec<usize> {
    let right = right_positions(item);
    let n = iamtutor::app::quiz::options(item).len();
    (0..n).filter(|p| !right.contains(p)).collect()
}

/// The row of home's course map that opens lesson `index`.
pub fn home_row_of_lesson(app: &App, index: usize) -> usize {
    iamtutor::app::home::entries(app)
        .iter()
        .position(|e| *e == iamtutor::app::home::Entry::Lesson(index))
        .expect("every lesson is on home")
}

/// The row of home's course map that opens lab `id`.
pub fn home_row_of_lab(app: &App, id: &str) -> usize {
    iamtutor::app::home::entries(app)
        .iter()
        .position(|e| match e {
            iamtutor::app::home::Entry::Lab(i, j) => app.course.lessons[*i].labs[*j].id == id,
            _ => false,
        })
        .expect("every lab is on home")
}

pub fn screen_name(s: &Screen) -> &'static str {
    match s {
        Screen::Home(_) => "home",
        Screen::Lesson(_) => "lesson",
        Screen::Quiz(_) => "quiz",
        Screen::Sandbox(_) => "sandbox",
        Screen::Lab(_) => "lab",
        Screen::Review(_) => "review",
        Screen::Interview(_) => "interview",
        Screen::Dashboard(_) => "dashboard",
        Screen::Present(_) => "present",
        Screen::Access(_) => "access",
    }
}

/// A buffer as text: one line per row, trailing blanks trimmed. A wide
/// character's second cell is not repeated.
pub fn buffer_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut row = String::new();
        let mut skip = 0usize;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            row.push_str(symbol);
            skip = symbol.width().saturating_sub(1);
        }
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out
}
