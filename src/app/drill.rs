//! A drill on screen: generated questions in the quiz screen, answered,
//! explained and sent to review as the course's are. Home opens one at the
//! learner's level; `iamtutor drill` opens one as asked.

use super::quiz::{Origin, QuizView};
use super::{App, Screen, Step};
use crate::learn::drill::{self, Spec};
use crate::learn::quiz::Session;

/// The level home offers: it rises with the lessons finished (1 before the
/// sixth, where policies are read; 2 before the eleventh, where
/// boundaries, resource policies and conditions are taught; then 3).
pub fn home_level(app: &App) -> u8 {
    let done = app.progress.totals(&app.course).lessons_done;
    match done {
        0..=5 => 1,
        6..=10 => 2,
        _ => 3,
    }
}

/// Seeds shown on screen stay short enough to read out to a class.
pub fn short_seed(seed: u64) -> u64 {
    seed % 1_000_000
}

/// The quiz screen over the drill `spec`.
pub fn screen(spec: Spec) -> Result<Screen, String> {
    let items = drill::generate(&spec)?;
    let session = drill::session(&items, spec.seed)?;
    Ok(Screen::Quiz(Box::new(QuizView::new(
        Origin::Drill(spec),
        session,
    ))))
}

/// Opens a drill from home: the learner's level, every topic, a new seed.
pub fn open_from_home(app: &mut App) -> Step {
    let seed = short_seed(app.next_seed());
    let spec = Spec {
        level: home_level(app),
        topic: None,
        seed,
    };
    open(app, spec)
}

pub fn open(app: &mut App, spec: Spec) -> Step {
    match screen(spec) {
        Ok(s) => Step::Push(s),
        Err(e) => {
            app.say(format!("cannot make the drill: {e}"));
            Step::Stay
        }
    }
}

/// Opens a drill at once (`iamtutor drill`).
pub fn open_now(app: &mut App, spec: Spec) {
    if let Step::Push(screen) = open(app, spec) {
        app.stack.push(screen);
    }
}

/// The questions of a drill answered wrong, asked again.
pub fn retry(spec: Spec, ids: &[String]) -> Result<Screen, String> {
    let items: Vec<_> = ids.iter().filter_map(|id| drill::by_id(id)).collect();
    let session = drill::session(&items, spec.seed.wrapping_add(1))?;
    Ok(Screen::Quiz(Box::new(QuizView::new(
        Origin::Drill(spec),
        session,
    ))))
}

/// A drill question due in review, made again from its id; `None` for an
/// id that names no drill question.
pub fn review_view(id: &str, seed: u64) -> Option<QuizView> {
    let item = drill::by_id(id)?;
    let session: Session = drill::session(std::slice::from_ref(&item), seed).ok()?;
    Some(QuizView::new(Origin::DrillReview, session))
}
