//! A quiz on screen: one question at a time, immediate feedback with the
//! explanation and the chosen wrong option's "why not", a summary with the
//! score, and a retry of the wrong ones.

use std::collections::BTreeSet;

use super::line::LineInput;
use super::scroll::{self, Scroll};
use super::{Action, App, KeyScope, Step, Target};
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
    /// A drill of generated questions.
    Drill(crate::learn::drill::Spec),
    /// A drill question come back in review.
    DrillReview,
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
    /// The page's scroll. Drawing may show it further down than asked, to
    /// keep something in view: scrolling goes on from what the learner saw.
    pub scroll: Scroll,
    /// Answered and not scrolled since: drawing keeps the marks on the
    /// options (or the order placed) in view.
    pub settling: bool,
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
            .and_then(|e| DECISIONS.iter().position(|d| *d == e.decision))
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// The three decide answers, in their fixed order.
pub const DECISIONS: [Decision; 3] = [
    Decision::Allowed,
    Decision::ExplicitDeny,
    Decision::ImplicitDeny,
];

/// A decide answer as its option reads: the engine's sentence, capitalised.
fn decision_option(d: Decision) -> String {
    let sentence = d.sentence();
    let mut chars = sentence.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

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
        QuestionKind::Decide(_) => DECISIONS.into_iter().map(decision_option).collect(),
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
            scroll: Scroll::new(),
            settling: false,
        }
    }

    pub fn item(&self) -> &Item {
        &self.session.items[self.index]
    }

    pub fn key_scope(&self) -> KeyScope {
        if self.summary {
            return KeyScope::QuizSummary;
        }
        if self.graded.is_some() {
            return KeyScope::QuizFeedback;
        }
        match self.item().question.kind {
            QuestionKind::ShortAnswer { .. } => KeyScope::QuizText,
            QuestionKind::Order { .. } => KeyScope::QuizOrder,
            QuestionKind::ChooseMany { .. } => KeyScope::QuizMany,
            _ => KeyScope::QuizChoice,
        }
    }

    /// The answer is given: the page stays where it was, so the options
    /// the learner was looking at now carry their marks.
    fn submit(&mut self, answer: Answer) {
        let graded = self.session.answer(self.index, &answer);
        self.graded = Some(graded);
        self.answer = Some(answer);
        self.scroll.hold();
        self.settling = true;
    }

    /// Scrolls an answered question or the summary by `by` rows, from
    /// where the learner sees it.
    pub fn scroll_by(&mut self, by: isize) {
        self.scroll.by(by);
        self.settling = false;
    }

    /// Submits the highlighted option of a one-answer question.
    fn choose(&mut self, pos: usize) {
        let answer = match &self.item().question.kind {
            QuestionKind::ChooseOne { .. } | QuestionKind::Spot(_) => Answer::One(pos),
            QuestionKind::TrueFalse { .. } => Answer::Bool(pos == 0),
            QuestionKind::Decide(_) => Answer::Decision(DECISIONS[pos]),
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
        } else {
            self.summary = true;
        }
        self.scroll.home();
        self.settling = false;
    }

    /// Ticks option `i` of a choose-several question, or unticks it.
    fn tick(&mut self, i: usize) {
        if !self.picked.remove(&i) {
            self.picked.insert(i);
        }
    }

    /// The last question is shown: going on shows the score.
    pub fn on_last(&self) -> bool {
        self.index + 1 >= self.session.items.len()
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
    match view.key_scope() {
        KeyScope::QuizSummary => return summary(app, view, action),
        KeyScope::QuizFeedback => match action {
            Action::Next => {
                view.next_question();
                if view.summary {
                    record(app, view);
                }
            }
            // Enter answered this page: it does not also leave it, so a
            // quick double Enter cannot answer the next question unread.
            Action::Open => {
                let next = if view.on_last() {
                    "your score"
                } else {
                    "the next question"
                };
                app.say(format!("Enter only answers: → (or Space, n) for {next}"));
            }
            Action::Up | Action::ScrollUp => view.scroll_by(-1),
            Action::Down | Action::ScrollDown => view.scroll_by(1),
            Action::PageUp => view.scroll_by(-(scroll::PAGE as isize)),
            Action::PageDown => view.scroll_by(scroll::PAGE as isize),
            Action::Back => return Step::Pop,
            _ => {}
        },
        KeyScope::QuizText => match action {
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
        // The options' contexts: the highlight moves alike in each; what a
        // number, Space and Enter do is the question kind's own.
        scope => {
            let n = options(view.item()).len();
            match action {
                Action::Up => view.cursor = view.cursor.saturating_sub(1),
                Action::Down => view.cursor = (view.cursor + 1).min(n.saturating_sub(1)),
                Action::Back => return Step::Pop,
                action => match scope {
                    KeyScope::QuizOrder => order_update(app, view, action, n),
                    KeyScope::QuizMany => many_update(app, view, action, n),
                    _ => match action {
                        // A number or a click only highlights; only Enter answers.
                        Action::Pick(i) | Action::Click(Target::Row(i)) if i < n => view.cursor = i,
                        Action::Open => view.choose(view.cursor),
                        _ => {}
                    },
                },
            }
        }
    }
    Step::Stay
}

/// An ordering question: numbers and Space place items, Backspace takes
/// the last back, Enter answers once every item is placed.
fn order_update(app: &mut App, view: &mut QuizView, action: Action, n: usize) {
    match action {
        // Placing an item never answers, not even the last one.
        Action::Pick(i) | Action::Click(Target::Row(i)) if i < n => {
            view.cursor = i;
            if !view.ordered.contains(&i) {
                view.ordered.push(i);
            }
        }
        Action::Toggle if !view.ordered.contains(&view.cursor) => {
            view.ordered.push(view.cursor);
        }
        Action::Toggle => app.say("already placed: Backspace takes back the last one"),
        Action::Undo => {
            view.ordered.pop();
        }
        Action::Open if view.ordered.len() == n => {
            let order = view.ordered.clone();
            view.submit(Answer::Order(order));
        }
        Action::Open => {
            app.say("put every item in order first: press their numbers, first to last")
        }
        _ => {}
    }
}

/// A choose-several question: numbers and Space tick, Enter answers.
fn many_update(app: &mut App, view: &mut QuizView, action: Action, n: usize) {
    match action {
        // A number or a click ticks; only Enter answers.
        Action::Pick(i) | Action::Click(Target::Row(i)) if i < n => {
            view.cursor = i;
            view.tick(i);
        }
        Action::Toggle => view.tick(view.cursor),
        Action::Open if view.picked.is_empty() => {
            app.say("tick every right option with Space or its number, then Enter");
        }
        Action::Open => {
            let picked = view.picked.iter().copied().collect();
            view.submit(Answer::Many(picked));
        }
        _ => {}
    }
}

fn summary(app: &mut App, view: &mut QuizView, action: Action) -> Step {
    match action {
        Action::Retry => {
            if view.session.wrong().is_empty() {
                app.say("nothing to retry: every answer was right");
                return Step::Stay;
            }
            let wrong: Vec<_> = view.session.wrong().into_iter().cloned().collect();
            let retried = match view.origin {
                Origin::Checkpoint(l) | Origin::Retry(l) | Origin::Review(l) => {
                    app.start_quiz(Origin::Retry(l), &wrong)
                }
                Origin::Drill(spec) => {
                    let ids: Vec<String> = wrong.iter().map(|q| q.id.clone()).collect();
                    super::drill::retry(spec, &ids)
                }
                Origin::DrillReview => return Step::Pop,
            };
            match retried {
                Ok(screen) => Step::Replace(screen),
                Err(e) => {
                    app.say(e);
                    Step::Stay
                }
            }
        }
        Action::Open | Action::Back | Action::Next => Step::Pop,
        Action::Up | Action::ScrollUp => {
            view.scroll_by(-1);
            Step::Stay
        }
        Action::Down | Action::ScrollDown => {
            view.scroll_by(1);
            Step::Stay
        }
        Action::PageUp => {
            view.scroll_by(-(scroll::PAGE as isize));
            Step::Stay
        }
        Action::PageDown => {
            view.scroll_by(scroll::PAGE as isize);
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
