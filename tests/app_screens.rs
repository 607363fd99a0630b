//! Every screen and its main states, drawn on a `TestBackend` at 80x24 and
//! at 160x48 and compared with the committed snapshots in
//! `tests/snapshots/`. Each state is reached with key events through the
//! keymap, as a learner would; besides the snapshot, each test checks the
//! facts the screen must show.

mod app_kit;

use app_kit::{
    Harness, TODAY, app_with_cards, buffer_text, digit, home_row_of_lab, practised_app,
    right_positions, wrong_positions,
};
use iamtutor::app::narrow_panes::Pane;
use iamtutor::app::{Action, App, Context, Overlay};
use iamtutor::content::schema::QuestionKind;
use iamtutor::iam::explain;
use iamtutor::learn::review::CardKind;
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
        let scenes = total_scenes(&hs.app);
        assert_shows(hs, &format!("1/12 lessons done · 8/{scenes} scenes read"));
        // The four answered wrong are due for review, said at the top.
        assert_shows(hs, "0/15 labs solved · 4 due for review");
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
                "1/12 lessons done · 11/{} scenes read · 1/15 labs solved",
                total_scenes(&hs.app)
            ),
        );
        assert_shows(
            hs,
            "streak: 5 days · review: 2 cards due of 3 · interviews practised: 1",
        );
        // Lesson 1 read with its checkpoint; three scenes of lesson 2.
        assert_shows(hs, "1 Why IAM has several kinds of identity 8/8 9/12");
        assert_shows(hs, "2 IAM users 3/10 -");
        assert_shows(hs, "★ par John's first day (2 hints)");
        assert_shows(hs, "◐ started One group for the developers");
        assert_shows(hs, "○ to do Lena's first day");
    });
    // The larger screen has room for everything; the smaller scrolls to it.
    let mut hs = Harness::with_app(practised_app(), 160, 48);
    hs.key(KeyCode::Char('d'));
    assert_eq!(hs.dashboard().max_scroll.get(), 0);
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
    assert_hides(&hs, "1/12 lessons done");
    insta::assert_snapshot!("dashboard_end_80x24", hs.text());
    // Esc goes home.
    hs.esc();
    assert_eq!(hs.app.context(), Context::Home);
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
        assert_shows(hs, "3. Denied implicitly: nothing allows it");
        // The review's count, not a quiz's.
        assert_hides(hs, "question 1/1");
        assert_hides(hs, "How well did you know it?");
    });
}

#[test]
fn review_question_answered() {
    at_both_sizes_from("review_question_answered", decide_due, |hs| {
        hs.key(KeyCode::Char('r'));
        hs.answer(false);
        assert_shows(hs, "✗ Not quite.");
        assert_shows(hs, "0 reviewed · 1 to go");
        assert_hides(hs, "question 1/1");
        // Grades on the last row above the footer; Enter suggests Again.
        let text = hs.text();
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(
            flat(rows[rows.len() - 2]),
            "How well did you know it? 1 Again 2 Hard 3 Good 4 Easy · Enter Again"
        );
        assert!(rows[rows.len() - 1].starts_with("1-4 grade"), "{text}");
    });
    // Answered right, Enter suggests Good.
    let mut hs = Harness::with_app(decide_due(), 80, 24);
    hs.key(KeyCode::Char('r'));
    hs.answer(true);
    assert_shows(&hs, "✓ Right.");
    assert_shows(&hs, "4 Easy · Enter Good");
    // At 80x24 the trail is below: j scrolls to it, the grades stay.
    assert_shows(&hs, "↓ more below (j / ↓)");
    let mut saw_trail = false;
    for _ in 0..60 {
        if !hs.text().contains("↓ more below") {
            break;
        }
        hs.key(KeyCode::Char('j'));
        saw_trail |= hs.text().contains("How the engine decided");
    }
    assert!(saw_trail, "the engine's trail scrolled into view");
    assert_hides(&hs, "↓ more below");
    assert_shows(&hs, "4 Easy · Enter Good");
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
        assert_shows(
            hs,
            "How well did you know it? 1 Again 2 Hard 3 Good 4 Easy · Enter Good",
        );
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
        grades > last_command && grades - last_command <= 5,
        "the grades follow the solution:\n{text}"
    );
    assert!(rows[grades - 1].trim().is_empty());
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
        hs.enter(); // the suggested grade: Good
        assert_eq!(hs.app.context(), Context::ReviewDone);
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
    assert_eq!(hs.app.context(), Context::Home);
    hs.key(KeyCode::Char('r'));
    assert_eq!(hs.app.context(), Context::Home);
    assert_shows(&hs, "» nothing due today; 2 cards wait for their day");
}

/// Home's interview practice: five questions, the first one's countdown
/// started at 10 s on the host's clock and now at 40 s.
fn interview_at_2_30(hs: &mut Harness) {
    hs.key(KeyCode::Char('i'));
    hs.action(Action::Clock(10_000));
    hs.action(Action::Clock(40_000));
}

#[test]
fn interview_question_with_its_countdown() {
    at_both_sizes_from(
        "interview_question",
        || app_with_cards(&[]),
        |hs| {
            interview_at_2_30(hs);
            hs.chars("one identity, long-term keys");
            let card = hs.interview().card().unwrap().clone();
            assert_shows(hs, &format!("Interview practice · {}", card.topic));
            assert_shows(hs, "question 1/5 · ⏱ 2:30");
            assert_shows(hs, &card.question);
            assert_shows(hs, "notes › one identity, long-term keys▏");
            assert_hides(hs, "Key points");
            assert_hides(hs, &card.key_points[0]);
        },
    );
    // The countdown moves with the clock, rounding up to the second.
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    interview_at_2_30(&mut hs);
    hs.action(Action::Clock(40_001));
    assert_shows(&hs, "⏱ 2:30");
    hs.action(Action::Clock(41_000));
    assert_shows(&hs, "⏱ 2:29");
    hs.action(Action::Clock(189_000));
    assert_shows(&hs, "⏱ 0:01");
    assert_eq!(hs.app.context(), Context::InterviewAsk);
    assert!(hs.app.wants_clock());
}

#[test]
fn interview_answer_revealed() {
    at_both_sizes_from(
        "interview_revealed",
        || app_with_cards(&[]),
        |hs| {
            interview_at_2_30(hs);
            hs.chars("one identity, long-term keys");
            hs.enter();
            let card = hs.interview().card().unwrap().clone();
            assert_shows(hs, "question 1/5");
            // The countdown stops once the answer shows.
            assert_hides(hs, "⏱");
            assert!(!hs.app.wants_clock());
            assert_shows(hs, "your notes: one identity, long-term keys");
            let first: String = card.answer.chars().take(50).collect();
            assert_shows(hs, &first);
            assert_shows(hs, "Key points");
            for k in &card.key_points {
                assert_shows(hs, &format!("- {k}"));
            }
            assert_shows(hs, "How well did you know it? 1 Again 2 Hard 3 Good 4 Easy");
            // No Enter here: grades are the only way on.
            assert_hides(hs, "Enter Good");
        },
    );
}

#[test]
fn interview_report() {
    at_both_sizes_from(
        "interview_report",
        || app_with_cards(&[]),
        |hs| {
            hs.key(KeyCode::Char('i'));
            let cards = hs.interview().cards.clone();
            for g in ['3', '1', '4', '2', '3'] {
                hs.enter();
                hs.key(KeyCode::Char(g));
            }
            assert_eq!(hs.app.context(), Context::InterviewReport);
            assert_shows(hs, "Interview practice · report");
            assert_shows(hs, "3 of 5 answered well.");
            for (card, g) in cards
                .iter()
                .zip(["✓ Good", "✗ Again", "✓ Easy", "✗ Hard", "✓ Good"])
            {
                let q: String = card.question.chars().take(30).collect();
                assert_shows(hs, &format!("{g} [{}] {q}", card.topic));
            }
            let mut weak = vec![cards[1].topic.clone(), cards[3].topic.clone()];
            weak.sort();
            weak.dedup();
            assert_shows(hs, &format!("Weak topics: {}", weak.join(", ")));
            assert_shows(hs, "now in your review deck");
            // Kept for the dashboard, the weak answers in review.
            let record = hs.app.progress.interviews.last().unwrap();
            assert_eq!((record.day, record.asked, record.strong), (TODAY, 5, 3));
            assert_eq!(record.weak_topics, weak);
            let keys: Vec<&String> = hs.app.progress.review.keys().collect();
            let mut want = [format!("iv:{}", cards[1].id), format!("iv:{}", cards[3].id)];
            want.sort();
            assert_eq!(keys, want.iter().collect::<Vec<_>>());
        },
    );
    // All answered well: no weak topics, nothing added to review.
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.key(KeyCode::Char('i'));
    hs.enter();
    hs.key(KeyCode::Char('4'));
    hs.esc(); // ends early, with a report of what was answered
    assert_shows(&hs, "1 of 1 answered well.");
    assert_shows(&hs, "No weak topics this time.");
    assert!(hs.app.progress.review.is_empty());
    // An hour's practice (`iamtutor interview --minutes 60`): twenty
    // questions, a report longer than the screen, scrolled to its end.
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.app.open_interview(60);
    hs.draw();
    assert_eq!(hs.interview().cards.len(), 20);
    for _ in 0..20 {
        hs.enter();
        hs.key(KeyCode::Char('2'));
    }
    assert_shows(&hs, "0 of 20 answered well.");
    assert_shows(&hs, "↓ more below (j / ↓)");
    assert_hides(&hs, "Weak topics:");
    hs.key(KeyCode::PageDown);
    hs.key(KeyCode::PageDown);
    assert_shows(&hs, "Weak topics:");
    assert_shows(&hs, "now in your review deck");
    assert_hides(&hs, "↓ more below");
    assert_eq!(hs.app.progress.review.len(), 20);
}

#[test]
fn the_countdown_reaching_zero_reveals_the_answer() {
    let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
    hs.key(KeyCode::Char('i'));
    hs.action(Action::Clock(5_000));
    hs.chars("still thinking");
    hs.action(Action::Clock(184_999));
    assert_eq!(hs.app.context(), Context::InterviewAsk);
    assert_shows(&hs, "⏱ 0:01");
    hs.action(Action::Clock(185_000));
    // Time is up: the model answer and the grades show, the clock stops.
    assert_eq!(hs.app.context(), Context::InterviewGrade);
    assert!(hs.interview().revealed);
    assert!(!hs.app.wants_clock());
    assert_hides(&hs, "⏱");
    assert_shows(&hs, "Key points");
    assert_shows(&hs, "your notes: still thinking");
    assert_shows(&hs, "How well did you know it?");
    // Keys typed now are not notes: the answer stays shown.
    hs.chars("x");
    assert!(hs.interview().revealed);
    // The next question starts its own three minutes at the next tick.
    hs.key(KeyCode::Char('3'));
    assert_eq!(hs.interview().index, 1);
    hs.action(Action::Clock(600_000));
    assert_shows(&hs, "question 2/5 · ⏱ 3:00");
    hs.action(Action::Clock(630_000));
    assert_shows(&hs, "⏱ 2:30");
    assert_eq!(hs.app.context(), Context::InterviewAsk);
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
        assert_eq!(hs.app.context(), Context::ReviewFront);
        check("review", &hs);
        hs.enter();
        check("review revealed", &hs);
        hs.esc();
        hs.key(KeyCode::Char('i'));
        hs.action(Action::Clock(0));
        check("interview", &hs);
        hs.enter();
        check("interview answer", &hs);
        hs.key(KeyCode::Char('1'));
        hs.esc();
        assert_eq!(hs.app.context(), Context::InterviewReport);
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
