//! Review with spaced repetition: every question answered wrong, every lab
//! goal left unmet and every weak interview answer becomes a card, and the
//! FSRS scheduler (the `fsrs` crate, as Anki uses) decides when it is due.
//! Days are whole days on the host's clock, passed in.

use std::collections::BTreeMap;

use fsrs::{FSRS, MemoryState};
use serde::{Deserialize, Serialize};

/// How likely the learner should still remember a card when it comes due.
const DESIRED_RETENTION: f32 = 0.9;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grade {
    Again,
    Hard,
    Good,
    Easy,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

    pub fn label(self) -> &'static str {
        match self {
            Grade::Again => "Again",
            Grade::Hard => "Hard",
            Grade::Good => "Good",
            Grade::Easy => "Easy",
        }
    }
}

/// What a card asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CardKind {
    /// A course question, by id.
    Question(String),
    /// A goal of a lab, by lab id and goal index.
    LabGoal(String, usize),
    /// An interview bank card, by id.
    Interview(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewCard {
    pub kind: CardKind,
    /// The day it is next due.
    pub due: i64,
    /// The day it was last reviewed (or added).
    pub last: i64,
    /// FSRS's memory state, once reviewed at least once.
    pub stability: Option<f32>,
    pub difficulty: Option<f32>,
    pub reviews: u32,
    pub lapses: u32,
}

impl CardKind {
    /// A stable key for the deck.
    pub fn key(&self) -> String {
        match self {
            CardKind::Question(id) => format!("q:{id}"),
            CardKind::LabGoal(lab, g) => format!("lab:{lab}:{g}"),
            CardKind::Interview(id) => format!("iv:{id}"),
        }
    }
}

/// Every card, by key.
pub type Deck = BTreeMap<String, ReviewCard>;

/// Adds a card, due today; a card already in the deck becomes due today.
pub fn add(deck: &mut Deck, kind: CardKind, today: i64) {
    let key = kind.key();
    match deck.get_mut(&key) {
        Some(card) => card.due = card.due.min(today),
        None => {
            deck.insert(
                key,
                ReviewCard {
                    kind,
                    due: today,
                    last: today,
                    stability: None,
                    difficulty: None,
                    reviews: 0,
                    lapses: 0,
                },
            );
        }
    }
}

/// Keys of the cards due on `today`, the longest overdue first.
pub fn due(deck: &Deck, today: i64) -> Vec<String> {
    let mut keys: Vec<(&i64, &String)> = deck
        .iter()
        .filter(|(_, c)| c.due <= today)
        .map(|(k, c)| (&c.due, k))
        .collect();
    keys.sort();
    keys.into_iter().map(|(_, k)| k.clone()).collect()
}

/// Can FSRS schedule from this memory state? Stability is at most 100 years
/// (FSRS's own bound is 36,500 days) and difficulty 1 to 10; anything else,
/// not a number or infinite above all, comes from a damaged file.
pub fn sound_memory(stability: f32, difficulty: f32) -> bool {
    stability.is_finite()
        && stability > 0.0
        && stability <= 36_500.0
        && difficulty.is_finite()
        && (1.0..=10.0).contains(&difficulty)
}

/// The scheduler, with FSRS's default parameters.
pub struct Scheduler {
    fsrs: FSRS,
}

impl Default for Scheduler {
    fn default() -> Self {
        Scheduler::new()
    }
}

impl Scheduler {
    pub fn new() -> Scheduler {
        Scheduler {
            fsrs: FSRS::new(&[]).expect("FSRS's default parameters are valid"),
        }
    }

    /// Grades a review on `today` and schedules the card's next one. Again
    /// keeps it due today (it comes back later in the session); the others
    /// wait at least a day.
    pub fn review(&self, card: &mut ReviewCard, grade: Grade, today: i64) {
        // A state FSRS cannot use (from a damaged file) counts as a card
        // never reviewed, rather than a panic.
        let memory = match (card.stability, card.difficulty) {
            (Some(stability), Some(difficulty)) if sound_memory(stability, difficulty) => {
                Some(MemoryState {
                    stability,
                    difficulty,
                })
            }
            _ => None,
        };
        let elapsed = u32::try_from(today.saturating_sub(card.last).max(0)).unwrap_or(u32::MAX);
        let next = match self.fsrs.next_states(memory, DESIRED_RETENTION, elapsed) {
            Ok(next) => next,
            Err(_) => self
                .fsrs
                .next_states(None, DESIRED_RETENTION, 0)
                .expect("FSRS schedules a new card"),
        };
        let state = match grade {
            Grade::Again => next.again,
            Grade::Hard => next.hard,
            Grade::Good => next.good,
            Grade::Easy => next.easy,
        };
        card.stability = Some(state.memory.stability);
        card.difficulty = Some(state.memory.difficulty);
        card.last = today;
        card.reviews = card.reviews.saturating_add(1);
        card.due = if grade == Grade::Again {
            card.lapses = card.lapses.saturating_add(1);
            today
        } else {
            today.saturating_add((state.interval.round() as i64).max(1))
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(deck: &mut Deck, id: &str, today: i64) -> String {
        add(deck, CardKind::Question(id.into()), today);
        CardKind::Question(id.into()).key()
    }

    #[test]
    fn again_is_due_sooner_than_hard_good_and_easy() {
        let s = Scheduler::new();
        let mut dues = Vec::new();
        for grade in Grade::ALL {
            let mut deck = Deck::new();
            let k = card(&mut deck, "q", 100);
            let c = deck.get_mut(&k).unwrap();
            s.review(c, grade, 100);
            dues.push(c.due);
        }
        assert_eq!(dues[0], 100, "Again stays due today");
        assert!(
            dues[0] < dues[1] && dues[1] <= dues[2] && dues[2] < dues[3],
            "{dues:?}"
        );
    }

    #[test]
    fn a_card_remembered_again_and_again_waits_longer_each_time() {
        let s = Scheduler::new();
        let mut deck = Deck::new();
        let k = card(&mut deck, "q", 0);
        let mut today = 0;
        let mut gaps = Vec::new();
        for _ in 0..4 {
            let c = deck.get_mut(&k).unwrap();
            s.review(c, Grade::Good, today);
            gaps.push(c.due - today);
            today = c.due;
        }
        assert!(gaps.windows(2).all(|w| w[0] < w[1]), "{gaps:?}");
        // Forgetting it brings it back today.
        let c = deck.get_mut(&k).unwrap();
        s.review(c, Grade::Again, today);
        assert_eq!(c.due, today);
        assert_eq!(c.lapses, 1);
    }

    #[test]
    fn a_card_with_a_broken_memory_is_graded_as_a_new_one() {
        let s = Scheduler::new();
        let mut deck = Deck::new();
        let k = card(&mut deck, "q", 100);
        let c = deck.get_mut(&k).unwrap();
        c.stability = Some(f32::NAN);
        c.difficulty = Some(f32::INFINITY);
        c.reviews = u32::MAX;
        s.review(c, Grade::Good, 100);
        assert!(c.stability.is_some_and(f32::is_finite));
        assert!(c.due > 100);
        assert_eq!(c.reviews, u32::MAX);
    }

    #[test]
    fn due_lists_only_cards_due_oldest_first() {
        let s = Scheduler::new();
        let mut deck = Deck::new();
        let a = card(&mut deck, "a", 10);
        let b = card(&mut deck, "b", 5);
        let c = card(&mut deck, "c", 10);
        s.review(deck.get_mut(&c).unwrap(), Grade::Easy, 10);
        assert_eq!(due(&deck, 10), vec![b.clone(), a.clone()]);
        // Adding a card already in the deck does not duplicate it.
        add(&mut deck, CardKind::Question("a".into()), 11);
        assert_eq!(deck.len(), 3);
        assert_eq!(due(&deck, 4), Vec::<String>::new());
    }
}
