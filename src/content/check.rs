//! The course checker: every file parses, ids are unique, references
//! resolve, every decide question can be decided, every demo runs, and every
//! lab's start misses a goal while its solution meets them all. Then the
//! lint (`lint.rs`) looks for questions answerable from their shape.

use std::collections::BTreeMap;

use super::goals::{self, OrgSource};
use super::lint::{self, Lint};
use super::load::{self, ContentError};
use super::schema::{Check, InterviewBank, Lab, Lesson, Question, QuestionKind, Scene};
use super::words::plural;
use crate::iam::catalog;
use crate::iam::eval::Decision;

/// The widest a diagram may be, so it fits 80 columns with a frame.
pub const DIAGRAM_WIDTH: usize = 76;
pub const DIAGRAM_HEIGHT: usize = 16;

/// Whether `iamtutor course check` fails on lint findings without being
/// asked to (`--strict`). The built-in course passes its lint, so every
/// later finding fails the check.
pub const LINT_STRICT_BY_DEFAULT: bool = true;

/// A loaded course and what checking it found.
#[derive(Debug, Default)]
pub struct Report {
    pub lessons: Vec<Lesson>,
    pub interview: Option<InterviewBank>,
    pub errors: Vec<ContentError>,
    /// What the lint found: warnings, or errors with `--strict`.
    pub lint: Lint,
}

impl Report {
    pub fn question_count(&self) -> usize {
        self.lessons.iter().map(|l| l.checkpoint.len()).sum()
    }

    pub fn decide_count(&self) -> usize {
        self.lessons
            .iter()
            .flat_map(|l| &l.checkpoint)
            .filter(|q| matches!(q.kind, QuestionKind::Decide(_)))
            .count()
    }

    pub fn spot_count(&self) -> usize {
        self.lessons
            .iter()
            .flat_map(|l| &l.checkpoint)
            .filter(|q| matches!(q.kind, QuestionKind::Spot(_)))
            .count()
    }

    pub fn lab_count(&self) -> usize {
        self.lessons.iter().map(|l| l.labs.len()).sum()
    }

    pub fn card_count(&self) -> usize {
        self.interview.as_ref().map_or(0, |b| b.cards.len())
    }

    /// Does the check fail? With `strict`, lint findings count as errors.
    pub fn fails(&self, strict: bool) -> bool {
        !self.errors.is_empty() || (strict && !self.lint.findings.is_empty())
    }

    /// `12 lessons, 180 questions (59 decide, 15 spot), 15 labs, 90 interview cards: ok`,
    /// with lint findings as warnings (`: ok, 3 lint warnings`).
    pub fn summary(&self) -> String {
        self.summary_as(false)
    }

    /// The summary, with lint findings counted as errors when `strict`
    /// (`: 5 errors (3 from the lint)`).
    pub fn summary_as(&self, strict: bool) -> String {
        let (errors, lints) = (self.errors.len(), self.lint.findings.len());
        let verdict = match (strict, errors, lints) {
            (_, 0, 0) => "ok".to_string(),
            (false, 0, l) => format!("ok, {}", plural(l, "lint warning")),
            (false, e, 0) | (true, e, 0) => plural(e, "error"),
            (false, e, l) => format!("{}, {}", plural(e, "error"), plural(l, "lint warning")),
            (true, e, l) => format!("{} ({l} from the lint)", plural(e + l, "error")),
        };
        format!(
            "{}, {} ({} decide, {} spot), {}, {}: {verdict}",
            plural(self.lessons.len(), "lesson"),
            plural(self.question_count(), "question"),
            self.decide_count(),
            self.spot_count(),
            plural(self.lab_count(), "lab"),
            plural(self.card_count(), "interview card")
        )
    }
}

/// Loads and checks a course given as (file name, text) pairs.
pub fn check(files: &[(String, String)], orgs: OrgSource<'_>) -> Report {
    let mut report = Report::default();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut lesson_files = Vec::new();
    for (name, text) in files {
        texts.insert(name.clone(), text.clone());
        if name == "interview.ron" {
            match load::interview(name, text) {
                Ok(bank) => report.interview = Some(bank),
                Err(e) => report.errors.push(e),
            }
        } else {
            match load::lesson(name, text) {
                Ok(lesson) => {
                    lesson_files.push(name.clone());
                    report.lessons.push(lesson);
                }
                Err(e) => report.errors.push(e),
            }
        }
    }
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut decisions: BTreeMap<String, Decision> = BTreeMap::new();
    for (lesson, file) in report.lessons.iter().zip(&lesson_files) {
        let text = &texts[file];
        let mut errs = Vec::new();
        check_lesson(
            lesson,
            file,
            text,
            orgs,
            &mut ids,
            &mut decisions,
            &mut errs,
        );
        report.errors.extend(errs);
    }
    let sources: Vec<lint::Source<'_>> = report
        .lessons
        .iter()
        .zip(&lesson_files)
        .map(|(lesson, file)| lint::Source {
            file,
            text: &texts[file],
            lesson,
        })
        .collect();
    report.errors.extend(check_reviews(&sources));
    report.lint = lint::lint(&sources, &decisions);
    let mut numbers: Vec<u32> = report.lessons.iter().map(|l| l.number).collect();
    numbers.sort_unstable();
    for w in numbers.windows(2) {
        if w[0] == w[1] {
            report.errors.push(ContentError {
                file: "lessons".into(),
                line: 1,
                col: 1,
                message: format!("two lessons have number {}", w[0]),
                source_line: None,
            });
        }
    }
    if let Some(bank) = &report.interview {
        let text = &texts["interview.ron"];
        for card in &bank.cards {
            let err = |m: String| {
                let (line, col) = load::locate(text, &format!("\"{}\"", card.id));
                ContentError::at("interview.ron", text, line, col, m)
            };
            if let Some(prev) = ids.insert(card.id.clone(), "interview.ron".into()) {
                report.errors.push(err(format!(
                    "id `{}` is used twice (also in {prev})",
                    card.id
                )));
            }
            if card.key_points.is_empty() {
                report
                    .errors
                    .push(err(format!("card `{}` has no key points", card.id)));
            }
        }
        // Follow-ups, links, essential points and cases (see
        // check_interview); links resolve against the lessons in order.
        let mut lessons = report.lessons.clone();
        lessons.sort_by_key(|l| l.number);
        for card in &bank.cards {
            let (line, col) = load::locate(text, &format!("\"{}\"", card.id));
            for m in
                super::check_interview::check_card(card, &bank.cards, &lessons, orgs, &check_action)
                    .into_iter()
                    .filter(|m| m != "it has no key points")
            {
                report.errors.push(ContentError::at(
                    "interview.ron",
                    text,
                    line,
                    col,
                    format!("card `{}`: {m}", card.id),
                ));
            }
        }
    }
    report.lessons.sort_by_key(|l| l.number);
    report
}

/// `review_of` names a question that comes earlier in the course: a review
/// repeats what was asked before.
fn check_reviews(sources: &[lint::Source<'_>]) -> Vec<ContentError> {
    let mut ordered: Vec<&lint::Source<'_>> = sources.iter().collect();
    ordered.sort_by_key(|s| s.lesson.number);
    let place: BTreeMap<&str, usize> = ordered
        .iter()
        .flat_map(|s| &s.lesson.checkpoint)
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    let mut errs = Vec::new();
    for s in ordered {
        for q in &s.lesson.checkpoint {
            let Some(of) = &q.review_of else { continue };
            let problem = match place.get(of.as_str()) {
                _ if *of == q.id => format!("question `{}` is marked as a review of itself", q.id),
                None => format!(
                    "question `{}`: `review_of` names `{of}`, which is not a question of the course",
                    q.id
                ),
                Some(p) if *p > place[q.id.as_str()] => format!(
                    "question `{}`: `review_of` names `{of}`, which comes later in the course; \
                     a review repeats an earlier question",
                    q.id
                ),
                Some(_) => continue,
            };
            let start = s.text.find(&format!("\"{}\"", q.id)).unwrap_or(0);
            let at = s.text[start..]
                .find("review_of")
                .map_or(start, |i| start + i);
            let (line, col) = lint::position(s.text, at);
            errs.push(ContentError::at(s.file, s.text, line, col, problem));
        }
    }
    errs
}

fn check_lesson(
    lesson: &Lesson,
    file: &str,
    text: &str,
    orgs: OrgSource<'_>,
    ids: &mut BTreeMap<String, String>,
    decisions: &mut BTreeMap<String, Decision>,
    errs: &mut Vec<ContentError>,
) {
    let at = |needle: &str, m: String| {
        let (line, col) = load::locate(text, needle);
        ContentError::at(file, text, line, col, m)
    };
    if let Some(prev) = ids.insert(format!("lesson:{}", lesson.id), file.into()) {
        errs.push(at(
            "id:",
            format!("lesson id `{}` is used twice (also in {prev})", lesson.id),
        ));
    }
    if let Some(org) = &lesson.org
        && orgs(org).is_none()
    {
        errs.push(at(
            &format!("\"{org}\""),
            format!("there is no organization `{org}`"),
        ));
    }
    if lesson.checkpoint.is_empty() {
        errs.push(at(
            "checkpoint",
            format!("lesson `{}` has no checkpoint questions", lesson.id),
        ));
    }
    let lab_ids: Vec<&str> = lesson.labs.iter().map(|l| l.id.as_str()).collect();
    for scene in &lesson.scenes {
        check_scene(scene, lesson, &lab_ids, orgs, &at, errs);
    }
    for q in &lesson.checkpoint {
        if let Some(prev) = ids.insert(q.id.clone(), file.into()) {
            errs.push(at(
                &format!("\"{}\"", q.id),
                format!("id `{}` is used twice (also in {prev})", q.id),
            ));
        }
        match check_question(q, lesson, orgs) {
            Ok(Some(decision)) => {
                decisions.insert(q.id.clone(), decision);
            }
            Ok(None) => {}
            Err(m) => errs.push(at(
                &format!("\"{}\"", q.id),
                format!("question `{}`: {m}", q.id),
            )),
        }
    }
    for lab in &lesson.labs {
        if let Some(prev) = ids.insert(lab.id.clone(), file.into()) {
            errs.push(at(
                &format!("\"{}\"", lab.id),
                format!("id `{}` is used twice (also in {prev})", lab.id),
            ));
        }
        for m in check_lab(lab, orgs) {
            errs.push(at(
                &format!("\"{}\"", lab.id),
                format!("lab `{}`: {m}", lab.id),
            ));
        }
    }
}

fn check_scene(
    scene: &Scene,
    lesson: &Lesson,
    lab_ids: &[&str],
    orgs: OrgSource<'_>,
    at: &dyn Fn(&str, String) -> ContentError,
    errs: &mut Vec<ContentError>,
) {
    match scene {
        Scene::Table {
            title,
            header,
            rows,
            ..
        } => {
            for (i, r) in rows.iter().enumerate() {
                if r.len() != header.len() {
                    errs.push(at(
                        &format!("\"{title}\""),
                        format!(
                            "table `{title}`: row {} has {} cells, the header has {}",
                            i + 1,
                            r.len(),
                            header.len()
                        ),
                    ));
                }
            }
        }
        Scene::Diagram { title, art, .. } => {
            let lines: Vec<&str> = art.trim_matches('\n').lines().collect();
            if let Some(l) = lines.iter().find(|l| l.chars().count() > DIAGRAM_WIDTH) {
                errs.push(at(
                    &format!("\"{title}\""),
                    format!("diagram `{title}`: a line is {} columns wide, the most is {DIAGRAM_WIDTH}: `{l}`", l.chars().count()),
                ));
            }
            if lines.len() > DIAGRAM_HEIGHT {
                errs.push(at(
                    &format!("\"{title}\""),
                    format!(
                        "diagram `{title}` is {} lines tall, the most is {DIAGRAM_HEIGHT}",
                        lines.len()
                    ),
                ));
            }
        }
        Scene::Demo {
            title, org, steps, ..
        } => {
            let start = match org.as_ref().or(lesson.org.as_ref()) {
                Some(name) => super::schema::Setup::Org(name.clone()),
                None => super::schema::Setup::Commands(Vec::new()),
            };
            match goals::build(&start, orgs) {
                Err(m) => errs.push(at(&format!("\"{title}\""), format!("demo `{title}`: {m}"))),
                Ok(mut shell) => {
                    for step in steps {
                        let o = shell.run(&step.run);
                        if o.ok == step.fails {
                            let what = if step.fails {
                                "was meant to fail but succeeded".to_string()
                            } else {
                                format!("failed: {}", o.stderr.trim())
                            };
                            errs.push(at(
                                &step.run.chars().take(40).collect::<String>(),
                                format!(
                                    "demo `{title}`: step `{}` {what}",
                                    step.run.lines().next().unwrap_or("")
                                ),
                            ));
                            break;
                        }
                    }
                }
            }
        }
        Scene::LabIntro { lab } => {
            if !lab_ids.contains(&lab.as_str()) {
                errs.push(at(
                    &format!("\"{lab}\""),
                    format!("there is no lab `{lab}` in this lesson"),
                ));
            }
        }
        Scene::Prose { .. } | Scene::Callout { .. } | Scene::Takeaways { .. } => {}
    }
}

/// Checks one question; for a decide question, the engine's answer.
fn check_question(
    q: &Question,
    lesson: &Lesson,
    orgs: OrgSource<'_>,
) -> Result<Option<Decision>, String> {
    let _ = lesson;
    if q.explanation.trim().is_empty() {
        return Err("it has no explanation".into());
    }
    match &q.kind {
        QuestionKind::ChooseOne { options } | QuestionKind::ChooseMany { options } => {
            let correct = options.iter().filter(|o| o.correct).count();
            let one = matches!(q.kind, QuestionKind::ChooseOne { .. });
            if options.len() < 2 {
                return Err("it needs at least two options".into());
            }
            if one && correct != 1 {
                return Err(format!(
                    "a ChooseOne question needs exactly one correct option, it has {correct}"
                ));
            }
            if !one && correct == 0 {
                return Err("a ChooseMany question needs at least one correct option".into());
            }
            if let Some(o) = options
                .iter()
                .find(|o| !o.correct && o.why_not.as_deref().is_none_or(|w| w.trim().is_empty()))
            {
                return Err(format!("the wrong option `{}` has no why_not", o.text));
            }
        }
        QuestionKind::TrueFalse { why_not, .. } => {
            if why_not.trim().is_empty() {
                return Err("why_not is empty".into());
            }
        }
        QuestionKind::ShortAnswer { accept } => {
            if accept.iter().all(|a| a.trim().is_empty()) {
                return Err("it accepts no answer".into());
            }
        }
        QuestionKind::Order { items } => {
            if items.len() < 2 {
                return Err("an Order question needs at least two items".into());
            }
        }
        QuestionKind::Spot(spot) => {
            if spot.options.len() < 2 {
                return Err("a Spot question needs at least two options".into());
            }
            let (flagged, _, _) = goals::spot(spot, orgs)?;
            let named: Vec<&str> = spot
                .options
                .iter()
                .zip(&flagged)
                .filter(|(_, f)| **f)
                .map(|(o, _)| o.as_str())
                .collect();
            if named.len() != 1 {
                return Err(format!(
                    "the advisor must flag exactly one option, and it flags {}: {}",
                    named.len(),
                    if named.is_empty() {
                        "none".to_string()
                    } else {
                        named.join(", ")
                    }
                ));
            }
        }
        QuestionKind::Decide(d) => {
            check_action(&d.action)?;
            let (_, evaluation) = goals::decide(d, orgs)?;
            return Ok(Some(evaluation.decision));
        }
    }
    Ok(None)
}

/// Action names must be real: a typo would make a question silently wrong.
fn check_action(action: &str) -> Result<(), String> {
    if action.contains(['*', '?']) || catalog::catalog().action(action).is_some() {
        return Ok(());
    }
    let hint = catalog::catalog()
        .nearest(action)
        .map(|n| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default();
    Err(format!("`{action}` is not an AWS action{hint}"))
}

fn checks_in(check: &Check, out: &mut Vec<String>) {
    match check {
        Check::Access { action, .. } | Check::NewMemberAccess { action, .. } => {
            out.push(action.clone())
        }
        Check::All(list) => list.iter().for_each(|c| checks_in(c, out)),
        _ => {}
    }
}

/// Advisor rule ids a check names, so a typo is caught before anyone plays.
fn rules_in(check: &Check, out: &mut Vec<String>) {
    match check {
        Check::AdvisorQuiet(rules) => out.extend(rules.iter().cloned()),
        Check::All(list) => list.iter().for_each(|c| rules_in(c, out)),
        _ => {}
    }
}

/// Replays a lab: the start must miss a goal, the solution must meet all.
pub fn check_lab(lab: &Lab, orgs: OrgSource<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    if lab.goals.is_empty() {
        problems.push("it has no goals".to_string());
    }
    if lab.hints.is_empty() {
        problems.push("it has no hints".to_string());
    }
    for g in &lab.goals {
        let mut actions = Vec::new();
        checks_in(&g.check, &mut actions);
        for a in actions {
            if let Err(m) = check_action(&a) {
                problems.push(format!("goal `{}`: {m}", g.text));
            }
        }
        let mut rules = Vec::new();
        rules_in(&g.check, &mut rules);
        if let Err(m) = goals::parse_rules(&rules) {
            problems.push(format!("goal `{}`: {m}", g.text));
        }
    }
    let mut shell = match goals::build(&lab.start, orgs) {
        Ok(s) => s,
        Err(m) => {
            problems.push(format!("the start state cannot be built: {m}"));
            return problems;
        }
    };
    // Goals tell a user deleted since the start from one not made yet.
    let start = shell.org.clone();
    let missed_at_start = lab
        .goals
        .iter()
        .any(|g| !goals::met(&shell.org, &shell.home, &g.check).unwrap_or(false));
    if !missed_at_start {
        problems.push("the start state already meets every goal".to_string());
    }
    for cmd in &lab.solution {
        let o = shell.run(cmd);
        if !o.ok {
            problems.push(format!(
                "solution command `{}` failed: {}",
                cmd.lines().next().unwrap_or(""),
                o.stderr.trim()
            ));
            return problems;
        }
    }
    for g in &lab.goals {
        let verdict = super::goal_report::judge(&shell.org, &shell.home, &g.check, Some(&start));
        match verdict {
            Ok(v) if v.met => {}
            Ok(v) => problems.push(format!(
                "after the solution, goal `{}` is not met: {}",
                g.text,
                v.lines.first().map_or("", String::as_str)
            )),
            Err(m) => problems.push(format!(
                "after the solution, goal `{}` cannot be decided: {m}",
                g.text
            )),
        }
    }
    if let Some(par) = lab.par
        && (par as usize) > lab.solution.len()
    {
        problems.push(format!(
            "par is {par} but the reference solution takes {} commands",
            lab.solution.len()
        ));
    }
    problems
}

/// The embedded course, checked against the embedded organizations.
pub fn check_embedded() -> Report {
    let files: Vec<(String, String)> = super::embedded::LESSONS
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    check(&files, &|name| {
        super::embedded::org(name).map(str::to_string)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(id: &str, prompt: &str, review_of: Option<&str>) -> String {
        let review = review_of
            .map(|r| format!("\n            review_of: \"{r}\","))
            .unwrap_or_default();
        format!(
            "        Question(\n            id: \"{id}\",\n            topic: \"t\",\n            \
             prompt: \"{prompt}\",\n            kind: ShortAnswer(accept: [\"x\"]),\n            \
             explanation: \"e\",{review}\n        )"
        )
    }

    fn lesson(number: u32, questions: &[String]) -> (String, String) {
        (
            format!("0{number}-l.ron"),
            format!(
                "Lesson(\n    id: \"l{number}\",\n    number: {number},\n    title: \"t\",\n    \
                 summary: \"s\",\n    scenes: [],\n    checkpoint: [\n{}\n    ],\n)\n",
                questions.join(",\n")
            ),
        )
    }

    fn run(files: &[(String, String)]) -> Report {
        check(files, &|_| None)
    }

    #[test]
    fn a_review_names_an_earlier_question() {
        let files = [
            lesson(1, &[question("a", "What is a user?", None)]),
            lesson(
                2,
                &[
                    question("b", "What is a user, again?", Some("a")),
                    question("c", "What is a group?", Some("nowhere")),
                    question("d", "What is a role?", Some("d")),
                    question("e", "What is a policy?", Some("f")),
                    question("f", "What is a boundary?", None),
                ],
            ),
        ];
        let r = run(&files);
        let errors: Vec<String> = r.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 3, "{errors:#?}");
        let e = &r.errors[0];
        assert_eq!((e.file.as_str(), e.line, e.col), ("02-l.ron", 22, 13));
        assert_eq!(
            e.message,
            "question `c`: `review_of` names `nowhere`, which is not a question of the course"
        );
        assert_eq!(
            e.source_line.as_deref(),
            Some("            review_of: \"nowhere\",")
        );
        assert_eq!(
            r.errors[1].message,
            "question `d` is marked as a review of itself"
        );
        assert!(
            r.errors[2]
                .message
                .starts_with("question `e`: `review_of` names `f`, which comes later"),
            "{}",
            r.errors[2].message
        );
        assert_eq!(r.lint.figures.reviews, 4);
    }

    #[test]
    fn lint_findings_are_warnings_unless_strict() {
        let files = [lesson(
            1,
            &[
                question("a", "How many access keys can a user have?", None),
                question("b", "How many access keys can a user have?", None),
            ],
        )];
        let r = run(&files);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(r.lint.findings.len(), 1, "one near-duplicate pair");
        assert!(!r.fails(false));
        assert!(r.fails(true));
        let counts = "1 lesson, 2 questions (0 decide, 0 spot), 0 labs, 0 interview cards";
        assert_eq!(r.summary(), format!("{counts}: ok, 1 lint warning"));
        assert_eq!(
            r.summary_as(true),
            format!("{counts}: 1 error (1 from the lint)")
        );
        let clean = run(&[lesson(1, &[question("a", "What is a user?", None)])]);
        assert!(!clean.fails(true));
        assert!(clean.summary_as(true).ends_with(": ok"));
    }
}
