//! Every screen and its main states, drawn on a `TestBackend` at 80x24 and
//! at 160x48 and compared with the committed snapshots in
//! `tests/snapshots/`. Each state is reached with key events through the
//! keymap, as a learner would; besides the snapshot, each test checks the
//! facts the screen must show.

use crate::app_kit;

use app_kit::{
    Harness, TODAY, app_with_cards, buffer_text, digit, home_row_of_lab, practised_app,
    right_positions, wrong_positions,
};
use iamtutor::app::interview::CaseState;
use iamtutor::app::narrow_panes::Pane;
use iamtutor::app::quiz::Origin;
use iamtutor::app::{Action, App, KeyScope, Overlay, Target};
use iamtutor::content::revisit;
use iamtutor::content::schema::{Card, Difficulty, QuestionKind};
use iamtutor::iam::explain;
use iamtutor::learn::interview::{Level, Verdict};
use iamtutor::learn::review::CardKind;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::style::Color;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

/// Builds the state at both sizes, checks it, snapshots it.
fn at_both_sizes(name: &str, build: impl Fn(&mut Harness)) {
    for (w, h) in SIZES {
        let mut hs = Harness::new(w, h);
        build(&mut hs);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), hs.text());
    }
}

/// As `at_both_sizes`, and once more at 80x24 without colour, where the
/// screen must carry no colour at all.
fn at_all(name: &str, build: impl Fn(&mut Harness)) {
    at_all_from(name, app_kit::new_app, build);
}

/// As `at_all`, from an app made by `app`.
fn at_all_from(name: &str, app: impl Fn() -> App, build: impl Fn(&mut Harness)) {
    at_both_sizes_from(name, &app, &build);
    let mut hs = Harness::with_app(app(), 80, 24);
    hs.app.no_color = true;
    hs.draw();
    build(&mut hs);
    assert_eq!(coloured_cells(&hs), 0, "{name} without colour");
    insta::assert_snapshot!(format!("{name}_no_color_80x24"), hs.text());
}

/// The footer's row.
fn footer(hs: &Harness) -> String {
    hs.text().lines().last().unwrap_or("").to_string()
}

/// As `at_both_sizes`, from an app made by `app`.
fn at_both_sizes_from(name: &str, app: impl Fn() -> App, build: impl Fn(&mut Harness)) {
    for (w, h) in SIZES {
        let mut hs = Harness::with_app(app(), w, h);
        build(&mut hs);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), hs.text());
    }
}

/// The screen's words with all runs of white space made one space, so a
/// phrase that wraps still matches.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_shows(hs: &Harness, phrase: &str) {
    let screen = hs.text();
    assert!(
        flat(&screen).contains(&flat(phrase)),
        "expected {phrase:?} on screen:\n{screen}"
    );
}

fn assert_hides(hs: &Harness, phrase: &str) {
    let screen = hs.text();
    assert!(
        !flat(&screen).contains(&flat(phrase)),
        "did not expect {phrase:?} on screen:\n{screen}"
    );
}

/// Every scene of the course, as the summaries count them.
fn total_scenes(app: &App) -> usize {
    app.course.lessons.iter().map(|l| l.scenes.len()).sum()
}

fn is_kind(kind: &QuestionKind, name: &str) -> bool {
    matches!(
        (kind, name),
        (QuestionKind::ChooseOne { .. }, "one")
            | (QuestionKind::ChooseMany { .. }, "many")
            | (QuestionKind::ShortAnswer { .. }, "short")
            | (QuestionKind::Order { .. }, "order")
            | (QuestionKind::Decide(_), "decide")
    )
}

/// Lesson 1's checkpoint, moved on to its first question of `kind`.
fn checkpoint_at(hs: &mut Harness, kind: &'static str) {
    hs.start_checkpoint(0);
    for _ in 0..20 {
        if is_kind(&hs.quiz().item().question.kind, kind) {
            return;
        }
        hs.answer(true);
        hs.next();
    }
    panic!("lesson 1's checkpoint has no {kind} question");
}

// Home.

#[test]
fn home_fresh() {
    at_both_sizes("home_fresh", |hs| {
        assert_shows(hs, "iamtutor · learn AWS IAM by doing");
        assert_shows(hs, "Why IAM has several kinds of identity");
        assert_shows(hs, &app_kit::lessons_done(0));
        assert_hides(hs, "▶ Continue");
        assert_hides(hs, "due for review");
    });
}

#[test]
fn home_with_progress() {
    at_both_sizes("home_progress", |hs| {
        // Read four scenes of lesson 1, take its checkpoint, start a lab.
        hs.open_lesson_at(0, 3);
        hs.esc();
        hs.start_checkpoint(0);
        for i in 0..12 {
            hs.answer(i % 3 != 0);
            hs.next();
        }
        assert!(hs.quiz().summary);
        hs.enter(); // back to the lesson
        hs.esc(); // home
        let row = home_row_of_lab(&hs.app, "users-john");
        hs.open_home_row(row);
        let _ = hs.lab();
        hs.esc();
        hs.key(KeyCode::Home);
        assert_shows(hs, "▶ Continue the lab: John's first day");
        let scenes = total_scenes(&hs.app);
        assert_shows(
            hs,
            &format!("{} · 8/{scenes} scenes read", app_kit::lessons_done(1)),
        );
        // The four answered wrong are due for review, said at the top.
        assert_shows(
            hs,
            &format!("{} · 4 due for review", app_kit::labs_solved(0)),
        );
        assert_shows(hs, "8/8"); // every scene of lesson 1 seen
        assert_shows(hs, "✓ 8/12"); // the checkpoint's best
        assert_shows(hs, "◐ started");
    });
}

// The lesson player.

#[test]
fn lesson_prose() {
    at_both_sizes("lesson_prose", |hs| {
        hs.open_lesson_at(0, 0);
        assert_shows(hs, "A company on AWS");
        assert_shows(hs, "scene 1/8");
        // Emphasis is drawn, not shown as asterisks.
        assert_shows(hs, "who is asking?");
        assert_hides(hs, "*who is asking?*");
    });
}

#[test]
fn lesson_table() {
    at_both_sizes("lesson_table", |hs| {
        hs.open_lesson_at(0, 1);
        assert_shows(hs, "When this happens │ you have to");
        assert_shows(hs, "─┼─");
        assert_shows(hs, "scene 2/8");
    });
}

#[test]
fn lesson_diagram() {
    at_all("lesson_diagram", |hs| {
        hs.open_lesson_at(0, 2);
        assert_shows(hs, "Three kinds of identity");
        assert_shows(hs, "|  Developers  |");
    });
}

#[test]
fn lesson_callout() {
    at_both_sizes("lesson_callout", |hs| {
        hs.open_lesson_at(1, 2);
        assert_shows(hs, "≈ Analogy");
        assert!(hs.text().contains("┆ On his first morning"));
    });
}

#[test]
fn lesson_demo_before_steps() {
    at_all("lesson_demo_before", |hs| {
        hs.open_lesson_at(0, 6);
        assert_shows(hs, "One company, two kinds of identity");
        assert_shows(hs, "Space runs step 1 of 9");
        assert_hides(hs, "$ as john");
    });
}

#[test]
fn lesson_demo_after_steps() {
    at_all("lesson_demo_after", |hs| {
        hs.open_lesson_at(0, 6);
        // Each step: one key starts typing it, the next finishes and runs it.
        for _ in 0..4 {
            hs.key(KeyCode::Char(' '));
            hs.key(KeyCode::Char(' '));
        }
        let demo = hs.lesson().demo.as_ref().expect("a demo");
        assert_eq!(demo.outputs.len(), 4);
        assert!(demo.outputs[1].ok && !demo.outputs[3].ok);
        assert_eq!(hs.lesson().scene, 6, "running steps stays on the scene");
        assert_shows(hs, "$ aws s3 ls s3://startup-reports");
        assert_shows(hs, "Space runs step 5 of 9");
        // The denied call's real error is shown.
        let err = demo.outputs[3].stderr.lines().next().unwrap().to_string();
        assert_shows(hs, &err);
    });
}

#[test]
fn lesson_lab_intro() {
    at_all("lesson_lab_intro", |hs| {
        hs.open_lesson_at(1, app_kit::scene_of_lab(1, "users-john"));
        assert_shows(hs, "Lab: John's first day");
        assert_shows(hs, "○ John can sign in to the console");
        assert_shows(hs, "▶ Enter opens the lab");
        // The footer says what Enter does here, and only here.
        assert_eq!(hs.app.key_scope(), KeyScope::LessonLab);
        assert!(
            footer(hs).starts_with("Enter start lab   → next"),
            "{}",
            footer(hs)
        );
    });
    // On any other scene Enter just goes on, and the footer names no lab.
    let hs = {
        let mut hs = Harness::new(80, 24);
        hs.open_lesson_at(1, 7);
        hs
    };
    assert_eq!(hs.app.key_scope(), KeyScope::Lesson);
    assert!(!footer(&hs).contains("Enter"), "{}", footer(&hs));
    assert!(!footer(&hs).contains("start"), "{}", footer(&hs));
}

#[test]
fn lesson_checkpoint_page() {
    at_all("lesson_checkpoint", |hs| {
        hs.open_lesson_at(0, 8);
        assert_shows(
            hs,
            "12 questions on \"Why IAM has several kinds of identity\"",
        );
        assert_shows(hs, "▶ Enter starts the checkpoint");
        assert_shows(hs, "checkpoint");
        assert_eq!(hs.app.key_scope(), KeyScope::LessonCheckpoint);
        assert!(footer(hs).starts_with("Enter start quiz   ← back"));
    });
}

/// Lesson 1's checkpoint taken to the end (9 of 12 right), and back on its
/// page.
fn checkpoint_taken(hs: &mut Harness) {
    hs.start_checkpoint(0);
    for i in 0..12 {
        hs.answer(i % 4 != 1);
        hs.next();
    }
    assert!(hs.quiz().summary);
    hs.enter();
    assert_eq!(hs.lesson().scene, 8);
}

#[test]
fn lesson_checkpoint_page_once_taken() {
    at_all("lesson_checkpoint_done", |hs| {
        checkpoint_taken(hs);
        assert_eq!(hs.app.key_scope(), KeyScope::LessonCheckpointDone);
        assert_shows(hs, "Your best so far: 9 of 12.");
        assert_shows(hs, "▶ → next lesson: 2 IAM users");
        assert_shows(
            hs,
            "Enter takes the checkpoint again; your best score is kept.",
        );
        assert!(
            footer(hs).starts_with("→ next lesson   Enter retake quiz   ← back"),
            "{}",
            footer(hs)
        );
        assert_hides(hs, "Enter starts the checkpoint");
    });
}

#[test]
fn right_arrow_on_a_finished_checkpoint_moves_on() {
    let mut hs = Harness::new(80, 24);
    // Not taken yet, → starts it.
    hs.open_lesson_at(0, 8);
    hs.key(KeyCode::Right);
    assert_eq!(hs.quiz().origin, Origin::Checkpoint(0));
    hs.esc();
    assert_eq!(hs.lesson().scene, 8);
    hs.esc();
    // Taken, → goes on to the next lesson instead of starting it again.
    checkpoint_taken(&mut hs);
    hs.key(KeyCode::Right);
    assert_eq!((hs.lesson().lesson, hs.lesson().scene), (1, 0));
    assert_eq!(hs.app.stack.len(), 2, "home and the lesson, no quiz");
    assert_shows(&hs, "Lesson 2 · IAM users");
    // Space and n move on too; ← comes back to the page, where Enter
    // takes the checkpoint again.
    hs.key(KeyCode::Left);
    assert_eq!((hs.lesson().lesson, hs.lesson().scene), (0, 8));
    hs.key(KeyCode::Char('n'));
    assert_eq!((hs.lesson().lesson, hs.lesson().scene), (1, 0));
    hs.key(KeyCode::Left);
    hs.enter();
    assert_eq!(hs.quiz().origin, Origin::Checkpoint(0));
    assert_eq!(hs.quiz().index, 0);

    // The last lesson's checkpoint, taken: → goes home, and says why.
    let mut app = app_kit::new_app();
    let last = app.course.lessons.len() - 1;
    let id = app.course.lessons[last].id.clone();
    app.progress.checkpoint(&id, 5, 10);
    let mut hs = Harness::with_app(app, 80, 24);
    let scenes = hs.app.course.lessons[last].scenes.len();
    hs.open_lesson_at(last, scenes);
    assert_eq!(hs.app.key_scope(), KeyScope::LessonCourseDone);
    assert_shows(&hs, "▶ → home: this is the last lesson");
    assert!(footer(&hs).starts_with("→ home   Enter retake quiz"));
    hs.key(KeyCode::Right);
    assert_eq!(hs.app.key_scope(), KeyScope::Home);
    assert_shows(&hs, "» that was the last lesson");
}

// Quizzes.

#[test]
fn quiz_choose_one_before() {
    at_both_sizes("quiz_one_before", |hs| {
        checkpoint_at(hs, "one");
        assert_shows(hs, "Choose one: ↑↓ or its number, then Enter");
        assert!(
            hs.text().contains("▸1. "),
            "the first option is highlighted"
        );
        assert_hides(hs, "Not quite");
        // A number only highlights; Enter answers.
        hs.key(KeyCode::Char('3'));
        assert!(hs.text().contains("▸3. "));
        assert!(hs.quiz().graded.is_none());
        hs.key(KeyCode::Char('1'));
        assert!(hs.quiz().graded.is_none());
    });
}

#[test]
fn quiz_choose_one_right() {
    at_both_sizes("quiz_one_right", |hs| {
        checkpoint_at(hs, "one");
        let item = hs.quiz().item().clone();
        let right = right_positions(&item)[0];
        hs.key(KeyCode::Char(digit(right)));
        hs.enter();
        let graded = hs.quiz().graded.clone().expect("answered");
        assert!(graded.correct);
        assert_shows(hs, "✓ Right.");
        assert_shows(hs, &graded.explanation);
        assert!(hs.text().contains(&format!("✓ {}. ", right + 1)));
        assert_hides(hs, "Why not");
        assert_hides(hs, "↑↓ or its number");
    });
}

#[test]
fn quiz_choose_one_wrong() {
    at_both_sizes("quiz_one_wrong", |hs| {
        checkpoint_at(hs, "one");
        let item = hs.quiz().item().clone();
        let wrong = wrong_positions(&item)[0];
        let right = right_positions(&item)[0];
        hs.key(KeyCode::Char(digit(wrong)));
        hs.enter();
        let graded = hs.quiz().graded.clone().expect("answered");
        assert!(!graded.correct);
        let QuestionKind::ChooseOne { options } = &item.question.kind else {
            unreachable!()
        };
        let why_not = options[item.order[wrong]].why_not.clone().expect("why not");
        assert_shows(
            hs,
            &format!("✗ Not quite. The answer: {}", graded.right_answer),
        );
        assert_shows(hs, &format!("Why not: {why_not}"));
        assert!(hs.text().contains(&format!("✗ {}. ", wrong + 1)));
        assert!(hs.text().contains(&format!("✓ {}. ", right + 1)));
    });
}

#[test]
fn quiz_choose_many() {
    at_both_sizes("quiz_many", |hs| {
        checkpoint_at(hs, "many");
        assert_shows(hs, "Choose every right answer");
        hs.key(KeyCode::Down);
        hs.key(KeyCode::Char(' '));
        assert_eq!(hs.quiz().picked.iter().copied().collect::<Vec<_>>(), [1]);
        assert!(hs.text().contains("▸2. [x]"));
        assert!(hs.text().contains(" 1. [ ]"));
        // A number ticks (and unticks) without answering.
        hs.key(KeyCode::Char('4'));
        hs.key(KeyCode::Char('3'));
        hs.key(KeyCode::Char('3'));
        assert_eq!(hs.quiz().picked.iter().copied().collect::<Vec<_>>(), [1, 3]);
        assert!(hs.quiz().graded.is_none());
        assert!(footer(hs).contains("Space tick   Enter answer"));
    });
}

/// Every option of an answered choose-several question says how it came
/// out: ticked and right, missed, ticked but wrong (with its "why not"),
/// or rightly left alone.
#[test]
fn quiz_choose_many_feedback_marks_every_option() {
    at_all("quiz_many_feedback", |hs| {
        checkpoint_at(hs, "many");
        let item = hs.quiz().item().clone();
        let (right, wrong) = (right_positions(&item), wrong_positions(&item));
        assert!(right.len() >= 2 && wrong.len() >= 2);
        hs.key(KeyCode::Char(digit(right[0])));
        hs.key(KeyCode::Char(digit(wrong[0])));
        hs.enter();
        assert!(!hs.quiz().graded.as_ref().unwrap().correct);
        let QuestionKind::ChooseMany { options } = &item.question.kind else {
            unreachable!()
        };
        for (p, &i) in item.order.iter().enumerate() {
            let o = &options[i];
            let n = p + 1;
            if p == right[0] {
                assert_shows(hs, &format!("✓ {n}. {} ticked, right", o.text));
            } else if p == wrong[0] {
                let why = o.why_not.as_ref().unwrap();
                assert_shows(hs, &format!("✗ {n}. {} ticked, but wrong: {why}", o.text));
            } else if o.correct {
                assert_shows(
                    hs,
                    &format!("○ {n}. {} missed: this one is right too", o.text),
                );
            } else {
                // Left alone: no mark, no words.
                assert_shows(hs, &format!("{n}. {}", o.text));
                for mark in ["✓", "○", "✗"] {
                    assert_hides(hs, &format!("{mark} {n}. "));
                }
                assert_hides(hs, o.why_not.as_ref().unwrap());
            }
        }
        assert_shows(
            hs,
            &format!(
                "✗ Not quite: you ticked 1 of the {} right options and 1 wrong one.",
                right.len()
            ),
        );
        // The "why not" sits on its option, not again below.
        assert_hides(hs, "Why not:");
    });
}

#[test]
fn quiz_short_answer_typing() {
    at_both_sizes("quiz_short_typing", |hs| {
        checkpoint_at(hs, "short");
        hs.chars("princ");
        assert_shows(hs, "Type your answer, then Enter");
        assert!(hs.text().contains("answer › princ▏"));
        // Keys that mean something elsewhere are typed here.
        hs.chars("q?");
        assert!(hs.text().contains("answer › princq?▏"));
        assert!(hs.app.overlay.is_none() && !hs.app.should_quit());
    });
}

#[test]
fn quiz_order() {
    at_both_sizes("quiz_order", |hs| {
        checkpoint_at(hs, "order");
        hs.key(KeyCode::Char('3'));
        hs.key(KeyCode::Char('1'));
        assert_eq!(hs.quiz().ordered, [2, 0]);
        assert!(hs.text().contains("3. (1) "));
        assert!(hs.text().contains("1. (2) "));
        assert!(hs.text().contains("2. ( ) "));
        // Enter before every item is placed answers nothing.
        hs.enter();
        assert!(hs.quiz().graded.is_none());
        assert_shows(hs, "» put every item in order first");
    });
    // A wrapped item's second row starts under its first row's text.
    let mut hs = Harness::new(80, 24);
    checkpoint_at(&mut hs, "order");
    let text = hs.text();
    let rows: Vec<&str> = text.lines().collect();
    let wrapped = rows
        .iter()
        .position(|r| r.contains("( ) John gets the answer"))
        .expect("the long item");
    let text_col = rows[wrapped].find("John").unwrap();
    let next = rows[wrapped + 1];
    let indent = next.len() - next.trim_start().len();
    assert_eq!(
        rows[wrapped][..text_col].chars().count(),
        indent,
        "{}\n{}",
        rows[wrapped],
        next
    );
}

/// An answered ordering question shows the learner's order place by place,
/// each wrong place with what belongs there, then the right order.
#[test]
fn quiz_order_feedback_shows_each_place_then_the_right_order() {
    let items = |hs: &Harness| match &hs.quiz().item().question.kind {
        QuestionKind::Order { items } => items.clone(),
        _ => unreachable!(),
    };
    at_all("quiz_order_feedback", |hs| {
        checkpoint_at(hs, "order");
        let items = items(hs);
        let n = items.len();
        // Backwards: only the middle item is in its place.
        hs.answer(false);
        assert_shows(hs, "Your order: ✓ in its place, ✗ out of place");
        for place in 0..n {
            let yours = &items[n - 1 - place];
            if n - 1 - place == place {
                assert_shows(hs, &format!("✓ {}. {yours}", place + 1));
            } else {
                assert_shows(
                    hs,
                    &format!("✗ {}. {yours} belongs here: {}", place + 1, items[place]),
                );
            }
        }
        assert_shows(hs, "✗ Not quite: 1 of 5 in its right place.");
    });
    // Below the places, the right order, first to last.
    let mut hs = Harness::new(80, 24);
    checkpoint_at(&mut hs, "order");
    let items = items(&hs);
    hs.answer(false);
    for _ in 0..hs.quiz().scroll.reach() {
        hs.key(KeyCode::Char('j'));
    }
    let mut right = String::from("The right order");
    for (k, item) in items.iter().enumerate() {
        right.push_str(&format!(" {}. {item}", k + 1));
    }
    assert_shows(&hs, &right);
    // Put right, the places are all ticks and the right order is not
    // repeated.
    let mut hs = Harness::new(160, 48);
    checkpoint_at(&mut hs, "order");
    hs.answer(true);
    assert_shows(&hs, "✓ Right: all 5 in their right place.");
    for place in 1..=5 {
        assert_shows(&hs, &format!("✓ {place}. {}", items[place - 1]));
    }
    assert_hides(&hs, "The right order");
}

#[test]
fn quiz_decide_answered() {
    at_both_sizes("quiz_decide", |hs| {
        checkpoint_at(hs, "decide");
        assert_shows(hs, "What does AWS decide?");
        assert_shows(hs, "principal john");
        hs.answer(true);
        let graded = hs.quiz().graded.clone().expect("answered");
        assert!(graded.correct);
        // The engine's trail, as the engine words it, under its heading:
        // scrolled into view with j where the screen is short.
        let trail = graded.trail.expect("a decide question has a trail");
        let first = trail.lines().find(|l| !l.trim().is_empty()).unwrap();
        let shown = |hs: &Harness| {
            let f = flat(&hs.text());
            f.contains("How the engine decided") && f.contains(&flat(first))
        };
        for _ in 0..hs.quiz().scroll.reach() {
            if shown(hs) {
                break;
            }
            hs.key(KeyCode::Char('j'));
        }
        assert!(shown(hs), "{}", hs.text());
        assert_shows(hs, "✓ Right.");
    });
}

/// The lesson whose checkpoint has the spot question, with its long
/// organization.
fn mistakes_lesson(hs: &Harness) -> usize {
    hs.app
        .course
        .lessons
        .iter()
        .position(|l| l.id == "mistakes")
        .unwrap()
}

/// However long the question, its verdict stays in view once answered: on
/// the column's last rows, above the footer, wherever the page scrolls
/// (right after the page, where it all fits); and the page stays where the
/// options were, now marked.
#[test]
fn a_long_questions_verdict_is_always_in_view() {
    // Where the page scrolls, the verdict keeps the rows above the footer;
    // where it all fits, it follows the page.
    let verdict_in_view = |hs: &Harness| {
        let text = hs.text();
        if hs.quiz().scroll.reach() == 0 {
            assert_shows(hs, "✗ Not quite. The answer:");
            return;
        }
        let rows: Vec<&str> = text.lines().collect();
        let n = rows.len();
        assert!(
            rows[n - 2]
                .trim_start()
                .starts_with("✗ Not quite. The answer:")
                || rows[n - 3]
                    .trim_start()
                    .starts_with("✗ Not quite. The answer:"),
            "{text}"
        );
    };
    at_all("quiz_long_verdict", |hs| {
        let lesson = mistakes_lesson(hs);
        hs.start_checkpoint(lesson);
        hs.skip_to_kind(|k| matches!(k, QuestionKind::Spot(_)));
        let item = hs.quiz().item().clone();
        let wrong = wrong_positions(&item)[0];
        hs.answer(false);
        verdict_in_view(hs);
        assert!(hs.text().contains(&format!("✗ {}. ", wrong + 1)));
        assert!(
            hs.text()
                .contains(&format!("✓ {}. ", right_positions(&item)[0] + 1))
        );
    });
    let mut hs = Harness::new(80, 24);
    let lesson = mistakes_lesson(&hs);
    hs.start_checkpoint(lesson);
    hs.skip_to_kind(|k| matches!(k, QuestionKind::Spot(_)));
    hs.answer(false);
    let max = hs.quiz().scroll.reach();
    assert!(max > 10, "the page is long: {max}");
    hs.key(KeyCode::Char('j'));
    assert_shows(&hs, "↑ more above (k / ↑) · ↓ more below (j / ↓)");
    verdict_in_view(&hs);
    for _ in 0..5 {
        hs.key(KeyCode::PageDown);
        verdict_in_view(&hs);
    }
    assert_eq!(hs.quiz().scroll.offset(), max);
    assert_shows(&hs, "↑ more above (k / ↑)");
    assert_shows(&hs, "What the advisor found");
    for _ in 0..5 {
        hs.key(KeyCode::PageUp);
        verdict_in_view(&hs);
    }
    assert_eq!(hs.quiz().scroll.offset(), 0);
    assert_shows(&hs, "↓ more below (j / ↓)");
}

/// Enter answers; it never leaves an answer: a quick double Enter cannot
/// answer the next question. →, Space or n go on, and the footer says so.
#[test]
fn a_double_enter_cannot_answer_the_next_question() {
    let mut hs = Harness::new(80, 24);
    hs.start_checkpoint(0);
    hs.enter();
    hs.enter();
    assert_eq!(hs.quiz().index, 0);
    assert!(hs.quiz().graded.is_some());
    assert_eq!(hs.quiz().session.answers.iter().flatten().count(), 1);
    assert_shows(
        &hs,
        "» Enter only answers: → (or Space, n) for the next question",
    );
    for _ in 0..5 {
        hs.enter();
    }
    assert_eq!(hs.quiz().index, 0);
    assert_eq!(hs.quiz().session.answers.iter().flatten().count(), 1);
    // Once the notice is gone, the footer names the key that goes on.
    hs.key(KeyCode::Char('k'));
    assert!(footer(&hs).starts_with("→ next"), "{}", footer(&hs));
    assert_shows(&hs, "→ next question");
    // → goes on; the next question waits, unanswered.
    hs.next();
    assert_eq!(hs.quiz().index, 1);
    assert!(hs.quiz().graded.is_none());
    // So do Space and n.
    hs.enter();
    hs.key(KeyCode::Char(' '));
    assert_eq!((hs.quiz().index, hs.quiz().graded.is_none()), (2, true));
    hs.answer(true);
    hs.key(KeyCode::Char('n'));
    assert_eq!((hs.quiz().index, hs.quiz().graded.is_none()), (3, true));
    // Help says why.
    hs.answer(true);
    hs.key(KeyCode::Char('?'));
    assert_shows(&hs, "does not go on, on purpose: Enter answers");
}

#[test]
fn quiz_summary() {
    at_both_sizes("quiz_summary", |hs| {
        hs.start_checkpoint(0);
        for i in 0..12 {
            hs.answer(i % 4 != 1);
            hs.next();
        }
        assert!(hs.quiz().summary);
        assert_eq!(hs.quiz().session.score(), (9, 12));
        assert_shows(hs, "Your score: 9 of 12");
        for _ in 0..hs.quiz().scroll.reach() {
            hs.key(KeyCode::Char('j'));
        }
        assert_shows(hs, "r retries the 3 you missed");
        if hs.quiz().scroll.reach() == 0 {
            assert_eq!(hs.text().matches("✗ ").count(), 3);
        }
    });
    // PgDn and PgUp page through a long summary.
    let mut hs = Harness::new(80, 24);
    hs.start_checkpoint(0);
    for i in 0..12 {
        hs.answer(i % 4 != 1);
        hs.next();
    }
    let max = hs.quiz().scroll.reach();
    assert!(max > 0);
    hs.key(KeyCode::PageDown);
    assert_eq!(hs.quiz().scroll.offset(), max.min(10));
    for _ in 0..3 {
        hs.key(KeyCode::PageDown);
    }
    assert_eq!(hs.quiz().scroll.offset(), max);
    assert_shows(&hs, "r retries the 3 you missed");
    hs.key(KeyCode::PageUp);
    assert_eq!(hs.quiz().scroll.offset(), max.saturating_sub(10));
    assert!(footer(&hs).starts_with("r retry wrong   Enter done"));
}

// The sandbox.

fn sandbox_with_org(hs: &mut Harness) {
    hs.key(KeyCode::Char('s'));
    hs.run("aws iam create-user --user-name john");
    hs.run("aws iam create-group --group-name Developers");
    hs.run("aws iam add-user-to-group --user-name john --group-name Developers");
}

#[test]
fn sandbox_tree() {
    at_both_sizes("sandbox_tree", |hs| {
        sandbox_with_org(hs);
        assert_eq!(hs.sandbox().shell.history.len(), 3);
        assert_shows(hs, "Organization");
        assert_shows(hs, "john ∈ Developers");
        assert_shows(hs, "Developers (1 member)");
        assert_shows(hs, "⚑ acting as admin");
        assert!(hs.text().contains("$ aws iam add-user-to-group"));
    });
}

#[test]
fn sandbox_why_after_denied_call() {
    at_both_sizes("sandbox_why", |hs| {
        sandbox_with_org(hs);
        hs.run("as john");
        hs.run("aws iam list-users");
        hs.key(KeyCode::F(2));
        let console = hs.console();
        assert!(console.show_why);
        let shell = &hs.sandbox().shell;
        let eval = shell.last_evaluation.as_ref().expect("a decision");
        assert_ne!(eval.decision, iamtutor::iam::eval::Decision::Allowed);
        assert_shows(hs, "Why? (F2 hides)");
        assert_shows(hs, "⚑ acting as john");
        let text = explain::to_text(eval);
        assert!(hs.text().contains(text.lines().next().unwrap().trim()));
        assert!(hs.text().contains("AccessDenied"));
    });
}

#[test]
fn sandbox_editor_refuses_malformed_json() {
    at_both_sizes("sandbox_editor_refusal", |hs| {
        hs.key(KeyCode::Char('s'));
        hs.run("edit p.json");
        assert!(hs.console().editor.is_some());
        hs.chars(r#"{"Version": "2012-10-17", "Statement": ["#);
        hs.ctrl('s');
        let ed = hs.console().editor.as_ref().expect("still open");
        let error = ed.error.clone().expect("refused");
        assert!(error.starts_with("not saved: line "), "{error}");
        assert!(error.contains(", column "), "{error}");
        assert!(!hs.sandbox().shell.files.contains_key("p.json"));
        assert_shows(hs, &format!("✗ {error}"));
        assert_shows(hs, "edit p.json · Ctrl-S save · Esc close");
    });
}

/// As `at_both_sizes`, and at 80x24 once more without colour.
fn at_both_sizes_and_no_color(name: &str, build: impl Fn(&mut Harness)) {
    at_both_sizes(name, &build);
    let mut hs = Harness::new(80, 24);
    hs.app.no_color = true;
    hs.draw();
    build(&mut hs);
    assert_eq!(coloured_cells(&hs), 0, "{name} without colour");
    insta::assert_snapshot!(format!("no_color_{name}_80x24"), hs.text());
}

#[test]
fn sandbox_tab_lists_required_options_first_over_several_rows() {
    at_both_sizes_and_no_color("sandbox_tab_choices", |hs| {
        hs.key(KeyCode::Char('s'));
        hs.chars("aws iam attach-user-policy --");
        hs.key(KeyCode::Tab);
        let c = hs.console().candidates.clone();
        assert_eq!(&c[..2], ["--policy-arn", "--user-name"]);
        // The choices, below the sandbox's greeting (which names an option
        // too).
        let text = hs.text();
        let screen = &text[text.find("--policy-arn").expect("the choices")..];
        let at = |word: &str| {
            screen
                .find(word)
                .unwrap_or_else(|| panic!("{word} on screen:\n{screen}"))
        };
        // Required, then the operation's other options, then the globals.
        assert!(at("--policy-arn") < at("--user-name"));
        assert!(at("--user-name") < at("--cli-input-json"));
        assert!(at("--cli-input-json") < at("--debug"));
        let rows = screen
            .lines()
            .filter(|l| l.contains("--") && !l.contains("$ aws"))
            .count();
        assert!(rows >= 2, "the choices take several rows:\n{screen}");
        // Every choice is there, whole.
        for choice in &c {
            assert!(
                screen
                    .split(|c: char| c.is_whitespace() || c == '│')
                    .any(|w| w == choice),
                "{choice}:\n{screen}"
            );
        }
        assert_shows(hs, "$ aws iam attach-user-policy --");
    });
}

#[test]
fn sandbox_policy_arn_choices_show_names_and_reach_service_role() {
    at_both_sizes("sandbox_tab_policy_arns", |hs| {
        hs.key(KeyCode::Char('s'));
        hs.chars("aws iam attach-role-policy --role-name R --policy-arn arn:aws:iam::aws:policy/");
        hs.key(KeyCode::Tab);
        assert_shows(hs, "AdministratorAccess");
        assert_shows(hs, "AmazonDynamoDBFullAccess");
        // The shared front is the command line's, not repeated per choice.
        let screen = hs.text();
        assert_eq!(
            screen.matches("arn:aws:iam::aws:policy/").count(),
            1,
            "{screen}"
        );
        // The policy's name reaches it under its path.
        hs.chars("AWSLambdaB");
        hs.key(KeyCode::Tab);
        assert!(
            hs.console().input.text().ends_with(
                " --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole "
            ),
            "{}",
            hs.console().input.text()
        );
    });
}

/// A screen too narrow for the side panes.
const NARROW: [(u16, u16); 2] = [(64, 24), (64, 48)];

#[test]
fn narrow_sandbox_opens_why_and_the_tree_over_the_console() {
    for no_color in [false, true] {
        for (w, h) in NARROW {
            if no_color && h != 24 {
                continue;
            }
            let mut hs = Harness::new(w, h);
            hs.app.no_color = no_color;
            sandbox_with_org(&mut hs);
            hs.run("as john");
            hs.run("aws iam list-users");
            assert_hides(&hs, "Why?");
            hs.key(KeyCode::F(2));
            assert_eq!(hs.console().panes.open, Some(Pane::Why));
            assert_shows(&hs, "Why? · F2 or Esc closes");
            assert_shows(&hs, "✗ denied (implicit deny)");
            assert_shows(&hs, "$ ");
            assert_eq!(coloured_cells(&hs) == 0, no_color);
            let prefix = if no_color { "no_color_" } else { "" };
            insta::assert_snapshot!(format!("{prefix}narrow_why_{w}x{h}"), hs.text());
            // F3 switches to the organization; Esc closes it and stays.
            hs.key(KeyCode::F(3));
            assert_shows(&hs, "Organization · F3 or Esc closes");
            assert_shows(&hs, "john ∈ Developers");
            if !no_color {
                insta::assert_snapshot!(format!("narrow_tree_{w}x{h}"), hs.text());
            }
            hs.esc();
            assert_eq!(hs.console().panes.open, None);
            assert_hides(&hs, "Organization · F3");
            let _ = hs.sandbox();
            // Typing goes on under an open pane; Enter runs it and closes it.
            hs.key(KeyCode::F(2));
            hs.run("whoami");
            assert_eq!(hs.console().panes.open, None);
            assert_shows(&hs, "Acting as john");
        }
    }
    // At 80 columns F2 shows the side pane as before.
    let mut hs = Harness::new(80, 24);
    sandbox_with_org(&mut hs);
    hs.key(KeyCode::F(2));
    assert_eq!(hs.console().panes.open, None);
    assert!(hs.console().show_why);
}

#[test]
fn footers_at_80_columns_keep_the_ways_out() {
    let mut hs = Harness::new(80, 24);
    let footer = |hs: &Harness| hs.text().lines().last().unwrap_or("").to_string();
    for want in ["i interview", "d dashboard", "q quit", "? help"] {
        assert!(footer(&hs).contains(want), "{want}: {}", footer(&hs));
    }
    hs.key(KeyCode::Char('s'));
    for want in ["F2 why?", "F3 tree", "F6 access", "Esc leave", "F1 help"] {
        assert!(footer(&hs).contains(want), "{want}: {}", footer(&hs));
    }
    hs.esc();
    open_lab(&mut hs, "users-john");
    for want in [
        "F4 hint",
        "F5 solution",
        "F6 access",
        "Esc leave",
        "F1 help",
    ] {
        assert!(footer(&hs).contains(want), "{want}: {}", footer(&hs));
    }
}

// Labs.

fn open_lab(hs: &mut Harness, id: &str) {
    let row = home_row_of_lab(&hs.app, id);
    hs.open_home_row(row);
    assert_eq!(hs.lab().session.lab.id, id);
}

#[test]
fn lab_hint_and_goal_met() {
    at_both_sizes("lab_hint_goal", |hs| {
        open_lab(hs, "users-john");
        hs.key(KeyCode::F(4));
        assert_eq!(hs.lab().hints.len(), 1);
        hs.run("aws iam create-user --user-name john");
        hs.run("aws iam create-login-profile --user-name john --password 'S3cure!Passw0rd'");
        let lab = hs.lab();
        assert!(lab.session.met[0], "the login goal is met");
        assert!(!lab.session.solved());
        assert_shows(hs, "Lab · John's first day");
        assert!(
            hs.text()
                .contains("✓ goal met: John can sign in to the console")
        );
        assert!(hs.text().contains("5 of 9 met · 2 commands"));
        // The hints follow the goals; the wheel over the pane brings them
        // into view where they do not fit, and the count stays.
        for _ in 0..4 {
            wheel_over_goals(hs, true);
        }
        assert!(hs.text().contains("Hints 1/4 (F4)"));
        assert!(hs.text().contains("- John needs an IAM user."));
        assert!(hs.text().contains("5 of 9 met · 2 commands"));
        assert_eq!(
            hs.console().scroll.offset(),
            0,
            "the console did not scroll"
        );
    });
}

/// The goals pane's area, as the last frame drew it.
fn goals_pane(hs: &Harness) -> (u16, u16, u16, u16) {
    let (x, y, w, h, _) = *hs
        .hits
        .areas
        .iter()
        .find(|a| a.4 == Target::GoalsPane)
        .expect("the goals pane is drawn");
    (x, y, w, h)
}

/// One turn of the mouse wheel over the middle of the goals pane.
fn wheel_over_goals(hs: &mut Harness, down: bool) {
    let (x, y, w, h) = goals_pane(hs);
    hs.event(Event::Mouse(MouseEvent {
        kind: if down {
            MouseEventKind::ScrollDown
        } else {
            MouseEventKind::ScrollUp
        },
        column: x + w / 2,
        row: y + h / 2,
        modifiers: KeyModifiers::NONE,
    }));
}

/// Lesson 7's lab: twenty-one goals, the most of any lab.
const BIGGEST_LAB: &str = "company-build";

#[test]
fn the_biggest_lab_has_the_most_goals() {
    let app = app_kit::new_app();
    let most = app.course.labs().map(|(_, l)| l.goals.len()).max().unwrap();
    let (_, lab) = app.course.lab(BIGGEST_LAB).unwrap();
    assert_eq!((lab.goals.len(), most), (21, 21));
}

/// The biggest lab, the goals pane given the keys with F7 and moved to its
/// last goal: the list scrolls, the count stays in view.
fn biggest_lab_scrolled(hs: &mut Harness) {
    open_lab(hs, BIGGEST_LAB);
    assert_shows(hs, "0 of 21 met · 0 commands");
    hs.key(KeyCode::F(7));
    assert_eq!(hs.app.key_scope(), KeyScope::LabGoals);
    assert_shows(hs, "↑↓ pick");
    assert_shows(hs, "Esc command line");
    hs.key(KeyCode::End);
    assert_eq!(hs.lab().goals.selected, 20);
    assert_shows(hs, "○ The servers cannot change");
    assert_shows(hs, "0 of 21 met · 0 commands");
}

#[test]
fn lab_goals_pane_scrolls_and_keeps_its_count() {
    at_both_sizes("lab_goals_scrolled", |hs| {
        biggest_lab_scrolled(hs);
        if hs.buffer().area.height == 24 {
            // Marks on rows of their own say what is out of view.
            assert_shows(hs, "goals above · ↑↓ PgDn");
            assert_hides(hs, "There are three groups");
            hs.key(KeyCode::Home);
            assert_shows(hs, "There are three groups");
            assert_shows(hs, "goals below · ↑↓ PgDn");
            hs.key(KeyCode::End);
        }
    });
}

#[test]
fn lab_goals_pane_without_colour() {
    let mut hs = Harness::new(80, 24);
    hs.app.no_color = true;
    biggest_lab_scrolled(&mut hs);
    assert_eq!(coloured_cells(&hs), 0);
    // The picked goal is marked by reversing it, not by a colour.
    let (x, y, w, h) = goals_pane(&hs);
    let reversed = (y..y + h)
        .flat_map(|row| (x..x + w).map(move |col| (col, row)))
        .filter(|&(col, row)| {
            hs.buffer()[(col, row)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        })
        .count();
    assert!(reversed > 0, "the picked goal is reversed");
    insta::assert_snapshot!("lab_goals_scrolled_no_color_80x24", hs.text());
}

#[test]
fn lab_goal_explained_from_the_pane() {
    at_both_sizes("lab_goal_why", |hs| {
        open_lab(hs, BIGGEST_LAB);
        hs.run("aws iam create-user --user-name john");
        hs.key(KeyCode::F(7));
        for _ in 0..7 {
            hs.key(KeyCode::Down);
        }
        hs.enter();
        assert_eq!(hs.app.key_scope(), KeyScope::LabGoalWhy);
        assert_shows(hs, "Why: goal 8 of 21");
        assert_shows(hs, "✓ met: john cannot terminate");
        assert_shows(hs, "2 of the 2 checks in this goal hold");
        let why = hs.lab().goals.why.clone().expect("an explanation on show");
        assert_eq!(
            why.verdict.lines[0..2],
            [
                "2 of the 2 checks in this goal hold",
                "✓ as john, ec2:TerminateInstances on \
                 arn:aws:ec2:us-east-1:111122223333:instance/i-0a1b2c3d4e5f60001 is denied \
                 (implicit deny), as the goal wants",
            ]
        );
        // The console keeps it too.
        let said = hs
            .console()
            .lines
            .iter()
            .any(|(_, l)| l == "goal 8 of 21 ✓ met: john cannot terminate web-1 or web-2");
        assert!(said, "the explanation is in the scrollback");
        assert_shows(hs, "Esc goals");
        assert_shows(hs, "3 of 21 met · 1 command");
    });
    let mut hs = Harness::new(80, 24);
    open_lab(&mut hs, BIGGEST_LAB);
    hs.key(KeyCode::F(7));
    hs.enter();
    // Esc goes back one step at a time: to the list, then the command line.
    hs.esc();
    assert_eq!(hs.app.key_scope(), KeyScope::LabGoals);
    assert_shows(&hs, "Goals · ↑↓ pick · Enter why");
    hs.esc();
    assert_eq!(hs.app.key_scope(), KeyScope::LabConsole);
    assert_shows(&hs, "Goals · F7");
}

#[test]
fn a_learners_tighter_trust_is_accepted_and_explained() {
    // The issue's case: AnalyticsReader trusting sarah rather than her
    // whole account.
    at_both_sizes("lab_goal_tighter_trust", |hs| {
        open_lab(hs, "roles-cross-account");
        hs.run("as arn:aws:iam::444455556666:root");
        hs.run(r#"aws iam create-role --role-name AnalyticsReader --assume-role-policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/sarah"}, "Action": "sts:AssumeRole"}]}'"#);
        hs.run("as admin");
        assert!(hs.lab().session.met[0], "the trust goal is met");
        hs.run("goal 1");
        assert_shows(hs, "Why: goal 1 of 7 · F7");
        assert_shows(hs, "✓ met: AnalyticsReader trusts");
        assert_shows(hs, "names user/sarah");
        let why = hs.lab().goals.why.clone().expect("an explanation on show");
        assert_eq!(
            why.verdict.lines[0],
            "the trust policy of AnalyticsReader names user/sarah rather than the whole account \
             111122223333: at least as tight as the goal asks, so it counts"
        );
        assert!(why.verdict.lines[1].starts_with("trusting the account, as the course does"));
    });
}

#[test]
fn the_goal_command_lists_explains_and_refuses_clearly() {
    let mut hs = Harness::new(160, 48);
    open_lab(&mut hs, BIGGEST_LAB);
    hs.run("goal");
    assert_shows(
        &hs,
        "0 of 21 met; `goal N` (or F7, then Enter) says why one is met or not:",
    );
    assert_shows(&hs, "21 ○ The servers cannot change or delete the reports");
    hs.run("goal 22");
    assert_shows(
        &hs,
        "there is no goal 22: this lab has 21 goals (`goal` lists them)",
    );
    hs.run("goal two");
    assert_shows(
        &hs,
        "usage: goal N (why goal N, 1 to 21, is met or not; `goal` alone lists them)",
    );
    hs.run("goal 8");
    assert_shows(
        &hs,
        "goal 8 of 21 ○ not met: john cannot terminate web-1 or web-2",
    );
    assert_shows(&hs, "user john does not exist yet");
    assert_shows(
        &hs,
        "a goal that john cannot do something counts only once john exists",
    );
    // Asking is not doing: no command counted.
    assert_eq!(hs.lab().session.commands, 0);
    assert_shows(&hs, "0 of 21 met · 0 commands");
    // The next command puts the explanation away: it may change it.
    hs.run("aws iam create-user --user-name john");
    assert!(hs.lab().goals.why.is_none());
    assert_shows(&hs, "Goals · F7");
}

#[test]
fn the_goals_pane_leaves_typing_to_the_command_line() {
    let mut hs = Harness::new(80, 24);
    open_lab(&mut hs, BIGGEST_LAB);
    hs.key(KeyCode::F(7));
    // A letter the pane does not use goes back to the command line, typed.
    hs.chars("aws");
    assert_eq!(hs.app.key_scope(), KeyScope::LabConsole);
    assert_eq!(hs.console().input.text(), "aws");
    // F7 with the tree showing brings the goals back.
    hs.key(KeyCode::F(3));
    assert_shows(&hs, "Organization");
    hs.key(KeyCode::F(7));
    assert_eq!(hs.app.key_scope(), KeyScope::LabGoals);
    assert_shows(&hs, "Goals · ↑↓ pick · Enter why");
    // A click on a goal explains it.
    let (x, y, _, _) = goals_pane(&hs);
    hs.event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x + 3,
        row: y + 1,
        modifiers: KeyModifiers::NONE,
    }));
    assert_shows(&hs, "Why: goal 1 of 21");
    assert_shows(&hs, "○ not met: There are three groups");
    // The typed line was kept throughout.
    assert_eq!(hs.console().input.text(), "aws");
}

#[test]
fn a_narrow_lab_lists_the_goals_in_the_console() {
    let mut hs = Harness::new(66, 20);
    open_lab(&mut hs, "users-john");
    hs.key(KeyCode::F(7));
    assert_eq!(hs.app.key_scope(), KeyScope::LabConsole);
    assert_shows(&hs, "0 of 9 met; `goal N`");
    // Shrunk while the pane has the keys: they come back to the line.
    let mut hs = Harness::new(80, 24);
    open_lab(&mut hs, "users-john");
    hs.key(KeyCode::F(7));
    assert_eq!(hs.app.key_scope(), KeyScope::LabGoals);
    hs.resize(66, 20);
    hs.chars("x");
    assert_eq!(hs.app.key_scope(), KeyScope::LabConsole);
    assert_eq!(hs.console().input.text(), "x");
    hs.key(KeyCode::F(3));
    hs.key(KeyCode::F(7));
    assert_eq!(hs.app.key_scope(), KeyScope::LabConsole, "no pane to focus");
}

#[test]
fn the_lesson_shows_a_solved_lab_as_solved() {
    at_both_sizes("lesson_lab_intro_solved", |hs| {
        open_lab(hs, "users-john");
        let (_, lab) = hs.app.course.lab("users-john").unwrap();
        for cmd in lab.solution.clone() {
            hs.run(&cmd);
        }
        assert!(hs.lab().session.solved());
        hs.esc();
        hs.open_lesson_at(1, app_kit::scene_of_lab(1, "users-john"));
        assert_shows(hs, "Goals · ★ solved in 4 commands, within par");
        assert_shows(hs, "✓ John can sign in to the console");
        assert_shows(hs, "✓ John cannot launch servers");
        assert_shows(hs, "▶ Enter opens the lab again");
    });
    assert_eq!(
        app_kit::new_app().progress.labs.get("users-john"),
        None,
        "a fresh learner has no record"
    );
}

#[test]
fn lab_solution_confirmation() {
    at_both_sizes("lab_solution_confirm", |hs| {
        open_lab(hs, "users-john");
        hs.key(KeyCode::F(5));
        assert!(hs.lab().console.asking.is_some());
        assert_shows(hs, "Solution?");
        assert_shows(hs, "Show the reference solution?");
        assert_hides(hs, "the reference solution, one command a line");
    });
}

#[test]
fn lab_advise_prints_fixes_whole_in_the_46_column_pane() {
    at_both_sizes_and_no_color("lab_advise_fixes", |hs| {
        open_lab(hs, "mistakes-cleanup");
        hs.run("advise shared-user");
        let out = hs.lab().session.shell.history.len();
        assert_eq!(out, 1);
        // Every word the console shows is a whole word of what advise
        // printed: nothing is split, not even an ARN.
        let shell_out = {
            let mut sh = hs.lab().session.shell.clone();
            sh.run("advise shared-user").stdout
        };
        let words: std::collections::BTreeSet<&str> = shell_out.split_whitespace().collect();
        let width = if hs.text().lines().count() == 24 {
            46
        } else {
            0
        };
        let screen = hs.text();
        // The rows after the command (at 160x48 the lab's story is above).
        let from = screen
            .lines()
            .position(|l| l.contains("$ advise shared-user"))
            .map_or(2, |i| i + 1);
        for row in screen.lines().skip(from) {
            let Some(pane) = row.strip_prefix('│') else {
                continue;
            };
            let pane: String = pane.chars().take_while(|c| *c != '│').collect();
            if width > 0 {
                assert!(pane.chars().count() <= width, "{pane:?}");
            }
            if pane.starts_with('$') {
                continue;
            }
            for w in pane.split_whitespace() {
                assert!(
                    words.contains(w),
                    "{w:?} is not a whole word of advise's output:\n{screen}"
                );
            }
        }
        assert_shows(hs, "arn:aws:iam::aws:policy/AdministratorAccess");
    });
}

// Overlays and limits.

#[test]
fn help_overlay() {
    at_both_sizes("help_home", |hs| {
        hs.key(KeyCode::Char('?'));
        assert!(matches!(hs.app.overlay, Some(Overlay::Help { .. })));
        assert_shows(hs, "Help: Home");
        assert_shows(hs, "continue where you left off");
        assert_shows(hs, "The mouse works too");
    });
}

#[test]
fn help_overlay_in_a_lab() {
    at_both_sizes("help_lab", |hs| {
        open_lab(hs, "users-john");
        hs.key(KeyCode::F(1));
        assert_shows(hs, "Help: Lab");
        assert_shows(hs, "one more hint");
    });
}

#[test]
fn jump_list() {
    at_both_sizes("jump_list", |hs| {
        hs.open_lesson_at(0, 2);
        hs.key(KeyCode::Char('g'));
        let Some(Overlay::Jump { selected, .. }) = &hs.app.overlay else {
            panic!("the jump list is open");
        };
        assert_eq!(*selected, 3, "the current scene is selected");
        assert_shows(hs, "Jump to");
        assert!(hs.text().contains("✓ Three kinds of identity"));
        assert!(hs.text().contains("· Every request has four parts"));
        assert!(hs.text().contains("? Checkpoint"));
    });
}

// Review, interview practice, the dashboard.

#[test]
fn dashboard_with_progress() {
    at_both_sizes_from("dashboard", practised_app, |hs| {
        hs.key(KeyCode::Char('d'));
        assert_shows(hs, "Dashboard");
        assert_shows(
            hs,
            &format!(
                "{} · 11/{} scenes read · {}",
                app_kit::lessons_done(1),
                total_scenes(&hs.app),
                app_kit::labs_solved(1)
            ),
        );
        assert_shows(
            hs,
            "streak: 5 days · review: 2 cards due of 3 · interviews practised: 1",
        );
        // Lesson 1 read with its checkpoint; three scenes of lesson 2.
        assert_shows(hs, "1 Why IAM has several kinds of identity 8/8 9/12");
        let lesson2 = hs.app.course.lessons[1].scenes.len();
        assert_shows(hs, &format!("2 IAM users 3/{lesson2} -"));
        assert_shows(hs, "★ par John's first day (2 hints)");
    });
    // A tall screen has room for everything; the smaller scrolls to it.
    let mut hs = Harness::with_app(practised_app(), 160, 64);
    hs.key(KeyCode::Char('d'));
    assert_eq!(hs.dashboard().scroll.reach(), 0);
    assert_shows(&hs, "◐ started One group for the developers");
    assert_shows(&hs, "○ to do Lena's first day");
    let mut hs = Harness::with_app(practised_app(), 80, 24);
    hs.key(KeyCode::Char('d'));
    assert_hides(&hs, "quiz accuracy by topic");
    for _ in 0..3 {
        hs.key(KeyCode::PageDown);
    }
    for phrase in [
        "quiz accuracy by topic",
        "identities 9/12 75% ███████",
        "roles 1/4 25% ██",
        "users 4/4 100% ██████████",
        "last interview: 3 of 5 answered well; weak: roles, users",
    ] {
        assert_shows(&hs, phrase);
    }
    assert_hides(&hs, &app_kit::lessons_done(1));
    insta::assert_snapshot!("dashboard_end_80x24", hs.text());
    // Esc goes home.
    hs.esc();
    assert_eq!(hs.app.key_scope(), KeyScope::Home);
}

/// A learner with lesson 1's decide question due for review.
fn decide_due() -> App {
    app_with_cards(&[CardKind::Question("identities-12".into())])
}

#[test]
fn review_question_before_answering() {
    at_both_sizes_from("review_question", decide_due, |hs| {
        hs.key(KeyCode::Char('r'));
        assert_shows(
            hs,
            "Review · Lesson 1 · Why IAM has several kinds of identity",
        );
        assert_shows(hs, "0 reviewed · 1 to go");
        assert_shows(hs, "What does AWS decide?");
        assert_shows(hs, "3. Denied implicitly: no Deny, but not allowed");
        // The review's count, not a quiz's.
        assert_hides(hs, "question 1/1");
        assert_hides(hs, "How well did you know it?");
    });
}

/// The grading legend of review, as the screen's last rows above the
/// footer read at 80 columns.
const REVIEW_LEGEND: [&str; 3] = [
    "How well did you know it?",
    "1 Again forgot it: again today 2 Hard with effort",
    "3 Good recalled it 4 Easy at once",
];

/// The rows just above the footer, flattened.
fn rows_above_footer(hs: &Harness, n: usize) -> Vec<String> {
    let text = hs.text();
    let rows: Vec<&str> = text.lines().collect();
    rows[rows.len() - 1 - n..rows.len() - 1]
        .iter()
        .map(|r| flat(r))
        .collect()
}

#[test]
fn review_question_answered() {
    at_all_from("review_question_answered", decide_due, |hs| {
        hs.key(KeyCode::Char('r'));
        hs.answer(false);
        assert_eq!(hs.app.key_scope(), KeyScope::ReviewGrade);
        // The answer shows before any grade: the verdict, with the right
        // answer, pinned above the grading legend.
        assert_shows(hs, "✗ Not quite. The answer: implicitly denied");
        assert_shows(hs, "0 reviewed · 1 to go");
        assert_hides(hs, "question 1/1");
        assert_hides(hs, "→ next question");
        if hs.buffer().area.width == 80 {
            let rows = rows_above_footer(hs, 4);
            assert_eq!(rows[0], "✗ Not quite. The answer: implicitly denied");
            assert_eq!(rows[1..], REVIEW_LEGEND);
        }
        let footer = footer(hs);
        assert!(footer.starts_with("1-4 grade   ↑↓ scroll"), "{footer}");
    });
    // Answered right, the trail is below at 80x24: j scrolls to it, the
    // verdict and the grades stay.
    let mut hs = Harness::with_app(decide_due(), 80, 24);
    hs.key(KeyCode::Char('r'));
    hs.answer(true);
    assert_shows(&hs, "✓ Right.");
    assert_shows(&hs, "↓ more below (j / ↓)");
    let mut saw_trail = false;
    for _ in 0..60 {
        let q = hs.shown_quiz();
        if q.scroll.offset() == q.scroll.reach() {
            break;
        }
        hs.key(KeyCode::Char('j'));
        saw_trail |= hs.text().contains("How the engine decided");
        assert_eq!(rows_above_footer(&hs, 4)[0], "✓ Right.");
    }
    assert!(saw_trail, "the engine's trail scrolled into view");
    assert_hides(&hs, "↓ more below");
    assert_eq!(rows_above_footer(&hs, 3), REVIEW_LEGEND);
    // Enter answered: it does not also grade.
    hs.enter();
    assert_eq!(hs.app.key_scope(), KeyScope::ReviewGrade);
    assert_eq!(hs.review().reviewed, 0);
    hs.key(KeyCode::Char('3'));
    assert_eq!(hs.review().reviewed, 1);
}

/// A quick double Enter on a review question answers it and stops there:
/// the answer shows until a grade is given.
#[test]
fn a_double_enter_in_review_does_not_grade_unread() {
    let mut hs = Harness::with_app(decide_due(), 80, 24);
    hs.key(KeyCode::Char('r'));
    hs.key(KeyCode::Char('1'));
    hs.key(KeyCode::Char('1'));
    assert!(hs.shown_quiz().graded.is_none(), "numbers only highlight");
    hs.enter();
    hs.enter();
    assert_eq!(hs.app.key_scope(), KeyScope::ReviewGrade);
    assert_eq!(hs.review().reviewed, 0);
    assert_shows(
        &hs,
        "» Enter does not grade: 1 Again, 2 Hard, 3 Good or 4 Easy",
    );
    hs.key(KeyCode::F(1));
    assert_shows(&hs, "Enter does not grade, on purpose: Enter answers");
}

/// A learner with an interview card due for review, then another.
fn interview_cards_due() -> App {
    app_with_cards(&[
        CardKind::Interview("iv-010".into()),
        CardKind::Interview("iv-001".into()),
    ])
}

#[test]
fn review_recall_card_before_reveal() {
    let course = app_kit::course();
    let card = course.interview.iter().find(|c| c.id == "iv-010").unwrap();
    at_both_sizes_from("review_recall", interview_cards_due, |hs| {
        hs.key(KeyCode::Char('r'));
        assert_shows(hs, &format!("Review · Interview · {}", card.topic));
        assert_shows(hs, "0 reviewed · 2 to go");
        assert_shows(hs, &card.question);
        assert_shows(hs, "Recall it, then Enter shows the answer");
        assert_hides(hs, "Key points");
        assert_hides(hs, &card.key_points[0]);
    });
}

#[test]
fn review_recall_card_revealed() {
    let course = app_kit::course();
    let card = course.interview.iter().find(|c| c.id == "iv-010").unwrap();
    at_both_sizes_from("review_recall_revealed", interview_cards_due, |hs| {
        hs.key(KeyCode::Char('r'));
        hs.key(KeyCode::Char(' '));
        assert_shows(hs, &card.question);
        assert_hides(hs, "Recall it, then Enter");
        assert_shows(hs, "Key points:");
        for k in &card.key_points {
            assert_shows(hs, &format!("- {k}"));
        }
        // The card fits: the legend follows it.
        assert_shows(hs, &REVIEW_LEGEND.join(" "));
    });
}

#[test]
fn review_lab_goal_scrolls_to_its_solution() {
    let course = app_kit::course();
    let (_, lab) = course.lab("users-john").unwrap();
    let app = || app_with_cards(&[CardKind::LabGoal("users-john".into(), 1)]);
    let mut hs = Harness::with_app(app(), 80, 24);
    hs.key(KeyCode::Char('r'));
    assert_shows(&hs, "Review · Lab: John's first day");
    assert_shows(&hs, &lab.goals[1].text);
    hs.enter();
    // Too long for 80x24: the grades keep the last row, the rest scrolls.
    assert_shows(&hs, "↓ more below (j / ↓)");
    assert_shows(&hs, "How well did you know it?");
    assert_hides(&hs, "The lab's solution:");
    hs.key(KeyCode::PageDown);
    hs.key(KeyCode::PageDown);
    hs.key(KeyCode::PageDown);
    assert_shows(&hs, "The lab's solution:");
    assert_shows(&hs, "- aws iam create-access-key --user-name john");
    assert_hides(&hs, "↓ more below");
    assert_shows(&hs, "How well did you know it?");
    insta::assert_snapshot!("review_lab_goal_end_80x24", hs.text());
    // Larger, it all fits, the grades just below it.
    let mut hs = Harness::with_app(app(), 160, 48);
    hs.key(KeyCode::Char('r'));
    hs.enter();
    assert_shows(&hs, "The lab's solution:");
    assert_hides(&hs, "↓ more below");
    let text = hs.text();
    let rows: Vec<&str> = text.lines().collect();
    let grades = rows
        .iter()
        .position(|r| r.contains("How well did you know it?"))
        .unwrap();
    let last_command = rows
        .iter()
        .position(|r| r.contains("- aws iam put-user-policy"))
        .unwrap();
    assert!(
        grades > last_command && grades - last_command <= 7,
        "the grades follow the solution:\n{text}"
    );
    assert!(rows[grades - 1].trim().is_empty());
    // The solution's last row ends the policy, its `*`s kept as written.
    assert!(rows[grades - 2].trim_end().ends_with("]}'"), "{text}");
    assert!(text.contains(r#""Resource": "*"}"#), "{text}");
}

#[test]
fn review_done() {
    at_both_sizes_from("review_done", interview_cards_due, |hs| {
        hs.key(KeyCode::Char('r'));
        hs.enter();
        hs.key(KeyCode::Char('1')); // Again: it comes back at the end
        hs.enter();
        hs.key(KeyCode::Char('3'));
        assert_shows(hs, "2 reviewed · 1 to go");
        hs.enter();
        // Enter revealed it; a second Enter does not grade it unread.
        hs.enter();
        assert_eq!(hs.app.key_scope(), KeyScope::ReviewGrade);
        assert_shows(
            hs,
            "» Enter does not grade: 1 Again, 2 Hard, 3 Good or 4 Easy",
        );
        hs.key(KeyCode::Char('3'));
        assert_eq!(hs.app.key_scope(), KeyScope::ReviewDone);
        assert_shows(hs, "✓ Nothing more is due today.");
        assert_shows(hs, "3 reviewed · 0 to go");
        assert_shows(hs, "3 reviewed, 1 of them again.");
    });
    let mut hs = Harness::with_app(interview_cards_due(), 80, 24);
    hs.key(KeyCode::Char('r'));
    for _ in 0..2 {
        hs.enter();
        hs.key(KeyCode::Char('4'));
    }
    // Back home, nothing is due.
    hs.enter();
    assert_eq!(hs.app.key_scope(), KeyScope::Home);
    hs.key(KeyCode::Char('r'));
    assert_eq!(hs.app.key_scope(), KeyScope::Home);
    assert_shows(&hs, "» nothing due today; 2 cards wait for their day");
}

/// A card of the course's interview bank, by id.
fn bank_card(id: &str) -> Card {
    app_kit::course()
        .interview
        .into_iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no card {id}"))
}

/// The report's link to a card's first place to revisit, in words.
fn link_label(card: &Card) -> String {
    revisit::label(&app_kit::course().lessons, &card.revisit[0])
}

#[test]
fn interview_setup() {
    at_all_from(
        "interview_setup",
        || app_with_cards(&[]),
        |hs| {
            hs.key(KeyCode::Char('i'));
            assert_eq!(hs.app.key_scope(), KeyScope::InterviewSetup);
            assert_shows(hs, "Interview practice · a new round");
            for level in Level::ALL {
                assert_shows(hs, level.about());
            }
            assert_shows(hs, "▸ 1 Ladder");
            assert_shows(hs, "◂ 5 questions ▸ about 15 minutes");
            // Hard, one question more.
            for _ in 0..3 {
                hs.key(KeyCode::Down);
            }
            hs.key(KeyCode::Right);
            assert_shows(hs, "▸ 4 Hard");
            assert_shows(hs, "◂ 6 questions ▸ about 18 minutes");
        },
    );
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.key(KeyCode::Char('i'));
    hs.key(KeyCode::Char('4'));
    hs.key(KeyCode::Right);
    hs.enter();
    // Six hard questions, the first asked, its clock not started yet.
    let view = hs.interview();
    assert_eq!(view.cards.len(), 6);
    assert!(
        view.cards
            .iter()
            .all(|c| c.difficulty == Some(Difficulty::Hard))
    );
    assert_eq!(hs.app.key_scope(), KeyScope::InterviewAsk);
    assert_eq!(view.started_ms, None);
    // The length stays between 3 and 60 minutes; Esc goes home.
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.key(KeyCode::Char('i'));
    for _ in 0..10 {
        hs.key(KeyCode::Left);
    }
    assert_shows(&hs, "◂ 1 questions ▸ about 3 minutes");
    hs.esc();
    assert_eq!(hs.app.key_scope(), KeyScope::Home);
}

/// A ladder round from home, the first question's clock started at 10 s
/// on the host's clock and now at 40 s.
fn ladder_at_40s(hs: &mut Harness) {
    hs.key(KeyCode::Char('i'));
    hs.enter();
    hs.action(Action::Clock(10_000));
    hs.action(Action::Clock(40_000));
}

#[test]
fn interview_question_with_its_clock() {
    at_both_sizes_from(
        "interview_question",
        || app_with_cards(&[]),
        |hs| {
            ladder_at_40s(hs);
            hs.chars("one identity, long-term keys");
            let card = hs.interview().card().unwrap().clone();
            // A ladder starts easy: two minutes, thirty seconds gone.
            assert_eq!(card.difficulty, Some(Difficulty::Easy));
            assert_shows(hs, "Interview practice · Easy");
            assert_shows(hs, "question 1/5 · ⏱ 1:30");
            // The topic would give the answer away: not before it.
            assert_hides(hs, &format!("Interview practice · {}", card.topic));
            assert_shows(hs, &card.question);
            assert_shows(hs, "notes › one identity, long-term keys▏");
            assert_hides(hs, "Model answer");
            assert_hides(hs, &card.key_points[0]);
        },
    );
    // The clock moves with the host's, rounding up to the second.
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    ladder_at_40s(&mut hs);
    hs.action(Action::Clock(40_001));
    assert_shows(&hs, "⏱ 1:30");
    hs.action(Action::Clock(41_000));
    assert_shows(&hs, "⏱ 1:29");
    hs.action(Action::Clock(129_000));
    assert_shows(&hs, "⏱ 0:01");
    assert_eq!(hs.app.key_scope(), KeyScope::InterviewAsk);
    assert!(hs.app.wants_clock());
}

#[test]
fn interview_key_points_to_tick_and_the_verdict_they_give() {
    let card = bank_card("iv-006");
    at_all_from(
        "interview_revealed",
        || app_with_cards(&[]),
        |hs| {
            hs.interview_of(&["iv-006"]);
            hs.action(Action::Clock(0));
            hs.action(Action::Clock(65_000));
            hs.chars("one identity, long-term keys");
            hs.enter();
            assert_eq!(hs.app.key_scope(), KeyScope::InterviewGrade);
            // The topic shows now, with the time used; the clock stops.
            assert_shows(hs, &format!("Interview practice · {}", card.topic));
            assert_shows(hs, "question 1/1 · 1:05 used");
            assert_hides(hs, "⏱");
            assert!(!hs.app.wants_clock());
            assert_shows(hs, "your notes: one identity, long-term keys");
            let first: String = card.answer.chars().take(50).collect();
            assert_shows(hs, &first);
            // Points 1 and 2 are essential: starred.
            assert_shows(hs, &format!("▸ [ ] 1 ★ {}", card.key_points[0]));
            assert_shows(hs, &format!("[ ] 2 ★ {}", card.key_points[1]));
            assert_shows(hs, &format!("[ ] 3 {}", card.key_points[2]));
            assert_shows(
                hs,
                "Verdict: ✗ miss · 0 of 2 essential points (★) covered: fewer than half",
            );
            hs.key(KeyCode::Char('1'));
            hs.key(KeyCode::Char('2'));
            assert_shows(
                hs,
                "Verdict: ~ borderline · every essential point, but only 0 of 2 others",
            );
            hs.key(KeyCode::Char('4'));
            assert_shows(hs, &format!("▸ [x] 4 {}", card.key_points[3]));
            assert_shows(
                hs,
                "Verdict: ✓ pass · every essential point, and 1 of 2 others",
            );
        },
    );
    // Enter does not go on (it answered); → records the points ticked.
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.interview_of(&["iv-006", "iv-014"]);
    hs.action(Action::Clock(0));
    hs.action(Action::Clock(65_000));
    hs.enter();
    hs.enter();
    assert_eq!(hs.app.key_scope(), KeyScope::InterviewGrade);
    assert_shows(&hs, "» Enter does not go on");
    // Space ticks the highlighted point; ↓ moves; a point ticked twice is
    // unticked.
    hs.key(KeyCode::Char(' '));
    hs.key(KeyCode::Down);
    hs.key(KeyCode::Char(' '));
    hs.key(KeyCode::Char('3'));
    hs.key(KeyCode::Char('3'));
    hs.key(KeyCode::Right);
    assert_eq!(hs.interview().index, 1);
    let a = &hs.interview().answers[0];
    assert_eq!(a.verdict, Verdict::Borderline);
    assert_eq!(a.parts[0].ms, 65_000);
    assert!(!a.parts[0].timed_out);
    assert_eq!(
        a.parts[0].missed,
        vec![card.key_points[2].clone(), card.key_points[3].clone()]
    );
}

#[test]
fn interview_follow_ups_come_after_the_first_answer() {
    let first = bank_card("iv-022");
    let (f1, f2) = (bank_card("iv-026"), bank_card("iv-034"));
    at_both_sizes_from(
        "interview_follow_up",
        || app_with_cards(&[]),
        |hs| {
            hs.interview_of(&["iv-022"]);
            // Only the first question is asked at first.
            assert_shows(hs, &first.question);
            assert_hides(hs, &f1.question);
            assert_hides(hs, "follow-up");
            hs.enter();
            for n in ['1', '2', '3', '4'] {
                hs.key(KeyCode::Char(n));
            }
            hs.key(KeyCode::Right);
            // The first follow-up, on its own ninety seconds.
            assert_eq!(hs.app.key_scope(), KeyScope::InterviewAsk);
            hs.action(Action::Clock(1_000));
            hs.action(Action::Clock(31_000));
            assert_shows(hs, "Interview practice · Easy ");
            assert_shows(hs, "question 1/1 · follow-up 1/2 · ⏱ 1:00");
            assert_shows(hs, &format!("Following up on: {}", first.question));
            assert_shows(hs, &f1.question);
        },
    );
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.interview_of(&["iv-022"]);
    hs.enter();
    for n in ['1', '2', '3', '4'] {
        hs.key(KeyCode::Char(n));
    }
    hs.key(KeyCode::Right);
    hs.action(Action::Clock(1_000));
    hs.action(Action::Clock(31_000));
    hs.enter();
    // Its own key points and verdict: nothing ticked is a miss.
    assert_shows(&hs, &format!("[ ] 1 {}", f1.key_points[0]));
    assert_shows(&hs, "Verdict: ✗ miss");
    hs.key(KeyCode::Right);
    assert_shows(&hs, "follow-up 2/2");
    assert_shows(&hs, &f2.question);
    hs.enter();
    for n in 1..=f2.key_points.len() {
        hs.key(KeyCode::Char(char::from(b'0' + n as u8)));
    }
    hs.key(KeyCode::Right);
    // The card is done: a missed follow-up makes a passed first answer
    // borderline, and the card comes back in review.
    assert_eq!(hs.app.key_scope(), KeyScope::InterviewReport);
    let a = &hs.interview().answers[0];
    let verdicts: Vec<Verdict> = a.parts.iter().map(|p| p.verdict).collect();
    assert_eq!(verdicts, [Verdict::Pass, Verdict::Miss, Verdict::Pass]);
    assert_eq!(a.verdict, Verdict::Borderline);
    assert_eq!(a.parts[1].ms, 30_000);
    assert_eq!(a.parts[1].missed, f1.key_points);
    assert_shows(&hs, "~ borderline");
    assert_shows(&hs, "follow-up 1: ✗ miss 0:30");
    assert_shows(&hs, &format!("missed: {}", f1.key_points[0]));
    assert_shows(&hs, "follow-up 2: ✓ pass");
    assert!(hs.app.progress.review.contains_key("iv:iv-022"));
    // A round never asks a card that another card of it asks as a
    // follow-up.
    for seed in 0..30 {
        let bank = &app_kit::course().interview;
        let round = iamtutor::learn::interview::pick(bank, Level::Mixed, 20, seed);
        let ids: Vec<&str> = round.iter().map(|c| c.id.as_str()).collect();
        if ids.contains(&"iv-022") {
            assert!(!ids.contains(&"iv-026") && !ids.contains(&"iv-034"));
        }
    }
    // A follow-up whose clock runs out says so in full, even at 80 columns.
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.interview_of(&["iv-022"]);
    hs.enter();
    hs.key(KeyCode::Right);
    hs.action(Action::Clock(1_000));
    hs.action(Action::Clock(91_000));
    assert_eq!(hs.app.key_scope(), KeyScope::InterviewTimeUp);
    assert_shows(&hs, "question 1/1 · follow-up 1/2 · 1:30 used · time's up");
}

#[test]
fn interview_times_up_says_so_and_keeps_the_answer() {
    at_all_from(
        "interview_time_up",
        || app_with_cards(&[]),
        |hs| {
            hs.interview_of(&["iv-006", "iv-014"]);
            hs.action(Action::Clock(5_000));
            hs.chars("still thinking");
            hs.action(Action::Clock(124_999));
            assert_eq!(hs.app.key_scope(), KeyScope::InterviewAsk);
            assert_shows(hs, "⏱ 0:01");
            hs.action(Action::Clock(125_000));
            // Not a silent reveal: the screen says so, and the clock stops.
            assert_eq!(hs.app.key_scope(), KeyScope::InterviewTimeUp);
            assert!(!hs.app.wants_clock());
            assert_shows(hs, "⏱ Time's up.");
            assert_shows(hs, "2:00 used, the whole clock");
            assert_shows(hs, "Your answer stands as you gave it, notes and all.");
            assert_shows(hs, "question 1/2 · 2:00 used · time's up");
            assert_hides(hs, "Model answer");
        },
    );
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.interview_of(&["iv-006", "iv-014"]);
    hs.action(Action::Clock(5_000));
    hs.chars("still thinking");
    hs.action(Action::Clock(125_000));
    // Keys typed now are not notes.
    hs.chars("x");
    hs.enter();
    assert_eq!(hs.app.key_scope(), KeyScope::InterviewGrade);
    assert_shows(&hs, "⏱ Time ran out on this one.");
    assert_shows(&hs, "your notes: still thinking");
    hs.key(KeyCode::Char('1'));
    hs.key(KeyCode::Right);
    // Recorded with the whole clock and the time-out; the next question
    // starts its own clock at the next tick.
    let p = &hs.interview().answers[0].parts[0];
    assert_eq!((p.ms, p.timed_out), (120_000, true));
    hs.action(Action::Clock(600_000));
    assert_shows(&hs, "question 2/2 · ⏱ 2:00");
    hs.action(Action::Clock(630_000));
    assert_shows(&hs, "⏱ 1:30");
    assert_eq!(hs.app.key_scope(), KeyScope::InterviewAsk);
}

/// Three answers: iv-006 passed in 40 s, iv-023 missed in a minute,
/// iv-015 half covered in 10 s.
fn three_answers(hs: &mut Harness) {
    hs.interview_of(&["iv-006", "iv-023", "iv-015"]);
    for (start, took, ticks) in [
        (0, 40_000, "1234"),
        (50_000, 60_000, ""),
        (120_000, 10_000, "12"),
    ] {
        hs.action(Action::Clock(start));
        hs.action(Action::Clock(start + took));
        hs.enter();
        hs.chars(ticks);
        hs.key(KeyCode::Right);
    }
}

#[test]
fn interview_report_lists_verdicts_times_missed_points_and_links() {
    let (iv023, iv015) = (bank_card("iv-023"), bank_card("iv-015"));
    at_all_from(
        "interview_report",
        || app_with_cards(&[]),
        |hs| {
            three_answers(hs);
            assert_eq!(hs.app.key_scope(), KeyScope::InterviewReport);
            assert_shows(hs, "Interview practice · report");
            assert_shows(hs, "✓ 1 pass · ~ 1 borderline · ✗ 1 miss · 1:50 in all");
            assert_shows(hs, "✓ pass 0:40 [users] What is an IAM user?");
            let q: String = iv023.question.chars().take(30).collect();
            assert_shows(hs, &format!("✗ miss 1:00 [{}] {q}", iv023.topic));
            let q: String = iv015.question.chars().take(30).collect();
            assert_shows(hs, &format!("~ borderline 0:10 [{}] {q}", iv015.topic));
            for k in &iv023.key_points {
                assert_shows(hs, &format!("missed: {k}"));
            }
            // The first link is highlighted.
            assert_shows(hs, &format!("▸ revisit: {}", link_label(&iv023)));
            assert_shows(hs, "Weak topics: groups, roles");
            assert_shows(hs, "now in your review deck");
        },
    );
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    three_answers(&mut hs);
    // Kept for the dashboard, with each answer; the weak ones in review.
    let record = hs.app.progress.interviews.last().unwrap();
    assert_eq!((record.day, record.asked, record.strong), (TODAY, 3, 1));
    assert_eq!(record.weak_topics, ["groups", "roles"]);
    assert_eq!(record.level.as_deref(), Some("mixed"));
    let times: Vec<u64> = record.answers.iter().map(|a| a.ms()).collect();
    assert_eq!(times, [40_000, 60_000, 10_000]);
    let keys: Vec<&String> = hs.app.progress.review.keys().collect();
    assert_eq!(keys, ["iv:iv-015", "iv:iv-023"]);
    // Enter opens the highlighted link; Esc there comes back here.
    hs.enter();
    assert_eq!(hs.app.key_scope(), KeyScope::Lesson);
    assert_shows(&hs, "Two kinds of policy on a role");
    hs.esc();
    assert_eq!(hs.app.key_scope(), KeyScope::InterviewReport);
    hs.key(KeyCode::Down);
    assert_shows(&hs, &format!("▸ revisit: {}", link_label(&iv015)));
    hs.enter();
    assert_shows(&hs, "Rules of IAM groups");
    hs.esc();
    hs.key(KeyCode::Char('q'));
    assert_eq!(hs.app.key_scope(), KeyScope::Home);

    // All passed: no weak topics, nothing added to review, no links.
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.interview_of(&["iv-006", "iv-014"]);
    hs.enter();
    hs.chars("1234");
    hs.key(KeyCode::Right);
    hs.esc(); // ends early, with a report of what was answered
    assert_shows(&hs, "✓ 1 pass · ~ 0 borderline · ✗ 0 miss");
    assert_shows(&hs, "No weak topics this time.");
    assert_hides(&hs, "revisit:");
    assert!(hs.app.progress.review.is_empty());
    hs.enter();
    assert_eq!(hs.app.key_scope(), KeyScope::Home);
}

/// An hour of easy questions: twenty, a report longer than the screen;
/// the highlighted link stays in view, and the page keys scroll.
#[test]
fn a_long_interview_report_scrolls_and_keeps_its_link_in_view() {
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.app.open_interview(60, Some(Level::Easy));
    hs.draw();
    assert_eq!(hs.interview().cards.len(), 20);
    // Follow-ups are asked too: answer until the report shows.
    for _ in 0..60 {
        if hs.app.key_scope() == KeyScope::InterviewReport {
            break;
        }
        hs.enter();
        hs.key(KeyCode::Right);
    }
    assert_shows(&hs, "✗ 20 miss");
    assert_shows(&hs, "↓ more below (j / ↓)");
    assert_hides(&hs, "Weak topics:");
    let links = hs.interview().links(&hs.app.course.lessons).len();
    for _ in 0..links {
        hs.key(KeyCode::Down);
        let label = revisit::label(
            &hs.app.course.lessons,
            &hs.interview().links(&hs.app.course.lessons)[hs.interview().link].1,
        );
        assert_shows(&hs, &format!("▸ revisit: {label}"));
    }
    hs.key(KeyCode::PageDown);
    hs.key(KeyCode::PageDown);
    hs.key(KeyCode::PageDown);
    assert_shows(&hs, "Weak topics:");
    assert_hides(&hs, "↓ more below");
    assert_eq!(hs.app.progress.review.len(), 20);
}

#[test]
fn a_long_notice_wraps_rather_than_being_cut() {
    let notice = "your progress file was damaged; it is kept as \
                  /home/someone/.local/share/iamtutor/default.progress.ron.damaged-1 \
                  and you start fresh";
    let mut hs = Harness::new(80, 24);
    hs.app.notice = Some(notice.into());
    hs.draw();
    assert_shows(&hs, &format!("» {notice}"));
    let text = hs.text();
    let rows: Vec<&str> = text.lines().collect();
    // The notice's rows are the last; the body ends just above them.
    let first = rows.iter().position(|r| r.starts_with("» ")).unwrap();
    assert!(rows[23].ends_with("fresh"), "{text}");
    assert!(first >= 21, "{text}");
    assert!(rows[first - 1].starts_with('╰'), "{text}");
    insta::assert_snapshot!("notice_long_80x24", text);
    // The next key clears it, and the footer is one row again.
    hs.key(KeyCode::Down);
    assert_hides(&hs, "damaged");
    assert!(hs.text().lines().nth(22).unwrap().starts_with('╰'));
}

#[test]
fn too_small() {
    for (w, h) in [(40, 10), (59, 24), (80, 15)] {
        let mut hs = Harness::new(w, h);
        hs.key(KeyCode::Down);
        let text = hs.text();
        assert!(
            flat(&text).contains(&format!(
                "iamtutor needs a terminal of at least 60×16; this one is {w}×{h}"
            )),
            "{text}"
        );
        insta::assert_snapshot!(format!("too_small_{w}x{h}"), text);
    }
    // 60x16 itself is drawn.
    let hs = Harness::new(60, 16);
    assert!(!hs.text().contains("needs a terminal"));
}

// Without colour.

/// Cells that carry a colour.
fn coloured_cells(hs: &Harness) -> usize {
    hs.buffer()
        .content()
        .iter()
        .filter(|c| {
            c.fg != Color::Reset || c.bg != Color::Reset || c.underline_color != Color::Reset
        })
        .count()
}

/// A walk over the screens, checking each with `check`.
fn walk_screens(no_color: bool, check: &mut dyn FnMut(&str, &Harness)) {
    for (w, h) in SIZES {
        let mut hs = Harness::new(w, h);
        hs.app.no_color = no_color;
        hs.draw();
        check("home", &hs);
        hs.open_lesson_at(0, 1);
        check("table", &hs);
        hs.key(KeyCode::Char('g'));
        check("jump", &hs);
        hs.esc();
        hs.esc();
        hs.start_checkpoint(0);
        hs.answer(false);
        check("feedback", &hs);
        hs.esc();
        hs.esc();
        open_lab(&mut hs, "users-john");
        hs.key(KeyCode::F(4));
        hs.run("aws iam create-user --user-name john");
        check("lab", &hs);
        hs.key(KeyCode::F(5));
        check("confirm", &hs);
        hs.key(KeyCode::Char('n'));
        hs.run("as john");
        hs.run("aws iam list-users");
        hs.key(KeyCode::F(2));
        check("why", &hs);
        hs.key(KeyCode::F(1));
        check("help", &hs);
        hs.esc(); // closes help
        hs.esc(); // leaves the lab: its unmet goals come back in review
        hs.key(KeyCode::Char('d'));
        check("dashboard", &hs);
        hs.esc();
        hs.key(KeyCode::Char('r'));
        assert_eq!(hs.app.key_scope(), KeyScope::ReviewFront);
        check("review", &hs);
        hs.enter();
        check("review revealed", &hs);
        hs.esc();
        hs.key(KeyCode::Char('i'));
        hs.enter();
        hs.action(Action::Clock(0));
        check("interview", &hs);
        hs.enter();
        check("interview answer", &hs);
        hs.key(KeyCode::Char('1'));
        hs.esc();
        assert_eq!(hs.app.key_scope(), KeyScope::InterviewReport);
        check("interview report", &hs);
    }
}

#[test]
fn no_color_draws_no_colour_and_keeps_every_mark() {
    let mut screens = 0;
    walk_screens(true, &mut |name, hs| {
        screens += 1;
        assert_eq!(coloured_cells(hs), 0, "{name} has coloured cells");
    });
    assert_eq!(screens, 28);
    // The same walk in colour does colour every one of those screens, so
    // the check above can fail.
    walk_screens(false, &mut |name, hs| {
        assert!(coloured_cells(hs) > 0, "{name} has no colour at all");
    });

    // Meanings carried by colour are there as symbols and words too.
    let mut hs = Harness::new(80, 24);
    hs.app.no_color = true;
    hs.start_checkpoint(0);
    hs.answer(false);
    let text = hs.text();
    assert!(text.contains("✗ Not quite."));
    assert!(text.contains("✓ "));
    insta::assert_snapshot!("no_color_feedback_80x24", text);
    // The highlighted option is shown reversed, not coloured.
    let mut hs = Harness::new(80, 24);
    hs.app.no_color = true;
    hs.key(KeyCode::Down);
    let reversed = hs
        .buffer()
        .content()
        .iter()
        .filter(|c| c.modifier.contains(ratatui::style::Modifier::REVERSED))
        .count();
    assert!(reversed > 0, "the selected row is marked without colour");
    insta::assert_snapshot!("no_color_home_80x24", buffer_text(hs.buffer()));
}

// Who can do what.

#[test]
fn access_grid_of_the_messy_org() {
    at_both_sizes("access_grid", |hs| {
        open_lab(hs, "mistakes-cleanup");
        hs.key(KeyCode::F(6));
        let view = hs.access();
        let grid = &view.grid;
        assert!(grid.principals.iter().any(|p| p == "developer1"));
        // The header counts what the grid holds.
        assert_shows(
            hs,
            &format!(
                "{} principals × {} actions",
                grid.principals.len(),
                grid.columns.len()
            ),
        );
        assert_shows(hs, "✓ allowed");
        // The first cell's decision is spelt out under the grid.
        let first = grid.columns[0].clone();
        assert_shows(hs, &first.action);
    });
}

/// Without colour, a denied cell still says which denial it is: the mark
/// differs, the legend names both in AWS's words, and the selected cell's
/// sentence says what makes it so.
#[test]
fn no_color_access_grid_tells_the_denials_apart_in_words() {
    // The cell's sentence shows under the grid where there is room for it.
    let mut hs = Harness::new(160, 48);
    hs.app.no_color = true;
    open_lab(&mut hs, "mistakes-cleanup");
    hs.key(KeyCode::F(6));
    let col = {
        let g = &hs.access().grid;
        g.principals.iter().position(|p| p == "app-server").unwrap()
    };
    for _ in 0..col {
        hs.key(KeyCode::Right);
    }
    let view = hs.access();
    assert_eq!(
        view.grid.get(view.col, view.row),
        iamtutor::iam::eval::Decision::ImplicitDeny
    );
    assert_shows(&hs, "✓ allowed  · implicitly denied  ✗ explicitly denied");
    assert_shows(&hs, "· denied implicitly: no Deny, but not allowed");
    assert_eq!(coloured_cells(&hs), 0);
    insta::assert_snapshot!("no_color_access_grid_160x48", hs.text());
}

#[test]
fn access_grid_cell_trail_and_paths() {
    at_both_sizes("access_grid_trail", |hs| {
        open_lab(hs, "mistakes-cleanup");
        hs.key(KeyCode::F(6));
        let col = {
            let g = &hs.access().grid;
            g.principals.iter().position(|p| p == "app-server").unwrap()
        };
        for _ in 0..col {
            hs.key(KeyCode::Right);
        }
        assert_eq!(hs.access().col, col);
        hs.enter();
        let (principal, action) = {
            let v = hs.access();
            (
                v.grid.principals[v.col].clone(),
                v.grid.columns[v.row].action.clone(),
            )
        };
        assert!(matches!(
            hs.access().detail,
            iamtutor::app::access::Detail::Trail(_)
        ));
        assert_shows(hs, &format!("Why: {principal}, {action}"));
    });
    // p: the principal's escalation paths; Esc closes them, Esc again leaves.
    let mut hs = Harness::new(80, 24);
    open_lab(&mut hs, "mistakes-cleanup");
    hs.key(KeyCode::F(6));
    hs.key(KeyCode::Char('p'));
    assert!(matches!(
        hs.access().detail,
        iamtutor::app::access::Detail::Paths { .. }
    ));
    hs.esc();
    assert!(matches!(
        hs.access().detail,
        iamtutor::app::access::Detail::Summary
    ));
    hs.esc();
    let _ = hs.lab();
}

/// A spot question shows the organization, and its highlighted option is
/// always in view, even when the organization is long.
#[test]
fn spot_question_keeps_its_options_in_view() {
    for (w, h) in SIZES {
        let mut hs = Harness::new(w, h);
        let lesson = hs
            .app
            .course
            .lessons
            .iter()
            .position(|l| l.id == "mistakes")
            .unwrap();
        hs.start_checkpoint(lesson);
        hs.skip_to_kind(|k| matches!(k, QuestionKind::Spot(_)));
        let options = iamtutor::app::quiz::options(hs.quiz().item());
        let inventory = hs.quiz().item().spotted.as_ref().unwrap().inventory.clone();
        assert_shows(&hs, inventory[1].trim());
        for (i, option) in options.iter().enumerate() {
            assert_eq!(hs.quiz().cursor, i);
            assert_shows(&hs, &format!("▸{}. {option}", i + 1));
            hs.key(KeyCode::Down);
        }
        // Answered, the advisor's findings are shown under the explanation.
        hs.answer(true);
        assert!(hs.quiz().graded.as_ref().unwrap().correct);
        for _ in 0..40 {
            hs.key(KeyCode::Down);
        }
        assert_shows(&hs, "What the advisor found");
    }
}

// Kept work: the questions before anything is thrown away, and coming back.

#[test]
fn the_editor_asks_before_unsaved_changes_go() {
    at_all("editor_leave", |hs| {
        hs.key(KeyCode::Char('s'));
        hs.run("edit policy.json");
        hs.chars("{\"Version\": \"2012-10-17\"}");
        hs.esc();
        assert_eq!(hs.app.key_scope(), KeyScope::EditorLeave);
    });
}

#[test]
fn starting_the_sandbox_over_asks_first() {
    at_all("sandbox_new_asks", |hs| {
        hs.key(KeyCode::Char('s'));
        hs.run("aws iam create-user --user-name john");
        hs.run("new");
        assert_eq!(hs.app.key_scope(), KeyScope::Confirm);
    });
}

#[test]
fn a_lab_comes_back_as_it_was_left() {
    at_all("lab_welcome_back", |hs| {
        let row = home_row_of_lab(&hs.app, "users-john");
        hs.open_home_row(row);
        hs.run("aws iam create-user --user-name john");
        hs.key(KeyCode::F(4));
        hs.chars("aws iam create-login-profile");
        hs.esc();
        hs.esc();
        let row = home_row_of_lab(&hs.app, "users-john");
        hs.open_home_row(row);
        assert_shows(hs, "Welcome back: the lab is as you left it");
    });
}

#[test]
fn home_lists_the_sandboxes_kept() {
    at_all("home_sandboxes", |hs| {
        hs.key(KeyCode::Char('s'));
        hs.run("aws iam create-user --user-name john");
        hs.run("save before-groups");
        hs.run("new scratch");
        hs.esc();
        hs.key(KeyCode::End);
        assert_shows(hs, "Sandbox `scratch`");
        assert_shows(hs, "Sandbox `before-groups`");
    });
}

#[test]
fn the_jump_list_goes_to_its_ends_with_home_and_end() {
    let mut hs = Harness::new(80, 24);
    hs.open_lesson_at(2, 3);
    hs.key(KeyCode::Char('g'));
    let selected = |hs: &Harness| match &hs.app.overlay {
        Some(Overlay::Jump { rows, selected }) => (*selected, rows.len()),
        other => panic!("the jump list is open, not {other:?}"),
    };
    assert_ne!(selected(&hs).0, 0);
    hs.key(KeyCode::End);
    let (at, len) = selected(&hs);
    assert_eq!(at, len - 1);
    assert_shows(&hs, "12  Roles in depth");
    hs.key(KeyCode::Home);
    assert_eq!(selected(&hs).0, 0);
    assert_shows(&hs, " 1  Why IAM has several kinds of identity");
}

/// A host whose every file exists already: the console must ask before it
/// writes one, and write only on a yes.
struct AskingHost {
    written: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
}

impl iamtutor::app::Host for AskingHost {
    fn carry_out(
        &mut self,
        _shell: &mut iamtutor::shell::Shell,
        mut outcome: iamtutor::shell::Outcome,
    ) -> iamtutor::shell::Outcome {
        if let Some(iamtutor::shell::Effect::WriteFile { path, .. }) = outcome.effect.take() {
            self.written.borrow_mut().push(path);
        }
        outcome
    }

    fn needs_asking(&self, _effect: &iamtutor::shell::Effect) -> Option<String> {
        Some("exists already; writing replaces it".into())
    }
}

fn app_with_files(written: &std::rc::Rc<std::cell::RefCell<Vec<String>>>) -> App {
    let mut app = app_kit::new_app();
    app.host = Box::new(AskingHost {
        written: written.clone(),
    });
    app
}

#[test]
fn writing_over_a_file_asks_first() {
    let written = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    at_all_from(
        "sandbox_write_asks",
        || app_with_files(&written),
        |hs| {
            hs.key(KeyCode::Char('s'));
            hs.run("export cli --to setup.sh");
            assert_eq!(hs.app.key_scope(), KeyScope::Confirm);
            assert_shows(hs, "setup.sh");
            assert_shows(hs, "exists already; writing replaces it.");
        },
    );
    assert!(
        written.borrow().is_empty(),
        "nothing is written before a yes"
    );
    // y writes it; n leaves it as it was.
    let mut hs = Harness::with_app(app_with_files(&written), 80, 24);
    hs.key(KeyCode::Char('s'));
    hs.run("export cli --to setup.sh");
    hs.key(KeyCode::Char('n'));
    assert!(written.borrow().is_empty());
    assert_shows(&hs, "not written: setup.sh is as it was");
    hs.run("export cli --to setup.sh");
    hs.key(KeyCode::Char('y'));
    assert_eq!(*written.borrow(), ["setup.sh"]);
    assert_shows(&hs, "Exported the organization to setup.sh");
    assert_eq!(hs.app.key_scope(), KeyScope::Console);
}

#[test]
fn interview_who_can_case_is_graded_by_the_engine() {
    at_all_from(
        "interview_who_can",
        || app_with_cards(&[]),
        |hs| {
            hs.interview_of(&["iv-117"]);
            hs.action(Action::Clock(1_000));
            assert_eq!(hs.app.key_scope(), KeyScope::InterviewChoose);
            // The kind and difficulty show; the topic waits for the answer.
            assert_shows(hs, "Interview practice · Medium · case");
            assert_hides(hs, "evaluation");
            assert_shows(hs, "Who can do it? Tick everyone who is allowed");
            assert_shows(hs, "[ ] 5 erin");
            // What the engine decides by is on the page: the boundary.
            hs.key(KeyCode::PageDown);
            assert_shows(hs, "permissions boundary AmazonEC2ReadOnlyAccess");
            assert_shows(hs, "bucket payroll with a bucket policy");
        },
    );
    // Right: ana (her group) and erin (the bucket policy names her).
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.interview_of(&["iv-117"]);
    hs.chars("15");
    hs.enter();
    assert_eq!(hs.app.key_scope(), KeyScope::InterviewGrade);
    assert_shows(
        &hs,
        "✓ Right: the engine decides each principal as follows.",
    );
    assert_shows(&hs, "✓ ben: explicitly denied (you left it)");
    hs.chars("123");
    assert_eq!(
        hs.interview().points_verdict().unwrap().verdict,
        Verdict::Pass
    );
    hs.key(KeyCode::Right);
    let a = &hs.interview().answers[0];
    assert_eq!((a.engine_right, a.verdict), (Some(true), Verdict::Pass));

    // Wrong: ben ticked too. Every point ticked cannot save it.
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.interview_of(&["iv-117"]);
    hs.chars("125");
    hs.enter();
    assert_shows(&hs, "✗ ben: explicitly denied (you ticked it)");
    hs.chars("1234");
    let v = hs.interview().points_verdict().unwrap();
    assert_eq!(v.verdict, Verdict::Miss, "{}", v.reason);
    assert!(
        v.reason.starts_with("the engine says otherwise"),
        "{}",
        v.reason
    );
}

#[test]
fn interview_why_denied_case_wants_the_layer_the_engine_names() {
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.interview_of(&["iv-118"]);
    assert_shows(&hs, "permissions boundary AmazonS3ReadOnlyAccess");
    assert_shows(&hs, "Why is it denied? Pick one");
    // Enter without a pick says what to do and stays.
    hs.enter();
    assert_eq!(hs.app.key_scope(), KeyScope::InterviewChoose);
    assert_shows(&hs, "pick a reason first");
    // Picking is one at a time: the last pick stands.
    hs.chars("12");
    hs.enter();
    assert_shows(&hs, "✓ Right");
    assert_eq!(hs.interview().engine_right, Some(true));
}

#[test]
fn interview_live_troubleshooting_in_the_sandbox() {
    at_all_from(
        "interview_live",
        || app_with_cards(&[]),
        |hs| {
            hs.interview_of(&["iv-119"]);
            hs.action(Action::Clock(1_000));
            assert_eq!(hs.app.key_scope(), KeyScope::InterviewLive);
            assert_shows(hs, "Interview practice · Hard · live troubleshooting");
            assert_shows(hs, "john ran this and it failed:");
            assert_shows(hs, "$ aws s3api list-objects-v2 --bucket reports");
            assert_shows(hs, "AccessDenied");
            assert_shows(hs, "why-pane is off");
            assert_hides(hs, "why?");
            assert!(hs.app.wants_clock());
        },
    );
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.interview_of(&["iv-119"]);
    hs.action(Action::Clock(1_000));
    // Too broad: the command works, but payroll opens up too.
    hs.chars(
        "aws iam attach-user-policy --user-name john \
         --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    );
    hs.enter();
    let live = |hs: &Harness| match &hs.interview().case {
        Some(CaseState::Fix(l)) => (l.state.works, l.state.solved(), l.solved_ms),
        _ => panic!("not a live case"),
    };
    assert_eq!(live(&hs), (true, false, None));
    assert_shows(&hs, "also s3:GetObject on");
    assert!(hs.app.wants_clock());
    // Undone, then the smallest fix: solved, and the clock stops there.
    hs.chars(
        "aws iam detach-user-policy --user-name john \
         --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    );
    hs.enter();
    hs.action(Action::Clock(46_000));
    hs.chars(FIX_REPORTS);
    hs.enter();
    assert_eq!(live(&hs), (true, true, Some(45_000)));
    assert_shows(&hs, "✓ Solved in 0:45");
    assert!(!hs.app.wants_clock());
    hs.action(Action::Clock(200_000));
    assert_shows(&hs, "✓ solved in 0:45");
    // Enter on the empty line: the answer, graded right by the engine.
    hs.enter();
    assert_eq!(hs.app.key_scope(), KeyScope::InterviewGrade);
    assert_shows(&hs, "✓ Right: solved in 0:45");
    hs.chars("12");
    hs.key(KeyCode::Right);
    let a = &hs.interview().answers[0];
    assert_eq!(
        (a.engine_right, a.verdict, a.ms()),
        (Some(true), Verdict::Pass, 45_000)
    );

    // Not solved: Esc on the empty line asks, then ends the attempt; the
    // engine says so, and ticking every point cannot pass it.
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.interview_of(&["iv-119"]);
    hs.action(Action::Clock(1_000));
    hs.key(KeyCode::Esc);
    assert_eq!(hs.app.key_scope(), KeyScope::Confirm);
    hs.enter();
    assert_eq!(hs.app.key_scope(), KeyScope::InterviewGrade);
    assert_eq!(hs.interview().engine_right, Some(false));
    hs.chars("123");
    assert_eq!(
        hs.interview().points_verdict().unwrap().verdict,
        Verdict::Miss
    );
}

#[test]
fn interview_explain_it_to_a_junior() {
    at_all_from(
        "interview_junior",
        || app_with_cards(&[]),
        |hs| {
            hs.interview_of(&["iv-114"]);
            hs.action(Action::Clock(1_000));
            assert_eq!(hs.app.key_scope(), KeyScope::InterviewAsk);
            assert_shows(hs, "Interview practice · Easy · explain it to a junior");
            assert_shows(
                hs,
                "Explain it to a junior colleague: what it is, an example, and the catch.",
            );
            assert_hides(hs, "roles");
        },
    );
    // Its key points are the three beats, ticked like any card's.
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.interview_of(&["iv-114"]);
    hs.enter();
    assert_shows(&hs, "[ ] 1 what: an identity without long-term credentials");
    hs.chars("13");
    let v = hs.interview().points_verdict().unwrap();
    assert_eq!(
        (v.verdict, v.missed.clone()),
        (Verdict::Borderline, vec![1])
    );
}

const FIX_REPORTS: &str = r#"aws iam put-user-policy --user-name john --policy-name ReadReports --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}'"#;
