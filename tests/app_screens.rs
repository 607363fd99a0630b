//! Every screen and its main states, drawn on a `TestBackend` at 80x24 and
//! at 160x48 and compared with the committed snapshots in
//! `tests/snapshots/`. Each state is reached with key events through the
//! keymap, as a learner would; besides the snapshot, each test checks the
//! facts the screen must show.

mod app_kit;

use app_kit::{Harness, buffer_text, digit, home_row_of_lab, right_positions, wrong_positions};
use iamtutor::app::Overlay;
use iamtutor::content::schema::QuestionKind;
use iamtutor::iam::explain;
use ratatui::crossterm::event::KeyCode;
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
        hs.enter();
    }
    panic!("lesson 1's checkpoint has no {kind} question");
}

// Home.

#[test]
fn home_fresh() {
    at_both_sizes("home_fresh", |hs| {
        assert_shows(hs, "iamtutor · learn AWS IAM by doing");
        assert_shows(hs, "Why IAM has several kinds of identity");
        assert_shows(hs, "0/12 lessons done");
        assert_hides(hs, "▶ Continue");
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
            hs.enter();
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
        assert_shows(hs, "1/12 lessons done · 8/120 scenes read");
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
    at_both_sizes("lesson_diagram", |hs| {
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
    at_both_sizes("lesson_demo_before", |hs| {
        hs.open_lesson_at(0, 6);
        assert_shows(hs, "One company, two kinds of identity");
        assert_shows(hs, "Space runs step 1 of 9");
        assert_hides(hs, "$ as john");
    });
}

#[test]
fn lesson_demo_after_steps() {
    at_both_sizes("lesson_demo_after", |hs| {
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
    at_both_sizes("lesson_lab_intro", |hs| {
        hs.open_lesson_at(1, 8);
        assert_shows(hs, "Lab: John's first day");
        assert_shows(hs, "○ John can sign in to the console");
        assert_shows(hs, "▶ Enter opens the lab");
    });
}

#[test]
fn lesson_checkpoint_page() {
    at_both_sizes("lesson_checkpoint", |hs| {
        hs.open_lesson_at(0, 8);
        assert_shows(
            hs,
            "12 questions on \"Why IAM has several kinds of identity\"",
        );
        assert_shows(hs, "▶ Enter starts the checkpoint");
        assert_shows(hs, "checkpoint");
    });
}

// Quizzes.

#[test]
fn quiz_choose_one_before() {
    at_both_sizes("quiz_one_before", |hs| {
        checkpoint_at(hs, "one");
        assert_shows(hs, "Choose one");
        assert!(
            hs.text().contains("▸1. "),
            "the first option is highlighted"
        );
        assert_hides(hs, "Not quite");
    });
}

#[test]
fn quiz_choose_one_right() {
    at_both_sizes("quiz_one_right", |hs| {
        checkpoint_at(hs, "one");
        let item = hs.quiz().item().clone();
        let right = right_positions(&item)[0];
        hs.key(KeyCode::Char(digit(right)));
        let graded = hs.quiz().graded.clone().expect("answered");
        assert!(graded.correct);
        assert_shows(hs, "✓ Right.");
        assert_shows(hs, &graded.explanation);
        assert!(hs.text().contains(&format!("✓ {}. ", right + 1)));
        assert_hides(hs, "Why not");
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
        let graded = hs.quiz().graded.clone().expect("answered");
        assert!(!graded.correct);
        let QuestionKind::ChooseOne { options } = &item.question.kind else {
            unreachable!()
        };
        let why_not = options[item.order[wrong]].why_not.clone().expect("why not");
        assert!(hs.text().contains("✗"));
        assert_shows(hs, "✗ Not quite.");
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
        assert!(hs.quiz().graded.is_none());
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
    });
}

#[test]
fn quiz_decide_answered() {
    at_both_sizes("quiz_decide", |hs| {
        checkpoint_at(hs, "decide");
        assert_shows(hs, "What does AWS decide?");
        assert_shows(hs, "principal john");
        let item = hs.quiz().item().clone();
        hs.key(KeyCode::Char(digit(right_positions(&item)[0])));
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
        for _ in 0..hs.quiz().max_scroll.get() {
            if shown(hs) {
                break;
            }
            hs.key(KeyCode::Char('j'));
        }
        assert!(shown(hs), "{}", hs.text());
    });
}

#[test]
fn quiz_summary() {
    at_both_sizes("quiz_summary", |hs| {
        hs.start_checkpoint(0);
        for i in 0..12 {
            hs.answer(i % 4 != 1);
            hs.enter();
        }
        assert!(hs.quiz().summary);
        assert_eq!(hs.quiz().session.score(), (9, 12));
        assert_shows(hs, "Your score: 9 of 12");
        for _ in 0..hs.quiz().max_scroll.get() {
            hs.key(KeyCode::Char('j'));
        }
        assert_shows(hs, "r retries the 3 you missed");
        if hs.quiz().max_scroll.get() == 0 {
            assert_eq!(hs.text().matches("✗ ").count(), 3);
        }
    });
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
        assert!(hs.text().contains("Hints 1/4 (F4)"));
        assert!(hs.text().contains("- John needs an IAM user."));
        assert!(
            hs.text()
                .contains("✓ goal met: John can sign in to the console")
        );
        assert!(hs.text().contains("5 of 10 met · 2 commands"));
    });
}

#[test]
fn lab_solution_confirmation() {
    at_both_sizes("lab_solution_confirm", |hs| {
        open_lab(hs, "users-john");
        hs.key(KeyCode::F(5));
        assert!(hs.lab().confirming);
        assert_shows(hs, "Solution?");
        assert_shows(hs, "Show the reference solution?");
        assert_hides(hs, "the reference solution, one command a line");
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
    }
}

#[test]
fn no_color_draws_no_colour_and_keeps_every_mark() {
    let mut screens = 0;
    walk_screens(true, &mut |name, hs| {
        screens += 1;
        assert_eq!(coloured_cells(hs), 0, "{name} has coloured cells");
    });
    assert_eq!(screens, 16);
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
