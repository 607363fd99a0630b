//! Decide prompts that give their answer away: a sentence that says the
//! request is allowed or denied, next to the action it is about.

use std::collections::BTreeMap;

use super::{Entry, Finding, Lint, Rule};
use crate::content::schema::{DecideRequest, QuestionKind};
use crate::iam::eval::Decision;
use crate::iam::pattern;

pub(super) fn decide_prompts(
    entries: &[Entry<'_>],
    decisions: &BTreeMap<String, Decision>,
    lint: &mut Lint,
) {
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
pub(super) struct Word {
    start: usize,
    end: usize,
    lower: String,
}

/// The prompt's statements, each with its byte offset: the text between
/// `.`, `;`, `:`, `?` or `!` followed by a space (or the end), outside
/// backticks. Questions (ending in `?`) are left out: they ask, they state
/// nothing.
pub(super) fn statements(prompt: &str) -> Vec<(usize, &str)> {
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

pub(super) fn words(text: &str, offset: usize) -> Vec<Word> {
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

pub(super) const DENY_WORDS: &[&str] = &["deny", "denies", "denied", "denying"];
pub(super) const ALLOW_WORDS: &[&str] = &[
    "allow", "allows", "allowed", "allowing", "let", "lets", "letting", "grant", "grants",
    "granted", "granting", "may", "can", "has", "have",
];
/// Words that make a statement conditional: the learner must check the
/// condition, so the statement alone does not decide.
pub(super) const QUALIFIERS: &[&str] = &[
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
pub(super) const CAPS: &[&str] = &[
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
pub(super) const NOTHING: &[&str] = &[
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
pub(super) const ALLOW_CUES: &[&str] = &[
    "allow", "allows", "allowing", "let", "lets", "grant", "grants", "trust", "trusts", "trusted",
    "boundary", "member", "members", "naming", "names",
];
/// The decision itself, named.
pub(super) fn decision_names(decision: Decision) -> &'static [&'static str] {
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
pub(super) fn action_verbs(action: &str) -> Vec<String> {
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
pub(super) fn is_form_of(word: &str, verb: &str) -> bool {
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

/// Where the statement names the action: its full name, a wildcard that
/// covers it (`s3:*`, `iam:List*`), "every S3 action", or the verb for it
/// ("stop", "download"). The indices of the first and last words that do.
pub(super) fn names_action(ws: &[Word], action: &str) -> Option<(usize, usize)> {
    let verbs = action_verbs(action);
    let action = action.to_lowercase();
    let service = action.split(':').next().unwrap_or("");
    ws.iter().enumerate().find_map(|(i, w)| {
        let exact = w.lower == action;
        let wildcard = w.lower.contains(':')
            && w.lower.contains('*')
            && pattern::matches(&w.lower, &action, true);
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

pub(super) fn contains_phrase(ws: &[Word], phrase: &str) -> Option<(usize, usize)> {
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
