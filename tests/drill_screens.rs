//! The drill on screen: opened from home, answered, explained with the
//! engine's trail, and a miss sent to review. Snapshots at 80x24 and
//! 160x48, and at 80x24 without colour.

use crate::app_kit;

use app_kit::Harness;
use iamtutor::app::quiz::{Origin, right_positions};
use iamtutor::app::review::Current;
use iamtutor::learn::drill::{Spec, Topic};
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn coloured_cells(hs: &Harness) -> usize {
    hs.buffer()
        .content()
        .iter()
        .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
        .count()
}

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

/// `build` at both sizes and at 80x24 without colour, each snapshotted.
fn at_all(name: &str, build: impl Fn(&mut Harness)) {
    for (w, h) in SIZES {
        let mut hs = Harness::new(w, h);
        build(&mut hs);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), hs.text());
    }
    let mut hs = Harness::new(80, 24);
    hs.app.no_color = true;
    hs.draw();
    build(&mut hs);
    assert_eq!(coloured_cells(&hs), 0, "{name} without colour");
    insta::assert_snapshot!(format!("{name}_no_color_80x24"), hs.text());
}

/// Home's Drill row (second to last): a drill at the learner's level,
/// every topic.
fn open_drill(hs: &mut Harness) {
    hs.key(KeyCode::End);
    hs.key(KeyCode::Up);
    hs.enter();
    let q = hs.quiz();
    let Origin::Drill(spec) = q.origin else {
        panic!("a drill, not {:?}", q.origin)
    };
    assert_eq!((spec.level, spec.topic), (1, None));
}

#[test]
fn home_lists_the_drill_and_enter_opens_it() {
    let mut hs = Harness::new(80, 24);
    hs.key(KeyCode::End);
    hs.key(KeyCode::Up);
    assert_shows(&hs, "↯  Drill: fresh questions, level 1");
    assert_shows(&hs, "Level 1 for now");
    hs.enter();
    assert_shows(&hs, "Drill · level 1 · every topic · seed");
}

#[test]
fn a_drill_question_shows_its_organization_and_request() {
    at_all("drill_question", |hs| {
        open_drill(hs);
        assert_shows(hs, "Allowed or denied?");
        assert_shows(hs, "in account 111122223333");
        assert_shows(hs, "1. Allowed");
    });
}

#[test]
fn a_drill_answer_is_explained_with_the_engines_trail() {
    at_all("drill_answered", |hs| {
        open_drill(hs);
        hs.enter();
        let g = hs.quiz().graded.clone().expect("answered");
        assert!(
            g.trail
                .as_deref()
                .unwrap_or("")
                .contains("policies considered")
        );
        // Scrolled to the end, the trail is there.
        hs.key(KeyCode::End);
        for _ in 0..40 {
            hs.key(KeyCode::Down);
        }
        assert_shows(hs, "How the engine decided");
    });
}

#[test]
fn a_missed_drill_question_comes_back_in_review() {
    let mut hs = Harness::new(80, 24);
    open_drill(&mut hs);
    let item = hs.quiz().item().clone();
    let right = right_positions(&item)[0];
    let wrong = if right == 0 { 1 } else { 0 };
    hs.key(KeyCode::Char(char::from(b'1' + wrong as u8)));
    hs.enter();
    assert!(!hs.quiz().graded.as_ref().unwrap().correct);
    let key = format!("q:{}", item.question.id);
    assert!(
        hs.app.progress.review.contains_key(&key),
        "{key} not in {:?}",
        hs.app.progress.review.keys().collect::<Vec<_>>()
    );
    assert_eq!(hs.app.progress.questions[&item.question.id].wrong, 1);
    hs.esc();
    hs.key(KeyCode::Char('r'));
    let review = hs.review();
    match &review.current {
        Some(Current::Question(q)) => {
            assert_eq!(q.item().question.prompt, item.question.prompt);
            assert_eq!(q.item().setting, item.setting);
        }
        _ => panic!("the drill question, in review"),
    }
    assert_shows(&hs, "Review · Drill");
}

#[test]
fn a_finished_drill_says_how_to_get_it_again_and_retries_the_misses() {
    let mut hs = Harness::new(160, 48);
    open_drill(&mut hs);
    let mut missed = 0;
    for _ in 0..10 {
        let item = hs.quiz().item().clone();
        let right = right_positions(&item)[0];
        // Miss the first three, answer the rest right.
        let pick = if missed < 3 {
            missed += 1;
            if right == 0 { 1 } else { 0 }
        } else {
            right
        };
        hs.key(KeyCode::Char(char::from(b'1' + pick as u8)));
        hs.enter();
        hs.key(KeyCode::Right);
    }
    assert!(hs.quiz().summary);
    assert_shows(&hs, "Your score: 7 of 10");
    assert_shows(&hs, "The same drill again: iamtutor drill --level 1 --seed");
    hs.key(KeyCode::Char('r'));
    assert_eq!(hs.quiz().session.items.len(), 3);
    assert!(matches!(hs.quiz().origin, Origin::Drill(_)));
}

#[test]
fn the_same_seed_opens_the_same_drill() {
    let prompts = |topic| {
        let mut hs = Harness::new(80, 24);
        iamtutor::app::drill::open_now(&mut hs.app, Spec::new(2, topic, 4242).unwrap());
        hs.draw();
        hs.quiz()
            .session
            .items
            .iter()
            .map(|i| i.question.prompt.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(prompts(Some(Topic::Groups)), prompts(Some(Topic::Groups)));
    assert_ne!(
        prompts(Some(Topic::Groups)),
        prompts(Some(Topic::Boundaries))
    );
}

#[test]
fn a_drill_spot_question_asks_which_policy_decides() {
    at_all("drill_spot", |hs| {
        iamtutor::app::drill::open_now(
            &mut hs.app,
            Spec::new(2, Some(Topic::Boundaries), 5).unwrap(),
        );
        hs.draw();
        // Answer right up to the first spot question.
        while !matches!(
            hs.quiz().item().question.kind,
            iamtutor::content::schema::QuestionKind::ChooseOne { .. }
        ) {
            let right = right_positions(hs.quiz().item())[0];
            hs.key(KeyCode::Char(char::from(b'1' + right as u8)));
            hs.enter();
            hs.key(KeyCode::Right);
        }
        assert_shows(hs, "Which policy decides? ↑↓ or its number, then Enter");
        assert_shows(hs, "Which policy decides, and how?");
        assert_shows(hs, "permissions boundary");
    });
}
