//! The course lint: questions a learner could answer from their shape
//! instead of their meaning. Five rules, each documented with its reasons in
//! docs/lesson-format.md ("The lint"):
//!
//! - true/false answers balanced across the course;
//! - the right option of a choose-one question is not usually the longest;
//! - no choose-one question where only the right option is hedged;
//! - no two questions that are near-duplicates (unless one is marked
//!   `review_of` the other);
//! - no decide question whose prompt states what decides it.
//!
//! Pure: it reads the lessons already parsed, their file text (to point at
//! a line), and the engine's decisions for decide questions, which the
//! checker computed.

use std::collections::BTreeMap;
use std::fmt;

use super::load::ContentError;
use super::schema::{Lesson, Question, QuestionKind};
use crate::iam::eval::Decision;

mod similar;
mod stated;

use similar::near_duplicates;
pub use similar::{normalized_words, question_text, similarity};
use stated::decide_prompts;
pub use stated::{Stated, stated_answer};

/// True/false questions whose answer is true: at least this share, in
/// percent, so "false" is not a safe guess...
pub const TRUE_SHARE_MIN: usize = 35;
/// ...and at most this one, so "true" is not either.
pub const TRUE_SHARE_MAX: usize = 65;
/// Choose-one questions whose right option is the strictly longest: at most
/// this share, in percent (with four options, chance is about 25 %).
pub const LONGEST_RIGHT_MAX: usize = 35;
/// Two questions whose normalized texts are at least this similar (word
/// Jaccard, 0 to 1) are near-duplicates. Why 0.43: see the lesson format.
pub const DUPLICATE_SIMILARITY: f64 = 0.43;

/// A lint rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    TrueFalseBalance,
    LongestRight,
    HedgedRight,
    NearDuplicate,
    DecideStatesAnswer,
}

impl Rule {
    pub const ALL: [Rule; 5] = [
        Rule::TrueFalseBalance,
        Rule::LongestRight,
        Rule::HedgedRight,
        Rule::NearDuplicate,
        Rule::DecideStatesAnswer,
    ];

    /// Its name in findings and in the documentation.
    pub fn id(self) -> &'static str {
        match self {
            Rule::TrueFalseBalance => "true-false-balance",
            Rule::LongestRight => "longest-right",
            Rule::HedgedRight => "hedged-right",
            Rule::NearDuplicate => "near-duplicate",
            Rule::DecideStatesAnswer => "decide-states-answer",
        }
    }
}

/// One thing the lint found: where, about which questions, and what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: Rule,
    /// The questions it is about, in course order.
    pub ids: Vec<String>,
    /// `file:line:col: lint: message`, with the line shown under it.
    pub error: ContentError,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

/// The figures the rules are about, for `course check --stats`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub true_false: usize,
    pub true_answers: usize,
    pub choose_one: usize,
    /// Choose-one questions whose right option is the strictly longest.
    pub longest_right: Vec<String>,
    /// Choose-one questions where only the right option is hedged, with
    /// the hedge.
    pub hedged_right: Vec<(String, String)>,
    /// Groups of near-duplicate questions, each in course order.
    pub clusters: Vec<Vec<String>>,
    pub decide: usize,
    /// Decide questions whose prompt states what decides them, with the
    /// words that do.
    pub decide_stated: Vec<(String, String)>,
    /// Questions marked `review_of` another.
    pub reviews: usize,
}

/// What the lint found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lint {
    pub figures: Figures,
    pub findings: Vec<Finding>,
}

impl Lint {
    pub fn count(&self, rule: Rule) -> usize {
        self.findings.iter().filter(|f| f.rule == rule).count()
    }
}

/// A lesson with the file it came from.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub lesson: &'a Lesson,
}

/// A question with where it lives.
struct Entry<'a> {
    q: &'a Question,
    file: &'a str,
    text: &'a str,
}

impl Entry<'_> {
    /// An error at `needle`, searched from the question's id onwards (at
    /// the id itself when the needle is not found, say because the file
    /// escapes a character the parsed text holds plainly).
    fn at(&self, needle: Option<&str>, message: String) -> ContentError {
        let id = format!("\"{}\"", self.q.id);
        let start = self.text.find(&id).unwrap_or(0);
        let offset = needle
            .filter(|n| !n.is_empty())
            .and_then(|n| self.text[start..].find(n))
            .map_or(start, |i| start + i);
        let (line, col) = position(self.text, offset);
        ContentError::at(self.file, self.text, line, col, format!("lint: {message}"))
    }
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// Lints a course. `decisions` holds the engine's answer to each decide
/// question, by id; a decide question missing from it (it could not be
/// decided, which the checker reports) is left alone.
pub fn lint(sources: &[Source<'_>], decisions: &BTreeMap<String, Decision>) -> Lint {
    let mut ordered: Vec<&Source<'_>> = sources.iter().collect();
    ordered.sort_by_key(|s| s.lesson.number);
    let entries: Vec<Entry<'_>> = ordered
        .iter()
        .flat_map(|s| {
            s.lesson.checkpoint.iter().map(|q| Entry {
                q,
                file: s.file,
                text: s.text,
            })
        })
        .collect();
    let mut lint = Lint::default();
    lint.figures.reviews = entries.iter().filter(|e| e.q.review_of.is_some()).count();
    true_false_balance(&entries, &mut lint);
    choose_one_shape(&entries, &mut lint);
    near_duplicates(&entries, decisions, &mut lint);
    decide_prompts(&entries, decisions, &mut lint);
    lint
}

/// The fewest of `total` that must move so that `have` reaches
/// `percent` % (rounding up).
fn needed_to_reach(have: usize, total: usize, percent: usize) -> usize {
    (total * percent).div_ceil(100).saturating_sub(have)
}

/// `part` of `total` in percent, rounded; 0 of nothing is 0 %.
pub fn share(part: usize, total: usize) -> usize {
    (part * 100 + total / 2).checked_div(total).unwrap_or(0)
}

fn ids_list(ids: &[&str]) -> String {
    ids.iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn true_false_balance(entries: &[Entry<'_>], lint: &mut Lint) {
    let tf: Vec<(&Entry<'_>, bool)> = entries
        .iter()
        .filter_map(|e| match e.q.kind {
            QuestionKind::TrueFalse { answer, .. } => Some((e, answer)),
            _ => None,
        })
        .collect();
    let total = tf.len();
    let trues = tf.iter().filter(|(_, a)| *a).count();
    lint.figures.true_false = total;
    lint.figures.true_answers = trues;
    if total == 0 {
        return;
    }
    let (too_few, side) = if trues * 100 < TRUE_SHARE_MIN * total {
        (true, false)
    } else if trues * 100 > TRUE_SHARE_MAX * total {
        (false, true)
    } else {
        return;
    };
    // Point at the first question on the crowded side: a place to start.
    let crowded: Vec<&str> = tf
        .iter()
        .filter(|(_, a)| *a == side)
        .map(|(e, _)| e.q.id.as_str())
        .collect();
    let first = tf.iter().find(|(_, a)| *a == side).map(|(e, _)| *e);
    let (word, other, moves) = if too_few {
        (
            "false",
            "true",
            needed_to_reach(trues, total, TRUE_SHARE_MIN),
        )
    } else {
        (
            "true",
            "false",
            needed_to_reach(total - trues, total, 100 - TRUE_SHARE_MAX),
        )
    };
    let message = format!(
        "{trues} of {total} true/false questions ({} %) have the answer true; keep it between \
         {TRUE_SHARE_MIN} % and {TRUE_SHARE_MAX} %: rewrite at least {moves} of the {} {word} \
         statements so that they are {other} ({})",
        share(trues, total),
        crowded.len(),
        ids_list(&crowded)
    );
    if let Some(e) = first {
        lint.findings.push(Finding {
            rule: Rule::TrueFalseBalance,
            ids: crowded.iter().map(|s| s.to_string()).collect(),
            error: e.at(Some("TrueFalse"), message),
        });
    }
}

/// Words and phrases that qualify or hedge an option: frequency ("usually"),
/// possibility ("can", "may"), conditions ("only if", "unless") and
/// exceptions ("except"). A right option that alone carries one is a tell:
/// careful, true statements get qualified, made-up ones come out absolute.
pub const HEDGES: &[&str] = &[
    "usually",
    "often",
    "generally",
    "typically",
    "normally",
    "mostly",
    "sometimes",
    "commonly",
    "can",
    "could",
    "may",
    "might",
    "only if",
    "only when",
    "unless",
    "except",
    "depends",
    "depending",
    "in most cases",
    "at most",
    "at least",
    "optional",
    "optionally",
];

/// The first hedge in `text`, matched on whole words, ignoring case.
pub fn hedge_in(text: &str) -> Option<&'static str> {
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    HEDGES.iter().copied().find(|h| {
        let parts: Vec<&str> = h.split(' ').collect();
        words
            .windows(parts.len())
            .any(|w| w.iter().zip(&parts).all(|(a, b)| a == b))
    })
}

fn choose_one_shape(entries: &[Entry<'_>], lint: &mut Lint) {
    let mut longest: Vec<&Entry<'_>> = Vec::new();
    for e in entries {
        let QuestionKind::ChooseOne { options } = &e.q.kind else {
            continue;
        };
        lint.figures.choose_one += 1;
        let Some(right) = options.iter().find(|o| o.correct) else {
            continue;
        };
        let len = |t: &str| t.trim().chars().count();
        let wrong: Vec<_> = options.iter().filter(|o| !o.correct).collect();
        if wrong.iter().all(|o| len(&o.text) < len(&right.text)) {
            longest.push(e);
        }
        if let Some(h) = hedge_in(&right.text)
            && wrong.iter().all(|o| hedge_in(&o.text).is_none())
        {
            lint.figures
                .hedged_right
                .push((e.q.id.clone(), h.to_string()));
            lint.findings.push(Finding {
                rule: Rule::HedgedRight,
                ids: vec![e.q.id.clone()],
                error: e.at(
                    Some(&right.text),
                    format!(
                        "question `{}`: only the right option is hedged (\"{h}\"); qualify a \
                         wrong option as carefully, or state the right one without the hedge",
                        e.q.id
                    ),
                ),
            });
        }
    }
    lint.figures.longest_right = longest.iter().map(|e| e.q.id.clone()).collect();
    let total = lint.figures.choose_one;
    let count = longest.len();
    if total > 0 && count * 100 > LONGEST_RIGHT_MAX * total {
        // The fewest to change so that the rest is within the limit.
        let keep = LONGEST_RIGHT_MAX * total / 100;
        let ids: Vec<&str> = longest.iter().map(|e| e.q.id.as_str()).collect();
        let message = format!(
            "the right option is the longest in {count} of {total} choose-one questions ({} %), \
             at most {LONGEST_RIGHT_MAX} % may be: in at least {} of these, shorten the right \
             option or make a wrong one as long ({})",
            share(count, total),
            count - keep,
            ids_list(&ids)
        );
        let first = longest[0];
        let right = match &first.q.kind {
            QuestionKind::ChooseOne { options } => {
                options.iter().find(|o| o.correct).map(|o| o.text.as_str())
            }
            _ => None,
        };
        lint.findings.push(Finding {
            rule: Rule::LongestRight,
            ids: ids.iter().map(|s| s.to_string()).collect(),
            error: first.at(right, message),
        });
    }
}

#[cfg(test)]
mod tests;
