//! The course lint on the real course, checked against figures this test
//! computes on its own, and `iamtutor course check` with `--strict` and
//! `--stats` as a user runs it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

use iamtutor::content::check::{self, Report};
use iamtutor::content::goals;
use iamtutor::content::lint::{self, Rule};
use iamtutor::content::schema::{Question, QuestionKind};
use iamtutor::iam::eval::Decision;

fn questions(r: &Report) -> Vec<&Question> {
    r.lessons.iter().flat_map(|l| &l.checkpoint).collect()
}

fn ids_of(r: &Report, rule: Rule) -> Vec<Vec<String>> {
    r.lint
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.ids.clone())
        .collect()
}

fn decisions(r: &Report) -> BTreeMap<String, Decision> {
    let orgs = |name: &str| iamtutor::content::embedded::org(name).map(str::to_string);
    questions(r)
        .into_iter()
        .filter_map(|q| match &q.kind {
            QuestionKind::Decide(d) => {
                let (_, e) = goals::decide(d, &orgs).ok()?;
                Some((q.id.clone(), e.decision))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn the_true_false_and_longest_option_figures_are_the_courses() {
    let r = check::check_embedded();
    let qs = questions(&r);
    let answers: Vec<(&str, bool)> = qs
        .iter()
        .filter_map(|q| match q.kind {
            QuestionKind::TrueFalse { answer, .. } => Some((q.id.as_str(), answer)),
            _ => None,
        })
        .collect();
    let trues = answers.iter().filter(|(_, a)| *a).count();
    let f = &r.lint.figures;
    assert_eq!((f.true_answers, f.true_false), (trues, answers.len()));
    let percent = trues as f64 * 100.0 / answers.len() as f64;
    let balanced = (35.0..=65.0).contains(&percent);
    let expected: Vec<Vec<String>> = if balanced {
        Vec::new()
    } else {
        let crowded = percent < 35.0;
        vec![
            answers
                .iter()
                .filter(|(_, a)| *a != crowded)
                .map(|(id, _)| id.to_string())
                .collect(),
        ]
    };
    assert_eq!(ids_of(&r, Rule::TrueFalseBalance), expected);

    let mut choose_one = 0;
    let mut longest = Vec::new();
    for q in &qs {
        if let QuestionKind::ChooseOne { options } = &q.kind {
            choose_one += 1;
            let right = options.iter().find(|o| o.correct).unwrap();
            let right_len = right.text.trim().chars().count();
            if options
                .iter()
                .filter(|o| !o.correct)
                .all(|o| o.text.trim().chars().count() < right_len)
            {
                longest.push(q.id.clone());
            }
        }
    }
    assert_eq!(f.choose_one, choose_one);
    assert_eq!(f.longest_right, longest);
    let too_often = longest.len() as f64 * 100.0 / choose_one as f64 > 35.0;
    let expected: Vec<Vec<String>> = if too_often { vec![longest] } else { vec![] };
    assert_eq!(ids_of(&r, Rule::LongestRight), expected);
}

#[test]
fn the_hedged_options_are_the_courses() {
    let r = check::check_embedded();
    let hedged = |text: &str| {
        let spaced: String = text
            .to_lowercase()
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '\'' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        let lower = format!(
            " {} ",
            spaced.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        lint::HEDGES
            .iter()
            .any(|h| lower.contains(&format!(" {h} ")))
    };
    let mut expected = Vec::new();
    for q in questions(&r) {
        if let QuestionKind::ChooseOne { options } = &q.kind {
            let right = options.iter().find(|o| o.correct).unwrap();
            if hedged(&right.text) && !options.iter().any(|o| !o.correct && hedged(&o.text)) {
                expected.push(vec![q.id.clone()]);
            }
        }
    }
    assert_eq!(ids_of(&r, Rule::HedgedRight), expected);
}

#[test]
fn the_near_duplicate_clusters_are_the_courses() {
    let r = check::check_embedded();
    let qs = questions(&r);
    let decided = decisions(&r);
    let words: Vec<BTreeSet<String>> = qs
        .iter()
        .map(|q| lint::normalized_words(&lint::question_text(q)))
        .collect();
    // Connected components by a depth-first walk over the alike pairs.
    let alike = |i: usize, j: usize| {
        let (a, b) = (qs[i], qs[j]);
        if a.review_of.as_deref() == Some(&b.id) || b.review_of.as_deref() == Some(&a.id) {
            return false;
        }
        let differ = match (&a.kind, &b.kind) {
            (
                QuestionKind::TrueFalse { answer: x, .. },
                QuestionKind::TrueFalse { answer: y, .. },
            ) => x != y,
            (QuestionKind::Decide(_), QuestionKind::Decide(_)) => {
                decided.get(&a.id) != decided.get(&b.id)
            }
            _ => false,
        };
        !differ && lint::similarity(&words[i], &words[j]) >= lint::DUPLICATE_SIMILARITY
    };
    let mut seen = vec![false; qs.len()];
    let mut clusters = Vec::new();
    for start in 0..qs.len() {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut members = vec![start];
        let mut stack = vec![start];
        while let Some(i) = stack.pop() {
            let found: Vec<usize> = (0..qs.len())
                .filter(|&j| !seen[j] && j != i && alike(i.min(j), i.max(j)))
                .collect();
            for j in found {
                seen[j] = true;
                members.push(j);
                stack.push(j);
            }
        }
        if members.len() > 1 {
            members.sort_unstable();
            clusters.push(
                members
                    .iter()
                    .map(|&i| qs[i].id.clone())
                    .collect::<Vec<_>>(),
            );
        }
    }
    assert_eq!(r.lint.figures.clusters, clusters);
    assert_eq!(ids_of(&r, Rule::NearDuplicate), clusters);
}

#[test]
fn each_decide_finding_quotes_words_of_its_prompt_that_carry_the_engines_answer() {
    let r = check::check_embedded();
    let decided = decisions(&r);
    let by_id: BTreeMap<&str, &Question> = questions(&r)
        .into_iter()
        .map(|q| (q.id.as_str(), q))
        .collect();
    let f = &r.lint.figures;
    assert_eq!(f.decide, decided.len(), "every decide question is decided");
    assert_eq!(
        ids_of(&r, Rule::DecideStatesAnswer),
        f.decide_stated
            .iter()
            .map(|(id, _)| vec![id.clone()])
            .collect::<Vec<_>>()
    );
    for (id, words) in &f.decide_stated {
        let q = by_id[id.as_str()];
        assert!(q.prompt.contains(words.as_str()), "{id}: `{words}`");
        let lower = words.to_lowercase();
        let carries = match decided[id] {
            Decision::ExplicitDeny => lower.contains("den"),
            Decision::Allowed => ["allow", "let", "grant", "has", "may", "can"]
                .iter()
                .any(|w| lower.contains(w)),
            Decision::ImplicitDeny => lower.contains("no"),
        };
        assert!(carries, "{id}: `{words}` for {:?}", decided[id]);
    }
}

#[test]
fn every_finding_is_a_located_lint_line_and_strict_waits_for_a_clean_course() {
    let r = check::check_embedded();
    let pattern = regex::Regex::new(r"^[0-9a-z-]+\.ron:\d+:\d+: lint: ").unwrap();
    for f in &r.lint.findings {
        assert!(pattern.is_match(&f.to_string()), "{f}");
        assert!(!f.ids.is_empty(), "{f}");
        assert!(
            f.ids
                .iter()
                .all(|id| f.error.message.contains(&format!("`{id}`"))),
            "a finding names its questions: {f}"
        );
    }
    let total: usize = Rule::ALL.iter().map(|&rule| r.lint.count(rule)).sum();
    assert_eq!(total, r.lint.findings.len());
    // Once strict is the default, the embedded course must pass its lint.
    if check::LINT_STRICT_BY_DEFAULT {
        assert!(r.lint.findings.is_empty(), "{}", r.summary_as(true));
    }
}

use crate::scratch::scratch;

const TWICE: &str = r#"Lesson(
    id: "twice",
    number: 1,
    title: "The same question twice",
    summary: "s",
    scenes: [],
    checkpoint: [
        Question(id: "t-01", topic: "groups", prompt: "A group can contain another group.",
            kind: TrueFalse(answer: false, why_not: "w"), explanation: "e"),
        Question(id: "t-02", topic: "groups", prompt: "A group can contain another group!",
            kind: TrueFalse(answer: false, why_not: "w"), explanation: "e"),
    ],
)"#;

fn course_check(dir: &PathBuf, flags: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_iamtutor"))
        .args(["course", "check"])
        .arg(dir)
        .args(flags)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn lint_findings_warn_and_strict_makes_them_fail_the_check() {
    let dir = scratch("strict");
    std::fs::write(dir.join("01-twice.ron"), TWICE).unwrap();
    // Without a flag, the findings are warnings, or errors once strict is
    // the default.
    let strict_default = check::LINT_STRICT_BY_DEFAULT;
    let (code, out) = course_check(&dir, &[]);
    assert_eq!(code, i32::from(strict_default), "{out}");
    assert!(
        out.contains("01-twice.ron:9:19: lint: 0 of 2 true/false questions (0 %)"),
        "{out}"
    );
    assert!(
        out.contains(": lint: questions `t-01`, `t-02` are near-duplicates"),
        "{out}"
    );
    let verdict = if strict_default {
        "2 errors (2 from the lint)"
    } else {
        "ok, 2 lint warnings"
    };
    assert!(
        out.ends_with(&format!(
            "1 lesson, 2 questions (0 decide, 0 spot), 0 labs, 0 interview cards: {verdict}\n"
        )),
        "{out}"
    );
    let (code, out) = course_check(&dir, &["--strict"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.ends_with(": 2 errors (2 from the lint)\n"), "{out}");
    let (code, out) = course_check(&dir, &["--stats"]);
    assert_eq!(code, i32::from(strict_default), "{out}");
    assert!(
        out.contains("\nWhat the lint checks\n  ✗ true/false answered true: 0 of 2 (0 %)"),
        "{out}"
    );
    assert!(out.contains("      1. t-01, t-02\n"), "{out}");
    let stats_at = out.find("Course figures").unwrap();
    let last_finding = out.rfind(": lint: ").unwrap();
    assert!(
        last_finding < stats_at,
        "findings first, then figures:\n{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A course that passes every rule: one true/false of two is true, the
/// right option is the longest in one choose-one question of three, no
/// right option alone is hedged, no two questions alike, and the decide
/// prompt leaves its answer to the engine.
const CLEAN: &str = r#"Lesson(
    id: "clean",
    number: 1,
    title: "A course that passes its lint",
    summary: "s",
    scenes: [],
    checkpoint: [
        Question(id: "c-01", topic: "users", prompt: "An IAM user can hold two access keys at once.",
            kind: TrueFalse(answer: true, why_not: "w"), explanation: "e"),
        Question(id: "c-02", topic: "groups", prompt: "A group can be a member of another group.",
            kind: TrueFalse(answer: false, why_not: "w"), explanation: "e"),
        Question(id: "c-03", topic: "roles", prompt: "Who can assume a role?",
            kind: ChooseOne(options: [
                Choice(text: "Whoever its trust policy names", correct: true),
                Choice(text: "Any user in the account", why_not: "w"),
                Choice(text: "Only the root user of the account", why_not: "w"),
            ]), explanation: "e"),
        Question(id: "c-04", topic: "policies", prompt: "What does a permissions boundary do to a user's access?",
            kind: ChooseOne(options: [
                Choice(text: "Caps it", correct: true),
                Choice(text: "Grants every action it lists", why_not: "w"),
                Choice(text: "Replaces the user's policies", why_not: "w"),
            ]), explanation: "e"),
        Question(id: "c-05", topic: "policies", prompt: "Which policy type is attached to a resource such as a bucket?",
            kind: ChooseOne(options: [
                Choice(text: "A resource-based policy", correct: true),
                Choice(text: "An SCP", why_not: "w"),
                Choice(text: "A session policy", why_not: "w"),
            ]), explanation: "e"),
        Question(id: "c-06", topic: "users", prompt: "Temporary access key ids begin with which four letters?",
            kind: ShortAnswer(accept: ["ASIA"]), explanation: "e"),
        Question(id: "c-07", topic: "evaluation", prompt: "john was just created as a new user. He lists the account's S3 buckets. What is the decision?",
            kind: Decide(DecideRequest(setup: Commands(["aws iam create-user --user-name john"]),
                principal: "john", action: "s3:ListAllMyBuckets", resource: "*")),
            explanation: "e"),
    ],
)"#;

/// The clean course with `from` replaced by `to` (which must be there).
fn broken(from: &str, to: &str) -> String {
    assert!(CLEAN.contains(from), "`{from}` is not in the clean course");
    CLEAN.replacen(from, to, 1)
}

fn check_one(text: &str) -> Report {
    let r = check::check(&[("01-clean.ron".to_string(), text.to_string())], &|_| None);
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    r
}

/// The rules the lint raised, with the questions each is about.
fn raised(r: &Report) -> Vec<(Rule, Vec<String>)> {
    r.lint
        .findings
        .iter()
        .map(|f| (f.rule, f.ids.clone()))
        .collect()
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_clean_course_passes_the_lint_even_when_strict() {
    let r = check_one(CLEAN);
    assert_eq!(raised(&r), Vec::new());
    let f = &r.lint.figures;
    assert_eq!((f.true_answers, f.true_false), (1, 2));
    assert_eq!((f.longest_right.len(), f.choose_one), (1, 3));
    assert_eq!(f.decide, 1);
    assert!(!r.fails(true));
    assert!(
        r.summary_as(true).ends_with(": ok"),
        "{}",
        r.summary_as(true)
    );
}

#[test]
fn all_false_statements_break_the_balance() {
    let r = check_one(&broken("answer: true", "answer: false"));
    assert_eq!(
        raised(&r),
        [(Rule::TrueFalseBalance, ids(&["c-01", "c-02"]))]
    );
    assert!(r.fails(true) && !r.fails(false));
}

#[test]
fn a_second_longest_right_option_breaks_the_limit() {
    // Two of three (67 %) is over 35 %.
    let r = check_one(&broken(
        "\"Only the root user of the account\"",
        "\"The root user\"",
    ));
    assert_eq!(raised(&r), [(Rule::LongestRight, ids(&["c-03", "c-05"]))]);
}

#[test]
fn a_right_option_hedged_alone_is_flagged_and_a_hedged_wrong_one_clears_it() {
    let hedged = broken("\"Caps it\"", "\"It can narrow it\"");
    let r = check_one(&hedged);
    assert_eq!(raised(&r), [(Rule::HedgedRight, ids(&["c-04"]))]);
    assert_eq!(
        r.lint.figures.hedged_right,
        [("c-04".to_string(), "can".to_string())]
    );
    let both = hedged.replacen(
        "\"Replaces the user's policies\"",
        "\"It can replace the user's policies\"",
        1,
    );
    assert_eq!(raised(&check_one(&both)), Vec::new());
}

#[test]
fn a_reworded_repeat_is_a_near_duplicate_unless_marked_as_a_review() {
    let repeat = "        Question(id: \"c-08\", topic: \"users\", prompt: \"Which four letters \
                  begin the id of a temporary access key?\",\n            kind: \
                  ShortAnswer(accept: [\"ASIA\"]), explanation: \"e\"),\n    ],\n)";
    let twice = broken("    ],\n)", repeat);
    let r = check_one(&twice);
    assert_eq!(raised(&r), [(Rule::NearDuplicate, ids(&["c-06", "c-08"]))]);
    assert_eq!(r.lint.figures.clusters, [ids(&["c-06", "c-08"])]);
    let review = twice.replacen(
        "explanation: \"e\"),\n    ],",
        "explanation: \"e\", review_of: \"c-06\"),\n    ],",
        1,
    );
    let r = check_one(&review);
    assert_eq!(raised(&r), Vec::new());
    assert_eq!(r.lint.figures.reviews, 1);
}

#[test]
fn a_decide_prompt_that_says_nothing_could_allow_is_flagged() {
    let r = check_one(&broken(
        "john was just created as a new user.",
        "john has a console password and nothing else.",
    ));
    assert_eq!(raised(&r), [(Rule::DecideStatesAnswer, ids(&["c-07"]))]);
    assert_eq!(
        r.lint.figures.decide_stated,
        [("c-07".to_string(), "nothing else".to_string())]
    );
}
