//! Presenter mode, driven by actions over a `TestBackend`: snapshots of its
//! pages at 80x24 and 160x48 (and at 80x24 without colour), and the promise that `--seed N` gives the
//! presenter the students' checkpoint order.

use iamtutor::app::keymap::{self, Key};
use iamtutor::app::present::{self, Page, PresentView};
use iamtutor::app::quiz::Origin;
use iamtutor::app::{Action, App, KeyScope, Screen};
use iamtutor::content::course::Course;
use iamtutor::learn::progress::Progress;
use iamtutor::tui::apply;
use iamtutor::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Lesson 4, "IAM roles".
const ROLES: usize = 3;
const SEED: u64 = 42;

fn presenter(seed: u64) -> App {
    let course = Course::embedded().expect("the embedded course loads");
    let mut app = App::new(course, Progress::default(), seed);
    present::open(&mut app, ROLES);
    app
}

fn view(app: &App) -> &PresentView {
    match app.screen() {
        Screen::Present(v) => v,
        _ => panic!("not the presenter"),
    }
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|frame| {
            ui::render(app, frame);
        })
        .unwrap();
    terminal.backend().to_string()
}

/// Presses Next until the page is `page`, drawing between keys as the
/// real loop does.
fn to_page(app: &mut App, page: Page) {
    for _ in 0..200 {
        if view(app).current() == page {
            return;
        }
        screen(app, 80, 24);
        apply(app, Action::Next);
    }
    panic!("never reached {page:?}");
}

/// The presenter at each snapshot's moment, by name.
fn moments() -> Vec<(&'static str, App)> {
    let mut out = Vec::new();
    let app = presenter(SEED);
    out.push(("title", app));

    let mut app = presenter(SEED);
    to_page(&mut app, Page::Scene(0));
    apply(&mut app, Action::Next);
    out.push(("prose_two_paragraphs", app));

    let mut app = presenter(SEED);
    to_page(&mut app, Page::Scene(4));
    // Each step: one key starts typing, the next runs it at once.
    for _ in 0..4 {
        apply(&mut app, Action::Next);
    }
    assert_eq!(view(&app).demo.as_ref().unwrap().outputs.len(), 2);
    out.push(("demo_two_steps", app));

    // A diagram with its caption (↑), and a lab's introduction.
    let mut app = presenter(SEED);
    to_page(&mut app, Page::Scene(1));
    out.push(("diagram", app));

    let mut app = presenter(SEED);
    to_page(&mut app, Page::Scene(5));
    out.push(("lab_intro", app));

    let mut app = presenter(SEED);
    to_page(&mut app, Page::Checkpoint);
    out.push(("checkpoint", app));

    let mut app = presenter(SEED);
    to_page(&mut app, Page::Question(0));
    out.push(("question", app));

    let mut app = presenter(SEED);
    to_page(&mut app, Page::Question(0));
    apply(&mut app, Action::Reveal);
    out.push(("question_revealed", app));

    let mut app = presenter(SEED);
    to_page(&mut app, Page::End);
    out.push(("end", app));
    out
}

#[test]
fn presenter_pages_at_80x24() {
    for (name, app) in moments() {
        insta::assert_snapshot!(format!("present_80x24_{name}"), screen(&app, 80, 24));
    }
}

#[test]
fn presenter_pages_at_160x48() {
    for (name, app) in moments() {
        insta::assert_snapshot!(format!("present_160x48_{name}"), screen(&app, 160, 48));
    }
}

/// Without colour, every mark still reads: the snapshots hold the text
/// NO_COLOR leaves.
#[test]
fn presenter_pages_at_80x24_without_colour() {
    for (name, mut app) in moments() {
        app.no_color = true;
        insta::assert_snapshot!(
            format!("present_no_color_80x24_{name}"),
            screen(&app, 80, 24)
        );
    }
}

#[test]
fn the_presenters_checkpoint_is_the_students_first_with_the_same_seed() {
    let order = |seed: u64| {
        let app = presenter(seed);
        let session = view(&app).quiz.as_ref().unwrap().clone();
        session
            .items
            .iter()
            .map(|i| (i.question.id.clone(), i.order.clone()))
            .collect::<Vec<_>>()
    };
    let student = |seed: u64| {
        let course = Course::embedded().unwrap();
        let questions = course.lessons[ROLES].checkpoint.clone();
        let mut app = App::new(course, Progress::default(), seed);
        let Ok(Screen::Quiz(quiz)) = app.start_quiz(Origin::Checkpoint(ROLES), &questions) else {
            panic!("the checkpoint starts");
        };
        quiz.session
            .items
            .iter()
            .map(|i| (i.question.id.clone(), i.order.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(order(SEED), student(SEED));
    assert_eq!(order(7), student(7));
    // And the seed matters, or the test would prove nothing.
    assert_ne!(order(SEED), order(7));
}

#[test]
fn answers_stay_hidden_until_revealed() {
    let mut app = presenter(SEED);
    to_page(&mut app, Page::Question(0));
    let before = screen(&app, 160, 48);
    assert!(before.contains("r reveals the answer"), "{before}");
    assert!(!before.contains("The answer:"), "{before}");
    apply(&mut app, Action::Reveal);
    let after = screen(&app, 160, 48);
    assert!(after.contains("✓ The answer:"), "{after}");
    // Moving on and back keeps it revealed.
    apply(&mut app, Action::Next);
    apply(&mut app, Action::Prev);
    assert!(view(&app).revealed[0]);
    // Next on an unrevealed question moves on without revealing it.
    apply(&mut app, Action::Next);
    assert_eq!(view(&app).current(), Page::Question(1));
    assert!(!view(&app).revealed[1]);
}

#[test]
fn going_back_shows_the_previous_page_whole() {
    let mut app = presenter(SEED);
    to_page(&mut app, Page::Scene(5));
    apply(&mut app, Action::Prev);
    let v = view(&app);
    assert_eq!(v.current(), Page::Scene(4));
    // Every step of the demo has run.
    let demo = v.demo.as_ref().unwrap();
    assert_eq!(demo.outputs.len(), 8);
    assert!(demo.typing.is_none());
    let s = screen(&app, 160, 48);
    assert!(s.contains("✓ demo done"), "{s}");
}

#[test]
fn the_key_table_has_the_presenters_keys_and_help_lists_them() {
    let key = |k| keymap::action_for_key(KeyScope::Present, k);
    assert_eq!(key(Key::Char(' ')), Some(Action::Next));
    assert_eq!(key(Key::Right), Some(Action::Next));
    assert_eq!(key(Key::PageDown), Some(Action::Next));
    assert_eq!(key(Key::Left), Some(Action::Prev));
    assert_eq!(key(Key::Char('r')), Some(Action::Reveal));
    assert_eq!(key(Key::Esc), Some(Action::Quit));
    assert_eq!(key(Key::Char('q')), Some(Action::Quit));
    assert_eq!(key(Key::Char('?')), Some(Action::Help));
    let mut app = presenter(SEED);
    apply(&mut app, Action::Help);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Help: Presenter"), "{s}");
    assert!(s.contains("reveal the answer"), "{s}");
    apply(&mut app, Action::Quit);
    assert!(app.should_quit());
}

#[test]
fn a_small_terminal_gets_a_notice_not_a_panic() {
    let app = presenter(SEED);
    let s = screen(&app, 40, 10);
    assert!(s.contains("needs a terminal"), "{s}");
}
