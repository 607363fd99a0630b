//! Near-duplicate questions: two questions whose words, stemmed and
//! stripped of common words, overlap so much that answering one answers the
//! other (unless one is a marked review of the other, or they contrast).

use std::collections::{BTreeMap, BTreeSet};

use super::{DUPLICATE_SIMILARITY, Entry, Finding, Lint, Rule, ids_list};
use crate::content::schema::{Question, QuestionKind};
use crate::iam::eval::Decision;

/// Words too common to tell two questions apart.
pub(super) const STOP_WORDS: &[&str] = &[
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
pub(super) fn stem(word: &str) -> String {
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
pub(super) fn contrast(a: &Question, b: &Question, decisions: &BTreeMap<String, Decision>) -> bool {
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

pub(super) fn near_duplicates(
    entries: &[Entry<'_>],
    decisions: &BTreeMap<String, Decision>,
    lint: &mut Lint,
) {
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
