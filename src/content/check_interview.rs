//! The course checker's part for the interview bank: every card has key
//! points (at most nine: they are ticked with 1 to 9) and a difficulty,
//! its essential points exist, its follow-ups resolve, its links to the
//! course resolve (a card without links falls back on the lesson named
//! like its topic, which must then exist), and its case loads and is decided by the engine: a
//! who-can case splits the principals, a why-denied request is denied, a
//! sandbox case fails at its start and its reference solution fixes it
//! with nothing else gained.

use super::cases;
use super::goals::{self, OrgSource};
use super::revisit;
use super::schema::{AskKind, Card, FollowUp, Lesson};

/// The most key points a card may have: they are ticked with 1 to 9.
pub const MAX_KEY_POINTS: usize = 9;

/// The most follow-ups a card may chain.
pub const MAX_FOLLOW_UPS: usize = 2;

/// Problems with one card, as messages (the caller adds the place).
pub fn check_card(
    card: &Card,
    bank: &[Card],
    lessons: &[Lesson],
    orgs: OrgSource<'_>,
    check_action: &dyn Fn(&str) -> Result<(), String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    if card.difficulty.is_none() {
        problems.push("it has no difficulty (Easy, Medium or Hard)".to_string());
    }
    points("", &card.key_points, &card.essential, &mut problems);
    if matches!(card.kind, AskKind::Junior) && card.key_points.len() < 3 {
        problems.push(
            "an explain-it-to-a-junior card needs at least three key points: what, an example, \
             the catch"
                .to_string(),
        );
    }
    if card.follow_ups.len() > MAX_FOLLOW_UPS {
        problems.push(format!(
            "it chains {} follow-ups, the most is {MAX_FOLLOW_UPS}",
            card.follow_ups.len()
        ));
    }
    for (i, f) in card.follow_ups.iter().enumerate() {
        let which = format!("follow-up {}", i + 1);
        match f {
            FollowUp::Ask {
                question,
                answer,
                key_points,
                essential,
            } => {
                if question.trim().is_empty() || answer.trim().is_empty() {
                    problems.push(format!("{which} needs a question and an answer"));
                }
                points(&format!("{which}: "), key_points, essential, &mut problems);
            }
            FollowUp::Card(id) => match bank.iter().find(|c| &c.id == id) {
                None => problems.push(format!("{which} names `{id}`, and no card has that id")),
                Some(c) if c.id == card.id => {
                    problems.push(format!("{which} names the card itself"));
                }
                Some(c) if !matches!(c.kind, AskKind::Talk | AskKind::Junior) => {
                    problems.push(format!(
                        "{which} names `{id}`, a case: a follow-up is talked through"
                    ));
                }
                Some(c) if !c.follow_ups.is_empty() => problems.push(format!(
                    "{which} names `{id}`, which has follow-ups of its own: chains stop at one level"
                )),
                Some(_) => {}
            },
        }
    }
    if card.revisit.is_empty() && !lessons.iter().any(|l| l.id == card.topic) {
        problems.push(format!(
            "it has no revisit link, and no lesson is called `{}` (its topic) to fall back on: \
             say which lesson or scene to go back to",
            card.topic
        ));
    }
    for link in &card.revisit {
        if let Err(m) = revisit::resolve(lessons, link) {
            problems.push(format!("revisit: {m}"));
        }
    }
    match &card.kind {
        AskKind::Talk | AskKind::Junior => {}
        AskKind::WhoCan(case) => {
            if let Err(m) = check_action(&case.action) {
                problems.push(m);
            }
            match goals::build(&case.setup, orgs) {
                Err(m) => problems.push(format!("the organization cannot be built: {m}")),
                Ok(shell) => {
                    let who = cases::who_can(&shell.org, case);
                    let allowed = who.iter().filter(|(_, d)| d.is_allowed()).count();
                    if who.len() < 2 {
                        problems.push("a who-can case needs at least two principals".into());
                    } else if allowed == 0 || allowed == who.len() {
                        problems.push(format!(
                            "the engine allows {} of {} principals: a who-can case needs some \
                             allowed and some not",
                            allowed,
                            who.len()
                        ));
                    }
                    if who.len() > MAX_KEY_POINTS {
                        problems.push(format!(
                            "{} principals to choose from, the most is {MAX_KEY_POINTS}",
                            who.len()
                        ));
                    }
                }
            }
        }
        AskKind::WhyDenied(case) => {
            if let Err(m) = check_action(&case.action) {
                problems.push(m);
            }
            match goals::build(&case.setup, orgs) {
                Err(m) => problems.push(format!("the organization cannot be built: {m}")),
                Ok(shell) => match cases::why_denied(&shell.org, &shell.home, case) {
                    Err(m) => problems.push(m),
                    Ok(r) if r.options.len() > MAX_KEY_POINTS => problems.push(format!(
                        "{} reasons to choose from, the most is {MAX_KEY_POINTS}",
                        r.options.len()
                    )),
                    Ok(_) => {}
                },
            }
        }
        AskKind::SmallestChange(case) | AskKind::Troubleshoot(case) => {
            problems.extend(cases::check_fix(case, orgs));
        }
    }
    problems
}

/// Key points are there, at most nine, and the essential ones exist.
fn points(which: &str, key_points: &[String], essential: &[usize], problems: &mut Vec<String>) {
    if key_points.iter().all(|k| k.trim().is_empty()) {
        problems.push(format!("{which}it has no key points"));
    }
    if key_points.len() > MAX_KEY_POINTS {
        problems.push(format!(
            "{which}{} key points, the most is {MAX_KEY_POINTS} (they are ticked with 1 to 9)",
            key_points.len()
        ));
    }
    for (i, n) in essential.iter().enumerate() {
        if *n == 0 || *n > key_points.len() {
            problems.push(format!(
                "{which}essential point {n} does not exist: points are numbered 1 to {}",
                key_points.len()
            ));
        }
        if essential[..i].contains(n) {
            problems.push(format!("{which}essential point {n} is listed twice"));
        }
    }
}
