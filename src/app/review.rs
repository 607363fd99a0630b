//! A review session: the cards due today, one at a time. A question is
//! answered as in a quiz; a lab goal or an interview card is recalled, then
//! revealed. Each is graded Again / Hard / Good / Easy and rescheduled.

use super::quiz::{self, Origin, QuizView};
use super::scroll::{self, Scroll};
use super::{Action, App, KeyScope, Step};
use crate::content::course::Course;
use crate::learn::quiz::Session;
use crate::learn::review::{self, CardKind, Grade, Scheduler};

#[derive(Debug)]
pub struct ReviewView {
    /// Keys of the cards still to show; Again puts a card back at the end.
    pub queue: Vec<String>,
    pub current: Option<Current>,
    pub reviewed: usize,
    /// Grades given this session, to say how it went.
    pub again: usize,
    /// How far a recall card is scrolled (a question scrolls itself).
    pub scroll: Scroll,
}

#[derive(Debug)]
pub enum Current {
    Question(Box<QuizView>),
    /// Something to recall, then reveal.
    Recall {
        key: String,
        title: String,
        front: String,
        back: String,
        revealed: bool,
    },
}

impl Current {
    fn key(&self) -> String {
        match self {
            Current::Question(q) => CardKind::Question(q.item().question.id.clone()).key(),
            Current::Recall { key, .. } => key.clone(),
        }
    }
}

/// The card as it shows, or `None` when the course no longer has it.
fn build(course: &Course, kind: &CardKind, seed: u64) -> Option<Current> {
    match kind {
        CardKind::Question(id) if id.starts_with("drill-") => {
            let view = super::drill::review_view(id, seed)?;
            Some(Current::Question(Box::new(view)))
        }
        CardKind::Question(id) => {
            let q = course
                .lessons
                .iter()
                .flat_map(|l| &l.checkpoint)
                .find(|q| &q.id == id)?;
            let lesson = course
                .lessons
                .iter()
                .position(|l| l.checkpoint.iter().any(|x| &x.id == id))?;
            let session = Session::new(std::slice::from_ref(q), seed, &|n| course.org(n)).ok()?;
            Some(Current::Question(Box::new(QuizView::new(
                Origin::Review(lesson),
                session,
            ))))
        }
        CardKind::LabGoal(lab, goal) => {
            let (_, l) = course.lab(lab)?;
            let g = l.goals.get(*goal)?;
            let mut back = String::from("Hints:\n");
            for h in &l.hints {
                back.push_str(&format!("- {h}\n"));
            }
            back.push_str("\nThe lab's solution:\n");
            for s in &l.solution {
                // As code, so the `*` of a policy's "Resource": "*" is not
                // read as emphasis.
                if s.contains('`') {
                    back.push_str(&format!("- {s}\n"));
                } else {
                    back.push_str(&format!("- `{s}`\n"));
                }
            }
            Some(Current::Recall {
                key: kind.key(),
                title: format!("Lab: {}", l.title),
                front: format!(
                    "How would you make this true?\n\n*{}*\n\n{}",
                    g.text, l.story
                ),
                back,
                revealed: false,
            })
        }
        CardKind::Interview(id) => {
            let c = course.interview.iter().find(|c| &c.id == id)?;
            let mut back = c.answer.clone();
            back.push_str("\n\nKey points:\n");
            for k in &c.key_points {
                back.push_str(&format!("- {k}\n"));
            }
            Some(Current::Recall {
                key: kind.key(),
                title: format!("Interview · {}", c.topic),
                front: c.question.clone(),
                back,
                revealed: false,
            })
        }
    }
}

impl ReviewView {
    pub fn new(app: &mut App) -> ReviewView {
        let queue = review::due(&app.progress.review, app.today);
        let mut view = ReviewView {
            queue,
            current: None,
            reviewed: 0,
            again: 0,
            scroll: Scroll::new(),
        };
        view.advance(app);
        view
    }

    /// Shows the next card in the queue that the course still has.
    fn advance(&mut self, app: &mut App) {
        self.current = None;
        self.scroll.home();
        while !self.queue.is_empty() {
            let key = self.queue.remove(0);
            let Some(card) = app.progress.review.get(&key) else {
                continue;
            };
            let kind = card.kind.clone();
            let seed = app.next_seed();
            match build(&app.course, &kind, seed) {
                Some(c) => {
                    self.current = Some(c);
                    return;
                }
                // The course changed and the card's question is gone.
                None => {
                    app.progress.review.remove(&key);
                    app.mark_progress();
                }
            }
        }
    }

    pub fn key_scope(&self) -> KeyScope {
        match &self.current {
            None => KeyScope::ReviewDone,
            Some(Current::Question(q)) if q.graded.is_some() => KeyScope::ReviewGrade,
            Some(Current::Question(q)) => q.key_scope(),
            Some(Current::Recall {
                revealed: false, ..
            }) => KeyScope::ReviewFront,
            Some(Current::Recall { .. }) => KeyScope::ReviewGrade,
        }
    }

    fn grade(&mut self, app: &mut App, grade: Grade) {
        let Some(current) = &self.current else {
            return;
        };
        let key = current.key();
        if let Some(card) = app.progress.review.get_mut(&key) {
            Scheduler::new().review(card, grade, app.today);
        }
        self.reviewed += 1;
        if grade == Grade::Again {
            self.again += 1;
            // Once more before the session ends.
            self.queue.push(key);
        }
        app.mark_progress();
        self.advance(app);
    }
}

/// Scrolls the card shown: a question's feedback, or a recall card.
/// Returns whether `action` was a scroll.
fn scroll(view: &mut ReviewView, action: &Action) -> bool {
    let Some(by) = scroll::rows_for(action) else {
        return false;
    };
    match &mut view.current {
        Some(Current::Question(q)) => q.scroll_by(by),
        Some(Current::Recall { .. }) => view.scroll.by(by),
        None => return false,
    }
    true
}

pub fn update(app: &mut App, view: &mut ReviewView, action: Action) -> Step {
    if matches!(
        view.key_scope(),
        KeyScope::ReviewFront | KeyScope::ReviewGrade
    ) && scroll(view, &action)
    {
        return Step::Stay;
    }
    match view.key_scope() {
        KeyScope::ReviewDone => match action {
            Action::Open | Action::Back => Step::Pop,
            _ => Step::Stay,
        },
        KeyScope::ReviewFront => match action {
            Action::Open | Action::Toggle | Action::Next => {
                if let Some(Current::Recall { revealed, .. }) = &mut view.current {
                    *revealed = true;
                }
                Step::Stay
            }
            Action::Back => Step::Pop,
            _ => Step::Stay,
        },
        KeyScope::ReviewGrade => match action {
            Action::Pick(n) if n < 4 => {
                view.grade(app, Grade::ALL[n]);
                Step::Stay
            }
            // Enter answered or revealed this card: it does not also grade
            // it, so a quick double Enter cannot grade an answer unread.
            Action::Open => {
                app.say("Enter does not grade: 1 Again, 2 Hard, 3 Good or 4 Easy");
                Step::Stay
            }
            Action::Back => Step::Pop,
            _ => Step::Stay,
        },
        // Answering a question: the quiz's own keys.
        _ => {
            if let Some(Current::Question(q)) = &mut view.current
                && let Step::Pop = quiz::update(app, q, action)
            {
                return Step::Pop;
            }
            Step::Stay
        }
    }
}
