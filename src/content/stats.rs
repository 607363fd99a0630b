//! `iamtutor course check --stats`: the course in figures, as plain text
//! laid out for a given width. Counts by kind, topic and lesson, then the
//! figures the lint checks, each marked ✓ or ✗ with its limit in words.

use std::collections::BTreeMap;

use super::check::Report;
use super::lint::{self, Figures};
use super::schema::{Question, QuestionKind};
use super::words::plural;

/// Names of the question kinds, in the order the lesson format lists them.
pub const KINDS: [&str; 7] = [
    "choose one",
    "choose many",
    "true/false",
    "short answer",
    "order",
    "decide",
    "spot",
];

/// The name of a question's kind, as in `KINDS`.
pub fn kind_name(q: &Question) -> &'static str {
    match q.kind {
        QuestionKind::ChooseOne { .. } => KINDS[0],
        QuestionKind::ChooseMany { .. } => KINDS[1],
        QuestionKind::TrueFalse { .. } => KINDS[2],
        QuestionKind::ShortAnswer { .. } => KINDS[3],
        QuestionKind::Order { .. } => KINDS[4],
        QuestionKind::Decide(_) => KINDS[5],
        QuestionKind::Spot(_) => KINDS[6],
    }
}

/// The figures as text, no line wider than `width` (at least 40).
pub fn render(report: &Report, width: usize) -> String {
    let width = width.max(40);
    let questions: Vec<&Question> = report.lessons.iter().flat_map(|l| &l.checkpoint).collect();
    let mut out = String::new();
    out.push_str(&format!(
        "Course figures\n  {}, {}, {}, {}\n",
        plural(report.lessons.len(), "lesson"),
        plural(questions.len(), "question"),
        plural(report.lab_count(), "lab"),
        plural(report.card_count(), "interview card")
    ));

    let mut by_kind: Vec<(String, usize)> = KINDS.iter().map(|k| (k.to_string(), 0)).collect();
    for q in &questions {
        let k = kind_name(q);
        if let Some(entry) = by_kind.iter_mut().find(|(name, _)| name == k) {
            entry.1 += 1;
        }
    }
    out.push_str("\nQuestions by kind\n");
    out.push_str(&grid(&by_kind, width));

    let mut by_topic: BTreeMap<&str, usize> = BTreeMap::new();
    for q in &questions {
        *by_topic.entry(q.topic.as_str()).or_default() += 1;
    }
    let by_topic: Vec<(String, usize)> = by_topic
        .into_iter()
        .map(|(t, n)| (t.to_string(), n))
        .collect();
    out.push_str("\nQuestions by topic\n");
    out.push_str(&grid(&by_topic, width));

    out.push_str(&lessons_table(report));
    out.push_str(&lint_figures(&report.lint.figures, width));
    out
}

/// `name  count` cells, as many to a line as fit.
fn grid(cells: &[(String, usize)], width: usize) -> String {
    let name_w = cells
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(0);
    let count_w = cells
        .iter()
        .map(|(_, c)| c.to_string().len())
        .max()
        .unwrap_or(1);
    let cell_w = name_w + 2 + count_w;
    let gap = 4;
    let per_line = ((width - 2 + gap) / (cell_w + gap)).max(1);
    let mut out = String::new();
    for row in cells.chunks(per_line) {
        let line: Vec<String> = row
            .iter()
            .map(|(n, c)| format!("{n:<name_w$}  {c:>count_w$}"))
            .collect();
        out.push_str("  ");
        out.push_str(&line.join(&" ".repeat(gap)));
        out.push('\n');
    }
    out
}

fn lessons_table(report: &Report) -> String {
    let id_w = report
        .lessons
        .iter()
        .map(|l| l.id.chars().count())
        .max()
        .unwrap_or(0)
        .max("lesson".len());
    let mut out = format!(
        "\nQuestions by lesson\n  {:>2}  {:<id_w$}  {:>9}  {:>6}  {:>4}  {:>4}\n",
        "#", "lesson", "questions", "decide", "spot", "labs"
    );
    for l in &report.lessons {
        let count = |k: &str| l.checkpoint.iter().filter(|q| kind_name(q) == k).count();
        out.push_str(&format!(
            "  {:>2}  {:<id_w$}  {:>9}  {:>6}  {:>4}  {:>4}\n",
            l.number,
            l.id,
            l.checkpoint.len(),
            count("decide"),
            count("spot"),
            l.labs.len()
        ));
    }
    out
}

fn mark(ok: bool) -> &'static str {
    if ok { "✓" } else { "✗" }
}

/// Ids after a given indent, wrapped at `width`.
fn wrapped(ids: &[&str], indent: usize, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for (i, id) in ids.iter().enumerate() {
        let piece = if i + 1 < ids.len() {
            format!("{id},")
        } else {
            id.to_string()
        };
        if !line.is_empty() && indent + line.chars().count() + 1 + piece.chars().count() > width {
            out.push_str(&format!("{}{}\n", " ".repeat(indent), line));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&piece);
    }
    if !line.is_empty() {
        out.push_str(&format!("{}{}\n", " ".repeat(indent), line));
    }
    out
}

fn lint_figures(f: &Figures, width: usize) -> String {
    let mut out = String::from("\nWhat the lint checks\n");
    let tf_ok = f.true_false == 0
        || (f.true_answers * 100 >= lint::TRUE_SHARE_MIN * f.true_false
            && f.true_answers * 100 <= lint::TRUE_SHARE_MAX * f.true_false);
    out.push_str(&format!(
        "  {} true/false answered true: {} of {} ({} %), wanted {} % to {} %\n",
        mark(tf_ok),
        f.true_answers,
        f.true_false,
        lint::share(f.true_answers, f.true_false),
        lint::TRUE_SHARE_MIN,
        lint::TRUE_SHARE_MAX
    ));
    let longest = f.longest_right.len();
    out.push_str(&format!(
        "  {} right option the longest: {} of {} choose-one ({} %), at most {} %\n",
        mark(longest * 100 <= lint::LONGEST_RIGHT_MAX * f.choose_one),
        longest,
        f.choose_one,
        lint::share(longest, f.choose_one),
        lint::LONGEST_RIGHT_MAX
    ));
    let ids: Vec<&str> = f.longest_right.iter().map(String::as_str).collect();
    out.push_str(&wrapped(&ids, 6, width));
    out.push_str(&format!(
        "  {} only the right option hedged: {}\n",
        mark(f.hedged_right.is_empty()),
        count_or_none(f.hedged_right.len())
    ));
    let ids: Vec<String> = f
        .hedged_right
        .iter()
        .map(|(id, h)| format!("{id} (\"{h}\")"))
        .collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    out.push_str(&wrapped(&ids, 6, width));
    out.push_str(&format!(
        "  {} decide prompts that state their answer: {} of {}\n",
        mark(f.decide_stated.is_empty()),
        count_or_none(f.decide_stated.len()),
        f.decide
    ));
    let ids: Vec<&str> = f.decide_stated.iter().map(|(id, _)| id.as_str()).collect();
    out.push_str(&wrapped(&ids, 6, width));
    let held: usize = f.clusters.iter().map(Vec::len).sum();
    let clusters = match f.clusters.len() {
        0 => "none".to_string(),
        n => format!("{n}, holding {held} questions"),
    };
    out.push_str(&format!(
        "  {} near-duplicate clusters: {clusters} (similarity {:.2} or more)\n",
        mark(f.clusters.is_empty()),
        lint::DUPLICATE_SIMILARITY
    ));
    let number_w = f.clusters.len().to_string().len();
    for (i, c) in f.clusters.iter().enumerate() {
        let ids: Vec<&str> = c.iter().map(String::as_str).collect();
        let list = wrapped(&ids, 8 + number_w, width);
        let head = format!("      {:>number_w$}. ", i + 1);
        out.push_str(&head);
        out.push_str(&list[head.chars().count()..]);
    }
    out.push_str(&format!(
        "  review questions (review_of): {}\n",
        count_or_none(f.reviews)
    ));
    out
}

fn count_or_none(n: usize) -> String {
    if n == 0 {
        "none".to_string()
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::check;

    const BASICS: &str = r#"Lesson(
    id: "basics",
    number: 1,
    title: "t",
    summary: "s",
    scenes: [],
    checkpoint: [
        Question(id: "b-01", topic: "users", prompt: "A user can have two access keys.",
            kind: TrueFalse(answer: true, why_not: "w"), explanation: "e"),
        Question(id: "b-02", topic: "users", prompt: "A group can sign in.",
            kind: TrueFalse(answer: false, why_not: "w"), explanation: "e"),
        Question(id: "b-03", topic: "groups", prompt: "What does a group hold?",
            kind: ChooseOne(options: [
                Choice(text: "Users, and the policies they share", correct: true),
                Choice(text: "Roles", why_not: "w"),
            ]), explanation: "e"),
        Question(id: "b-04", topic: "evaluation", prompt: "John has a password and nothing else. He lists the buckets.",
            kind: Decide(DecideRequest(setup: Commands(["aws iam create-user --user-name john"]),
                principal: "john", action: "s3:ListAllMyBuckets", resource: "*")),
            explanation: "e"),
    ],
    labs: [
        Lab(id: "make-john", title: "t", story: "s", start: Commands([]),
            goals: [Goal(text: "John exists", check: UserExists("john"))],
            hints: ["create him"], solution: ["aws iam create-user --user-name john"]),
    ],
)"#;

    const MORE: &str = r#"Lesson(
    id: "more",
    number: 2,
    title: "t",
    summary: "s",
    scenes: [],
    checkpoint: [
        Question(id: "m-01", topic: "groups", prompt: "Can a group hold a group?",
            kind: ChooseOne(options: [
                Choice(text: "No", correct: true),
                Choice(text: "Yes, ten deep", why_not: "w"),
            ]), explanation: "e"),
        Question(id: "m-02", topic: "users", prompt: "Temporary access key ids start with?",
            kind: ShortAnswer(accept: ["ASIA"]), explanation: "e"),
        Question(id: "m-03", topic: "users", prompt: "Temporary access key ids start with which letters?",
            kind: ShortAnswer(accept: ["ASIA"]), explanation: "e"),
    ],
)"#;

    const BANK: &str = r#"InterviewBank(cards: [
    Card(id: "iv-1", topic: "users", difficulty: Easy, question: "q", answer: "a",
        key_points: ["k"], revisit: [Lesson("basics")]),
])"#;

    fn report() -> Report {
        let files: Vec<(String, String)> = [
            ("01-basics.ron", BASICS),
            ("02-more.ron", MORE),
            ("interview.ron", BANK),
        ]
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
        check::check(&files, &|_| None)
    }

    #[test]
    fn the_figures_of_a_small_course() {
        let r = report();
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let expected = "\
Course figures
  2 lessons, 7 questions, 1 lab, 1 interview card

Questions by kind
  choose one    2    choose many   0    true/false    2    short answer  2
  order         0    decide        1    spot          0

Questions by topic
  evaluation  1    groups      2    users       4

Questions by lesson
   #  lesson  questions  decide  spot  labs
   1  basics          4       1     0     1
   2  more            3       0     0     0

What the lint checks
  ✓ true/false answered true: 1 of 2 (50 %), wanted 35 % to 65 %
  ✗ right option the longest: 1 of 2 choose-one (50 %), at most 35 %
      b-03
  ✓ only the right option hedged: none
  ✗ decide prompts that state their answer: 1 of 1
      b-04
  ✗ near-duplicate clusters: 1, holding 2 questions (similarity 0.43 or more)
      1. m-02, m-03
  review questions (review_of): none
";
        assert_eq!(render(&r, 80), expected);
    }

    #[test]
    fn every_line_fits_80_columns_and_lists_wrap_to_the_width() {
        let mut r = report();
        r.lint.figures.longest_right = (1..=30).map(|i| format!("question-{i:02}")).collect();
        let text = render(&r, 80);
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "`{line}`");
        }
        let narrow = render(&r, 50);
        let list: Vec<&str> = narrow
            .lines()
            .filter(|l| l.trim_start().starts_with("question-"))
            .collect();
        assert_eq!(list.len(), 10, "three ids a line at 50 columns: {list:#?}");
        assert!(list.iter().all(|l| l.chars().count() <= 50), "{list:#?}");
        let ids: Vec<&str> = list
            .iter()
            .flat_map(|l| l.split([',', ' ']))
            .filter(|w| !w.is_empty())
            .collect();
        assert_eq!(ids.len(), 30, "every id once: {ids:?}");
        assert_eq!((ids[0], ids[29]), ("question-01", "question-30"));
    }
}
