//! A quiz session: questions and options shuffled with a seed, each answer
//! graded with its explanation and the chosen wrong option's "why not",
//! and a retry of only the questions answered wrong.

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom;

use crate::content::goals::{self, OrgSource};
use crate::content::schema::{Question, QuestionKind};
use crate::iam::advisor::Finding;
use crate::iam::eval::{Decision, Evaluation};
use crate::iam::explain;

pub mod marks;

/// One question as this session shows it: options in a shuffled order.
#[derive(Debug, Clone)]
pub struct Item {
    pub question: Question,
    /// Display position -> index in the file (options or Order items).
    pub order: Vec<usize>,
    /// For decide questions, the engine's evaluation.
    pub decided: Option<Evaluation>,
    /// For spot-the-problem questions, what the advisor says.
    pub spotted: Option<Spotted>,
    /// The organization in words, for a generated question (a drill's),
    /// shown between the prompt and the options; empty for the course's.
    pub setting: Vec<String>,
}

/// The advisor's verdict on a spot-the-problem question's options.
#[derive(Debug, Clone)]
pub struct Spotted {
    /// For each option, in file order: does a finding involve it?
    pub flagged: Vec<bool>,
    /// The findings that involve any option.
    pub findings: Vec<Finding>,
    /// The organization in words, shown with the question.
    pub inventory: Vec<String>,
}

/// What a learner answers, in display positions.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    One(usize),
    Many(Vec<usize>),
    Bool(bool),
    Text(String),
    Decision(Decision),
    /// Display positions in the order the learner puts them.
    Order(Vec<usize>),
}

/// The verdict on one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Graded {
    pub correct: bool,
    /// The chosen wrong option's own explanation, when there is one.
    pub why_not: Option<String>,
    pub explanation: String,
    /// The right answer in words.
    pub right_answer: String,
    /// For decide questions, the engine's trail as text.
    pub trail: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub items: Vec<Item>,
    pub answers: Vec<Option<Graded>>,
    pub seed: u64,
}

fn option_count(q: &Question) -> usize {
    match &q.kind {
        QuestionKind::ChooseOne { options } | QuestionKind::ChooseMany { options } => options.len(),
        QuestionKind::Order { items } => items.len(),
        QuestionKind::Spot(s) => s.options.len(),
        _ => 0,
    }
}

impl Session {
    /// A session over `questions`, shuffled by `seed`: the same seed gives
    /// the same quiz on every machine. Decide questions are decided now, by
    /// the engine; one that cannot be decided is an error in the course.
    pub fn new(questions: &[Question], seed: u64, orgs: OrgSource<'_>) -> Result<Session, String> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut items = Vec::with_capacity(questions.len());
        for q in questions {
            let mut order: Vec<usize> = (0..option_count(q)).collect();
            order.shuffle(&mut rng);
            let mut setting = Vec::new();
            let decided = match &q.kind {
                QuestionKind::Decide(d) => {
                    let (shell, evaluation) =
                        goals::decide(d, orgs).map_err(|e| format!("{}: {e}", q.id))?;
                    // What decides the request, beside the prompt: the
                    // learner answers from the policies, not from memory of
                    // an organization file they never saw.
                    setting = super::inventory::for_request(
                        &shell.org,
                        &shell.home,
                        &d.principal,
                        &d.action,
                        &d.resource,
                    );
                    Some(evaluation)
                }
                _ => None,
            };
            let spotted = match &q.kind {
                QuestionKind::Spot(spot) => {
                    let (flagged, findings, org) =
                        goals::spot(spot, orgs).map_err(|e| format!("{}: {e}", q.id))?;
                    Some(Spotted {
                        flagged,
                        findings,
                        inventory: super::inventory::lines(&org),
                    })
                }
                _ => None,
            };
            items.push(Item {
                question: q.clone(),
                order,
                decided,
                spotted,
                setting,
            });
        }
        items.shuffle(&mut rng);
        let n = items.len();
        Ok(Session {
            items,
            answers: vec![None; n],
            seed,
        })
    }

    /// Grades the answer to item `i` and records it.
    pub fn answer(&mut self, i: usize, answer: &Answer) -> Graded {
        let graded = grade(&self.items[i], answer);
        self.answers[i] = Some(graded.clone());
        graded
    }

    pub fn score(&self) -> (usize, usize) {
        let right = self.answers.iter().flatten().filter(|g| g.correct).count();
        (right, self.items.len())
    }

    /// Questions answered wrong (or not at all), in the order they were shown.
    pub fn wrong(&self) -> Vec<&Question> {
        self.items
            .iter()
            .zip(&self.answers)
            .filter(|(_, a)| a.as_ref().is_none_or(|g| !g.correct))
            .map(|(i, _)| &i.question)
            .collect()
    }

    /// A new session with only the questions answered wrong.
    pub fn retry_wrong(&self, seed: u64, orgs: OrgSource<'_>) -> Result<Session, String> {
        let wrong: Vec<Question> = self.wrong().into_iter().cloned().collect();
        Session::new(&wrong, seed, orgs)
    }
}

/// Short answers compare ignoring case, all white space, and quotes around
/// the whole answer: a learner who types a policy value as it appears in
/// the JSON (`"2012-10-17"`) or as code (`` `AKIA` ``) means the value.
pub fn normalise(s: &str) -> String {
    let bare: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    unquote(&bare).to_string()
}

/// Strips matching quotes around the whole text, as many pairs as there
/// are (`'"x"'` is `x`). A quote on one side only is part of the answer.
fn unquote(mut s: &str) -> &str {
    const PAIRS: [(char, char); 5] = [
        ('"', '"'),
        ('\'', '\''),
        ('`', '`'),
        ('\u{201c}', '\u{201d}'),
        ('\u{2018}', '\u{2019}'),
    ];
    while let Some(inner) = PAIRS.iter().find_map(|&(open, close)| {
        s.strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
    }) {
        s = inner;
    }
    s
}

/// Findings as the quiz shows them after an answer: what, why, the fix.
pub fn findings_text(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!("[{}] {}\n", f.severity.name(), f.summary));
        out.push_str(&format!("  {}\n", f.why));
        for cmd in &f.fix {
            out.push_str(&format!("  fix: {cmd}\n"));
        }
    }
    out
}

fn grade(item: &Item, answer: &Answer) -> Graded {
    let q = &item.question;
    let mut g = Graded {
        correct: false,
        why_not: None,
        explanation: q.explanation.clone(),
        right_answer: String::new(),
        trail: None,
    };
    match (&q.kind, answer) {
        (QuestionKind::ChooseOne { options }, Answer::One(pos)) => {
            let chosen = item.order.get(*pos).map(|&i| &options[i]);
            g.correct = chosen.is_some_and(|o| o.correct);
            g.why_not = chosen
                .filter(|o| !o.correct)
                .and_then(|o| o.why_not.clone());
            g.right_answer = options
                .iter()
                .filter(|o| o.correct)
                .map(|o| o.text.clone())
                .collect::<Vec<_>>()
                .join("; ");
        }
        (QuestionKind::ChooseMany { options }, Answer::Many(positions)) => {
            let mut chosen: Vec<usize> = positions
                .iter()
                .filter_map(|p| item.order.get(*p).copied())
                .collect();
            chosen.sort_unstable();
            chosen.dedup();
            let right: Vec<usize> = (0..options.len()).filter(|&i| options[i].correct).collect();
            g.correct = chosen == right;
            g.why_not = chosen
                .iter()
                .map(|&i| &options[i])
                .find(|o| !o.correct)
                .and_then(|o| o.why_not.clone());
            g.right_answer = right
                .iter()
                .map(|&i| options[i].text.clone())
                .collect::<Vec<_>>()
                .join("; ");
        }
        (
            QuestionKind::TrueFalse {
                answer: truth,
                why_not,
            },
            Answer::Bool(b),
        ) => {
            g.correct = b == truth;
            if !g.correct {
                g.why_not = Some(why_not.clone());
            }
            g.right_answer = if *truth { "true" } else { "false" }.into();
        }
        (QuestionKind::ShortAnswer { accept }, Answer::Text(t)) => {
            let t = normalise(t);
            g.correct = !t.is_empty() && accept.iter().any(|a| normalise(a) == t);
            g.right_answer = accept.first().cloned().unwrap_or_default();
        }
        (QuestionKind::Order { items }, Answer::Order(positions)) => {
            let given: Vec<usize> = positions
                .iter()
                .filter_map(|p| item.order.get(*p).copied())
                .collect();
            g.correct = given == (0..items.len()).collect::<Vec<_>>();
            g.right_answer = items.join(" → ");
        }
        (QuestionKind::Decide(_), Answer::Decision(d)) => {
            if let Some(e) = &item.decided {
                g.correct = e.decision == *d;
                g.right_answer = e.decision.adjective().into();
                g.trail = Some(explain::to_text(e));
            }
        }
        (QuestionKind::Spot(spot), Answer::One(pos)) => {
            if let Some(sp) = &item.spotted {
                let chosen = item.order.get(*pos).copied();
                g.correct = chosen.is_some_and(|i| sp.flagged.get(i) == Some(&true));
                if let Some(i) = chosen.filter(|_| !g.correct) {
                    g.why_not = Some(format!(
                        "The advisor finds nothing wrong with {}.",
                        spot.options[i]
                    ));
                }
                g.right_answer = spot
                    .options
                    .iter()
                    .zip(&sp.flagged)
                    .filter(|(_, f)| **f)
                    .map(|(o, _)| o.clone())
                    .collect::<Vec<_>>()
                    .join("; ");
                g.trail = Some(findings_text(&sp.findings));
            }
        }
        // An answer of the wrong shape for the question is simply wrong.
        _ => {}
    }
    // A question the engine decided shows its trail, whatever its kind (a
    // drill asks which policy decides as a choice).
    if g.trail.is_none() {
        g.trail = item.decided.as_ref().map(explain::to_text);
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_around_a_short_answer_do_not_count() {
        assert_eq!(normalise("\"2012-10-17\""), "2012-10-17");
        assert_eq!(normalise(" '2012-10-17' "), "2012-10-17");
        assert_eq!(normalise("`AKIA`"), "akia");
        assert_eq!(normalise("\u{201c}ASIA\u{201d}"), "asia");
        assert_eq!(normalise("'\"principal\"'"), "principal");
    }

    #[test]
    fn the_policy_version_typed_as_json_is_right() {
        let item = Item {
            question: Question {
                id: "fit-03".into(),
                topic: "policies".into(),
                prompt: "What value should Version have?".into(),
                kind: QuestionKind::ShortAnswer {
                    accept: vec!["2012-10-17".into()],
                },
                explanation: "The current policy language.".into(),
                review_of: None,
            },
            order: Vec::new(),
            decided: None,
            spotted: None,
            setting: Vec::new(),
        };
        let graded = |t: &str| grade(&item, &Answer::Text(t.into())).correct;
        assert!(graded("\"2012-10-17\""));
        assert!(graded("2012-10-17"));
        assert!(!graded("\"2008-10-17\""));
        assert!(!graded("\"\""));
    }

    #[test]
    fn quotes_that_do_not_pair_stay_part_of_the_answer() {
        assert_eq!(normalise("\"2012-10-17"), "\"2012-10-17");
        assert_eq!(normalise("\"2012-10-17'"), "\"2012-10-17'");
        assert_eq!(normalise("a\"b\"c"), "a\"b\"c");
        // Quotes alone are no answer at all, so nothing can match them.
        assert_eq!(normalise("\"\""), "");
    }
}
