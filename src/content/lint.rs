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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::load::ContentError;
use super::schema::{DecideRequest, Lesson, Question, QuestionKind};
use crate::iam::eval::Decision;

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

/// Words too common to tell two questions apart.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "both", "but", "by", "can", "could", "did", "do", "does", "each", "for",
    "from", "had", "has", "have", "he", "her", "here", "hers", "him", "his", "how", "i", "if",
    "in", "into", "is", "it", "its", "just", "may", "me", "might", "more", "most", "much", "must",
    "my", "no", "nor", "not", "now", "of", "on", "one", "only", "or", "other", "our", "out", "own",
    "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "through", "to", "too", "up", "us", "very", "was",
    "we", "were", "what", "when", "where", "which", "while", "who", "whom", "whose", "why", "will",
    "with", "would", "you", "your",
    // The frame every question shares, and the parts of every ARN.
    "answer", "apply", "arn", "aws", "decide", "decision", "false", "happens", "iam", "pick",
    "quick", "true",
];

/// A crude stem, enough to make "policies" and "policy", "users" and
/// "user" the same word.
fn stem(word: &str) -> String {
    if word.len() > 4
        && let Some(base) = word.strip_suffix("ies")
    {
        return format!("{base}y");
    }
    if word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

/// The words a question is about: lower case, split at anything that is not
/// a letter or digit (so `ec2:StopInstances` gives `ec2` and
/// `stopinstances`), stop words dropped, crudely stemmed.
pub fn normalized_words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        // Account ids (twelve digits) are in every cross-account question.
        .filter(|w| !(w.len() == 12 && w.bytes().all(|b| b.is_ascii_digit())))
        .map(|w| stem(&w))
        .collect()
}

/// What a question asks and answers, as one text: its prompt and its right
/// answer (the right options, the accepted answer, the items in order, the
/// request a decide question makes, the entities a spot question offers).
pub fn question_text(q: &Question) -> String {
    let mut text = q.prompt.clone();
    let mut add = |s: &str| {
        text.push(' ');
        text.push_str(s);
    };
    match &q.kind {
        QuestionKind::ChooseOne { options } | QuestionKind::ChooseMany { options } => options
            .iter()
            .filter(|o| o.correct)
            .for_each(|o| add(&o.text)),
        QuestionKind::TrueFalse { .. } => {}
        QuestionKind::ShortAnswer { accept } => accept.iter().take(1).for_each(|a| add(a)),
        QuestionKind::Order { items } => items.iter().for_each(|i| add(i)),
        QuestionKind::Decide(d) => {
            add(&d.principal);
            add(&d.action);
            add(&d.resource);
        }
        QuestionKind::Spot(s) => s.options.iter().for_each(|o| add(o)),
    }
    text
}

/// Jaccard similarity of two word sets: shared words over all words.
pub fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// Two true/false questions with different answers, or two decide
/// questions the engine answers differently, are a contrast: the learner
/// has to find the difference, which is the opposite of answering from
/// memory.
fn contrast(a: &Question, b: &Question, decisions: &BTreeMap<String, Decision>) -> bool {
    match (&a.kind, &b.kind) {
        (QuestionKind::TrueFalse { answer: x, .. }, QuestionKind::TrueFalse { answer: y, .. }) => {
            x != y
        }
        (QuestionKind::Decide(_), QuestionKind::Decide(_)) => {
            match (decisions.get(&a.id), decisions.get(&b.id)) {
                (Some(x), Some(y)) => x != y,
                _ => false,
            }
        }
        _ => false,
    }
}

fn near_duplicates(entries: &[Entry<'_>], decisions: &BTreeMap<String, Decision>, lint: &mut Lint) {
    let words: Vec<BTreeSet<String>> = entries
        .iter()
        .map(|e| normalized_words(&question_text(e.q)))
        .collect();
    let n = entries.len();
    // Union-find over the pairs that are too alike.
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut best: Vec<f64> = vec![0.0; n];
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (entries[i].q, entries[j].q);
            let reviewed = a.review_of.as_deref() == Some(b.id.as_str())
                || b.review_of.as_deref() == Some(a.id.as_str());
            if reviewed || contrast(a, b, decisions) {
                continue;
            }
            let s = similarity(&words[i], &words[j]);
            if s >= DUPLICATE_SIMILARITY {
                best[i] = best[i].max(s);
                best[j] = best[j].max(s);
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    for members in groups.values().filter(|m| m.len() > 1) {
        let ids: Vec<&str> = members.iter().map(|&i| entries[i].q.id.as_str()).collect();
        let top = members.iter().map(|&i| best[i]).fold(0.0, f64::max);
        let message = format!(
            "questions {} are near-duplicates (word similarity up to {:.2}; {DUPLICATE_SIMILARITY:.2} \
             or more counts): keep one and make the others test something else, or mark a \
             deliberate repeat with `review_of: \"{}\"`",
            ids_list(&ids),
            top,
            ids[0]
        );
        // Point at the second: the first is the one to keep by default.
        let at = &entries[members[1]];
        lint.figures
            .clusters
            .push(ids.iter().map(|s| s.to_string()).collect());
        lint.findings.push(Finding {
            rule: Rule::NearDuplicate,
            ids: ids.iter().map(|s| s.to_string()).collect(),
            error: at.at(None, message),
        });
    }
}

fn decide_prompts(entries: &[Entry<'_>], decisions: &BTreeMap<String, Decision>, lint: &mut Lint) {
    for e in entries {
        let QuestionKind::Decide(d) = &e.q.kind else {
            continue;
        };
        lint.figures.decide += 1;
        let Some(&decision) = decisions.get(&e.q.id) else {
            continue;
        };
        let Some(stated) = stated_answer(&e.q.prompt, d, decision) else {
            continue;
        };
        lint.figures
            .decide_stated
            .push((e.q.id.clone(), stated.words.clone()));
        let answer = decision.adjective();
        let message = format!(
            "question `{}`: the prompt states what decides it (\"{}\": {}), so \"{answer}\" can \
             be read off the words; describe the setup without the decisive statement, or give \
             the learner something to weigh (a wildcard, a condition, a policy that does not \
             match)",
            e.q.id, stated.words, stated.why
        );
        lint.findings.push(Finding {
            rule: Rule::DecideStatesAnswer,
            ids: vec![e.q.id.clone()],
            error: e.at(Some(&stated.words), message),
        });
    }
}

/// The words of a prompt that give its answer away, and what they say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    /// As written in the prompt.
    pub words: String,
    pub why: String,
}

/// A word of a prompt: its place and its lower-case form.
#[derive(Debug, Clone)]
struct Word {
    start: usize,
    end: usize,
    lower: String,
}

/// The prompt's statements, each with its byte offset: the text between
/// `.`, `;`, `:`, `?` or `!` followed by a space (or the end), outside
/// backticks. Questions (ending in `?`) are left out: they ask, they state
/// nothing.
fn statements(prompt: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    let chars: Vec<(usize, char)> = prompt.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if c == '`' {
            in_code = !in_code;
            continue;
        }
        if in_code || !matches!(c, '.' | ';' | ':' | '?' | '!') {
            continue;
        }
        let next = chars.get(k + 1).map(|&(_, n)| n);
        if next.is_none_or(char::is_whitespace) {
            if c != '?' {
                out.push((start, &prompt[start..i]));
            }
            start = i + c.len_utf8();
        }
    }
    if start < prompt.len() && !prompt[start..].trim().is_empty() {
        out.push((start, &prompt[start..]));
    }
    out
}

fn words(text: &str, offset: usize) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, ':' | '*' | '_' | '-' | '\'');
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let raw = &text[s..i];
                let trimmed = raw.trim_matches(|c: char| !(c.is_alphanumeric() || c == '*'));
                if !trimmed.is_empty() {
                    let lead = raw.find(trimmed).unwrap_or(0);
                    out.push(Word {
                        start: offset + s + lead,
                        end: offset + s + lead + trimmed.len(),
                        lower: trimmed.to_lowercase(),
                    });
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

const DENY_WORDS: &[&str] = &["deny", "denies", "denied", "denying"];
const ALLOW_WORDS: &[&str] = &[
    "allow", "allows", "allowed", "allowing", "let", "lets", "letting", "grant", "grants",
    "granted", "granting", "may", "can", "has", "have",
];
/// Words that make a statement conditional: the learner must check the
/// condition, so the statement alone does not decide.
const QUALIFIERS: &[&str] = &[
    "only",
    "whether",
    "unless",
    "except",
    "when",
    "whenever",
    "if",
    "condition",
    "conditions",
    "boundary",
    "ifexists",
    "notaction",
    "notresource",
    "notprincipal",
];
/// Words that tell of something that could deny or cap an allow.
const CAPS: &[&str] = &[
    "deny",
    "denies",
    "denied",
    "denying",
    "boundary",
    "condition",
    "scp",
    "scps",
];
/// Phrases saying the principal has nothing that could allow.
const NOTHING: &[&str] = &[
    "nothing else",
    "no policy",
    "no policies",
    "no other policy",
    "no other policies",
    "no identity policy",
    "no permissions",
    "no group",
];
/// Words that tell of something that could allow: the learner has to weigh
/// it against "nothing".
const ALLOW_CUES: &[&str] = &[
    "allow", "allows", "allowing", "let", "lets", "grant", "grants", "trust", "trusts", "trusted",
    "boundary", "member", "members", "naming", "names",
];
/// The decision itself, named.
fn decision_names(decision: Decision) -> &'static [&'static str] {
    match decision {
        Decision::Allowed => &["is allowed", "are allowed"],
        Decision::ExplicitDeny => &[
            "explicit deny",
            "explicitly deny",
            "explicitly denies",
            "explicitly denied",
        ],
        Decision::ImplicitDeny => &[
            "implicit deny",
            "implicitly denied",
            "default deny",
            "denied by default",
            "nothing allows",
            "no policy allows",
        ],
    }
}

/// Verbs people use for an action: its own first word (`Stop` of
/// `StopInstances`) and the everyday words for it.
fn action_verbs(action: &str) -> Vec<String> {
    let name = action.split(':').nth(1).unwrap_or(action);
    let first: String = name
        .char_indices()
        .take_while(|&(i, c)| i == 0 || !c.is_uppercase())
        .map(|(_, c)| c.to_ascii_lowercase())
        .collect();
    if first.is_empty() || first.contains('*') {
        return Vec::new();
    }
    let mut verbs = vec![first.clone()];
    let extra: &[&str] = match first.as_str() {
        "get" => &["read", "download"],
        "put" => &["upload", "write"],
        "run" => &["launch"],
        "describe" => &["look", "view"],
        "delete" => &["remove"],
        _ => &[],
    };
    verbs.extend(extra.iter().map(|s| s.to_string()));
    verbs
}

/// `word` is `verb` or one of its forms: "stop", "stops", "stopped",
/// "stopping"; "terminate", "terminated", "terminating".
fn is_form_of(word: &str, verb: &str) -> bool {
    let Some(rest) = word.strip_prefix(verb) else {
        // A final e dropped before -ing: "terminating", "deleting".
        return verb
            .strip_suffix('e')
            .is_some_and(|v| word.strip_prefix(v) == Some("ing"));
    };
    let last = verb.chars().last();
    matches!(rest, "" | "s" | "es" | "d" | "ed" | "ing")
        || last.is_some_and(|l| rest == format!("{l}ed") || rest == format!("{l}ing"))
}

/// A `*` wildcard match, ignoring case.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] != '*' && p[pi].eq_ignore_ascii_case(&t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Where the statement names the action: its full name, a wildcard that
/// covers it (`s3:*`, `iam:List*`), "every S3 action", or the verb for it
/// ("stop", "download"). The indices of the first and last words that do.
fn names_action(ws: &[Word], action: &str) -> Option<(usize, usize)> {
    let verbs = action_verbs(action);
    let action = action.to_lowercase();
    let service = action.split(':').next().unwrap_or("");
    ws.iter().enumerate().find_map(|(i, w)| {
        let exact = w.lower == action;
        let wildcard = w.lower.contains(':') && w.lower.contains('*') && glob(&w.lower, &action);
        let every = matches!(w.lower.as_str(), "every" | "all" | "any")
            && ws.get(i + 1).is_some_and(|s| s.lower == service)
            && ws
                .get(i + 2)
                .is_some_and(|a| a.lower == "action" || a.lower == "actions");
        let verb = verbs.iter().any(|v| is_form_of(&w.lower, v));
        if every {
            Some((i, i + 2))
        } else {
            (exact || wildcard || verb).then_some((i, i))
        }
    })
}

fn contains_phrase(ws: &[Word], phrase: &str) -> Option<(usize, usize)> {
    let parts: Vec<&str> = phrase.split(' ').collect();
    ws.windows(parts.len())
        .position(|w| w.iter().zip(&parts).all(|(a, b)| a.lower == *b))
        .map(|i| (i, i + parts.len() - 1))
}

/// Does the prompt state what decides its request? See "The lint" in
/// docs/lesson-format.md for the rule and its reasons.
pub fn stated_answer(prompt: &str, d: &DecideRequest, decision: Decision) -> Option<Stated> {
    let stmts: Vec<(usize, Vec<Word>)> = statements(prompt)
        .into_iter()
        .map(|(off, s)| (off, words(s, off)))
        .collect();
    let all: Vec<&Word> = stmts.iter().flat_map(|(_, ws)| ws).collect();
    let anywhere = |list: &[&str]| all.iter().any(|w| list.contains(&w.lower.as_str()));
    // From the first word to the last, with a closing backtick if the
    // quote opened one.
    let quote = |ws: &[Word], a: usize, b: usize| {
        let mut end = ws[b].end;
        if prompt[ws[a].start..end].matches('`').count() % 2 == 1 && prompt[end..].starts_with('`')
        {
            end += 1;
        }
        prompt[ws[a].start..end].to_string()
    };
    for (_, ws) in &stmts {
        for name in decision_names(decision) {
            if let Some((a, b)) = contains_phrase(ws, name) {
                return Some(Stated {
                    words: quote(ws, a, b),
                    why: "it names the answer".into(),
                });
            }
        }
    }
    match decision {
        Decision::Allowed | Decision::ExplicitDeny => {
            let effect = if decision == Decision::Allowed {
                ALLOW_WORDS
            } else {
                DENY_WORDS
            };
            if decision == Decision::Allowed && anywhere(CAPS) {
                return None;
            }
            for (_, ws) in &stmts {
                if ws.iter().any(|w| QUALIFIERS.contains(&w.lower.as_str())) {
                    continue;
                }
                let Some(e) = ws.iter().position(|w| effect.contains(&w.lower.as_str())) else {
                    continue;
                };
                let Some(a) = names_action(&ws[e..], &d.action).map(|(_, last)| last + e) else {
                    continue;
                };
                let verb = if decision == Decision::Allowed {
                    "allows"
                } else {
                    "denies"
                };
                return Some(Stated {
                    words: quote(ws, e, a),
                    why: format!("a policy {verb} `{}` outright", d.action),
                });
            }
            None
        }
        Decision::ImplicitDeny => {
            if anywhere(ALLOW_CUES) {
                return None;
            }
            for (_, ws) in &stmts {
                for phrase in NOTHING {
                    if let Some((a, b)) = contains_phrase(ws, phrase) {
                        return Some(Stated {
                            words: quote(ws, a, b),
                            why: "nothing could allow the request".into(),
                        });
                    }
                }
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load;
    use crate::content::schema::Setup;

    fn lesson_text(number: u32, questions: &[String]) -> String {
        format!(
            "Lesson(\n    id: \"l{number}\",\n    number: {number},\n    title: \"t\",\n    \
             summary: \"s\",\n    scenes: [],\n    checkpoint: [\n{}\n    ],\n)\n",
            questions.join(",\n")
        )
    }

    fn tf(id: &str, prompt: &str, answer: bool) -> String {
        format!(
            "        Question(id: \"{id}\", topic: \"t\", prompt: \"{prompt}\",\n            \
             kind: TrueFalse(answer: {answer}, why_not: \"w\"), explanation: \"e\")"
        )
    }

    fn c1(id: &str, prompt: &str, right: &str, wrong: &[&str]) -> String {
        let mut options = format!("                Choice(text: \"{right}\", correct: true),\n");
        for w in wrong {
            options.push_str(&format!(
                "                Choice(text: \"{w}\", why_not: \"w\"),\n"
            ));
        }
        format!(
            "        Question(id: \"{id}\", topic: \"t\", prompt: \"{prompt}\",\n            \
             kind: ChooseOne(options: [\n{options}            ]), explanation: \"e\")"
        )
    }

    fn decide(id: &str, prompt: &str, action: &str) -> String {
        format!(
            "        Question(id: \"{id}\", topic: \"t\", prompt: \"{prompt}\",\n            \
             kind: Decide(DecideRequest(setup: Commands([]), principal: \"john\", action: \
             \"{action}\", resource: \"*\")), explanation: \"e\")"
        )
    }

    fn with_review(question: String, of: &str) -> String {
        question.replacen(
            "explanation: \"e\")",
            &format!("explanation: \"e\", review_of: \"{of}\")"),
            1,
        )
    }

    /// Lints lessons given as lists of questions, with the engine's
    /// decisions given by id.
    fn run(lessons: &[Vec<String>], decisions: &[(&str, Decision)]) -> Lint {
        let files: Vec<(String, String)> = lessons
            .iter()
            .enumerate()
            .map(|(i, qs)| (format!("0{}-l.ron", i + 1), lesson_text(i as u32 + 1, qs)))
            .collect();
        let parsed: Vec<Lesson> = files
            .iter()
            .map(|(f, t)| load::lesson(f, t).unwrap_or_else(|e| panic!("{e}")))
            .collect();
        let sources: Vec<Source<'_>> = files
            .iter()
            .zip(&parsed)
            .map(|((file, text), lesson)| Source { file, text, lesson })
            .collect();
        let decisions = decisions
            .iter()
            .map(|(id, d)| (id.to_string(), *d))
            .collect();
        lint(&sources, &decisions)
    }

    fn messages(lint: &Lint, rule: Rule) -> Vec<String> {
        lint.findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| f.error.message.clone())
            .collect()
    }

    #[test]
    fn all_false_statements_are_a_finding_with_the_figure_and_the_way_out() {
        let qs: Vec<String> = (1..=4)
            .map(|i| tf(&format!("q{i}"), &format!("Statement number {i}."), false))
            .collect();
        let l = run(&[qs], &[]);
        assert_eq!((l.figures.true_answers, l.figures.true_false), (0, 4));
        let m = messages(&l, Rule::TrueFalseBalance);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].starts_with("lint: 0 of 4 true/false questions (0 %) have the answer true"),
            "{}",
            m[0]
        );
        assert!(
            m[0].contains("between 35 % and 65 %: rewrite at least 2 of the 4 false statements"),
            "{}",
            m[0]
        );
        // At the first false statement's answer.
        let f = &l.findings[0];
        assert_eq!((f.error.file.as_str(), f.error.line), ("01-l.ron", 9));
        assert!(f.error.to_string().starts_with("01-l.ron:9:"));
        assert!(f.to_string().contains(": lint: 0 of 4"));
    }

    #[test]
    fn all_true_statements_are_a_finding_too() {
        let qs: Vec<String> = (1..=4)
            .map(|i| tf(&format!("q{i}"), &format!("Statement number {i}."), true))
            .collect();
        let m = messages(&run(&[qs], &[]), Rule::TrueFalseBalance);
        assert_eq!(m.len(), 1);
        assert!(
            m[0].contains("4 of 4 true/false questions (100 %)"),
            "{}",
            m[0]
        );
        assert!(
            m[0].contains("rewrite at least 2 of the 4 true statements so that they are false"),
            "{}",
            m[0]
        );
    }

    #[test]
    fn true_false_balance_holds_from_35_to_65_percent() {
        let course = |trues: usize, total: usize| {
            let qs: Vec<String> = (0..total)
                .map(|i| tf(&format!("q{i}"), &format!("Statement {i}."), i < trues))
                .collect();
            run(&[qs], &[]).count(Rule::TrueFalseBalance)
        };
        assert_eq!(course(7, 20), 0, "35 % is in");
        assert_eq!(course(13, 20), 0, "65 % is in");
        assert_eq!(course(1, 2), 0);
        assert_eq!(course(1, 3), 1, "33 % is out");
        assert_eq!(course(14, 20), 1, "70 % is out");
        assert_eq!(
            course(0, 0),
            0,
            "no true/false question, nothing to balance"
        );
    }

    #[test]
    fn the_right_option_longest_too_often_is_a_finding() {
        let qs = vec![
            c1(
                "a",
                "Pick a.",
                "The long right answer here",
                &["Short", "Tiny"],
            ),
            c1(
                "b",
                "Pick b.",
                "Another long right answer",
                &["Brief", "No"],
            ),
            c1("c", "Pick c.", "Yes", &["A much longer wrong answer", "No"]),
        ];
        let l = run(&[qs], &[]);
        assert_eq!(l.figures.longest_right, ["a", "b"]);
        assert_eq!(l.figures.choose_one, 3);
        let m = messages(&l, Rule::LongestRight);
        assert_eq!(m.len(), 1);
        assert!(
            m[0].contains("longest in 2 of 3 choose-one questions (67 %), at most 35 %"),
            "{}",
            m[0]
        );
        assert!(m[0].contains("in at least 1 of these"), "{}", m[0]);
        assert!(m[0].ends_with("(`a`, `b`)"), "{}", m[0]);
        // At the first one's right option.
        let e = &l.findings[0].error;
        assert_eq!(
            e.source_line.as_deref().map(str::trim),
            Some("Choice(text: \"The long right answer here\", correct: true),")
        );
    }

    #[test]
    fn the_right_option_longest_now_and_then_passes() {
        let qs = vec![
            c1(
                "a",
                "Pick a.",
                "The long right answer here",
                &["Short", "Tiny"],
            ),
            c1("b", "Pick b.", "Brief", &["A longer wrong answer", "No"]),
            c1("c", "Pick c.", "Same", &["Size", "No"]),
        ];
        let l = run(&[qs], &[]);
        assert_eq!(l.figures.longest_right, ["a"], "a tie is not the longest");
        assert_eq!(l.count(Rule::LongestRight), 0);
    }

    #[test]
    fn only_the_right_option_hedged_is_a_finding() {
        let qs = vec![c1(
            "h",
            "How long does it take?",
            "It usually takes an hour",
            &["It always takes a day", "It never ends"],
        )];
        let l = run(&[qs], &[]);
        assert_eq!(
            l.figures.hedged_right,
            [("h".to_string(), "usually".to_string())]
        );
        let m = messages(&l, Rule::HedgedRight);
        assert_eq!(m.len(), 1);
        assert!(
            m[0].starts_with("lint: question `h`: only the right option is hedged (\"usually\")"),
            "{}",
            m[0]
        );
    }

    #[test]
    fn a_hedge_on_a_wrong_option_too_or_on_none_passes() {
        let qs = vec![
            c1(
                "h1",
                "Which?",
                "It may be deleted only if empty",
                &["It can be deleted at any time", "Never"],
            ),
            c1(
                "h2",
                "Which?",
                "Groups hold users",
                &["Groups hold groups", "Both"],
            ),
            // "can't" is a plain negative, not a hedge.
            c1(
                "h3",
                "Which?",
                "Groups can't nest",
                &["Groups nest", "Both"],
            ),
        ];
        let l = run(&[qs], &[]);
        assert_eq!(l.count(Rule::HedgedRight), 0, "{:?}", l.findings);
    }

    #[test]
    fn hedges_are_whole_words_and_phrases() {
        assert_eq!(hedge_in("Only if the key is active"), Some("only if"));
        assert_eq!(hedge_in("It depends on the region"), Some("depends"));
        assert_eq!(hedge_in("Scanned daily"), None, "can inside a word");
        assert_eq!(hedge_in("Only the owner"), None);
    }

    #[test]
    fn near_duplicate_questions_form_clusters_in_course_order() {
        let l = run(
            &[
                vec![
                    c1(
                        "keys-1",
                        "How many access keys can one IAM user have at the same time?",
                        "Two",
                        &["One", "Five"],
                    ),
                    tf("other", "A group can contain another group.", false),
                ],
                vec![
                    c1(
                        "keys-2",
                        "At the same time, how many access keys can an IAM user have?",
                        "Two",
                        &["Ten", "Three"],
                    ),
                    c1(
                        "keys-3",
                        "How many access keys may an IAM user have at one time?",
                        "Two",
                        &["Four"],
                    ),
                ],
            ],
            &[],
        );
        assert_eq!(l.figures.clusters, [vec!["keys-1", "keys-2", "keys-3"]]);
        let m = messages(&l, Rule::NearDuplicate);
        assert_eq!(m.len(), 1);
        assert!(
            m[0].starts_with(
                "lint: questions `keys-1`, `keys-2`, `keys-3` are near-duplicates (word \
                 similarity up to 1.00; 0.43 or more counts)"
            ),
            "{}",
            m[0]
        );
        assert!(m[0].ends_with("`review_of: \"keys-1\"`"), "{}", m[0]);
        // At the second of the cluster.
        let f = l.findings.iter().find(|f| f.rule == Rule::NearDuplicate);
        assert_eq!(f.map(|f| f.error.file.as_str()), Some("02-l.ron"));
    }

    #[test]
    fn a_review_a_contrast_or_a_different_question_is_not_a_duplicate() {
        let keys = "How many access keys can one IAM user have at the same time?";
        let l = run(
            &[vec![
                c1("keys-1", keys, "Two", &["One"]),
                with_review(c1("keys-2", keys, "Two", &["Five"]), "keys-1"),
                tf(
                    "mfa-1",
                    "Enabling MFA gives a user more permissions.",
                    false,
                ),
                tf("mfa-2", "Enabling MFA gives a user more permissions.", true),
                decide(
                    "d-1",
                    "John calls StopInstances on the server.",
                    "ec2:StopInstances",
                ),
                decide(
                    "d-2",
                    "John calls StopInstances on the server.",
                    "ec2:StopInstances",
                ),
                tf("groups", "A group can contain another group.", false),
            ]],
            &[("d-1", Decision::Allowed), ("d-2", Decision::ImplicitDeny)],
        );
        assert_eq!(l.figures.clusters, Vec::<Vec<String>>::new());
        assert_eq!(l.figures.reviews, 1);
        // The same two decide questions with the same answer are duplicates.
        let l = run(
            &[vec![
                decide(
                    "d-1",
                    "John calls StopInstances on the server.",
                    "ec2:StopInstances",
                ),
                decide(
                    "d-2",
                    "John calls StopInstances on the server.",
                    "ec2:StopInstances",
                ),
            ]],
            &[("d-1", Decision::Allowed), ("d-2", Decision::Allowed)],
        );
        assert_eq!(l.figures.clusters, [vec!["d-1", "d-2"]]);
    }

    #[test]
    fn normalizing_drops_case_punctuation_stop_words_and_plurals() {
        let words = normalized_words("What does AWS answer? The Policies of `ec2:StopInstances`!");
        let expected: BTreeSet<String> = ["policy", "ec2", "stopinstance"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(words, expected);
        let a = normalized_words("red green blue cyan");
        let b = normalized_words("blue cyan black white");
        assert!((similarity(&a, &b) - 2.0 / 6.0).abs() < 1e-9);
    }

    fn request(action: &str) -> DecideRequest {
        DecideRequest {
            setup: Setup::Commands(Vec::new()),
            principal: "john".into(),
            action: action.into(),
            resource: "*".into(),
            context: Vec::new(),
        }
    }

    fn stated(prompt: &str, action: &str, decision: Decision) -> Option<String> {
        stated_answer(prompt, &request(action), decision).map(|s| s.words)
    }

    #[test]
    fn a_deny_of_the_request_in_the_prompt_states_an_explicit_deny() {
        let d = Decision::ExplicitDeny;
        assert_eq!(
            stated(
                "Omar is in DevOps (AmazonEC2FullAccess) and in Contractors, whose inline policy \
                 denies `ec2:TerminateInstances`. He terminates a server. What does AWS answer?",
                "ec2:TerminateInstances",
                d
            )
            .as_deref(),
            Some("denies `ec2:TerminateInstances`")
        );
        assert_eq!(
            stated(
                "NoPayroll denies every S3 action on the payroll bucket. She downloads a file \
                 from it.",
                "s3:GetObject",
                d
            )
            .as_deref(),
            Some("denies every S3 action")
        );
        assert_eq!(
            stated(
                "A policy says Deny for `iam:*`. He calls CreateUser.",
                "iam:CreateUser",
                d
            )
            .as_deref(),
            Some("Deny for `iam:*`")
        );
        assert_eq!(
            stated(
                "An explicit deny in the account covers this call. What is the decision?",
                "iam:CreateUser",
                d
            )
            .as_deref(),
            Some("explicit deny"),
            "the answer named outright"
        );
    }

    #[test]
    fn a_deny_to_weigh_leaves_the_answer_open() {
        let d = Decision::ExplicitDeny;
        for prompt in [
            // A condition to check.
            "A policy denies every EC2 action unless the request carries MFA. He stops a server \
             with his access key.",
            // The request's action is not named: the learner must know the policy.
            "alice is in Admins, with the deny-without-MFA policy written with BoolIfExists. She \
             calls CreateUser with her access key.",
        ] {
            assert_eq!(stated(prompt, "ec2:StopInstances", d), None, "{prompt}");
        }
    }

    #[test]
    fn an_allow_of_the_request_with_nothing_to_weigh_states_allowed() {
        let d = Decision::Allowed;
        assert_eq!(
            stated(
                "John's inline policy lets him look at, start and stop the EC2 servers. He stops \
                 a server (`ec2:StopInstances`). What does AWS answer?",
                "ec2:StopInstances",
                d
            )
            .as_deref(),
            Some("lets him look at, start and stop")
        );
        assert_eq!(
            stated(
                "priya is in DevOps, which has AmazonEC2FullAccess (`ec2:*` on every resource). \
                 She calls `ec2:TerminateInstances`.",
                "ec2:TerminateInstances",
                d
            )
            .as_deref(),
            Some("has AmazonEC2FullAccess (`ec2:*`")
        );
    }

    #[test]
    fn an_allow_with_a_deny_a_condition_or_a_question_leaves_the_answer_open() {
        let d = Decision::Allowed;
        for prompt in [
            // A deny elsewhere: does it match?
            "Sarah's policy lets her download reports. Another policy denies `s3:*` on the \
             payroll bucket. She downloads `q4.csv` from the reports bucket.",
            // A condition in the allow.
            "Operators may stop servers only when MFA is present. kim signed in with MFA. She \
             stops a server.",
            // The policy is named, not described.
            "Priya is in DevOps, which has AmazonEC2FullAccess. She terminates a server.",
            // Asking is not stating.
            "Kim's group has one policy. May she stop the server?",
        ] {
            assert_eq!(stated(prompt, "ec2:StopInstances", d), None, "{prompt}");
        }
    }

    #[test]
    fn nothing_that_could_allow_states_an_implicit_deny_unless_something_is_to_weigh() {
        let d = Decision::ImplicitDeny;
        assert_eq!(
            stated(
                "Mike has a console password and nothing else. He lists the bucket.",
                "s3:ListBucket",
                d
            )
            .as_deref(),
            Some("nothing else")
        );
        assert_eq!(
            stated(
                "ana has no policies at all. TeamRole's trust policy names her account. She \
                 assumes TeamRole.",
                "sts:AssumeRole",
                d
            ),
            None,
            "a trust policy to weigh"
        );
        assert_eq!(
            stated(
                "mike is in Developers, with AmazonEC2ReadOnlyAccess. He stops a server.",
                "ec2:StopInstances",
                d
            ),
            None,
            "nothing says nothing"
        );
    }

    #[test]
    fn a_decide_finding_points_at_the_words_and_says_what_to_change() {
        let qs = vec![
            decide(
                "d-1",
                "Mike has a console password and nothing else. He lists the bucket.",
                "s3:ListBucket",
            ),
            decide(
                "d-2",
                "Mike is in Developers. He lists the bucket.",
                "s3:ListBucket",
            ),
        ];
        let l = run(
            &[qs],
            &[
                ("d-1", Decision::ImplicitDeny),
                ("d-2", Decision::ImplicitDeny),
            ],
        );
        assert_eq!(l.figures.decide, 2);
        assert_eq!(
            l.figures.decide_stated,
            [("d-1".to_string(), "nothing else".to_string())]
        );
        let f = l
            .findings
            .iter()
            .find(|f| f.rule == Rule::DecideStatesAnswer)
            .unwrap();
        assert_eq!(f.ids, ["d-1"]);
        let line = f.error.source_line.as_deref().unwrap();
        let col = f.error.col - 1;
        assert!(
            line.chars()
                .skip(col)
                .collect::<String>()
                .starts_with("nothing else"),
            "{line} at {col}"
        );
        assert!(
            f.error
                .message
                .contains("so \"implicitly denied\" can be read off the words"),
            "{}",
            f.error.message
        );
    }

    #[test]
    fn an_undecided_question_is_left_alone() {
        let qs = vec![decide(
            "d-1",
            "Mike has a console password and nothing else. He lists the bucket.",
            "s3:ListBucket",
        )];
        let l = run(&[qs], &[]);
        assert_eq!(l.figures.decide, 1);
        assert!(l.findings.is_empty());
    }

    #[test]
    fn verbs_and_wildcards_name_an_action() {
        assert_eq!(action_verbs("s3:GetObject"), ["get", "read", "download"]);
        assert_eq!(action_verbs("ec2:StopInstances"), ["stop"]);
        assert!(is_form_of("stopped", "stop") && is_form_of("stopping", "stop"));
        assert!(is_form_of("terminating", "terminate") && is_form_of("terminates", "terminate"));
        assert!(!is_form_of("stopwatch", "stop"));
        assert!(glob("iam:list*", "iam:listusers") && glob("*", "s3:getobject"));
        assert!(!glob("iam:get*", "iam:listusers"));
    }
}
