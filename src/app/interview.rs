//! Interview practice: questions from the course's interview bank, each
//! with a countdown; the learner thinks or types, reveals the model answer
//! and its key points, and grades themselves. The report names weak topics
//! and sends weak cards to review. Time comes from the host as `Clock`.

use std::cell::Cell;

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom;

use super::line::LineInput;
use super::{Action, App, Context, Step};
use crate::content::schema::Card;
use crate::learn::progress::InterviewRecord;
use crate::learn::review::{self, CardKind, Grade};

/// Time for one question: long enough to answer aloud.
pub const PER_QUESTION_MS: u64 = 3 * 60 * 1000;

#[derive(Debug)]
pub struct InterviewView {
    pub cards: Vec<Card>,
    pub index: usize,
    pub per_question_ms: u64,
    /// The host's clock when the question was shown (from the first
    /// `Clock` after it).
    pub started_ms: Option<u64>,
    pub now_ms: u64,
    pub notes: LineInput,
    pub revealed: bool,
    /// Card id, topic and grade, in order.
    pub grades: Vec<(String, String, Grade)>,
    pub finished: bool,
    /// How far the answer shown, or the report, is scrolled.
    pub scroll: u16,
    /// The furthest it scrolls, as last drawn.
    pub max_scroll: Cell<u16>,
}

impl InterviewView {
    /// `minutes` of practice: one question per three minutes, at least one,
    /// drawn from the bank with `seed`.
    pub fn new(bank: &[Card], minutes: u64, seed: u64) -> InterviewView {
        let mut cards = bank.to_vec();
        cards.shuffle(&mut Xoshiro256PlusPlus::seed_from_u64(seed));
        let count = ((minutes * 60 * 1000) / PER_QUESTION_MS).max(1) as usize;
        cards.truncate(count);
        InterviewView {
            cards,
            index: 0,
            per_question_ms: PER_QUESTION_MS,
            started_ms: None,
            now_ms: 0,
            notes: LineInput::default(),
            revealed: false,
            grades: Vec::new(),
            finished: false,
            scroll: 0,
            max_scroll: Cell::new(0),
        }
    }

    pub fn card(&self) -> Option<&Card> {
        self.cards.get(self.index)
    }

    /// Milliseconds left on the current question's countdown.
    pub fn remaining_ms(&self) -> u64 {
        let used = self.started_ms.map_or(0, |s| self.now_ms.saturating_sub(s));
        self.per_question_ms.saturating_sub(used)
    }

    pub fn context(&self) -> Context {
        if self.finished || self.cards.is_empty() {
            Context::InterviewReport
        } else if self.revealed {
            Context::InterviewGrade
        } else {
            Context::InterviewAsk
        }
    }

    /// The countdown runs while a question waits for its answer.
    pub fn wants_clock(&self) -> bool {
        self.context() == Context::InterviewAsk
    }

    /// Topics with an answer graded Again or Hard, each once.
    pub fn weak_topics(&self) -> Vec<String> {
        let mut t: Vec<String> = self
            .grades
            .iter()
            .filter(|(_, _, g)| matches!(g, Grade::Again | Grade::Hard))
            .map(|(_, topic, _)| topic.clone())
            .collect();
        t.sort();
        t.dedup();
        t
    }

    fn finish(&mut self, app: &mut App) {
        self.finished = true;
        self.scroll = 0;
        for (id, _, g) in &self.grades {
            if matches!(g, Grade::Again | Grade::Hard) {
                review::add(
                    &mut app.progress.review,
                    CardKind::Interview(id.clone()),
                    app.today,
                );
            }
        }
        let strong = self
            .grades
            .iter()
            .filter(|(_, _, g)| matches!(g, Grade::Good | Grade::Easy))
            .count();
        app.progress.interviews.push(InterviewRecord {
            day: app.today,
            asked: self.grades.len(),
            strong,
            weak_topics: self.weak_topics(),
        });
        app.mark_progress();
    }
}

pub fn update(app: &mut App, view: &mut InterviewView, action: Action) -> Step {
    if let Action::Clock(ms) = action {
        view.now_ms = ms;
        if view.context() == Context::InterviewAsk {
            if view.started_ms.is_none() {
                view.started_ms = Some(ms);
            }
            // Time is up: the answer shows.
            if view.remaining_ms() == 0 {
                view.revealed = true;
            }
        }
        return Step::Stay;
    }
    match view.context() {
        Context::InterviewReport => {
            let max = view.max_scroll.get();
            let now = view.scroll.min(max);
            view.scroll = match action {
                Action::Open | Action::Back => return Step::Pop,
                Action::Up | Action::ScrollUp => now.saturating_sub(1),
                Action::Down | Action::ScrollDown => (now + 1).min(max),
                Action::PageUp => now.saturating_sub(10),
                Action::PageDown => now.saturating_add(10).min(max),
                _ => now,
            };
            Step::Stay
        }
        Context::InterviewAsk => {
            match action {
                Action::Type(c) => view.notes.insert(c),
                Action::Backspace => view.notes.backspace(),
                Action::Delete => view.notes.delete(),
                Action::CursorLeft => view.notes.left(),
                Action::CursorRight => view.notes.right(),
                Action::CursorHome => view.notes.home(),
                Action::CursorEnd => view.notes.end(),
                Action::ClearLine => {
                    view.notes.take();
                }
                Action::Open => view.revealed = true,
                Action::Back => {
                    // Leaving early still reports what was answered.
                    if view.grades.is_empty() {
                        return Step::Pop;
                    }
                    view.finish(app);
                }
                _ => {}
            }
            Step::Stay
        }
        Context::InterviewGrade => {
            let max = view.max_scroll.get();
            let now = view.scroll.min(max);
            match action {
                Action::Up | Action::ScrollUp => view.scroll = now.saturating_sub(1),
                Action::Down | Action::ScrollDown => view.scroll = (now + 1).min(max),
                Action::PageUp => view.scroll = now.saturating_sub(10),
                Action::PageDown => view.scroll = now.saturating_add(10).min(max),
                // Enter revealed the answer: it does not also grade it.
                Action::Open => {
                    app.say("Enter does not grade: 1 Again, 2 Hard, 3 Good or 4 Easy");
                }
                _ => {}
            }
            if let Action::Pick(n) = action
                && n < 4
                && let Some(card) = view.card()
            {
                let entry = (card.id.clone(), card.topic.clone(), Grade::ALL[n]);
                view.grades.push(entry);
                view.index += 1;
                view.revealed = false;
                view.started_ms = None;
                view.notes = LineInput::default();
                view.scroll = 0;
                if view.index >= view.cards.len() {
                    view.finish(app);
                }
            } else if action == Action::Back {
                // As before the answer shows: nothing graded, no report.
                if view.grades.is_empty() {
                    return Step::Pop;
                }
                view.finish(app);
            }
            Step::Stay
        }
        _ => Step::Stay,
    }
}
