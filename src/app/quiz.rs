//! A quiz on screen: one question at a time, immediate feedback with the
//! explanation and the chosen wrong option's "why not", a summary with the
//! score, and a retry of the wrong ones.

use std::cell::Cell;
use std::collections::BTreeSet;

use super::line::LineInput;
use super::{Action, App, Context, Step, Target};
use crate::content::schema::QuestionKind;
use crate::iam::eval::Decision;
use crate::learn::quiz::{Answer, Graded, Item, Session};
use crate::learn::review::{self, CardKind};

/// Where a quiz came from, for what its end records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A lesson's checkpoint, by lesson index.
    Checkpoint(usize),
    /// A retry of a checkpoint's wrong answers: not a new score.
    Retry(usize),
    /// One question of a review session.
    Review(usize),
}

#[derive(Debug)]
pub struct QuizView {
    pub origin: Origin,
    pub session: Session,
    /// The question shown.
    pub index: usize,
    /// The highlighted option.
    pub cursor: usize,
    /// Ticked options of a choose-several question.
    pub picked: BTreeSet<usize>,
    /// Items of an ordering question, in the order put so far.
    pub ordered: Vec<usize>,
    pub text: LineInput,
    pub graded: Option<Graded>,
    /// What was answered, to mark it on screen.
    pub answer: Option<Answer>,
    pub summary: bool,
    pub scroll: u16,
    pub max_scroll: Cell<u16>,
}

/// Display positions of the right options, for marking after the answer.
pub fn right_positions(item: &Item) -> Vec<usize> {
    let flagged = |ok: &dyn Fn(usize) -> bool| -> Vec<usize> {
        item.order
            .iter()
            .enumerate()
            .filter(|(_, i)| ok(**i))
            .map(|(p, _)| p)
            .collect()
    };
    match &item.question.kind {
        QuestionKind::ChooseOne { options } | QuestionKind::ChooseMany { options } => {
            flagged(&|i| options[i].correct)
        }
        QuestionKind::Spot(_) => item
            .spotted
            .as_ref()
            .map(|s| flagged(&|i| s.flagged.get(i) == Some(&true)))
            .unwrap_or_default(),
        QuestionKind::TrueFalse { answer, .. } => vec![if *answer { 0 } else { 1 }],
        QuestionKind::Decide(_) => item
            .decided
            .as_ref()
            .and_then(|e| DECISIONS.iter().position(|(d, _)| *d == e.decision))
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// The words of the three decide answers, in their fixed order.
pub const DECISIONS: [(Decision, &str); 3] = [
    (Decision::Allowed, "Allowed"),
    (Decision::ExplicitDeny, "Denied by an explicit Deny"),
    (
        Decision::ImplicitDeny,
        "Denied implicitly: nothing allows it",
    ),
];

/// The options of a question as shown, in display order.
pub fn options(item: &Item) -> Vec<String> {
    match &item.question.kind {
        QuestionKind::ChooseOne { options } | QuestionKind::ChooseMany { options } => item
            .order
            .iter()
            .map(|&i| options[i].text.clone())
            .collect(),
        QuestionKind::Order { items } => item.order.iter().map(|&i| items[i].clone()).collect(),
        QuestionKind::Spot(spot) => item
            .order
            .iter()
            .map(|&i| spot.options[i].clone())
            .collect(),
        QuestionKind::TrueFalse { .. } => vec!["True".into(), "False".into()],
        QuestionKind::Decide(_) => DECISIONS.iter().map(|(_, w)| w.to_string()).collect(),
        QuestionKind::ShortAnswer { .. } => Vec::new(),
    }
}

impl QuizView {
    pub fn new(origin: Origin, session: Session) -> QuizView {
        QuizView {
            origin,
            session,
            index: 0,
            cursor: 0,
            picked: BTreeSet::new(),
            ordered: Vec::new(),
            text: LineInput::default(),
            graded: None,
            answer: None,
            summary: false,
            scroll: 0,
            max_scroll: Cell::new(0),
        }
    }

    pub fn item(&self) -> &Item {
        &self.session.items[self.index]
    }

    pub fn context(&self) -> Context {
        if self.summary {
            return Context::QuizSummary;
        }
        if self.graded.is_some() {
            return Context::QuizFeedback;
        }
        match self.item().question.kind {
            QuestionKind::ShortAnswer { .. } => Context::QuizText,
            QuestionKind::Order { .. } => Context::QuizOrder,
            _ => Context::QuizChoice,
        }
    }

    fn submit(&mut self, answer: Answer) {
        let graded = self.session.answer(self.index, &answer);
        self.graded = Some(graded);
        self.answer = Some(answer);
        self.scroll = 0;
    }

    /// Submits the highlighted (or numbered) option of a one-answer question.
    fn choose(&mut self, pos: usize) {
        let answer = match &self.item().question.kind {
            QuestionKind::ChooseOne { .. } | QuestionKind::Spot(_) => Answer::One(pos),
            QuestionKind::TrueFalse { .. } => Answer::Bool(pos == 0),
            QuestionKind::Decide(_) => Answer::Decision(DECISIONS[pos].0),
            _ => return,
        };
        self.cursor = pos;
        self.submit(answer);
    }

    fn next_question(&mut self) {
        if self.index + 1 < self.session.items.len() {
            self.index += 1;
            self.cursor = 0;
            self.picked.clear();
            self.ordered.clear();
            self.text = LineInput::default();
            self.graded = None;
            self.answer = None;
            self.scroll = 0;
        } else {
            self.summary = true;
            self.scroll = 0;
        }
    }
}

pub fn update(app: &mut App, view: &mut QuizView, action: Action) -> Step {
    let was_answered = view.graded.is_some();
    let step = update_view(app, view, action);
    if !was_answered && let Some(g) = &view.graded {
        let topic = view.item().question.topic.clone();
        let correct = g.correct;
        app.progress.answered(&topic, correct);
        app.progress
            .answered_question(&view.item().question.id, correct);
        // A question answered wrong comes back in review.
        if !correct {
            let id = view.item().question.id.clone();
            review::add(&mut app.progress.review, CardKind::Question(id), app.today);
        }
        app.mark_progress();
    }
    step
}

fn update_view(app: &mut App, view: &mut QuizView, action: Action) -> Step {
    view.scroll = view.scroll.min(view.max_scroll.get());
    match view.context() {
        Context::QuizSummary => return summary(app, view, action),
        Context::QuizFeedback => match action {
            Action::Open | Action::Next => {
                view.next_question();
                if view.summary {
                    record(app, view);
                }
            }
            Action::Up | Action::ScrollUp => view.scroll = view.scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown => view.scroll = view.scroll.saturating_add(1),
            Action::PageUp => view.scroll = view.scroll.saturating_sub(10),
            Action::PageDown => view.scroll = view.scroll.saturating_add(10),
            Action::Back => return Step::Pop,
            _ => {}
        },
        Context::QuizText => match action {
            Action::Type(c) => view.text.insert(c),
            Action::Backspace => view.text.backspace(),
            Action::Delete => view.text.delete(),
            Action::CursorLeft => view.text.left(),
            Action::CursorRight => view.text.right(),
            Action::CursorHome => view.text.home(),
            Action::CursorEnd => view.text.end(),
            Action::ClearLine => {
                view.text.take();
            }
            Action::Open => {
                if view.text.text().trim().is_empty() {
                    app.say("type an answer first, then Enter");
                } else {
                    let t = view.text.text().to_string();
                    view.submit(Answer::Text(t));
                }
            }
            Action::Back => return Step::Pop,
            _ => {}
        },
        Context::QuizOrder => {
            let n = options(view.item()).len();
            match action {
                Action::Up => view.cursor = view.cursor.saturating_sub(1),
                Action::Down => view.cursor = (view.cursor + 1).min(n.saturating_sub(1)),
                Action::Pick(i) | Action::Click(Target::Row(i)) if i < n => {
                    view.cursor = i;
                    if !view.ordered.contains(&i) {
                        view.ordered.push(i);
                    }
                }
                Action::Toggle if !view.ordered.contains(&view.cursor) => {
                    view.ordered.push(view.cursor);
                }
                Action::Undo => {
                    view.ordered.pop();
                }
                Action::Open => {
                    if view.ordered.len() == n {
                        let order = view.ordered.clone();
                        view.submit(Answer::Order(order));
                    } else if !view.ordered.contains(&view.cursor) {
                        view.ordered.push(view.cursor);
                    } else {
                        app.say("put every item in order first: press their numbers");
                    }
                }
                Action::Back => return Step::Pop,
                _ => {}
            }
        }
        _ => {
            let n = options(view.item()).len();
            let many = matches!(view.item().question.kind, QuestionKind::ChooseMany { .. });
            match action {
                Action::Up => view.cursor = view.cursor.saturating_sub(1),
                Action::Down => view.cursor = (view.cursor + 1).min(n.saturating_sub(1)),
                Action::Pick(i) | Action::Click(Target::Row(i)) if i < n => {
                    if many {
                        view.cursor = i;
                        if !view.picked.remove(&i) {
                            view.picked.insert(i);
                        }
                    } else {
                        view.choose(i);
                    }
                }
                Action::Toggle if many && view.picked.remove(&view.cursor) => {}
                Action::Toggle if many => {
                    view.picked.insert(view.cursor);
                }
                Action::Open | Action::Toggle => {
                    if many {
                        if view.picked.is_empty() {
                            app.say("tick every right option with Space or its number, then Enter");
                        } else {
                            let picked = view.picked.iter().copied().collect();
                            view.submit(Answer::Many(picked));
                        }
                    } else {
                        view.choose(view.cursor);
                    }
                }
                Action::Back => return Step::Pop,
                _ => {}
            }
        }
    }
    Step::Stay
}

fn summary(app: &mut App, view: &mut QuizView, action: Action) -> Step {
    match action {
        Action::Retry => {
            if view.session.wrong().is_empty() {
                app.say("nothing to retry: every answer was right");
                return Step::Stay;
            }
            let lesson = match view.origin {
                Origin::Checkpoint(l) | Origin::Retry(l) | Origin::Review(l) => l,
            };
            let wrong: Vec<_> = view.session.wrong().into_iter().cloned().collect();
            match app.start_quiz(Origin::Retry(lesson), &wrong) {
                Ok(screen) => Step::Replace(screen),
                Err(e) => {
                    app.say(e);
                    Step::Stay
                }
            }
        }
        Action::Open | Action::Back | Action::Next => Step::Pop,
        Action::Up | Action::ScrollUp => {
            view.scroll = view.scroll.saturating_sub(1);
            Step::Stay
        }
        Action::Down | Action::ScrollDown => {
            view.scroll = view.scroll.saturating_add(1);
            Step::Stay
        }
        _ => Step::Stay,
    }
}

/// A finished checkpoint's score goes into progress.
fn record(app: &mut App, view: &QuizView) {
    if let Origin::Checkpoint(lesson) = view.origin {
        let (right, of) = view.session.score();
        let id = app.course.lessons[lesson].id.clone();
        app.progress.checkpoint(&id, right, of);
        app.mark_progress();
    }
}
