//! What an answered question shows beside each option: for a
//! choose-several question, whether each option was ticked rightly, missed,
//! ticked wrongly or rightly left alone; for an ordering question, the
//! learner's order place by place against the right one. Words and symbols
//! both, so the marks read the same without colour.

use super::Item;
use crate::content::schema::QuestionKind;

/// How one option of a choose-several question came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Right, and ticked.
    Ticked,
    /// Right, but not ticked.
    Missed,
    /// Wrong, but ticked.
    TickedWrong,
    /// Wrong, and rightly left alone.
    LeftAlone,
}

impl Mark {
    /// The symbol in front of the option.
    pub fn symbol(self) -> &'static str {
        match self {
            Mark::Ticked => "✓",
            Mark::Missed => "○",
            Mark::TickedWrong => "✗",
            Mark::LeftAlone => " ",
        }
    }

    /// The mark in words; a rightly untouched option says nothing.
    pub fn words(self) -> &'static str {
        match self {
            Mark::Ticked => "ticked, right",
            Mark::Missed => "missed: this one is right too",
            Mark::TickedWrong => "ticked, but wrong",
            Mark::LeftAlone => "",
        }
    }

    /// Was the learner right about this option?
    pub fn ok(self) -> bool {
        matches!(self, Mark::Ticked | Mark::LeftAlone)
    }
}

/// One option of an answered choose-several question.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionMark {
    pub text: String,
    pub mark: Mark,
    /// The course's "why not" for a wrong option that was ticked.
    pub why_not: Option<String>,
}

impl OptionMark {
    /// The line under the option: the mark in words and, for a wrong option
    /// ticked, why it is wrong. `None` for an option rightly left alone.
    pub fn note(&self) -> Option<String> {
        match (self.mark, &self.why_not) {
            (Mark::LeftAlone, _) => None,
            (Mark::TickedWrong, Some(why)) => Some(format!("{}: {why}", self.mark.words())),
            (mark, _) => Some(mark.words().to_string()),
        }
    }
}

/// Each option of a choose-several question, in display order, marked
/// against the display positions the learner ticked. Empty for any other
/// kind of question.
pub fn option_marks(item: &Item, ticked: &[usize]) -> Vec<OptionMark> {
    let QuestionKind::ChooseMany { options } = &item.question.kind else {
        return Vec::new();
    };
    item.order
        .iter()
        .enumerate()
        .map(|(pos, &i)| {
            let option = &options[i];
            let mark = match (option.correct, ticked.contains(&pos)) {
                (true, true) => Mark::Ticked,
                (true, false) => Mark::Missed,
                (false, true) => Mark::TickedWrong,
                (false, false) => Mark::LeftAlone,
            };
            OptionMark {
                text: option.text.clone(),
                mark,
                why_not: option.why_not.clone().filter(|_| mark == Mark::TickedWrong),
            }
        })
        .collect()
}

/// The marks summed up in one sentence, for the verdict: "you ticked 2 of
/// the 3 right options and 1 wrong one".
pub fn marks_summary(marks: &[OptionMark]) -> String {
    let count = |m: Mark| marks.iter().filter(|o| o.mark == m).count();
    let (ticked, missed, wrong) = (
        count(Mark::Ticked),
        count(Mark::Missed),
        count(Mark::TickedWrong),
    );
    let of = ticked + missed;
    let right = match (ticked, of) {
        (1, 1) => "you ticked the right option".to_string(),
        (0, 1) => "you did not tick the right option".to_string(),
        (t, o) if t == o => format!("you ticked all {o} right options"),
        (0, o) => format!("you ticked none of the {o} right options"),
        (t, o) => format!("you ticked {t} of the {o} right options"),
    };
    let wrong = match wrong {
        0 => " and no wrong one".to_string(),
        1 => " and 1 wrong one".to_string(),
        n => format!(" and {n} wrong ones"),
    };
    right + &wrong
}

/// One place of an answered ordering question.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The item the learner put here (none if the order was cut short).
    pub yours: Option<String>,
    /// The item that belongs here.
    pub right: String,
}

impl Place {
    pub fn ok(&self) -> bool {
        self.yours.as_ref() == Some(&self.right)
    }

    /// The symbol in front of the place.
    pub fn symbol(&self) -> &'static str {
        if self.ok() { "✓" } else { "✗" }
    }

    /// The line under a place the learner got wrong: what belongs there.
    pub fn note(&self) -> Option<String> {
        (!self.ok()).then(|| format!("belongs here: {}", self.right))
    }
}

/// The learner's order (display positions, first to last) place by place
/// against the right order. Empty for any other kind of question.
pub fn order_places(item: &Item, given: &[usize]) -> Vec<Place> {
    let QuestionKind::Order { items } = &item.question.kind else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .map(|(place, right)| Place {
            yours: given
                .get(place)
                .and_then(|p| item.order.get(*p))
                .map(|&i| items[i].clone()),
            right: right.clone(),
        })
        .collect()
}

/// How many places are right, in words: "2 of 5 in their right place".
pub fn places_summary(places: &[Place]) -> String {
    let ok = places.iter().filter(|p| p.ok()).count();
    match (ok, places.len()) {
        (0, n) => format!("none of the {n} in its right place"),
        (k, n) if k == n => format!("all {n} in their right place"),
        (1, n) => format!("1 of {n} in its right place"),
        (k, n) => format!("{k} of {n} in their right place"),
    }
}

/// Questions made in code, for tests here and where they are drawn.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::super::Item;
    use crate::content::schema::{Choice, Question, QuestionKind};

    pub fn choice(text: &str, correct: bool, why_not: Option<&str>) -> Choice {
        Choice {
            text: text.into(),
            correct,
            why_not: why_not.map(str::to_string),
        }
    }

    pub fn item(kind: QuestionKind, order: Vec<usize>) -> Item {
        Item {
            question: Question {
                id: "t-01".into(),
                topic: "t".into(),
                prompt: "?".into(),
                kind,
                explanation: String::new(),
                review_of: None,
            },
            order,
            decided: None,
            spotted: None,
            setting: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{choice, item};
    use super::*;

    /// Two right options and two wrong ones, shown in reverse order.
    fn several() -> Item {
        item(
            QuestionKind::ChooseMany {
                options: vec![
                    choice("principal", true, None),
                    choice("action", true, None),
                    choice("policy name", false, Some("callers do not pick policies")),
                    choice("yesterday", false, Some("each request stands alone")),
                ],
            },
            vec![3, 2, 1, 0],
        )
    }

    #[test]
    fn each_option_gets_one_of_four_marks_with_its_words() {
        // Display 0 is "yesterday", 1 "policy name", 2 "action", 3
        // "principal": tick "policy name" and "principal".
        let marks = option_marks(&several(), &[1, 3]);
        let shown: Vec<(&str, Mark, Option<String>)> = marks
            .iter()
            .map(|m| (m.text.as_str(), m.mark, m.note()))
            .collect();
        assert_eq!(
            shown,
            [
                ("yesterday", Mark::LeftAlone, None),
                (
                    "policy name",
                    Mark::TickedWrong,
                    Some("ticked, but wrong: callers do not pick policies".into())
                ),
                (
                    "action",
                    Mark::Missed,
                    Some("missed: this one is right too".into())
                ),
                ("principal", Mark::Ticked, Some("ticked, right".into())),
            ]
        );
        let symbols: String = marks.iter().map(|m| m.mark.symbol()).collect();
        assert_eq!(symbols, " ✗○✓");
        assert_eq!(
            marks_summary(&marks),
            "you ticked 1 of the 2 right options and 1 wrong one"
        );
    }

    #[test]
    fn a_wrong_option_left_alone_keeps_its_why_not_to_itself() {
        let marks = option_marks(&several(), &[2, 3]);
        assert_eq!(marks[0].mark, Mark::LeftAlone);
        assert_eq!(marks[0].why_not, None);
        assert!(marks.iter().all(|m| m.mark.ok()));
        assert_eq!(
            marks_summary(&marks),
            "you ticked all 2 right options and no wrong one"
        );
    }

    #[test]
    fn a_ticked_wrong_option_without_a_why_not_says_only_that() {
        let mut q = several();
        if let QuestionKind::ChooseMany { options } = &mut q.question.kind {
            options[3].why_not = None;
        }
        let marks = option_marks(&q, &[0]);
        assert_eq!(marks[0].note().as_deref(), Some("ticked, but wrong"));
        assert_eq!(
            marks_summary(&marks),
            "you ticked none of the 2 right options and 1 wrong one"
        );
    }

    #[test]
    fn the_summary_speaks_of_the_one_right_option_when_there_is_one() {
        let q = item(
            QuestionKind::ChooseMany {
                options: vec![choice("a", true, None), choice("b", false, None)],
            },
            vec![0, 1],
        );
        assert_eq!(
            marks_summary(&option_marks(&q, &[0, 1])),
            "you ticked the right option and 1 wrong one"
        );
        assert_eq!(
            marks_summary(&option_marks(&q, &[1])),
            "you did not tick the right option and 1 wrong one"
        );
    }

    #[test]
    fn other_kinds_have_no_option_marks_and_no_places() {
        let q = item(
            QuestionKind::ChooseOne {
                options: vec![choice("a", true, None)],
            },
            vec![0],
        );
        assert!(option_marks(&q, &[0]).is_empty());
        assert!(order_places(&q, &[0]).is_empty());
    }

    fn steps() -> Item {
        item(
            QuestionKind::Order {
                items: vec!["sign".into(), "authenticate".into(), "evaluate".into()],
            },
            // Shown as: evaluate, sign, authenticate.
            vec![2, 0, 1],
        )
    }

    #[test]
    fn an_order_is_marked_place_by_place_against_the_right_one() {
        // sign, evaluate, authenticate: the first place right, the others
        // swapped.
        let places = order_places(&steps(), &[1, 0, 2]);
        let shown: Vec<(Option<&str>, &str, Option<String>)> = places
            .iter()
            .map(|p| (p.yours.as_deref(), p.symbol(), p.note()))
            .collect();
        assert_eq!(
            shown,
            [
                (Some("sign"), "✓", None),
                (
                    Some("evaluate"),
                    "✗",
                    Some("belongs here: authenticate".into())
                ),
                (
                    Some("authenticate"),
                    "✗",
                    Some("belongs here: evaluate".into())
                ),
            ]
        );
        assert_eq!(places_summary(&places), "1 of 3 in its right place");
        let right: Vec<&str> = places.iter().map(|p| p.right.as_str()).collect();
        assert_eq!(right, ["sign", "authenticate", "evaluate"]);
    }

    #[test]
    fn the_right_order_is_all_ticks_and_a_reversed_one_none() {
        let right = order_places(&steps(), &[1, 2, 0]);
        assert!(right.iter().all(Place::ok));
        assert_eq!(places_summary(&right), "all 3 in their right place");
        let reversed = order_places(&steps(), &[0, 2, 1]);
        assert_eq!(
            reversed.iter().filter(|p| p.ok()).count(),
            1,
            "the middle stays put"
        );
        let wrong = order_places(&steps(), &[2, 0, 1]);
        assert_eq!(places_summary(&wrong), "none of the 3 in its right place");
        assert_eq!(
            places_summary(&order_places(&steps(), &[1, 0, 2])[..2]),
            "1 of 2 in its right place"
        );
    }

    #[test]
    fn a_place_left_empty_is_wrong_and_says_what_belongs_there() {
        let places = order_places(&steps(), &[1]);
        assert_eq!(places[1].yours, None);
        assert!(!places[1].ok());
        assert_eq!(places[2].note().as_deref(), Some("belongs here: evaluate"));
    }
}
