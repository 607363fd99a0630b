//! `iamtutor course check --stats`: the course in figures, as plain text
//! laid out for a given width. Counts by kind, topic and lesson, then the
//! figures the lint checks, each marked ✓ or ✗ with its limit in words.

use std::collections::BTreeMap;

use super::check::Report;
use super::lint::{self, Figures};
use super::schema::{Question, QuestionKind};

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
        "Course figures\n  {} lessons, {} questions, {} labs, {} interview cards\n",
        report.lessons.len(),
        questions.len(),
        report.lab_count(),
        report.card_count()
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
    out.push_str(&format!(
        "  {} near-duplicate clusters: {}, holding {} questions (similarity {:.2} or more)\n",
        mark(f.clusters.is_empty()),
        count_or_none(f.clusters.len()),
        held,
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
