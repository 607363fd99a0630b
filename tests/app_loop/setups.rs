//! The states the key walk starts from, each reached by keys from home.

use crate::app_kit;

use app_kit::{Harness, app_with_cards, new_app};
use iamtutor::app::{Action, KeyScope};
use iamtutor::content::schema::{QuestionKind, Scene};
use iamtutor::learn::review::CardKind;
use ratatui::crossterm::event::KeyCode;

/// A state to walk the keys from.
pub(super) struct Setup {
    pub(super) name: &'static str,
    pub(super) build: fn() -> Harness,
}

pub(super) fn lesson_at(lesson: usize, scene: usize, w: u16, h: u16) -> Harness {
    let mut hs = Harness::new(w, h);
    hs.open_lesson_at(lesson, scene);
    hs
}

fn quiz_of(kind: fn(&QuestionKind) -> bool) -> Harness {
    let mut hs = Harness::new(80, 24);
    hs.start_checkpoint(0);
    hs.skip_to_kind(kind);
    hs
}

fn sandbox_typing() -> Harness {
    let mut hs = Harness::new(80, 24);
    hs.key(KeyCode::Char('s'));
    hs.run("aws iam create-user --user-name john");
    hs.run("aws iam list-users");
    hs.run("help");
    hs.key(KeyCode::PageUp);
    hs.burst("aws iam create-us");
    hs
}

pub(super) fn setups() -> Vec<Setup> {
    vec![
        Setup {
            name: "home",
            build: || {
                let mut hs = Harness::new(80, 24);
                for _ in 0..3 {
                    hs.key(KeyCode::Down);
                }
                hs
            },
        },
        Setup {
            // A prose scene, scrolled one line, at the smallest size so it
            // has somewhere to scroll.
            name: "lesson prose",
            build: || {
                let mut hs = lesson_at(0, 4, 60, 16);
                hs.key(KeyCode::Down);
                assert!(
                    hs.lesson().scroll.reach() >= 3,
                    "the scene scrolls: {}",
                    hs.lesson().scroll.reach()
                );
                hs
            },
        },
        Setup {
            name: "lesson demo",
            build: || lesson_at(0, 6, 80, 24),
        },
        Setup {
            name: "lesson lab intro",
            build: || {
                // Lesson 2's lab intro, wherever the lesson puts it.
                let course = iamtutor::content::course::Course::embedded().unwrap();
                let scene = course.lessons[1]
                    .scenes
                    .iter()
                    .position(|s| matches!(s, Scene::LabIntro { .. }))
                    .unwrap();
                lesson_at(1, scene, 80, 24)
            },
        },
        Setup {
            name: "lesson checkpoint page",
            build: || lesson_at(0, 8, 80, 24),
        },
        Setup {
            // Lesson 1's checkpoint taken, back on its page.
            name: "lesson checkpoint taken",
            build: || {
                let mut app = new_app();
                app.progress.checkpoint("identities", 9, 12);
                let mut hs = Harness::with_app(app, 80, 24);
                hs.open_lesson_at(0, 8);
                hs
            },
        },
        Setup {
            // The last lesson's checkpoint taken: → goes home.
            name: "last checkpoint taken",
            build: || {
                let mut app = new_app();
                let last = app.course.lessons.len() - 1;
                let id = app.course.lessons[last].id.clone();
                app.progress.checkpoint(&id, 5, 10);
                let scenes = app.course.lessons[last].scenes.len();
                let mut hs = Harness::with_app(app, 80, 24);
                hs.open_lesson_at(last, scenes);
                hs
            },
        },
        Setup {
            name: "choose one",
            build: || {
                let mut hs = quiz_of(|k| matches!(k, QuestionKind::ChooseOne { .. }));
                hs.key(KeyCode::Down);
                hs
            },
        },
        Setup {
            name: "choose many",
            build: || {
                let mut hs = quiz_of(|k| matches!(k, QuestionKind::ChooseMany { .. }));
                hs.key(KeyCode::Char('3'));
                hs.key(KeyCode::Down);
                hs
            },
        },
        Setup {
            name: "decide",
            build: || {
                let mut hs = quiz_of(|k| matches!(k, QuestionKind::Decide(_)));
                hs.key(KeyCode::Down);
                hs
            },
        },
        Setup {
            name: "order",
            build: || {
                let mut hs = quiz_of(|k| matches!(k, QuestionKind::Order { .. }));
                hs.key(KeyCode::Char('3'));
                hs.key(KeyCode::Down);
                hs
            },
        },
        Setup {
            name: "short answer",
            build: || {
                let mut hs = quiz_of(|k| matches!(k, QuestionKind::ShortAnswer { .. }));
                hs.burst("princ");
                hs.key(KeyCode::Left);
                hs.key(KeyCode::Left);
                hs
            },
        },
        Setup {
            name: "feedback",
            build: || {
                let mut hs = quiz_of(|k| matches!(k, QuestionKind::Decide(_)));
                hs.answer(true);
                hs.key(KeyCode::Down);
                hs
            },
        },
        Setup {
            name: "summary",
            build: || {
                let mut hs = Harness::new(80, 24);
                hs.start_checkpoint(0);
                for i in 0..12 {
                    hs.answer(i % 4 != 1);
                    hs.next();
                }
                hs.key(KeyCode::Down);
                hs
            },
        },
        Setup {
            name: "console typing",
            build: sandbox_typing,
        },
        Setup {
            name: "console in history",
            build: || {
                let mut hs = Harness::new(80, 24);
                hs.key(KeyCode::Char('s'));
                hs.run("aws iam create-user --user-name john");
                hs.run("aws iam list-users");
                hs.run("aws iam list-groups");
                hs.burst("aws iam cre");
                hs.key(KeyCode::Up);
                hs.key(KeyCode::Up);
                hs
            },
        },
        Setup {
            name: "console empty line",
            build: || {
                let mut hs = Harness::new(80, 24);
                hs.key(KeyCode::Char('s'));
                hs
            },
        },
        Setup {
            name: "lab",
            build: || {
                let mut hs = Harness::new(80, 24);
                let row = app_kit::home_row_of_lab(&hs.app, "users-john");
                hs.open_home_row(row);
                hs.run("aws iam create-user --user-name john");
                hs.burst("aws iam create-us");
                hs
            },
        },
        Setup {
            name: "access grid",
            build: || {
                let mut hs = Harness::new(80, 24);
                let row = app_kit::home_row_of_lab(&hs.app, "mistakes-cleanup");
                hs.open_home_row(row);
                hs.key(KeyCode::F(6));
                // Away from the first cell, so every move shows.
                hs.key(KeyCode::Down);
                hs.key(KeyCode::Right);
                assert!(hs.access().grid.principals.len() > 2);
                hs
            },
        },
        Setup {
            name: "lab confirm",
            build: || {
                let mut hs = Harness::new(80, 24);
                let row = app_kit::home_row_of_lab(&hs.app, "users-john");
                hs.open_home_row(row);
                hs.key(KeyCode::F(5));
                hs
            },
        },
        Setup {
            name: "editor",
            build: || {
                let mut hs = sandbox_typing();
                hs.ctrl('u');
                hs.run("edit p.json");
                hs.burst("{}");
                hs
            },
        },
        Setup {
            name: "editor leaving",
            build: || {
                let mut hs = sandbox_typing();
                hs.ctrl('u');
                hs.run("edit p.json");
                hs.burst("{}");
                hs.key(KeyCode::Esc);
                hs
            },
        },
        Setup {
            name: "help",
            build: || {
                let mut hs = lesson_at(0, 2, 80, 24);
                hs.key(KeyCode::Char('?'));
                hs.key(KeyCode::Down);
                hs.key(KeyCode::Down);
                hs
            },
        },
        Setup {
            name: "jump",
            build: || {
                let mut hs = lesson_at(0, 2, 80, 24);
                hs.key(KeyCode::Char('g'));
                hs.key(KeyCode::Down);
                hs
            },
        },
        Setup {
            // A lab goal to recall, at the smallest size so it scrolls,
            // scrolled one line; two more cards wait.
            name: "review front",
            build: || {
                let app = app_with_cards(&[
                    CardKind::LabGoal("mistakes-cleanup".into(), 0),
                    CardKind::Interview("iv-001".into()),
                    CardKind::Question("identities-12".into()),
                ]);
                let mut hs = Harness::with_app(app, 60, 16);
                hs.key(KeyCode::Char('r'));
                assert_eq!(hs.app.key_scope(), KeyScope::ReviewFront);
                hs.key(KeyCode::Down);
                assert!(hs.review().scroll.reach() >= 3);
                assert_eq!(hs.review().scroll.offset(), 1);
                hs
            },
        },
        Setup {
            // John's lab goal revealed, scrolled one line; a question and
            // an interview card wait. Enter grades it Good.
            name: "review grade recall",
            build: || {
                let app = app_with_cards(&[
                    CardKind::LabGoal("users-john".into(), 0),
                    CardKind::Question("identities-12".into()),
                    CardKind::Interview("iv-001".into()),
                ]);
                let mut hs = Harness::with_app(app, 80, 24);
                hs.key(KeyCode::Char('r'));
                hs.enter();
                assert_eq!(hs.app.key_scope(), KeyScope::ReviewGrade);
                hs.key(KeyCode::Down);
                assert_eq!(hs.review().scroll.offset(), 1);
                hs
            },
        },
        Setup {
            // A decide question answered wrong, its feedback scrolled one
            // line; an interview card waits. Enter grades it Again.
            name: "review grade question",
            build: || {
                let app = app_with_cards(&[
                    CardKind::Question("identities-12".into()),
                    CardKind::Interview("iv-001".into()),
                ]);
                let mut hs = Harness::with_app(app, 80, 24);
                hs.key(KeyCode::Char('r'));
                assert!(matches!(
                    hs.shown_quiz().item().question.kind,
                    QuestionKind::Decide(_)
                ));
                hs.answer(false);
                assert_eq!(hs.app.key_scope(), KeyScope::ReviewGrade);
                // Answering scrolls the feedback into view; ↓ goes one further.
                let before = hs.shown_quiz().scroll.offset();
                hs.key(KeyCode::Down);
                assert!(hs.shown_quiz().scroll.reach() >= before + 3);
                assert_eq!(hs.shown_quiz().scroll.offset(), before + 1);
                hs
            },
        },
        Setup {
            name: "review done",
            build: || {
                let app = app_with_cards(&[CardKind::Interview("iv-001".into())]);
                let mut hs = Harness::with_app(app, 80, 24);
                hs.key(KeyCode::Char('r'));
                hs.enter();
                hs.key(KeyCode::Char('3'));
                hs
            },
        },
        Setup {
            // The round's choices: Hard highlighted, one question more.
            name: "interview setup",
            build: || {
                let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
                hs.key(KeyCode::Char('i'));
                hs.key(KeyCode::Char('4'));
                hs.key(KeyCode::Right);
                assert_eq!(hs.app.key_scope(), KeyScope::InterviewSetup);
                hs
            },
        },
        Setup {
            // Nothing answered yet: Esc leaves without a report.
            name: "interview first question",
            build: || {
                let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
                hs.key(KeyCode::Char('i'));
                hs.enter();
                hs.action(Action::Clock(1_000));
                hs.burst("arn");
                hs.key(KeyCode::Left);
                hs
            },
        },
        Setup {
            // The first answer recorded, the second being noted.
            name: "interview ask",
            build: || {
                let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
                hs.interview_of(&["iv-006", "iv-014"]);
                hs.action(Action::Clock(1_000));
                hs.enter();
                hs.key(KeyCode::Char('2'));
                hs.key(KeyCode::Right);
                hs.action(Action::Clock(5_000));
                hs.burst("arn");
                hs.key(KeyCode::Left);
                assert_eq!(hs.interview().index, 1);
                hs
            },
        },
        Setup {
            // The first answer shown, points 1 and 3 ticked, the cursor on
            // the second.
            name: "interview first answer",
            build: || {
                let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
                hs.interview_of(&["iv-022", "iv-006"]);
                hs.enter();
                hs.key(KeyCode::Char('1'));
                hs.key(KeyCode::Char('3'));
                hs.key(KeyCode::Up);
                assert_eq!(hs.app.key_scope(), KeyScope::InterviewGrade);
                hs
            },
        },
        Setup {
            // The last question of the round shown: its follow-up.
            name: "interview last answer",
            build: || {
                let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
                hs.interview_of(&["iv-078"]);
                hs.enter();
                hs.key(KeyCode::Right);
                hs.enter();
                assert_eq!(hs.interview().part, 1);
                hs
            },
        },
        Setup {
            // The clock ran out on a question with notes.
            name: "interview time up",
            build: || {
                let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
                hs.interview_of(&["iv-006", "iv-014"]);
                hs.action(Action::Clock(1_000));
                hs.burst("keys");
                hs.action(Action::Clock(500_000));
                assert_eq!(hs.app.key_scope(), KeyScope::InterviewTimeUp);
                hs
            },
        },
        Setup {
            // Five answers, at the smallest size so the report scrolls, its
            // second link highlighted.
            name: "interview report",
            build: || {
                let mut hs = Harness::with_app(app_with_cards(&[]), 60, 16);
                hs.interview_of(&["iv-006", "iv-023", "iv-015", "iv-041", "iv-001"]);
                for ticks in ["1234", "", "12", "1", "1234"] {
                    hs.enter();
                    hs.burst(ticks);
                    hs.key(KeyCode::Right);
                }
                assert_eq!(hs.app.key_scope(), KeyScope::InterviewReport);
                hs.key(KeyCode::Down);
                assert!(hs.interview().scroll.reach() >= 2);
                hs
            },
        },
        Setup {
            name: "dashboard",
            build: || {
                let mut hs = Harness::with_app(app_kit::practised_app(), 80, 24);
                hs.key(KeyCode::Char('d'));
                hs.key(KeyCode::Down);
                hs.key(KeyCode::Down);
                assert!(hs.dashboard().scroll.reach() > 12);
                hs
            },
        },
    ]
}
