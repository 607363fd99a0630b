use std::collections::BTreeSet;

use super::stated::{action_verbs, is_form_of};
use super::*;
use crate::content::load;
use crate::content::schema::{DecideRequest, Setup};

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
}
